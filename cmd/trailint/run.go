package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/report"
	"github.com/trailint/trailint/scan"
)

// Version is the release of trailint; set at build time with
// -ldflags "-X main.Version=...".
var Version = "0.1.0"

// Exit statuses of the command-line contract.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

const usageHead = `trailint checks that CloudTrail trails and CloudTrail Lake event data stores
in Terraform and CloudFormation encrypt their logs with a customer managed KMS
key that CloudTrail can actually use: the key policy, the key's region and the
key itself. It reads files only; it never calls AWS.

Usage:
  trailint [flags] [PATH ...]    check directories (recursively) or files (default .)
  trailint rules                 list the rules
  trailint explain RULE          show a rule's documentation
  trailint version               print the version

A file named alone is checked in the context of its directory (its Terraform
module, its sibling templates), and only findings that touch it are reported:
this is what pre-commit passes.

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage error or
nothing could be read.

Flags:
`

type options struct {
	format         string
	output         string
	failOn         string
	region         string
	vars           []string
	varFiles       []string
	params         []string
	paramFiles     []string
	showSuppressed bool
	category       string
	maxFileSize    int64
	exclude        []string
}

func newFlags(o *options, stderr io.Writer) *pflag.FlagSet {
	fl := pflag.NewFlagSet("trailint", pflag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.SortFlags = false
	fl.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(report.Formats(), ", "))
	fl.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fl.StringVar(&o.failOn, "fail-on", "warning", "exit 1 on findings at or above this `level`: error, warning, note, never")
	fl.StringVar(&o.region, "region", "", "the `REGION` of Terraform providers and CloudFormation stacks that do not name one")
	fl.StringArrayVar(&o.vars, "var", nil, "set a Terraform variable, `NAME=VALUE` (repeatable)")
	fl.StringArrayVar(&o.varFiles, "var-file", nil, "read Terraform variables from `FILE` (repeatable)")
	fl.StringArrayVar(&o.params, "parameter", nil, "set a CloudFormation parameter, `KEY=VALUE` (repeatable)")
	fl.StringArrayVar(&o.paramFiles, "parameter-file", nil, "read CloudFormation parameters from `FILE` ([{\"ParameterKey\":..,\"ParameterValue\":..}]) (repeatable)")
	fl.BoolVar(&o.showSuppressed, "show-suppressed", false, "also show findings silenced by trailint:ignore comments")
	fl.StringVar(&o.category, "sarif-category", "", "SARIF runAutomationDetails category, to tell several uploads of one commit apart")
	fl.Int64Var(&o.maxFileSize, "max-file-size", 10<<20, "skip files larger than this many `bytes`, with a diagnostic")
	fl.StringArrayVar(&o.exclude, "exclude", nil, "do not scan paths matching `PATTERN` (repeatable)")
	fl.Usage = func() {
		_, _ = fmt.Fprint(stderr, usageHead)
		_, _ = fmt.Fprint(stderr, fl.FlagUsages())
	}
	return fl
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fl := newFlags(&o, stderr)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	paths := fl.Args()
	if len(paths) > 0 {
		switch paths[0] {
		case "version":
			_, _ = fmt.Fprintf(stdout, "trailint %s\n", Version)
			return exitClean
		case "rules":
			return listRules(stdout)
		case "explain":
			return explain(paths[1:], stdout, stderr)
		}
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return check(&o, paths, stdout, stderr)
}

func usageError(stderr io.Writer, format string, a ...any) int {
	_, _ = fmt.Fprintf(stderr, "trailint: "+format+"\n", a...)
	return exitUsage
}

func check(o *options, paths []string, stdout, stderr io.Writer) int {
	if !contains(report.Formats(), o.format) {
		return usageError(stderr, "unknown format %q (want %s)", o.format, strings.Join(report.Formats(), ", "))
	}
	var failLevel analyzers.Severity
	failNever := o.failOn == "never"
	if !failNever {
		lv, err := analyzers.ParseSeverity(o.failOn)
		if err != nil {
			return usageError(stderr, "--fail-on: %v", err)
		}
		failLevel = lv
	}
	vars, err := keyValues("--var", o.vars)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	params, err := keyValues("--parameter", o.params)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	root, err := scanRoot(paths)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	varFiles, err := relAll(root, o.varFiles)
	if err != nil {
		return usageError(stderr, "--var-file: %v", err)
	}
	paramFiles, err := relAll(root, o.paramFiles)
	if err != nil {
		return usageError(stderr, "--parameter-file: %v", err)
	}
	res, err := scan.Run(root, paths, scan.Options{
		Region:         o.region,
		Vars:           vars,
		VarFiles:       varFiles,
		Parameters:     params,
		ParameterFiles: paramFiles,
		MaxFileSize:    o.maxFileSize,
		Exclude:        o.exclude,
	})
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	g := res.Graph
	all := rules.All()
	diags := analyzers.Run(g, all)
	problems := append(append([]graph.Diagnostic{}, g.Diagnostics...), analyzers.Suppress(diags, g.Ignores)...)
	if res.Only != nil {
		diags = onlyTouching(diags, res.Only)
		problems = onlyProblems(problems, res.Only)
	}
	sortProblems(problems)

	out := stdout
	if o.output != "" {
		f, err := os.Create(o.output)
		if err != nil {
			return usageError(stderr, "%v", err)
		}
		defer func() { _ = f.Close() }()
		out = f
	}
	in := &report.Input{
		Tool:           report.Tool{Name: "trailint", Version: Version, InformationURI: "https://github.com/trailint/trailint"},
		Rules:          all,
		Diagnostics:    diags,
		Problems:       problems,
		Sources:        g.Sources,
		Files:          len(g.Files),
		Root:           res.Root,
		Category:       o.category,
		ShowSuppressed: o.showSuppressed,
		Color:          o.output == "" && colorable(stdout),
	}
	if err := report.Write(out, o.format, in); err != nil {
		_, _ = fmt.Fprintf(stderr, "trailint: %v\n", err)
		return exitUsage
	}
	if len(g.Files) == 0 && hasErrors(g.Diagnostics) || hasInternalError(g.Diagnostics) {
		return exitUsage
	}
	if !failNever {
		for _, d := range diags {
			if d.Suppressed == nil && d.Severity <= failLevel {
				return exitFindings
			}
		}
	}
	return exitClean
}

// scanRoot is the directory output paths are relative to: the working
// directory when every path lies in it (a repository checkout, where GitHub
// expects paths from the repository root), else the one directory named.
func scanRoot(paths []string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	inside := true
	for _, p := range paths {
		ap, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if rel, err := filepath.Rel(wd, ap); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			inside = false
		}
	}
	if inside {
		return wd, nil
	}
	if len(paths) != 1 {
		return "", fmt.Errorf("paths outside the working directory must be named one at a time")
	}
	ap, _ := filepath.Abs(paths[0])
	if info, err := os.Stat(ap); err == nil && !info.IsDir() {
		return filepath.Dir(ap), nil
	}
	return ap, nil
}

