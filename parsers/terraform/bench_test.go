package terraform

import (
	"fmt"
	"testing"
	"testing/fstest"
)

// BenchmarkLoad loads a root calling 500 modules, each with a key, its
// policy document, a bucket and a trail.
func BenchmarkLoad(b *testing.B) {
	fsys := fstest.MapFS{}
	root := "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n"
	for i := range 500 {
		root += fmt.Sprintf("module \"m%d\" {\n  source = \"./modules/m%d\"\n  name = \"t%d\"\n}\n", i, i, i)
		fsys[fmt.Sprintf("modules/m%d/main.tf", i)] = &fstest.MapFile{Data: []byte(benchModule)}
	}
	fsys["main.tf"] = &fstest.MapFile{Data: []byte(root)}
	b.ReportAllocs()
	for b.Loop() {
		g := Load(fsys, []string{"."}, Options{})
		if len(g.Resources) != 2000 {
			b.Fatalf("%d resources", len(g.Resources))
		}
	}
}

// BenchmarkLoadSharedModule loads 500 roots that call one module, as the
// environments of a monorepo do: the module is parsed twice, not 500 times.
func BenchmarkLoadSharedModule(b *testing.B) {
	fsys := fstest.MapFS{"modules/trail/main.tf": &fstest.MapFile{Data: []byte(benchModule)}}
	dirs := []string{"modules/trail"}
	for i := range 500 {
		dir := fmt.Sprintf("env%03d", i)
		fsys[dir+"/main.tf"] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"provider \"aws\" {\n  region = \"eu-west-1\"\n}\nmodule \"trail\" {\n  source = \"../modules/trail\"\n  name = \"t%d\"\n}\n", i))}
		dirs = append(dirs, dir)
	}
	b.ReportAllocs()
	for b.Loop() {
		g := Load(fsys, dirs, Options{})
		if len(g.Resources) != 2000 {
			b.Fatalf("%d resources", len(g.Resources))
		}
	}
}

// benchModule declares a key, its policy document, a bucket and a trail.
const benchModule = `
variable "name" { type = string }
data "aws_caller_identity" "c" {}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:aws:cloudtrail:*:${data.aws_caller_identity.c.account_id}:trail/*"]
    }
  }
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.p.json
}
resource "aws_s3_bucket" "b" {
  bucket = "${var.name}-logs"
}
resource "aws_cloudtrail" "t" {
  name           = var.name
  s3_bucket_name = aws_s3_bucket.b.id
  kms_key_id     = aws_kms_key.k.arn
}
output "arn" { value = aws_kms_key.k.arn }
`
