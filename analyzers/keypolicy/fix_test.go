package keypolicy

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// TestFixNamesWhatTheModuleDeclares checks that a Terraform fix uses the
// data sources the key's module declares, under their names, and says
// which it needs that the module lacks; and that a name nothing gives
// becomes a pattern.
func TestFixNamesWhatTheModuleDeclares(t *testing.T) {
	arn := "arn:" + graph.Hole(graph.DomainPartition, "AWS partition") + ":cloudtrail:" + graph.Hole(graph.DomainRegion, "region of t") + ":" +
		graph.Hole(graph.DomainAccount, "account of t") + ":trail/" + graph.Hole(graph.DomainName, "name of t")
	w := &writer{form: graph.FormJSONEncode, data: map[string]string{"aws_caller_identity": "me"}, missing: map[string]bool{}}
	text, pattern := w.text(arn)
	if want := "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.me.account_id}:trail/*"; text != want || !pattern {
		t.Errorf("text %q, %v; want %q, a pattern", text, pattern, want)
	}
	if got := w.note(); got != `It refers to data "aws_partition" "current" {} and data "aws_region" "current" {}, which the key's module does not declare: declare them too.` {
		t.Errorf("note: %q", got)
	}
	w = &writer{form: graph.FormYAML, cfn: true, missing: map[string]bool{}}
	if text, _ := w.text(arn); text != "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*" || w.note() != "" {
		t.Errorf("CloudFormation: %q, %q", text, w.note())
	}
	// A policy file is not interpolated: blanks to fill in, named.
	w = &writer{form: graph.FormJSONFile, missing: map[string]bool{}}
	if text, _ := w.text(arn); text != "arn:PARTITION:cloudtrail:REGION:ACCOUNT_ID:trail/*" ||
		w.note() != "The policy file is read as it is, without interpolation: replace PARTITION, REGION, ACCOUNT_ID with their values." {
		t.Errorf("file: %q, %q", text, w.note())
	}
}

// TestFixEscapesLiteralTemplates checks that text Terraform would read as a
// template sequence stays literal in a Terraform fix.
func TestFixEscapesLiteralTemplates(t *testing.T) {
	w := &writer{form: graph.FormJSONEncode, missing: map[string]bool{}}
	if got, _ := w.text("arn:aws:iam::${aws:username}:x%{y}"); got != "arn:aws:iam::$${aws:username}:x%%{y}" {
		t.Errorf("got %q", got)
	}
	w = &writer{form: graph.FormYAML, cfn: true, missing: map[string]bool{}}
	if got, _ := w.text("a${b}"); got != "a${b}" {
		t.Errorf("CloudFormation: got %q", got)
	}
}

