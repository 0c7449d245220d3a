package scan

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

const (
	adminOnly = `jsonencode({Version="2012-10-17",Statement=[
 {Sid="Admin",Effect="Allow",Principal={AWS="arn:aws:iam::111122223333:root"},Action="kms:*",Resource="*"}]})`
	forTrails = `jsonencode({Version="2012-10-17",Statement=[
 {Sid="Admin",Effect="Allow",Principal={AWS="arn:aws:iam::111122223333:root"},Action="kms:*",Resource="*"},
 {Sid="CT",Effect="Allow",Principal={Service="cloudtrail.amazonaws.com"},Action=["kms:GenerateDataKey*","kms:DescribeKey"],Resource="*",
  Condition={StringLike={"kms:EncryptionContext:aws:cloudtrail:arn"="arn:aws:cloudtrail:*:111122223333:trail/*"}}},
 {Sid="Read",Effect="Allow",Principal={AWS="arn:aws:iam::111122223333:role/reader"},Action="kms:Decrypt",Resource="*",
  Condition={Null={"kms:EncryptionContext:aws:cloudtrail:arn"="false"}}}]})`
)

// TestUnitsGiveTheWholeTree checks trees where analysing unit by unit could
// part from analysing the whole graph: the report must be byte for byte
// the same.
func TestUnitsGiveTheWholeTree(t *testing.T) {
	twoPolicies := func(mod string) map[string]string {
		return map[string]string{
			"r/main.tf": `provider "aws" { region = "us-east-1" }
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
resource "aws_kms_key_policy" "p1" {
  key_id = aws_kms_key.k.id
  policy = ` + forTrails + `
}
module "m" {
  source = "./` + mod + `"
  key    = aws_kms_key.k.id
}
resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = aws_kms_key.k.arn
}
`,
			"r/" + mod + "/main.tf": "variable \"key\" {}\nresource \"aws_kms_key_policy\" \"p2\" {\n  key_id = var.key\n  policy = " + adminOnly + "\n}\n",
		}
	}
	for _, c := range []struct {
		name  string
		files map[string]string
	}{
		// Two policies for one key: which wins must not depend on whether
		// the module's file sorts before the root's.
		{"policies for one key, module first", twoPolicies("0mod")},
		{"policies for one key, module last", twoPolicies("zmod")},
		// A template evaluated alone, then nested with other parameters:
		// the import sees the nested one.
		{"export of a nested template", map[string]string{
			"child.yaml": "Parameters:\n  Rotate:\n    Type: String\n    Default: \"false\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n" +
				"    Properties:\n      EnableKeyRotation: !Ref Rotate\nOutputs:\n  K:\n    Value: !GetAtt Key.Arn\n    Export: {Name: child-key}\n",
			"parent.yaml": "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n" +
				"      Parameters: {Rotate: \"true\"}\n",
			"app.yaml": "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n" +
				"      S3BucketName: logs\n      KMSKeyId: !ImportValue child-key\n",
		}},
		// Two keys share a policy document with a problem: it is said once.
		{"one policy for two keys", map[string]string{"r/main.tf": `provider "aws" { region = "us-east-1" }
locals {
  pol = jsonencode({Version="2012-10-17",Statement=[{Effect="Allow",Principal="*",Action="kms:*",Resource="*",Bogus=1}]})
}
resource "aws_kms_key" "a" {
  policy = local.pol
}
resource "aws_kms_key" "b" {
  policy = local.pol
}
resource "aws_cloudtrail" "ta" {
  name           = "ta"
  s3_bucket_name = "b"
  kms_key_id     = aws_kms_key.a.arn
}
resource "aws_cloudtrail" "tb" {
  name           = "tb"
  s3_bucket_name = "b"
  kms_key_id     = aws_kms_key.b.arn
}
`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, c.files)
			whole := render(t, dir, []string{dir}, "json", true)
			units := render(t, dir, []string{dir}, "json", false)
			if !bytes.Equal(whole, units) {
				t.Errorf("unit by unit:\n%s\nwhole tree:\n%s", units, whole)
			}
			if !bytes.Contains(whole, []byte(`"TL0`)) {
				t.Errorf("no findings: the tree tests nothing:\n%s", whole)
			}
		})
	}
}

// TestOverlappingPaths checks that a dir reached by several paths of the
// command line is loaded once: no duplicate declarations.
func TestOverlappingPaths(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"r/main.tf": "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\nvariable \"x\" {}\n",
	})
	r := filepath.Join(dir, "r")
	for _, paths := range [][]string{{dir}, {dir, r}, {r, r}, {filepath.Join(r, "main.tf"), r}} {
		res, err := Run(dir, paths, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(res.Graph); got != "res r:aws_s3_bucket.logs" {
			t.Errorf("%v: %s", paths, strings.ReplaceAll(got, dir, "DIR"))
		}
	}
}
