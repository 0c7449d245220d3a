package keypolicy

import (
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// A fix is written in the syntax the policy is written in, so that it can
// be pasted as it is: JSON text, the HCL object of a jsonencode() call, a
// statement block of an aws_iam_policy_document, a CloudFormation YAML or
// JSON mapping. Values the configuration computes are written as the
// expressions that give them (${var.x}, ${data.aws_caller_identity...},
// !Sub "${AWS::AccountId}"), never as placeholders a paste would keep.

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

// writer renders values and statements in one syntax.
type writer struct {
	form graph.Form
	cfn  bool
	// data are the data sources the key's module declares; missing
	// collects those a fix refers to that it does not.
	data    map[string]string
	missing map[string]bool
}

func (c *check) writer() *writer {
	w := &writer{form: policyForm(c.pol, c.key), cfn: c.key.Format == graph.CloudFormation, data: c.key.Data, missing: map[string]bool{}}
	if w.cfn && w.form != graph.FormTemplateJSON {
		w.form = graph.FormYAML
	}
	return w
}

// source names a data source of the key's module for a fix: the one it
// declares, or "current", noted as missing.
func (w *writer) source(typ, attr string) string {
	name := w.data[typ]
	if name == "" {
		name = "current"
		w.missing[typ] = true
	}
	return "${data." + typ + "." + name + "." + attr + "}"
}

// done prefixes a Terraform fix with the data sources it refers to that the
// module does not declare, as HCL comments where the syntax has them.
func (w *writer) done(fix string) string {
	if len(w.missing) == 0 || w.cfn {
		return fix
	}
	var decls []string
	for _, typ := range []string{"aws_caller_identity", "aws_partition", "aws_region"} {
		if w.missing[typ] {
			decls = append(decls, `data "`+typ+`" "current" {}`)
		}
	}
	if w.form == graph.FormJSON {
		return fix + "\n\nwith, in the key's module: " + strings.Join(decls, " ")
	}
	return "# declare in the key's module: " + strings.Join(decls, " ") + "\n" + fix
}

// text renders a string with holes: each hole becomes the expression that
// gives its value in the user's format, or "*" where nothing names it (a
// trail's name CloudFormation assigns), which makes the value a pattern.
func (w *writer) text(s string) (text string, pattern bool) {
	if !graph.HasHoles(s) && (w.cfn || !strings.Contains(s, "{")) {
		return s, false
	}
	var b strings.Builder
	for _, seg := range graph.Segments(s) {
		switch {
		case seg.Hole == nil && !w.cfn:
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
	for _, p := range []string{"var.", "local.", "data.", "module.", "AWS::"} {
		if strings.HasPrefix(h.Origin, p) {
			return "${" + h.Origin + "}"
		}
	}
	switch h.Domain {
	case graph.DomainAccount:
		if w.cfn {
			return "${AWS::AccountId}"
		}
		return w.source("aws_caller_identity", "account_id")
	case graph.DomainRegion:
		if w.cfn {
			return "${AWS::Region}"
		}
		// .name works with every provider version; v6 prefers .region but
		// keeps .name, while v5 has no .region.
		return w.source("aws_region", "name")
	case graph.DomainPartition:
		if w.cfn {
			return "${AWS::Partition}"
		}
		return w.source("aws_partition", "partition")
	}
	return ""
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
			for _, c := range s.conds {
				add(`    %s = { %s = %s }`, c.test, quote(c.key), quote(c.value))
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
			for _, c := range s.conds {
				add("    %s:", c.test)
				add("      %s: %s", quote(c.key), w.value(c.value))
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
			for i, c := range s.conds {
				sep := ","
				if i == len(s.conds)-1 {
					sep = ""
				}
				add(`    %s: {%s: %s}`+sep, quote(c.test), quote(c.key), w.value(c.value))
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
	arn, pattern := w.text(c.arn)
	test := "StringEquals"
	if pattern {
		test = "StringLike"
	}
	trails, _ := w.text(accountTrails(c))
	return []stmt{
		{sid: "AllowCloudTrailDescribeKey", principal: svc, actions: []string{"kms:DescribeKey"},
			conds: []cond{{test, "aws:SourceArn", arn}}},
		{sid: "AllowCloudTrailEncrypt", principal: svc, actions: []string{"kms:GenerateDataKey*"},
			conds: []cond{{test, "aws:SourceArn", arn}, {"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", trails}}},
	}
}

// reader lets a role of the trail's account decrypt its log files.
func (c *check) reader(w *writer) stmt {
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = p.Str
	}
	role, _ := w.text("arn:" + part + ":iam::" + c.acct + ":role/LOG_READER_ROLE")
	return stmt{sid: "AllowLogReaders", principal: [2]string{"AWS", role}, actions: []string{"kms:Decrypt"},
		conds: []cond{{"Null", "kms:EncryptionContext:aws:cloudtrail:arn", "false"}}}
}

// admin is the statement of the default key policy: the key's account
// manages the key through IAM. A policy that left it out would lock the
// account out of its key.
func (c *check) admin(w *writer) stmt {
	k := c.key
	root, _ := w.text("arn:" + holeOr(k.Partition, graph.DomainPartition, "AWS partition") + ":iam::" +
		holeOr(k.Account, graph.DomainAccount, "account of "+k.Address) + ":root")
	return stmt{sid: "EnableIAMUserPermissions", principal: [2]string{"AWS", root}, actions: []string{"kms:*"}}
}

// whole is the policy to give a key that has none: the default policy's
// statement and what CloudTrail and the log readers need.
func (c *check) whole(w *writer) string {
	ss := append([]stmt{c.admin(w)}, c.grants(w)...)
	if !c.edsKey {
		ss = append(ss, c.reader(w))
	}
	return w.policy(ss)
}

// grantFix is the statement that gives CloudTrail what n needs, or the
// whole policy for a key that has none.
func grantFix(c *check, n *need) string {
	w := c.writer()
	if c.pol.Default {
		return w.done(c.whole(w))
	}
	g := c.grants(w)
	if c.edsKey || n.rule == "TL010" {
		return w.done(w.statement(g[0], ""))
	}
	return w.done(w.statement(g[1], ""))
}

// readerFix is the reader statement, or the whole policy for a key that has
// none.
func readerFix(c *check) string {
	w := c.writer()
	if c.pol.Default {
		return w.done(c.whole(w))
	}
	return w.done(w.statement(c.reader(w), ""))
}

// accountTrails is the pattern of every trail of the trail's account.
func accountTrails(c *check) string {
	part := "aws"
	if p := c.u.Trail.Partition; p != nil && p.Type == graph.String {
		part = p.Str
	}
	return "arn:" + part + ":cloudtrail:*:" + c.acct + ":trail/*"
}
