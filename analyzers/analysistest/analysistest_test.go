package analysistest_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/scan"
)

// reporter reports a finding at the header of every resource of one type,
// so that the runner is tested against findings that do not move with the
// real rules.
func reporter(name, typ, what string) *analyzers.Analyzer {
	return &analyzers.Analyzer{
		Name:     name,
		Severity: analyzers.Error,
		Run: func(p *analyzers.Pass) {
			for _, r := range p.Graph.Resources {
				if r.Type == typ {
					p.Report(analyzers.Diagnostic{Message: what + " " + r.Address, Range: r.Header, Key: name + " " + r.ID})
				}
			}
		},
	}
}

var fakes = []*analyzers.Analyzer{
	reporter("TL901", "aws_cloudtrail", "trail"),
	reporter("TL902", "aws_kms_key", "key"),
}

// recorder keeps what the runner reports; Fatalf ends the goroutine, as
// testing.T's does.
type recorder struct {
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func run(dir string) (*recorder, []analyzers.Diagnostic) {
	r := &recorder{}
	var diags []analyzers.Diagnostic
	done := make(chan struct{})
	go func() {
		defer close(done)
		diags = analysistest.Run(r, dir, fakes, scan.Options{})
	}()
	<-done
	return r, diags
}

func TestRunComparesDeclaredRules(t *testing.T) {
	for _, tc := range []struct {
		dir    string
		errors []string // fragments, one per reported error, in order
		fatal  string
	}{
		// The key's TL902 finding is not declared: not compared.
		{dir: "declared"},
		{dir: "all"},
		{dir: "undeclared-want", errors: []string{
			`expectation main.tf:5:0 TL902 "key aws_kms_key.main" names TL902, which ` + filepath.Join("testdata", "undeclared-want", "RULES") + " does not declare",
		}},
		{dir: "silent", errors: []string{"unexpected finding main.tf:5:1 TL902: key aws_kms_key.main"}},
		{dir: "all-unexpected", errors: []string{"unexpected finding main.tf:5:1 TL902: key aws_kms_key.main"}},
		{dir: "unknown-rule", fatal: filepath.Join("testdata", "unknown-rule", "RULES") + `:2: unknown rule "TL999"`},
		{dir: "no-rules", fatal: filepath.Join("testdata", "no-rules") + ": no RULES file: name the rules the fixture exercises, or all"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			r, diags := run(filepath.Join("testdata", tc.dir))
			if r.fatal != tc.fatal {
				t.Errorf("fatal %q, want %q", r.fatal, tc.fatal)
			}
			if len(r.errors) != len(tc.errors) {
				t.Fatalf("errors:\n%s\nwant %d", strings.Join(r.errors, "\n"), len(tc.errors))
			}
			for i, e := range r.errors {
				if !strings.Contains(e, tc.errors[i]) {
					t.Errorf("error %d: %q, want it to hold %q", i, e, tc.errors[i])
				}
			}
			if tc.fatal != "" {
				return
			}
			// Every analyzer ran, declared or not: Run returns it all.
			var got []string
			for _, d := range diags {
				got = append(got, fmt.Sprintf("%s:%d %s", d.Range.File, d.Range.Start.Line, d.Rule))
			}
			if want := []string{"main.tf:1 TL901", "main.tf:5 TL902"}; !slices.Equal(got, want) {
				t.Errorf("findings %v, want %v", got, want)
			}
		})
	}
}

func TestParseRules(t *testing.T) {
	for _, tc := range []struct {
		text string
		has  []string // of TL901 TL902
		err  string
	}{
		{text: "TL901", has: []string{"TL901"}},
		{text: "# what the fixture is about\nTL902 # and why\n\nTL901\n", has: []string{"TL901", "TL902"}},
		{text: "all", has: []string{"TL901", "TL902"}},
		{text: "all TL901", err: "RULES: all stands alone: it already holds TL901"},
		{text: "TL901\nTL901", err: "RULES:2: TL901 declared twice"},
		{text: "TL901 tl902", err: `RULES:1: unknown rule "tl902"`},
		{text: "# nothing\n", err: "RULES: no rules declared: name the rules the fixture exercises, or all"},
	} {
		r, err := analysistest.ParseRules("RULES", tc.text, fakes)
		if got := errorText(err); got != tc.err {
			t.Errorf("%q: error %q, want %q", tc.text, got, tc.err)
			continue
		}
		var has []string
		for _, a := range fakes {
			if r.Has(a.Name) {
				has = append(has, a.Name)
			}
		}
		if !slices.Equal(has, tc.has) {
			t.Errorf("%q: declares %v, want %v", tc.text, has, tc.has)
		}
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
