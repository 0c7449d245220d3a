package terraform

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/parsers/tfschema"
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
	// pending are the inputs of a module instance not yet evaluated: an
	// input is evaluated when something reads the variable.
	pending    map[string]*pendingVar
	localState map[string]int
	localVals  map[string]cty.Value
	res        map[string]*resNode
	callNodes  map[string]*callNode
	providers  map[string]*provCfg
	outState   map[string]int
	outVals    map[string]cty.Value
	// planned, for an instance of a module that exists only in the plan,
	// is the object of its outputs.
	planned cty.Value
	path    cty.Value // what path.* references see, once made
	sc      *scope    // see scope
	// ctxObjs keeps context objects that hold one final value (see
	// ctxGroups.build); setVar empties it, as it changes var values.
	ctxObjs map[objKey]cty.Value
}

func (l *loader) newInst(root *rootInst, mod *module) *modInst {
	return &modInst{l: l, root: root, mod: mod, stack: map[string]bool{mod.dir: true},
		pathModule: relDir(root.dir, mod.dir), vars: map[string]cty.Value{},
		localState: map[string]int{}, localVals: map[string]cty.Value{},
		res: map[string]*resNode{}, callNodes: map[string]*callNode{}, providers: map[string]*provCfg{},
		outState: map[string]int{}, outVals: map[string]cty.Value{}}
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
	l.emitDocs()
}

// run emits the resources of the instance that the analysis reads, and
// expands the module calls that lead to more of them. Nothing else is
// evaluated unless one of those refers to it: a configuration's other
// resources, modules, locals and outputs are parsed but never evaluated.
func (m *modInst) run() {
	if m.l.opts.Everything {
		m.runAll()
	}
	for _, r := range m.mod.resources {
		if _, ok := tfschema.Lookup(r.typ); ok && !r.data {
			n := m.node(r.key)
			m.emit(n)
			if r.typ == "aws_cloudtrail" || r.typ == "aws_cloudtrail_event_data_store" {
				k := m.mod.dir + "\x00" + r.key
				m.l.trails[k] = m.l.trails[k] || len(n.insts) > 0
				if len(n.insts) == 0 {
					keepUnmade(m.l.unmade, k, m.unmadeOf(r))
				}
			}
		}
	}
	for _, n := range m.mod.callNames {
		if m.l.relevantCall(m.mod.dir, m.root.dir, m.keyPath, m.mod.calls[n]) {
			m.call(n)
		} else {
			m.passedPolicies(m.mod.calls[n])
		}
	}
}

