// Package keypolicy holds the rules that prove, from the key policy, whether
// CloudTrail can use a trail's key and whether anyone can read the logs:
// TL010-TL013, and TL030 for what cannot be decided statically.
package keypolicy

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/policy"
)

var (
	//go:embed docs/TL010.md
	docTL010 string
	//go:embed docs/TL011.md
	docTL011 string
	//go:embed docs/TL012.md
	docTL012 string
	//go:embed docs/TL013.md
	docTL013 string
	//go:embed docs/TL030.md
	docTL030 string
)

// Describe is TL010.
var Describe = &analyzers.Analyzer{
	Name:             "TL010",
	Title:            "The key policy does not let CloudTrail describe the key (trails) or decrypt with it (event data stores)",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL010 },
	Tags:             []string{"security", "cloudtrail", "kms", "key-policy", "CIS-3.5"},
	Precision:        "high",
	SecuritySeverity: "7.5",
	Run:              func(p *analyzers.Pass) { runGrant(p, "TL010") },
	Merge:            merge,
}

// Encrypt is TL011.
var Encrypt = &analyzers.Analyzer{
	Name:             "TL011",
	Title:            "The key policy does not let CloudTrail encrypt with the key (kms:GenerateDataKey*)",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL011 },
	Tags:             []string{"security", "cloudtrail", "kms", "key-policy", "CIS-3.5"},
	Precision:        "high",
	SecuritySeverity: "7.5",
	Run:              func(p *analyzers.Pass) { runGrant(p, "TL011") },
	Merge:            merge,
}

// Readers is TL012.
var Readers = &analyzers.Analyzer{
	Name:             "TL012",
	Title:            "The key policy names no reader of the trail's log files",
	Severity:         analyzers.Warning,
	Doc:              func() string { return docTL012 },
	Tags:             []string{"security", "cloudtrail", "kms", "key-policy"},
	Precision:        "high",
	SecuritySeverity: "4.0",
	Run:              runReaders,
	Merge:            merge,
}

// Scope is TL013.
var Scope = &analyzers.Analyzer{
	Name:             "TL013",
	Title:            "The key policy lets CloudTrail encrypt for any trail in any account",
	Severity:         analyzers.Warning,
	Doc:              func() string { return docTL013 },
	Tags:             []string{"security", "cloudtrail", "kms", "key-policy", "confused-deputy"},
	Precision:        "high",
	SecuritySeverity: "5.0",
	Run:              runScope,
	Merge:            merge,
}

// Unresolved is TL030.
var Unresolved = &analyzers.Analyzer{
	Name:             "TL030",
	Title:            "The trail's key or key policy cannot be resolved statically",
	Severity:         analyzers.Note,
	Doc:              func() string { return docTL030 },
	Tags:             []string{"cloudtrail", "kms"},
	Precision:        "medium",
	SecuritySeverity: "1.0",
	Run:              runUnresolved,
}

func runGrant(p *analyzers.Pass, rule string) {
	for _, c := range checks(p.Facts) {
		for _, n := range c.needs {
			if n.rule != rule || c.pol.Doc == nil || c.refused > 0 {
				continue
			}
			switch n.result.Decision {
			case policy.ImplicitDeny, policy.ExplicitDeny:
				reportGrant(p, c, n, nil)
			}
		}
	}
	for _, a := range alone(p.Facts) {
		for i, n := range a.own.needs {
			if n.rule == rule && a.refused(i) {
				reportGrant(p, a.own, n, a)
			}
		}
	}
}

