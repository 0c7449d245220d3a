package keypolicy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/trailint/trailint/graph"
)

var fixStmts = []stmt{
	{sid: "EnableIAMUserPermissions", principal: [2]string{"AWS", "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}, actions: []string{"kms:*"}},
	{sid: "AllowCloudTrailEncrypt", principal: [2]string{"Service", cloudtrail}, actions: []string{"kms:GenerateDataKey*"},
		conds: []cond{{"StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/t"}, {"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:111122223333:trail/*"}}},
	{sid: "AllowCloudTrailLake", principal: [2]string{"Service", cloudtrail}, actions: []string{"kms:GenerateDataKey", "kms:Decrypt"}},
}

// TestFixesParse checks that a fix, statement or whole policy, is valid in
// the syntax it is given in, pasted where the message says.
func TestFixesParse(t *testing.T) {
	parse := map[graph.Form]func(stmt, whole string) error{
		graph.FormJSON: func(s, _ string) error {
			var v any
			return json.Unmarshal([]byte(s), &v)
		},
		graph.FormTemplateJSON: func(s, whole string) error {
			var v any
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				return err
			}
			return json.Unmarshal([]byte("{"+whole+"}"), &v)
		},
		graph.FormYAML: func(s, whole string) error {
			var v yaml.Node
			if err := yaml.Unmarshal([]byte("Statement:\n"+s), &v); err != nil {
				return err
			}
			return yaml.Unmarshal([]byte(whole), &v)
		},
		graph.FormJSONEncode: func(s, whole string) error {
			if _, diags := hclsyntax.ParseConfig([]byte("x = jsonencode({ Statement = [\n"+s+"\n] })\n"), "f.tf", hcl.InitialPos); diags.HasErrors() {
				return diags
			}
			if _, diags := hclsyntax.ParseConfig([]byte("resource \"aws_kms_key\" \"k\" {\n"+whole+"\n}\n"), "f.tf", hcl.InitialPos); diags.HasErrors() {
				return diags
			}
			return nil
		},
		graph.FormPolicyDocument: func(s, _ string) error {
			if _, diags := hclsyntax.ParseConfig([]byte("data \"aws_iam_policy_document\" \"p\" {\n"+s+"\n}\n"), "f.tf", hcl.InitialPos); diags.HasErrors() {
				return diags
			}
			return nil
		},
	}
	for form, ok := range parse {
		cfn := form == graph.FormYAML || form == graph.FormTemplateJSON
		stmts := fixStmts
		if !cfn {
			// Terraform fixes hold Terraform expressions.
			stmts = nil
			for _, s := range fixStmts {
				for i := range s.conds {
					s.conds = append([]cond(nil), s.conds...)
					s.conds[i].value = strings.ReplaceAll(s.conds[i].value, "${AWS::AccountId}", "${data.aws_caller_identity.current.account_id}")
				}
				stmts = append(stmts, s)
			}
		}
		w := &writer{form: form, cfn: cfn, missing: map[string]bool{}}
		whole := w.policy(stmts)
		for _, s := range stmts {
			text := w.statement(s, "")
			if err := ok(text, whole); err != nil {
				t.Errorf("form %d: %v in\n%s\nor\n%s", form, err, text, whole)
			}
		}
	}
}

func TestFixSyntax(t *testing.T) {
	for _, c := range []struct {
		form graph.Form
		cfn  bool
		want string
	}{
		{graph.FormPolicyDocument, false, `statement {
  sid       = "AllowCloudTrailEncrypt"
  effect    = "Allow"
  actions   = ["kms:GenerateDataKey*"]
  resources = ["*"]
  principals {
    type        = "Service"
    identifiers = ["cloudtrail.amazonaws.com"]
  }
  condition {
    test     = "StringEquals"
    variable = "aws:SourceArn"
    values   = ["arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/t"]
  }
  condition {
    test     = "StringLike"
    variable = "kms:EncryptionContext:aws:cloudtrail:arn"
    values   = ["arn:aws:cloudtrail:*:111122223333:trail/*"]
  }
}`},
		{graph.FormYAML, true, `- Sid: AllowCloudTrailEncrypt
  Effect: Allow
  Principal:
    Service: "cloudtrail.amazonaws.com"
  Action: "kms:GenerateDataKey*"
  Resource: "*"
  Condition:
    StringEquals:
      "aws:SourceArn": !Sub "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/t"
    StringLike:
      "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*"`},
		{graph.FormTemplateJSON, true, `{
  "Sid": "AllowCloudTrailEncrypt",
  "Effect": "Allow",
  "Principal": {"Service": "cloudtrail.amazonaws.com"},
  "Action": "kms:GenerateDataKey*",
  "Resource": "*",
  "Condition": {
    "StringEquals": {"aws:SourceArn": {"Fn::Sub": "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/t"}},
    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*"}
  }
}`},
	} {
		w := &writer{form: c.form, cfn: c.cfn, missing: map[string]bool{}}
		if got := w.statement(fixStmts[1], ""); got != c.want {
			t.Errorf("form %d:\n%s\nwant:\n%s", c.form, got, c.want)
		}
	}
}

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
	if got := w.done("x"); got != `# declare in the key's module: data "aws_partition" "current" {} data "aws_region" "current" {}`+"\nx" {
		t.Errorf("done: %q", got)
	}
	w = &writer{form: graph.FormYAML, cfn: true, missing: map[string]bool{}}
	if text, _ := w.text(arn); text != "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*" || w.done("x") != "x" {
		t.Errorf("CloudFormation: %q, %q", text, w.done("x"))
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
