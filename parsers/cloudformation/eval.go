package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// maxEvalDepth bounds evaluation through parameters, imports and nested
// stacks, whatever the template says.
const maxEvalDepth = 256

// eval evaluates a node as CloudFormation would at deploy time, with holes
// and Unknowns where deploy-time values are not known. nil means absent
// (AWS::NoValue).
//
// Each node is evaluated once per stack, and each evaluation is a step of
// the unit's budget; lists and maps are checked against the caps of a
// value, since they may hold the same value many times over.
func (s *stack) eval(n *node) *graph.Value {
	if n == nil {
		return nil
	}
	if s.memoReady != s.l.exportsReady {
		clear(s.memo)
		s.memoReady = s.l.exportsReady
	}
	if v, ok := s.memo[n]; ok {
		return v
	}
	if over := s.spend(budget.Steps, 1, n.rng); over != nil {
		return over
	}
	s.l.depth++
	defer func() { s.l.depth-- }()
	if s.l.depth > maxEvalDepth {
		return graph.UnknownValue("the expression nests too deeply to evaluate", n.rng)
	}
	var v *graph.Value
	switch n.kind {
	case kBad:
		return graph.UnknownValue(n.tag, n.rng)
	case kScalar:
		return scalar(n) // cheaper to make again than to keep
	case kSeq:
		// sized once: values outlive the load, spare capacity would too
		v = &graph.Value{Type: graph.List, Range: n.rng, List: make([]*graph.Value, 0, len(n.items))}
		for _, it := range n.items {
			if e := s.eval(it); e != nil {
				v.List = append(v.List, e)
			}
		}
		if over := s.fitsValue(v, n.rng); over != nil {
			v = over
		}
	default:
		if fn, ok := intrinsicName(n); ok {
			v = s.intrinsic(fn, n.vals[0], n)
			break
		}
		v = &graph.Value{Type: graph.Map, Range: n.rng, Fields: make([]graph.Field, 0, len(n.keys))}
		for i, k := range n.keys {
			if e := s.eval(n.vals[i]); e != nil {
				v.Fields = append(v.Fields, graph.Field{Name: k.str, NameRange: k.rng, Value: e})
			}
		}
		if over := s.fitsValue(v, n.rng); over != nil {
			v = over
		}
	}
	s.memo[n] = v
	return v
}

// intrinsicName reports whether n is a function call: a one-key mapping
// whose key is Ref or Fn::*, or a !Condition tag. An absent node is none.
func intrinsicName(n *node) (string, bool) {
	if n == nil || n.kind != kMap || len(n.keys) != 1 {
		return "", false
	}
	k := n.keys[0].str
	if k == "Ref" || strings.HasPrefix(k, "Fn::") || (k == "Condition" && n.fromTag) {
		return k, true
	}
	return "", false
}

func scalar(n *node) *graph.Value {
	switch n.tag {
	case "!!null":
		return &graph.Value{Type: graph.Null, Range: n.rng}
	case "!!bool":
		return &graph.Value{Type: graph.Bool, Bool: strings.EqualFold(n.str, "true"), Range: n.rng}
	case "!!int", "!!float":
		return &graph.Value{Type: graph.Number, Str: n.str, Range: n.rng}
	}
	return graph.Str(n.str, n.rng)
}

// args returns the items of a sequence argument, or nil.
func args(n *node, want int) []*node {
	if n == nil || n.kind != kSeq || (want >= 0 && len(n.items) != want) {
		return nil
	}
	return n.items
}

func (s *stack) bad(fn string, call *node, detail string) *graph.Value {
	s.diag(call.rng, "invalid "+fn+": "+detail, "")
	return graph.UnknownValue("invalid "+fn+": "+detail, call.rng)
}