// reportGrant reports that the policy of c's key refuses CloudTrail n: to
// the trails of c, or, for a key no trail of the scan uses (a not nil), to
// any trail.
func reportGrant(p *analyzers.Pass, c *check, n *need, a *aloneCheck) {
	why, stmts, role := reason(c, n, p.Facts.Meter())
	c.charged(p.Facts)
	at, holder := placeOf(c)
	aspect := "policy"
	var m *fixModel
	var text, todo string
	if n.result.Decision == policy.ExplicitDeny {
		// The Deny is what must change.
		text, todo = exemptFix(c, n)
		m = &fixModel{kind: textOnly, form: c.writer().form}
		if deny := n.result.Denied[0]; !deny.Range.IsZero() {
			at, aspect = deny.Range, "deny "+label(deny)
		}
	} else {
		m = grantModel(c, n)
		todo = addWhat(c)
		m.anchor, m.declAt = anchors(c, m)
	}
	if a != nil {
		if role == "excludes this trail" {
			role = "excludes every trail"
		}
		m.base = fmt.Sprintf("no trail can use %s: %s does not let %s call %s for any trail, whatever its name, home region or account (%s). %s %s",
			a.keyWords(), a.policyWords(c), cloudtrail, n.action, why, a.note(), todo)
	} else {
		m.base = fmt.Sprintf("%s cannot use key %s: %s does not let %s call %s for %s (%s). %s",
			analyzers.Trails, c.key.Address, policyWhere(c), cloudtrail, n.action, analyzers.Verb("it", "them"), why, todo)
	}
	d := analyzers.Diagnostic{
		Range:   at,
		Related: related(c, stmts, role),
		Fix:     text,
		Key:     analyzers.PlaceKey(n.rule, at, holder, aspect+":"+n.action),
	}
	m.apply(&d)
	report(p, c, a, d)
}

// report reports d about c: reached by c's trails, or, for a key no trail
// of the scan uses, about the key alone.
func report(p *analyzers.Pass, c *check, a *aloneCheck, d analyzers.Diagnostic) {
	if a == nil {
		d.Reach = []analyzers.Reach{analyzers.ReachOf(c.u)}
		p.Report(d)
		return
	}
	a.report(p, d)
}

// addWhat says what to do with a grant's fix.
func addWhat(c *check) string {
	switch {
	case c.pol.Default:
		return "Give the key the policy below: it keeps the account's access to the key and adds what CloudTrail needs."
	case policyForm(c.pol, c.key) == graph.FormPolicyDocument:
		return "Add the statement block below to the policy document."
	case policyForm(c.pol, c.key) == graph.FormTemplateFile && c.pol.Attr.Template != nil:
		return "Add the statement below to the template " + c.pol.Attr.Template.File + ", which renders the key policy."
	}
	return "Add the statement below to the key policy."
}

// readerAdvice is what the reader finding asks: a reader statement, in
// the template that renders the policy where one does, or a whole policy
// for a key without one.
func readerAdvice(c *check) string {
	where, what := "", ""
	switch {
	case c.pol.Default:
		what = ": the policy below has one, and keeps the account's access and adds what CloudTrail needs"
	case c.pol.Attr != nil && c.pol.Attr.Form == graph.FormTemplateFile && c.pol.Attr.Template != nil:
		where = " to the template " + c.pol.Attr.Template.File
	}
	return "Add a reader statement conditioned on the CloudTrail encryption context" + where + ", so that the key policy itself names who reads them" + what + "."
}

