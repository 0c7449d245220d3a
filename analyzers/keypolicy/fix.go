package keypolicy

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// A fix is written in the syntax the policy is written in, so that it can
// be pasted as it is: JSON text, the HCL object of a jsonencode() call, a
// statement block of an aws_iam_policy_document, a CloudFormation YAML or
// JSON mapping. Values the configuration computes are written as the
// expressions that give them (${var.x}, ${data.aws_caller_identity...},
// !Sub "${AWS::AccountId}"); where the policy cannot name a value (a file
// read as it is, a trail of another module), the fix holds a blank that the
// message names.

// stmt is a policy statement a fix adds.
type stmt struct {
	sid       string
	principal [2]string // "Service" or "AWS", and the principal
	actions   []string
	conds     []cond
}

// cond is one condition of a statement: test, key and value (which may
// hold holes).
type cond struct{ test, key, value string }

// byTest groups conditions by test, in order: a policy holds each test once,
// with all its keys (a second "StringLike" would replace the first).
func byTest(cs []cond) [][]cond {
	var out [][]cond
	at := map[string]int{}
	for _, c := range cs {
		i, ok := at[c.test]
		if !ok {
			i = len(out)
			at[c.test] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], c)
	}
	return out
}

// writer renders values and statements in one syntax.
type writer struct {
	form graph.Form
	cfn  bool
	// data are the data sources the key's module declares; missing
	// collects those a fix refers to that it does not.
	data    map[string]string
	missing map[string]bool
	// blanks are the placeholders a fix holds, which the user replaces: a
	// policy file is read as it is, without interpolation, and a key's
	// module cannot name the values of a trail of another module.
	blanks []string
	// keyRoot is the Terraform root module of the key; elsewhere is set
	// while a value of a trail of another module instance is written, whose
	// variables and locals the key's module cannot name.
	keyRoot   string
	elsewhere bool
	// alias is the provider alias the key is created with ("aws.audit"),
	// whose data sources speak for its account; "" for the default.
	// inModule is set for a key in a module, whose provider names are its
	// own.
	alias    string
	inModule bool
}

func (c *check) writer() *writer {
	root, _, _ := strings.Cut(c.key.ID, ":")
	w := &writer{form: policyForm(c.pol, c.key), cfn: c.key.Format == graph.CloudFormation, data: c.key.Data, missing: map[string]bool{},
		keyRoot: root, alias: providerAlias(c.key), inModule: len(c.key.Calls) > 0}
	if w.cfn && w.form != graph.FormTemplateJSON {
		w.form = graph.FormYAML
	}
	return w
}

// source names a data source of the key's module for a fix, for the
// provider configuration alias ("" for the default): the one the module
// declares, or one to declare, noted as missing.
func (w *writer) source(typ, attr, alias string) string {
	key := typ
	if alias != "" {
		key += "@" + alias
	}
	name := w.data[key]
	if name == "" {
		name = w.newName(typ, alias)
		w.missing[typ+"\x00"+alias] = true
	}
	return "${data." + typ + "." + name + "." + attr + "}"
}

