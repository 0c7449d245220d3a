package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"go.yaml.in/yaml/v3"
)

// The action's steps run here as a runner would run them: each bash step
// with `bash --noprofile --norc -eo pipefail`, its env: with the
// expressions evaluated, GITHUB_OUTPUT read back for the steps after it,
// and the steps that use other actions (actions/cache, actions/setup-go)
// played by the test. What cannot run here is those actions themselves.

type actionStep struct {
	ID    string
	Name  string
	If    string
	Uses  string
	With  map[string]string
	Shell string
	Env   map[string]string
	Run   string
}

type actionDef struct {
	Inputs  map[string]struct{ Default string }
	Outputs map[string]struct{ Value string }
	Runs    struct{ Steps []actionStep }
}

// output is the value of one of the action's outputs after a run.
func (r *actionRunner) output(name string) string {
	o, ok := r.def.Outputs[name]
	if !ok {
		r.t.Fatalf("action.yml has no output %s", name)
	}
	return r.subst(o.Value)
}

// actionRunner plays one run of the action in a job.
type actionRunner struct {
	t         *testing.T
	def       actionDef
	repo      string // GITHUB_ACTION_PATH: this repository
	workspace string
	home      string
	cache     string
	inputs    map[string]string
	// path holds the directories of the tools the steps may use; goDir is
	// appended when the runner has a Go, or once setup-go has run.
	path     []string
	goDir    string
	cacheHit bool
	// setupGo is what the setup-go step does: put goDir on the path, or
	// fail as it does when it cannot download Go.
	setupGoFails bool

	outputs map[string]map[string]string
	ran     []string
	failed  bool
	status  int // the exit status of the last run step
	stderr  string
}

// newActionRunner makes a runner whose action caches are in cache
// (XDG_CACHE_HOME): runners that share it share one build of trailint.
func newActionRunner(t *testing.T, cache string) *actionRunner {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the action's scripts are run with bash here")
	}
	var def actionDef
	if err := yaml.Unmarshal(readRepoFile(t, "action.yml"), &def); err != nil {
		t.Fatal(err)
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	r := &actionRunner{
		t: t, def: def, repo: repo,
		workspace: filepath.Join(tmp, "work"),
		home:      filepath.Join(tmp, "home"),
		cache:     cache,
		inputs:    map[string]string{},
		outputs:   map[string]map[string]string{},
	}
	for _, dir := range []string{r.workspace, r.home} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Only these tools, so that no Go is found unless a case puts one.
	tools := filepath.Join(tmp, "tools")
	if err := os.Mkdir(tools, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"bash", "find", "sort", "xargs", "sha256sum", "cut", "head", "tr", "sed", "awk", "cat", "rm", "mkdir", "env", "mktemp", "git"} {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("no %s: %v", name, err)
		}
		if err := os.Symlink(p, filepath.Join(tools, name)); err != nil {
			t.Fatal(err)
		}
	}
	r.path = []string{tools}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go")
	}
	r.goDir = filepath.Dir(goBin)
	// The build uses the action's own caches; pointing them at this
	// machine's keeps it fast and off the network.
	dir := filepath.Join(cache, "trailint-action")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, env := range map[string]string{"go-build": "GOCACHE", "go-mod": "GOMODCACHE"} {
		out, err := exec.Command(goBin, "env", env).Output()
		if err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(dir, name)
		if _, err := os.Lstat(link); err == nil {
			continue
		}
		if err := os.Symlink(strings.TrimSpace(string(out)), link); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expr evaluates the expressions the action uses, and fails on any other.
func (r *actionRunner) expr(e string) string {
	switch {
	case strings.HasPrefix(e, "inputs."):
		name := strings.TrimPrefix(e, "inputs.")
		in, ok := r.def.Inputs[name]
		if !ok {
			r.t.Fatalf("action.yml uses undeclared input %s", name)
		}
		if v, ok := r.inputs[name]; ok {
			return v
		}
		return in.Default
	case strings.HasPrefix(e, "steps."):
		parts := strings.SplitN(e, ".", 4)
		if len(parts) != 4 || parts[2] != "outputs" {
			r.t.Fatalf("expression %q", e)
		}
		return r.outputs[parts[1]][parts[3]]
	case e == "github.action_path":
		return r.repo
	}
	r.t.Fatalf("the test does not know the expression %q", e)
	return ""
}

func (r *actionRunner) subst(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		return r.expr(exprRE.FindStringSubmatch(m)[1])
	})
}

