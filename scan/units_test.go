package scan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
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

// TestUnitsFixtures runs the trees of testdata/units, where the settings
// that decide a trail's finding are declared in another root module than
// the trail's, and found there only by a name: whole tree and unit by unit,
// the findings are exactly these, and the reports are byte for byte the
// same. The trail's root module alone gives other findings: they come from
// across roots.
func TestUnitsFixtures(t *testing.T) {
	for _, c := range []struct {
		dir   string
		alone string // the trail's root module
		want  []string
	}{
		// The encryption settings of the trail's bucket, in another root,
		// by the bucket's name, with an S3 Bucket Key.
		{"bucket-key-by-name", "logs", []string{
			`logs/main.tf:20:3 TL011 trail aws_cloudtrail.main cannot use key aws_kms_key.trail: the key policy of aws_kms_key.trail does not let ` +
				`cloudtrail.amazonaws.com call kms:GenerateDataKey for it (statement "Encrypt" would allow it, but its condition StringLike ` +
				`kms:EncryptionContext:aws:s3:arn "arn:aws:s3:::units-bucket-key-logs/*" does not match "arn:aws:s3:::units-bucket-key-logs"). ` +
				`Add the statement below to the key policy.`,
		}},
		// The bucket in one root, by name, and its encryption settings in
		// a third, by the bucket's name: only the bucket leads to them.
		{"bucket-key-chain", "trail", []string{
			`trail/main.tf:17:3 TL011 trail aws_cloudtrail.main cannot use key aws_kms_key.trail: the key policy of aws_kms_key.trail does not let ` +
				`cloudtrail.amazonaws.com call kms:GenerateDataKey for it (statement "Encrypt" would allow it, but its condition StringLike ` +
				`kms:EncryptionContext:aws:s3:arn "arn:aws:s3:::units-bucket-key-chain/*" does not match "arn:aws:s3:::units-bucket-key-chain"). ` +
				`Add the statement below to the key policy.`,
		}},
		// Encryption settings of a bucket read from a data source: they
		// may be the trail's bucket's.
		{"bucket-key-untied", "logs", []string{
			`logs/main.tf:53:3 TL030 the key policy of aws_kms_key.trail cannot be fully checked for trail aws_cloudtrail.main: whether ` +
				`CloudTrail may call kms:GenerateDataKey depends on the log file key of aws_cloudtrail.main, or nothing with an S3 Bucket Key: ` +
				`statement "Encrypt" (Allow) applies only if its condition StringLike ` +
				`kms:EncryptionContext:aws:s3:arn "arn:aws:s3:::units-bucket-key-untied/*" holds for ` +
				`"arn:aws:s3:::units-bucket-key-untied${/log file key of aws_cloudtrail.main, or nothing with an S3 Bucket Key}".`,
		}},
	} {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "units", c.dir)
			for _, whole := range []bool{true, false} {
				if got := findings(t, dir, dir, whole); !reflect.DeepEqual(got, c.want) {
					t.Errorf("whole tree %t:\n%s\nwant:\n%s", whole, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
				}
			}
			if got := findings(t, dir, filepath.Join(dir, c.alone), true); reflect.DeepEqual(got, c.want) {
				t.Errorf("%s alone gives the same findings: the other roots decide nothing", c.alone)
			}
			if whole, units := render(t, dir, []string{dir}, "sarif", true), render(t, dir, []string{dir}, "sarif", false); !bytes.Equal(whole, units) {
				t.Errorf("unit by unit:\n%s\nwhole tree:\n%s", units, whole)
			}
		})
	}
}

// findings scans path under root with every rule, whole tree or unit by
// unit as the command does, and lists the findings as
// "file:line:column rule message".
func findings(t *testing.T, root, path string, whole bool) []string {
	t.Helper()
	all := rules.All()
	stream := analyzers.NewStream(all)
	opts := Options{}
	if !whole {
		opts.Sink = stream
	}
	res, err := Run(root, []string{path}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var diags []analyzers.Diagnostic
	if whole {
		diags = analyzers.Run(res.Graph, all)
	} else {
		_, diags = stream.Result()
	}
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s:%d:%d %s %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message))
	}
	return out
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
