package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/internal/gcpace"
	"github.com/trailint/trailint/internal/partition"
	"github.com/trailint/trailint/report"
	"github.com/trailint/trailint/scan"
)

func check(o *options, paths []string, stdout, stderr io.Writer) int {
	gcpace.Start()
	if !validFormat(o.format) {
		return usageError(stderr, "unknown format %q (want %s)", o.format, strings.Join(report.Formats(), ", "))
	}
	if o.quiet && o.verbose {
		return usageError(stderr, "--quiet and --verbose cannot be used together")
	}
	if o.changed("region") {
		if err := partition.Check(o.region); err != nil {
			return usageError(stderr, "--region: %v", err)
		}
	}
	if o.output != "" {
		if err := checkOutput(o.output); err != nil {
			return usageError(stderr, "--output: %v", err)
		}
	}
	root, err := scanRoot(paths)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	cfg, err := loadConfig(root, o.config, o.maxFileSize)
	if err != nil {
		return configError(stderr, err)
	}
	s, err := merge(o, cfg)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	s.scan.Plan = o.plan
	if s.scan.VarFiles, err = addFiles(root, s.scan.VarFiles, o.varFiles); err != nil {
		return usageError(stderr, "--var-file: %v", err)
	}
	if s.scan.ParameterFiles, err = addFiles(root, s.scan.ParameterFiles, o.paramFiles); err != nil {
		return usageError(stderr, "--parameter-file: %v", err)
	}
	// The entries of files named on the command line are checked too.
	if s.scan.CheckParameterFiles, err = relAll(root, o.paramFiles); err != nil {
		return usageError(stderr, "--parameter-file: %v", err)
	}
	names, err := stackNames(root, o.stackNames)
	if err != nil {
		return usageError(stderr, "--stack-name: %v", err)
	}
	s.scan.StackNames = addAll(s.scan.StackNames, names)
	named := len(paths)
	paths = withoutExcluded(root, paths, s.scan.Exclude)
	runRules, shown := ruleSet(cfg)
	// Units are analysed as they are loaded, so that memory holds the units
	// being evaluated rather than the tree.
	stream := analyzers.NewStream(runRules)
	run := budget.New(budget.Limits{})
	stream.Budget, s.scan.Budget = run, run
	s.scan.Sink = stream
	s.scan.Verbose = o.verbose
	res, err := scan.Run(root, paths, s.scan)
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	if named > 0 && len(paths) == 0 {
		// Every named file is excluded: report on none of them.
		res.Only = map[string]bool{}
	}

	g, diags := stream.Result()
	relevel(diags, shown)
	problems := append(append([]graph.Diagnostic{}, g.Diagnostics...), analyzers.Suppress(diags, enabledIgnores(g.Ignores, shown))...)
	if res.Only != nil {
		diags = analyzers.Touching(diags, res.Named)
		problems = onlyProblems(problems, res.Named)
	}
	sortProblems(problems)
	shownProblems := s.shown(problems, o)

	in := &report.Input{
		Tool:           report.Tool{Name: "trailint", Version: Version, InformationURI: "https://github.com/trailint/trailint"},
		Rules:          shown,
		Diagnostics:    diags,
		Problems:       shownProblems,
		Sources:        quoted(o.format, res.Root, s.scan.MaxFileSize, diags, shownProblems),
		Files:          len(g.Files),
		Root:           res.Root,
		Category:       o.category,
		ShowSuppressed: o.showSuppressed,
		Quiet:          o.quiet,
		Color:          useColor(o, stdout),
	}
	var out bytes.Buffer
	if err := report.Write(&out, o.format, in); err != nil {
		_, _ = fmt.Fprintf(stderr, "trailint: %v\n", err)
		return exitUsage
	}
	if o.output != "" {
		err = writeReport(o.output, out.Bytes())
	} else {
		_, err = stdout.Write(out.Bytes())
	}
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "trailint: %v\n", err)
		return exitUsage
	}
	if o.verbose {
		_, _ = fmt.Fprintf(stderr, "trailint: budget used: %s\n", run.Usage())
	}
	return s.status(len(g.Files), g.Diagnostics, diags, problems)
}

// status is the exit status of a run that read files and loaded
// (loaded, the loaders' diagnostics), found diags and met problems (those
// that concern the files reported on).
func (s *settings) status(files int, loaded []graph.Diagnostic, diags []analyzers.Diagnostic, problems []graph.Diagnostic) int {
	if files == 0 && hasErrors(loaded) || hasInternalError(loaded) {
		return exitUsage
	}
	if s.failNever {
		return exitClean
	}
	for _, d := range diags {
		if d.Suppressed == nil && d.Severity <= s.failLevel {
			return exitFindings
		}
	}
	for _, p := range problems {
		if s.fails(p) {
			return exitFindings
		}
	}
	return exitClean
}

