package fix

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/trailint/trailint/graph"
)

const cloudtrail = "cloudtrail.amazonaws.com"

var fixStmts = []Statement{
	{Sid: "AllowCloudTrailDescribeKey", Principal: [2]string{"Service", cloudtrail}, Actions: []string{"kms:DescribeKey"},
		Conditions: []Condition{{"StringLike", "aws:SourceArn", []string{"arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/*"}},
			{"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", []string{"arn:aws:cloudtrail:*:111122223333:trail/*"}}}},
	{Sid: "EnableIAMUserPermissions", Principal: [2]string{"AWS", "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}, Actions: []string{"kms:*"}},
	{Sid: "AllowCloudTrailEncrypt", Principal: [2]string{"Service", cloudtrail}, Actions: []string{"kms:GenerateDataKey*"},
		Conditions: []Condition{{"StringEquals", "aws:SourceArn", []string{"arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/t"}},
			{"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", []string{"arn:aws:cloudtrail:*:111122223333:trail/*"}}}},
	{Sid: "AllowCloudTrailLake", Principal: [2]string{"Service", cloudtrail}, Actions: []string{"kms:GenerateDataKey", "kms:Decrypt"}},
	// Two trails: the values of one condition.
	{Sid: "AllowCloudTrailDescribeKey2", Principal: [2]string{"Service", cloudtrail}, Actions: []string{"kms:DescribeKey"},
		Conditions: []Condition{{"StringEquals", "aws:SourceArn", []string{"arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/a", "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/b"}}}},
}

// TestFixesParse checks that a fix, statement or whole policy, is valid in
// the syntax it is given in, pasted where the message says.
func TestFixesParse(t *testing.T) {
	var v any
	if uniqueJSON(`{"C": {"StringLike": {}, "StringLike": {}}}`) == nil || yaml.Unmarshal([]byte("C:\n  StringLike: 1\n  StringLike: 2\n"), &v) == nil {
		t.Fatal("a key written twice goes unnoticed")
	}
	if uniqueJSON(`{"Sid": "a"}, {"Sid": "b"}`) == nil || uniqueJSON(`{"Sid": "a"} }`) == nil {
		t.Fatal("text after a JSON value goes unnoticed")
	}
	parse := map[graph.Form]func(stmt, whole string) error{
		graph.FormJSON: func(s, _ string) error {
			return uniqueJSON(s)
		},
		graph.FormTemplateJSON: func(s, whole string) error {
			if err := uniqueJSON(s); err != nil {
				return err
			}
			return uniqueJSON("{" + whole + "}")
		},
		graph.FormYAML: func(s, whole string) error {
			// Into a map, so that a key written twice is an error.
			var v any
			if err := yaml.Unmarshal([]byte("Statement:\n"+s), &v); err != nil {
				return err
			}
			return yaml.Unmarshal([]byte(whole), &v)
		},
		HCL: func(s, whole string) error {
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
		stmts := fixStmts
		if !CloudFormation(form) {
			// Terraform fixes hold Terraform expressions.
			stmts = nil
			for _, s := range fixStmts {
				s.Conditions = append([]Condition(nil), s.Conditions...)
				for i := range s.Conditions {
					var vs []string
					for _, v := range s.Conditions[i].Values {
						vs = append(vs, strings.ReplaceAll(v, "${AWS::AccountId}", "${data.aws_caller_identity.current.account_id}"))
					}
					s.Conditions[i].Values = vs
				}
				stmts = append(stmts, s)
			}
		}
		whole := Policy(form, stmts)
		for _, s := range stmts {
			text := s.Render(form, "")
			if err := ok(text, whole); err != nil {
				t.Errorf("form %d: %v in\n%s\nor\n%s", form, err, text, whole)
			}
		}
	}
}

// uniqueJSON parses JSON text and refuses an object that has a key twice,
// which a policy would read as the last one only.
func uniqueJSON(s string) error {
	d := json.NewDecoder(strings.NewReader(s))
	var walk func() error
	walk = func() error {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return err
				}
				if seen[k.(string)] {
					return fmt.Errorf("key %q twice", k)
				}
				seen[k.(string)] = true
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = d.Token()
			return err
		case json.Delim('['):
			for d.More() {
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = d.Token()
			return err
		}
		return nil
	}
	if err := walk(); err != nil {
		return err
	}
	// One value: text after it would be pasted along with it.
	if tok, err := d.Token(); err == nil {
		return fmt.Errorf("%v after the JSON value", tok)
	} else if !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func TestFixSyntax(t *testing.T) {
	for _, c := range []struct {
		form graph.Form
		s    Statement
		want string
	}{
		{graph.FormPolicyDocument, fixStmts[2], `statement {
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
		{graph.FormYAML, fixStmts[2], `- Sid: AllowCloudTrailEncrypt
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
		{graph.FormTemplateJSON, fixStmts[2], `{
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
		// The values of two trails, in each syntax.
		{graph.FormYAML, fixStmts[4], `- Sid: AllowCloudTrailDescribeKey2
  Effect: Allow
  Principal:
    Service: "cloudtrail.amazonaws.com"
  Action: "kms:DescribeKey"
  Resource: "*"
  Condition:
    StringEquals:
      "aws:SourceArn":
        - !Sub "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/a"
        - !Sub "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/b"`},
		{HCL, fixStmts[4], `{
  Sid       = "AllowCloudTrailDescribeKey2"
  Effect    = "Allow"
  Principal = { Service = "cloudtrail.amazonaws.com" }
  Action    = "kms:DescribeKey"
  Resource  = "*"
  Condition = {
    StringEquals = { "aws:SourceArn" = ["arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/a", "arn:aws:cloudtrail:eu-west-1:${AWS::AccountId}:trail/b"] }
  }
},`},
	} {
		if got := c.s.Render(c.form, ""); got != c.want {
			t.Errorf("form %d:\n%s\nwant:\n%s", c.form, got, c.want)
		}
	}
}

// TestProperty checks a property and its value in each syntax: a JSON
// template gets JSON, never YAML.
func TestProperty(t *testing.T) {
	for _, c := range []struct {
		form graph.Form
		v    Value
		want string
	}{
		{HCL, Ref("aws_kms_key.trail", "arn"), `kms_key_id = aws_kms_key.trail.arn`},
		{graph.FormYAML, Ref("TrailKey", "Arn"), `kms_key_id: !GetAtt TrailKey.Arn`},
		{graph.FormTemplateJSON, Ref("TrailKey", "Arn"), `"kms_key_id": {"Fn::GetAtt": ["TrailKey", "Arn"]}`},
		{graph.FormTemplateJSON, Ref("TrailKey", ""), `"kms_key_id": {"Ref": "TrailKey"}`},
		{graph.FormJSON, Ref("aws_kms_key.trail", "arn"), `"kms_key_id": "${aws_kms_key.trail.arn}"`},
		{HCL, Bool(true), `kms_key_id = true`},
		{graph.FormTemplateJSON, Bool(false), `"kms_key_id": false`},
		{graph.FormYAML, Text("SYMMETRIC_DEFAULT"), `kms_key_id: "SYMMETRIC_DEFAULT"`},
		{graph.FormTemplateJSON, Text("arn:${AWS::Partition}:x"), `"kms_key_id": {"Fn::Sub": "arn:${AWS::Partition}:x"}`},
		{HCL, Text(`a"b\c`), `kms_key_id = "a\"b\\c"`},
	} {
		if got := Property(c.form, "kms_key_id", c.v); got != c.want {
			t.Errorf("form %d: %s, want %s", c.form, got, c.want)
		}
	}
}
