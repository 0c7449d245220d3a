package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/partition"
	"github.com/zclconf/go-cty/cty"
)

// provCfg is one aws provider configuration.
type provCfg struct {
	decl *providerDecl // nil for the implicit default configuration
	m    *modInst      // the instance that declares it
	key  string        // aws, aws.west
	done bool
	reg  regionInfo
	// acct is the account hole, and acctVal the graph value every resource
	// of the configuration shares; graph values are only read once made.
	acct    string
	acctVal *graph.Value
}

// regionInfo is a region as text (possibly a hole) and as a graph value.
type regionInfo struct {
	text      string
	g         *graph.Value
	from      string
	partition string
	// partVal is partition as a graph value, shared like g by the
	// resources of the configuration.
	partVal *graph.Value
}

// origin names the configuration in hole origins; configurations of
// different roots are different configurations.
func (p *provCfg) origin() string {
	s := "provider " + p.key
	if d := p.m.root.dir; d != "." {
		s += " in " + d
	}
	return s
}

// account is the configuration's account as a hole. Configurations that
// set nothing about credentials (they differ in region only) use the same
// credentials, so the same account: they share the hole of one of them,
// the default configuration when it is such.
func (p *provCfg) account() string {
	if p.acct == "" {
		q := p
		if !p.credentials() {
			if plain := p.m.plainProvider(); plain != nil {
				q = plain
			}
		}
		p.acct = graph.ProviderHole(graph.DomainAccount, "account", q.key, q.m.root.dir)
		if p.m.prefix == "" {
			if _, acct := p.m.l.planPlace(p.key); acct != nil {
				p.acct, p.acctVal = acct.Str, acct
			}
		}
	}
	return p.acct
}

// credentialSettings are the provider arguments and blocks that choose
// the credentials, so possibly the account.
var credentialSettings = []string{"profile", "access_key", "secret_key", "token",
	"shared_credentials_files", "shared_credentials_file", "shared_config_files",
	"assume_role", "assume_role_with_web_identity", "allowed_account_ids"}

// credentials reports whether the configuration sets its credentials.
func (p *provCfg) credentials() bool {
	if p.decl == nil {
		return false
	}
	body := p.decl.block.Body
	var schema hcl.BodySchema
	for _, n := range credentialSettings {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: n})
	}
	content, _, _ := body.PartialContent(&schema)
	if content != nil && len(content.Attributes) > 0 {
		return true
	}
	blocks, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "assume_role"}, {Type: "assume_role_with_web_identity"}}})
	return blocks != nil && len(blocks.Blocks) > 0
}

// plainProvider is the configuration, among those the instance sees, whose
// account every configuration without credential settings shares: the
// default one when it sets none, else the first such alias.
func (m *modInst) plainProvider() *provCfg {
	if d := m.providers["aws"]; d != nil && !d.credentials() {
		return d
	}
	for _, k := range sortedKeys(m.providers) {
		if c := m.providers[k]; !c.credentials() {
			return c
		}
	}
	return nil
}

// accountValue is the account as a graph value, shared by the resources of
// the configuration.
func (p *provCfg) accountValue() *graph.Value {
	if p.acctVal == nil {
		p.acctVal = graph.Str(p.account(), graph.Range{})
	}
	return p.acctVal
}

func (p *provCfg) describe() string {
	if p.decl == nil {
		return `provider "aws" (not configured)`
	}
	s := `provider "aws"`
	if p.decl.alias != "" {
		s += fmt.Sprintf(" (alias %q)", p.decl.alias)
	}
	return s + " at " + p.m.l.rng(p.decl.block.DefRange).String()
}

