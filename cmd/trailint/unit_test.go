package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/config"
	"github.com/trailint/trailint/graph"
)

// TestPreCommitContext checks what pre-commit relies on: a file named alone
// is read with its directory, so the trail in trail.tf finds its key in
// key.tf (no TL001, no TL030) and the key's policy finding is reported for
// either file; a file that touches no finding reports nothing.
func TestPreCommitContext(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "precommit"))
	tests := []struct {
		files []string
		want  []string // rule@file:line
		code  int
	}{
		{[]string{"trail.tf"}, []string{"TL011@key.tf:11"}, exitFindings},
		{[]string{"key.tf"}, []string{"TL011@key.tf:11"}, exitFindings},
		{[]string{"other.tf"}, nil, exitClean},
		{[]string{"other.tf", "key.tf"}, []string{"TL011@key.tf:11"}, exitFindings},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		code := run(append([]string{"-f", "json"}, tt.files...), &out, &bytes.Buffer{})
		var doc struct {
			Findings []struct {
				Rule, File string
				Line       int
			}
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: %v", tt.files, err)
		}
		var got []string
		for _, f := range doc.Findings {
			got = append(got, f.Rule+"@"+f.File+":"+itoa(f.Line))
		}
		if code != tt.code || len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("trailint %v: exit %d, findings %v; want exit %d, %v", tt.files, code, got, tt.code, tt.want)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestRuleSetCopies checks that re-levelling a rule leaves the shared
// analyzers alone and that a disabled rule is neither run nor shown.
func TestRuleSetCopies(t *testing.T) {
	cfg := &config.Config{
		Disable:  []string{"TL013"},
		Severity: map[string]analyzers.Severity{"TL023": analyzers.Error, "TL001": analyzers.Error},
	}
	run, shown := ruleSet(cfg)
	if len(run) != len(rules.All())-1 || len(shown) != len(run) {
		t.Fatalf("%d rules run, %d shown; want %d", len(run), len(shown), len(rules.All())-1)
	}
	for i, a := range shown {
		if a.Name == "TL013" {
			t.Error("disabled TL013 is shown")
		}
		switch a.Name {
		case "TL023":
			if a.Severity != analyzers.Error || a == run[i] {
				t.Errorf("TL023 shown at %v (same value as the shared one: %v)", a.Severity, a == run[i])
			}
		default:
			// TL001 is already an error: no copy is needed.
			if a != run[i] {
				t.Errorf("%s was copied without a new level", a.Name)
			}
		}
	}
	if lv := rules.Lookup("TL023").Severity; lv != analyzers.Warning {
		t.Errorf("the shared TL023 is now %v", lv)
	}
	ds := []analyzers.Diagnostic{{Rule: "TL023", Severity: analyzers.Warning}, {Rule: "TL012", Severity: analyzers.Warning}}
	relevel(ds, shown)
	if ds[0].Severity != analyzers.Error || ds[1].Severity != analyzers.Warning {
		t.Errorf("relevel: TL023 %v, TL012 %v", ds[0].Severity, ds[1].Severity)
	}
}

func TestColorable(t *testing.T) {
	// /dev/null is a character device, as a terminal is; what is tested is
	// that NO_COLOR and TERM=dumb turn colours off for one.
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer func() { _ = dev.Close() }()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = file.Close() }()
	tests := []struct {
		name, noColor, term string
		w                   any
		want                bool
	}{
		{"device", "", "xterm", dev, true},
		{"NO_COLOR", "1", "xterm", dev, false},
		{"NO_COLOR empty", "", "xterm", dev, true},
		{"dumb terminal", "", "dumb", dev, false},
		{"regular file", "", "xterm", file, false},
		{"buffer", "", "xterm", &bytes.Buffer{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.noColor)
			t.Setenv("TERM", tt.term)
			w, _ := tt.w.(interface{ Write([]byte) (int, error) })
			if got := colorable(w); got != tt.want {
				t.Errorf("colorable = %v, want %v", got, tt.want)
			}
		})
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	for _, c := range []struct {
		o    options
		want bool
	}{{options{}, true}, {options{noColor: true}, false}, {options{output: "x.txt"}, false}} {
		if got := useColor(&c.o, dev); got != c.want {
			t.Errorf("useColor(%+v) on a terminal = %v, want %v", c.o, got, c.want)
		}
	}
}

// TestQuotedReadsOnlyWhatItQuotes checks that the text report reads the
// files its findings and problems are in, and not a file reported for its
// size.
func TestQuotedReadsOnlyWhatItQuotes(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.tf": "a\n", "big.tf": strings.Repeat("x", 100), "other.tf": "o\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diags := []analyzers.Diagnostic{{Range: graph.Range{File: "a.tf"}}}
	problems := []graph.Diagnostic{{Range: graph.Range{File: "big.tf"}}, {Range: graph.Range{File: "missing.tf"}}}
	got := quoted("text", dir, 50, diags, problems)
	if len(got) != 1 || string(got["a.tf"]) != "a\n" {
		t.Errorf("read %v, want a.tf alone", got)
	}
	if got := quoted("sarif", dir, 50, diags, problems); got != nil {
		t.Errorf("sarif reads files: %v", got)
	}
}

// TestUndeclaredVarWarnings checks which undeclared --var names are warned
// about: those of the command line on a directory scan, not a settings
// file's, and none when files are named alone (a pre-commit run sees part
// of the tree).
func TestUndeclaredVarWarnings(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a/main.tf":      "variable \"a_name\" {}\n",
		"b/main.tf":      "variable \"b_name\" {}\n",
		".trailint.yaml": "terraform:\n  vars:\n    a_name: x\n    typo_in_config: y\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--var", "b_name=1", "--var", "typo=2", "."}, `--var typo: no root module of the scan declares a variable "typo"`},
		{[]string{"--var", "typo=2", "a/main.tf"}, ""},
		{[]string{"."}, ""},
	} {
		var out bytes.Buffer
		run(append([]string{"-f", "json"}, c.args...), &out, &bytes.Buffer{})
		var doc struct{ Problems []struct{ Message string } }
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: %v\n%s", c.args, err, out.String())
		}
		var got []string
		for _, p := range doc.Problems {
			got = append(got, p.Message)
		}
		if strings.Join(got, "\n") != c.want && !(c.want != "" && len(got) == 1 && strings.HasPrefix(got[0], c.want)) {
			t.Errorf("trailint %v: problems %q, want %q", c.args, got, c.want)
		}
	}
}