func (s *stack) intrinsic(fn string, arg *node, call *node) *graph.Value {
	r := call.rng
	switch fn {
	case "Ref":
		name, ok := s.knownText(arg)
		if !ok {
			return s.bad(fn, call, "Ref takes a name")
		}
		return s.ref(name, r)
	case "Fn::GetAtt":
		return s.getAtt(arg, call)
	case "Fn::Sub":
		return s.sub(arg, call)
	case "Fn::Join":
		return s.join(arg, call)
	case "Fn::Select":
		return s.selectFn(arg, call)
	case "Fn::Split":
		return s.split(arg, call)
	case "Fn::If":
		return s.ifFn(arg, call)
	case "Fn::FindInMap":
		return s.findInMap(arg, call)
	case "Fn::ImportValue":
		return s.importValue(arg, call)
	case "Fn::Base64":
		v := s.eval(arg)
		if t, ok := v.KnownString(); ok {
			if over := s.fits(int64(base64.StdEncoding.EncodedLen(len(t))), 0, true, r); over != nil {
				return withRefs(over, v)
			}
			return withRefs(graph.Str(base64.StdEncoding.EncodeToString([]byte(t)), r), v)
		}
		return withRefs(graph.UnknownValue("Fn::Base64 of a value known at deploy time: "+v.Describe(), r), v)
	case "Fn::GetAZs":
		return graph.UnknownValue("the Availability Zones of the region are known at deploy time", r)
	case "Fn::Cidr":
		return withRefs(graph.UnknownValue("Fn::Cidr is computed at deploy time", r), s.eval(arg))
	case "Fn::Transform":
		name, _ := s.knownText(arg.get("Name"))
		return graph.UnknownValue("Fn::Transform is expanded by the macro "+name+" at deploy time", r)
	case "Fn::Length":
		v := s.eval(arg)
		if v != nil && v.Type == graph.List {
			return withRefs(&graph.Value{Type: graph.Number, Str: strconv.Itoa(len(v.List)), Range: r}, v)
		}
		return withRefs(graph.UnknownValue("Fn::Length of a list known at deploy time", r), v)
	case "Fn::ToJsonString":
		v := s.eval(arg)
		if j, ok := toJSON(v); ok {
			// v is within the caps of a value; its text may not be.
			b, err := json.Marshal(j)
			if err == nil {
				if over := s.fits(int64(len(b)), 0, true, r); over != nil {
					return withRefs(over, allRefs(v)...)
				}
				return withRefs(graph.Str(string(b), r), allRefs(v)...)
			}
		}
		return withRefs(graph.UnknownValue("Fn::ToJsonString of a value known at deploy time: "+v.Describe(), r), allRefs(v)...)
	case "Condition":
		name, ok := s.knownText(arg)
		if !ok {
			return s.bad(fn, call, "Condition takes a condition name")
		}
		switch s.condition(name, r) {
		case yes:
			return &graph.Value{Type: graph.Bool, Bool: true, Range: r}
		case no:
			return &graph.Value{Type: graph.Bool, Bool: false, Range: r}
		}
		return &graph.Value{Type: graph.OneOf, Range: r, Alts: []*graph.Value{
			{Type: graph.Bool, Bool: true, Range: r}, {Type: graph.Bool, Bool: false, Range: r}}}
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
		switch s.cond(call) {
		case yes:
			return &graph.Value{Type: graph.Bool, Bool: true, Range: r}
		case no:
			return &graph.Value{Type: graph.Bool, Bool: false, Range: r}
		}
		return &graph.Value{Type: graph.OneOf, Range: r, Alts: []*graph.Value{
			{Type: graph.Bool, Bool: true, Range: r}, {Type: graph.Bool, Bool: false, Range: r}}}
	}
	s.diag(call.keys[0].rng, "unknown function "+fn, "CloudFormation has no intrinsic function "+fn)
	return graph.UnknownValue("unknown function "+fn, r)
}

// knownText evaluates n to text without holes.
func (s *stack) knownText(n *node) (string, bool) {
	if t, ok := n.text(); ok {
		return t, true
	}
	if n == nil || n.kind != kMap {
		return "", false
	}
	v := s.eval(n)
	if v != nil && v.Type == graph.Number {
		return v.Str, true
	}
	return v.KnownString()
}

// withRefs adds the edges of the parts a value was computed from.
func withRefs(v *graph.Value, parts ...*graph.Value) *graph.Value {
	for _, p := range parts {
		if p != nil {
			v.Refs = addRefs(v.Refs, p.Refs...)
		}
	}
	return v
}

// withRefList adds edges to a value made here.
func withRefList(v *graph.Value, refs []graph.Ref) *graph.Value {
	v.Refs = addRefs(v.Refs, refs...)
	return v
}

func allRefs(v *graph.Value) []*graph.Value {
	if v == nil {
		return nil
	}
	return []*graph.Value{{Refs: v.AllRefs()}}
}

// addRefs appends to to the refs of more it does not hold yet. Values
// made of many parts (an Fn::Sub of thousands of variables) collect their
// parts' refs first and add them at once, in time linear in their number.
func addRefs(to []graph.Ref, more ...graph.Ref) []graph.Ref {
	if len(to)+len(more) > 32 {
		seen := make(map[graph.Ref]bool, len(to)+len(more))
		for _, r := range to {
			seen[r] = true
		}
		for _, r := range more {
			if !seen[r] {
				seen[r] = true
				to = append(to, r)
			}
		}
		return to
	}
	for _, r := range more {
		if !slices.Contains(to, r) {
			to = append(to, r)
		}
	}
	return to
}

