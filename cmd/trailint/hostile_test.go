package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// These tests run trailint on what a stranger's pull request may hold:
// names and values made to act on a terminal or a CI log, lines of
// megabytes, links where the report is written, and file names that look
// like flags.

// writeFiles writes files (slash paths to contents) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const trailWithoutKey = "resource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"b\"\n}\n"

// TestTextEscapesHostileNames names a file and a template's logical id
// with escape sequences and a newline followed by a workflow command: the
// text report shows them escaped.
func TestTextEscapesHostileNames(t *testing.T) {
	dir := t.TempDir()
	name := "a\x1b[2J\n::error file=x::b.tf"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(trailWithoutKey), 0o644); err != nil {
		t.Skipf("cannot make such a file name here: %v", err)
	}
	writeFiles(t, dir, map[string]string{
		"stack.yaml": "Resources:\n  \"T\\e]8;;http://x\\aY\\r\\n::error::z\":\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: b\n      IsLogging: true\n",
	})
	t.Setenv("NO_COLOR", "1")
	t.Chdir(dir)
	var out, errs bytes.Buffer
	code := run(nil, &out, &errs)
	got := out.String()
	for _, want := range []string{
		`a\x1b[2J\n::error file=x::b.tf:1:1: error TL001: trail aws_cloudtrail.t has no customer managed KMS key`,
		`stack.yaml:2:3: error TL001: trail T\x1b]8;;http://x\x07Y\r\n::error::z has no customer managed KMS key`,
		`    2 |   "T\e]8;;http://x\aY\r\n::error::z":`,
		"2 errors in 2 files\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if code != exitFindings || strings.ContainsAny(got, "\x1b\x07\r") {
		t.Errorf("exit %d; raw control characters in:\n%q", code, got)
	}
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("a line reads as a workflow command: %q", line)
		}
	}
}

// TestLongTemplateLine runs the text report on a minified template of
// 2 MB on one line with 2,000 trails without a key: each finding quotes a
// window of the line, so the report grows with the findings alone.
func TestLongTemplateLine(t *testing.T) {
	const trails = 2000
	res := map[string]any{}
	for i := range trails {
		res[fmt.Sprintf("Trail%d", i)] = map[string]any{
			"Type": "AWS::CloudTrail::Trail",
			"Properties": map[string]any{
				"S3BucketName": fmt.Sprintf("logs-%d-%s", i, strings.Repeat("x", 1000)),
				"IsLogging":    true,
			},
		}
	}
	b, err := json.Marshal(map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": res})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"big.json": string(b)})
	t.Setenv("NO_COLOR", "1")
	t.Chdir(dir)
	var out bytes.Buffer
	code := run(nil, &out, &bytes.Buffer{})
	if code != exitFindings || !strings.HasSuffix(out.String(), fmt.Sprintf("%d errors in 1 file\n", trails)) {
		t.Fatalf("exit %d, output ends %q", code, out.String()[max(0, out.Len()-100):])
	}
	// A quoted line is the gutter, at most 160 cells of the line and two
	// ellipses; the rest of a finding is its message and fix.
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "    1 | ") && len(line) > len("    1 | ")+160+2*len("…") {
			t.Fatalf("a quote of %d bytes: %.200q...", len(line), line)
		}
	}
	if max := trails * 1024; out.Len() > max {
		t.Errorf("%d bytes of report for %d findings, want at most %d (the template is %d bytes)", out.Len(), trails, max, len(b))
	}
}

// TestDashDashEndsTheFlags names a file like a flag, as a repository may:
// after --, it is a file to check, not an --exclude that would drop
// main.tf.
func TestDashDashEndsTheFlags(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.tf": trailWithoutKey, "--exclude=*.tf": "# a file\n"})
	t.Chdir(dir)
	var out bytes.Buffer
	if code := run([]string{"-f", "json", "--", "--exclude=*.tf", "main.tf"}, &out, &bytes.Buffer{}); code != exitFindings {
		t.Fatalf("exit %d, want %d:\n%s", code, exitFindings, out.String())
	}
	var doc struct{ Findings []struct{ Rule, File string } }
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Rule != "TL001" || doc.Findings[0].File != "main.tf" {
		t.Errorf("findings %+v, want TL001 in main.tf", doc.Findings)
	}
	// Without --, the name is the flag, and main.tf is excluded.
	if code := run([]string{"--exclude=*.tf", "main.tf"}, &bytes.Buffer{}, &bytes.Buffer{}); code != exitClean {
		t.Errorf("without --: exit %d, want %d", code, exitClean)
	}
}

