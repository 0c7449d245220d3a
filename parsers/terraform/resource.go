package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/parsers/tfschema"
	"github.com/zclconf/go-cty/cty"
)

// resNode is a resource or data block, expanded into its instances.
type resNode struct {
	decl     *resourceDecl
	state    int
	insts    []*inst
	shape    cty.Value // what expand returned: unknown when count/for_each is
	valState int
	val      cty.Value
}

// inst is one instance of a resource or data source.
type inst struct {
	m         *modInst
	decl      *resourceDecl
	sc        *scope
	addr      string // full address, module path included
	id        string
	key       string // for_each key
	attrState map[string]int
	attrVals  map[string]cty.Value
	objState  int
	obj       cty.Value
	reg       *regionInfo
	doc       *docResult
}

// node expands a resource block into its instances on first use.
func (m *modInst) node(key string) *resNode {
	n := m.res[key]
	if n == nil {
		n = &resNode{decl: m.mod.resByKey[key]}
		m.res[key] = n
	}
	switch n.state {
	case done:
		return n
	case busy:
		m.l.evalDiag(graph.SevError, "Cycle in count or for_each", m.prefix+key+" depends on its own instances", n.decl.block.DefRange)
		n.shape = unknownBecause(cty.DynamicPseudoType, m.prefix+key+" depends on its own instances")
		return n
	}
	n.state = busy
	d := n.decl
	n.shape = m.expand(d.count, d.forEach, key, d.block.DefRange, func(k string, sc *scope) cty.Value {
		if !m.l.instance(m.prefix+key, d.block.DefRange) {
			return cty.DynamicVal
		}
		in := &inst{m: m, decl: d, sc: sc, addr: m.prefix + key + k}
		in.id = m.root.dir + ":" + in.addr
		if sc.hasEach && sc.eachKey.IsKnown() {
			in.key = sc.eachKey.AsString()
		}
		n.insts = append(n.insts, in)
		return cty.True
	})
	n.state = done
	return n
}

// resValue is what a reference to the resource sees: an object per
// instance, in a tuple for count and an object for for_each.
//
// names, when not nil, are the only attributes the reference reads: the
// objects then hold those alone, and are built for the reference. Most
// references read one attribute of a resource, and building every
// attribute any expression names, for every instance, was most of the
// work of evaluating a configuration.
func (m *modInst) resValue(key string, names []string) cty.Value {
	n := m.node(key)
	if names != nil && n.shape.IsKnown() {
		return m.partialValue(n, names)
	}
	if n.valState == done {
		return n.val
	}
	if n.valState == busy {
		return unknownBecause(cty.DynamicPseudoType, m.prefix+key+" refers to itself")
	}
	n.valState = busy
	if n.shape.IsKnown() {
		n.val = m.shaped(n, (*inst).object)
	} else {
		v := n.shape
		for _, in := range n.insts {
			v = v.Mark(refMark{ID: in.id})
		}
		n.val = v
	}
	n.valState = done
	return n.val
}

// noInstance says that the counted resource or module call at addr (in
// this module) has no instance, and where its count is.
func (m *modInst) noInstance(addr string, count *hcl.Attribute) becauseMark {
	return becauseMark(m.prefix + addr + " has no instance (its count is 0 at " + m.l.rng(count.Expr.Range()).String() + ")")
}

// partialValue is resValue with only the attributes named.
func (m *modInst) partialValue(n *resNode, names []string) cty.Value {
	return m.shaped(n, func(in *inst) cty.Value { return in.objectOf(names) })
}

