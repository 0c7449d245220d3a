package scan

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
)

// TestNamedFileSeesItsCallers checks that a file named alone (as
// pre-commit names changed files) gets the findings the whole tree gives
// in it: its module is evaluated as the roots that call it evaluate it,
// not on its own with every input unknown. Dirs that cannot reach it are
// not read.
func TestNamedFileSeesItsCallers(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"main.tf": `variable "key_arn" {
  type = string
}
resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "logs"
  kms_key_id     = var.key_arn
}
`,
		"examples/plain/main.tf":     "module \"trail\" {\n  source  = \"../../\"\n  key_arn = null\n}\n",
		"unrelated/main.tf":          "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
		"unrelated/broken/broken.tf": "resource \"aws_s3_bucket\" \"b\" {\n",
	})
	findings := func(paths ...string) (string, *Result) {
		stream := analyzers.NewStream(rules.All())
		res, err := Run(root, paths, Options{Sink: stream})
		if err != nil {
			t.Fatal(err)
		}
		g, diags := stream.Result()
		var out []string
		for _, d := range diags {
			if d.Range.File == "main.tf" {
				out = append(out, fmt.Sprintf("%s %s %s", d.Range, d.Rule, d.Message))
			}
		}
		for _, p := range g.Diagnostics {
			out = append(out, "problem "+p.Range.String()+" "+p.Summary)
		}
		return strings.Join(out, "\n"), res
	}
	whole, _ := findings(root)
	named, res := findings(filepath.Join(root, "main.tf"))
	if !strings.Contains(whole, "main.tf:7:3 TL001") {
		t.Fatalf("the whole tree does not give the finding the test compares:\n%s", whole)
	}
	if !strings.Contains(whole, "problem unrelated/broken/broken.tf") {
		t.Errorf("the whole tree does not report the broken file:\n%s", whole)
	}
	wantNamed := strings.Split(whole, "\nproblem unrelated")[0]
	if named != wantNamed {
		t.Errorf("main.tf named alone:\n%s\nthe whole tree, in main.tf:\n%s", named, wantNamed)
	}
	if !res.Only["main.tf"] || len(res.Only) != 1 {
		t.Errorf("Only = %v, want main.tf", res.Only)
	}
}
