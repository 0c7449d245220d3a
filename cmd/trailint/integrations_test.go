package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// These tests read the files users copy into their repositories (the
// action, the pre-commit hook, the documented workflow and editor task) and
// check them against the program, so that they cannot drift from it.

func readRepoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestActionUsesRealFlags(t *testing.T) {
	var action struct {
		Inputs  map[string]struct{ Default *string }
		Outputs map[string]struct{ Value string }
		Runs    struct {
			Using string
			Steps []struct {
				Uses string
				Run  string
				Env  map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(readRepoFile(t, "action.yml"), &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	if action.Outputs["sarif-file"].Value != "${{ inputs.sarif-file }}" {
		t.Errorf("output sarif-file = %q", action.Outputs["sarif-file"].Value)
	}
	fl := newFlags(&options{})
	flagRE := regexp.MustCompile(`(?:^|[\s(])--([a-z][a-z-]*)`)
	inputRE := regexp.MustCompile(`\$\{\{\s*inputs\.([a-z-]+)\s*\}\}`)
	var flags []string
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("a run script splices an expression into shell text; pass it through env:\n%s", s.Run)
		}
		for _, m := range flagRE.FindAllStringSubmatch(s.Run, -1) {
			flags = append(flags, m[1])
			if fl.Lookup(m[1]) == nil {
				t.Errorf("action.yml passes --%s, which trailint does not define", m[1])
			}
		}
		for _, v := range s.Env {
			for _, m := range inputRE.FindAllStringSubmatch(v, -1) {
				if _, ok := action.Inputs[m[1]]; !ok {
					t.Errorf("action.yml uses inputs.%s, which it does not declare", m[1])
				}
			}
		}
	}
	for _, want := range []string{"format", "output", "fail-on", "sarif-category", "region", "config"} {
		if !contains(flags, want) {
			t.Errorf("action.yml never passes --%s", want)
		}
	}
	// Options end before the paths, and what is at the report's path is
	// removed, a link not written through (action_test.go runs it).
	var script string
	for _, s := range action.Runs.Steps {
		script += s.Run
	}
	for _, want := range []string{`"$bin" "${args[@]}" -- "${paths[@]}"`, `rm -f -- "$TRAILINT_SARIF"`} {
		if !strings.Contains(script, want) {
			t.Errorf("action.yml does not run %s", want)
		}
	}
	if d := action.Inputs["fail-on"].Default; d == nil || *d != "never" {
		t.Errorf("fail-on defaults to %v; want never, so that the SARIF is uploaded", d)
	}
}

func TestPreCommitHook(t *testing.T) {
	var hooks []struct {
		ID            string
		Entry         string
		Language      string
		Files         string
		Exclude       string
		Args          []string
		RequireSerial bool `yaml:"require_serial"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, ".pre-commit-hooks.yaml"), &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 {
		t.Fatalf("%d hooks, want 1", len(hooks))
	}
	h := hooks[0]
	if h.ID != "trailint" || h.Entry != "trailint" || h.Language != "golang" || !h.RequireSerial {
		t.Errorf("hook = %+v; want id and entry trailint, language golang, require_serial", h)
	}
	// pre-commit runs entry, then args, then the file names.
	if len(h.Args) == 0 || h.Args[len(h.Args)-1] != "--" {
		t.Errorf("hook args %q do not end the options with --", h.Args)
	}
	files, exclude := regexp.MustCompile(h.Files), regexp.MustCompile(h.Exclude)
	for name, want := range map[string]bool{
		"main.tf":                      true,
		"modules/trail/main.tf.json":   true,
		"env/prod.tfvars":              true,
		"env/prod.tfvars.json":         true,
		"stacks/audit.yaml":            true,
		"stacks/audit.yml":             true,
		"cdk.out/Stack.template.json":  true,
		"stacks/audit.template":        true,
		"README.md":                    false,
		"main.go":                      false,
		".terraform/modules/x/main.tf": false,
		"a/node_modules/b/x.json":      false,
	} {
		if got := files.MatchString(name) && !exclude.MatchString(name); got != want {
			t.Errorf("hook passes %s: %v, want %v", name, got, want)
		}
	}
}

func TestWorkflowDocumented(t *testing.T) {
	workflow := readRepoFile(t, "docs/code-scanning.yml")
	doc := string(readRepoFile(t, "docs/integrations.md"))
	if !strings.Contains(doc, "```yaml\n"+string(workflow)+"```\n") {
		t.Error("docs/integrations.md does not show docs/code-scanning.yml as it is")
	}
	var wf struct {
		Jobs map[string]struct {
			Permissions map[string]string
			Steps       []struct {
				ID   string
				Uses string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(workflow, &wf); err != nil {
		t.Fatal(err)
	}
	job := wf.Jobs["trailint"]
	if job.Permissions["security-events"] != "write" {
		t.Error("the workflow cannot upload SARIF without security-events: write")
	}
	var uploads, runs bool
	for _, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "trailint/trailint@"):
			runs = s.ID == "trailint"
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			uploads = s.With["sarif_file"] == "${{ steps.trailint.outputs.sarif-file }}"
		}
	}
	if !runs || !uploads {
		t.Errorf("workflow runs the action with id trailint: %v; uploads its sarif-file output: %v", runs, uploads)
	}
}

// TestProblemMatcher runs the documented VS Code problem matcher over text
// output: it must take each finding's first line, and nothing else.
func TestProblemMatcher(t *testing.T) {
	doc := string(readRepoFile(t, "docs/integrations.md"))
	start := strings.Index(doc, "```json\n")
	end := strings.Index(doc[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no tasks.json in docs/integrations.md")
	}
	var tasks struct {
		Tasks []struct {
			ProblemMatcher struct {
				Pattern struct{ Regexp string }
			}
		}
	}
	if err := json.Unmarshal([]byte(doc[start+8:start+8+end]), &tasks); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(tasks.Tasks[0].ProblemMatcher.Pattern.Regexp)

	t.Setenv("NO_COLOR", "1")
	t.Chdir(filepath.Join("testdata", "cloudformation"))
	var out bytes.Buffer
	run(nil, &out, &bytes.Buffer{})
	var got [][]string
	for _, line := range strings.Split(out.String(), "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			got = append(got, m[1:6])
		}
	}
	want := [][]string{
		{"audit.yaml", "11", "7", "error", "TL001"},
		{"audit.yaml", "17", "7", "warning", "TL012"},
		{"audit.yaml", "26", "13", "warning", "TL013"},
	}
	if len(got) != len(want) {
		t.Fatalf("matched %d lines, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("match %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	fl := newFlags(&options{})
	fl.VisitAll(func(f *pflag.Flag) {
		if !strings.Contains(usageText, "--"+f.Name+" ") {
			t.Errorf("the help does not list --%s", f.Name)
		}
	})
	for i, line := range strings.Split(usageText, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("help line %d is %d columns wide: %q", i+1, n, line)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
