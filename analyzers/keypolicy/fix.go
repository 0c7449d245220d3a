package keypolicy

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/fix"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// A fix is written in the syntax the policy is written in (package fix),
// so that it can be pasted as it is. Values the configuration computes are
// written as the expressions that give them (${var.x},
// ${data.aws_caller_identity...}, !Sub "${AWS::AccountId}"); in a template
// that templatefile() renders, as the template's own variables
// (${account_id}); where the policy cannot name a value (a file read as it
// is, a value no variable of the template gives, a trail of another
// module), the fix holds a blank that the message names.
//
// A fix for a key of a module is the module's, whichever instance the
// finding came from: a value one instance gives (its region, its trail's
// name passed by its caller) is written as what the module has that gives
// it (a data source, the variable the trail is named by), or as a
// pattern, never as that instance's value. So every instance that reaches
// the defect is covered, and naming the module's file alone (as
// pre-commit does, which evaluates the module as a root of its own) gives
// the same fix.

// writer turns values with holes into the expressions of the key's module.
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
	// keyDir is the directory of the key's module: text written there is
	// the same in every instance of the module.
	keyDir string
	// placeholder is set when a fix names something the user chooses (the
	// role that reads the logs).
	placeholder bool
	// tmpl is the template a policy of FormTemplateFile is rendered from.
	tmpl *graph.Template
}

func (c *check) writer() *writer {
	root, _, _ := strings.Cut(c.key.ID, ":")
	w := &writer{form: policyForm(c.pol, c.key), cfn: c.key.Format == graph.CloudFormation, data: c.key.Data, missing: map[string]bool{},
		keyRoot: root, alias: providerAlias(c.key), inModule: len(c.key.Calls) > 0, keyDir: path.Dir(c.key.Header.File)}
	if w.cfn && w.form != graph.FormTemplateJSON {
		w.form = graph.FormYAML
	}
	if w.form == graph.FormTemplateFile && c.pol.Attr != nil {
		w.tmpl = c.pol.Attr.Template
	}
	return w
}

// file reports whether the policy is text in a file of its own, where
// nothing of the module can be named: read as it is, or a template that
// names only its variables.
func (w *writer) file() bool {
	return w.form == graph.FormJSONFile || w.form == graph.FormTemplateFile
}

// byVar is the template variable that gives the text s, written as the
// template writes it: "${account_id}". Two variables of one value are
// told apart by name order, so that the fix does not depend on the order
// they are written in.
func (w *writer) byVar(s string) (string, bool) {
	if w.tmpl == nil || s == "" {
		return "", false
	}
	for _, v := range w.tmpl.Vars {
		if v.Value != nil && v.Value.Type == graph.String && v.Value.Str == s {
			return "${" + v.Name + "}", true
		}
	}
	// The partition of one provider configuration is, in practice, the
	// partition of all: a configuration whose providers span partitions
	// needs credentials of two partitions at once. A variable that gives
	// the partition of another provider (data.aws_partition.current.partition
	// beside a key of provider aws.log_archive) gives the key's.
	if onlyPartition(s) {
		for _, v := range w.tmpl.Vars {
			if v.Value != nil && v.Value.Type == graph.String && onlyPartition(v.Value.Str) {
				return "${" + v.Name + "}", true
			}
		}
	}
	return "", false
}

