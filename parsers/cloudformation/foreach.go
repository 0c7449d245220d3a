package cloudformation

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// Fn::ForEach (the AWS::LanguageExtensions transform) replicates a
// fragment of the Resources, Conditions or Outputs sections, or of a
// resource's properties, once per item of a collection:
//
//	Fn::ForEach::LoopName: [Identifier, Collection, {OutputKey: OutputValue}]
//
// In the fragment, ${Identifier} stands for the item, &{Identifier} for the
// item without its non-alphanumeric characters, and Ref Identifier for the
// item. The collection is a list, or a Ref to a CommaDelimitedList
// parameter, so each stack expands the loops with its own parameters
// before anything is evaluated: a generated resource is then a resource
// like any other.

const (
	loopPrefix         = "Fn::ForEach::"
	languageExtensions = "AWS::LanguageExtensions"
)

func isLoop(key string) bool { return strings.HasPrefix(key, loopPrefix) }

// loopSections are the sections Fn::ForEach may be used in.
var loopSections = []string{"Conditions", "Resources", "Outputs"}

// checkLoops notes whether the template has loops to expand, and reports
// loops written without the transform that expands them: CloudFormation
// refuses such a template. They are expanded all the same, so that what
// they generate is checked once the transform is declared.
func (t *template) checkLoops(root *node) {
	var first *node
	for _, sec := range loopSections {
		walkKeys(root.get(sec), func(k *node) {
			if isLoop(k.str) && first == nil {
				first = k
			}
		})
	}
	if first == nil {
		return
	}
	t.loops = true
	if !transforms(root, languageExtensions) {
		t.diags = append(t.diags, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassFile, Range: first.rng,
			Summary: first.str + " needs Transform: " + languageExtensions,
			Detail:  "CloudFormation expands Fn::ForEach only in templates that declare the " + languageExtensions + " transform, and refuses the template otherwise"})
	}
}

// walkKeys calls f on every mapping key under n.
func walkKeys(n *node, f func(k *node)) {
	if n == nil {
		return
	}
	for i, k := range n.keys {
		f(k)
		walkKeys(n.vals[i], f)
	}
	for _, it := range n.items {
		walkKeys(it, f)
	}
}

// transforms reports whether the template declares the named transform,
// alone or in a list.
func transforms(root *node, name string) bool {
	tr := root.get("Transform")
	if t, ok := tr.text(); ok || tr == nil {
		return t == name
	}
	for _, it := range tr.items {
		if t, ok := it.text(); ok && t == name {
			return true
		}
	}
	return false
}

// expandLoops gives the stack a copy of its template with every loop
// expanded, evaluated with the stack's parameters. The template itself,
// which other stacks of it share, is left as it is.
func (s *stack) expandLoops() {
	t := s.t
	if !t.loops {
		return
	}
	x := &expander{s: s}
	root := t.root
	vals := make([]*node, len(root.vals))
	copy(vals, root.vals)
	e := *t
	s.t = &e
	// Conditions first: a collection may be chosen by a condition a loop
	// generates.
	for _, sec := range loopSections {
		if i := root.find(sec); i >= 0 {
			vals[i] = x.node(root.vals[i], nil)
			if sec == "Conditions" {
				e.conditions = vals[i]
				clear(s.conds)
				clear(s.condWhy)
			}
		}
	}
	e.root = newMap(root, slices.Clone(root.keys), vals)
	e.outputs = e.root.get("Outputs")
	e.resources, e.byName, e.diags = nil, map[string]*resDecl{}, nil
	e.readResources(e.root.get("Resources"))
	for _, d := range e.diags {
		// Generated entries that are not resources.
		s.l.add(d)
	}
	e.diags = nil
}

// expander copies the nodes of a template with loops expanded and
// identifiers replaced. Nodes without either are shared, not copied.
type expander struct {
	s *stack
	// stopped is set once the unit's budget has run out: the iteration
	// being copied and the loops left are not expanded, what was
	// generated before stays, and so does the rest of the template.
	stopped bool
}

