package terraform

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// TestPassedPolicies checks which policies a module call passes to a module
// that is not in the scan are kept as key policies, with the region, form
// and place their module's key would have.
func TestPassedPolicies(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf": {Data: []byte(`provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
data "aws_iam_policy_document" "kms" {
  statement {
    actions   = ["kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}
module "kms" {
  source = "cloudposse/kms-key/aws"
  policy = data.aws_iam_policy_document.kms.json
  region = "ap-south-1"
}
module "counted" {
  source     = "example-org/kms/aws"
  count      = 2
  key_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  providers  = { aws = aws.us }
}
module "none" {
  source = "example-org/kms/aws"
  count  = 0
  policy = "{}"
}
module "local" {
  source = "./local"
  policy = "{}"
}
module "other" {
  source      = "example-org/kms/aws"
  description = "not a policy"
  policy_arn  = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`)},
		"local/main.tf": {Data: []byte("variable \"policy\" {}\n")},
	}
	g := Load(fsys, []string{"."}, Options{})
	var got []string
	for _, r := range g.OfKind(graph.KindKeyPolicy) {
		a := r.Prop(graph.PropPolicy)
		got = append(got, strings.Join([]string{r.ID, r.Type, r.Address, rangeStr(r.Header), a.Name, rangeStr(a.Range),
			show(r.Region), formName(a.Form)}, " "))
	}
	want := []string{
		".:module.kms.policy module module.kms main.tf:18:1-18:13 policy main.tf:20:3-20:49 \"eu-west-1\" policy document",
		".:module.counted[0].key_policy module module.counted[0] main.tf:23:1-23:17 key_policy main.tf:26:3-26:70 \"us-east-1\" jsonencode",
		".:module.counted[1].key_policy module module.counted[1] main.tf:23:1-23:17 key_policy main.tf:26:3-26:70 \"us-east-1\" jsonencode",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("key policies:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := g.Lookup(".:data.aws_iam_policy_document.kms"); r == nil || r.Kind != graph.KindPolicyDocument {
		t.Error("the policy document passed to module.kms is not in the graph")
	}
	if a := prop(t, g, ".:module.kms.policy", graph.PropPolicy); len(a.Value.AllRefs()) == 0 || a.Value.AllRefs()[0].ID != ".:data.aws_iam_policy_document.kms" {
		t.Errorf("the policy of module.kms does not refer to its document: %v", a.Value.AllRefs())
	}
}

func formName(f graph.Form) string {
	switch f {
	case graph.FormJSONEncode:
		return "jsonencode"
	case graph.FormPolicyDocument:
		return "policy document"
	case graph.FormJSONFile:
		return "file"
	}
	return "json"
}
