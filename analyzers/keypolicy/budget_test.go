package keypolicy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/scan"
)

// hostileRoot is a Terraform root whose key policy grants DescribeKey
// plainly, and GenerateDataKey* in statements whose conditions are
// StringLike patterns of 200 wildcards, to a trail whose name has 6,000
// characters in an account the root leaves unknown. Each match takes
// millions of steps; the policy stays under the 32 KB AWS accepts.
func hostileRoot(statements int) string {
	pattern := "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/" + strings.Repeat("*?", 100) + "b"
	return `provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{ Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" }],
      [for i in range(` + fmt.Sprint(statements) + `) : {
        Sid       = "Encrypt${i}"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "` + pattern + `" } }
    }])
  })
}

resource "aws_cloudtrail" "t" {
  name           = "` + strings.Repeat("a", 6000) + `"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.k.arn
}
`
}

// hostileTree writes roots a and b, each a hostileRoot.
func hostileTree(t *testing.T, statements int) string {
	t.Helper()
	dir := t.TempDir()
	for _, root := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dir, root), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, root, "main.tf"), []byte(hostileRoot(statements)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func budgetDiagnostics(ds []graph.Diagnostic) []graph.Diagnostic {
	var out []graph.Diagnostic
	for _, d := range ds {
		if d.Class == graph.ClassBudget {
			out = append(out, d)
		}
	}
	return out
}

func findings(ds []analyzers.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s:%d:%d %s: %.160s\n", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message)
	}
	return b.String()
}

// Within the budget, the hostile grants are decided: none matches, so
// CloudTrail cannot encrypt (TL011) and nobody reads the logs (TL012),
// said at the policy, where a statement is to be added.
func TestHostilePolicyWithinBudget(t *testing.T) {
	dir := hostileTree(t, 2)
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := budget.New(budget.Limits{})
	diags := analyzers.RunBudget(res.Graph, rules.All(), run)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d %s", d.Range.File, d.Range.Start.Line, d.Rule))
	}
	want := []string{"a/main.tf:9 TL011", "a/main.tf:9 TL012", "b/main.tf:9 TL011", "b/main.tf:9 TL012"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("got\n%s\nwant %v", findings(diags), want)
	}
	if bd := budgetDiagnostics(res.Graph.Diagnostics); len(bd) != 0 {
		t.Errorf("a budget error within the budget: %+v", bd)
	}
}

// Over the budget, matching stops: the run says so once, at the policy
// whose matching took it over, and each trail gets a note instead of
// findings that would depend on what was not matched.
func TestHostilePolicyOverBudget(t *testing.T) {
	const limit = 10_000_000
	dir := hostileTree(t, 20)
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := budget.New(budget.Limits{MatchWork: limit})
	diags := analyzers.RunBudget(res.Graph, rules.All(), run)

	bd := budgetDiagnostics(res.Graph.Diagnostics)
	if len(bd) != 1 {
		t.Fatalf("%d budget errors, want one: %+v", len(bd), bd)
	}
	d := bd[0]
	wantDetail := "matching policies takes over 10000000 steps in this run; this key policy and those matched after it are not fully checked, and findings that depend on them are not reported"
	if d.Severity != graph.SevError || d.Summary != "Evaluation budget exceeded" || d.Detail != wantDetail {
		t.Errorf("budget error %+v, want severity error, summary %q, detail %q", d, "Evaluation budget exceeded", wantDetail)
	}
	if d.Range.File != "a/main.tf" || d.Range.Start.Line != 9 || d.Range.Start.Column != 3 {
		t.Errorf("budget error at %s, want at the policy of a/main.tf, 9:3", d.Range)
	}

	note := "the key policy of aws_kms_key.k cannot be fully checked for trail aws_cloudtrail.t: matching policies takes over 10000000 steps in this run, and what was left to match is not decided."
	if len(diags) != 2 {
		t.Fatalf("got\n%s\nwant a TL030 note for each trail", findings(diags))
	}
	for i, root := range []string{"a", "b"} {
		if f := diags[i]; f.Rule != "TL030" || f.Range.File != root+"/main.tf" || f.Range.Start.Line != 27 || f.Message != note {
			t.Errorf("finding %d: %s:%d %s %q, want %s/main.tf:27 TL030 %q", i, f.Range.File, f.Range.Start.Line, f.Rule, f.Message, root, note)
		}
	}
	if used := run.Usage().Used[budget.MatchWork]; used != limit+1 {
		t.Errorf("the run's matching counter is %d, want %d: over its cap", used, limit+1)
	}
}

// Unit by unit, as the command runs, the roots share the run's budget and
// the run says once that it ran out, whichever unit ran it out.
func TestHostilePolicyOverBudgetStream(t *testing.T) {
	dir := hostileTree(t, 20)
	stream := analyzers.NewStream(rules.All())
	stream.Budget = budget.New(budget.Limits{MatchWork: 10_000_000})
	if _, err := scan.Run(dir, []string{dir}, scan.Options{Sink: stream, Budget: stream.Budget}); err != nil {
		t.Fatal(err)
	}
	g, diags := stream.Result()
	if bd := budgetDiagnostics(g.Diagnostics); len(bd) != 1 || bd[0].Range.Start.Line != 9 {
		t.Errorf("budget errors %+v, want one at the policy of the root that ran out", bd)
	}
	for _, d := range diags {
		if d.Rule != "TL030" {
			t.Errorf("a finding that depends on what was not matched: %s", findings([]analyzers.Diagnostic{d}))
		}
	}
}

// A key policy longer than AWS accepts is refused at deploy time: the
// policy gets an error, the trail a note, and no finding is made of what
// the refused policy would allow.
func TestPolicyTooLong(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "terraform", "policy-too-long")
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	analyzers.Run(res.Graph, rules.All())
	var got []graph.Diagnostic
	for _, d := range res.Graph.Diagnostics {
		if d.Summary == "key policy is longer than AWS KMS accepts" {
			got = append(got, d)
		}
	}
	want := graph.Diagnostic{
		Severity: graph.SevError,
		Class:    graph.ClassFile,
		Summary:  "key policy is longer than AWS KMS accepts",
		Detail:   "it has at least 34471 characters, not counting spaces, and a key policy may have 32768; CreateKey and PutKeyPolicy refuse it, so it is not checked",
	}
	if len(got) != 1 {
		t.Fatalf("got %+v, want one %+v", got, want)
	}
	r := got[0].Range
	got[0].Range = graph.Range{}
	if got[0] != want || r.File != "main.tf" || r.Start.Line != 14 || r.Start.Column != 3 {
		t.Errorf("got %+v at %s, want %+v at main.tf:14:3", got[0], r, want)
	}
}
