package gen_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/gen"
	"github.com/trailint/trailint/scan"
)

// baselineCases are the baseline trees the tests run: every finding the
// generator can place, alone and together, and none. The full tree (17
// regions) is the one the benchmarks measure; smaller ones have the same
// shape.
var baselineCases = []struct {
	name string
	c    gen.BaselineConfig
	want int
}{
	{"both", gen.BaselineConfig{NoKey: true, NoDescribeKey: true}, 2},
	{"no-key", gen.BaselineConfig{Regions: 3, NoKey: true}, 1},
	{"no-describe-key", gen.BaselineConfig{Regions: 3, NoDescribeKey: true}, 1},
	// With one example and no key, the key policy is never used.
	{"no-key-alone", gen.BaselineConfig{Regions: 2, Examples: 1, NoKey: true, NoDescribeKey: true}, 1},
	{"clean", gen.BaselineConfig{Regions: 3}, 0},
}

// TestBaseline runs the whole pipeline on the baseline tree: a root that
// calls a dozen unrelated modules in every region, with counts and
// for_each that only a plan knows, and example roots that call it. Every
// example reaches the trail, and the defects found are exactly the
// generator's, whole tree or unit by unit.
func TestBaseline(t *testing.T) {
	for _, tc := range baselineCases {
		t.Run(tc.name, func(t *testing.T) {
			tree, dir, res, diags := runBaseline(t, tc.c, tc.want)
			analysistest.SameAsStream(t, dir, rules.All(), scan.Options{}, res.Graph, diags)
			if got, want := len(res.Graph.Files), len(tfFiles(tree)); got != want {
				t.Errorf("read %d files, want %d", got, want)
			}
			if got := len(res.Graph.OfKind(graph.KindTrail)); got != tree.Trails {
				t.Errorf("%d trails evaluated, want one per example: %d", got, tree.Trails)
			}
			got := slices.Compact(positions(diags))
			var want []string
			for _, w := range tree.Want {
				want = append(want, w.String())
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestBaselineSaysNothingElse checks what is said beside the findings on
// the baseline tree: nothing by default, since every loader diagnostic on
// this valid Terraform is an evaluation problem, and with --verbose, among
// those problems, the counts and for_each that no static evaluation can
// know; the findings stay the same.
func TestBaselineSaysNothingElse(t *testing.T) {
	for _, tc := range baselineCases {
		t.Run(tc.name, func(t *testing.T) {
			tree, dir, res, diags := runBaseline(t, tc.c, tc.want)

			// What the command shows by default: every problem but the
			// evaluation problems.
			problems := append(append([]graph.Diagnostic{}, res.Graph.Diagnostics...), analyzers.Suppress(diags, res.Graph.Ignores)...)
			var shown []string
			for _, p := range problems {
				if p.Class != graph.ClassEval {
					shown = append(shown, fmt.Sprintf("%s: %s: %s (class %d)", p.Range, p.Summary, p.Detail, p.Class))
				}
			}
			if len(shown) > 0 {
				t.Errorf("%d diagnostics shown by default on valid Terraform, want none; the first:\n%s",
					len(shown), strings.Join(shown[:min(len(shown), 8)], "\n"))
			}

			vres, err := scan.Run(dir, []string{dir}, scan.Options{Verbose: true})
			if err != nil {
				t.Fatal(err)
			}
			vdiags := analyzers.Run(vres.Graph, rules.All())
			if !reflect.DeepEqual(positions(vdiags), positions(diags)) {
				t.Errorf("--verbose changes the findings:\n%s\nwithout it:\n%s", strings.Join(positions(vdiags), "\n"), strings.Join(positions(diags), "\n"))
			}
			for _, p := range vres.Graph.Diagnostics {
				if p.Class != graph.ClassEval {
					t.Errorf("with --verbose, %s: %s: %s (class %d), want only evaluation problems", p.Range, p.Summary, p.Detail, p.Class)
				}
			}
			for _, u := range gen.BaselineUnknowns(tree) {
				found := false
				for _, p := range vres.Graph.Diagnostics {
					found = found || p.Class == graph.ClassEval && p.Range.File == u.File &&
						p.Range.Start.Line >= u.Line && p.Range.Start.Line <= u.ArgLine
				}
				if !found {
					t.Errorf("--verbose does not say that the %s at %s:%d cannot be known", u.Arg, u.File, u.ArgLine)
				}
			}
		})
	}
}

// TestBaselineOneFindingPerDefect checks that a defect every example
// reaches, the key policy shared by their trails, is reported once,
// naming every trail and the examples it is reached from.
func TestBaselineOneFindingPerDefect(t *testing.T) {
	for _, tc := range baselineCases {
		t.Run(tc.name, func(t *testing.T) {
			tree, _, _, diags := runBaseline(t, tc.c, tc.want)
			if dup := duplicates(positions(diags)); len(dup) > 0 {
				t.Errorf("one defect must be one finding, naming every trail that reaches it; reported several times:\n%s", strings.Join(dup, "\n"))
			}
			for _, d := range diags {
				if d.Rule != "TL010" {
					continue
				}
				// The examples that create the key reach it: all but the
				// one that leaves the logs to the bucket's encryption.
				var roots []string
				for _, p := range tree.Paths() {
					if dir, ok := strings.CutSuffix(p, "/main.tf"); ok && strings.HasPrefix(dir, "examples/") &&
						!strings.Contains(string(tree.Files[p]), "cloudtrail_kms_key_enabled = false") {
						roots = append(roots, dir)
					}
				}
				slices.Sort(roots)
				want := "trail module.baseline.module.cloudtrail[0].aws_cloudtrail.this (in roots " + strings.Join(roots[:len(roots)-1], ", ") + " and " + roots[len(roots)-1] + ") cannot use key"
				if len(roots) == 1 {
					want = "trail module.baseline.module.cloudtrail[0].aws_cloudtrail.this cannot use key"
				}
				if !strings.HasPrefix(d.Message, want) {
					t.Errorf("TL010 says %q, want it to start %q", d.Message, want)
				}
				if len(d.Reach) != len(roots) {
					t.Errorf("TL010 reached by %v, want a trail in each of %v", d.Reach, roots)
				}
			}
		})
	}
}

// runBaseline writes the baseline tree of c, which must hold want
// findings, and runs the loaders and the analyzers on it.
func runBaseline(t *testing.T, c gen.BaselineConfig, want int) (*gen.Tree, string, *scan.Result, []analyzers.Diagnostic) {
	t.Helper()
	if testing.Short() && c.Regions == 0 {
		c.Regions = 3
	}
	tree := gen.Baseline(c)
	if len(tree.Want) != want {
		t.Fatalf("the generator expects %d findings, want %d: %v", len(tree.Want), want, tree.Want)
	}
	dir := t.TempDir()
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tree, dir, res, analyzers.Run(res.Graph, rules.All())
}

func positions(diags []analyzers.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	slices.Sort(out)
	return out
}

func duplicates(sorted []string) []string {
	var out []string
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] && (len(out) == 0 || out[len(out)-1] != sorted[i]) {
			out = append(out, sorted[i])
		}
	}
	return out
}

// providerRegion is the region of the regional provider a module call
// passes as aws (aws.eu-west-1 gives eu-west-1), or "" when it passes the
// default one.
func providerRegion(t *testing.T, b *hcl.Block) string {
	t.Helper()
	attrs, diags := b.Body.JustAttributes()
	if diags.HasErrors() {
		t.Errorf("module %s: %s", b.Labels[0], diags.Error())
		return ""
	}
	providers, ok := attrs["providers"]
	if !ok {
		return ""
	}
	pairs, diags := hcl.ExprMap(providers.Expr)
	if diags.HasErrors() {
		t.Errorf("module %s: providers: %s", b.Labels[0], diags.Error())
		return ""
	}
	for _, kv := range pairs {
		if hcl.ExprAsKeyword(kv.Key) != "aws" {
			continue
		}
		tr, diags := hcl.AbsTraversalForExpr(kv.Value)
		if diags.HasErrors() {
			t.Errorf("module %s: providers: %s", b.Labels[0], diags.Error())
			return ""
		}
		if len(tr) == 2 {
			if a, ok := tr[1].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
	}
	return ""
}

func tfFiles(tree *gen.Tree) []string {
	var out []string
	for _, p := range tree.Paths() {
		if strings.HasSuffix(p, ".tf") {
			out = append(out, p)
		}
	}
	return out
}

// TestBaselineShape checks what the benchmarks rely on: a dozen modules in
// each of 17 regions, each call with its region's provider, four examples
// calling the root, and Terraform that parses.
func TestBaselineShape(t *testing.T) {
	tree := gen.Baseline(gen.BaselineConfig{NoKey: true, NoDescribeKey: true})
	calls, perRegion := 0, map[string]int{}
	for _, p := range tfFiles(tree) {
		src := tree.Files[p]
		f, diags := hclparse.NewParser().ParseHCL(src, p)
		if diags.HasErrors() {
			t.Errorf("%s does not parse: %s", p, diags.Error())
			continue
		}
		if strings.Contains(p, "/") {
			continue
		}
		// Root files: count the module calls with a regional provider.
		content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}})
		for _, b := range content.Blocks {
			calls++
			if r := providerRegion(t, b); r != "" {
				perRegion[r]++
				if !strings.HasSuffix(b.Labels[0], "_"+strings.ReplaceAll(r, "-", "_")) {
					t.Errorf("module %s is called with the provider of %s", b.Labels[0], r)
				}
			}
		}
	}
	if len(perRegion) != 17 {
		t.Errorf("modules called in %d regions, want 17", len(perRegion))
	}
	for r, n := range perRegion {
		if n != 12 {
			t.Errorf("%d modules called in %s, want 12", n, r)
		}
	}
	for _, r := range []string{"us-east-1", "eu-north-1", "ap-southeast-2"} {
		if perRegion[r] != 12 {
			t.Errorf("%d modules called in %s, want 12", perRegion[r], r)
		}
	}
	if want := 12*17 + 4; calls != want {
		t.Errorf("%d module calls in the root, want %d", calls, want)
	}
	if got := gen.BaselineExamples(gen.BaselineConfig{}); len(got) != 4 {
		t.Errorf("examples %v, want 4", got)
	}
	for _, e := range gen.BaselineExamples(gen.BaselineConfig{}) {
		main := string(tree.Files[e+"/main.tf"])
		if !strings.Contains(main, `source = "../../"`) || !strings.Contains(main, "aws.ap-southeast-2 = aws.ap-southeast-2") {
			t.Errorf("%s does not call the root with every regional provider", e)
		}
	}
	if n := len(gen.BaselineUnknowns(tree)); n != 1+17 {
		t.Errorf("%d unknown counts and for_each, want 18", n)
	}
}

// TestBaselineDeterministic checks that the tree is the same byte for byte
// from one call to the next, so that benchmark runs compare alike.
func TestBaselineDeterministic(t *testing.T) {
	c := gen.BaselineConfig{Regions: 5, NoKey: true}
	a, b := gen.Baseline(c), gen.Baseline(c)
	if !reflect.DeepEqual(a, b) {
		t.Error("two calls, two trees")
	}
}
