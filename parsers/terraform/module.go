package terraform

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// Evaluation states of lazily computed nodes.
const (
	todo = iota
	busy
	done
)

type rootInst struct {
	dir   string
	funcs map[string]function.Function
	// bare is the context of expressions that reference nothing.
	bare *hcl.EvalContext
}

// modInst is one instance of a module: the root, or one expansion of a
// module call with its own inputs.
type modInst struct {
	l          *loader
	root       *rootInst
	mod        *module
	prefix     string   // "module.a.module.b[0]." or "" for the root
	keyPath    []string // call names from the root, for modules.json
	calls      []graph.Range
	stack      map[string]bool // module dirs from the root here, for cycles
	depth      int
	pathModule string
	vars       map[string]cty.Value
	localState map[string]int
	localVals  map[string]cty.Value
	res        map[string]*resNode
	callNodes  map[string]*callNode
	providers  map[string]*provCfg
	outputs    cty.Value
	path       cty.Value // what path.* references see, once made
	sc         *scope    // see scope
	// ctxObjs keeps context objects that hold one final value (see
	// ctxGroups.build); setVar empties it, as it changes var values.
	ctxObjs map[objKey]cty.Value
}

func (l *loader) newInst(root *rootInst, mod *module) *modInst {
	return &modInst{l: l, root: root, mod: mod, stack: map[string]bool{mod.dir: true},
		pathModule: relDir(root.dir, mod.dir), vars: map[string]cty.Value{},
		localState: map[string]int{}, localVals: map[string]cty.Value{},
		res: map[string]*resNode{}, callNodes: map[string]*callNode{}, providers: map[string]*provCfg{}}
}

// relDir is dir as seen from the root module directory.
func relDir(root, dir string) string {
	if root == dir {
		return "."
	}
	if root == "." {
		return dir
	}
	if strings.HasPrefix(dir, root+"/") {
		return dir[len(root)+1:]
	}
	up := strings.Repeat("../", strings.Count(root, "/")+1)
	return path.Clean(up + dir)
}

func (l *loader) loadRoot(dir string) {
	mod := l.module(dir)
	if mod.empty {
		return
	}
	root := &rootInst{dir: dir, funcs: l.functions(dir)}
	m := l.newInst(root, mod)
	m.providers = m.ownProviders(map[string]*provCfg{})
	l.rootVars(m)
	m.run()
}

// run evaluates everything in the instance, emitting its resources.
func (m *modInst) run() {
	for _, r := range m.mod.resources {
		m.emit(m.node(r.key))
	}
	for _, n := range m.mod.callNames {
		m.callValue(n)
	}
	m.outputValue()
}

// ownProviders returns the provider configurations the instance uses: those
// inherited or passed in, overridden by provider blocks of its own.
func (m *modInst) ownProviders(inherited map[string]*provCfg) map[string]*provCfg {
	out := map[string]*provCfg{}
	for k, v := range inherited {
		out[k] = v
	}
	for _, p := range m.mod.providers {
		if p.name != "aws" {
			continue
		}
		key := "aws"
		if p.alias != "" {
			key += "." + p.alias
		}
		out[key] = &provCfg{decl: p, m: m, key: key}
	}
	if out["aws"] == nil {
		out["aws"] = &provCfg{m: m, key: "aws"}
	}
	return out
}

// setVar converts a variable's value to its declared type, applies
// optional attribute defaults and nullability, and records it.
func (m *modInst) setVar(v *variable, val cty.Value, have bool, subject hcl.Range) {
	l := m.l
	clear(m.ctxObjs)
	if have && val.IsNull() && !v.nullable {
		have = false
	}
	if !have && v.def != nil {
		dv, diags := v.def.Expr.Value(nil)
		l.hclDiags(diags, graph.SevWarning)
		if !diags.HasErrors() {
			val, have = l.markSources(v.def.Expr, dv), true
			subject = v.def.Expr.Range()
		}
	}
	if !have {
		why := "var." + v.name + " has no value"
		if v.typ == cty.String || v.typ == cty.DynamicPseudoType {
			m.vars[v.name] = cty.StringVal(graph.Hole(graph.DomainAny, "var."+v.name)).Mark(whyMark(why))
		} else {
			m.vars[v.name] = unknownBecause(v.typ, why)
		}
		return
	}
	if v.defaults != nil && val.IsWhollyKnown() && !val.ContainsMarked() {
		val = v.defaults.Apply(val)
	}
	raw, pvm := val.UnmarkDeepWithPaths()
	conv, err := convert.Convert(raw, v.typ)
	if err != nil {
		if !containsHole(raw) {
			l.diag(graph.SevWarning, "Invalid value for variable",
				fmt.Sprintf("var.%s: %s", v.name, err), subject)
		}
		m.vars[v.name] = unknownBecause(v.typ, "var."+v.name+" has a value of the wrong type")
		return
	}
	m.vars[v.name] = conv.MarkWithPaths(pvm)
}