// node returns n with the loops under it expanded and the identifiers of
// env replaced.
func (x *expander) node(n *node, env map[string]string) *node {
	if n == nil || x.stopped {
		return n
	}
	if len(env) > 0 {
		// Each copy is a step: loops within loops multiply the copies.
		if over := x.s.spend(budget.Steps, 1, n.rng); over != nil {
			x.stopped = true
			return n
		}
	}
	switch n.kind {
	case kScalar:
		if n.tag != "!!str" || len(env) == 0 {
			return n
		}
		if str, ok := replaceIdents(n.str, env); ok {
			c := *n
			c.str = str
			return &c
		}
		return n
	case kSeq:
		var items []*node
		for i, it := range n.items {
			e := x.node(it, env)
			if e != it && items == nil {
				items = make([]*node, len(n.items))
				copy(items, n.items[:i])
			}
			if items != nil {
				items[i] = e
			}
		}
		if items == nil {
			return n
		}
		c := *n
		c.items = items
		return &c
	case kMap:
		return x.mapping(n, env)
	}
	return n
}

// mapping expands the loops of a mapping into entries of it, and replaces
// identifiers in its keys, its values and Ref Identifier.
func (x *expander) mapping(n *node, env map[string]string) *node {
	if len(n.keys) == 1 && n.keys[0].str == "Ref" {
		if name, ok := n.vals[0].text(); ok {
			if item, ok := env[name]; ok {
				return &node{kind: kScalar, tag: "!!str", str: item, rng: n.rng}
			}
		}
	}
	changed := false
	keys := make([]*node, 0, len(n.keys))
	vals := make([]*node, 0, len(n.vals))
	at := map[string]int{}
	add := func(k, v *node) {
		if i, dup := at[k.str]; dup {
			x.s.l.diag(graph.SevError, graph.ClassEval, k.rng,
				fmt.Sprintf("key %q is set twice (first on line %d)", k.str, keys[i].rng.Start.Line),
				"the keys Fn::ForEach generates must differ from each other and from the keys beside it: CloudFormation refuses the template; trailint analyses the last, as it does for a key written twice")
			keys[i], vals[i] = k, v
			changed = true
			return
		}
		at[k.str] = len(keys)
		keys = append(keys, k)
		vals = append(vals, v)
	}
	for i, k := range n.keys {
		if isLoop(k.str) {
			changed = true
			lk, lv := x.loop(k, n.vals[i], env)
			for j := range lk {
				add(lk[j], lv[j])
			}
			continue
		}
		nk := x.node(k, env)
		nv := x.node(n.vals[i], env)
		changed = changed || nk != k || nv != n.vals[i]
		add(nk, nv)
	}
	if !changed {
		return n
	}
	return newMap(n, keys, vals)
}

// loop expands one Fn::ForEach into the entries it generates, in order.
func (x *expander) loop(key, arg *node, env map[string]string) (keys, vals []*node) {
	s := x.s
	if x.stopped {
		return nil, nil
	}
	a := args(arg, 3)
	if a == nil || a[2].kind != kMap {
		s.l.diag(graph.SevError, graph.ClassFile, key.rng, "invalid "+key.str+": it takes [identifier, collection, {key: value}]", "")
		return nil, nil
	}
	ident, ok := a[0].text()
	if !ok || ident == "" {
		s.l.diag(graph.SevError, graph.ClassFile, a[0].rng, "invalid "+key.str+": the identifier must be a name", "")
		return nil, nil
	}
	if _, dup := env[ident]; dup {
		s.l.diag(graph.SevError, graph.ClassFile, a[0].rng, "invalid "+key.str+": the identifier "+ident+" is the identifier of an enclosing loop", "")
		return nil, nil
	}
	items, why := x.collection(x.node(a[1], env))
	if why != "" {
		x.unknown(key, a[2], why)
		return nil, nil
	}
	for _, item := range items {
		if over := s.spend(budget.Instances, 1, key.rng); over != nil {
			x.stopped = true
			return keys, vals
		}
		inner := make(map[string]string, len(env)+1)
		for k, v := range env {
			inner[k] = v
		}
		inner[ident] = item
		frag := x.node(a[2], inner)
		if x.stopped {
			return keys, vals
		}
		keys = append(keys, frag.keys...)
		vals = append(vals, frag.vals...)
	}
	return keys, vals
}

