package cloudformation

import (
	"fmt"
	"slices"
	"sort"

	"github.com/trailint/trailint/graph"
)

// fileResult is what the first pass keeps of one candidate file.
type fileResult struct {
	file     string
	template bool // a template, parsed or not: listed in Files
	notTmpl  bool
	// read are the diagnostics of reading and parsing, which do not depend
	// on how the template is reached.
	read []graph.Diagnostic
	// coupled is the parsed template when its evaluation needs other
	// templates and others may need it: it nests stacks, or imports values
	// and exports some.
	coupled *template
	// leaf is set for a template that imports values but neither nests
	// stacks nor exports any: nothing it holds is needed to evaluate another
	// template, so it is parsed again and evaluated on its own once the
	// exports are known, and its tree is not kept meanwhile.
	leaf bool
	// own is the template evaluated on its own, as a stack of its own; it is
	// dropped when another template turns out to nest this one.
	own *ownStack
}

// ownStack is the result of evaluating a template that neither nests stacks
// nor imports values, as the root stack it is unless another template nests
// it.
type ownStack struct {
	g       *graph.Graph // resources and ignores
	diags   []graph.Diagnostic
	exports []namedExport // with their values, in declaration order
}

// unit is the template's graph as a unit: its resources, ignores and the
// diagnostics of its evaluation.
func (o *ownStack) unit() *graph.Graph {
	g := &graph.Graph{Ignores: o.g.Ignores, Diagnostics: o.diags}
	g.Add(o.g.Resources...)
	return g
}

// shared lists the resources the template's exports refer to: a template
// that imports one of them reaches into this unit.
func (o *ownStack) shared() []string {
	var out []string
	for _, x := range o.exports {
		for _, ref := range x.e.value.AllRefs() {
			out = append(out, ref.ID)
		}
	}
	return out
}

type namedExport struct {
	name string
	e    *export
}

// first reads and parses one file. A template that needs no other template
// is evaluated at once and only its resources and exports are kept.
func (l *loader) first(f string) fileResult {
	u := l.unit()
	res := fileResult{file: f}
	var t *template
	u.guard(f, func() { t = u.template(f, false) })
	res.template, res.notTmpl = len(u.g.Files) > 0, u.notTemplate[f]
	res.read = slices.Clone(u.diags)
	if t == nil {
		return res
	}
	l.declare(t)
	if t.needsOthers() {
		if t.isLeaf() {
			res.leaf = true
		} else {
			res.coupled = t
		}
		return res
	}
	res.own = u.evaluateAlone(t, len(u.diags))
	u.closeWorks()
	return res
}

// needsOthers reports whether evaluating the template needs other templates:
// it nests stacks, or imports values.
func (t *template) needsOthers() bool {
	return t.nests() || imports(t.root)
}

// nests reports whether the template declares a nested stack, or a loop
// that may generate one.
func (t *template) nests() bool {
	for _, r := range t.resources {
		if r.typ == stackType {
			return true
		}
	}
	return t.loops && declares(t.root.get("Resources"), stackType)
}

// isLeaf reports whether the template neither nests stacks nor exports
// values: no other template's evaluation needs it.
func (t *template) isLeaf() bool {
	if t.nests() {
		return false
	}
	exports := false
	if t.outputs != nil && t.outputs.kind == kMap {
		for i, out := range t.outputs.vals {
			if out.get("Export") != nil {
				return false
			}
			if isLoop(t.outputs.keys[i].str) {
				walkKeys(out, func(k *node) { exports = exports || k.str == "Export" })
			}
		}
	}
	return !exports
}

// imports reports whether Fn::ImportValue appears anywhere under n.
func imports(n *node) bool {
	if n == nil {
		return false
	}
	for _, k := range n.keys {
		if k.str == "Fn::ImportValue" {
			return true
		}
	}
	for _, c := range n.vals {
		if imports(c) {
			return true
		}
	}
	for _, c := range n.items {
		if imports(c) {
			return true
		}
	}
	return false
}