// shaped gathers obj of each instance of a resource whose shape is known:
// a tuple for count, an object for for_each, the one object otherwise.
func (m *modInst) shaped(n *resNode, obj func(*inst) cty.Value) cty.Value {
	d := n.decl
	switch {
	case d.count != nil:
		if len(n.insts) == 0 {
			return cty.EmptyTupleVal.Mark(m.noInstance(d.key, d.count))
		}
		objs := make([]cty.Value, len(n.insts))
		for i, in := range n.insts {
			objs[i] = obj(in)
		}
		return cty.TupleVal(objs)
	case d.forEach != nil:
		objs := make(map[string]cty.Value, len(n.insts))
		for _, in := range n.insts {
			objs[in.key] = obj(in)
		}
		return cty.ObjectVal(objs)
	case len(n.insts) == 1:
		return obj(n.insts[0])
	}
	return cty.DynamicVal
}

// attr evaluates a configured argument (without the instance's own ref).
func (in *inst) attr(name string) cty.Value {
	switch in.attrState[name] {
	case done:
		return in.attrVals[name]
	case busy:
		in.m.l.evalDiag(graph.SevError, "Cycle", in.addr+"."+name+" depends on itself", in.decl.attrs[name].Range)
		return unknownBecause(cty.DynamicPseudoType, in.addr+"."+name+" depends on itself")
	}
	if in.attrState == nil {
		// Made on first use: many instances are never read by name.
		in.attrState, in.attrVals = map[string]int{}, map[string]cty.Value{}
	}
	in.attrState[name] = busy
	v := in.sc.eval(in.decl.attrs[name].Expr)
	if in.attrState[name] == busy {
		in.attrVals[name] = v
		in.attrState[name] = done
	}
	return in.attrVals[name]
}

// object is the instance as references see it: the arguments and computed
// attributes whose names some reference uses, each marked as coming from
// this instance.
func (in *inst) object() cty.Value {
	switch in.objState {
	case done:
		return in.obj
	case busy:
		in.m.l.evalDiag(graph.SevError, "Cycle between resources", in.addr+" depends on itself", in.decl.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, in.addr+" depends on itself")
	}
	in.objState = busy
	l := in.m.l
	attrs := make(map[string]cty.Value, len(l.names))
	for name := range l.names {
		attrs[name] = in.attrValue(name)
	}
	in.obj = cty.ObjectVal(attrs)
	in.objState = done
	return in.obj
}

// objectOf is the instance as a reference that reads only names sees.
func (in *inst) objectOf(names []string) cty.Value {
	if in.objState == done {
		return in.obj
	}
	attrs := make(map[string]cty.Value, len(names))
	for _, name := range names {
		attrs[name] = in.attrValue(name)
	}
	return cty.ObjectVal(attrs)
}

// attrValue is one attribute as references see it, marked as coming from
// the instance.
func (in *inst) attrValue(name string) cty.Value {
	l := in.m.l
	ref := refMark{ID: in.id, Attr: name}
	if _, ok := in.decl.attrs[name]; ok && !in.computedOnly(name) {
		return in.attr(name).Mark(ref)
	}
	v, why := in.computed(name)
	if why == "" {
		return v.Mark(ref)
	}
	// WithMarks copies the set, so one scratch set serves every value.
	clear(l.marks)
	l.marks[whyMark(why)] = struct{}{}
	l.marks[ref] = struct{}{}
	return v.WithMarks(l.marks)
}

// computedOnly names outputs of pure data sources that share a name with
// nothing the user writes.
func (in *inst) computedOnly(name string) bool {
	return in.decl.data && in.decl.typ == "aws_iam_policy_document" && (name == "json" || name == "minified_json")
}

// emit adds the instances of a node to the graph.
func (m *modInst) emit(n *resNode) {
	for _, in := range n.insts {
		in.emit()
	}
}

// emitDocs adds the policy documents that were evaluated: those some key
// policy (or something else evaluated) reads.
func (l *loader) emitDocs() {
	ids := make([]string, 0, len(l.docs))
	for id := range l.docs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		l.docs[id].emit()
	}
}