// collection evaluates a loop's collection to its items, or says why they
// are not known.
func (x *expander) collection(n *node) ([]string, string) {
	v := x.s.eval(n)
	if v == nil || v.Type != graph.List {
		if v != nil && v.Type == graph.Unknown {
			return nil, v.Why
		}
		if d := v.Describe(); d != "" {
			return nil, d
		}
		return nil, "the collection is not a list"
	}
	items := make([]string, 0, len(v.List))
	for _, e := range v.List {
		t, ok := e.ScalarText()
		if !ok || graph.HasHoles(t) {
			return nil, "an item of the collection is known at deploy time: " + e.Describe()
		}
		items = append(items, t)
	}
	return items, ""
}

// unknown says that a loop's collection is not known statically, so the
// number of what it generates is not either. Nothing is generated in its
// place: inventing instances would invent findings. When the loop
// generates trails or event data stores, what is not checked is said at
// once; otherwise only with the evaluation problems.
func (x *expander) unknown(key, frag *node, why string) {
	class, what := graph.ClassEval, "what it generates is"
	for _, typ := range []string{"AWS::CloudTrail::Trail", "AWS::CloudTrail::EventDataStore"} {
		if declares(frag, typ) {
			class, what = graph.ClassInput, "the trails and event data stores it generates are"
			break
		}
	}
	x.s.l.diag(graph.SevNote, class, key.rng, key.str+": "+what+" not checked, since its collection is not known statically",
		why)
}

// declares reports whether some resource under n has the given Type.
func declares(n *node, typ string) bool {
	return declaresMatching(n, func(t string) bool { return t == typ })
}

// declaresPrefix reports whether some resource under n has a Type that
// starts with prefix.
func declaresPrefix(n *node, prefix string) bool {
	return declaresMatching(n, func(t string) bool { return strings.HasPrefix(t, prefix) })
}

func declaresMatching(n *node, match func(string) bool) bool {
	found := false
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil || found {
			return
		}
		if t, ok := n.get("Type").text(); ok && match(t) {
			found = true
			return
		}
		for _, v := range n.vals {
			walk(v)
		}
		for _, it := range n.items {
			walk(it)
		}
	}
	walk(n)
	return found
}

// replaceIdents replaces ${Identifier} by the item and &{Identifier} by
// the item without its non-alphanumeric characters; ok is false when s
// holds neither.
func replaceIdents(s string, env map[string]string) (string, bool) {
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for i := 0; i+1 < len(s); i++ {
		if (s[i] != '$' && s[i] != '&') || s[i+1] != '{' {
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			break
		}
		item, ok := env[s[i+2:i+2+end]]
		if !ok {
			continue
		}
		if s[i] == '&' {
			item = alphanumeric(item)
		}
		b.WriteString(s[done:i])
		b.WriteString(item)
		i += 2 + end
		done = i + 1
	}
	if done == 0 {
		return s, false
	}
	b.WriteString(s[done:])
	return b.String(), true
}

func alphanumeric(s string) string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, s)
}

// newMap is a mapping with the given entries, in the place of n.
func newMap(n *node, keys, vals []*node) *node {
	m := &node{kind: kMap, keys: keys, vals: vals, rng: n.rng, fromTag: n.fromTag}
	m.reindex()
	return m
}