// cond evaluates a step's if: terms joined by &&; without a status
// function a step runs only when no step before it failed.
func (r *actionRunner) cond(c string) bool {
	c = strings.TrimSpace(c)
	if m := exprRE.FindStringSubmatch(c); m != nil && m[0] == c {
		c = m[1]
	}
	if c == "" {
		return !r.failed
	}
	status := false
	ok := true
	for _, term := range strings.Split(c, "&&") {
		term = strings.TrimSpace(term)
		if term == "!cancelled()" {
			status = true
			continue
		}
		m := regexp.MustCompile(`^([a-z][\w.-]*) (==|!=) '([^']*)'$`).FindStringSubmatch(term)
		if m == nil {
			r.t.Fatalf("the test does not know the condition %q", term)
		}
		if (r.expr(m[1]) == m[3]) != (m[2] == "==") {
			ok = false
		}
	}
	return ok && (status || !r.failed)
}

func (r *actionRunner) run() {
	r.t.Helper()
	for i, s := range r.def.Runs.Steps {
		if !r.cond(s.If) {
			continue
		}
		name := s.ID
		if name == "" {
			name = s.Name
		}
		if name == "" {
			name = s.Uses
		}
		r.ran = append(r.ran, name)
		switch {
		case strings.HasPrefix(s.Uses, "actions/cache@"):
			for _, k := range []string{"path", "key", "restore-keys"} {
				if r.subst(s.With[k]) == "" {
					r.t.Fatalf("actions/cache gets an empty %s", k)
				}
			}
			r.outputs[s.ID] = map[string]string{"cache-hit": map[bool]string{true: "true", false: "false"}[r.cacheHit]}
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			if f := r.subst(s.With["go-version-file"]); f != filepath.Join(r.repo, "go.mod") {
				r.t.Errorf("setup-go reads %s, want the action's go.mod", f)
			}
			if s.With["cache"] != "false" {
				r.t.Errorf("setup-go caches %q: the action keeps its own cache", s.With["cache"])
			}
			if r.setupGoFails {
				r.failed = true
				continue
			}
			r.path = append(r.path, r.goDir)
		case s.Uses != "":
			r.t.Fatalf("step %d uses %s, which the test does not play", i, s.Uses)
		default:
			r.runScript(s)
		}
	}
}

func (r *actionRunner) runScript(s actionStep) {
	r.t.Helper()
	if s.Shell != "bash" {
		r.t.Fatalf("step %s has shell %q", s.Name, s.Shell)
	}
	tmp := r.t.TempDir()
	script := filepath.Join(tmp, "step.sh")
	output := filepath.Join(tmp, "output")
	if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(output, nil, 0o644); err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(r.path[0], "bash"), "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = r.workspace
	cmd.Env = []string{
		"PATH=" + strings.Join(r.path, string(os.PathListSeparator)),
		"HOME=" + r.home,
		"XDG_CACHE_HOME=" + r.cache,
		"TMPDIR=" + tmp,
		"LANG=C.UTF-8",
		"GITHUB_ACTION_PATH=" + r.repo,
		"GITHUB_WORKSPACE=" + r.workspace,
		"GITHUB_OUTPUT=" + output,
		"RUNNER_OS=Linux",
		"RUNNER_ARCH=X64",
		"RUNNER_TEMP=" + tmp,
		// The caller's Go settings, which the build must not take.
		"GOOS=plan9",
		"GOFLAGS=-mod=vendor",
		"GOTOOLCHAIN=local",
	}
	if p := os.Getenv("GOPROXY"); p != "" {
		cmd.Env = append(cmd.Env, "GOPROXY="+p)
	}
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+r.subst(v))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	r.stderr += stderr.String()
	r.status = 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			r.t.Fatal(err)
		}
		r.status = exit.ExitCode()
		r.failed = true
	}
	b, err := os.ReadFile(output)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	r.outputs[s.ID] = out
}

func (r *actionRunner) write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.workspace, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// trail is a trail without a key: one TL001 finding on line 1.
const trail = "resource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"b\"\n}\n"