// onlyPartition reports whether s is one hole that stands for a partition.
func onlyPartition(s string) bool {
	segs := graph.Segments(s)
	return len(segs) == 1 && segs[0].Hole != nil && segs[0].Hole.Domain == graph.DomainPartition
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

// declared names a data source the key's module declares for its default
// provider configuration (or the key's alias), or "".
func (w *writer) declared(typ, attr string) string {
	key := typ
	if w.alias != "" {
		key += "@" + w.alias
	}
	if name := w.data[key]; name != "" {
		return "${data." + typ + "." + name + "." + attr + "}"
	}
	return ""
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
	if h.Provider == "" {
		return w.alias
	}
	if h.Provider == "aws" || w.inModule {
		// In a module the names are the module's own: its default
		// configuration is whatever its caller passed.
		return ""
	}
	return h.Provider
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
	if !ok || h.What != "account" || h.Provider == "aws" {
		return ""
	}
	return h.Provider
}

// notes are what a fix needs besides itself: the data sources it refers to
// that the key's module does not declare, and its blanks. They are kept
// apart so that the fix of findings merged into one says each once.
type notes struct {
	decls  []string // data "aws_caller_identity" "current" {}
	blanks []string
	file   bool // the blanks are in a policy file, read without interpolation
	// template is the file of a template the blanks are in, which names
	// values only by the variables it is passed.
	template string
	cfn      bool
	// placeholder is set when the fix names something the user chooses.
	placeholder bool
}

func (w *writer) notes() notes {
	var n notes
	n.cfn, n.file = w.cfn, w.form == graph.FormJSONFile
	if w.tmpl != nil {
		n.template = w.tmpl.File
	}
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
				n.decls = append(n.decls, `data "`+typ+`" "`+w.newName(typ, "")+`" {}`)
			} else {
				n.decls = append(n.decls, `data "`+typ+`" "`+w.newName(typ, alias)+`" { provider = `+alias+` }`)
			}
		}
	}
	n.blanks = slices.Clone(w.blanks)
	n.placeholder = w.placeholder
	return n
}

// join adds o's notes to n's.
func (n notes) join(o notes) notes {
	for _, d := range o.decls {
		if !slices.Contains(n.decls, d) {
			n.decls = append(n.decls, d)
		}
	}
	for _, b := range o.blanks {
		if !slices.Contains(n.blanks, b) {
			n.blanks = append(n.blanks, b)
		}
	}
	n.placeholder = n.placeholder || o.placeholder
	return n
}

// String says the notes for the message.
func (n notes) String() string {
	var out []string
	if len(n.decls) > 0 && !n.cfn {
		out = append(out, "It refers to "+strings.Join(n.decls, " and ")+", which the key's module does not declare: declare "+plural(len(n.decls), "it", "them")+" too.")
	}
	switch {
	case len(n.blanks) > 0 && n.template != "":
		out = append(out, "The template "+n.template+" is passed no variable that gives "+strings.Join(n.blanks, ", ")+": replace "+
			plural(len(n.blanks), "it with its value", "them with their values")+", or pass "+plural(len(n.blanks), "it", "them")+" to templatefile() as "+
			plural(len(n.blanks), "a variable", "variables")+" and write "+plural(len(n.blanks), "that variable", "those variables")+" (${name}) in "+plural(len(n.blanks), "its", "their")+" place.")
	case len(n.blanks) > 0 && n.file:
		out = append(out, "The policy file is read as it is, without interpolation: replace "+strings.Join(n.blanks, ", ")+" with "+plural(len(n.blanks), "its value", "their values")+".")
	case len(n.blanks) > 0:
		out = append(out, "The trail is declared apart from the key (in another module, root module or template), where the key's policy cannot name its "+
			plural(len(n.blanks), "value", "values")+": replace "+strings.Join(n.blanks, ", ")+" with the trail's.")
	}
	return strings.Join(out, " ")
}

// note is the writer's notes as a sentence.
func (w *writer) note() string { return w.notes().String() }

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
	if !slices.Contains(w.blanks, name) {
		w.blanks = append(w.blanks, name)
	}
	return name
}

// text renders a string with holes: each hole becomes the expression that
// gives its value in the user's format, or "*" where nothing names it (a
// trail's name CloudFormation assigns), which makes the value a pattern.
func (w *writer) text(s string) (text string, pattern bool) {
	if e, ok := w.byVar(s); ok {
		return e, false
	}
	if !graph.HasHoles(s) && (w.cfn || w.form == graph.FormJSONFile || !strings.Contains(s, "{")) {
		return s, false
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		if seg.Hole == nil {
			b.WriteString(w.literal(seg.Text))
			continue
		}
		e := w.holeExpr(seg.Hole)
		if e == "" {
			e, pattern = "*", true
		}
		b.WriteString(e)
	}
	return b.String(), pattern
}

