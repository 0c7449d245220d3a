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
