package tfplan

import (
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/partition"
	"github.com/trailint/trailint/parsers/tfschema"
)

// Resources returns the graph resources of the instances of the types the
// analysis reads, in address order: their properties from the plan's
// values with ranges in the plan file, unknowns kept with their reason,
// references from the configuration's expressions, and the region,
// account and partition where the plan tells them. They are built when
// the plan is read, so that Diagnostics holds every problem met.
func (p *Plan) Resources() []*graph.Resource { return p.resources }

// Resource returns the graph resource of the instance at addr; nil when
// the plan has no such instance or the analysis does not read its type.
func (p *Plan) Resource(addr string) *graph.Resource { return p.byAddr[addr] }

// build makes the graph resources.
func (p *Plan) build() {
	p.byAddr = map[string]*graph.Resource{}
	for _, a := range p.Addresses() {
		if r := p.buildOne(p.Instances[a]); r != nil {
			p.resources = append(p.resources, r)
			p.byAddr[a] = r
		}
	}
}

// specOf is what the analysis reads of the instance's type; false for a
// type it does not read. Of data sources, it reads policy documents.
func specOf(in *Instance) (tfschema.Type, bool) {
	if in.Mode == Data {
		return tfschema.PolicyDocument, in.Type == "aws_iam_policy_document"
	}
	return tfschema.Lookup(in.Type)
}

func (p *Plan) buildOne(in *Instance) *graph.Resource {
	spec, ok := specOf(in)
	if !ok {
		return nil
	}
	decl := p.Decl(in)
	r := &graph.Resource{ID: p.id(in.Address), Type: in.Type, Address: in.Address, Kind: spec.Kind,
		Format: graph.Terraform, Header: in.Range, Block: in.Block, Calls: p.calls(in.Module),
		RequiresKeyARN: spec.KeyARN, Props: map[graph.Prop]*graph.Attr{}}
	for _, ps := range spec.Args {
		if a := p.prop(in, decl, ps); a != nil {
			r.Props[ps.Prop] = a
		}
	}
	pl := p.InstancePlace(in)
	r.Region, r.RegionFrom, r.Account, r.Partition = pl.Region, pl.RegionFrom, pl.Account, pl.Partition
	r.Data = p.dataNames(in.Module)
	return r
}

// prop is one property as the plan gives it. An argument the
// configuration does not write is absent, as the loader finds it in HCL,
// whatever default the provider planned; a nested setting is listed only
// when it is set.
func (p *Plan) prop(in *Instance, decl *Decl, ps tfschema.Arg) *graph.Attr {
	// Without the declaration, what was written cannot be told: the
	// plan's values are taken as written.
	known := p.Root != nil && decl != nil && !ps.Computed
	if len(ps.Path) > 0 {
		return p.nestedProp(in, decl, ps, known)
	}
	if known && decl.Attr(ps.Name) == nil {
		return &graph.Attr{Name: ps.Name}
	}
	a := &graph.Attr{Name: ps.Name}
	if ps.Policy {
		a.Form = graph.FormJSON
	}
	ts := p.targets(in, ps.Name)
	f := in.Values.Field(ps.Name)
	if f == nil {
		why := in.Address + "." + ps.Name + " is not in the plan"
		if in.Values != nil && in.Values.Kind == Unknown {
			why = in.Values.Why
		}
		a.Value, a.Range = graph.UnknownValue(why, in.Range), in.Range
	} else {
		a.Value = f.Value.Graph()
		a.Range = graph.Range{File: p.File, Start: f.NameRange.Start, End: f.Value.Range.End}
	}
	p.withRefs(a.Value, ts)
	return a
}