// emit adds the instance to the graph, when the analysis reads its kind.
func (in *inst) emit() {
	m, d := in.m, in.decl
	l := m.l
	if l.partlyParsed(blockRange(d.block)) {
		return
	}
	{
		r := &graph.Resource{ID: in.id, Type: d.typ, Address: in.addr, Format: graph.Terraform,
			Header: l.rng(d.block.DefRange), Block: l.rng(blockRange(d.block)), Calls: m.calls}
		if d.data {
			r.Type = d.typ
			if d.typ == "aws_iam_policy_document" {
				r.Kind = graph.KindPolicyDocument
				_, doc := in.policyDoc()
				r.Props = map[graph.Prop]*graph.Attr{graph.PropPolicy: {Name: "json", Value: doc, Range: r.Block}}
			}
		} else if spec, ok := tfschema.Lookup(d.typ); ok {
			r.Kind, r.RequiresKeyARN = spec.Kind, spec.KeyARN
			r.Props = map[graph.Prop]*graph.Attr{}
			for _, p := range spec.Args {
				a := in.prop(p)
				if a.Value == nil && len(p.Path) > 0 {
					continue // nested settings are listed only when set
				}
				r.Props[p.Prop] = a
			}
		}
		if r.Kind == graph.KindOther {
			// No rule reads other resources; keeping them would only grow
			// the graph that outlives each root's evaluation.
			return
		}
		r.Data = m.mod.data
		if strings.HasPrefix(d.typ, "aws_") {
			ri := in.region()
			r.Region, r.RegionFrom = ri.g, ri.from
			r.Account = in.prov().accountValue()
			r.Partition = ri.partVal
			if r.Partition == nil {
				// read while the provider's own region was being evaluated
				r.Partition = graph.Str(ri.partition, graph.Range{})
			}
		}
		l.graph.Add(r)
	}
}

// prop is one property as written.
func (in *inst) prop(p tfschema.Arg) *graph.Attr {
	if len(p.Path) > 0 {
		return in.nestedProp(p)
	}
	a := in.decl.attrs[p.Name]
	if a == nil {
		return &graph.Attr{Name: p.Name}
	}
	out := &graph.Attr{Name: p.Name, Range: in.m.l.rng(a.Range), Expr: moduleRef(a.Expr)}
	if p.Policy {
		out.Value, out.Form, out.Template = in.policyValue(a)
	} else {
		out.Value = in.m.l.toGraph(in.attr(p.Name), a.Expr)
	}
	return out
}

// moduleRef is "var.x" or "local.x" when the expression is that alone: a
// fix for the module names the value so, whatever a caller passes.
func moduleRef(e hcl.Expression) string {
	t, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(t.Traversal) != 2 {
		return ""
	}
	root := t.Traversal.RootName()
	at, ok := t.Traversal[1].(hcl.TraverseAttr)
	if !ok || root != "var" && root != "local" {
		return ""
	}
	return root + "." + at.Name
}

// nestedProp is an attribute of a nested block (the first block of each
// type along p.path), evaluated in the instance's scope.
func (in *inst) nestedProp(p tfschema.Arg) *graph.Attr {
	out := &graph.Attr{Name: p.Name}
	body := in.decl.block.Body
	for _, typ := range p.Path {
		content, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ}, {Type: "dynamic", LabelNames: []string{"type"}}}})
		if content == nil {
			return out
		}
		var found *hcl.Block
		for _, b := range content.Blocks {
			switch {
			case b.Type == "dynamic" && b.Labels[0] == typ:
				// What a dynamic block holds is known only per element.
				out.Range = in.m.l.rng(b.DefRange)
				out.Value = graph.UnknownValue(typ+" is a dynamic block", out.Range)
				return out
			case b.Type == typ && found == nil:
				found = b
			}
		}
		if found == nil {
			return out
		}
		body = found.Body
	}
	content, _, _ := body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: p.Name}}})
	if content == nil || content.Attributes[p.Name] == nil {
		return out
	}
	a := content.Attributes[p.Name]
	out.Range = in.m.l.rng(a.Range)
	out.Value = in.m.l.toGraph(in.sc.eval(a.Expr), a.Expr)
	return out
}
