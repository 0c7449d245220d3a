// Package scan finds the files of a scan and hands each format's files to
// its loader, which passes what it loads, unit by unit, to a sink: an
// analyzers.Stream, or a collector that merges the units into one graph. It
// is the only place that opens the file system, and it reads only inside
// the repository that holds the scan root.
package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/parsers/cloudformation"
	"github.com/trailint/trailint/parsers/terraform"
	"github.com/trailint/trailint/parsers/tfplan"
)

// Options are what the command line passes to the loaders.
type Options struct {
	Region         string
	Vars           map[string]string
	VarFiles       []string
	Parameters     map[string]string
	ParameterFiles []string
	StackNames     map[string]string
	MaxFileSize    int64
	// Exclude holds slash-separated path patterns (path.Match, matched
	// against every leading part of a path) that are not scanned.
	Exclude []string
	// CheckVars and CheckParameters are the --var and --parameter names to
	// warn about when nothing scanned declares them: those of the command
	// line (a settings file's serve many scans), and only when whole
	// directories are scanned (files named alone show part of the tree).
	CheckVars       []string
	CheckParameters []string
	// CheckParameterFiles are the parameter files whose entries are checked
	// alike: those named on the command line.
	CheckParameterFiles []string
	// Budget bounds the work of the run; nil means the default limits.
	Budget *budget.Run
	// Plan is the path of a Terraform plan in JSON (terraform show -json)
	// of the first directory scanned, or "".
	Plan string
	// Verbose evaluates every resource, module call, local and output,
	// not only what the analysis reads, so that every evaluation problem
	// is said.
	Verbose bool
	// Sink, when set, receives what the loaders load unit by unit, and
	// Result.Graph is nil; otherwise the units are merged into
	// Result.Graph.
	Sink Sink
}

// Sink receives the units of a scan. Done is called once every unit is in,
// while the tree can still be read.
type Sink interface {
	graph.Sink
	Done()
}

// collector merges units into the graph Run returns without a Sink.
type collector struct{ graph.Collector }

func (*collector) Done() {}

// Result is a loaded scan.
type Result struct {
	Graph *graph.Graph
	// Root is the absolute scan root; every path in the graph is relative
	// to it.
	Root string
	// Only, when not nil, holds the files the user named: findings are
	// reported only when they touch one of them, or lie in one of the
	// directories named beside them (Dirs).
	Only map[string]bool
	Dirs []string
}

// skipDirs are never walked: caches and vendored trees, not the user's code.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".terragrunt-cache": true}

// Run scans paths (directories or files, relative to the working directory
// or absolute) under root. A file named alone brings in its directory, so
// that references resolve, and is recorded in Result.Only.
func Run(root string, paths []string, opts Options) (*Result, error) {
	fsys, err := OpenFS(root)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}

	sink := opts.Sink
	var c *collector
	if sink == nil {
		c = &collector{}
		sink = c
	}
	res := &Result{Root: abs}
	w := &walker{fsys: fsys, above: fsys.Above, opts: opts, tfDirs: map[string]bool{}, seen: map[string]bool{}, g: &graph.Graph{}, sink: sink,
		listings: map[string][]fs.DirEntry{}}
	for _, p := range paths {
		rel, err := relTo(abs, p)
		if err != nil {
			return nil, err
		}
		info, err := fs.Stat(fsys, rel)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPath(err))
		}
		if info.IsDir() {
			w.walk(rel)
			res.Dirs = append(res.Dirs, rel)
			continue
		}
		if res.Only == nil {
			res.Only = map[string]bool{}
		}
		res.Only[rel] = true
		w.opts.CheckVars, w.opts.CheckParameters, w.opts.CheckParameterFiles = nil, nil, nil
		w.dirOf(rel)
	}
	if res.Only != nil && len(w.tfDirs) > 0 {
		w.callers()
	}
	if opts.Plan != "" {
		w.readPlan(abs, res.Dirs)
	}
	sink.Unit(graph.Unit{ID: "scan", Graph: w.g})
	w.load()
	sink.Done()
	if c != nil {
		res.Graph = c.Graph()
	}
	return res, nil
}