// TestOutputNeverFollowsALink writes the report where a link, a hard link
// and a device wait for it.
func TestOutputNeverFollowsALink(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"scan/main.tf": trailWithoutKey, "outside.txt": "keep me\n"})
	outside := filepath.Join(dir, "outside.txt")
	t.Chdir(filepath.Join(dir, "scan"))
	if err := os.Symlink(outside, "link.sarif"); err != nil {
		t.Skipf("cannot make links: %v", err)
	}

	var errs bytes.Buffer
	code := run([]string{"-f", "sarif", "-o", "link.sarif"}, &bytes.Buffer{}, &errs)
	want := "trailint: --output: link.sarif is a symbolic link, which trailint does not write through: remove it or name another file\n"
	if code != exitUsage || !strings.HasPrefix(errs.String(), want) {
		t.Errorf("exit %d, stderr %q; want %d, %q", code, errs.String(), exitUsage, want)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me\n" {
		t.Errorf("the link's target now holds %q", b)
	}

	// A hard link to a file elsewhere is replaced, not written through;
	// the report keeps the mode of the file it replaces.
	if err := os.Link(outside, "hard.sarif"); err != nil {
		t.Skipf("cannot make hard links: %v", err)
	}
	if err := os.Chmod("hard.sarif", 0o640); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"-f", "sarif", "-o", "hard.sarif"}, &bytes.Buffer{}, &bytes.Buffer{}); code != exitFindings {
		t.Fatalf("exit %d, want %d", code, exitFindings)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me\n" {
		t.Errorf("the hard link's other name now holds %.40q", b)
	}
	b, err := os.ReadFile("hard.sarif")
	if err != nil || !bytes.Contains(b, []byte(`"ruleId": "TL001"`)) {
		t.Errorf("hard.sarif: %v, %.80q", err, b)
	}
	if info, err := os.Stat("hard.sarif"); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("hard.sarif mode %v, %v; want -rw-r-----", info.Mode(), err)
	}
	if left, _ := filepath.Glob(".*.tmp"); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A device is written to, not replaced.
	if info, err := os.Stat(os.DevNull); err == nil && info.Mode()&os.ModeCharDevice != 0 {
		if code := run([]string{"-o", os.DevNull}, &bytes.Buffer{}, &bytes.Buffer{}); code != exitFindings {
			t.Errorf("-o %s: exit %d, want %d", os.DevNull, code, exitFindings)
		}
	}
}

// TestQuotedReadsAboveTheScanRoot quotes a file above the scan root in the
// repository, as a finding in a module called with ../../ gives, and none
// outside the repository.
func TestQuotedReadsAboveTheScanRoot(t *testing.T) {
	base := t.TempDir()
	writeFiles(t, base, map[string]string{
		"outside.tf":                  "secret\n",
		"repo/.git/HEAD":              "",
		"repo/main.tf":                "module line\n",
		"repo/examples/basic/main.tf": "example line\n",
	})
	diags := []analyzers.Diagnostic{
		{Range: graph.Range{File: "../../main.tf"}},
		{Range: graph.Range{File: "main.tf"}},
		{Range: graph.Range{File: "../../../outside.tf"}},
	}
	got := quoted("text", filepath.Join(base, "repo", "examples", "basic"), 0, diags, nil)
	if len(got) != 2 || string(got["../../main.tf"]) != "module line\n" || string(got["main.tf"]) != "example line\n" {
		t.Errorf("read %q", got)
	}
}

// TestProblemClasses checks what each class of loader problem does: which
// are shown, with and without --verbose and --quiet, and which fail the
// run.
func TestProblemClasses(t *testing.T) {
	p := func(c graph.Class, sev graph.Severity) graph.Diagnostic {
		return graph.Diagnostic{Class: c, Severity: sev, Summary: fmt.Sprintf("%d/%d", c, sev)}
	}
	file, fileNote := p(graph.ClassFile, graph.SevError), p(graph.ClassFile, graph.SevNote)
	eval := p(graph.ClassEval, graph.SevError)
	budget := p(graph.ClassBudget, graph.SevNote)
	input := p(graph.ClassInput, graph.SevError)
	internal := p(graph.ClassInternal, graph.SevError)
	all := []graph.Diagnostic{file, fileNote, eval, budget, input, internal}

	warning := &settings{failLevel: analyzers.Warning}
	never := &settings{failNever: true}
	names := func(ps []graph.Diagnostic) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.Summary)
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		name string
		s    *settings
		o    options
		want string
	}{
		{"default", warning, options{}, "0/0 0/2 2/2 3/0 4/0"},
		{"verbose", warning, options{verbose: true}, "0/0 0/2 1/0 2/2 3/0 4/0"},
		{"quiet", warning, options{quiet: true}, "0/0 2/2 4/0"},
		{"quiet, fail on never", never, options{quiet: true}, "0/0 2/2 4/0"},
	} {
		if got := names(c.s.shown(all, &c.o)); got != c.want {
			t.Errorf("%s: shown %q, want %q", c.name, got, c.want)
		}
	}

	finding := []analyzers.Diagnostic{{Severity: analyzers.Note}}
	for _, c := range []struct {
		name     string
		s        *settings
		files    int
		loaded   []graph.Diagnostic
		diags    []analyzers.Diagnostic
		problems []graph.Diagnostic
		want     int
	}{
		{"a file that does not parse", warning, 1, nil, nil, []graph.Diagnostic{file}, exitFindings},
		{"a note about a file", warning, 1, nil, nil, []graph.Diagnostic{fileNote}, exitClean},
		{"an evaluation error", warning, 1, nil, nil, []graph.Diagnostic{eval}, exitClean},
		{"the budget, at note", warning, 1, nil, nil, []graph.Diagnostic{budget}, exitFindings},
		{"the budget, fail on never", never, 1, nil, nil, []graph.Diagnostic{budget}, exitClean},
		{"an input error", warning, 1, nil, nil, []graph.Diagnostic{input}, exitClean},
		{"an internal error", never, 1, []graph.Diagnostic{internal}, nil, []graph.Diagnostic{internal}, exitUsage},
		{"nothing read", warning, 0, []graph.Diagnostic{file}, nil, []graph.Diagnostic{file}, exitUsage},
		{"a finding below the level", warning, 1, nil, finding, nil, exitClean},
	} {
		if got := c.s.status(c.files, c.loaded, c.diags, c.problems); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
}

