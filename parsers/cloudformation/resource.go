package cloudformation

import (
	"github.com/trailint/trailint/graph"
)

// propSpec names a property analyzers ask about in its CloudFormation
// spelling.
type propSpec struct {
	prop graph.Prop
	name string
}

// kinds are the resource types trailint checks, and their properties. Other
// types are evaluated when referenced but not added to the graph.
var kinds = map[string]struct {
	kind  graph.Kind
	props []propSpec
}{
	"AWS::CloudTrail::Trail": {graph.KindTrail, []propSpec{
		{graph.PropKMSKey, "KMSKeyId"}, {graph.PropBucket, "S3BucketName"},
		{graph.PropName, "TrailName"}, {graph.PropOrgTrail, "IsOrganizationTrail"}}},
	"AWS::CloudTrail::EventDataStore": {graph.KindEventDataStore, []propSpec{
		{graph.PropKMSKey, "KmsKeyId"}, {graph.PropName, "Name"}}},
	"AWS::KMS::Key": {graph.KindKey, []propSpec{
		{graph.PropPolicy, "KeyPolicy"}, {graph.PropKeySpec, "KeySpec"}, {graph.PropKeyUsage, "KeyUsage"},
		{graph.PropEnabled, "Enabled"}, {graph.PropRotation, "EnableKeyRotation"}, {graph.PropMultiReg, "MultiRegion"}}},
	"AWS::KMS::ReplicaKey": {graph.KindReplicaKey, []propSpec{
		{graph.PropPolicy, "KeyPolicy"}, {graph.PropPrimary, "PrimaryKeyArn"}, {graph.PropEnabled, "Enabled"}}},
	"AWS::KMS::Alias": {graph.KindAlias, []propSpec{
		{graph.PropName, "AliasName"}, {graph.PropTargetKey, "TargetKeyId"}}},
	"AWS::S3::Bucket": {graph.KindBucket, []propSpec{{graph.PropName, "BucketName"}}},
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
			Account:   graph.Str(accountHole, graph.Range{}),
			Partition: graph.Str(l.partition, graph.Range{}),
		}
		r.Account.Why = "the account the stack is deployed in"
		if l.opts.Region != "" {
			r.Region, r.RegionFrom = graph.Str(l.opts.Region, graph.Range{}), "--region"
		} else {
			r.Region, r.RegionFrom = graph.Str(regionHole, graph.Range{}), "the stack's region (AWS::Region)"
			r.Region.Why = "the region the stack is deployed in (pass --region)"
		}
		props := res.props()
		for _, p := range k.props {
			a := &graph.Attr{Name: p.name}
			r.Props[p.prop] = a
			key := props.keyOf(p.name)
			if key == nil {
				continue
			}
			val := props.get(p.name)
			if a.Value = s.eval(val); a.Value != nil {
				a.Range = graph.Range{File: key.rng.File, Start: key.rng.Start, End: val.rng.End}
			}
		}
		l.checkProps(res, r)
		l.ignores(s, res, r)
		l.g.Add(r)
	}
}
