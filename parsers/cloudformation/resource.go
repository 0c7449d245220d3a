package cloudformation

import (
	"fmt"
	"slices"

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
		if !ok {
			continue
		}
		if !s.exists(res) {
			if k.kind == graph.KindTrail || k.kind == graph.KindEventDataStore {
				l.notCreated(s, res, k.kind)
			}
			continue
		}
		r := &graph.Resource{
			ID: s.id(res.name), Type: res.typ, Address: res.name, Kind: k.kind, Format: graph.CloudFormation,
			Header: res.key.rng, Block: res.block(), Calls: s.calls, Props: map[graph.Prop]*graph.Attr{},
			Account: l.place.account, Partition: l.place.partition,
			Region: l.place.region, RegionFrom: l.place.regionFrom,
		}
		form := graph.FormYAML
		if s.t.json {
			form = graph.FormTemplateJSON
		}
		sets := s.propSets(res)
		for _, p := range k.props {
			if a := s.attr(sets, p, form, k.kind); a != nil {
				r.Props[p.prop] = a
			}
		}
		l.checkProps(res, sets.maps, r)
		l.ignores(s, res, sets.maps, r)
		l.g.Add(r)
	}
}

// attr reads one property from the Properties a resource may be deployed
// with. A property set in some of them only may be absent: its value is a
// OneOf with a null alternative, an unknown for the analyzers, never an
// absence. Settings nested deeper (a bucket's encryption) are listed only
// when set.
func (s *stack) attr(sets propSets, p propSpec, form graph.Form, kind graph.Kind) *graph.Attr {
	if sets.unknown != nil {
		return &graph.Attr{Name: p.name, Form: form, Range: sets.unknown.Range, Value: sets.unknown}
	}
	absent := func() *graph.Attr {
		if len(p.path) > 0 {
			return nil
		}
		return &graph.Attr{Name: p.name, Form: form}
	}
	found := make([]*graph.Attr, len(sets.maps))
	n := 0
	for i, props := range sets.maps {
		if found[i] = s.attrIn(props, p, form, kind); found[i] != nil {
			n++
		}
	}
	switch {
	case n == 0:
		return absent()
	case len(found) == 1:
		return found[0]
	}
	first := found[slices.IndexFunc(found, func(a *graph.Attr) bool { return a != nil })]
	if n == len(found) && sameText(found) {
		return first
	}
	v := &graph.Value{Type: graph.OneOf, Why: sets.why, Range: sets.at}
	for i, a := range found {
		if a == nil || a.Value == nil {
			// Not set in these Properties: absent when they are chosen.
			at := sets.at
			if sets.maps[i] != nil {
				at = sets.maps[i].rng
			}
			v.Alts = append(v.Alts, &graph.Value{Type: graph.Null, Why: "AWS::NoValue", Range: at})
			continue
		}
		v.Alts = append(v.Alts, a.Value)
		v.Refs = addRefs(v.Refs, a.Value.Refs...)
	}
	if over := s.fitsValue(v, sets.at); over != nil {
		v = withRefList(over, v.Refs)
	}
	return &graph.Attr{Name: p.name, Form: form, Range: sets.at, Value: v}
}

// sameText reports whether every attribute has the same known text: the
// Properties differ elsewhere.
func sameText(as []*graph.Attr) bool {
	var first string
	for i, a := range as {
		if a.Value == nil || a.Value.Type != graph.String || graph.HasHoles(a.Value.Str) {
			return false
		}
		if i == 0 {
			first = a.Value.Str
		} else if a.Value.Str != first {
			return false
		}
	}
	return true
}

