package cloudformation

import (
	"github.com/trailint/trailint/graph"
)

// propSpec names a property analyzers ask about in its CloudFormation
// spelling.
type propSpec struct {
	prop graph.Prop
	name string
	// path names the properties the property is nested in; a list stands
	// for its first item.
	path []string
}

// kinds are the resource types trailint checks, and their properties. Other
// types are evaluated when referenced but not added to the graph.
var kinds = map[string]struct {
	kind  graph.Kind
	props []propSpec
}{
	"AWS::CloudTrail::Trail": {graph.KindTrail, []propSpec{
		{graph.PropKMSKey, "KMSKeyId", nil}, {graph.PropBucket, "S3BucketName", nil},
		{graph.PropName, "TrailName", nil}, {graph.PropOrgTrail, "IsOrganizationTrail", nil}}},
	"AWS::CloudTrail::EventDataStore": {graph.KindEventDataStore, []propSpec{
		{graph.PropKMSKey, "KmsKeyId", nil}, {graph.PropName, "Name", nil}}},
	"AWS::KMS::Key": {graph.KindKey, []propSpec{
		{graph.PropPolicy, "KeyPolicy", nil}, {graph.PropKeySpec, "KeySpec", nil}, {graph.PropKeyUsage, "KeyUsage", nil},
		{graph.PropEnabled, "Enabled", nil}, {graph.PropRotation, "EnableKeyRotation", nil}, {graph.PropMultiReg, "MultiRegion", nil}}},
	"AWS::KMS::ReplicaKey": {graph.KindReplicaKey, []propSpec{
		{graph.PropPolicy, "KeyPolicy", nil}, {graph.PropPrimary, "PrimaryKeyArn", nil}, {graph.PropEnabled, "Enabled", nil}}},
	"AWS::KMS::Alias": {graph.KindAlias, []propSpec{
		{graph.PropName, "AliasName", nil}, {graph.PropTargetKey, "TargetKeyId", nil}}},
	"AWS::S3::Bucket": {graph.KindBucket, []propSpec{{graph.PropName, "BucketName", nil},
		{prop: graph.PropBucketKey, name: "BucketKeyEnabled", path: []string{"BucketEncryption", "ServerSideEncryptionConfiguration"}},
		{prop: graph.PropSSE, name: "SSEAlgorithm", path: []string{"BucketEncryption", "ServerSideEncryptionConfiguration", "ServerSideEncryptionByDefault"}}}},
}

// addResources adds the resources of a stack that trailint checks.
func (l *loader) addResources(s *stack) {
	for _, res := range s.t.resources {
		k, ok := kinds[res.typ]
		if !ok || !s.exists(res) {
			continue
		}
		r := &graph.Resource{
			ID: s.id(res.name), Type: res.typ, Address: res.name, Kind: k.kind, Format: graph.CloudFormation,
			Header: res.key.rng, Block: res.block(), Calls: s.calls, Props: map[graph.Prop]*graph.Attr{},
			Account: l.place.account, Partition: l.place.partition,
			Region: l.place.region, RegionFrom: l.place.regionFrom,
		}
		props := res.props()
		form := graph.FormYAML
		if s.t.json {
			form = graph.FormTemplateJSON
		}
		for _, p := range k.props {
			a := &graph.Attr{Name: p.name, Form: form}
			if len(p.path) == 0 {
				r.Props[p.prop] = a // nested settings are listed only when set
			}
			in := props
			for _, step := range p.path {
				// The first item of a list: one rule per bucket.
				if in = in.get(step); in != nil && in.kind == kSeq && len(in.items) > 0 {
					in = in.items[0]
				}
				if fn, ok := intrinsicName(in); ok {
					// A condition or an import decides the settings: unknown.
					r.Props[p.prop] = &graph.Attr{Name: p.name, Form: form, Range: in.rng,
						Value: graph.UnknownValue(step+" is given by "+fn, in.rng)}
					in = nil
					break
				}
			}
			key := in.keyOf(p.name)
			if key == nil {
				continue
			}
			val := in.get(p.name)
			if a.Value = s.eval(val); a.Value != nil {
				a.Range = graph.Range{File: key.rng.File, Start: key.rng.Start, End: val.rng.End}
				r.Props[p.prop] = a
			}
		}
		l.checkProps(res, r)
		l.ignores(s, res, r)
		l.g.Add(r)
	}
}

// place holds the account, partition and region every resource of a load
// shares. Values are never changed once in the graph, so one of each serves
// all resources instead of three per resource.
type place struct {
	account, partition, region *graph.Value
	regionFrom                 string
}

func newPlace(partition, region string) *place {
	p := &place{account: graph.Str(accountHole, graph.Range{}), partition: graph.Str(partition, graph.Range{})}
	p.account.Why = "the account the stack is deployed in"
	if region != "" {
		p.region, p.regionFrom = graph.Str(region, graph.Range{}), "--region"
	} else {
		p.region, p.regionFrom = graph.Str(regionHole, graph.Range{}), "the stack's region (AWS::Region)"
		p.region.Why = "the region the stack is deployed in (pass --region)"
	}
	return p
}
