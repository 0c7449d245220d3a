package rules_test

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/scan"
)

// TestFixtures runs every rule over each fixture tree of testdata/terraform
// and testdata/cloudformation, with the --region of its optional "region"
// file (see fixtures); each tree names in RULES the rules whose findings it
// checks, and says inline which findings of those it expects.
func TestFixtures(t *testing.T) {
	trees := fixtures(t)
	formats := map[string]bool{}
	for dir := range trees {
		formats[filepath.Base(filepath.Dir(dir))] = true
	}
	for _, format := range []string{"terraform", "cloudformation"} {
		if !formats[format] {
			t.Fatalf("no %s fixtures", format)
		}
	}
	for _, dir := range slices.Sorted(maps.Keys(trees)) {
		t.Run(fixtureName(dir), func(t *testing.T) {
			analysistest.Run(t, dir, rules.All(), trees[dir])
		})
	}
}

// fixtureName is a fixture tree's "format/name".
func fixtureName(dir string) string {
	return filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
}

// TestFixturesCoverEveryRule keeps the declarations honest as rules come:
// each rule is named by a fixture of its own, and a few trees, where rules
// meet, still compare every finding of every rule.
func TestFixturesCoverEveryRule(t *testing.T) {
	named := map[string]bool{}
	var whole []string
	for _, dir := range slices.Sorted(maps.Keys(fixtures(t))) {
		declared, err := analysistest.ReadRules(dir, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		if declared.All() {
			whole = append(whole, fixtureName(dir))
			continue
		}
		for _, a := range rules.All() {
			if declared.Has(a.Name) {
				named[a.Name] = true
			}
		}
	}
	for _, a := range rules.All() {
		if !named[a.Name] {
			t.Errorf("no fixture names %s in its RULES", a.Name)
		}
	}
	want := []string{"cloudformation/alone", "cloudformation/imports", "terraform/cross-root", "terraform/shared-module", "terraform/unknown-inputs"}
	if !slices.Equal(whole, want) {
		t.Errorf("fixtures that compare every rule: %v, want %v", whole, want)
	}
}

func TestAllInIDOrder(t *testing.T) {
	all := rules.All()
	want := []string{"TL001", "TL002", "TL010", "TL011", "TL012", "TL013", "TL020", "TL021", "TL022", "TL023", "TL030"}
	if len(all) != len(want) {
		t.Fatalf("got %d rules, want %d", len(all), len(want))
	}
	for i, a := range all {
		if a.Name != want[i] {
			t.Errorf("rule %d is %s, want %s", i, a.Name, want[i])
		}
		if a.Title == "" || a.Doc == nil || !strings.HasPrefix(a.Doc(), "# "+a.Name+": ") {
			t.Errorf("%s: title and a doc starting with its id are required", a.Name)
		}
		if a.Precision == "" || a.SecuritySeverity == "" || len(a.Tags) == 0 {
			t.Errorf("%s: SARIF metadata missing", a.Name)
		}
	}
	if rules.Lookup("tl011") != all[3] || rules.Lookup("TL999") != nil {
		t.Error("Lookup is not case-insensitive by id")
	}
}

// TestExamplesShowEveryRule keeps the README's first command honest: the
// bundled examples make every rule fire.
func TestExamplesShowEveryRule(t *testing.T) {
	dir := filepath.Join("..", "..", "examples")
	res, err := scan.Run(dir, []string{dir}, scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]bool{}
	for _, d := range analyzers.Run(res.Graph, rules.All()) {
		fired[d.Rule] = true
	}
	for _, a := range rules.All() {
		if !fired[a.Name] {
			t.Errorf("no example makes %s fire", a.Name)
		}
	}
}