// runAll evaluates what run leaves alone: the instances of every resource
// and module call, every local and output, so that their problems are
// said. It is for people debugging their configuration (--verbose), and
// changes no finding.
func (m *modInst) runAll() {
	for _, r := range m.mod.resources {
		m.node(r.key)
	}
	for _, n := range m.mod.callNames {
		m.call(n)
	}
	for _, n := range sortedKeys(m.mod.locals) {
		m.local(n)
	}
	for _, n := range m.mod.outNames {
		m.output(n)
	}
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
		l.evalDiags(diags)
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
	// Marks say where values come from; defaults of optional attributes
	// apply whatever they say, so they are taken off and put back.
	raw, pvm := val.UnmarkDeepWithPaths()
	if err := l.fits(raw); err != nil {
		l.budgetOver("var."+v.name+": "+err.Error(), subject)
		m.vars[v.name] = unknownBecause(v.typ, "var."+v.name+" is over the evaluation budget")
		return
	}
	if v.defaults != nil && !raw.IsNull() {
		raw = v.defaults.Apply(raw)
	}
	conv, err := convert.Convert(raw, v.typ)
	if err != nil {
		if !containsHole(raw) {
			l.evalDiag(graph.SevWarning, "Invalid value for variable",
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
		m.l.evalDiag(graph.SevError, "Cycle between local values",
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

// output evaluates one output of the instance on first use; ok is false
// when the module declares no such output.
func (m *modInst) output(name string) (v cty.Value, ok bool) {
	a, ok := m.mod.outputs[name]
	if !ok {
		return cty.NilVal, false
	}
	switch m.outState[name] {
	case done:
		return m.outVals[name], true
	case busy:
		return unknownBecause(cty.DynamicPseudoType, "output "+name+" of "+m.prefix+" depends on itself"), true
	}
	if a == nil {
		return cty.NullVal(cty.DynamicPseudoType), true
	}
	m.outState[name] = busy
	v = m.l.markSources(a.Expr, m.scope().eval(a.Expr))
	m.outVals[name], m.outState[name] = v, done
	return v, true
}

// outputObject is the instance as references see it: an object of the
// outputs named, or of every output when names is nil.
func (m *modInst) outputObject(names []string) cty.Value {
	if m.planned != cty.NilVal {
		return m.planned
	}
	if names == nil {
		names = m.mod.outNames
	}
	vals := make(map[string]cty.Value, len(names))
	for _, n := range names {
		if v, ok := m.output(n); ok {
			vals[n] = v
		}
	}
	return cty.ObjectVal(vals)
}

// varValue is the value of an input variable, evaluated from the call on
// first use.
func (m *modInst) varValue(name string) (cty.Value, bool) {
	if v, ok := m.vars[name]; ok {
		return v, true
	}
	p := m.pending[name]
	if p == nil {
		return cty.NilVal, false
	}
	if p.busy {
		return unknownBecause(cty.DynamicPseudoType, "var."+name+" of "+m.prefix+" depends on itself"), true
	}
	p.busy = true
	var val cty.Value
	if p.expr != nil {
		val = m.l.markSources(p.expr, p.sc.eval(p.expr))
	}
	m.setVar(m.mod.vars[name], val, p.expr != nil, p.subject)
	delete(m.pending, name)
	return m.vars[name], true
}

// pendingVar is an input of a module instance: the expression the call
// gives (nil when none) in the caller's scope.
type pendingVar struct {
	expr    hcl.Expression
	sc      *scope
	subject hcl.Range
	busy    bool
}

// callNode is a module call, expanded into its instances.
type callNode struct {
	state int
	// shape is what expand returned: unknown when count or for_each is,
	// else it tells the form references see (a tuple for count, an object
	// for for_each).
	shape cty.Value
	insts []*modInst
	keys  []string // the for_each key of each instance
}

// call expands a module call into its instances, once.
func (m *modInst) call(name string) *callNode {
	n := m.callNodes[name]
	if n == nil {
		n = &callNode{}
		m.callNodes[name] = n
	}
	switch n.state {
	case done:
		return n
	case busy:
		c := m.mod.calls[name]
		m.l.evalDiag(graph.SevError, "Cycle through module call", "module."+name+" depends on its own outputs", c.block.DefRange)
		return &callNode{state: done, shape: unknownBecause(cty.DynamicPseudoType, "module."+name+" depends on its own outputs")}
	}
	n.state = busy
	n.shape = m.expandCall(m.mod.calls[name], n)
	n.state = done
	return n
}

// callValue is what a reference to a module call sees: the outputs named
// (every output when outs is nil) of each instance.
func (m *modInst) callValue(name string, outs []string) cty.Value {
	n := m.call(name)
	c := m.mod.calls[name]
	switch {
	case !n.shape.IsKnown():
		return n.shape
	case c.count != nil:
		if len(n.insts) == 0 {
			return cty.EmptyTupleVal.Mark(m.noInstance("module."+c.name, c.count))
		}
		objs := make([]cty.Value, len(n.insts))
		for i, in := range n.insts {
			objs[i] = in.outputObject(outs)
		}
		return cty.TupleVal(objs)
	case c.forEach != nil:
		objs := make(map[string]cty.Value, len(n.insts))
		for i, in := range n.insts {
			objs[n.keys[i]] = in.outputObject(outs)
		}
		return cty.ObjectVal(objs)
	case len(n.insts) == 1:
		return n.insts[0].outputObject(outs)
	}
	return n.shape
}

// expandPlanned expands a call whose module exists only in the plan: each
// instance's outputs are the plan's. ok is false when the plan does not
// hold the module.
func (m *modInst) expandPlanned(c *callDecl, node *callNode) (cty.Value, bool) {
	if _, ok := m.l.planModule(m.prefix + "module." + c.name); !ok && c.count == nil && c.forEach == nil {
		return cty.NilVal, false
	}
	held := true
	shape := m.expand(c.count, c.forEach, "module."+c.name, c.block.DefRange, func(key string, sc *scope) cty.Value {
		outs, ok := m.l.planModule(m.prefix + "module." + c.name + key)
		if !ok {
			held = false
			return cty.DynamicVal
		}
		node.insts = append(node.insts, &modInst{l: m.l, planned: outs})
		k := ""
		if sc.hasEach && sc.eachKey.IsKnown() {
			k = sc.eachKey.AsString()
		}
		node.keys = append(node.keys, k)
		return cty.True
	})
	if !held {
		node.insts, node.keys = nil, nil
		return cty.NilVal, false
	}
	// The plan holds what the module declares: it is not missing.
	m.l.unneeded(c)
	return shape, true
}

// callTarget is the dir a module call's source leads to, "" when the
// module is not in the scan; why says why not.
func (l *loader) callTarget(from, rootDir string, keyPath []string, c *callDecl) (dir, why string) {
	if isLocalSource(c.source) {
		d, err := l.resolveModule(from, c.source)
		if err != nil {
			return "", fmt.Sprintf("module.%s (source %q) is outside the repository", c.name, c.source)
		}
		if _, err := l.readDir(d); err != nil {
			return "", fmt.Sprintf("module.%s (source %q) cannot be read: it leads outside the repository or is unreadable", c.name, c.source)
		}
		// Listing, not parsing: a call is often looked at only to learn
		// that the analysis has no use for its module.
		if len(l.configFiles(d)) == 0 {
			return "", fmt.Sprintf("module.%s (source %q) has no configuration files", c.name, c.source)
		}
		return d, ""
	}
	key := strings.Join(append(append([]string{}, keyPath...), c.name), ".")
	if d, ok := l.manifest(rootDir)[key]; ok && len(l.configFiles(d)) > 0 {
		return d, ""
	}
	l.notDownloaded(c)
	return "", fmt.Sprintf("module.%s (source %q) is not downloaded; run terraform init -backend=false to analyse it", c.name, c.source)
}

func (m *modInst) expandCall(c *callDecl, node *callNode) cty.Value {
	l := m.l
	opaque := func(why string) cty.Value {
		l.evalDiag(graph.SevNote, "Module not analysed", why, c.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, why)
	}
	keyPath := append(append([]string{}, m.keyPath...), c.name)
	dir, why := l.callTarget(m.mod.dir, m.root.dir, m.keyPath, c)
	if dir == "" && l.plan != nil {
		if shape, ok := m.expandPlanned(c, node); ok {
			return shape
		}
	}
	if dir == "" {
		// A call with no instance needs no module: whether it is there
		// or not, references see nothing.
		if c.count != nil {
			if v, _ := m.scope().eval(c.count.Expr).Unmark(); v.IsKnown() && !v.IsNull() && v.Type() == cty.Number && v.RawEquals(cty.Zero) {
				l.unneeded(c)
				return cty.EmptyTupleVal
			}
		}
		return opaque(why)
	}
	if m.depth+1 > maxModuleDepth || m.stack[dir] {
		l.evalDiag(graph.SevError, "Module recursion",
			fmt.Sprintf("module.%s calls %s, which is already being evaluated or nests more than %d deep", c.name, dir, maxModuleDepth),
			c.block.DefRange)
		return unknownBecause(cty.DynamicPseudoType, "module."+c.name+" recurses")
	}
	mod := l.module(dir)
	inherited := map[string]*provCfg{"aws": m.providers["aws"]}
	if c.providers != nil {
		pairs, diags := hcl.ExprMap(c.providers.Expr)
		l.evalDiags(diags)
		for _, p := range pairs {
			k, v := traversalName(p.Key), traversalName(p.Value)
			if cfg := m.providers[v]; cfg != nil && strings.HasPrefix(k, "aws") {
				inherited[k] = cfg
			}
		}
	}
	instance := func(key string, sc *scope) cty.Value {
		if !l.instance(m.prefix+"module."+c.name, c.block.DefRange) {
			return cty.DynamicVal
		}
		child := l.newInst(m.root, mod)
		child.prefix = m.prefix + "module." + c.name + key + "."
		child.keyPath = keyPath
		child.calls = append(append([]graph.Range{}, m.calls...), l.rng(c.block.DefRange))
		child.depth = m.depth + 1
		for d := range m.stack {
			child.stack[d] = true
		}
		child.providers = child.ownProviders(inherited)
		child.pending = make(map[string]*pendingVar, len(mod.vars))
		for n := range mod.vars {
			p := &pendingVar{sc: sc, subject: c.block.DefRange}
			if a := c.inputs[n]; a != nil {
				p.expr, p.subject = a.Expr, a.Expr.Range()
			}
			child.pending[n] = p
		}
		node.insts = append(node.insts, child)
		if sc.hasEach && sc.eachKey.IsKnown() {
			node.keys = append(node.keys, sc.eachKey.AsString())
		} else {
			node.keys = append(node.keys, "")
		}
		child.run()
		return cty.True
	}
	return m.expand(c.count, c.forEach, "module."+c.name, c.block.DefRange, instance)
}

// expand evaluates count / for_each and calls fn per instance with its key
// suffix and scope; it returns the value references see.
func (m *modInst) expand(count, forEach *hcl.Attribute, what string, at hcl.Range,
	fn func(key string, sc *scope) cty.Value) cty.Value {
	base := m.scope()
	unknown := func(attr string) cty.Value {
		m.l.evalDiag(graph.SevNote, attr+" of "+m.prefix+what+" is unknown",
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
			m.l.evalDiag(graph.SevWarning, "Invalid count", "count must be a whole number", count.Expr.Range())
			return cty.EmptyTupleVal
		}
		bf := n.AsBigFloat()
		c, acc := bf.Int64()
		if !bf.IsInt() || acc != 0 || c < 0 || c > 10000 {
			m.l.evalDiag(graph.SevWarning, "Invalid count", "count must be a whole number from 0 to 10000", count.Expr.Range())
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, 0, c)
		for i := range int(c) {
			if m.l.unit.Over(budget.Instances) {
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
			m.l.evalDiag(graph.SevWarning, "Invalid for_each", "for_each must be a map or a set of strings", forEach.Expr.Range())
			return cty.EmptyObjectVal
		}
		if v.LengthInt() > maxForEach {
			m.l.evalDiag(graph.SevWarning, "Invalid for_each", fmt.Sprintf("for_each must have at most %d elements", maxForEach), forEach.Expr.Range())
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
			if m.l.unit.Over(budget.Instances) {
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

// maxForEach bounds count and for_each each: the run's budget bounds the
// instances of a root in all, however modules multiply them.
const maxForEach = 10000

// instance counts one more resource or module instance of the root; past
// the budget it says so once, at the block that crossed it, and the rest
// are not analysed.
func (l *loader) instance(addr string, at hcl.Range) bool {
	ok, first := l.unit.Spend(budget.Instances, 1)
	if first {
		l.diagClass(graph.SevError, graph.ClassBudget, "Evaluation budget exceeded",
			addr+": "+budget.Message(budget.Instances, l.unit.Run().Limits())+"; the instances past it are not analysed", at)
	}
	return ok
}