// newName is the name of a data source to declare: "current" (or the
// alias's name), unless the module uses it already for another provider
// configuration.
func (w *writer) newName(typ, alias string) string {
	base := "current"
	if alias != "" {
		base = strings.TrimPrefix(alias, "aws.")
	}
	taken := map[string]bool{}
	for k, n := range w.data {
		if k == typ || strings.HasPrefix(k, typ+"@") {
			taken[n] = true
		}
	}
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// holeAlias is the provider alias a hole's value comes from ("account of
// provider aws.audit in ."), or the key's for a hole that names none.
func (w *writer) holeAlias(h *graph.HoleInfo) string {
	for _, p := range []string{"account of provider ", "region of provider ", "partition of provider "} {
		if rest, ok := strings.CutPrefix(h.Origin, p); ok {
			prov, _, _ := strings.Cut(rest, " ")
			if prov == "aws" || w.inModule {
				// In a module the names are the module's own: its default
				// configuration is whatever its caller passed.
				return ""
			}
			return prov
		}
	}
	return w.alias
}

// providerAlias is the alias of the provider configuration a Terraform key
// of a root module is created with, read from where its account comes from
// ("account of provider aws.audit in ."); "" for the default configuration
// and for a key in a module, where the names are the module's own.
func providerAlias(key *graph.Resource) string {
	if key.Format != graph.Terraform || len(key.Calls) > 0 || key.Account == nil || key.Account.Type != graph.String {
		return ""
	}
	h, ok := graph.WholeHole(key.Account.Str)
	if !ok {
		return ""
	}
	p, ok := strings.CutPrefix(h.Origin, "account of provider ")
	if !ok {
		return ""
	}
	p, _, _ = strings.Cut(p, " ")
	if p == "aws" {
		return ""
	}
	return p
}

// note says what a fix needs besides itself, for the message: the data
// sources it refers to that the key's module does not declare, and its
// blanks.
func (w *writer) note() string {
	var notes []string
	var decls []string
	for _, typ := range []string{"aws_caller_identity", "aws_partition", "aws_region"} {
		var aliases []string
		for k := range w.missing {
			if t, alias, _ := strings.Cut(k, "\x00"); t == typ {
				aliases = append(aliases, alias)
			}
		}
		sort.Strings(aliases)
		for _, alias := range aliases {
			if alias == "" {
				decls = append(decls, `data "`+typ+`" "`+w.newName(typ, "")+`" {}`)
			} else {
				decls = append(decls, `data "`+typ+`" "`+w.newName(typ, alias)+`" { provider = `+alias+` }`)
			}
		}
	}
	if len(decls) > 0 && !w.cfn {
		notes = append(notes, "It refers to "+strings.Join(decls, " and ")+", which the key's module does not declare: declare "+plural(len(decls), "it", "them")+" too.")
	}
	switch {
	case len(w.blanks) > 0 && w.form == graph.FormJSONFile:
		notes = append(notes, "The policy file is read as it is, without interpolation: replace "+strings.Join(w.blanks, ", ")+" with "+plural(len(w.blanks), "its value", "their values")+".")
	case len(w.blanks) > 0:
		notes = append(notes, "The trail is declared apart from the key (in another module, root module or template), where the key's policy cannot name its "+
			plural(len(w.blanks), "value", "values")+": replace "+strings.Join(w.blanks, ", ")+" with the trail's.")
	}
	return strings.Join(notes, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// blankName names the blank of a hole: by what it stands for where that is
// an account, region or partition, else by the expression it came from
// (VAR_TRAIL_NAME).
func blankName(h *graph.HoleInfo) string {
	switch h.Domain {
	case graph.DomainAccount:
		return "ACCOUNT_ID"
	case graph.DomainRegion:
		return "REGION"
	case graph.DomainPartition:
		return "PARTITION"
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(h.Origin) {
		switch {
		case 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// blank is the placeholder for a value the user must spell out.
func (w *writer) blank(name string) string {
	for _, b := range w.blanks {
		if b == name {
			return name
		}
	}
	w.blanks = append(w.blanks, name)
	return name
}

// text renders a string with holes: each hole becomes the expression that
// gives its value in the user's format, or "*" where nothing names it (a
// trail's name CloudFormation assigns), which makes the value a pattern.
func (w *writer) text(s string) (text string, pattern bool) {
	if !graph.HasHoles(s) && (w.cfn || w.form == graph.FormJSONFile || !strings.Contains(s, "{")) {
		return s, false
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		switch {
		case seg.Hole == nil && !w.cfn && w.form != graph.FormJSONFile:
			// Literal text is literal in HCL too: ${ and %{ escaped.
			b.WriteString(strings.NewReplacer("${", "$${", "%{", "%%{").Replace(seg.Text))
		case seg.Hole == nil:
			b.WriteString(seg.Text)
		default:
			e := w.holeExpr(seg.Hole)
			if e == "" {
				e, pattern = "*", true
			}
			b.WriteString(e)
		}
	}
	return b.String(), pattern
}

func (w *writer) holeExpr(h *graph.HoleInfo) string {
	if w.form == graph.FormJSONFile {
		switch h.Domain {
		case graph.DomainAccount:
			return w.blank("ACCOUNT_ID")
		case graph.DomainRegion:
			return w.blank("REGION")
		case graph.DomainPartition:
			return w.blank("PARTITION")
		case graph.DomainName:
			return ""
		}
		return w.blank(strings.ToUpper(strings.NewReplacer(".", "_", " ", "_").Replace(h.Origin)))
	}
	for _, p := range []string{"var.", "local.", "data.", "module.", "AWS::"} {
		if strings.HasPrefix(h.Origin, p) {
			if w.elsewhere && (p != "AWS::" || !w.cfn) {
				return w.blank(blankName(h))
			}
			return "${" + h.Origin + "}"
		}
	}
	if !w.cfn && w.foreign(h.Origin) {
		switch h.Domain {
		case graph.DomainAccount:
			return w.blank("ACCOUNT_ID")
		case graph.DomainRegion:
			return w.blank("REGION")
		case graph.DomainPartition:
			return w.blank("PARTITION")
		}
	}
	switch h.Domain {
	case graph.DomainAccount:
		if w.cfn {
			return "${AWS::AccountId}"
		}
		return w.source("aws_caller_identity", "account_id", w.holeAlias(h))
	case graph.DomainRegion:
		if w.cfn {
			return "${AWS::Region}"
		}
		// .name works with every provider version; v6 prefers .region but
		// keeps .name, while v5 has no .region.
		return w.source("aws_region", "name", w.holeAlias(h))
	case graph.DomainPartition:
		if w.cfn {
			return "${AWS::Partition}"
		}
		return w.source("aws_partition", "partition", w.holeAlias(h))
	}
	return ""
}

// foreign reports whether a hole stands for the account, region or
// partition of a provider configuration of another root module than the
// key's ("account of provider aws in audit"): the key's module has no data
// source that gives it.
func (w *writer) foreign(origin string) bool {
	for _, p := range []string{"account of provider ", "region of provider ", "partition of provider "} {
		if rest, ok := strings.CutPrefix(origin, p); ok {
			root := "."
			if i := strings.LastIndex(rest, " in "); i >= 0 {
				root = rest[i+len(" in "):]
			}
			return root != w.keyRoot
		}
	}
	return false
}

// value renders a rendered text as a value of the syntax: quoted, and in
// CloudFormation with Fn::Sub when it holds ${...}.
func (w *writer) value(s string) string {
	sub := w.cfn && strings.Contains(s, "${")
	switch {
	case sub && w.form == graph.FormTemplateJSON:
		return `{"Fn::Sub": ` + quote(s) + `}`
	case sub:
		return "!Sub " + quote(s)
	}
	return quote(s)
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// statement renders one statement, indented by ind.
func (w *writer) statement(s stmt, ind string) string {
	var lines []string
	add := func(format string, a ...string) {
		line := format
		for _, x := range a {
			line = strings.Replace(line, "%s", x, 1)
		}
		lines = append(lines, ind+line)
	}
	actions := func(sep string) string {
		q := make([]string, len(s.actions))
		for i, a := range s.actions {
			q[i] = quote(a)
		}
		if len(q) == 1 {
			return q[0]
		}
		return "[" + strings.Join(q, sep) + "]"
	}
	switch w.form {
	case graph.FormPolicyDocument:
		add("statement {")
		add(`  sid       = %s`, quote(s.sid))
		add(`  effect    = "Allow"`)
		add(`  actions   = [%s]`, strings.Trim(actions(", "), "[]"))
		add(`  resources = ["*"]`)
		add(`  principals {`)
		add(`    type        = %s`, quote(s.principal[0]))
		add(`    identifiers = [%s]`, quote(s.principal[1]))
		add(`  }`)
		for _, c := range s.conds {
			add(`  condition {`)
			add(`    test     = %s`, quote(c.test))
			add(`    variable = %s`, quote(c.key))
			add(`    values   = [%s]`, quote(c.value))
			add(`  }`)
		}
		add("}")
	case graph.FormJSONEncode:
		add("{")
		add(`  Sid       = %s`, quote(s.sid))
		add(`  Effect    = "Allow"`)
		add(`  Principal = { %s = %s }`, s.principal[0], quote(s.principal[1]))
		add(`  Action    = %s`, actions(", "))
		add(`  Resource  = "*"`)
		if len(s.conds) > 0 {
			add(`  Condition = {`)
			for _, g := range byTest(s.conds) {
				var kv []string
				for _, c := range g {
					kv = append(kv, quote(c.key)+" = "+quote(c.value))
				}
				add(`    %s = { %s }`, g[0].test, strings.Join(kv, ", "))
			}
			add(`  }`)
		}
		add("},")
	case graph.FormYAML:
		add("- Sid: %s", s.sid)
		add("  Effect: Allow")
		add("  Principal:")
		add("    %s: %s", s.principal[0], w.value(s.principal[1]))
		if len(s.actions) == 1 {
			add("  Action: %s", quote(s.actions[0]))
		} else {
			add("  Action:")
			for _, a := range s.actions {
				add("    - %s", quote(a))
			}
		}
		add(`  Resource: "*"`)
		if len(s.conds) > 0 {
			add("  Condition:")
			for _, g := range byTest(s.conds) {
				add("    %s:", g[0].test)
				for _, c := range g {
					add("      %s: %s", quote(c.key), w.value(c.value))
				}
			}
		}
	default: // JSON text, or a CloudFormation JSON template
		add("{")
		add(`  "Sid": %s,`, quote(s.sid))
		add(`  "Effect": "Allow",`)
		add(`  "Principal": {%s: %s},`, quote(s.principal[0]), w.value(s.principal[1]))
		add(`  "Action": %s,`, actions(", "))
		if len(s.conds) == 0 {
			add(`  "Resource": "*"`)
		} else {
			add(`  "Resource": "*",`)
			add(`  "Condition": {`)
			groups := byTest(s.conds)
			for i, g := range groups {
				sep := ","
				if i == len(groups)-1 {
					sep = ""
				}
				var kv []string
				for _, c := range g {
					kv = append(kv, quote(c.key)+": "+w.value(c.value))
				}
				add(`    %s: {%s}`+sep, quote(g[0].test), strings.Join(kv, ", "))
			}
			add(`  }`)
		}
		add("}")
	}
	return strings.Join(lines, "\n")
}

// policy renders a whole key policy of statements, as the value of the
// key's policy property.
func (w *writer) policy(ss []stmt) string {
	var parts []string
	switch w.form {
	case graph.FormYAML:
		for _, s := range ss {
			parts = append(parts, w.statement(s, "    "))
		}
		return "KeyPolicy:\n  Version: \"2012-10-17\"\n  Statement:\n" + strings.Join(parts, "\n")
	case graph.FormTemplateJSON:
		for _, s := range ss {
			parts = append(parts, w.statement(s, "    "))
		}
		return "\"KeyPolicy\": {\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + strings.Join(parts, ",\n") + "\n  ]\n}"
	}
	form := w.form
	w.form = graph.FormJSONEncode // the idiom for a key's policy
	for _, s := range ss {
		parts = append(parts, w.statement(s, "    "))
	}
	w.form = form
	return "policy = jsonencode({\n  Version = \"2012-10-17\"\n  Statement = [\n" + strings.Join(parts, "\n") + "\n  ]\n})"
}

// policyForm is the syntax of the key's policy, or of the policy property
// the key lacks: jsonencode in Terraform, the template's in CloudFormation.
func policyForm(p *analyzers.PolicyInfo, key *graph.Resource) graph.Form {
	if p.Attr != nil {
		return p.Attr.Form
	}
	if key.Format == graph.CloudFormation {
		return key.Prop(graph.PropPolicy).Form
	}
	return graph.FormJSONEncode
}

// grants are the statements CloudTrail needs on the key: for a trail,
// DescribeKey and GenerateDataKey* scoped to the trail (to the account's
// trails of its region when CloudFormation names the trail); for an event
// data store, GenerateDataKey and Decrypt.
func (c *check) grants(w *writer) []stmt {
	svc := [2]string{"Service", cloudtrail}
	if c.edsKey {
		return []stmt{{sid: "AllowCloudTrailLake", principal: svc, actions: []string{"kms:GenerateDataKey", "kms:Decrypt"}}}
	}
	w.elsewhere = c.elsewhere()
	defer func() { w.elsewhere = false }()
	arn, pattern := w.text(w.arn(c.arn))
	test := "StringEquals"
	if pattern {
		test = "StringLike"
	}
	trails, _ := w.text(w.arn(accountTrails(c)))
	return []stmt{
		{sid: c.sid("AllowCloudTrailDescribeKey"), principal: svc, actions: []string{"kms:DescribeKey"},
			conds: []cond{{test, "aws:SourceArn", arn}}},
		{sid: c.sid("AllowCloudTrailEncrypt"), principal: svc, actions: []string{"kms:GenerateDataKey*"},
			conds: []cond{{test, "aws:SourceArn", arn}, {"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", trails}}},
	}
}

// reader lets a role of the trail's account decrypt its log files.
func (c *check) reader(w *writer) stmt {
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = p.Str
	}
	w.elsewhere = c.elsewhere()
	role, _ := w.text(w.arn("arn:" + part + ":iam::" + c.acct + ":role/LOG_READER_ROLE"))
	w.elsewhere = false
	return stmt{sid: c.sid("AllowLogReaders"), principal: [2]string{"AWS", role}, actions: []string{"kms:Decrypt"},
		conds: []cond{{"Null", "kms:EncryptionContext:aws:cloudtrail:arn", "false"}}}
}

// admin is the statement of the default key policy: the key's account
// manages the key through IAM. A policy that left it out would lock the
// account out of its key.
func (c *check) admin(w *writer) stmt {
	k := c.key
	root, _ := w.text(w.arn("arn:" + holeOr(k.Partition, graph.DomainPartition, "AWS partition") + ":iam::" +
		holeOr(k.Account, graph.DomainAccount, "account of "+k.Address) + ":root"))
	return stmt{sid: "EnableIAMUserPermissions", principal: [2]string{"AWS", root}, actions: []string{"kms:*"}}
}

// whole is the policy to give a key that has none: the default policy's
// statement and what CloudTrail needs, and, with readers, a reader
// statement (whose role the user names: a grant's fix leaves it out, so
// that it deploys as it is).
func (c *check) whole(w *writer, readers bool) string {
	ss := append([]stmt{c.admin(w)}, c.grants(w)...)
	if readers && !c.edsKey {
		ss = append(ss, c.reader(w))
	}
	return w.policy(ss)
}

// grantFix is the statement that gives CloudTrail what n needs, or the
// whole policy for a key that has none, and what the fix needs besides.
func grantFix(c *check, n *need) (fix, note string) {
	w := c.writer()
	switch g := c.grants(w); {
	case c.pol.Default:
		fix = c.whole(w, false)
	case c.edsKey || n.rule == "TL010":
		fix = w.statement(g[0], "")
	default:
		fix = w.statement(g[1], "")
	}
	return fix, w.note()
}

// readerFix is the reader statement, or the whole policy for a key that has
// none.
func readerFix(c *check) (fix, note string) {
	w := c.writer()
	if c.pol.Default {
		return c.whole(w, true), w.note()
	}
	return w.statement(c.reader(w), ""), w.note()
}

// elsewhere reports whether the trail is in another Terraform module
// instance than the key: another root, or another chain of module calls.
func (c *check) elsewhere() bool {
	if c.key.Format != c.u.Trail.Format {
		return true // the other format's expressions mean nothing here
	}
	if c.key.Format != graph.Terraform {
		return false
	}
	tr, _, _ := strings.Cut(c.u.Trail.ID, ":")
	kr, _, _ := strings.Cut(c.key.ID, ":")
	return tr != kr || !slices.Equal(c.u.Trail.Calls, c.key.Calls)
}

// arn writes an ARN's partition as CloudFormation's pseudo parameter: the
// loader assumes the commercial partition, which the template may not.
func (w *writer) arn(s string) string {
	if rest, ok := strings.CutPrefix(s, "arn:aws:"); ok && w.cfn {
		return "arn:${AWS::Partition}:" + rest
	}
	return s
}

// sid names a statement a fix adds after the trail, so that the fixes of
// two trails sharing a key do not collide, and apart from the statements
// the policy has. A Sid holds letters and digits only: a name that loses
// other characters, or has none, is told apart by a short hash of the
// trail's address.
func (c *check) sid(base string) string {
	// The trail's name, or, when only deploying tells it, its logical ID
	// or the last part of its address.
	raw := c.u.Trail.Address[strings.LastIndexByte(c.u.Trail.Address, '.')+1:]
	if name := c.u.Trail.Prop(graph.PropName).Value; name != nil && name.Type == graph.String && !graph.HasHoles(name.Str) {
		raw = trailName(c.u.Trail)
	}
	exact := raw != ""
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool {
		ok := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		exact = exact && ok
		return !ok
	}) {
		base += strings.ToUpper(part[:1]) + part[1:]
	}
	if !exact {
		h := fnv.New32a()
		// The address, not the ID: the ID holds the path from the scan
		// root, and the fix must not depend on where the scan starts.
		_, _ = h.Write([]byte(c.u.Trail.Address))
		base += fmt.Sprintf("%06x", h.Sum32()&0xffffff)
	}
	taken := map[string]bool{}
	if c.pol.Doc != nil {
		for _, s := range c.pol.Doc.Statements {
			taken[s.Sid] = true
		}
	}
	sid := base
	for i := 2; taken[sid]; i++ {
		sid = fmt.Sprintf("%s%d", base, i)
	}
	return sid
}

// exemptFix is what keeps a Deny from applying to CloudTrail: a Deny
// applies only when all its conditions hold, and only CloudTrail's own
// requests carry this service name. A condition operator appears once in a
// statement, so where the Deny has StringNotEquals the key joins it.
func exemptFix(c *check, n *need) (fix, todo string) {
	w := c.writer()
	// What the Denies that apply have: every one StringNotEquals (the key
	// joins it), none any condition (a Condition element), or otherwise.
	all, none, listed := true, true, true
	for _, st := range n.result.Denied {
		has, keyed := false, false
		for _, cd := range st.Conditions {
			none = false
			if strings.EqualFold(cd.Operator, "StringNotEquals") {
				has = true
				keyed = keyed || strings.EqualFold(cd.Key, "aws:PrincipalServiceName")
			}
		}
		all = all && has
		listed = listed && keyed
	}
	one := len(n.result.Denied) == 1
	key, svc := quote("aws:PrincipalServiceName"), quote(cloudtrail)
	if listed && w.form != graph.FormPolicyDocument {
		// The key is there already, for other services: a second one would
		// replace it; the value joins its list.
		todo = "Exempt CloudTrail from that Deny by adding the value below to the aws:PrincipalServiceName values of its StringNotEquals condition (a list, if it holds one service)."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the value below to the aws:PrincipalServiceName values of the StringNotEquals condition of each (a list, if it holds one service)."
		}
		return svc, todo
	}
	pair := key + ": " + svc
	if w.form == graph.FormJSONEncode {
		pair = key + " = " + svc
	}
	switch {
	case w.form == graph.FormPolicyDocument:
		todo = "Exempt CloudTrail from that Deny by adding the condition block below to its statement."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the condition block below to each of their statements."
		}
		return "condition {\n  test     = \"StringNotEquals\"\n  variable = " + key + "\n  values   = [" + svc + "]\n}", todo
	case all:
		todo = "Exempt CloudTrail from that Deny by adding the key below to its StringNotEquals condition."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the key below to the StringNotEquals condition of each."
		}
		return pair, todo
	}
	var op string
	switch w.form {
	case graph.FormJSONEncode:
		op = "StringNotEquals = { " + pair + " }"
	case graph.FormYAML:
		op = "StringNotEquals:\n  " + pair
	default:
		op = quote("StringNotEquals") + ": {" + pair + "}"
	}
	if !one {
		return op, "Exempt CloudTrail from each of those Denies: add the condition below to its Condition (a Condition of its own if it has none), or only its key to a StringNotEquals it has already."
	}
	if !none {
		return op, "Exempt CloudTrail from that Deny by adding the condition below to its Condition."
	}
	todo = "Exempt CloudTrail from that Deny by adding the condition below to it."
	switch w.form {
	case graph.FormJSONEncode:
		return "Condition = {\n  " + op + "\n}", todo
	case graph.FormYAML:
		return "Condition:\n  " + strings.ReplaceAll(op, "\n", "\n  "), todo
	}
	return quote("Condition") + ": {" + op + "}", todo
}

// accountTrails is the pattern of every trail of the trail's account.
func accountTrails(c *check) string {
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = p.Str
	}
	return "arn:" + part + ":cloudtrail:*:" + c.acct + ":trail/*"
}