// ref evaluates Ref name: a pseudo parameter, a parameter or a resource.
func (s *stack) ref(name string, r graph.Range) *graph.Value {
	if v, ok := s.pseudo(name, r); ok {
		return v
	}
	if v, ok := s.param(name, r); ok {
		return v
	}
	if res := s.t.byName[name]; res != nil {
		return s.resourceValue(res, "", r)
	}
	s.diag(r, "Ref to undefined name "+name, "no parameter, pseudo parameter or resource is named "+name)
	return graph.UnknownValue("Ref to undefined name "+name, r)
}

// getAtt evaluates Fn::GetAtt in its list and "A.B" forms.
func (s *stack) getAtt(arg *node, call *node) *graph.Value {
	var name, attr string
	if t, ok := arg.text(); ok {
		var found bool
		name, attr, found = strings.Cut(t, ".")
		if !found {
			return s.bad("Fn::GetAtt", call, "Fn::GetAtt takes Resource.Attribute")
		}
	} else if a := args(arg, 2); a != nil {
		var ok bool
		// A name made with Fn::Sub, as loops of AWS::LanguageExtensions
		// write it.
		if name, ok = s.knownText(a[0]); !ok {
			return s.bad("Fn::GetAtt", call, "the resource of Fn::GetAtt must be a name")
		}
		if attr, ok = s.knownText(a[1]); !ok {
			if res := s.t.byName[name]; res != nil {
				v := graph.UnknownValue("the attribute name of Fn::GetAtt "+name+" is known at deploy time", call.rng)
				v.Refs = []graph.Ref{{ID: s.id(name)}}
				return v
			}
		}
	} else {
		return s.bad("Fn::GetAtt", call, "Fn::GetAtt takes [Resource, Attribute]")
	}
	res := s.t.byName[name]
	if res == nil {
		s.diag(call.rng, "Fn::GetAtt of undefined resource "+name, "")
		return graph.UnknownValue("Fn::GetAtt of undefined resource "+name, call.rng)
	}
	return s.resourceValue(res, attr, call.rng)
}

// resourceValue is the value of Ref (attr "") or Fn::GetAtt of a resource:
// a hole named after the logical id, which keeps Fn::Sub and Fn::Join
// structure, with an edge to the resource.
func (s *stack) resourceValue(res *resDecl, attr string, r graph.Range) *graph.Value {
	edge := []graph.Ref{{ID: s.id(res.name), Attr: attr}}
	if c, ok := s.conditionOf(res.body); ok && s.condition(c, r) == no {
		v := graph.UnknownValue("resource "+res.name+" is not created (condition "+c+" is false)", r)
		v.Refs = edge
		return v
	}
	hole := func(d graph.Domain, origin, why string) *graph.Value {
		v := graph.Str(graph.Hole(d, origin), r)
		v.Why, v.Refs = why, edge
		return v
	}
	switch res.typ {
	case "AWS::KMS::Key", "AWS::KMS::ReplicaKey":
		keyID := graph.Hole(graph.DomainName, res.name)
		why := "the key id of " + res.name + " is assigned at deploy time"
		switch attr {
		case "", "KeyId":
			return hole(graph.DomainName, res.name, why)
		case "Arn":
			v := graph.Str("arn:"+s.l.partition+":kms:"+s.l.regionText()+":"+accountHole+":key/"+keyID, r)
			v.Why, v.Refs = why, edge
			return v
		}
	case "AWS::CloudFormation::Stack":
		if out, ok := strings.CutPrefix(attr, "Outputs."); ok {
			if child := s.children[res.name]; child != nil {
				if v := child.output(out, r); v != nil {
					c := *v // values may be shared: never add to them in place
					c.Refs = addRefs(append([]graph.Ref(nil), v.Refs...), edge...)
					return &c
				}
			}
			if why := s.notNested[res.name]; why != "" {
				v := graph.UnknownValue("output "+out+" of nested stack "+res.name+" is not evaluated: "+why, r)
				v.Refs = edge
				return v
			}
		}
	}
	if attr == "" {
		if v := s.nameOf(res); v != nil {
			v.Refs = addRefs(v.Refs, edge...)
			return v
		}
		return hole(refDomain(res.typ), res.name, "the physical id of "+res.name+" is assigned at deploy time")
	}
	return hole(graph.DomainAny, res.name+"."+attr, "attribute "+attr+" of "+res.name+" is known at deploy time")
}

