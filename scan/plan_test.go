package scan

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
)

// planRoot is the configuration of the root the tfplan package's
// registry.json fixture was made of: its trail and key are in a registry
// module that is not downloaded.
const planRoot = `variable "region" {}
variable "trail_name" {}
variable "alert_email" {}

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-trail-logs"
}

module "trail" {
  source = "acme/cloudtrail/aws"
  bucket = aws_s3_bucket.logs.id
  name   = var.trail_name
}

resource "aws_kms_alias" "trail" {
  name          = "alias/trail"
  target_key_id = module.trail.key_arn
}
`

// TestPlanFillsWhatHCLCannotKnow runs the root with and without its plan:
// without it, the registry module's trail is not in the scan and nothing
// is found; with it, the module's trail and key come from the plan, its
// defects are found at their place in the plan file, and the root's
// values the plan knows (the region) fill HCL's holes.
func TestPlanFillsWhatHCLCannotKnow(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"main.tf": planRoot})
	plan, err := filepath.Abs(filepath.Join("..", "parsers", "tfplan", "testdata", "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(plan string) (string, string) {
		stream := analyzers.NewStream(rules.All())
		if _, err := Run(root, []string{root}, Options{Sink: stream, Plan: plan}); err != nil {
			t.Fatal(err)
		}
		_, diags := stream.Result()
		res, err := Run(root, []string{root}, Options{Plan: plan})
		if err != nil {
			t.Fatal(err)
		}
		g := res.Graph
		var out []string
		for _, d := range diags {
			out = append(out, fmt.Sprintf("%s:%d:%d %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
		}
		region := ""
		if r := g.Lookup(".:aws_s3_bucket.logs"); r != nil && r.Region != nil {
			region = r.Region.Str
		}
		return strings.Join(out, "\n"), region
	}
	without, _ := check("")
	if strings.Contains(without, "TL011") {
		t.Errorf("without the plan, a defect of a module that is not downloaded is found:\n%s", without)
	}
	with, region := check(plan)
	// The plan is outside the scan root: it is named as given.
	file := filepath.ToSlash(plan)
	if want := file + ":236:11 TL011\n" + file + ":236:11 TL012"; with != want {
		t.Errorf("with the plan:\n%s\nwant the key policy's defects in the plan file:\n%s", with, want)
	}
	if region != "eu-west-1" {
		t.Errorf("the bucket's region with the plan = %q, want eu-west-1 (var.region in the plan)", region)
	}
}

// TestPlanModuleNobodyReads checks that a module only the plan holds is
// analysed even when nothing of the root reads its outputs.
func TestPlanModuleNobodyReads(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"main.tf": "variable \"trail_name\" {}\nmodule \"trail\" {\n  source = \"acme/cloudtrail/aws\"\n  name   = var.trail_name\n}\n"})
	plan, err := filepath.Abs(filepath.Join("..", "parsers", "tfplan", "testdata", "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	stream := analyzers.NewStream(rules.All())
	if _, err := Run(root, []string{root}, Options{Sink: stream, Plan: plan}); err != nil {
		t.Fatal(err)
	}
	_, diags := stream.Result()
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d:%d %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	file := filepath.ToSlash(plan)
	if want := file + ":236:11 TL011\n" + file + ":236:11 TL012"; strings.Join(got, "\n") != want {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
