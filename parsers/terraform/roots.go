package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/pool"
)

// Load evaluates the Terraform configurations found in dirs (slash paths
// relative to the fsys root, "." for the root) and returns them as one
// graph. See Stream.
func Load(fsys fs.FS, dirs []string, opts Options) *graph.Graph {
	var c graph.Collector
	Stream(fsys, dirs, opts, &c)
	return c.Graph()
}

// Stream evaluates the Terraform configurations found in dirs and hands
// each root module, with the modules it calls, to sink as soon as it is
// evaluated. A dir that another dir of the set calls as a local module is
// not a root; every other dir is a root module.
//
// Which dirs are roots is known only once every dir has been read, but
// keeping the syntax trees of a whole scan until then would make memory
// grow with the scan. So each dir is read by one loader that, when the dir
// calls modules (as roots do), goes on to evaluate it as a root with the
// trees it just parsed; the unit is withdrawn if another dir turns out to
// call it. Dirs that call nothing, which are mostly modules, wait until the
// roots are known, and are read again then. Memory holds the roots being
// evaluated, not the tree.
func Stream(fsys fs.FS, dirs []string, opts Options, sink graph.Sink) {
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

	shared := newParseCache(sharedBudget)
	loaderFor := func() *loader {
		l := newLoader(fsys, opts)
		l.shared = shared
		return l
	}
	var mu sync.Mutex
	called := map[string]bool{}
	loaded := make([][]string, len(clean))
	evaluated := make([]bool, len(clean))
	pool.Each(len(clean), func(i int) {
		l := loaderFor()
		targets, calls, ok := l.firstPass(clean[i])
		if !ok {
			return // evaluated, if a root, once the roots are known
		}
		mu.Lock()
		for _, t := range targets {
			called[t] = true
		}
		skip := called[clean[i]]
		mu.Unlock()
		if calls && !skip {
			evaluated[i] = true
			loaded[i] = emitRoot(sink, l, fsys, opts, clean[i])
		}
	})
	var todo []int
	for i, d := range clean {
		switch {
		case called[d] && evaluated[i]:
			sink.Drop(unitID(d))
			loaded[i] = nil
		case !called[d] && !evaluated[i]:
			todo = append(todo, i)
		}
	}
	pool.Each(len(todo), func(j int) {
		i := todo[j]
		loaded[i] = emitRoot(sink, loaderFor(), fsys, opts, clean[i])
	})

	// Dirs no root evaluated (modules the analysis has no use for, or
	// called only from a cycle) are still parsed, so that their syntax
	// errors and ignores are reported.
	seen := map[string]bool{}
	for _, ds := range loaded {
		for _, d := range ds {
			seen[d] = true
		}
	}
	var unread []string
	for _, d := range clean {
		if !seen[d] {
			unread = append(unread, d)
		}
	}
	parts := make([]*graph.Graph, len(unread)+1)
	pool.Each(len(unread), func(i int) {
		l := loaderFor()
		l.module(unread[i])
		parts[i] = l.finish()
	})
	rest := loaderFor()
	for _, n := range opts.CheckVars {
		// Terraform refuses a value for a variable the root does not
		// declare: a misspelt name would leave the variable at its
		// default, and the findings about it.
		if !shared.declared[n] {
			rest.graph.Diagnostics = append(rest.graph.Diagnostics, graph.Diagnostic{Severity: graph.SevWarning,
				Summary: fmt.Sprintf("--var %s: no root module of the scan declares a variable %q", n, n),
				Detail:  "Terraform refuses a value for an undeclared variable; check the name."})
		}
	}
	if d, ok := missingSummary(shared.missing); ok {
		rest.graph.Diagnostics = append(rest.graph.Diagnostics, d)
	}
	parts[len(unread)] = rest.finish()
	sink.Unit(graph.Unit{ID: "terraform", Graph: graph.MergeAll(parts)})
}

// missingSummary says once for the run which module calls name modules
// that are not downloaded, at the first of them: whatever they declare is
// not analysed. A trail, key or policy that flows through one says so in
// its own TL030.
func missingSummary(missing map[graph.Range]string) (graph.Diagnostic, bool) {
	if len(missing) == 0 {
		return graph.Diagnostic{}, false
	}
	places := make([]graph.Range, 0, len(missing))
	for at := range missing {
		places = append(places, at)
	}
	sort.Slice(places, func(i, j int) bool { return places[i].Less(places[j]) })
	what := "1 module is"
	if len(places) > 1 {
		what = fmt.Sprintf("%d modules are", len(places))
	}
	var b strings.Builder
	for i, at := range places {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", len(places)-5)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (%s)", missing[at], at)
	}
	return graph.Diagnostic{Severity: graph.SevNote, Class: graph.ClassInput,
		Summary: what + " not downloaded: run terraform init -backend=false to analyse them",
		Detail:  "not analysed: " + b.String(), Range: places[0]}, true
}

// unitID names the unit of a root module.
func unitID(dir string) string { return "terraform:" + dir }

// emitRoot evaluates dir as a root with l, hands it to sink and returns the
// module dirs it read.
func emitRoot(sink graph.Sink, l *loader, fsys fs.FS, opts Options, dir string) []string {
	ev := evalRoot(l, dir)
	// A reload lists dirs itself: the caller's listings, which the closure
	// would keep until every unit is in, are the whole tree's.
	opts.Listings = nil
	sink.Unit(graph.Unit{ID: unitID(dir), Graph: ev.part, Reload: func() *graph.Graph {
		return evalRoot(newLoader(fsys, opts), dir).part
	}})
	return ev.loaded
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
	l.root = dir
	l.loadRoot(dir)
	if l.shared != nil {
		l.shared.notDownloaded(l.missing)
	}
	out.part = l.finish()
	for d := range l.modules {
		out.loaded = append(out.loaded, d)
	}
	return out
}

// rootHook runs before each root is evaluated; tests make it panic.
var rootHook = func(string) {}

// internalError stands for a root whose evaluation panicked: a bug of
// trailint, reported at the root so that the other roots are still analysed
// and the run ends with status 2.
func internalError(dir string, r any) *graph.Graph {
	return &graph.Graph{Diagnostics: []graph.Diagnostic{{
		Severity: graph.SevError,
		Class:    graph.ClassInternal,
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
		if !mayCall(name, src) {
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

// blockStart matches "module" where a native-syntax block can start: at the
// beginning of a line, followed by its label (a string, or an identifier,
// which may start with any of many characters: anything but a space or the
// "=" of an attribute will do).
var blockStart = regexp.MustCompile(`(?m)^\x{FEFF}?[ \t]*module[ \t]*[^ \t\r\n=]`)

// mayCall reports whether a file may hold a module block, without parsing
// it: files of modules name path.module far more often than they call
// modules. It errs towards yes: a block comment may stand before a block on
// its line, and JSON puts blocks under a "module" key.
func mayCall(name string, src []byte) bool {
	if !bytes.Contains(src, []byte("module")) {
		return false
	}
	if strings.HasSuffix(name, ".json") {
		return bytes.Contains(src, []byte(`"module"`))
	}
	return bytes.Contains(src, []byte("*/")) || blockStart.Match(src)
}
