package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
// Which dirs are roots is known only once every dir has been read: a first
// pass reads each dir and parses the files that can call modules. The
// loaders of dirs that call modules keep those trees for the evaluation,
// as long as they fit a budget, so that a root is parsed once; dirs over
// the budget are parsed again when evaluated. Memory holds the roots'
// own files and the roots being evaluated, not the tree.
//
// A dir that declares a trail is also evaluated as a root of its own when
// no root reached it (its only caller has count = 0, or is itself never
// evaluated, or the calls form a cycle): no caller elsewhere can hide it.
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
	if opts.Focus != nil {
		clean = focusDirs(clean, opts.Focus, loaderFor)
		// Roots expand only the calls that lead to the focus dirs: the
		// dirs left are those.
		opts.Focus = make(map[string]bool, len(clean))
		for _, d := range clean {
			opts.Focus[d] = true
		}
	}
	type read struct {
		targets []string
		trail   bool    // the dir's files name a trail or event data store
		l       *loader // kept for the dir's evaluation, or nil
	}
	reads := make([]read, len(clean))
	var kept atomic.Int64
	pool.Each(len(clean), func(i int) {
		l := loaderFor()
		l.recorded = map[string]*parsedFile{}
		targets, calls, ok := l.firstPass(clean[i])
		reads[i].targets, reads[i].trail = targets, l.mentionsTrail(clean[i])
		if ok && calls && kept.Add(l.sourceBytes()) <= keepBudget {
			reads[i].l = l
		}
	})
	called := map[string]int{}
	edges := make(map[string][]string, len(clean))
	for i, r := range reads {
		edges[clean[i]] = r.targets
		for _, t := range r.targets {
			called[t]++
		}
	}
	var roots []string
	for _, d := range clean {
		if called[d] == 0 {
			roots = append(roots, d)
		}
	}
	first := sharedDirs(roots, edges)
	shared.shareFirst(first)
	for i, d := range clean {
		if l := reads[i].l; l != nil {
			if first[d] {
				// A module that several roots reach: the trees the first
				// pass made serve them all.
				for _, name := range slices.Sorted(maps.Keys(l.recorded)) {
					shared.prefill(name, l.recorded[name])
				}
			}
			l.recorded = nil
			if called[d] > 0 {
				reads[i].l = nil // a module: parsed again where needed
			}
		}
	}

	loaded := make([][]string, len(clean))
	// trails holds, for each trail and event data store of each module
	// dir a root evaluated, whether some root evaluated an instance of it.
	trails := map[string]bool{}
	noInstance := map[string]*unmade{}
	var mu sync.Mutex
	evaluate := func(todo []int) {
		pool.Each(len(todo), func(j int) {
			i := todo[j]
			l := reads[i].l
			reads[i].l = nil
			if l == nil {
				l = loaderFor()
			}
			ev := emitRoot(sink, l, fsys, opts, clean[i])
			loaded[i] = ev.loaded
			mu.Lock()
			for k, v := range ev.trails {
				trails[k] = trails[k] || v
			}
			for k, u := range ev.unmade {
				keepUnmade(noInstance, k, u)
			}
			mu.Unlock()
		})
	}
	var todo []int
	trailDirs := make([]bool, len(clean))
	planned := false
	for i, d := range clean {
		trailDirs[i] = reads[i].trail
		// The root a plan was made of is evaluated with it, even when
		// another dir calls it too.
		isPlanRoot := opts.Plan != nil && opts.Plan.Plan != nil && d == opts.Plan.Root
		planned = planned || isPlanRoot
		if called[d] == 0 || isPlanRoot {
			todo = append(todo, i)
		}
	}
	if opts.Plan != nil && opts.Plan.Plan != nil && !planned {
		// No configuration of the plan's root is in the scan: the plan
		// alone tells what its root holds.
		g := &graph.Graph{}
		g.Add(opts.Plan.Plan.Resources()...)
		sink.Unit(graph.Unit{ID: "plan:" + opts.Plan.Root, Graph: g})
	}
	for {
		evaluate(todo)
		todo = hiddenTrails(clean, trailDirs, called, loaded, trails, edges)
		if len(todo) == 0 {
			break
		}
	}
	for i := range reads {
		reads[i].l = nil
	}

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
			rest.graph.Diagnostics = append(rest.graph.Diagnostics, graph.Diagnostic{Severity: graph.SevWarning, Class: graph.ClassInput,
				Summary: fmt.Sprintf("--var %s: no root module of the scan declares a variable %q", n, n),
				Detail:  "Terraform refuses a value for an undeclared variable; check the name."})
		}
	}
	if d, ok := missingSummary(shared.missing); ok {
		rest.graph.Diagnostics = append(rest.graph.Diagnostics, d)
	}
	rest.graph.Diagnostics = append(rest.graph.Diagnostics, unmadeNotes(trails, noInstance)...)
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
func emitRoot(sink graph.Sink, l *loader, fsys fs.FS, opts Options, dir string) rootEval {
	ev := evalRoot(l, dir)
	// A reload lists dirs itself: the caller's listings, which the closure
	// would keep until every unit is in, are the whole tree's.
	opts.Listings = nil
	sink.Unit(graph.Unit{ID: unitID(dir), Graph: ev.part, Reload: func() *graph.Graph {
		return evalRoot(newLoader(fsys, opts), dir).part
	}})
	ev.part = nil // the sink has it
	return ev
}