// TestNotificationsAreWhatIsShown checks that SARIF's tool execution
// notifications carry the problems the run shows: evaluation problems only
// with --verbose.
func TestNotificationsAreWhatIsShown(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "eval"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"-v"}, "count of aws_kms_key.maybe is unknown: evaluated as one instance whose count values are unknown|" +
			"Invalid count: count must be a whole number from 0 to 10000"},
	} {
		var out, errs bytes.Buffer
		if code := run(append([]string{"-f", "sarif"}, c.args...), &out, &errs); code != exitClean {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs.String())
		}
		var doc struct {
			Runs []struct {
				Invocations []struct {
					ToolExecutionNotifications []struct{ Message struct{ Text string } }
				}
			}
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range doc.Runs[0].Invocations[0].ToolExecutionNotifications {
			got = append(got, n.Message.Text)
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%v: notifications %q, want %q", c.args, got, c.want)
		}
	}
}

// TestVerboseSaysTheBudgetUsed checks the line --verbose writes to
// standard error: every cap of the run, with what was used of it.
func TestVerboseSaysTheBudgetUsed(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "eval"))
	var errs bytes.Buffer
	run([]string{"-v"}, &bytes.Buffer{}, &errs)
	re := regexp.MustCompile(`^trailint: budget used: value size [1-9]\d* of 8388608, collection length \d+ of 100000, ` +
		`evaluation steps [1-9]\d* of 250000, bytes of values [1-9]\d* of 67108864, instances [1-9]\d* of 20000, ` +
		`policy matching work \d+ of 200000000\n$`)
	if !re.MatchString(errs.String()) {
		t.Errorf("stderr %q", errs.String())
	}
	errs.Reset()
	run(nil, &bytes.Buffer{}, &errs)
	if errs.Len() != 0 {
		t.Errorf("without --verbose, stderr %q", errs.String())
	}
}

// TestRepositoryIsTheBoundary runs trailint in an example of a module
// repository, which calls the repository's own module with ../../: the
// trail there is checked and quoted, named from the scan root; a module
// outside the repository is not read.
func TestRepositoryIsTheBoundary(t *testing.T) {
	base := t.TempDir()
	trail := "variable \"name\" {\n  default = \"t\"\n}\nresource \"aws_cloudtrail\" \"t\" {\n  name           = var.name\n  s3_bucket_name = \"b\"\n}\n"
	writeFiles(t, base, map[string]string{
		"outside/main.tf":                trail,
		"repo/.git/HEAD":                 "ref: refs/heads/main\n",
		"repo/main.tf":                   trail,
		"repo/examples/complete/main.tf": "module \"trail\" {\n  source = \"../../\"\n  name   = \"example\"\n}\n",
		"repo/examples/complete/out.tf":  "module \"out\" {\n  source = \"../../../outside\"\n}\n",
	})
	t.Setenv("NO_COLOR", "1")
	t.Chdir(filepath.Join(base, "repo", "examples", "complete"))

	var out bytes.Buffer
	if code := run([]string{"-f", "json", "-v"}, &out, &bytes.Buffer{}); code != exitFindings {
		t.Fatalf("exit %d, want %d", code, exitFindings)
	}
	var doc struct {
		Findings []struct {
			Rule, File   string
			Line, Column int
			Related      []struct{ File, Message string }
		}
		Problems []struct{ File, Message string }
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 {
		t.Fatalf("findings %+v, want one", doc.Findings)
	}
	f := doc.Findings[0]
	if f.Rule != "TL001" || f.File != "../../main.tf" || f.Line != 4 || f.Column != 1 || len(f.Related) != 1 || f.Related[0].File != "main.tf" {
		t.Errorf("finding %+v, want TL001 at ../../main.tf:4:1 called from main.tf", f)
	}
	want := `Module not analysed: module.out (source "../../../outside") is outside the repository`
	if len(doc.Problems) != 1 || doc.Problems[0].File != "out.tf" || doc.Problems[0].Message != want {
		t.Errorf("problems %+v, want %q at out.tf", doc.Problems, want)
	}

	out.Reset()
	run(nil, &out, &bytes.Buffer{})
	for _, line := range []string{
		"../../main.tf:4:1: error TL001: trail module.trail.aws_cloudtrail.t has no customer managed KMS key",
		"    4 | resource \"aws_cloudtrail\" \"t\" {\n      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("text output lacks %q:\n%s", line, out.String())
		}
	}
}