func (p *Plan) nestedProp(in *Instance, decl *Decl, ps tfschema.Arg, known bool) *graph.Attr {
	written := !known || decl.Attr(ps.Name, ps.Path...) != nil || blockWritten(decl, ps.Path)
	unknown := func(v *Value) *graph.Attr {
		if !written {
			return nil // the provider computes what the configuration leaves out
		}
		return &graph.Attr{Name: ps.Name, Value: graph.UnknownValue(v.Why, v.Range), Range: v.Range}
	}
	cur := in.Values
	for _, b := range ps.Path {
		if cur == nil || cur.Kind == Unknown {
			if cur == nil {
				return nil
			}
			return unknown(cur)
		}
		f := cur.Field(b)
		if f == nil {
			return nil
		}
		switch f.Value.Kind {
		case Unknown:
			return unknown(f.Value)
		case Array:
			if len(f.Value.Elems) == 0 {
				return nil
			}
			cur = f.Value.Elems[0]
		case Object:
			cur = f.Value
		default:
			return nil
		}
	}
	if cur.Kind == Unknown {
		return unknown(cur)
	}
	f := cur.Field(ps.Name)
	if f == nil || f.Value.Kind == Null {
		return nil
	}
	a := &graph.Attr{Name: ps.Name, Value: f.Value.Graph(),
		Range: graph.Range{File: p.File, Start: f.NameRange.Start, End: f.Value.Range.End}}
	p.withRefs(a.Value, p.targets(in, ps.Name, ps.Path...))
	return a
}

// blockWritten reports whether the configuration writes the blocks along
// path.
func blockWritten(d *Decl, path []string) bool {
	b := d.Body
	for _, t := range path {
		if b == nil || len(b.Blocks[t]) == 0 {
			return false
		}
		b = b.Blocks[t][0]
	}
	return b != nil
}

// withRefs puts the edges on a value, and says of an unknown value that
// one of them decides it, when the plan marks that one unknown: the key's
// ARN is known after apply, rather than the trail's argument.
func (p *Plan) withRefs(v *graph.Value, ts []target) {
	if v == nil || len(ts) == 0 {
		return
	}
	v.Refs = append(v.Refs, p.graphRefs(ts)...)
	if v.Type != graph.Unknown {
		return
	}
	for _, t := range ts {
		in := p.Instances[t.addr]
		if in == nil || t.attr == "" {
			continue
		}
		if a := in.Values.Get(t.attr); a != nil && a.Kind == Unknown {
			v.Why = a.Why
			return
		}
	}
}

// calls are the module call sites from the root to the module instance.
func (p *Plan) calls(mod string) []graph.Range {
	var out []graph.Range
	for _, c := range p.Calls(mod) {
		out = append(out, c.Range)
	}
	return out
}

// Calls returns the module calls from the root down to a module instance
// (module.a["x"].module.b): the loader tells by their sources whether the
// scan holds the module (a local path) or only the plan does.
func (p *Plan) Calls(mod string) []*Call {
	var out []*Call
	m := p.Root
	for _, s := range moduleSteps(mod) {
		c := m.Call(s.name)
		if c == nil {
			break
		}
		out = append(out, c)
		m = c.Module
	}
	return out
}

// fixData are the data sources a fix may name for the account, region and
// partition.
var fixData = map[string]bool{"aws_caller_identity": true, "aws_region": true, "aws_partition": true}

// dataNames names the data sources of a module that give the account,
// region and partition, as the loader files them: by type, and those of a
// provider alias under "type@aws.alias".
func (p *Plan) dataNames(mod string) map[string]string {
	m := p.Module(mod)
	if m == nil {
		return nil
	}
	var out map[string]string
	for _, d := range m.Resources {
		if d.Mode != Data || !fixData[d.Type] || d.Count != nil || d.ForEach != nil {
			continue
		}
		key := d.Type
		_, prov, found := strings.Cut(d.ProviderKey, ":")
		if !found {
			prov = d.ProviderKey
		}
		if prov != "" && prov != "aws" {
			key += "@" + prov
		}
		if out == nil {
			out = map[string]string{}
		}
		if out[key] == "" || d.Name == "current" {
			out[key] = d.Name
		}
	}
	return out
}

