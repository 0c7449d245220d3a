// Package scan finds the files of a scan and hands each format's files to
// its loader, which passes what it loads, unit by unit, to a sink: an
// analyzers.Stream, or a collector that merges the units into one graph. It
// is the only place that opens the file system, and it reads only inside
// the scan root.
package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/parsers/cloudformation"
	"github.com/trailint/trailint/parsers/terraform"
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
	// reported only when they touch one of them.
	Only map[string]bool
}

// skipDirs are never walked: caches and vendored trees, not the user's code.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".terragrunt-cache": true}

// Run scans paths (directories or files, relative to the working directory
// or absolute) under root. A file named alone brings in its directory, so
// that references resolve, and is recorded in Result.Only.
func Run(root string, paths []string, opts Options) (*Result, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	rfs, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rfs.Close() }()
	dfs := newDirFS(rfs)
	defer dfs.Close()
	fsys := fs.FS(dfs)

	sink := opts.Sink
	var c *collector
	if sink == nil {
		c = &collector{}
		sink = c
	}
	res := &Result{Root: abs}
	w := &walker{fsys: fsys, opts: opts, tfDirs: map[string]bool{}, seen: map[string]bool{}, g: &graph.Graph{}, sink: sink,
		listings: map[string][]fs.DirEntry{}, listed: map[string]bool{}}
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
			continue
		}
		if res.Only == nil {
			res.Only = map[string]bool{}
		}
		res.Only[rel] = true
		w.opts.CheckVars, w.opts.CheckParameters, w.opts.CheckParameterFiles = nil, nil, nil
		w.dirOf(rel)
	}
	sink.Unit(graph.Unit{ID: "scan", Graph: w.g})
	w.load()
	sink.Done()
	if c != nil {
		res.Graph = c.Graph()
	}
	return res, nil
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
	fsys   fs.FS
	opts   Options
	tfDirs map[string]bool
	cfn    []string
	seen   map[string]bool
	// g holds the walk's own diagnostics.
	g    *graph.Graph
	sink Sink
	// listings are the entries of the dirs walked, which the Terraform
	// loader would otherwise list again; listed holds their paths.
	listings map[string][]fs.DirEntry
	listed   map[string]bool
}

func (w *walker) excluded(p string) bool {
	for _, pat := range w.opts.Exclude {
		pat = strings.TrimSuffix(pat, "/")
		for q := p; q != "." && q != "/" && q != ""; q = path.Dir(q) {
			if ok, _ := path.Match(pat, q); ok {
				return true
			}
		}
	}
	return false
}

func (w *walker) walk(dir string) {
	err := fs.WalkDir(w.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			w.g.Diagnostics = append(w.g.Diagnostics, graph.Diagnostic{
				Severity: graph.SevWarning,
				Summary:  "cannot read " + p,
				Detail:   unwrapPath(err).Error(),
				Range:    graph.Range{File: p},
			})
			if d != nil && d.IsDir() {
				delete(w.listings, p) // not listed after all
				return fs.SkipDir
			}
			return nil
		}
		if p != dir {
			// Every entry, as fs.ReadDir lists its dir, skipped or not.
			w.list(path.Dir(p), d)
		}
		if d.IsDir() {
			if _, ok := w.listings[p]; !ok {
				w.listings[p] = []fs.DirEntry{} // listed, even if empty
			}
			if p != dir && (skipDirs[d.Name()] || w.excluded(p)) {
				return fs.SkipDir
			}
			return nil
		}
		if !w.excluded(p) {
			w.add(p)
		}
		return nil
	})
	if err != nil {
		w.g.Diagnostics = append(w.g.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Summary: err.Error(), Range: graph.Range{File: dir}})
	}
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
	for _, e := range entries {
		w.list(dir, e)
	}
	for _, e := range entries {
		if !e.IsDir() {
			w.add(path.Join(dir, e.Name()))
		}
	}
}

// list records d as an entry of the listing of dir, once: paths given on
// the command line may walk a dir twice.
func (w *walker) list(dir string, d fs.DirEntry) {
	p := path.Join(dir, d.Name())
	if w.listed[p] {
		return
	}
	w.listed[p] = true
	w.listings[dir] = append(w.listings[dir], d)
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
	dirs := make([]string, 0, len(w.tfDirs))
	for d := range w.tfDirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	sort.Strings(w.cfn)
	w.listed, w.seen = nil, nil // the walk is over
	for d := range w.listings {
		if !w.tfDirs[d] {
			delete(w.listings, d)
		}
	}
	if len(dirs) > 0 {
		w.guarded("Terraform", func() {
			terraform.Stream(w.fsys, dirs, terraform.Options{
				Region:      w.opts.Region,
				Vars:        w.opts.Vars,
				VarFiles:    w.opts.VarFiles,
				MaxFileSize: w.opts.MaxFileSize,
				Listings:    w.listings,
				CheckVars:   w.opts.CheckVars,
				Budget:      w.opts.Budget,
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