// TestExemptFix checks the Deny exemption in each syntax: the key alone
// when the Deny has StringNotEquals (a second operator of that name would
// replace the first), the operator when it has other conditions, the
// Condition element when it has none.
func TestExemptFix(t *testing.T) {
	deny := func(ops ...string) *need {
		st := &policy.Statement{Effect: policy.Deny}
		for _, op := range ops {
			st.Conditions = append(st.Conditions, policy.Condition{Operator: op, Key: "aws:PrincipalArn"})
		}
		return &need{result: policy.Result{Denied: []*policy.Statement{st}}}
	}
	// Two Denies, of which only one has StringNotEquals; two that both do.
	two := deny("StringNotEquals")
	two.result.Denied = append(two.result.Denied, &policy.Statement{Effect: policy.Deny, Conditions: []policy.Condition{{Operator: "Null", Key: "aws:x"}}})
	both := deny("StringNotEquals")
	both.result.Denied = append(both.result.Denied, both.result.Denied[0])
	// A Deny that exempts another service already.
	listed := &need{result: policy.Result{Denied: []*policy.Statement{{Effect: policy.Deny,
		Conditions: []policy.Condition{{Operator: "StringNotEquals", Key: "aws:PrincipalServiceName"}}}}}}
	check := func(form graph.Form, format graph.Format) *check {
		return &check{key: &graph.Resource{Format: format}, pol: &analyzers.PolicyInfo{Attr: &graph.Attr{Form: form}}}
	}
	for _, c := range []struct {
		form   graph.Form
		format graph.Format
		n      *need
		fix    string
		todo   string
	}{
		{graph.FormJSONEncode, graph.Terraform, deny("StringNotEquals"), `"aws:PrincipalServiceName" = "cloudtrail.amazonaws.com"`, "to its StringNotEquals condition"},
		{graph.FormJSONEncode, graph.Terraform, two, `StringNotEquals = { "aws:PrincipalServiceName" = "cloudtrail.amazonaws.com" }`, "each of those Denies"},
		{graph.FormJSONEncode, graph.Terraform, both, `"aws:PrincipalServiceName" = "cloudtrail.amazonaws.com"`, "StringNotEquals condition of each"},
		{graph.FormJSONEncode, graph.Terraform, listed, `"cloudtrail.amazonaws.com"`, "to the aws:PrincipalServiceName values"},
		{graph.FormJSONEncode, graph.Terraform, deny("ArnNotLike"), `StringNotEquals = { "aws:PrincipalServiceName" = "cloudtrail.amazonaws.com" }`, "to its Condition."},
		{graph.FormJSONEncode, graph.Terraform, deny(), "Condition = {\n  StringNotEquals = { \"aws:PrincipalServiceName\" = \"cloudtrail.amazonaws.com\" }\n}", "adding the condition below to it."},
		{graph.FormJSON, graph.Terraform, deny("stringnotequals"), `"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"`, "to its StringNotEquals condition"},
		{graph.FormJSON, graph.Terraform, deny(), `"Condition": {"StringNotEquals": {"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"}}`, "to it."},
		{graph.FormYAML, graph.CloudFormation, deny("Bool"), "StringNotEquals:\n  \"aws:PrincipalServiceName\": \"cloudtrail.amazonaws.com\"", "to its Condition."},
		{graph.FormYAML, graph.CloudFormation, deny(), "Condition:\n  StringNotEquals:\n    \"aws:PrincipalServiceName\": \"cloudtrail.amazonaws.com\"", "to it."},
		{graph.FormPolicyDocument, graph.Terraform, deny("StringNotEquals"), "condition {\n  test     = \"StringNotEquals\"\n  variable = \"aws:PrincipalServiceName\"\n  values   = [\"cloudtrail.amazonaws.com\"]\n}", "condition block below to its statement."},
	} {
		fix, todo := exemptFix(check(c.form, c.format), c.n)
		if fix != c.fix || !strings.Contains(todo, c.todo) {
			t.Errorf("form %d, %d conditions:\n%s\n%s\nwant:\n%s\n...%s", c.form, len(c.n.result.Denied[0].Conditions), fix, todo, c.fix, c.todo)
		}
	}
}

// TestSidsDoNotCollide checks that a fix's Sid stays apart from the
// policy's own, and names no trail: one fix covers every trail that
// reaches the defect, in file mode and directory mode alike.
func TestSidsDoNotCollide(t *testing.T) {
	doc := &policy.Document{Statements: []*policy.Statement{{Sid: "AllowCloudTrailEncrypt"}, {Sid: "AllowCloudTrailEncrypt2"}}}
	c := &check{u: &analyzers.Usage{Trail: &graph.Resource{ID: "a", Address: "aws_cloudtrail.a"}}, pol: &analyzers.PolicyInfo{Doc: doc}}
	if got := c.sid("AllowCloudTrailEncrypt"); got != "AllowCloudTrailEncrypt3" {
		t.Errorf("sid %q", got)
	}
	if got := c.sid("AllowLogReaders"); got != "AllowLogReaders" {
		t.Errorf("sid %q", got)
	}
}