type sarifDoc struct {
	Runs []struct {
		AutomationDetails struct{ ID string } `json:"automationDetails"`
		Invocations       []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ExitCode                   *int `json:"exitCode"`
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			} `json:"toolExecutionNotifications"`
		}
		Results []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
				}
			}
		}
	}
}

var actionSchema *gojsonschema.Schema

// readSARIF reads the report, checks it against the SARIF schema and
// returns it.
func (r *actionRunner) readSARIF() sarifDoc {
	r.t.Helper()
	p := filepath.Join(r.workspace, r.output("sarif-file"))
	fi, err := os.Lstat(p)
	if err != nil {
		r.t.Fatalf("no report: %v\n%s", err, r.stderr)
	}
	if !fi.Mode().IsRegular() {
		r.t.Fatalf("the report is a %v", fi.Mode())
	}
	b, err := os.ReadFile(p)
	if err != nil {
		r.t.Fatal(err)
	}
	if actionSchema == nil {
		s, err := os.ReadFile(filepath.Join("..", "..", "report", "testdata", "sarif-schema-2.1.0.json"))
		if err != nil {
			r.t.Fatal(err)
		}
		if actionSchema, err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(s)); err != nil {
			r.t.Fatal(err)
		}
	}
	res, err := actionSchema.Validate(gojsonschema.NewBytesLoader(b))
	if err != nil {
		r.t.Fatalf("the report is not JSON: %v\n%s", err, b)
	}
	for _, e := range res.Errors() {
		r.t.Errorf("SARIF schema: %s", e)
	}
	var doc sarifDoc
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Runs) != 1 || len(doc.Runs[0].Invocations) != 1 {
		r.t.Fatalf("report: %v\n%s", err, b)
	}
	return doc
}