// local evaluates a local value on first use; a cycle is a diagnostic and
// leaves the locals in it unknown.
func (m *modInst) local(name string) cty.Value {
	switch m.localState[name] {
	case done:
		return m.localVals[name]
	case busy:
		a := m.mod.locals[name]
		m.l.diag(graph.SevError, "Cycle between local values",
			"local."+name+" depends on itself", a.Range)
		return unknownBecause(cty.DynamicPseudoType, "local."+name+" depends on itself")
	}
	m.localState[name] = busy
	a := m.mod.locals[name]
	v := m.l.markSources(a.Expr, m.scope().eval(a.Expr))
	if m.localState[name] == busy {
		m.localVals[name] = v
		m.localState[name] = done
	}
	return m.localVals[name]
}

// scope is the instance's own scope, outside any counted block. Scopes are
// not changed once made (with and expand copy them), so one serves all.
func (m *modInst) scope() *scope {
	if m.sc == nil {
		m.sc = &scope{m: m}
	}
	return m.sc
}

// outputValue is the object of the instance's outputs.
func (m *modInst) outputValue() cty.Value {
	if m.outputs != cty.NilVal {
		return m.outputs
	}
	m.outputs = cty.DynamicVal
	vals := map[string]cty.Value{}
	for _, n := range m.mod.outNames {
		a := m.mod.outputs[n]
		if a == nil {
			vals[n] = cty.NullVal(cty.DynamicPseudoType)
			continue
		}
		vals[n] = m.l.markSources(a.Expr, m.scope().eval(a.Expr))
	}
	m.outputs = cty.ObjectVal(vals)
	return m.outputs
}

// callNode is a module call, expanded into its instances.
type callNode struct {
	state int
	val   cty.Value
}

// callValue evaluates a module call: each instance of the called module,
// and the value references see (outputs, by instance).
func (m *modInst) callValue(name string) cty.Value {
	n := m.callNodes[name]
	if n == nil {
		n = &callNode{}
		m.callNodes[name] = n
	}
	switch n.state {
	case done:
		return n.val
	case busy:
		c := m.mod.calls[name]
		m.l.diag(graph.SevError, "Cycle through module call", "module."+name+" depends on its own outputs", c.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, "module."+name+" depends on its own outputs")
	}
	n.state = busy
	n.val = m.expandCall(m.mod.calls[name])
	n.state = done
	return n.val
}

func (m *modInst) expandCall(c *callDecl) cty.Value {
	l := m.l
	opaque := func(why string) cty.Value {
		l.diag(graph.SevNote, "Module not analysed", why, c.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, why)
	}
	keyPath := append(append([]string{}, m.keyPath...), c.name)
	var dir string
	if isLocalSource(c.source) {
		d, err := resolve(m.mod.dir, c.source)
		if err != nil {
			return opaque(fmt.Sprintf("module.%s (source %q) is outside the scanned tree", c.name, c.source))
		}
		dir = d
	} else if d, ok := l.manifest(m.root.dir)[strings.Join(keyPath, ".")]; ok {
		dir = d
	}
	if dir == "" || l.module(dir).empty {
		return opaque(fmt.Sprintf("module.%s (source %q) is not in the scanned tree; run terraform init", c.name, c.source))
	}
	if m.depth+1 > maxModuleDepth || m.stack[dir] {
		l.diag(graph.SevError, "Module recursion",
			fmt.Sprintf("module.%s calls %s, which is already being evaluated or nests more than %d deep", c.name, dir, maxModuleDepth),
			c.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, "module."+c.name+" recurses")
	}
	mod := l.module(dir)
	inherited := map[string]*provCfg{"aws": m.providers["aws"]}
	if c.providers != nil {
		pairs, diags := hcl.ExprMap(c.providers.Expr)
		l.hclDiags(diags, graph.SevWarning)
		for _, p := range pairs {
			k, v := traversalName(p.Key), traversalName(p.Value)
			if cfg := m.providers[v]; cfg != nil && strings.HasPrefix(k, "aws") {
				inherited[k] = cfg
			}
		}
	}
	instance := func(key string, sc *scope) cty.Value {
		child := l.newInst(m.root, mod)
		child.prefix = m.prefix + "module." + c.name + key + "."
		child.keyPath = keyPath
		child.calls = append(append([]graph.Range{}, m.calls...), l.rng(c.block.DefRange))
		child.depth = m.depth + 1
		for d := range m.stack {
			child.stack[d] = true
		}
		child.providers = child.ownProviders(inherited)
		inputs := map[string]cty.Value{}
		for n, a := range c.inputs {
			inputs[n] = l.markSources(a.Expr, sc.eval(a.Expr))
		}
		names := make([]string, 0, len(mod.vars))
		for n := range mod.vars {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v, ok := inputs[n]
			subject := c.block.DefRange
			if a := c.inputs[n]; a != nil {
				subject = a.Expr.Range()
			}
			child.setVar(mod.vars[n], v, ok, subject)
		}
		child.run()
		return child.outputValue()
	}
	return m.expand(c.count, c.forEach, "module."+c.name, c.block.DefRange, instance)
}

