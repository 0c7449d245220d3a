package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/parsers/tfschema"
	"github.com/zclconf/go-cty/cty"
)

// A key module from a registry takes its key's policy as an input
// (`policy = data.aws_iam_policy_document.kms.json`). When the module is
// not in the scan, its key cannot be seen, but the policy can still be
// read: such an input is kept as a key policy whose key is not in the
// graph, so that the analysis may check it on its own.

// passedPolicies adds the policies that the call c passes to a module that
// is not in the scan (not downloaded, not readable, not in the plan), one
// per instance of the call and input.
func (m *modInst) passedPolicies(c *callDecl) {
	names := policyInputs(c)
	if len(names) == 0 {
		return
	}
	if dir, _ := m.l.callTarget(m.mod.dir, m.root.dir, m.keyPath, c); dir != "" {
		return // the module's key is in the graph, with this policy
	}
	provider := "aws"
	if c.providers != nil {
		pairs, _ := hcl.ExprMap(c.providers.Expr)
		for _, p := range pairs {
			if traversalName(p.Key) == "aws" && m.providers[traversalName(p.Value)] != nil {
				provider = traversalName(p.Value)
			}
		}
	}
	decl := &resourceDecl{typ: "module", key: "module." + c.name, block: c.block, attrs: c.inputs, provider: provider}
	m.expand(c.count, c.forEach, "module."+c.name, c.block.DefRange, func(key string, sc *scope) cty.Value {
		addr := m.prefix + "module." + c.name + key
		if m.l.planHolds(addr) {
			return cty.True // the plan gives the module's key itself
		}
		for _, name := range names {
			in := &inst{m: m, decl: decl, sc: sc, addr: addr, id: m.root.dir + ":" + addr + "." + name}
			in.emitPassed(name)
		}
		return cty.True
	})
}

// policyInputs are the inputs of c named as policies are: policy, or
// ending in _policy (key_policy, kms_key_policy).
func policyInputs(c *callDecl) []string {
	var out []string
	for name := range c.inputs {
		if name == "policy" || strings.HasSuffix(name, "_policy") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// emitPassed adds the input name of a call instance as a key policy of the
// module's provider configuration: its region and account are those the
// module's key would have.
func (in *inst) emitPassed(name string) {
	l := in.m.l
	c := in.decl
	if l.partlyParsed(blockRange(c.block)) {
		return
	}
	p := in.prov()
	ri := p.region()
	in.reg = &ri // a "region" input is the module's, not a resource's region
	r := &graph.Resource{ID: in.id, Type: c.typ, Address: in.addr, Kind: graph.KindKeyPolicy, Format: graph.Terraform,
		Header: l.rng(c.block.DefRange), Block: l.rng(blockRange(c.block)), Calls: in.m.calls,
		Props: map[graph.Prop]*graph.Attr{graph.PropPolicy: in.prop(tfschema.Arg{Prop: graph.PropPolicy, Name: name, Policy: true})},
		Data:  in.m.mod.data, Region: ri.g, RegionFrom: ri.from, Account: p.accountValue(), Partition: ri.partVal}
	if r.Partition == nil {
		r.Partition = graph.Str(ri.partition, graph.Range{})
	}
	l.graph.Add(r)
}

// planHolds reports whether the plan holds the module instance addr.
func (l *loader) planHolds(addr string) bool {
	p := l.plan
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.Plan.Module(addr) != nil
}
