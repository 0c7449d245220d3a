package terraform

import (
	"testing"
	"testing/fstest"
)

// TestProviderAccounts checks which provider configurations share an
// account: those that differ in region only use the same credentials;
// one that assumes a role, names a profile or pins account ids may be
// another account.
func TestProviderAccounts(t *testing.T) {
	fsys := fstest.MapFS{"main.tf": {Data: []byte(`provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
provider "aws" {
  alias  = "audit"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/audit"
  }
}
provider "aws" {
  alias   = "logs"
  profile = "logs"
}
resource "aws_kms_key" "east" {}
resource "aws_kms_key" "west" {
  provider = aws.west
}
resource "aws_kms_key" "audit" {
  provider = aws.audit
}
resource "aws_kms_key" "logs" {
  provider = aws.logs
}
`)}}
	g := Load(fsys, []string{"."}, Options{})
	want := map[string]string{
		".:aws_kms_key.east":  `"${account of provider aws}"`,
		".:aws_kms_key.west":  `"${account of provider aws}"`,
		".:aws_kms_key.audit": `"${account of provider aws.audit}"`,
		".:aws_kms_key.logs":  `"${account of provider aws.logs}"`,
	}
	for id, w := range want {
		r := g.Lookup(id)
		if r == nil {
			t.Fatalf("no resource %s", id)
		}
		if got := show(r.Account); got != w {
			t.Errorf("%s account = %s, want %s", id, got, w)
		}
	}
	// Without a default configuration of its own, the first alias that
	// sets no credentials stands for them.
	g = Load(fstest.MapFS{"main.tf": {Data: []byte(`provider "aws" {
  alias   = "a"
  profile = "a"
}
provider "aws" {
  alias  = "b"
  region = "eu-west-1"
}
resource "aws_kms_key" "k" {
  provider = aws.b
}
`)}}, []string{"."}, Options{})
	if got := show(g.Lookup(".:aws_kms_key.k").Account); got != `"${account of provider aws}"` {
		t.Errorf("account = %s, want the implicit default configuration's", got)
	}
}

// TestWhyMissing checks that a key missing because of the configuration's
// own switch says which: a count of zero, or a condition.
func TestWhyMissing(t *testing.T) {
	g := Load(fstest.MapFS{"main.tf": {Data: []byte(`variable "kms_enabled" {
  default = false
}
resource "aws_kms_key" "k" {
  count = var.kms_enabled ? 1 : 0
}
resource "aws_cloudtrail" "joined" {
  kms_key_id = join("", aws_kms_key.k[*].arn)
}
resource "aws_cloudtrail" "one" {
  kms_key_id = one(aws_kms_key.k[*].arn)
}
resource "aws_cloudtrail" "cond" {
  kms_key_id = var.kms_enabled ? "arn:aws:kms:us-east-1:111122223333:key/x" : null
}
`)}}, []string{"."}, Options{})
	want := map[string]string{
		".:aws_cloudtrail.joined": "aws_kms_key.k has no instance (its count is 0 at main.tf:5:11)",
		".:aws_cloudtrail.one":    "aws_kms_key.k has no instance (its count is 0 at main.tf:5:11)",
		".:aws_cloudtrail.cond":   "the condition at main.tf:14:16 is false",
	}
	for id, w := range want {
		if got := prop(t, g, id, "kms key").Value.Because; got != w {
			t.Errorf("%s: because %q, want %q", id, got, w)
		}
	}
}
