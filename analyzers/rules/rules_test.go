package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/scan"
)

// TestFixtures runs every rule over each fixture tree of testdata/terraform
// and testdata/cloudformation; each tree says inline which findings it
// expects. A fixture's optional "region" file holds the --region value.
func TestFixtures(t *testing.T) {
	for _, format := range []string{"terraform", "cloudformation"} {
		dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", format, "*"))
		if err != nil {
			t.Fatal(err)
		}
		if len(dirs) == 0 {
			t.Fatalf("no %s fixtures", format)
		}
		for _, dir := range dirs {
			t.Run(format+"/"+filepath.Base(dir), func(t *testing.T) {
				var opts scan.Options
				if b, err := os.ReadFile(filepath.Join(dir, "region")); err == nil {
					opts.Region = strings.TrimSpace(string(b))
				}
				analysistest.Run(t, dir, rules.All(), opts)
			})
		}
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