func (p *provCfg) region() regionInfo {
	if p.done {
		return p.reg
	}
	p.done = true
	l := p.m.l
	hole := graph.ProviderHole(graph.DomainRegion, "region", p.key, p.m.root.dir)
	p.reg = regionInfo{text: hole, from: p.describe()}
	if p.decl != nil && p.decl.region != nil {
		v := p.m.scope().eval(p.decl.region.Expr)
		raw, _ := v.Unmark()
		if !(raw.IsKnown() && raw.IsNull()) {
			p.reg.g = l.toGraph(v, p.decl.region.Expr)
			if raw.IsKnown() && raw.Type() == cty.String {
				p.reg.text = raw.AsString()
			} else {
				p.reg.g = graph.Str(hole, p.reg.g.Range)
				p.reg.g.Why = p.reg.g.Describe()
			}
			p.reg.partition = partitionOf(p.reg.text, p)
			p.reg.partVal = graph.Str(p.reg.partition, graph.Range{})
			return p.reg
		}
	}
	if region, _ := l.planPlace(p.key); region != nil && p.m.prefix == "" {
		p.reg.text, p.reg.from, p.reg.g = region.Str, "the plan", region
	} else if l.opts.Region != "" {
		p.reg.text, p.reg.from = l.opts.Region, "--region"
		p.reg.g = graph.Str(l.opts.Region, graph.Range{})
	} else {
		p.reg.g = graph.Str(hole, graph.Range{})
		p.reg.g.Why = "the region of " + p.describe() + " is not set"
	}
	p.reg.partition = partitionOf(p.reg.text, p)
	p.reg.partVal = graph.Str(p.reg.partition, graph.Range{})
	return p.reg
}

// partitionOf derives the partition from a known region.
func partitionOf(region string, p *provCfg) string {
	if region == "" || graph.HasHoles(region) {
		return graph.ProviderHole(graph.DomainPartition, "partition", p.key, p.m.root.dir)
	}
	return partition.ForRegion(region).ID
}

// dnsSuffix is the domain of a partition's endpoints, "" when the
// partition is not known.
func dnsSuffix(id string) string {
	if p := partition.ByID(id); p != nil {
		return p.DNSSuffix
	}
	return ""
}

// prov is the provider configuration the instance uses.
func (in *inst) prov() *provCfg {
	if p := in.m.providers[in.decl.provider]; p != nil {
		return p
	}
	return in.m.providers["aws"]
}

// region is the instance's effective region: its own region argument
// (AWS provider v6), else its provider configuration's.
func (in *inst) region() regionInfo {
	if in.reg != nil {
		return *in.reg
	}
	p := in.prov()
	ri := p.region()
	if a := in.decl.attrs["region"]; a != nil {
		v := in.attr("region")
		raw, _ := v.Unmark()
		if !(raw.IsKnown() && raw.IsNull()) {
			ri = regionInfo{from: "region argument", g: in.m.l.toGraph(v, a.Expr)}
			if raw.IsKnown() && raw.Type() == cty.String {
				ri.text = raw.AsString()
			} else {
				ri.text = graph.Hole(graph.DomainRegion, in.origin("region"))
			}
			ri.partition = partitionOf(ri.text, p)
			ri.partVal = graph.Str(ri.partition, graph.Range{})
		}
	}
	in.reg = &ri
	return ri
}

// origin names an attribute of the instance in hole origins.
func (in *inst) origin(attr string) string {
	s := in.addr + "." + attr
	if d := in.m.root.dir; d != "." {
		s = d + ":" + s
	}
	return s
}