// Place is where resources are: their region, account and partition,
// strings that are holes where the plan does not tell them, and where the
// region comes from, for messages. The values may be shared: they are
// read, never changed.
type Place struct {
	Region, Account, Partition *graph.Value
	RegionFrom                 string
}

// InstancePlace finds the region, account and partition of an instance:
// from its own ARN or region attribute, else as ProviderPlace finds them
// for its provider configuration.
func (p *Plan) InstancePlace(in *Instance) Place {
	var pl Place
	arnV := in.Values.Get("arn")
	arn, _ := arnV.KnownString()
	var arnParts []string
	if strings.HasPrefix(arn, "arn:") {
		arnParts = strings.SplitN(arn, ":", 6)
	}
	if len(arnParts) == 6 {
		if arnParts[3] != "" {
			pl.Region, pl.RegionFrom = graph.Str(arnParts[3], arnV.Range), "the ARN of "+in.Address+" in the plan"
		}
		if arnParts[4] != "" {
			pl.Account = graph.Str(arnParts[4], arnV.Range)
		}
		if arnParts[1] != "" {
			pl.Partition = graph.Str(arnParts[1], arnV.Range)
		}
	}
	if v := in.Values.Get("region"); v != nil && v.Kind == String && v.Str != "" {
		// The region argument of AWS provider 6, or a bucket's region.
		pl.Region, pl.RegionFrom = graph.Str(v.Str, v.Range), in.Address+".region in the plan"
	}
	sh := p.ProviderPlace(p.providerKey(in))
	if pl.Region == nil {
		pl.Region, pl.RegionFrom = sh.Region, sh.RegionFrom
	}
	if pl.Account == nil {
		pl.Account = sh.Account
	}
	if pl.Partition == nil {
		pl.Partition = sh.Partition
		if s, ok := pl.Region.KnownString(); ok && !sh.Partition.IsKnown() {
			pl.Partition = graph.Str(partitionOf(s), graph.Range{})
		}
	}
	return pl
}

// ProviderPlace finds where the resources of a provider configuration
// ("aws", "aws.west", "module.trail:aws"; a module's configuration it
// inherits is found above it) are: the region from its region argument (a
// constant, or a root variable the plan gives), else from its aws_region
// data source, else --region; the account from its aws_caller_identity;
// the partition from its aws_partition, else from the region. What none
// tells is a hole named after the configuration, as the Terraform loader
// names its own. Every resource of the configuration shares the values.
func (p *Plan) ProviderPlace(key string) Place {
	key = p.resolveProvider(key)
	if pl := p.place[key]; pl != nil {
		return *pl
	}
	pl := &Place{}
	p.place[key] = pl
	// Holes name the root as the loader's do, by what IDs start with, so
	// that a fix tells the key's own provider from another root's.
	root, _, _ := strings.Cut(p.id(""), ":")
	pr := p.Providers[key]
	if v, from := p.providerRegion(pr); v != nil {
		pl.Region, pl.RegionFrom = v, from
	} else if d := p.dataFor(key, "aws_region"); d != nil {
		if s := firstString(d.Values, "region", "name", "id"); s != nil {
			pl.Region, pl.RegionFrom = graph.Str(s.Str, s.Range), resourceKey(d.Mode, d.Type, d.Name)+" in the plan"
		}
	}
	if pl.Region == nil && p.opts.Region != "" {
		pl.Region, pl.RegionFrom = graph.Str(p.opts.Region, graph.Range{}), "--region"
	}
	if pl.Region == nil {
		pl.Region = graph.Str(graph.ProviderHole(graph.DomainRegion, "region", key, root), graph.Range{})
		pl.Region.Why = "the plan does not tell the region of provider " + key
		pl.RegionFrom = describeProvider(pr)
	}
	if d := p.dataFor(key, "aws_caller_identity"); d != nil {
		if s := firstString(d.Values, "account_id"); s != nil {
			pl.Account = graph.Str(s.Str, s.Range)
		}
	}
	if pl.Account == nil {
		pl.Account = graph.Str(graph.ProviderHole(graph.DomainAccount, "account", key, root), graph.Range{})
	}
	if d := p.dataFor(key, "aws_partition"); d != nil {
		if s := firstString(d.Values, "partition"); s != nil {
			pl.Partition = graph.Str(s.Str, s.Range)
		}
	}
	if pl.Partition == nil {
		if s, ok := pl.Region.KnownString(); ok {
			pl.Partition = graph.Str(partitionOf(s), graph.Range{})
		} else {
			pl.Partition = graph.Str(graph.ProviderHole(graph.DomainPartition, "partition", key, root), graph.Range{})
		}
	}
	return *pl
}