// TestFixBlanksAnotherRootsAccount checks that the account of a trail in
// another root module than its key is a blank to fill, not the key module's
// caller identity, which may be another account.
func TestFixBlanksAnotherRootsAccount(t *testing.T) {
	arn := "arn:aws:cloudtrail:us-east-1:" + graph.Hole(graph.DomainAccount, "account of provider aws in audit") + ":trail/t"
	w := &writer{form: graph.FormJSONEncode, missing: map[string]bool{}, keyRoot: "security"}
	if text, _ := w.text(arn); text != "arn:aws:cloudtrail:us-east-1:ACCOUNT_ID:trail/t" || !strings.Contains(w.note(), "declared apart from the key") {
		t.Errorf("another root: %q, %q", text, w.note())
	}
	w = &writer{form: graph.FormJSONEncode, missing: map[string]bool{}, keyRoot: "audit"}
	if text, _ := w.text(arn); text != "arn:aws:cloudtrail:us-east-1:${data.aws_caller_identity.current.account_id}:trail/t" {
		t.Errorf("same root: %q", text)
	}
	w = &writer{form: graph.FormJSONEncode, missing: map[string]bool{}, keyRoot: "."}
	if text, _ := w.text("arn:aws:iam::" + graph.Hole(graph.DomainAccount, "account of provider aws") + ":root"); text != "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" {
		t.Errorf("the top root: %q", text)
	}
}

// TestFixBlanksAnotherModulesVariables checks that a variable of the
// trail's module is a blank in a fix for a key of another module, and an
// expression in a fix for a key of the same one.
func TestFixBlanksAnotherModulesVariables(t *testing.T) {
	name := graph.Hole(graph.DomainName, "var.trail_name")
	trail := &graph.Resource{ID: "r:aws_cloudtrail.t", Format: graph.Terraform, Props: map[graph.Prop]*graph.Attr{
		graph.PropName: {Value: graph.Str(name, graph.Range{})}}}
	for _, c := range []struct {
		calls []graph.Range
		want  string
	}{
		{nil, "${var.trail_name}"},
		{[]graph.Range{{File: "main.tf"}}, "VAR_TRAIL_NAME"},
	} {
		key := &graph.Resource{ID: "r:aws_kms_key.k", Format: graph.Terraform, Calls: c.calls}
		ck := &check{u: &analyzers.Usage{Trail: trail}, key: key, pol: &analyzers.PolicyInfo{Attr: &graph.Attr{Form: graph.FormJSONEncode}},
			arn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + name, acct: "111122223333"}
		w := ck.writer()
		if g := ck.grants(w); !strings.Contains(g[0].Conditions[0].Values[0], c.want) {
			t.Errorf("key calls %v: %q, want %s in it", c.calls, g[0].Conditions[0].Values[0], c.want)
		}
	}
}

// TestFixNamesTheKeysProvider checks that a fix for a key of a provider
// alias names the data sources of that alias, or says which to declare.
func TestFixNamesTheKeysProvider(t *testing.T) {
	key := &graph.Resource{ID: ".:aws_kms_key.k", Format: graph.Terraform,
		Account: graph.Str(graph.Hole(graph.DomainAccount, "account of provider aws.audit in ."), graph.Range{}),
		Data:    map[string]string{"aws_caller_identity": "current", "aws_caller_identity@aws.audit": "audit_me"}}
	c := &check{key: key, pol: &analyzers.PolicyInfo{Attr: &graph.Attr{Form: graph.FormJSONEncode}}}
	w := c.writer()
	if got := w.source("aws_caller_identity", "account_id", w.alias); got != "${data.aws_caller_identity.audit_me.account_id}" {
		t.Errorf("declared: %q", got)
	}
	if got := w.source("aws_region", "name", w.alias); got != "${data.aws_region.audit.name}" ||
		!strings.Contains(w.note(), `data "aws_region" "audit" { provider = aws.audit }`) {
		t.Errorf("missing: %q, %q", got, w.note())
	}
}

