package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/pool"
)

// Load evaluates the Terraform configurations found in dirs (slash paths
// relative to the fsys root, "." for the root). A dir that another dir of the
// set calls as a local module is not a root; every other dir is a root
// module.
//
// Which dirs are roots is known only once every dir has been read, but
// keeping the syntax trees of a whole scan until then would make memory
// grow with the scan. So each dir is read by one loader that, when the dir
// calls modules (as roots do), goes on to evaluate it as a root with the
// trees it just parsed; the result is dropped if another dir turns out to
// call it. Dirs that call nothing, which are mostly modules, wait until the
// roots are known. Memory holds the graph, the text of the files and the
// roots being evaluated. The results are merged in the order of the roots,
// so the graph does not depend on scheduling.
func Load(fsys fs.FS, dirs []string, opts Options) *graph.Graph {
	set := map[string]bool{}
	var clean []string
	for _, d := range dirs {
		d = path.Clean(d)
		if !set[d] {
			set[d] = true
			clean = append(clean, d)
		}
	}
	sort.Strings(clean)

	texts := &fileCache{m: map[string][]byte{}}
	var mu sync.Mutex
	called := map[string]bool{}
	evals := make([]rootEval, len(clean))
	pool.Each(len(clean), func(i int) {
		l := newLoader(fsys, opts)
		l.pre = texts
		targets, calls, ok := l.firstPass(clean[i])
		if !ok {
			return // evaluated, if a root, once the roots are known
		}
		texts.put(l.sources)
		mu.Lock()
		for _, t := range targets {
			called[t] = true
		}
		skip := called[clean[i]]
		mu.Unlock()
		if calls && !skip {
			evals[i] = evalRoot(l, clean[i])
		}
	})
	var roots []string
	var parts []rootEval
	var todo []int
	for i, d := range clean {
		if called[d] {
			continue
		}
		if evals[i].part == nil {
			todo = append(todo, len(roots))
		}
		roots = append(roots, d)
		parts = append(parts, evals[i])
	}
	evals = nil
	pool.Each(len(todo), func(i int) {
		j := todo[i]
		l := newLoader(fsys, opts)
		l.pre = texts
		parts[j] = evalRoot(l, roots[j])
	})

	// Dirs no root reached (called only from a cycle, or too deep) are still
	// read, so that their syntax errors and ignores are reported.
	seen := map[string]bool{}
	graphs := make([]*graph.Graph, 0, len(parts)+1)
	for _, p := range parts {
		for _, d := range p.loaded {
			seen[d] = true
		}
		graphs = append(graphs, p.part)
	}
	var rest *loader
	for _, d := range clean {
		if !seen[d] {
			if rest == nil {
				rest = newLoader(fsys, opts)
				rest.pre = texts
			}
			rest.module(d)
		}
	}
	if rest != nil {
		graphs = append(graphs, rest.finish())
	}
	return merge(graphs)
}

// rootEval is what evaluating one root gave: its graph and the module dirs
// it read.
type rootEval struct {
	part   *graph.Graph
	loaded []string
}

// firstPass returns the dirs that dir calls as local modules, and whether
// it calls modules at all; ok is false when reading it met a bug, which the
// root's own evaluation then reports.
func (l *loader) firstPass(dir string) (targets []string, calls, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			targets, calls, ok = nil, false, false
		}
	}()
	targets, calls = l.localCalls(dir)
	return targets, calls, true
}

// evalRoot evaluates dir as a root with l, turning a panic into an
// internal error at the root.
func evalRoot(l *loader, dir string) (out rootEval) {
	defer func() {
		if r := recover(); r != nil {
			out = rootEval{part: internalError(dir, r)}
		}
	}()
	rootHook(dir)
	l.module(dir)
	l.preload(dir, 0, map[string]bool{})
	l.loadRoot(dir)
	out.part = l.finish()
	for d := range l.modules {
		out.loaded = append(out.loaded, d)
	}
	return out
}

// fileCache holds the text of the files the loaders of one Load read, so
// that a file read by one is not read again by another.
type fileCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func (c *fileCache) get(name string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.m[name]
	return b, ok
}

func (c *fileCache) put(files map[string][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for f, b := range files {
		c.m[f] = b
	}
}

// rootHook runs before each root is evaluated; tests make it panic.
var rootHook = func(string) {}

// internalError stands for a root whose evaluation panicked: a bug of
// trailint, reported at the root so that the other roots are still analysed
// and the run ends with status 2.
func internalError(dir string, r any) *graph.Graph {
	return &graph.Graph{Diagnostics: []graph.Diagnostic{{
		Severity: graph.SevError,
		Summary:  fmt.Sprintf("internal error while evaluating %s: %v", dir, r),
		Detail:   "please report this with the configuration that caused it",
		Range:    graph.Range{File: dir},
	}}}
}

// localCalls returns the dirs that dir calls as local modules, and whether
// any file of dir could call a module.
func (l *loader) localCalls(dir string) (out []string, calls bool) {
	names := map[string]bool{}
	for _, name := range l.configFiles(dir) {
		// The subject is parse's, so that a file that cannot be read is
		// reported as evaluation reports it.
		src := l.readFile(name, hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos})
		if !bytes.Contains(src, []byte("module")) {
			continue
		}
		calls = true
		f := l.parse(name)
		if f == nil {
			continue
		}
		content, _, _ := f.body.PartialContent(topSchema)
		if content == nil {
			continue
		}
		for _, b := range content.Blocks {
			if b.Type != "module" || names[b.Labels[0]] {
				continue
			}
			names[b.Labels[0]] = true
			source := callSource(l.attrsOf(b.Body))
			if t := path.Join(dir, source); isLocalSource(source) && t != dir {
				out = append(out, t)
			}
		}
	}
	return out, calls
}

// merge joins the graphs of the roots in order. A module two roots call is
// read by both: its diagnostics and ignores are kept once.
func merge(parts []*graph.Graph) *graph.Graph {
	g := &graph.Graph{}
	diags := map[graph.Diagnostic]bool{}
	ignores := map[graph.Ignore]bool{}
	files := map[string]bool{}
	for _, p := range parts {
		g.Add(p.Resources...)
		for _, d := range p.Diagnostics {
			if !diags[d] {
				diags[d] = true
				g.Diagnostics = append(g.Diagnostics, d)
			}
		}
		for _, ig := range p.Ignores {
			if !ignores[ig] {
				ignores[ig] = true
				g.Ignores = append(g.Ignores, ig)
			}
		}
		for _, f := range p.Files {
			if !files[f] {
				files[f] = true
				g.Files = append(g.Files, f)
			}
		}
	}
	g.Sort()
	return g
}
