// Package analysistest runs analyzers over fixture trees whose files say
// inline which findings they expect, in the manner of go/analysis's
// analysistest: a comment
//
//	# want TL011@3 "GenerateDataKey"
//
// on a line (also "// want") expects a finding of rule TL011 whose location
// starts on that line, at column 3 (optional), with a message matching the
// regular expression. JSON files cannot hold comments: their expectations
// sit in a sidecar file NAME.want, one "LINE RULE[@COL] "regexp"" per line.
//
// A fixture tree names the rules it exercises in a file RULES at its root:
// rule ids separated by spaces or lines, "#" starting a comment that says
// what the fixture is about, e.g.
//
//	# Undecided conditions are notes, never a refused grant.
//	TL011 TL030
//
// Every analyzer still runs, so that what analyzers do together (one
// finding per defect, the stream's second look) stays real, but only the
// findings of the declared rules are compared: every expectation must be
// met and every finding of a declared rule expected. A declared rule
// without expectations asserts that it says nothing. An expectation of an
// undeclared rule, an unknown rule id, and a tree without RULES are errors,
// so that a declaration never silently drops an expectation and a new rule
// means revisiting only the fixtures that name it. RULES holding "all"
// compares every finding of every rule: a few trees where rules meet (one
// trail with several defects, modules that several roots reach) keep that
// whole view.
package analysistest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/scan"
)

// Want is one expected finding.
type Want struct {
	File    string
	Line    int
	Column  int // 0: any column
	Rule    string
	Message *regexp.Regexp
}

func (w Want) String() string {
	return fmt.Sprintf("%s:%d:%d %s %q", w.File, w.Line, w.Column, w.Rule, w.Message)
}

var wantRe = regexp.MustCompile(`(?:#|//)\s*want\s+((?:TL\d{3}(?:@\d+)?\s+"(?:[^"\\]|\\.)*"\s*)+)`)
var itemRe = regexp.MustCompile(`(TL\d{3})(?:@(\d+))?\s+"((?:[^"\\]|\\.)*)"`)

// TB is what the runner reports to: a *testing.T, or a recorder in the
// runner's own tests, which must see its failures.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Run scans dir with opts, runs the analyzers and checks the findings of
// the rules the fixture declares against its expectations. It returns
// every finding, of declared rules or not, for further checks.
func Run(t TB, dir string, as []*analyzers.Analyzer, opts scan.Options) []analyzers.Diagnostic {
	t.Helper()
	declared, err := ReadRules(dir, as)
	if err != nil {
		t.Fatalf("%v", err)
	}
	res, err := scan.Run(dir, []string{dir}, opts)
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	for _, d := range res.Graph.Diagnostics {
		if d.Severity == graph.SevError {
			t.Errorf("%s: load error: %s: %s", d.Range, d.Summary, d.Detail)
		}
	}
	diags := analyzers.Run(res.Graph, as)
	wants, err := Wants(dir)
	if err != nil {
		t.Fatalf("%v", err)
	}
	var compared []Want
	for _, w := range wants {
		if !declared.Has(w.Rule) {
			t.Errorf("expectation %s names %s, which %s does not declare", w, w.Rule, filepath.Join(dir, RulesFile))
			continue
		}
		compared = append(compared, w)
	}
	Check(t, declared.Filter(diags), compared)
	SameAsStream(t, dir, as, opts, res.Graph, diags)
	return diags
}

// SameAsStream checks that analysing dir unit by unit, as the command does,
// gives exactly what analysing the whole graph g at once gave: the same
// findings and the same problems.
func SameAsStream(t TB, dir string, as []*analyzers.Analyzer, opts scan.Options, g *graph.Graph, diags []analyzers.Diagnostic) {
	t.Helper()
	stream := analyzers.NewStream(as)
	opts.Sink = stream
	if _, err := scan.Run(dir, []string{dir}, opts); err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	sg, sdiags := stream.Result()
	if !reflect.DeepEqual(sdiags, diags) && len(sdiags)+len(diags) > 0 {
		t.Errorf("unit by unit, the findings differ from the whole tree's:\n%s", diff(fmt.Sprint(diags), fmt.Sprint(sdiags)))
	}
	whole := graph.MergeAll([]*graph.Graph{{Diagnostics: g.Diagnostics, Ignores: g.Ignores, Files: g.Files}})
	if !reflect.DeepEqual(sg.Diagnostics, whole.Diagnostics) || !reflect.DeepEqual(sg.Ignores, whole.Ignores) || !reflect.DeepEqual(sg.Files, whole.Files) {
		t.Errorf("unit by unit, the problems, ignores or files differ from the whole tree's:\nwhole: %v %v %v\nunits: %v %v %v",
			whole.Diagnostics, whole.Ignores, whole.Files, sg.Diagnostics, sg.Ignores, sg.Files)
	}
}

// diff shows two renderings from where they part.
func diff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("whole: ...%s\nunits: ...%s", a[from:min(len(a), i+300)], b[from:min(len(b), i+300)])
}

// Check matches findings against expectations one to one.
func Check(t TB, diags []analyzers.Diagnostic, wants []Want) {
	t.Helper()
	used := make([]bool, len(diags))
	for _, w := range wants {
		found := false
		for i, d := range diags {
			if used[i] || d.Rule != w.Rule || d.Range.File != w.File || d.Range.Start.Line != w.Line {
				continue
			}
			if w.Column != 0 && d.Range.Start.Column != w.Column {
				continue
			}
			if !w.Message.MatchString(d.Message) {
				continue
			}
			used[i] = true
			found = true
			break
		}
		if !found {
			t.Errorf("missing finding %s; got:\n%s", w, list(diags))
		}
	}
	for i, d := range diags {
		if !used[i] {
			t.Errorf("unexpected finding %s:%d:%d %s: %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule, d.Message)
		}
	}
}

func list(ds []analyzers.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\t%s %s: %s\n", d.Range, d.Rule, d.Message)
	}
	return b.String()
}

// Wants reads the expectations of every file under dir.
func Wants(dir string) ([]Want, error) {
	var out []Want
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == RulesFile {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if target, ok := strings.CutSuffix(rel, ".want"); ok {
			ws, err := sidecar(target, data)
			out = append(out, ws...)
			return err
		}
		ws, err := inline(rel, data)
		out = append(out, ws...)
		return err
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, err
}

func inline(file string, data []byte) ([]Want, error) {
	var out []Want
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		m := wantRe.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ws, err := items(file, line, m[1])
		if err != nil {
			return nil, err
		}
		out = append(out, ws...)
	}
	return out, sc.Err()
}

func sidecar(file string, data []byte) ([]Want, error) {
	var out []Want
	for i, text := range strings.Split(string(data), "\n") {
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		num, rest, _ := strings.Cut(text, " ")
		line, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("%s.want:%d: want LINE RULE \"regexp\"", file, i+1)
		}
		ws, err := items(file, line, rest)
		if err != nil {
			return nil, err
		}
		out = append(out, ws...)
	}
	return out, nil
}

func items(file string, line int, s string) ([]Want, error) {
	var out []Want
	for _, m := range itemRe.FindAllStringSubmatch(s, -1) {
		col := 0
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
		pat, err := strconv.Unquote(`"` + m[3] + `"`)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		out = append(out, Want{File: file, Line: line, Column: col, Rule: m[1], Message: re})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s:%d: want without expectations", file, line)
	}
	return out, nil
}