func (d sarifDoc) files() []string {
	var out []string
	for _, res := range d.Runs[0].Results {
		out = append(out, res.RuleID+" "+res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	return out
}

// TestAction runs the action in the cases it must handle: one path per
// line, with spaces in them and blanks and empty lines around; a later run
// whose cache gave back the build and has no Go; and, when trailint cannot
// be built or cannot run, a failed step that still leaves a SARIF report
// saying why. The cases that build trailint share one build.
func TestAction(t *testing.T) {
	cache := t.TempDir()
	wantSteps := []string{"prepare", "cache", "run"}
	wantFiles := []string{"TL001 audit%20trail/main.tf", "TL001 stacks%20two/key%20file.tf"}
	var key string

	t.Run("paths one per line", func(t *testing.T) {
		r := newActionRunner(t, cache)
		r.write("audit trail/main.tf", trail)
		r.write("stacks two/key file.tf", trail)
		r.write("not named/main.tf", trail)
		// A link at the report's path is removed, never written through.
		outside := filepath.Join(r.home, "outside.txt")
		if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(r.workspace, "trailint.sarif")); err != nil {
			t.Fatal(err)
		}
		r.inputs["path"] = "  audit trail\n\n\tstacks two  \r\n"
		r.path = append(r.path, r.goDir)
		r.run()
		if r.failed || r.status != 0 {
			t.Fatalf("exit status %d:\n%s", r.status, r.stderr)
		}
		key = r.outputs["prepare"]["key"]
		if c := r.output("checked"); c != "true" {
			t.Errorf("output checked = %q, want true", c)
		}
		if !slices.Equal(r.ran, wantSteps) {
			t.Errorf("steps run: %q, want %q (setup-go only without a Go)", r.ran, wantSteps)
		}
		if r.outputs["prepare"]["go"] != "true" {
			t.Errorf("prepare outputs %v: the runner's Go is usable", r.outputs["prepare"])
		}
		doc := r.readSARIF()
		if got := doc.files(); !slices.Equal(got, wantFiles) {
			t.Errorf("findings %q, want %q", got, wantFiles)
		}
		if id := doc.Runs[0].AutomationDetails.ID; id != "trailint/" {
			t.Errorf("category %q", id)
		}
		if b, _ := os.ReadFile(outside); string(b) != "keep" {
			t.Errorf("the report was written through a link: %q", b)
		}
	})

	t.Run("cache hit without Go", func(t *testing.T) {
		r := newActionRunner(t, cache)
		r.write("audit trail/main.tf", trail)
		r.write("stacks two/key file.tf", trail)
		r.inputs["path"] = "audit trail\nstacks two"
		r.cacheHit = true
		r.run()
		if k := r.outputs["prepare"]["key"]; k != key {
			t.Skipf("the sources changed since the build (key %s, then %s)", key, k)
		}
		if r.failed || r.status != 0 {
			t.Fatalf("exit status %d without Go after a cache hit:\n%s", r.status, r.stderr)
		}
		if !slices.Equal(r.ran, wantSteps) {
			t.Errorf("steps run: %q, want %q", r.ran, wantSteps)
		}
		if got := r.readSARIF().files(); !slices.Equal(got, wantFiles) {
			t.Errorf("findings %q, want %q", got, wantFiles)
		}
	})

	fakeGo := func(t *testing.T, r *actionRunner) {
		dir := t.TempDir()
		script := "#!/bin/sh\ncase \"$1\" in\nenv) echo go1.26.0 ;;\n" +
			"build) printf 'cmd/trailint/main.go:3:1: \"quoted\" back\\\\slash \\033[31mred clé\\n\\tnext line\\n' >&2; exit 1 ;;\nesac\n"
		if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		r.path = append(r.path, dir)
	}
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, r *actionRunner)
		// own: the case has a cache of its own, without the build.
		own    bool
		path   string
		steps  []string
		reason string
	}{
		{
			name:  "a path that does not exist",
			setup: func(_ *testing.T, r *actionRunner) { r.path = append(r.path, r.goDir) },
			path:  "audit trail\nno such dir", steps: wantSteps,
			reason: "trailint did not run: trailint: no such dir: no such file or directory\nRun 'trailint --help' for usage. (exit status 2)",
		},
		{
			name:  "a build that fails",
			setup: fakeGo, own: true,
			path: ".", steps: wantSteps,
			reason: "trailint did not run: trailint could not be built: cmd/trailint/main.go:3:1: \"quoted\" back\\slash  [31mred cl  \n next line",
		},
		{
			name: "the first step fails",
			setup: func(t *testing.T, r *actionRunner) {
				r.path = append(r.path, r.goDir)
				if err := os.Remove(filepath.Join(r.path[0], "sha256sum")); err != nil {
					t.Fatal(err)
				}
			},
			own: true, path: ".", steps: []string{"prepare", "run"},
			reason: "trailint did not run: the action's first step, which finds where trailint is built, failed",
		},
		{
			name:  "no Go, and setup-go fails",
			setup: func(_ *testing.T, r *actionRunner) { r.setupGoFails = true }, own: true,
			path: ".", steps: []string{"prepare", "cache", "actions/setup-go@v5", "run"},
			reason: "trailint did not run: no Go to build trailint with: actions/setup-go did not install one",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := cache
			if tt.own {
				c = t.TempDir()
			}
			r := newActionRunner(t, c)
			r.write("audit trail/main.tf", trail)
			r.write("trailint.sarif", "a stale report")
			r.inputs["path"] = tt.path
			r.inputs["category"] = `odd "category"`
			tt.setup(t, r)
			r.run()
			if !slices.Equal(r.ran, tt.steps) {
				t.Errorf("steps run: %q, want %q", r.ran, tt.steps)
			}
			if r.status != 2 {
				t.Errorf("exit status %d, want 2\n%s", r.status, r.stderr)
			}
			if c := r.output("checked"); c != "false" {
				t.Errorf("output checked = %q, want false", c)
			}
			doc := r.readSARIF()
			run := doc.Runs[0]
			inv := run.Invocations[0]
			if inv.ExecutionSuccessful || inv.ExitCode == nil || *inv.ExitCode != 2 {
				t.Errorf("invocation: executionSuccessful %v, exitCode %v", inv.ExecutionSuccessful, inv.ExitCode)
			}
			if n := inv.ToolExecutionNotifications; len(n) != 1 || n[0].Level != "error" || n[0].Message.Text != tt.reason {
				t.Errorf("notifications %+v,\nwant one error: %q", n, tt.reason)
			}
			if len(run.Results) != 0 {
				t.Errorf("results %v", doc.files())
			}
			if run.AutomationDetails.ID != `odd "category"/` {
				t.Errorf("category %q", run.AutomationDetails.ID)
			}
		})
	}
}
