package tfplan

import (
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// References are followed as Terraform evaluates them: a resource in the
// same module instance, a variable through the expression its module call
// gives it, a module output through the output's expression in each
// instance of the module. The plan does not describe locals, so a
// reference through a local leads nowhere.

// target is a resource instance an expression refers to, and the
// attribute it reads ("" for the whole object).
type target struct {
	addr string
	attr string
}

type resolveKey struct {
	e   *Expr
	mod string
}

type resolver struct {
	p    *Plan
	memo map[resolveKey][]target
	busy map[resolveKey]bool
	// children lists the instances of the module calls of each module
	// instance, sorted.
	children map[string][]string
	over     bool
}

// maxRefDepth bounds the chain of variables and outputs followed.
const maxRefDepth = 64

// maxExprRefs bounds the references of one expression that are followed:
// real expressions list a few dozen.
const maxExprRefs = 1000

func newResolver(p *Plan) *resolver {
	r := &resolver{p: p, memo: map[resolveKey][]target{}, busy: map[resolveKey]bool{}, children: map[string][]string{}}
	for m := range p.moduleInsts {
		if m != "" {
			parent := parentModule(m)
			r.children[parent] = append(r.children[parent], m)
		}
	}
	for _, c := range r.children {
		sort.Strings(c)
	}
	return r
}

// Refs returns the resources that the configuration's expression of an
// argument of the instance refers to, inside the first block of each type
// along blocks: graph edges, with the attribute each reads.
func (p *Plan) Refs(in *Instance, attr string, blocks ...string) []graph.Ref {
	return p.graphRefs(p.targets(in, attr, blocks...))
}

// ExprRefs returns the resources an expression of the module instance
// module refers to.
func (p *Plan) ExprRefs(e *Expr, module string) []graph.Ref {
	return p.graphRefs(p.resolver().expr(e, module, 0))
}

func (p *Plan) resolver() *resolver {
	if p.refs == nil {
		p.refs = newResolver(p)
	}
	return p.refs
}

func (p *Plan) targets(in *Instance, attr string, blocks ...string) []target {
	e := p.Decl(in).Attr(attr, blocks...)
	return p.resolver().expr(e, in.Module, 0)
}

func (p *Plan) graphRefs(ts []target) []graph.Ref {
	if len(ts) == 0 {
		return nil
	}
	out := make([]graph.Ref, len(ts))
	for i, t := range ts {
		out[i] = graph.Ref{ID: p.id(t.addr), Attr: t.attr}
	}
	return out
}

func (p *Plan) id(addr string) string {
	if p.opts.ID != nil {
		return p.opts.ID(addr)
	}
	return "plan:" + addr
}

func (r *resolver) expr(e *Expr, mod string, depth int) []target {
	if e == nil || len(e.References) == 0 {
		return nil
	}
	key := resolveKey{e, mod}
	if ts, ok := r.memo[key]; ok {
		return ts
	}
	if r.busy[key] || depth > maxRefDepth {
		return nil // a cycle through outputs and variables
	}
	r.busy[key] = true
	var out []target
	for _, ref := range longest(e.References) {
		out = append(out, r.ref(ref, mod, depth, e.Range)...)
	}
	delete(r.busy, key)
	out = tidy(out)
	r.memo[key] = out
	return out
}

// longest keeps the references that are not the shorter forms of
// another: Terraform lists aws_kms_key.k[0].arn with aws_kms_key.k[0] and
// aws_kms_key.k, and only the first says which instance and attribute.
func longest(refs []string) []string {
	if len(refs) > maxExprRefs {
		refs = refs[:maxExprRefs]
	}
	sorted := append([]string(nil), refs...)
	sort.Strings(sorted)
	var out []string
	for i, s := range sorted {
		if i > 0 && sorted[i-1] == s {
			continue
		}
		shorter := false
		for _, t := range sorted[i+1:] {
			if !strings.HasPrefix(t, s) {
				break
			}
			if t == s {
				continue
			}
			if c := t[len(s)]; c == '.' || c == '[' {
				shorter = true
				break
			}
		}
		if !shorter {
			out = append(out, s)
		}
	}
	return out
}

// tidy sorts targets and drops repeats, and a whole-object reference to
// an instance whose attributes are referred to as well.
func tidy(ts []target) []target {
	if len(ts) == 0 {
		return nil
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].addr != ts[j].addr {
			return ts[i].addr < ts[j].addr
		}
		return ts[i].attr < ts[j].attr
	})
	out := ts[:0]
	for i, t := range ts {
		if i > 0 && ts[i-1] == t {
			continue
		}
		if t.attr == "" && i+1 < len(ts) && ts[i+1].addr == t.addr {
			continue
		}
		out = append(out, t)
	}
	return append([]target(nil), out...)
}

// step spends one step of the plan's budget; past it, references are no
// longer followed, and the first time it says so at r.
func (r *resolver) step(at graph.Range) bool {
	if r.over {
		return false
	}
	if r.p.w == nil {
		r.p.w = newWork(r.p.opts.Budget) // a plan that could not be read
	}
	ok, first := r.p.w.unit.Spend(budget.Steps, 1)
	if ok {
		return true
	}
	r.over = true
	if first {
		r.p.Diagnostics = append(r.p.Diagnostics, graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassBudget,
			Summary: budgetSummary, Detail: budget.Message(budget.Steps, r.p.w.lim) + "; references past this one are not followed",
			Range: at})
	}
	return false
}

func (r *resolver) ref(s, mod string, depth int, at graph.Range) []target {
	if !r.step(at) {
		return nil
	}
	steps, _ := splitSteps(s)
	if len(steps) < 2 {
		return nil
	}
	attr := func(i int) string {
		if i < len(steps) {
			return steps[i].name
		}
		return ""
	}
	switch steps[0].name {
	case "var":
		if mod == "" {
			return nil // a root variable is a value, not a resource
		}
		parent := parentModule(mod)
		c := r.p.Module(parent).Call(lastCall(mod).name)
		if c == nil {
			return nil
		}
		return r.expr(c.Inputs[steps[1].name], parent, depth+1)
	case "module":
		return r.output(mod, steps[1], attr(2), depth)
	case "data":
		if len(steps) < 3 {
			return nil
		}
		return r.resource(mod, Data, steps[1].name, steps[2], attr(3))
	case "local", "each", "count", "path", "terraform", "self", "ephemeral":
		return nil
	}
	return r.resource(mod, Managed, steps[0].name, steps[1], attr(2))
}

// output follows module.NAME[KEY].OUTPUT into each instance of the call.
func (r *resolver) output(mod string, call step, name string, depth int) []target {
	c := r.p.Module(mod).Call(call.name)
	if c == nil || c.Module == nil {
		return nil
	}
	names := []string{name}
	if name == "" {
		names = names[:0]
		for o := range c.Module.Outputs {
			names = append(names, o)
		}
		sort.Strings(names)
	}
	var out []target
	for _, child := range r.children[mod] {
		lc := lastCall(child)
		if lc.name != call.name || call.key != "" && keyText(lc.key) != keyText(call.key) {
			continue
		}
		for _, o := range names {
			out = append(out, r.expr(c.Module.Outputs[o], child, depth+1)...)
		}
	}
	return out
}

func (r *resolver) resource(mod string, mode Mode, typ string, name step, attr string) []target {
	var out []target
	for _, in := range r.p.byResource[mod+"\x00"+resourceKey(mode, typ, name.name)] {
		if name.key != "" && (in.Key == nil || in.Key.Str != keyText(name.key)) {
			continue
		}
		out = append(out, target{addr: in.Address, attr: attr})
	}
	return out
}