// hiddenTrails returns the called dirs that declare a trail or an event
// data store of which no root evaluated an instance: their only callers
// have count = 0, or are never evaluated themselves, or the calls form a
// cycle. Each is a root of its own, except those another of them reaches,
// which its evaluation will reach in turn; of dirs that all reach one
// another, the first.
func hiddenTrails(clean []string, trail []bool, called map[string]int, loaded [][]string,
	trails map[string]bool, edges map[string][]string) []int {
	seen := map[string]bool{} // dirs some root evaluated an instance of
	missing := map[string]bool{}
	for k, v := range trails {
		dir, _, _ := strings.Cut(k, "\x00")
		seen[dir] = true
		if !v {
			missing[dir] = true
		}
	}
	var hidden []int
	set := map[string]bool{}
	for i, d := range clean {
		if called[d] > 0 && trail[i] && loaded[i] == nil && (!seen[d] || missing[d]) {
			hidden = append(hidden, i)
			set[d] = true
		}
	}
	var out []int
	reached := reachedFromOthers(set, edges)
	for _, i := range hidden {
		if !reached[clean[i]] {
			out = append(out, i)
		}
	}
	if len(out) == 0 && len(hidden) > 0 {
		out = hidden[:1]
	}
	return out
}

// reachedFromOthers returns the dirs of set that another dir of set calls,
// directly or through other dirs. Each dir of set is walked from once.
func reachedFromOthers(set map[string]bool, edges map[string][]string) map[string]bool {
	reached := map[string]bool{}
	seen := map[string]bool{}
	var stack []string
	for s := range set {
		clear(seen)
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[x] {
				continue
			}
			seen[x] = true
			for _, t := range edges[x] {
				if t != s && set[t] {
					reached[t] = true
				}
				stack = append(stack, t)
			}
		}
	}
	return reached
}

// rootEval is what evaluating one root gave: its graph, the module dirs it
// read, and its trails (see loader.trails).
type rootEval struct {
	part   *graph.Graph
	loaded []string
	trails map[string]bool
	unmade map[string]*unmade
}

// keepBudget bounds the text of the files the first pass parses and keeps
// for the evaluation of roots: their trees take about twenty times that.
const keepBudget = 1 << 20

// sharedDirs returns the dirs that two roots or more reach through local
// module calls: their files are worth sharing from the first parse.
func sharedDirs(roots []string, edges map[string][]string) map[string]bool {
	count := map[string]int{}
	for _, r := range roots {
		seen := map[string]bool{}
		stack := []string{r}
		for len(stack) > 0 {
			d := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[d] {
				continue
			}
			seen[d] = true
			if d != r {
				count[d]++
			}
			stack = append(stack, edges[d]...)
		}
	}
	out := map[string]bool{}
	for d, n := range count {
		if n > 1 {
			out[d] = true
		}
	}
	return out
}

// mentionsTrail reports whether the text of dir's files names a trail or
// an event data store.
func (l *loader) mentionsTrail(dir string) bool {
	for _, name := range l.configFiles(dir) {
		if l.facts(name).trail {
			return true
		}
	}
	return false
}

// sourceBytes is the text the loader has read.
func (l *loader) sourceBytes() int64 {
	n := 0
	for _, b := range l.sources {
		n += len(b)
	}
	return int64(n)
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
	l.plan = l.planFor(dir)
	l.loadRoot(dir)
	if l.shared != nil {
		l.shared.notDownloaded(l.missing)
	}
	out.part = l.finish()
	for d := range l.modules {
		out.loaded = append(out.loaded, d)
	}
	out.trails, out.unmade = l.trails, l.unmade
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
		if !l.facts(name).calls {
			continue
		}
		calls = true
		var f *file
		if _, done := l.parsed[name]; !done && l.recorded != nil {
			var pf *parsedFile
			f, pf = l.parseRecorded(name)
			if pf != nil {
				l.recorded[name] = pf
			}
		} else {
			f = l.parse(name)
		}
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

// blockStart reports whether "module" stands where a native-syntax block
// can start: at the beginning of a line (after blanks, or a byte order
// mark on the first line), followed by its label (a string, or an
// identifier, which may start with any of many characters: anything but a
// space or the "=" of an attribute will do). It scans for "module" rather
// than running a regular expression: every file of the tree goes through
// it, some of them more than once.
func blockStart(src []byte) bool {
	word := []byte("module")
	for off := 0; ; {
		i := bytes.Index(src[off:], word)
		if i < 0 {
			return false
		}
		i += off
		off = i + len(word)
		j := i
		for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
			j--
		}
		atStart := j == 0 || src[j-1] == '\n' || j == 3 && bytes.HasPrefix(src, []byte("\xEF\xBB\xBF"))
		if !atStart {
			continue
		}
		k := off
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && !bytes.ContainsRune([]byte(" \t\r\n="), rune(src[k])) {
			return true
		}
	}
}

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
	return bytes.Contains(src, []byte("*/")) || blockStart(src)
}