// known returns an argument's text when it is a known string.
func (in *inst) known(name string) (string, bool) {
	if _, ok := in.decl.attrs[name]; !ok {
		return "", false
	}
	v, _ := in.attr(name).UnmarkDeep()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// knownOr returns a name argument's text, or a hole for it.
func (in *inst) knownOr(name string) string {
	if s, ok := in.known(name); ok {
		return s
	}
	return graph.Hole(graph.DomainName, in.origin(name))
}

// computed is the value of an attribute the configuration does not set:
// structured where AWS defines its form, unknown otherwise. When it is
// unknown for a reason the value does not carry yet, why says it, and the
// caller marks the value: most attributes are unknown, and marking once
// with the reason and the reference costs one mark set instead of two.
func (in *inst) computed(name string) (v cty.Value, why string) {
	// What the plan knows of the instance (an existing resource's ARN, a
	// data source's result) is what it is; a policy document keeps the
	// rendering trailint makes, with the positions of its statements.
	if in.decl.typ != "aws_iam_policy_document" {
		if pv, ok := in.m.l.planAttr(in.addr, name); ok {
			return pv, ""
		}
	}
	ri := in.region()
	acct := in.prov().account()
	arn := func(service, resource string) cty.Value {
		return cty.StringVal("arn:" + ri.partition + ":" + service + ":" + ri.text + ":" + acct + ":" + resource)
	}
	keyID := func() cty.Value {
		return cty.StringVal(graph.Hole(graph.DomainName, in.origin("key_id")))
	}
	if in.decl.data {
		switch in.decl.typ {
		case "aws_caller_identity":
			switch name {
			case "account_id", "id":
				return cty.StringVal(acct), ""
			case "arn", "user_id":
				return cty.StringVal(graph.Hole(graph.DomainAny, "caller "+name+" of "+in.prov().origin())), ""
			}
		case "aws_region":
			switch name {
			case "name", "region", "id":
				return cty.StringVal(ri.text), ""
			}
		case "aws_partition":
			switch name {
			case "partition", "id":
				return cty.StringVal(ri.partition), ""
			case "dns_suffix":
				if s := dnsSuffix(ri.partition); s != "" {
					return cty.StringVal(s), ""
				}
				return cty.StringVal(graph.Hole(graph.DomainAny, "dns suffix of "+in.prov().origin())), ""
			}
		case "aws_iam_policy_document":
			switch name {
			case "json":
				doc, _ := in.policyDoc()
				return doc, ""
			case "minified_json":
				return in.minifiedJSON(), ""
			}
			return cty.DynamicVal, in.addr + "." + name + " is not computed statically"
		}
		// Identifiers read from AWS are strings whatever the data source:
		// as holes they keep the text around them ("arn:aws:iam::${...}:root"),
		// so a policy built from them stays readable.
		switch {
		case strings.HasSuffix(name, "account_id"):
			return cty.StringVal(graph.Hole(graph.DomainAccount, in.addr+"."+name)), ""
		case name == "arn" || strings.HasSuffix(name, "_arn") || name == "id":
			return cty.StringVal(graph.Hole(graph.DomainAny, in.addr+"."+name)), ""
		}
		return cty.DynamicVal, in.addr + "." + name + " is read from AWS at plan time"
	}
	switch in.decl.typ {
	case "aws_kms_key", "aws_kms_external_key":
		switch name {
		case "arn":
			return arn("kms", "key/"+keyID().AsString()), ""
		case "key_id", "id":
			return keyID(), ""
		}
	case "aws_kms_replica_key":
		id := keyID().AsString()
		if p, ok := in.known("primary_key_arn"); ok {
			if i := strings.LastIndex(p, ":key/"); i >= 0 {
				id = p[i+len(":key/"):]
			}
		}
		switch name {
		case "arn":
			return arn("kms", "key/"+id), ""
		case "key_id", "id":
			return cty.StringVal(id), ""
		}
	case "aws_kms_alias":
		switch name {
		case "arn":
			return arn("kms", in.knownOr("name")), ""
		case "id", "name":
			return cty.StringVal(in.knownOr("name")), ""
		}
	case "aws_s3_bucket":
		// The bucket's name is read only for the attributes made of it.
		switch name {
		case "id", "bucket":
			return cty.StringVal(in.knownOr("bucket")), ""
		case "arn":
			return cty.StringVal("arn:" + ri.partition + ":s3:::" + in.knownOr("bucket")), ""
		case "region", "bucket_region":
			return cty.StringVal(ri.text), ""
		}
	case "aws_cloudtrail":
		switch name {
		case "arn":
			return arn("cloudtrail", "trail/"+in.knownOr("name")), ""
		case "home_region":
			return cty.StringVal(ri.text), ""
		}
	case "aws_cloudtrail_event_data_store":
		switch name {
		case "arn", "id":
			return arn("cloudtrail", "eventdatastore/"+graph.Hole(graph.DomainName, in.origin("store_id"))), ""
		}
	}
	return cty.DynamicVal, in.addr + "." + name + " is known only after apply"
}