// Named reports whether a file is one the user named, or lies in a
// directory named beside files: whether findings there are reported.
func (r *Result) Named(file string) bool {
	if r.Only == nil || r.Only[file] {
		return true
	}
	for _, d := range r.Dirs {
		if d == "." && !strings.HasPrefix(file, "../") || strings.HasPrefix(file, d+"/") {
			return true
		}
	}
	return false
}

// relTo turns a command-line path into a slash path relative to root, and
// refuses paths outside it.
func relTo(root, p string) (string, error) {
	ap, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, ap)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the scan root %s", p, root)
	}
	return filepath.ToSlash(rel), nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type walker struct {
	fsys fs.FS
	// above is how many directories the repository root is above the scan
	// root, for the Terraform loader.
	above  int
	opts   Options
	tfDirs map[string]bool
	cfn    []string
	seen   map[string]bool
	// g holds the walk's own diagnostics.
	g    *graph.Graph
	sink Sink
	// listings are the entries of the dirs walked, as fs.ReadDir gives
	// them, which the Terraform loader would otherwise list again.
	listings map[string][]fs.DirEntry
	// context holds, when files are named alone, every Terraform dir of
	// the scan root: those that may call the named files' dirs.
	context map[string]bool
	// plan is the Terraform plan the command line names, or nil.
	plan *terraform.Plan
}

// excluded matches p and each of its parent directories against the
// exclude patterns.
func (w *walker) excluded(p string) bool {
	for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
		if w.excludedHere(q) {
			return true
		}
	}
	return false
}

// excludedHere matches p alone: in a walk, p's parents were matched on the
// way down.
func (w *walker) excludedHere(p string) bool {
	for _, pat := range w.opts.Exclude {
		if ok, _ := path.Match(strings.TrimSuffix(pat, "/"), p); ok {
			return true
		}
	}
	return false
}

// walk adds the files under dir, a directory named on the command line.
func (w *walker) walk(dir string) {
	if w.excluded(dir) {
		return
	}
	w.walkDir(dir)
}

// walkDir adds the files of dir and walks its subdirectories, except those
// skipped or excluded. Links to directories are not followed. Each name is
// matched against the patterns once, on the way down, so that a deep tree
// costs what its entries do.
func (w *walker) walkDir(dir string) {
	entries, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		w.g.Diagnostics = append(w.g.Diagnostics, graph.Diagnostic{
			Severity: graph.SevWarning,
			Summary:  "cannot read " + dir,
			Detail:   unwrapPath(err).Error(),
			Range:    graph.Range{File: dir},
		})
		return
	}
	if _, ok := w.listings[dir]; !ok {
		w.listings[dir] = entries
	}
	for _, e := range entries {
		// Not path.Join: a deep tree's paths are long, and cleaning each
		// again would cost what the tree's depth does.
		p := e.Name()
		if dir != "." {
			p = dir + "/" + p
		}
		switch {
		case e.IsDir():
			if !skipDirs[e.Name()] && !w.excludedHere(p) {
				w.walkDir(p)
			}
		case !w.excludedHere(p):
			w.add(p)
		}
	}
	// Only the Terraform loader reads the listings, of Terraform dirs:
	// a deep tree of other dirs is not kept.
	if !w.tfDirs[dir] {
		delete(w.listings, dir)
	}
}

// readPlan reads the plan the command line names: it is of the first
// directory scanned, of dirs (the scan root when files are named alone),
// the one terraform plan ran in.
func (w *walker) readPlan(abs string, dirs []string) {
	root := "."
	if len(dirs) > 0 {
		root = dirs[0]
	}
	display := filepath.ToSlash(w.opts.Plan)
	if ap, err := filepath.Abs(w.opts.Plan); err == nil {
		if rel, err := filepath.Rel(abs, ap); err == nil && !strings.HasPrefix(rel, "..") {
			display = filepath.ToSlash(rel)
		}
	}
	p := tfplan.ReadFile(w.opts.Plan, display, tfplan.Options{Budget: w.opts.Budget, Region: w.opts.Region,
		ID: func(addr string) string { return root + ":" + addr }})
	w.g.Diagnostics = append(w.g.Diagnostics, p.Diagnostics...)
	w.g.Files = append(w.g.Files, display)
	w.plan = &terraform.Plan{Plan: p, Root: root}
}

