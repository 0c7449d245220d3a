package analysistest

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trailint/trailint/analyzers"
)

// RulesFile is the file at a fixture's root that names the rules it
// exercises.
const RulesFile = "RULES"

// Rules is what a fixture declares it exercises: every rule, or a set of
// rule ids.
type Rules struct {
	all bool
	ids map[string]bool
}

// Has reports whether the findings of rule are compared.
func (r Rules) Has(rule string) bool { return r.all || r.ids[rule] }

// All reports whether the fixture compares every finding of every rule.
func (r Rules) All() bool { return r.all }

// Filter keeps the findings of the declared rules, in their order.
func (r Rules) Filter(diags []analyzers.Diagnostic) []analyzers.Diagnostic {
	var out []analyzers.Diagnostic
	for _, d := range diags {
		if r.Has(d.Rule) {
			out = append(out, d)
		}
	}
	return out
}

// ReadRules reads the declaration of the fixture tree dir. Each id must be
// the name of one of as: a misspelled id would otherwise compare nothing.
func ReadRules(dir string, as []*analyzers.Analyzer) (Rules, error) {
	path := filepath.Join(dir, RulesFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Rules{}, fmt.Errorf("%s: no %s file: name the rules the fixture exercises, or all", dir, RulesFile)
	}
	if err != nil {
		return Rules{}, err
	}
	return ParseRules(path, string(data), as)
}

// ParseRules reads a declaration: ids separated by spaces or lines, or
// "all" alone; "#" starts a comment. file names it in errors.
func ParseRules(file, text string, as []*analyzers.Analyzer) (Rules, error) {
	known := map[string]bool{}
	for _, a := range as {
		known[a.Name] = true
	}
	r := Rules{ids: map[string]bool{}}
	for i, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, id := range strings.Fields(line) {
			switch {
			case id == "all":
				r.all = true
			case known[id]:
				if r.ids[id] {
					return Rules{}, fmt.Errorf("%s:%d: %s declared twice", file, i+1, id)
				}
				r.ids[id] = true
			default:
				return Rules{}, fmt.Errorf("%s:%d: unknown rule %q", file, i+1, id)
			}
		}
	}
	switch {
	case r.all && len(r.ids) > 0:
		return Rules{}, fmt.Errorf("%s: all stands alone: it already holds %s", file, strings.Join(slices.Sorted(maps.Keys(r.ids)), " "))
	case !r.all && len(r.ids) == 0:
		return Rules{}, fmt.Errorf("%s: no rules declared: name the rules the fixture exercises, or all", file)
	}
	return r, nil
}