func firstString(v *Value, names ...string) *Value {
	for _, n := range names {
		if s := v.Get(n); s != nil && s.Kind == String && s.Str != "" {
			return s
		}
	}
	return nil
}

// providerRegion is the region argument of a provider configuration: a
// constant, or a root variable the plan gives.
func (p *Plan) providerRegion(pr *Provider) (*graph.Value, string) {
	if pr == nil || pr.Body == nil || pr.Body.Attrs["region"] == nil {
		return nil, ""
	}
	e := pr.Body.Attrs["region"]
	from := describeProvider(pr) + " in the plan"
	if s, ok := e.Constant.KnownString(); ok && s != "" {
		return graph.Str(s, e.Constant.Range), from
	}
	refs := longest(e.References)
	if pr.ModuleAddress == "" && len(refs) == 1 && strings.HasPrefix(refs[0], "var.") {
		if v := p.Variables[strings.TrimPrefix(refs[0], "var.")]; v != nil {
			if s, ok := v.Value.KnownString(); ok && s != "" {
				return graph.Str(s, v.Value.Range), from + ", from " + refs[0]
			}
		}
	}
	return nil, ""
}

func describeProvider(pr *Provider) string {
	if pr == nil {
		return `provider "aws" (not configured)`
	}
	name := pr.Name
	if name == "" {
		name = "aws"
	}
	s := `provider "` + name + `"`
	if pr.Alias != "" {
		s += ` (alias "` + pr.Alias + `")`
	}
	if pr.ModuleAddress != "" {
		s += " of " + pr.ModuleAddress
	}
	return s
}

// providerKey is the key of the provider configuration an instance uses:
// the one its declaration names, or, for a module that does not configure
// it, the one it inherits from the modules above.
func (p *Plan) providerKey(in *Instance) string {
	key := ""
	if d := p.Decl(in); d != nil {
		key = d.ProviderKey
	}
	if key == "" {
		key = "aws"
		if in.Module != "" {
			key = configPath(in.Module) + ":aws"
		}
	}
	return p.resolveProvider(key)
}

// resolveProvider finds the configuration a key stands for: the key
// itself, or that of the module above for a module that inherits it.
func (p *Plan) resolveProvider(key string) string {
	for {
		if p.Providers[key] != nil {
			return key
		}
		mod, name, found := strings.Cut(key, ":")
		if !found {
			return key
		}
		if parent := parentModule(mod); parent != "" {
			key = parent + ":" + name
		} else {
			key = name
		}
	}
}

// dataFor is the data source of a type that a provider configuration
// reads: "current" when there are several.
func (p *Plan) dataFor(key, typ string) *Instance {
	var found *Instance
	for _, a := range p.dataAddrs(typ) {
		in := p.Instances[a]
		if p.providerKey(in) != key {
			continue
		}
		if found == nil || in.Name == "current" && found.Name != "current" {
			found = in
		}
	}
	return found
}

// dataAddrs lists the addresses of the data sources of a type, sorted.
func (p *Plan) dataAddrs(typ string) []string {
	var out []string
	for a, in := range p.Instances {
		if in.Mode == Data && in.Type == typ {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}

// partitionOf derives the partition from a known region.
func partitionOf(region string) string { return partition.ForRegion(region).ID }