// callers finds, when files are named alone, the Terraform dirs of the
// scan root that may call theirs: the named dirs are then evaluated as the
// roots that call them evaluate them, and a finding in a named file is
// the one the whole tree gives. Only their names are gathered here; the
// loader reads no more of them than leads to the named dirs.
func (w *walker) callers() {
	w.context = map[string]bool{}
	_ = fs.WalkDir(w.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && (skipDirs[d.Name()] || w.excludedHere(p)) {
				return fs.SkipDir
			}
			return nil
		}
		name := strings.ToLower(d.Name())
		if (strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) && !w.excludedHere(p) {
			w.context[path.Dir(p)] = true
		}
		return nil
	})
}

// dirOf adds the siblings of a file named alone: its Terraform module and
// the templates beside it.
func (w *walker) dirOf(file string) {
	dir := path.Dir(file)
	entries, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		w.add(file)
		return
	}
	if _, ok := w.listings[dir]; !ok {
		w.listings[dir] = entries
	}
	for _, e := range entries {
		if !e.IsDir() {
			w.add(path.Join(dir, e.Name()))
		}
	}
}

// add classifies one file by its name.
func (w *walker) add(p string) {
	if w.seen[p] {
		return
	}
	w.seen[p] = true
	name := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
		w.tfDirs[path.Dir(p)] = true
	case strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".tfvars.json"):
		// read by the Terraform loader with its module
	case strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".yml"),
		strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".template"):
		w.cfn = append(w.cfn, p)
	}
}

// load runs the two loaders one after the other: each already spreads its
// roots or templates over every core, and running them side by side would
// hold both formats' working sets at once for no gain in time.
func (w *walker) load() {
	dirs := make([]string, 0, len(w.tfDirs)+len(w.context))
	var focus map[string]bool
	for d := range w.tfDirs {
		dirs = append(dirs, d)
	}
	if w.context != nil {
		focus = w.tfDirs
		for d := range w.context {
			if !w.tfDirs[d] {
				dirs = append(dirs, d)
			}
		}
	}
	sort.Strings(dirs)
	sort.Strings(w.cfn)
	w.seen = nil // the walk is over
	for d := range w.listings {
		if !w.tfDirs[d] {
			delete(w.listings, d)
		}
	}
	if len(dirs) > 0 || w.plan != nil {
		w.guarded("Terraform", func() {
			terraform.Stream(w.fsys, dirs, terraform.Options{
				Region:      w.opts.Region,
				Vars:        w.opts.Vars,
				VarFiles:    w.opts.VarFiles,
				MaxFileSize: w.opts.MaxFileSize,
				Listings:    w.listings,
				CheckVars:   w.opts.CheckVars,
				Budget:      w.opts.Budget,
				Everything:  w.opts.Verbose,
				Above:       w.above,
				Focus:       focus,
				Plan:        w.plan,
			}, w.sink)
		})
		w.listings = nil
	}
	if len(w.cfn) > 0 {
		w.guarded("CloudFormation", func() {
			cloudformation.Stream(w.fsys, w.cfn, cloudformation.Options{
				Region:              w.opts.Region,
				Parameters:          w.opts.Parameters,
				ParameterFiles:      w.opts.ParameterFiles,
				StackNames:          w.opts.StackNames,
				MaxFileSize:         w.opts.MaxFileSize,
				CheckParameters:     w.opts.CheckParameters,
				CheckParameterFiles: w.opts.CheckParameterFiles,
				Budget:              w.opts.Budget,
			}, w.sink)
		})
	}
}

// guarded runs a loader, turning its panic, on its own goroutine where it
// would end the process, into an internal error: the other format is still
// analysed and the run exits 2.
func (w *walker) guarded(format string, load func()) {
	defer func() {
		if r := recover(); r != nil {
			w.sink.Unit(graph.Unit{ID: "internal error: " + format, Graph: &graph.Graph{Diagnostics: []graph.Diagnostic{{
				Severity: graph.SevError,
				Class:    graph.ClassInternal,
				Summary:  fmt.Sprintf("internal error while loading %s: %v", format, r),
				Detail:   "please report this with the files that caused it",
			}}}})
		}
	}()
	load()
}
