package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

// e2eCases run the program in a fixture directory, as a user's shell or CI
// would, and compare everything it prints with a golden file.
var e2eCases = []struct {
	name string
	dir  string // under testdata/
	args []string
}{
	// Terminals and editors.
	{"text_terraform", "terraform", nil},
	{"text_terraform_show_suppressed", "terraform", []string{"--show-suppressed"}},
	{"text_cloudformation", "cloudformation", nil},
	// Machines.
	{"json_terraform", "terraform", []string{"-f", "json"}},
	{"sarif_terraform", "terraform", []string{"--format", "sarif", "--sarif-category", "iac"}},
	{"sarif_cloudformation_output", "cloudformation", []string{"-f", "sarif", "-o", "$TMP/report.sarif"}},
	{"github_terraform", "terraform", []string{"-f", "github"}},
	{"github_cloudformation", "cloudformation", []string{"--format=github"}},
	// Exports named after the stack resolve once the stack's name is given.
	{"stacks_without_names", "stacks", nil},
	{"stacks_with_names", "stacks", []string{"--stack-name", "key.yaml=audit-key"}},
	{"usage_stack_name", "stacks", []string{"--stack-name", "key.yaml="}},
	// pre-commit passes changed files; their directory gives the context.
	{"precommit_dir", "precommit", nil},
	{"precommit_trail_file", "precommit", []string{"trail.tf"}},
	{"precommit_key_file", "precommit", []string{"key.tf"}},
	{"precommit_other_file", "precommit", []string{"other.tf"}},
	{"precommit_github", "precommit", []string{"-f", "github", "other.tf", "trail.tf"}},
	// The settings file, and flags winning over it.
	{"config_default", "config", nil},
	{"config_sarif", "config", []string{"-f", "sarif"}},
	{"config_rules", "config", []string{"rules"}},
	{"config_flags_win", "config", []string{"--region", "us-east-1", "--var", "rotate=true", "--fail-on", "never"}},
	{"config_empty", "config", []string{"--config", "empty.yaml", "--exclude", "skipped"}},
	{"config_empty_fail_on_note", "config", []string{"--config", "empty.yaml", "--exclude", "skipped", "--fail-on", "note"}},
	{"config_excluded_file", "config", []string{"skipped/main.tf"}},
	{"config_bad", "badconfig", nil},
	{"config_bad_rules", "badconfig", []string{"rules"}},
	{"config_outside", "config", []string{"--config", "../terraform/main.tf"}},
	{"config_missing", "config", []string{"--config", "nosuch.yaml"}},
	// Exit statuses and --fail-on.
	{"fail_on_error_with_error", "terraform", []string{"--fail-on", "error"}},
	{"fail_on_error_with_warning", "config", []string{"--config", "empty.yaml", "--exclude", "skipped", "--var", "rotate=false", "--fail-on", "error"}},
	{"fail_on_warning_with_warning", "config", []string{"--config", "empty.yaml", "--exclude", "skipped", "--var", "rotate=false"}},
	{"fail_on_never", "terraform", []string{"--fail-on", "never"}},
	{"parse_error", "broken", nil},
	// What is shown and what fails the run: evaluation problems only with
	// --verbose, and never failing; --quiet keeps findings and what fails.
	{"eval_default", "eval", nil},
	{"eval_verbose", "eval", []string{"--verbose"}},
	{"eval_quiet", "eval", []string{"-q"}},
	{"quiet", "terraform", []string{"--quiet"}},
	{"quiet_parse_error", "broken", []string{"-q"}},
	{"quiet_parse_error_fail_on_never", "broken", []string{"-q", "--fail-on", "never"}},
	// After --, every argument is a path.
	{"dashdash_file", "precommit", []string{"-f", "github", "--", "trail.tf"}},
	{"usage_dashdash_command", "terraform", []string{"--", "version"}},
	// Subcommands.
	{"rules", "terraform", []string{"rules"}},
	{"explain_TL001", "terraform", []string{"explain", "TL001"}},
	{"explain_lower_case", "terraform", []string{"explain", "tl013"}},
	{"version", "terraform", []string{"version"}},
	{"version_flag", "terraform", []string{"--version"}},
	{"help", "terraform", []string{"--help"}},
	{"help_short", "terraform", []string{"-h"}},
	{"help_command", "terraform", []string{"help"}},
	// Usage errors.
	{"usage_unknown_flag", "terraform", []string{"--bogus"}},
	{"usage_format", "terraform", []string{"-f", "xml"}},
	{"usage_fail_on", "terraform", []string{"--fail-on", "sometimes"}},
	{"usage_var", "terraform", []string{"--var", "region"}},
	{"usage_var_file_outside", "terraform", []string{"--var-file", "../config/main.tf"}},
	{"usage_no_such_path", "terraform", []string{"nosuch"}},
	{"usage_two_outside", "terraform", []string{"../config", "../precommit"}},
	{"usage_explain_none", "terraform", []string{"explain"}},
	{"usage_explain_unknown", "terraform", []string{"explain", "TL999"}},
	{"usage_version_args", "terraform", []string{"version", "extra"}},
	{"usage_rules_args", "terraform", []string{"rules", "TL001"}},
	{"usage_version_flag_args", "terraform", []string{"--version", "extra"}},
	{"usage_quiet_verbose", "terraform", []string{"-q", "-v"}},
	{"usage_region_typo", "terraform", []string{"--region", "us-east1"}},
	{"usage_region_unknown", "terraform", []string{"--region", "bogus-1"}},
	{"usage_region_empty", "terraform", []string{"--region="}},
}

func TestEndToEnd(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	for _, tt := range e2eCases {
		t.Run(tt.name, func(t *testing.T) {
			golden, err := filepath.Abs(filepath.Join("testdata", "golden", tt.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "$TMP", tmp)
			}
			t.Chdir(filepath.Join("testdata", tt.dir))
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)

			var got bytes.Buffer
			fmt.Fprintf(&got, "$ trailint %s\n# in testdata/%s\nexit %d\n", strings.Join(tt.args, " "), tt.dir, code)
			section(&got, "stdout", stdout.Bytes())
			section(&got, "stderr", stderr.Bytes())
			if files, _ := filepath.Glob(filepath.Join(tmp, "*")); len(files) > 0 {
				for _, f := range files {
					b, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					section(&got, filepath.Base(f), b)
				}
			}
			out := placeholders(got.Bytes())
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/trailint -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (run go test ./cmd/trailint -update and review the diff)\n%s", golden, firstDiff(want, out))
			}
		})
	}
}

func section(w *bytes.Buffer, name string, b []byte) {
	if len(b) == 0 {
		return
	}
	fmt.Fprintf(w, "-- %s --\n", name)
	w.Write(b)
	if !bytes.HasSuffix(b, []byte("\n")) {
		w.WriteString("\n(no final newline)\n")
	}
}

// rootURI is the absolute scan root SARIF names in originalUriBaseIds,
// and the absolute paths in usage errors; they differ per checkout.
var rootURI = regexp.MustCompile(`(file://)?/[^"\s]*/cmd/trailint/testdata/`)

// budgetLine is what --verbose says the run used, which changes with any
// change to what the loaders evaluate; the limits stay.
var (
	budgetLine = regexp.MustCompile(`(?m)^trailint: budget used: .*$`)
	usedOf     = regexp.MustCompile(`\d+ of `)
)

func placeholders(b []byte) []byte {
	b = budgetLine.ReplaceAllFunc(b, func(line []byte) []byte {
		return usedOf.ReplaceAll(line, []byte("N of "))
	})
	return rootURI.ReplaceAll(b, []byte("$${ROOT}/"))
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}