// evaluateAlone evaluates t as a root stack, in the phases of a whole Load:
// export names before exports are ready, then resources, then the values of
// its exports, whose diagnostics are kept apart until an import reports
// them. from is where the evaluation's diagnostics start in l.diags.
func (l *loader) evaluateAlone(t *template, from int) *ownStack {
	file := t.file
	s := newStack(l, t, l.newWork())
	own := &ownStack{g: l.g}
	l.guard(file, s.expandLoops)
	seen := map[string]bool{}
	l.guard(file, func() {
		l.stackExports(s, func(name string, e *export) {
			if !seen[name] {
				seen[name] = true
				own.exports = append(own.exports, namedExport{name, e})
			}
		})
	})
	l.exportsReady = true
	l.guard(file, func() { l.addResources(s) })
	l.guard(file, func() {
		for _, x := range own.exports {
			e := x.e
			n := len(l.diags)
			e.value = s.eval(e.out.get("Value"))
			e.diags = slices.Clone(l.diags[n:])
			for _, d := range e.diags {
				delete(l.seenDiag, d) // another output may meet the same problem
			}
			l.diags = l.diags[:n]
		}
	})
	for _, x := range own.exports {
		x.e.stack, x.e.out, x.e.done = nil, nil, true // the tree is released
	}
	own.diags = slices.Clone(l.diags[from:])
	return own
}

// second evaluates, together, the templates that nest stacks or import
// values, once every template evaluated alone has given its exports.
func (l *loader) second(files []string, results []fileResult) {
	var coupled []*template
	order := map[string]int{}
	for i, r := range results {
		l.listed[r.file] = true
		if r.coupled != nil {
			coupled = append(coupled, r.coupled)
			order[r.file] = i
		}
		if r.own == nil && !r.leaf {
			// Known already: not read again when a parent nests it.
			l.read[r.file] = true
			l.templates[r.file] = r.coupled
			if r.notTmpl {
				l.notTemplate[r.file] = true
			}
		}
	}
	l.plan(coupled, order, len(files))
	var alone []ordered
	for i, r := range results {
		if r.own != nil && l.nested[r.file] == 0 {
			alone = append(alone, ordered{i, r.own.exports})
		}
	}
	l.collectExports(alone)
	for _, s := range l.stacks {
		l.guard(s.t.file, func() { l.addResources(s) })
	}
}

// ordered are the exports of a stack evaluated alone, with its place among
// the root stacks.
type ordered struct {
	order   int
	exports []namedExport
}

// finish gives what is not in the units of templates evaluated alone: the
// files read, the diagnostics of reading them, and the templates evaluated
// together.
func (l *loader) finish(results []fileResult) *graph.Graph {
	g := &graph.Graph{}
	seen := map[graph.Diagnostic]bool{}
	diags := func(ds []graph.Diagnostic) {
		for _, d := range ds {
			if !seen[d] {
				seen[d] = true
				g.Diagnostics = append(g.Diagnostics, d)
			}
		}
	}
	for _, r := range results {
		if r.template {
			g.Files = append(g.Files, r.file)
		}
		diags(r.read)
	}
	diags(l.diags)
	g.Add(l.g.Resources...)
	g.Ignores = append(g.Ignores, l.g.Ignores...)
	g.Files = append(g.Files, l.g.Files...)
	g.Sort()
	return g
}

// leaves lists the leaf templates no evaluated stack nests: they are
// evaluated one by one, after second.
func (l *loader) leaves(results []fileResult) []string {
	var out []string
	for _, r := range results {
		if r.leaf && l.nested[r.file] == 0 {
			out = append(out, r.file)
		}
	}
	return out
}

