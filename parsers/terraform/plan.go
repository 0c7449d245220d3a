package terraform

import (
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/parsers/tfplan"
)

// A Terraform plan (terraform show -json) knows what HCL alone leaves as
// holes: the variables of the workspace, what data sources read, the
// providers' regions and accounts, and the contents of registry modules
// that are not downloaded. The root the plan was made of is evaluated with
// it: every value the plan knows fills the hole HCL leaves, and a module
// that exists only in the plan brings its resources, located in the plan
// file, and its outputs, tied to them.

// Plan is a plan read for the loader, with the root it was made of.
type Plan struct {
	Plan *tfplan.Plan
	// Root is the dir of the root module the plan was made of.
	Root string
	// mu serialises the plan's methods, which remember what they resolve.
	mu sync.Mutex
}

// planFor returns the plan of the root dir, or nil.
func (l *loader) planFor(dir string) *Plan {
	if p := l.opts.Plan; p != nil && p.Plan != nil && p.Root == dir {
		return p
	}
	return nil
}

// planMarks gives plan values the loader's marks: the reason of an
// unknown.
func planMarks(v *tfplan.Value) cty.ValueMarks {
	if v.Kind == tfplan.Unknown && v.Why != "" {
		return cty.NewValueMarks(whyMark(v.Why))
	}
	return nil
}

// planValue converts a plan value, marking a known text with where the
// plan writes it.
func (l *loader) planValue(v *tfplan.Value) cty.Value {
	out := v.Cty(planMarks)
	if v.Kind == tfplan.String && !v.Range.IsZero() {
		out = out.Mark(srcMark{Range: v.Range, Text: v.Str})
	}
	return out
}

// planVar is a root variable's value in the plan, when the plan knows it.
func (l *loader) planVar(name string) (cty.Value, bool) {
	p := l.plan
	if p == nil {
		return cty.NilVal, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.Plan.Variables[name]
	if v == nil || v.Value == nil || v.Value.Kind == tfplan.Unknown {
		return cty.NilVal, false
	}
	return l.planValue(v.Value), true
}

// planAttr is an attribute of a resource instance of the plan's root, when
// the plan knows it.
func (l *loader) planAttr(addr, name string) (cty.Value, bool) {
	p := l.plan
	if p == nil {
		return cty.NilVal, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	in := p.Plan.Instance(addr)
	if in == nil {
		return cty.NilVal, false
	}
	v := in.Values.Get(name)
	if v == nil || v.Kind == tfplan.Unknown || v.Kind == tfplan.Null {
		return cty.NilVal, false
	}
	return l.planValue(v), true
}

// planPlace is where the plan puts the resources of a provider
// configuration of the root: its region and account, each nil when the
// plan does not know it.
func (l *loader) planPlace(key string) (region, account *graph.Value) {
	p := l.plan
	if p == nil {
		return nil, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pl := p.Plan.ProviderPlace(key)
	known := func(v *graph.Value) *graph.Value {
		if v != nil && v.Type == graph.String && v.Str != "" && !graph.HasHoles(v.Str) {
			return v
		}
		return nil
	}
	return known(pl.Region), known(pl.Account)
}

// planModule is a module instance that exists only in the plan (its call's
// source is not downloaded): its resources join the graph, located in the
// plan file, and the object of its outputs is what references see, each
// output tied to the resource attributes it refers to. ok is false when
// the plan does not hold the module.
func (l *loader) planModule(addr string) (cty.Value, bool) {
	p := l.plan
	if p == nil {
		return cty.NilVal, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	mod := p.Plan.Module(addr)
	if mod == nil {
		return cty.NilVal, false
	}
	for _, r := range p.Plan.Resources() {
		if strings.HasPrefix(r.Address, addr+".") && l.graph.Lookup(r.ID) == nil {
			l.graph.Add(r)
		}
	}
	outs := make(map[string]cty.Value, len(mod.Outputs))
	for name, e := range mod.Outputs {
		outs[name] = l.planOutput(addr, name, e)
	}
	return cty.ObjectVal(outs), true
}

// planOutput is one output of a module instance of the plan: the planned
// value of the one attribute it refers to, or an unknown tied to all.
func (l *loader) planOutput(addr, name string, e *tfplan.Expr) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if e.Constant != nil && e.Constant.Kind != tfplan.Unknown {
		return l.planValue(e.Constant)
	}
	refs := l.plan.Plan.ExprRefs(e, addr)
	if len(refs) == 1 {
		address := strings.TrimPrefix(refs[0].ID, l.plan.Root+":")
		if in := l.plan.Plan.Instance(address); in != nil {
			if v := in.Values.Get(refs[0].Attr); v != nil {
				return l.planValue(v).Mark(refMark{ID: refs[0].ID, Attr: refs[0].Attr})
			}
		}
	}
	v := unknownBecause(cty.DynamicPseudoType, "output "+name+" of "+addr+" is computed in the plan")
	for _, r := range refs {
		v = v.Mark(refMark{ID: r.ID, Attr: r.Attr})
	}
	return v
}