// reason explains a refusal: the Deny that applies, the Allow whose
// condition or resource excludes this trail or store, or no grant at all.
func reason(c *check, n *need, m *policy.Meter) (string, []*policy.Statement, string) {
	res := n.result
	if res.Decision == policy.ExplicitDeny {
		var parts []string
		for _, v := range res.Verdicts {
			if v.Applies == policy.Yes && v.Statement.Effect == policy.Deny {
				s := fmt.Sprintf("%s denies it", label(v.Statement))
				if len(v.Notes) > 0 {
					s += ": " + strings.Join(v.Notes, "; ")
				}
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; "), res.Denied, "denies it"
	}
	var parts []string
	var stmts []*policy.Statement
	for _, e := range res.Excluded {
		if e.Element == "principal" && e.Statement.GrantsAll("kms:*", m) == policy.Yes {
			continue // an administration statement for other principals says nothing about CloudTrail
		}
		part := fmt.Sprintf("%s would allow it, but its %s", label(e.Statement), e.Reason)
		if n.action == "kms:DescribeKey" && e.Condition != nil && strings.HasPrefix(strings.ToLower(e.Condition.Key), "kms:encryptioncontext") {
			part += "; DescribeKey carries no encryption context, so grant it in a statement of its own"
		}
		parts = append(parts, part)
		stmts = append(stmts, e.Statement)
	}
	if len(parts) == 0 {
		return "no statement grants " + n.grant + " to " + cloudtrail, nil, ""
	}
	if c.edsKey {
		return strings.Join(parts, "; "), stmts, "excludes this event data store"
	}
	return strings.Join(parts, "; "), stmts, "excludes this trail"
}

func label(s *policy.Statement) string {
	if s.Sid != "" {
		return fmt.Sprintf("statement %q", graph.Display(s.Sid))
	}
	return s.Label()
}

// runReaders reports trails whose key policy lets no principal but
// CloudTrail decrypt, so the logs are written and never readable.
func runReaders(p *analyzers.Pass) {
	for _, c := range checks(p.Facts) {
		if c.edsKey || c.pol.Doc == nil || c.refused > 0 {
			continue
		}
		reportReaders(p, c, nil)
	}
	for _, a := range alone(p.Facts) {
		if a.trailKey() {
			reportReaders(p, a.own, a)
		}
	}
}

// reportReaders reports c's key when it surely has no reader.
func reportReaders(p *analyzers.Pass, c *check, a *aloneCheck) {
	m := p.Facts.Meter()
	reader := hasReader(c, p.Facts)
	if c.charged(p.Facts) || reader {
		return // a reader, or one may be among what was not matched
	}
	admin := hasAdminStatement(c.pol.Doc, m)
	c.charged(p.Facts) // the finding stands; only its wording may lack what was not matched
	at, holder := placeOf(c)
	model := readerModel(c)
	model.anchor, model.declAt = anchors(c, model)
	whose := analyzers.Trails
	if a != nil {
		whose = "the trails that will use " + a.keyWords()
	}
	var said string
	if admin {
		// The account-root statement lets IAM policies grant Decrypt:
		// readers may exist, but only where trailint does not look.
		said = fmt.Sprintf("no statement of %s grants a reader kms:Decrypt on the log files of %s: its account-root kms:* statement only lets the account's IAM policies grant it, so who can read the logs depends on IAM policies trailint does not see.",
			policyOf(c, a), whose)
	} else {
		said = fmt.Sprintf("nobody can read the log files of %s: %s has no statement that lets a principal other than CloudTrail decrypt them, nor an account-root statement that would let IAM policies grant it.",
			whose, policyOf(c, a))
	}
	if a != nil {
		said += " " + a.note()
	}
	model.base = said + " " + readerAdvice(c)
	d := analyzers.Diagnostic{
		Range:   at,
		Related: related(c, nil, ""),
		Key:     analyzers.PlaceKey("TL012", at, holder, "readers"),
	}
	model.apply(&d)
	report(p, c, a, d)
}

// policyOf names c's policy for a finding about it: for a key no trail of
// the scan uses (a not nil), as that key's findings do.
func policyOf(c *check, a *aloneCheck) string {
	if a != nil {
		return a.policyWords(c)
	}
	return policyWhere(c)
}

// hasAdminStatement reports whether the document has the account-root
// kms:* statement that delegates the key to IAM.
func hasAdminStatement(d *policy.Document, m *policy.Meter) bool {
	for _, s := range d.Statements {
		if s.Effect == policy.Allow && isAdmin(s, m) {
			return true
		}
	}
	return false
}

func isAdmin(s *policy.Statement, m *policy.Meter) bool {
	return s.IsAccountRootOnly() && s.GrantsAll("kms:*", m) == policy.Yes
}

// hasReader reports whether some Allow statement may let a principal other
// than the CloudTrail service decrypt this trail's log files.
func hasReader(c *check, f *analyzers.Facts) bool {
	m := f.Meter()
	var routes []map[string][]string // the reader's request contexts, made once
	for _, s := range c.pol.Doc.Statements {
		if s.Effect != policy.Allow && s.Effect != policy.EffectUnknown {
			continue
		}
		if s.MayGrant("kms:Decrypt", m) == policy.No {
			continue
		}
		if s.Principal != nil && !s.Principal.All && len(s.Principal.AWS) == 0 &&
			len(s.Principal.Federated) == 0 && len(s.Principal.CanonicalUser) == 0 && s.Principal.Why == "" {
			continue // service principals only: CloudTrail itself, not a reader
		}
		if isAdmin(s, m) {
			continue // the administration statement delegates to IAM
		}
		if routes == nil {
			routes = readerContexts(c, f)
		}
		for _, ctx := range routes {
			if readerConditionsHold(c, s, ctx, m) {
				return true
			}
		}
	}
	return false
}

// readerContexts are the contexts in which KMS may be asked to decrypt this
// trail's log files for a reader: by S3, on the reader's behalf, when the
// reader gets a log file, or by the reader itself. S3 asks with a forward
// access session ("Forward access sessions", IAM User Guide): through
// kms:ViaService of the bucket's region, called via s3.amazonaws.com, with
// the encryption context S3 wrote the file with. The reader is any
// principal the statement names, so what trailint cannot know of it, its
// organization, is a hole.
func readerContexts(c *check, f *analyzers.Facts) []map[string][]string {
	direct := map[string][]string{
		"kms:EncryptionContext:aws:cloudtrail:arn": {c.arn},
		"kms:EncryptionContextKeys":                {"aws:cloudtrail:arn"},
		"kms:CallerAccount":                        {c.acct},
		"aws:PrincipalAccount":                     {c.acct},
		"aws:PrincipalOrgID":                       {graph.Hole(graph.DomainAny, "organization of the log reader")},
		"aws:PrincipalOrgPaths":                    {graph.Hole(graph.DomainAny, "organization path of the log reader")},
	}
	viaS3 := deliveryContext(direct, c.arn, s3ARN(f, c.u, c.part), "s3."+bucketRegion(c)+".amazonaws.com")
	viaS3["aws:ViaAWSService"] = []string{"true"}
	for _, k := range []string{"aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast"} {
		viaS3[k] = []string{"s3.amazonaws.com"}
	}
	return []map[string][]string{viaS3, direct}
}

// bucketRegion is the region of the trail's bucket: its own when it is
// declared, else the key's, which S3 requires to be the bucket's.
func bucketRegion(c *check) string {
	if b := c.u.Bucket; b != nil && b.Region != nil && b.Region.Type == graph.String && b.Region.Str != "" {
		return b.Region.Str
	}
	return holeOr(c.key.Region, graph.DomainRegion, "region of the bucket of "+c.u.Trail.Address)
}

// readerConditionsHold asks whether the statement's conditions can hold for
// a reader decrypting this trail's logs.
func readerConditionsHold(c *check, s *policy.Statement, ctx map[string][]string, m *policy.Meter) bool {
	principal := policy.Principal{AWS: "arn:aws:iam::" + c.acct + ":role/" + graph.Hole(graph.DomainName, "log reader")}
	if s.Principal != nil && len(s.Principal.AWS) > 0 && s.Principal.AWS[0] != "*" {
		principal = policy.Principal{AWS: s.Principal.AWS[0]}
	}
	doc := &policy.Document{Version: "2012-10-17", Statements: []*policy.Statement{s}}
	res := doc.Evaluate(policy.Request{
		Principal: principal,
		Action:    "kms:Decrypt",
		Context:   ctx,
	}, m)
	return res.Decision == policy.Allowed || res.Decision == policy.Undecided
}

// scopeKeys are the condition keys that can tie CloudTrail's use of the key
// to trails of the owner's account.
var scopeKeys = []string{"kms:EncryptionContext:aws:cloudtrail:arn", "aws:SourceArn", "aws:SourceAccount"}

// runScope reports trails whose key lets CloudTrail encrypt for a trail of
// any account. What decides is what the grant admits, not whether it has a
// condition: StringLike arn:aws:cloudtrail:*:*:trail/* is no scope. The
// finding is located at the grant, which must change.
func runScope(p *analyzers.Pass) {
	for _, c := range checks(p.Facts) {
		if c.edsKey || c.pol.Doc == nil || c.refused > 0 {
			continue
		}
		reportScope(p, c, nil)
	}
	for _, a := range alone(p.Facts) {
		if a.trailKey() {
			reportScope(p, a.own, a)
		}
	}
}

// reportScope reports the grant of c's key that lets CloudTrail encrypt
// for a trail of any account, if there is one.
func reportScope(p *analyzers.Pass, c *check, a *aloneCheck) {
	for _, n := range c.needs {
		if n.rule != "TL011" || n.result.Decision != policy.Allowed {
			continue
		}
		s := openGrant(c, n, p.Facts.Meter())
		if c.charged(p.Facts) || s == nil {
			return // scoped, or not decided
		}
		model, sns := scopeModel(c, s, p.Facts.Meter())
		// Who uses the key: the trails that reach the finding, or, for a
		// key alone, whatever trail will.
		users := fmt.Sprintf(", which %s %s", analyzers.Trails, analyzers.Verb("uses", "use"))
		uses := fmt.Sprintf(" (%s %s the key)", analyzers.Trails, analyzers.Verb("uses", "use"))
		where := "the key policy of " + c.key.Address
		if a != nil {
			users, uses, where = "", "", a.policyWords(c)
		}
		var msg string
		if conds := scopeConditions(s); len(conds) == 0 {
			msg = fmt.Sprintf("%s of %s lets %s call kms:GenerateDataKey* without a condition on kms:EncryptionContext:aws:cloudtrail:arn, aws:SourceArn or aws:SourceAccount: any trail in any account may encrypt with this key%s.",
				label(s), where, cloudtrail, users)
		} else {
			msg = fmt.Sprintf("%s of %s lets %s call kms:GenerateDataKey* for any trail in any account: %s the trails of every account, so it scopes nothing%s.",
				label(s), where, cloudtrail, admits(conds), uses)
		}
		if a != nil {
			msg += " " + a.note()
		}
		switch {
		case model.kind == replaceStatement && sns:
			msg += " It lets CloudTrail decrypt too, as CloudTrail's encrypted SNS notifications need, and SNS requests carry no CloudTrail encryption context: replace it with the statement below, scoped with aws:SourceArn to this account's trails."
		case model.kind == replaceStatement:
			msg += " Scope it to this account's trails: replace it with the statement below."
		case sns:
			msg += fmt.Sprintf(" It lets CloudTrail decrypt too, as CloudTrail's encrypted SNS notifications need, and SNS requests carry no CloudTrail encryption context: scope it with aws:SourceArn to this account's trails, as the statement below, in place of %s.", label(s))
		default:
			msg += fmt.Sprintf(" Scope the grant to this account's trails: take kms:GenerateDataKey* out of %s (or remove it, if it grants nothing else) and add the statement below.", label(s))
		}
		model.base = msg
		at, holder := placeOf(c)
		if !s.Range.IsZero() {
			at = s.Range
		}
		d := analyzers.Diagnostic{
			Range:   at,
			Related: related(c, []*policy.Statement{s}, "grants it to any trail"),
			Key:     analyzers.PlaceKey("TL013", at, holder, "open "+label(s)),
		}
		model.apply(&d)
		report(p, c, a, d)
		return
	}
}

// openGrant returns the statement that lets CloudTrail encrypt for a trail
// of another account as surely as for this one, or nil. The other trail has
// this one's name and region and an account of which nothing is known:
// a grant that allows it surely admits every account. Only the statements
// that grant this trail, and those that may deny, can decide that.
func openGrant(c *check, n *need, m *policy.Meter) *policy.Statement {
	other := graph.Hole(graph.DomainAccount, "another account")
	arn := "arn:" + c.part + ":cloudtrail:" + c.region + ":" + other + ":trail/" + trailName(c.u.Trail)
	req := n.req
	req.Context = maps.Clone(n.req.Context)
	req.Context["aws:SourceAccount"] = []string{other}
	req.Context["aws:SourceArn"] = []string{arn}
	req.Context["kms:EncryptionContext:aws:cloudtrail:arn"] = []string{arn}
	doc := &policy.Document{Version: c.pol.Doc.Version}
	for _, s := range c.pol.Doc.Statements {
		if s.Effect == policy.Deny || s.Effect == policy.EffectUnknown || slices.Contains(n.result.Allowed, s) {
			doc.Statements = append(doc.Statements, s)
		}
	}
	res := doc.Evaluate(req, m)
	if res.Decision != policy.Allowed {
		return nil
	}
	return res.Allowed[0]
}

// scopeConditions are the conditions of s on the keys that can scope it,
// in the order they are written.
func scopeConditions(s *policy.Statement) []policy.Condition {
	var out []policy.Condition
	for _, c := range s.Conditions {
		for _, k := range scopeKeys {
			if strings.EqualFold(c.Key, k) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// admits says that conds admit something: "its condition X admits", "its
// conditions X and Y admit".
func admits(conds []policy.Condition) string {
	words := make([]string, len(conds))
	for i := range conds {
		words[i] = conds[i].String()
	}
	if len(words) == 1 {
		return "its condition " + words[0] + " admits"
	}
	return "its conditions " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1] + " admit"
}

// runUnresolved says, for each trail whose key, policy or grants cannot be
// decided statically, which input would decide them.
func runUnresolved(p *analyzers.Pass) {
	for _, r := range p.Graph.OfKind(graph.KindTrail, graph.KindEventDataStore) {
		u := p.Facts.Usage(r)
		if u.MaybeNoKey {
			p.Report(analyzers.Diagnostic{
				Range: u.At(),
				Message: fmt.Sprintf("%s may have no customer managed KMS key: %s is absent in one of its alternatives (%s). If that branch can be taken, %s.",
					analyzers.Trails, u.KeyAttr.Name, orUnknown(u.KeyAttr.Value.Why), withoutKey(r)),
				Related: analyzers.Sources(r, u.KeyAttr),
				Key:     analyzers.PlaceKey("TL030", u.At(), r, "maybe-no-key"),
				Reach:   []analyzers.Reach{analyzers.ReachOf(u)},
			})
			continue // the condition is what is unknown; one note says it
		}
		if u.NoKey || len(u.Keys) > 0 {
			continue
		}
		var msg string
		switch {
		case u.Literal != "":
			msg = fmt.Sprintf("the key policy of %s cannot be checked: its key %s is not declared in the scanned files. Scan the configuration that creates the key too.",
				analyzers.Trails, graph.Display(u.Literal))
		default:
			msg = fmt.Sprintf("the key of %s cannot be resolved statically (%s), so its policy, region and settings are not checked. Give that input a value to check them.",
				analyzers.Trails, orUnknown(u.Unknown))
		}
		p.Report(analyzers.Diagnostic{Range: u.At(), Message: msg, Key: analyzers.PlaceKey("TL030", u.At(), r, "key"),
			Related: analyzers.Sources(r, u.KeyAttr), Reach: []analyzers.Reach{analyzers.ReachOf(u)}})
	}
	for _, c := range checks(p.Facts) {
		var msg string
		switch {
		case c.refused > 0:
			msg = fmt.Sprintf("the key policy of %s, used by %s, is not checked: it has at least %d characters, over the %d AWS KMS accepts, so AWS refuses it.",
				c.key.Address, analyzers.Trails, c.refused, policy.KeyPolicyQuota)
		case c.over:
			msg = fmt.Sprintf("the key policy of %s cannot be fully checked for %s: %s, and what was left to match is not decided.",
				c.key.Address, analyzers.Trails, budget.Message(budget.MatchWork, p.Facts.Meter().Limits()))
		case c.pol.Doc == nil:
			msg = fmt.Sprintf("the key policy of %s, used by %s, cannot be read statically (%s), so CloudTrail's access to the key is not checked.",
				c.key.Address, analyzers.Trails, orUnknown(c.pol.Unknown))
		default:
			// Calls undecided for one reason are said together.
			var reasons []string
			actions := map[string][]string{}
			var all []string
			for _, n := range c.needs {
				if n.result.Decision != policy.Undecided {
					continue
				}
				inputs, why := undecided(n)
				all = append(all, inputs...)
				reason := "is not decided: " + why
				if len(inputs) > 0 {
					reason = "depends on " + inputWords(inputs) + ": " + why
				}
				if actions[reason] == nil {
					reasons = append(reasons, reason)
				}
				actions[reason] = append(actions[reason], n.action)
			}
			if len(reasons) == 0 {
				continue
			}
			open := make([]string, len(reasons))
			for i, r := range reasons {
				open[i] = fmt.Sprintf("whether CloudTrail may call %s %s", strings.Join(actions[r], " and "), r)
			}
			msg = fmt.Sprintf("the key policy of %s cannot be fully checked for %s: %s.%s",
				c.key.Address, analyzers.Trails, strings.Join(open, "; "), c.settles(all))
		}
		p.Report(analyzers.Diagnostic{
			Range:   c.u.At(),
			Message: msg,
			Related: related(c, nil, ""),
			Key:     analyzers.PlaceKey("TL030", c.u.At(), c.u.Trail, "policy of "+analyzers.Local(c.key.Address)),
			Reach:   []analyzers.Reach{analyzers.ReachOf(c.u)},
		})
	}
}

// withoutKey says how a trail or event data store without a customer
// managed key is encrypted.
func withoutKey(r *graph.Resource) string {
	if r.Kind == graph.KindEventDataStore {
		return "its events are encrypted with a key that CloudTrail owns and manages, which you cannot control or audit"
	}
	return "its logs are encrypted only with S3-managed keys"
}

func orUnknown(s string) string {
	if s == "" {
		return "a value only known at deploy time"
	}
	return s
}