func relAll(root string, files []string) ([]string, error) {
	var out []string
	for _, f := range files {
		ap, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(root, ap)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s is outside the scan root %s", f, root)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}

func keyValues(flag string, kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("%s %q: want NAME=VALUE", flag, kv)
		}
		m[strings.TrimSpace(k)] = v
	}
	return m, nil
}

// onlyTouching keeps the findings whose location or related locations lie in
// one of the named files.
func onlyTouching(ds []analyzers.Diagnostic, only map[string]bool) []analyzers.Diagnostic {
	var out []analyzers.Diagnostic
	for _, d := range ds {
		keep := only[d.Range.File]
		for _, r := range d.Related {
			keep = keep || only[r.Range.File]
		}
		if keep {
			out = append(out, d)
		}
	}
	return out
}

func onlyProblems(ps []graph.Diagnostic, only map[string]bool) []graph.Diagnostic {
	var out []graph.Diagnostic
	for _, p := range ps {
		if p.Range.File == "" || only[p.Range.File] {
			out = append(out, p)
		}
	}
	return out
}

func sortProblems(ps []graph.Diagnostic) {
	g := graph.Graph{Diagnostics: ps}
	g.Sort()
}

func hasErrors(ps []graph.Diagnostic) bool {
	for _, p := range ps {
		if p.Severity == graph.SevError {
			return true
		}
	}
	return false
}

func hasInternalError(ps []graph.Diagnostic) bool {
	for _, p := range ps {
		if strings.HasPrefix(p.Summary, "internal error") {
			return true
		}
	}
	return false
}

// colorable reports whether w is a terminal that wants colours.
func colorable(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

func listRules(stdout io.Writer) int {
	for _, a := range rules.All() {
		_, _ = fmt.Fprintf(stdout, "%-6s %-8s %s\n", a.Name, a.Severity, a.Title)
	}
	return exitClean
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		return usageError(stderr, "explain takes one rule id, e.g. trailint explain TL011")
	}
	a := rules.Lookup(args[0])
	if a == nil {
		return usageError(stderr, "no rule %q; trailint rules lists them", args[0])
	}
	_, _ = fmt.Fprint(stdout, a.Doc())
	return exitClean
}