// expand evaluates count / for_each and calls fn per instance with its key
// suffix and scope; it returns the value references see.
func (m *modInst) expand(count, forEach *hcl.Attribute, what string, at hcl.Range,
	fn func(key string, sc *scope) cty.Value) cty.Value {
	base := m.scope()
	unknown := func(attr string) cty.Value {
		m.l.diag(graph.SevNote, attr+" of "+m.prefix+what+" is unknown",
			"evaluated as one instance whose "+attr+" values are unknown", at)
		sc := *base
		if attr == "count" {
			sc.count = cty.UnknownVal(cty.Number)
		} else {
			sc.hasEach, sc.eachKey, sc.eachVal = true, cty.UnknownVal(cty.String), cty.DynamicVal
		}
		fn("", &sc)
		return unknownBecause(cty.DynamicPseudoType, attr+" of "+m.prefix+what+" is unknown")
	}
	switch {
	case count != nil:
		v, _ := base.eval(count.Expr).Unmark()
		if !v.IsKnown() {
			return unknown("count")
		}
		n, err := convert.Convert(v, cty.Number)
		if err != nil || n.IsNull() {
			m.l.diag(graph.SevWarning, "Invalid count", "count must be a whole number", count.Expr.Range())
			return cty.EmptyTupleVal
		}
		bf := n.AsBigFloat()
		c, acc := bf.Int64()
		if !bf.IsInt() || acc != 0 || c < 0 || c > 10000 {
			m.l.diag(graph.SevWarning, "Invalid count", "count must be a whole number from 0 to 10000", count.Expr.Range())
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, 0, c)
		for i := range int(c) {
			if m.l.overBudget(m.prefix+what, at) {
				break
			}
			sc := *base
			sc.count = cty.NumberIntVal(int64(i))
			vals = append(vals, fn(fmt.Sprintf("[%d]", i), &sc))
		}
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case forEach != nil:
		v, _ := base.eval(forEach.Expr).Unmark()
		if !v.IsWhollyKnown() && (!v.IsKnown() || v.Type().IsSetType()) {
			return unknown("for_each")
		}
		ty := v.Type()
		if v.IsNull() || !(ty.IsMapType() || ty.IsObjectType() || ty.IsSetType()) {
			m.l.diag(graph.SevWarning, "Invalid for_each", "for_each must be a map or a set of strings", forEach.Expr.Range())
			return cty.EmptyObjectVal
		}
		if v.LengthInt() > maxForEach {
			m.l.diag(graph.SevWarning, "Invalid for_each", fmt.Sprintf("for_each must have at most %d elements", maxForEach), forEach.Expr.Range())
			return cty.EmptyObjectVal
		}
		type kv struct {
			k string
			v cty.Value
		}
		var items []kv
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if ty.IsSetType() {
				k = ev
			}
			k, _ = k.Unmark()
			if k.Type() != cty.String || !k.IsKnown() || k.IsNull() {
				return unknown("for_each")
			}
			items = append(items, kv{k.AsString(), ev})
		}
		sort.Slice(items, func(i, j int) bool { return items[i].k < items[j].k })
		vals := map[string]cty.Value{}
		for _, it := range items {
			if m.l.overBudget(m.prefix+what, at) {
				break
			}
			sc := *base
			sc.hasEach, sc.eachKey, sc.eachVal = true, cty.StringVal(it.k), it.v
			vals[it.k] = fn(fmt.Sprintf("[%q]", it.k), &sc)
		}
		return cty.ObjectVal(vals)
	}
	return fn("", base)
}

// Bounds of expansion: count and for_each each stop at maxForEach instances,
// and one root at maxInstances in all, however modules multiply them.
const (
	maxForEach   = 10000
	maxInstances = 100000
)

// overBudget counts one more instance of the root; past the budget it says
// so once, at the block that crossed it, and the rest are not analysed.
func (l *loader) overBudget(addr string, at hcl.Range) bool {
	l.instances++
	if l.instances <= maxInstances {
		return false
	}
	if l.instances == maxInstances+1 {
		l.diag(graph.SevWarning, "Too many instances",
			fmt.Sprintf("%s expands to more than %d instances in all; the rest are not analysed", addr, maxInstances), at)
	}
	return true
}