// templateEscapes keep text literal where Terraform reads templates.
var templateEscapes = strings.NewReplacer("${", "$${", "%{", "%%{")

// literal is text written as it is: in Terraform and its templates, with
// ${ and %{ escaped.
func (w *writer) literal(s string) string {
	if w.cfn || w.form == graph.FormJSONFile {
		return s
	}
	return templateEscapes.Replace(s)
}

// fileBlanks turns an expression into the name of a blank of a policy
// file: VAR_TRAIL_NAME.
var fileBlanks = strings.NewReplacer(".", "_", " ", "_")

func (w *writer) holeExpr(h *graph.HoleInfo) string {
	if e, ok := w.byVar(graph.Hole(h.Domain, h.Origin)); ok {
		return e
	}
	if w.file() {
		switch h.Domain {
		case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition:
			return w.blank(blankName(h))
		case graph.DomainName:
			return ""
		}
		return w.blank(strings.ToUpper(fileBlanks.Replace(h.Origin)))
	}
	for _, p := range []string{"var.", "local.", "data.", "module.", "AWS::"} {
		if strings.HasPrefix(h.Origin, p) {
			if w.elsewhere && (p != "AWS::" || !w.cfn) {
				return w.blank(blankName(h))
			}
			return "${" + h.Origin + "}"
		}
	}
	if !w.cfn && w.foreign(h) {
		switch h.Domain {
		case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition:
			return w.blank(blankName(h))
		}
	}
	switch h.Domain {
	case graph.DomainAccount:
		if w.cfn {
			return "${AWS::AccountId}"
		}
		alias := w.holeAlias(h)
		if v := w.data["var:account"]; v != "" && alias == "" && w.data["aws_caller_identity"] == "" {
			// What the module names its account by: no data source to add.
			return "${var." + v + "}"
		}
		return w.source("aws_caller_identity", "account_id", alias)
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
func (w *writer) foreign(h *graph.HoleInfo) bool {
	return h.Provider != "" && h.Root != w.keyRoot
}

// mine reports whether v's text is written in the key's own module, so
// that it is the same in every instance of the module: a region a caller
// passes, or one from the command line, is an instance's.
func (w *writer) mine(v *graph.Value) bool {
	if w.cfn || !w.inModule {
		// A root module, a template: one instance, whose values are its own.
		return v == nil || v.Range.IsZero() || path.Dir(v.Range.File) == w.keyDir || w.cfn
	}
	return v != nil && !v.Range.IsZero() && path.Dir(v.Range.File) == w.keyDir
}

// place writes the region or partition of the trail in a condition: the
// value, where the key's module writes it, else the data source the
// module declares for it, else a pattern. A pattern there scopes nothing
// away: the account does.
func (w *writer) place(v *graph.Value, typ, attr string, d graph.Domain, origin string) string {
	if v != nil && v.Type == graph.String {
		if e, ok := w.byVar(v.Str); ok {
			return e
		}
	}
	if v != nil && v.Type == graph.String && v.Str != "" && (graph.HasHoles(v.Str) || w.mine(v)) {
		if h, ok := graph.WholeHole(v.Str); ok && !w.cfn && !w.file() && !w.foreign(h) &&
			!strings.HasPrefix(h.Origin, "var.") && !strings.HasPrefix(h.Origin, "local.") {
			if e := w.declared(typ, attr); e != "" {
				return e
			}
			return "*"
		}
		t, _ := w.text(v.Str)
		return t
	}
	if w.cfn {
		t, _ := w.text(graph.Hole(d, origin))
		return t
	}
	if e := w.declared(typ, attr); e != "" && !w.file() {
		return e
	}
	return "*"
}

// name writes the trail's name: the variable or local the trail is named
// by, when the trail is in the key's module instance; its text where the
// key's module writes it; a pattern otherwise.
func (w *writer) name(c *check) (string, bool) {
	a := c.u.Trail.Prop(graph.PropName)
	v := a.Value
	if v != nil && v.Type == graph.String {
		if e, ok := w.byVar(v.Str); ok {
			return e, false
		}
	}
	if !w.cfn && !w.elsewhere && !w.file() && isLocalRef(a.Expr) {
		return "${" + a.Expr + "}", false
	}
	if v == nil || v.Type != graph.String {
		return w.text(trailName(c.u.Trail))
	}
	if graph.HasHoles(v.Str) || w.mine(v) {
		return w.text(trailName(c.u.Trail))
	}
	return "*", true
}

// isLocalRef reports whether an expression is a variable or local of the
// module it is written in.
func isLocalRef(expr string) bool {
	return strings.HasPrefix(expr, "var.") || strings.HasPrefix(expr, "local.")
}

// trailARN writes the trail's ARN for a condition, and whether it is a
// pattern.
func (c *check) trailARN(w *writer) (string, bool) {
	t := c.u.Trail
	if c.edsKey {
		s, p := w.text(w.arn(c.arn))
		return s, p
	}
	part := c.trailPartition(w)
	region := w.place(t.Region, "aws_region", "name", graph.DomainRegion, "region of "+t.Address)
	acct, _ := w.text(c.acct)
	name, pattern := w.name(c)
	return "arn:" + part + ":cloudtrail:" + region + ":" + acct + ":trail/" + name,
		pattern || part == "*" || region == "*"
}

// accountTrails is the pattern of every trail of the trail's account.
func (c *check) accountTrails(w *writer) string {
	part := c.trailPartition(w)
	acct, _ := w.text(c.acct)
	return "arn:" + part + ":cloudtrail:*:" + acct + ":trail/*"
}

// trailPartition writes the partition of the trail's ARN.
func (c *check) trailPartition(w *writer) string {
	t := c.u.Trail
	part := w.place(t.Partition, "aws_partition", "partition", graph.DomainPartition, "AWS partition")
	if !w.mine(t.Region) && !w.cfn {
		// The partition follows the region: an instance's too. Placed
		// without a value, outside CloudFormation, it names no blank and
		// declares nothing, so it may come before the region.
		part = w.place(nil, "aws_partition", "partition", graph.DomainPartition, "AWS partition")
	}
	if w.cfn && part == "aws" {
		part = "${AWS::Partition}" // the loader assumes the commercial partition, which the template may not
	}
	return part
}

// principalPart is a partition as a principal's ARN has it: never a
// pattern.
func (c *check) principalPart(w *writer, v *graph.Value) string {
	if v != nil && v.Type == graph.String {
		if e, ok := w.byVar(v.Str); ok {
			return e
		}
	}
	if v != nil && v.Type == graph.String && v.Str != "" && (w.mine(v) || graph.HasHoles(v.Str)) {
		t, _ := w.text(v.Str)
		if w.cfn && t == "aws" {
			return "${AWS::Partition}"
		}
		return t
	}
	if w.cfn {
		return "${AWS::Partition}"
	}
	if w.file() {
		t, _ := w.text(graph.Hole(graph.DomainPartition, "AWS partition"))
		return t
	}
	return w.source("aws_partition", "partition", w.alias)
}

// policyForm is the syntax of the key's policy, or of the policy property
// the key lacks: jsonencode in Terraform, the template's in CloudFormation.
func policyForm(p *analyzers.PolicyInfo, key *graph.Resource) graph.Form {
	if p.Attr != nil {
		return p.Attr.Form
	}
	if key.Format == graph.CloudFormation {
		return fix.Of(key)
	}
	return graph.FormJSONEncode
}

// grants are the statements CloudTrail needs on the key: for a trail,
// DescribeKey and GenerateDataKey* scoped to the trail (to the account's
// trails of its region when the trail's name is not known); for an event
// data store, GenerateDataKey and Decrypt.
func (c *check) grants(w *writer) []fix.Statement {
	svc := [2]string{"Service", cloudtrail}
	if c.edsKey {
		return []fix.Statement{{Sid: c.sid("AllowCloudTrailLake"), Principal: svc, Actions: []string{"kms:GenerateDataKey", "kms:Decrypt"}}}
	}
	w.elsewhere = c.elsewhere()
	defer func() { w.elsewhere = false }()
	arn, pattern := c.trailARN(w)
	test := "StringEquals"
	if pattern {
		test = "StringLike"
	}
	trails := c.accountTrails(w)
	return []fix.Statement{
		{Sid: c.sid("AllowCloudTrailDescribeKey"), Principal: svc, Actions: []string{"kms:DescribeKey"},
			Conditions: []fix.Condition{{Test: test, Key: "aws:SourceArn", Values: []string{arn}}}},
		{Sid: c.sid("AllowCloudTrailEncrypt"), Principal: svc, Actions: []string{"kms:GenerateDataKey*"},
			Conditions: []fix.Condition{{Test: test, Key: "aws:SourceArn", Values: []string{arn}},
				{Test: "StringLike", Key: "kms:EncryptionContext:aws:cloudtrail:arn", Values: []string{trails}}}},
	}
}

// reader lets a role of the trail's account decrypt its log files.
func (c *check) reader(w *writer) fix.Statement {
	w.elsewhere = c.elsewhere()
	part := c.principalPart(w, c.u.Trail.Partition)
	acct, _ := w.text(c.acct)
	w.elsewhere = false
	// The role is the user's to name: the fix cannot be applied as it is.
	w.placeholder = true
	role := "arn:" + part + ":iam::" + acct + ":role/LOG_READER_ROLE"
	return fix.Statement{Sid: c.sid("AllowLogReaders"), Principal: [2]string{"AWS", role}, Actions: []string{"kms:Decrypt"},
		Conditions: []fix.Condition{{Test: "Null", Key: "kms:EncryptionContext:aws:cloudtrail:arn", Values: []string{"false"}}}}
}

// admin is the statement of the default key policy: the key's account
// manages the key through IAM. A policy that left it out would lock the
// account out of its key.
func (c *check) admin(w *writer) fix.Statement {
	k := c.key
	acct, _ := w.text(holeOr(k.Account, graph.DomainAccount, "account of "+k.Address))
	root := "arn:" + c.principalPart(w, k.Partition) + ":iam::" + acct + ":root"
	return fix.Statement{Sid: "EnableIAMUserPermissions", Principal: [2]string{"AWS", root}, Actions: []string{"kms:*"}}
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

// sid names a statement a fix adds apart from the statements the policy
// has. It does not name the trail: one fix covers every trail that
// reaches the defect.
func (c *check) sid(base string) string {
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
func exemptFix(c *check, n *need) (text, todo string) {
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
	cond := fix.Condition{Test: "StringNotEquals", Key: "aws:PrincipalServiceName", Values: []string{cloudtrail}}
	switch {
	case w.form == graph.FormPolicyDocument:
		todo = "Exempt CloudTrail from that Deny by adding the condition block below to its statement."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the condition block below to each of their statements."
		}
		return cond.Render(w.form, fix.Element), todo
	case listed:
		// The key is there already, for other services: a second one would
		// replace it; the value joins its list.
		todo = "Exempt CloudTrail from that Deny by adding the value below to the aws:PrincipalServiceName values of its StringNotEquals condition (a list, if it holds one service)."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the value below to the aws:PrincipalServiceName values of the StringNotEquals condition of each (a list, if it holds one service)."
		}
		return cond.Render(w.form, fix.Values), todo
	case all:
		todo = "Exempt CloudTrail from that Deny by adding the key below to its StringNotEquals condition."
		if !one {
			todo = "Exempt CloudTrail from those Denies by adding the key below to the StringNotEquals condition of each."
		}
		return cond.Render(w.form, fix.Key), todo
	case !one:
		return cond.Render(w.form, fix.Test), "Exempt CloudTrail from each of those Denies: add the condition below to its Condition (a Condition of its own if it has none), or only its key to a StringNotEquals it has already."
	case !none:
		return cond.Render(w.form, fix.Test), "Exempt CloudTrail from that Deny by adding the condition below to its Condition."
	}
	return cond.Render(w.form, fix.Element), "Exempt CloudTrail from that Deny by adding the condition below to it."
}

// placeOf is where a statement is added to c's policy, and the resource
// that holds it: the statement blocks of the policy document, the policy
// as written (where a variable's default or a caller gave it, that is
// where it is written), or the key, which has no policy.
func placeOf(c *check) (graph.Range, *graph.Resource) {
	switch {
	case c.pol.Default || c.pol.Attr == nil:
		return c.key.Header, c.key
	case c.pol.Attr.Form == graph.FormPolicyDocument && len(c.pol.Sources) == 1:
		return c.pol.Sources[0].Header, c.pol.Sources[0]
	}
	a := c.pol.Attr
	if v := a.Value; v != nil && !v.Range.IsZero() && !a.Range.Contains(v.Range) && a.Form != graph.FormJSONFile && a.Form != graph.FormTemplateFile {
		return v.Range, c.pol.Holder
	}
	if a.Range.IsZero() {
		return c.key.Header, c.key
	}
	return a.Range, c.pol.Holder
}

// fixKind is what a fix does.
type fixKind uint8

const (
	addStatements fixKind = iota // add statements to the policy
	wholePolicy                  // give the key a policy
	replaceStatement
	textOnly // a fix that is not merged: the first finding's stands
)

// fixModel is a finding's fix before it is written: kept so that the
// findings of one defect, reached by several trails, are given one fix
// that covers them all.
type fixModel struct {
	kind  fixKind
	form  graph.Form
	stmts []fix.Statement
	notes notes
	// base is the message without the notes.
	base string
	// anchor is where the fix goes, when an edit can be made there; declAt
	// is where the data sources it needs are declared.
	anchor, declAt *fix.Anchor
}

// render writes the fix.
func (m *fixModel) render() string {
	switch m.kind {
	case wholePolicy:
		return fix.Policy(m.form, m.stmts)
	case replaceStatement, addStatements:
		var parts []string
		for _, s := range m.stmts {
			parts = append(parts, s.Render(m.form, ""))
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// apply sets d's fix, edits and message from m.
func (m *fixModel) apply(d *analyzers.Diagnostic) {
	if m.kind != textOnly {
		d.Fix = m.render()
	}
	d.Edits = m.edits()
	d.Message = m.base
	if n := m.notes.String(); n != "" {
		d.Message += " " + n
	}
	d.Data = m
}

// merge makes the fix of findings of one defect: the trails' values of
// each condition together, in an order that does not depend on the
// findings'. Findings whose fixes differ otherwise keep the first's.
func merge(into *analyzers.Diagnostic, group []analyzers.Diagnostic) {
	first, ok := group[0].Data.(*fixModel)
	if !ok {
		return
	}
	m := *first
	m.stmts = cloneStatements(first.stmts)
	for _, d := range group[1:] {
		o, ok := d.Data.(*fixModel)
		if !ok || o.kind != m.kind || len(o.stmts) != len(m.stmts) {
			continue
		}
		m.notes = m.notes.join(o.notes)
		for i := range m.stmts {
			for j := range m.stmts[i].Conditions {
				if j >= len(o.stmts[i].Conditions) {
					break
				}
				c := &m.stmts[i].Conditions[j]
				for _, v := range o.stmts[i].Conditions[j].Values {
					if !slices.Contains(c.Values, v) {
						c.Values = append(c.Values, v)
					}
				}
			}
		}
	}
	for i := range m.stmts {
		for j := range m.stmts[i].Conditions {
			c := &m.stmts[i].Conditions[j]
			sort.Strings(c.Values)
			if c.Test == "StringEquals" && slices.ContainsFunc(c.Values, func(v string) bool { return strings.ContainsAny(v, "*?") }) {
				c.Test = "StringLike"
			}
		}
	}
	m.apply(into)
	into.Data = nil
}

func cloneStatements(ss []fix.Statement) []fix.Statement {
	out := slices.Clone(ss)
	for i := range out {
		out[i].Conditions = slices.Clone(out[i].Conditions)
		for j := range out[i].Conditions {
			out[i].Conditions[j].Values = slices.Clone(out[i].Conditions[j].Values)
		}
	}
	return out
}

// grantModel is the fix that gives CloudTrail what n needs, or the whole
// policy for a key that has none.
func grantModel(c *check, n *need) *fixModel {
	w := c.writer()
	g := c.grants(w)
	m := &fixModel{form: w.form}
	switch {
	case c.pol.Default:
		m.kind = wholePolicy
		m.stmts = append([]fix.Statement{c.admin(w)}, g...)
	case c.edsKey || n.rule == "TL010":
		m.kind, m.stmts = addStatements, g[:1]
	default:
		m.kind, m.stmts = addStatements, g[1:2]
	}
	m.notes = w.notes()
	return m
}

// readerModel is the reader statement, or the whole policy for a key that
// has none.
func readerModel(c *check) *fixModel {
	w := c.writer()
	m := &fixModel{form: w.form}
	if c.pol.Default {
		g := c.grants(w)
		m.kind = wholePolicy
		m.stmts = append(append([]fix.Statement{c.admin(w)}, g...), c.reader(w))
	} else {
		m.kind, m.stmts = addStatements, []fix.Statement{c.reader(w)}
	}
	m.notes = w.notes()
	return m
}

// scopeModel is the fix of an unscoped grant: s replaced by a statement
// of its actions scoped to the account's trails where it can be (it
// grants CloudTrail alone, and only kms actions), else the grant below
// added. A statement that lets CloudTrail decrypt too serves encrypted
// SNS notifications, whose requests carry no CloudTrail encryption
// context: it is scoped with aws:SourceArn alone.
func scopeModel(c *check, s *policy.Statement, m *policy.Meter) (*fixModel, bool) {
	w := c.writer()
	g := c.grants(w)
	sns := s.MayGrant("kms:Decrypt", m) == policy.Yes
	model := &fixModel{form: w.form, kind: addStatements, stmts: g[1:2]}
	if actions, ok := replaceable(s); ok {
		st := g[1]
		if s.Sid != "" && !graph.HasHoles(s.Sid) {
			st.Sid = s.Sid
		}
		st.Actions = actions
		if sns || !slices.Equal(actions, []string{"kms:GenerateDataKey*"}) {
			// DescribeKey and SNS carry no encryption context.
			st.Conditions = st.Conditions[:1]
		}
		model.kind, model.stmts = replaceStatement, []fix.Statement{st}
		if a, ok := replaceAnchor(c, w.form, s); ok {
			model.anchor = &a
			model.declAt = declAnchor(c)
		}
	} else if sns {
		st := g[1]
		st.Conditions = st.Conditions[:1]
		model.stmts = []fix.Statement{st}
	}
	model.notes = w.notes()
	return model, sns
}

// replaceable returns the actions of s when s can be replaced by a
// statement of them scoped to trails: an Allow to the CloudTrail service
// alone, of kms actions, on the key, with no condition but on the keys
// that scope it, which the new statement's scope replaces.
func replaceable(s *policy.Statement) ([]string, bool) {
	if s.Effect != policy.Allow || s.Why != "" || s.Principal == nil || s.Principal.All || s.Principal.Why != "" ||
		len(s.Principal.AWS)+len(s.Principal.Federated)+len(s.Principal.CanonicalUser) > 0 ||
		!slices.Equal(s.Principal.Service, []string{cloudtrail}) || s.NotAction != nil || s.NotResource != nil ||
		len(scopeConditions(s)) != len(s.Conditions) {
		return nil, false
	}
	actions := s.Actions()
	for _, a := range actions {
		if graph.HasHoles(a) || !strings.HasPrefix(strings.ToLower(a), "kms:") {
			return nil, false
		}
	}
	for _, r := range s.Resources() {
		if r != "*" {
			return nil, false
		}
	}
	return actions, len(actions) > 0
}
