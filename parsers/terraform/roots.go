package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
)

// Load evaluates the Terraform configurations found in dirs (slash paths
// relative to the fsys root, "." for the root). A dir that another dir of the
// set calls as a local module is not a root; every other dir is a root
// module.
//
// Roots are evaluated one at a time per core, each by its own loader, and
// released once evaluated: memory holds the graph and the roots being
// evaluated, not every syntax tree of the scan. The results are merged in
// the order of the roots, so the graph does not depend on scheduling.
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

	// Which dirs are called decides which are roots; only files that
	// mention "module" can call one, so only those are parsed for it.
	// The files read then are kept for the roots: the graph keeps their
	// text anyway, and reading a file twice costs more than holding it.
	targets := make([][]string, len(clean))
	read := make([]map[string][]byte, len(clean))
	trees := make([]map[string]parsedFile, len(clean))
	parallel(len(clean), func(i int) {
		defer func() { _ = recover() }() // the root's own evaluation reports it
		l := newLoader(fsys, opts)
		l.keep = map[string]parsedFile{}
		targets[i] = l.localCalls(clean[i])
		read[i], trees[i] = l.sources, l.keep
	})
	called := map[string]bool{}
	pre := map[string][]byte{}
	preParsed := map[string]parsedFile{}
	for i, ts := range targets {
		for _, t := range ts {
			called[t] = true
		}
		for f, b := range read[i] {
			pre[f] = b
		}
		for f, p := range trees[i] {
			preParsed[f] = p
		}
	}
	var roots []string
	for _, d := range clean {
		if !called[d] {
			roots = append(roots, d)
		}
	}

	parts := make([]*graph.Graph, len(roots))
	loaded := make([][]string, len(roots))
	parallel(len(roots), func(i int) {
		defer func() {
			if r := recover(); r != nil {
				parts[i] = internalError(roots[i], r)
			}
		}()
		rootHook(roots[i])
		l := newLoader(fsys, opts)
		l.pre, l.preParsed = pre, preParsed
		l.module(roots[i])
		l.preload(roots[i], 0, map[string]bool{})
		l.loadRoot(roots[i])
		parts[i] = l.finish()
		for d := range l.modules {
			loaded[i] = append(loaded[i], d)
		}
	})

	// Dirs no root reached (called only from a cycle, or too deep) are still
	// read, so that their syntax errors and ignores are reported.
	seen := map[string]bool{}
	for _, ds := range loaded {
		for _, d := range ds {
			seen[d] = true
		}
	}
	var rest *loader
	for _, d := range clean {
		if !seen[d] {
			if rest == nil {
				rest = newLoader(fsys, opts)
				rest.pre, rest.preParsed = pre, preParsed
			}
			rest.module(d)
		}
	}
	if rest != nil {
		parts = append(parts, rest.finish())
	}
	return merge(parts)
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

// localCalls returns the dirs that dir calls as local modules.
func (l *loader) localCalls(dir string) []string {
	var out []string
	names := map[string]bool{}
	for _, name := range l.configFiles(dir) {
		src := l.readFile(name, hcl.Range{Filename: name})
		if !bytes.Contains(src, []byte("module")) {
			continue
		}
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
	return out
}

// merge joins the graphs of the roots in order. A module two roots call is
// read by both: its diagnostics and ignores are kept once.
func merge(parts []*graph.Graph) *graph.Graph {
	g := &graph.Graph{Sources: map[string][]byte{}}
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
	sort.Slice(g.Ignores, func(i, j int) bool {
		a, b := g.Ignores[i], g.Ignores[j]
		if a.At != b.At {
			return a.At.Less(b.At)
		}
		return a.Rule < b.Rule
	})
	g.Sort()
	return g
}

// parallel calls fn(0) .. fn(n-1) on as many goroutines as there are
// cores.
func parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