// fails reports whether a loader problem fails the run. A file that does
// not parse hides whatever mistakes it holds, and so does a construct the
// budget stopped at: the first fails the run like a finding of its level
// would, the second whatever its level. What trailint could not evaluate,
// and what it says about the command line or the settings, never does;
// nor does a bug of trailint's, which exits 2 instead.
func (s *settings) fails(p graph.Diagnostic) bool {
	switch p.Class {
	case graph.ClassFile:
		return p.Severity <= s.failLevel
	case graph.ClassBudget:
		return true
	}
	return false
}

// shown are the problems the report shows: evaluation problems only with
// --verbose (a finding that depends on one says so itself); with --quiet,
// only bugs of trailint and those that fail the run (at error, with
// --fail-on never), so that a quiet run that fails always says why.
func (s *settings) shown(ps []graph.Diagnostic, o *options) []graph.Diagnostic {
	var out []graph.Diagnostic
	for _, p := range ps {
		switch {
		case p.Class == graph.ClassEval && !o.verbose:
		case o.quiet && p.Class != graph.ClassInternal && !s.fails(p):
		default:
			out = append(out, p)
		}
	}
	return out
}

// addFiles appends command-line files, made relative to root, to those of
// the settings file.
func addFiles(root string, fromConfig, flags []string) ([]string, error) {
	rel, err := relAll(root, flags)
	if err != nil {
		return nil, err
	}
	return append(fromConfig, rel...), nil
}

// enabledIgnores drops the in-source ignores of disabled rules: they match
// no finding because the rule did not run, not because they are stale.
func enabledIgnores(igs []graph.Ignore, shown []*analyzers.Analyzer) []graph.Ignore {
	on := map[string]bool{"all": true, "*": true}
	for _, a := range shown {
		on[a.Name] = true
	}
	var out []graph.Ignore
	for _, ig := range igs {
		if on[ig.Rule] {
			out = append(out, ig)
		}
	}
	return out
}

func onlyProblems(ps []graph.Diagnostic, named func(string) bool) []graph.Diagnostic {
	var out []graph.Diagnostic
	for _, p := range ps {
		if p.Range.File == "" || named(p.Range.File) {
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
		if p.Class == graph.ClassInternal {
			return true
		}
	}
	return false
}

// useColor reports whether the report is coloured: only on a terminal,
// and not with --no-color or --output.
func useColor(o *options, stdout io.Writer) bool {
	return o.output == "" && !o.noColor && colorable(stdout)
}

// colorable reports whether w is a terminal that wants colours: not when
// NO_COLOR is set to anything but the empty string (no-color.org), not on a
// dumb terminal, and not when w is a pipe or a file.
func colorable(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// quoted reads the files whose lines the text report quotes, and only those:
// the loaders keep no file text, so memory does not grow with the tree.
// Files are read as the scan reads them, so that one above the scan root
// in the repository is quoted too; only regular files within maxSize are
// read, checked on the opened file (a named pipe would block the read).
func quoted(format, root string, maxSize int64, diags []analyzers.Diagnostic, problems []graph.Diagnostic) map[string][]byte {
	if format != "text" {
		return nil
	}
	files := map[string]bool{}
	for _, d := range diags {
		files[d.Range.File] = true
	}
	for _, p := range problems {
		files[p.Range.File] = true
	}
	fsys, err := scan.OpenFS(root)
	if err != nil {
		return nil
	}
	defer fsys.Close()
	out := map[string][]byte{}
	for f := range files {
		if f == "" {
			continue
		}
		if b, err := scan.ReadFile(fsys, f, maxSize); err == nil {
			out[f] = b
		}
	}
	return out
}

// stackNames reads TEMPLATE=NAME pairs, with template paths made relative
// to the scan root like every path the loaders see.
func stackNames(root string, pairs []string) (map[string]string, error) {
	kv, err := keyValues("--stack-name", pairs)
	if err != nil || kv == nil {
		return nil, err
	}
	out := make(map[string]string, len(kv))
	for file, name := range kv {
		rel, err := relAll(root, []string{file})
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("%s: the stack name is empty", file)
		}
		out[rel[0]] = name
	}
	return out, nil
}
