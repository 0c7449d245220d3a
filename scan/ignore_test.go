package scan

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// TestOneSuppressionGrammar checks that HCL and YAML read suppressions
// alike: every comment of the block directly above applies, ids are
// separated by spaces or commas before the reason, and an ignore without
// a rule id is reported the same way in both.
func TestOneSuppressionGrammar(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"tf/main.tf": `# trailint:ignore TL011 TL012 the readers are in the audit account
# a note between the ignores
// trailint:ignore TL013,TL023 shared with the org trail
resource "aws_kms_key" "k" {
  # trailint:ignore
  enable_key_rotation = false
}

# trailint:ignore TL001 above nothing

`,
		"cfn/t.yaml": `Resources:
  # trailint:ignore TL011 TL012 the readers are in the audit account
  # a note between the ignores
  # trailint:ignore TL013,TL023 shared with the org trail
  Key:
    Type: AWS::KMS::Key
    Properties:
      # trailint:ignore
      EnableKeyRotation: false
`,
	})
	g := run(t, root, Options{})
	var got []string
	for _, ig := range g.Ignores {
		got = append(got, fmt.Sprintf("%s %s %q covers %d-%d", ig.At.File, ig.Rule, ig.Reason, ig.Covers.Start.Line, ig.Covers.End.Line))
	}
	for _, d := range g.Diagnostics {
		if strings.Contains(d.Summary, "trailint:ignore") {
			got = append(got, fmt.Sprintf("%s:%d:%d %s: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Summary, d.Detail))
		}
	}
	sort.Strings(got)
	want := []string{
		`cfn/t.yaml TL011 "the readers are in the audit account" covers 5-9`,
		`cfn/t.yaml TL012 "the readers are in the audit account" covers 5-9`,
		`cfn/t.yaml TL013 "shared with the org trail" covers 5-9`,
		`cfn/t.yaml TL023 "shared with the org trail" covers 5-9`,
		"cfn/t.yaml:8:7 " + graph.IgnoreWithoutRule + ": " + graph.IgnoreWithoutRuleDetail,
		`tf/main.tf TL001 "above nothing" covers 0-0`,
		`tf/main.tf TL011 "the readers are in the audit account" covers 4-7`,
		`tf/main.tf TL012 "the readers are in the audit account" covers 4-7`,
		`tf/main.tf TL013 "shared with the org trail" covers 4-7`,
		`tf/main.tf TL023 "shared with the org trail" covers 4-7`,
		"tf/main.tf:5:3 " + graph.IgnoreWithoutRule + ": " + graph.IgnoreWithoutRuleDetail,
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ignores and their problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