// settle computes the value of every export no template has imported yet,
// keeping the diagnostics it meets with the export, as evaluateAlone does,
// so that leaves evaluated side by side only read the exports.
func (l *loader) settle() {
	l.unnamedExporters()
	names := make([]string, 0, len(l.exports))
	for name := range l.exports {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		e := l.exports[name]
		if e.done {
			continue
		}
		n := len(l.diags)
		l.guard(e.stack.t.file, func() {
			e.busy = true
			e.value = e.stack.eval(e.out.get("Value"))
		})
		e.busy, e.done = false, true
		e.diags = slices.Clone(l.diags[n:])
		for _, d := range e.diags {
			delete(l.seenDiag, d)
		}
		l.diags = l.diags[:n]
	}
	l.frozen = true
}

// leaf evaluates a leaf template as the root stack it is, with the exports
// settled: it reads l and changes nothing of it, so leaves are evaluated on
// every core.
func (l *loader) leaf(f string) *graph.Graph {
	u := l.unit()
	u.exports, u.exportsReady, u.frozen, u.unnamed = l.exports, true, true, l.unnamed
	u.listed[f] = true // the first pass reported its reading
	var t *template
	u.guard(f, func() { t = u.template(f, false) })
	if t != nil {
		s := newStack(u, t, u.newWork())
		u.guard(f, s.expandLoops)
		u.guard(f, func() { u.addResources(s) })
		u.closeWorks()
	}
	g := &graph.Graph{Ignores: u.g.Ignores, Diagnostics: u.diags}
	g.Add(u.g.Resources...)
	return g
}

// share records, as the context of the units that import them, the
// resources of g with the given IDs and what they refer to. With replace,
// g's resources take the place of those recorded under the same IDs: a
// template evaluated alone, then nested by another, is the nested one.
func (l *loader) share(g *graph.Graph, ids []string, replace bool) {
	if len(ids) == 0 {
		return
	}
	l.contextMu.Lock()
	defer l.contextMu.Unlock()
	for _, id := range ids {
		if _, ok := l.context[id]; (replace || !ok) && g.Lookup(id) != nil {
			l.context[id] = graph.Closure(g, []string{id})
		}
	}
}

// contextOf returns the shared resources g's values refer to and does not
// hold.
func (l *loader) contextOf(g *graph.Graph) []*graph.Resource {
	l.contextMu.Lock()
	defer l.contextMu.Unlock()
	var out []*graph.Resource
	seen := map[string]bool{}
	for _, r := range g.Resources {
		for _, a := range r.Props {
			for _, ref := range a.Value.AllRefs() {
				if g.Lookup(ref.ID) != nil || seen[ref.ID] {
					continue
				}
				seen[ref.ID] = true
				for _, c := range l.context[ref.ID] {
					if !seen["\x00"+c.ID] {
						seen["\x00"+c.ID] = true
						out = append(out, c)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// declare notes the parameters given with --parameter or a parameter file
// that t declares.
func (l *loader) declare(t *template) {
	if t.params == nil || t.params.kind != kMap || len(l.cliParams) == 0 {
		return
	}
	l.contextMu.Lock()
	defer l.contextMu.Unlock()
	for _, k := range t.params.keys {
		if name, ok := k.text(); ok && l.cliParams[name] != nil {
			l.declared[name] = true
		}
	}
}

// undeclared reports the parameters to check that no template declares:
// CloudFormation refuses them, and a misspelt name leaves the parameter at
// its default, and the findings about it.
func (l *loader) undeclared() {
	names := slices.Clone(l.opts.CheckParameters)
	for name, v := range l.cliParams {
		if slices.Contains(l.opts.CheckParameterFiles, v.Range.File) && v.Range.File != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range slices.Compact(names) {
		v := l.cliParams[name]
		if l.declared[name] || v == nil {
			continue
		}
		given := "--parameter " + name
		if v.Range.File != "" {
			given = "parameter " + name + " of " + v.Range.File
		}
		l.diag(graph.SevWarning, graph.ClassInput, v.Range,
			fmt.Sprintf("%s: no template of the scan declares a parameter %q", given, name),
			"CloudFormation refuses a value for a parameter the template does not declare; check the name.")
	}
}