// attrIn reads one property from one Properties mapping; nil when it is
// not set there.
func (s *stack) attrIn(props *node, p propSpec, form graph.Form, kind graph.Kind) *graph.Attr {
	in := props
	for _, step := range p.path {
		// The first item of a list: one rule per bucket.
		if in = in.get(step); in != nil && in.kind == kSeq && len(in.items) > 0 {
			in = in.items[0]
		}
		if fn, ok := intrinsicName(in); ok {
			// A condition or an import decides the settings: unknown.
			return &graph.Attr{Name: p.name, Form: form, Range: in.rng, Value: graph.UnknownValue(step+" is given by "+fn, in.rng)}
		}
	}
	key := in.keyOf(p.name)
	if key == nil {
		return nil
	}
	val := in.get(p.name)
	a := &graph.Attr{Name: p.name, Form: form, Range: graph.Range{File: key.rng.File, Start: key.rng.Start, End: val.rng.End}}
	if a.Value = s.eval(val); a.Value != nil {
		if p.prop == graph.PropKMSKey {
			a.Value = s.explainEmpty(val, a.Value)
		}
		return a
	}
	if p.prop == graph.PropKMSKey && (kind == graph.KindTrail || kind == graph.KindEventDataStore) {
		// Written, and removed: the finding points at what removes it,
		// and says what would keep it.
		a.Value = &graph.Value{Type: graph.Null, Why: "AWS::NoValue", Range: val.rng, Because: s.removal(val)}
		return a
	}
	return nil
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

// propSets are the Properties mappings a resource may be deployed with:
// one, unless its Properties are chosen by Fn::If on a condition that
// cannot be decided, or by several. A nil mapping is Properties removed
// with AWS::NoValue.
type propSets struct {
	maps []*node
	// why says which conditions are undecided, and at is the Fn::If
	// that chooses, when there are several mappings.
	why string
	at  graph.Range
	// unknown stands for every property when the choices are too many
	// to follow.
	unknown *graph.Value
}

// maxPropSets bounds the Properties mappings followed: Fn::If within
// Fn::If doubles them at each level.
const maxPropSets = 16

func (s *stack) propSets(res *resDecl) propSets {
	props := res.props()
	out := propSets{at: props.rngOr(res.key.rng)}
	var whys []string
	// assumed holds the undecided conditions of the branch being walked:
	// within Fn::If on C, a second Fn::If on C takes the same branch.
	assumed := map[string]tri{}
	var walk func(n *node) bool
	walk = func(n *node) bool {
		fn, ok := intrinsicName(n)
		switch {
		case ok && fn == "Ref":
			if name, _ := n.vals[0].text(); name == "AWS::NoValue" {
				out.maps = append(out.maps, nil)
				return true
			}
		case ok && fn == "Fn::If":
			a := args(n.vals[0], 3)
			name, named := a0text(a)
			if a == nil || !named {
				break // not a choice: reported where it is evaluated
			}
			t, ok := assumed[name]
			if !ok {
				t = s.condition(name, a[0].rng)
			}
			switch t {
			case yes:
				return walk(a[1])
			case no:
				return walk(a[2])
			}
			whys = appendNew(whys, s.undecided(name))
			defer delete(assumed, name)
			assumed[name] = yes
			if !walk(a[1]) {
				return false
			}
			assumed[name] = no
			return walk(a[2])
		}
		if len(out.maps) >= maxPropSets {
			return false
		}
		out.maps = append(out.maps, n)
		return true
	}
	if !walk(props) {
		out.maps = nil
		out.unknown = graph.UnknownValue(fmt.Sprintf("the Properties of %s are chosen by Fn::If among more than %d alternatives", res.name, maxPropSets), out.at)
		return out
	}
	out.why = joinWhy(whys)
	return out
}

// a0text is the condition name of Fn::If arguments.
func a0text(a []*node) (string, bool) {
	if a == nil {
		return "", false
	}
	return a[0].text()
}

// rngOr is n's range, or r when n is absent.
func (n *node) rngOr(r graph.Range) graph.Range {
	if n == nil {
		return r
	}
	return n.rng
}

// props is the one Properties mapping of a resource, or nil when there is
// none or a condition that cannot be decided chooses among several.
func (s *stack) props(res *resDecl) *node {
	if sets := s.propSets(res); len(sets.maps) == 1 {
		return sets.maps[0]
	}
	return nil
}