// TestFixDataSourcesPerHole checks that each value names the data source of
// its own provider configuration: the trail's account on the default one is
// not the key's alias's, and a name a module uses for another configuration
// is not suggested again.
func TestFixDataSourcesPerHole(t *testing.T) {
	w := &writer{form: graph.FormJSONEncode, missing: map[string]bool{}, keyRoot: ".", alias: "aws.audit",
		data: map[string]string{"aws_caller_identity@aws.audit": "current"}}
	trail := graph.Hole(graph.DomainAccount, "account of provider aws")
	if got, _ := w.text("arn:aws:cloudtrail:us-east-1:" + trail + ":trail/t"); got != "arn:aws:cloudtrail:us-east-1:${data.aws_caller_identity.current2.account_id}:trail/t" {
		t.Errorf("trail's account: %q", got)
	}
	if note := w.note(); !strings.Contains(note, `data "aws_caller_identity" "current2" {}`) {
		t.Errorf("note %q", note)
	}
	// In a module, provider names are the module's own: its default.
	w = &writer{form: graph.FormJSONEncode, missing: map[string]bool{}, keyRoot: ".", inModule: true,
		data: map[string]string{"aws_caller_identity": "current"}}
	if got, _ := w.text(graph.Hole(graph.DomainAccount, "account of provider aws.audit")); got != "${data.aws_caller_identity.current.account_id}" || w.note() != "" {
		t.Errorf("in a module: %q, %q", got, w.note())
	}
}

// TestFixInATemplate checks that a fix for a policy templatefile() renders
// writes a value the template is passed as its variable, escapes what the
// template would read as its own sequences, and leaves a blank, which the
// note names, for a value no variable gives.
func TestFixInATemplate(t *testing.T) {
	acct := graph.Hole(graph.DomainAccount, "account of provider aws")
	w := &writer{form: graph.FormTemplateFile, missing: map[string]bool{}, data: map[string]string{"aws_region": "current"},
		tmpl: &graph.Template{File: "key.json.tpl", Vars: []graph.TemplateVar{
			{Name: "account", Value: graph.Str(acct, graph.Range{})},
			{Name: "region", Value: graph.Str("eu-west-1", graph.Range{})},
		}}}
	for in, want := range map[string]string{
		acct:        "${account}",
		"eu-west-1": "${region}",
		"arn:aws:cloudtrail:eu-west-1:" + acct + ":trail/${aws:username}":                                   "arn:aws:cloudtrail:eu-west-1:${account}:trail/$${aws:username}",
		"arn:" + graph.Hole(graph.DomainPartition, "partition of provider aws") + ":iam::" + acct + ":root": "arn:PARTITION:iam::${account}:root",
	} {
		if got, _ := w.text(in); got != want {
			t.Errorf("%q: %q, want %q", graph.Display(in), got, want)
		}
	}
	if got := w.note(); got != "The template key.json.tpl is passed no variable that gives PARTITION: replace it with its value, or pass it to templatefile() as a variable and write that variable (${name}) in its place." {
		t.Errorf("note: %q", got)
	}
}

// TestFixInATemplatePartitionOfAnotherProvider checks that a variable
// giving the partition of one provider configuration gives the partition
// of a key of another, since one configuration does not span partitions,
// while an account of another provider stays a blank.
func TestFixInATemplatePartitionOfAnotherProvider(t *testing.T) {
	w := &writer{form: graph.FormTemplateFile, missing: map[string]bool{}, data: map[string]string{},
		tmpl: &graph.Template{File: "log-key.tpl", Vars: []graph.TemplateVar{
			{Name: "partition", Value: graph.Str(graph.Hole(graph.DomainPartition, "partition of provider aws"), graph.Range{})},
			{Name: "account_id", Value: graph.Str(graph.Hole(graph.DomainAccount, "account of provider aws"), graph.Range{})},
		}}}
	in := "arn:" + graph.Hole(graph.DomainPartition, "partition of provider aws.log_archive") + ":iam::" +
		graph.Hole(graph.DomainAccount, "account of provider aws.log_archive") + ":root"
	if got, _ := w.text(in); got != "arn:${partition}:iam::ACCOUNT_ID:root" {
		t.Errorf("text: %q", got)
	}
	if got := w.note(); got != "The template log-key.tpl is passed no variable that gives ACCOUNT_ID: replace it with its value, or pass it to templatefile() as a variable and write that variable (${name}) in its place." {
		t.Errorf("note: %q", got)
	}
}