// nameOf is what Ref returns for resources whose Ref is a name property,
// when that property is set.
func (s *stack) nameOf(res *resDecl) *graph.Value {
	var prop string
	switch res.typ {
	case "AWS::S3::Bucket":
		prop = "BucketName"
	case "AWS::CloudTrail::Trail":
		prop = "TrailName"
	case "AWS::KMS::Alias":
		prop = "AliasName"
	}
	if prop == "" || s.building[res.name] {
		return nil
	}
	v, ok := s.names[res.name]
	if !ok {
		n := s.props(res).get(prop)
		if n == nil {
			return nil
		}
		s.building[res.name] = true
		v = s.eval(n)
		delete(s.building, res.name)
		// Values computed before exports are collected may miss an import.
		if s.l.exportsReady {
			s.names[res.name] = v
		}
	}
	if v == nil || v.Type != graph.String {
		return nil
	}
	c := *v
	c.Refs = append([]graph.Ref(nil), v.Refs...)
	return &c
}

// refDomain is what the Ref of a resource type can contain.
func refDomain(typ string) graph.Domain {
	switch typ {
	case "AWS::S3::Bucket", "AWS::CloudTrail::Trail", "AWS::KMS::Key", "AWS::KMS::ReplicaKey":
		return graph.DomainName
	}
	return graph.DomainAny
}

// output evaluates an Output's Value in this stack.
func (s *stack) output(name string, r graph.Range) *graph.Value {
	out := s.t.outputs.get(name)
	if out == nil {
		return nil
	}
	if c, ok := s.conditionOf(out); ok && s.condition(c, r) == no {
		return graph.UnknownValue("output "+name+" is not created (condition "+c+" is false)", r)
	}
	if v, ok := s.outputs[name]; ok {
		return v
	}
	v := s.eval(out.get("Value"))
	if s.l.exportsReady {
		s.outputs[name] = v
	}
	return v
}

// text renders a value as Fn::Sub and Fn::Join do; a value not known as text
// becomes a hole named after the expression it came from.
func text(v *graph.Value, origin string) (string, string) {
	if v == nil {
		return "", ""
	}
	switch v.Type {
	case graph.String:
		return v.Str, v.Why
	case graph.Number:
		return v.Str, ""
	case graph.Bool:
		return strconv.FormatBool(v.Bool), ""
	case graph.Null:
		return "", ""
	}
	return graph.Hole(graph.DomainAny, origin), v.Describe()
}

// origin names the expression n for a hole that stands for its value.
func origin(n *node) string {
	if n == nil {
		return "?"
	}
	if t, ok := n.text(); ok {
		return t
	}
	if fn, ok := intrinsicName(n); ok {
		arg := n.vals[0]
		switch fn {
		case "Ref":
			if t, ok := arg.text(); ok {
				return t
			}
		case "Fn::GetAtt":
			if t, ok := arg.text(); ok {
				return t
			}
			if a := args(arg, 2); a != nil {
				x, _ := a[0].text()
				y, _ := a[1].text()
				return x + "." + y
			}
		case "Fn::ImportValue":
			if t, ok := arg.text(); ok {
				return "import " + t
			}
		}
		return fn
	}
	return "value"
}

func joinWhy(whys []string) string {
	var out []string
	seen := map[string]bool{}
	for _, w := range whys {
		if w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return strings.Join(out, "; ")
}

// toJSON converts a fully known value to what encoding/json marshals.
func toJSON(v *graph.Value) (any, bool) {
	if v == nil {
		return nil, true
	}
	switch v.Type {
	case graph.Null:
		return nil, true
	case graph.String:
		return v.Str, true
	case graph.Bool:
		return v.Bool, true
	case graph.Number:
		if !json.Valid([]byte(v.Str)) {
			return v.Str, true
		}
		return json.Number(v.Str), true
	case graph.List:
		out := make([]any, 0, len(v.List))
		for _, e := range v.List {
			j, ok := toJSON(e)
			if !ok {
				return nil, false
			}
			out = append(out, j)
		}
		return out, true
	case graph.Map:
		out := map[string]any{}
		for _, f := range v.Fields {
			j, ok := toJSON(f.Value)
			if !ok {
				return nil, false
			}
			out[f.Name] = j
		}
		return out, true
	}
	return nil, false
}
