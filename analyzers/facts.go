package analyzers

import (
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/policy"
)

// Facts is derived once per run and shared by analyzers: which key each
// trail uses, which bucket, and the indexes that tie names to the
// resources declared in the tree.
type Facts struct {
	g     *graph.Graph
	usage map[*graph.Resource]*Usage
	// index holds, for each kind of lookup, the resources found under each
	// name, in graph order; read only through find.
	index  [demandKinds]map[string][]*graph.Resource
	policy map[*graph.Resource]*PolicyInfo
	memo   map[string]any
	// demands, when not nil, records what resolving trails looked up in
	// the indexes, as far as other units could answer it. A Stream
	// analyses one unit at a time and uses them to tell which results
	// another unit could change.
	demands map[Demand]bool
	// reported are the problems of policy documents added to the graph.
	reported map[graph.Diagnostic]bool
	// meter charges policy matching to the run's budget.
	meter *policy.Meter
}

// Demand is something a unit's analysis looked up in an index of the tree:
// a name, and the kind of lookup it was made in.
type Demand struct {
	Kind DemandKind
	Name string
}

// DemandKind is a kind of lookup by name: one index of the tree.
type DemandKind uint8

// The kinds of lookup. Each has an entry in indexes.
const (
	// DemandID: a resource by ID. IDs cross units only through a
	// template's exports.
	DemandID DemandKind = iota + 1
	// DemandAlias: aliases by name ("alias/x").
	DemandAlias
	// DemandBucket: buckets by their literal name.
	DemandBucket
	// DemandEncryption: default encryption declared apart from a bucket
	// (aws_s3_bucket_server_side_encryption_configuration), by the ID of
	// the bucket it refers to.
	DemandEncryption
	// DemandEncryptionName: the same, by the literal name of its bucket.
	DemandEncryptionName
	// DemandUntiedEncryption: the same, tied to no bucket the tree
	// declares (a variable, a data source), so possibly any bucket's; all
	// under the name "".
	DemandUntiedEncryption
	// DemandKeyPolicy: key policies declared apart from their key
	// (aws_kms_key_policy), by the ID of the key.
	DemandKeyPolicy
	demandKinds
)

// An index says under which names a resource is found in one kind of
// lookup.
type index struct {
	// names returns the names r is found under in g.
	names func(g *graph.Graph, r *graph.Resource) []string
	// exported is set when a unit offers the names to other units only
	// for the resources it shares: references reach no further.
	exported bool
	// unique is set when a name names at most one resource in a scan: a
	// resource found is the answer, and only a name the unit lacks is
	// asked of the others.
	unique bool
}

// indexes is the one table both sides of a lookup across units are built
// from: newFacts indexes a graph with it, and Stream learns from it what a
// unit provides to the others. A lookup that is not in it cannot be made.
var indexes = [demandKinds]index{
	DemandID: {names: func(_ *graph.Graph, r *graph.Resource) []string { return []string{r.ID} }, exported: true, unique: true},
	DemandAlias: {names: func(_ *graph.Graph, r *graph.Resource) []string {
		return knownName(r, graph.KindAlias, graph.PropName)
	}},
	DemandBucket: {names: func(_ *graph.Graph, r *graph.Resource) []string {
		return knownName(r, graph.KindBucket, graph.PropName)
	}},
	DemandEncryption: {names: func(_ *graph.Graph, r *graph.Resource) []string {
		return refIDs(r, graph.KindBucketEncryption, graph.PropBucket)
	}},
	DemandEncryptionName: {names: func(_ *graph.Graph, r *graph.Resource) []string {
		return knownName(r, graph.KindBucketEncryption, graph.PropBucket)
	}},
	DemandUntiedEncryption: {names: func(g *graph.Graph, r *graph.Resource) []string {
		if r.Kind != graph.KindBucketEncryption || len(knownName(r, r.Kind, graph.PropBucket)) > 0 {
			return nil
		}
		for _, id := range refIDs(r, r.Kind, graph.PropBucket) {
			if b := g.Lookup(id); b != nil && b.Kind == graph.KindBucket {
				return nil
			}
		}
		return []string{""}
	}},
	DemandKeyPolicy: {names: func(_ *graph.Graph, r *graph.Resource) []string {
		return refIDs(r, graph.KindKeyPolicy, graph.PropTargetKey)
	}},
}

// knownName is the known text of r's property p when r is of kind k.
func knownName(r *graph.Resource, k graph.Kind, p graph.Prop) []string {
	if r.Kind != k {
		return nil
	}
	if name, ok := r.Prop(p).Value.KnownString(); ok {
		return []string{name}
	}
	return nil
}

// refIDs are the IDs r's property p refers to when r is of kind k.
func refIDs(r *graph.Resource, k graph.Kind, p graph.Prop) []string {
	if r.Kind != k {
		return nil
	}
	var out []string
	for _, ref := range r.Prop(p).Value.AllRefs() {
		out = append(out, ref.ID)
	}
	return out
}

// find returns the resources found under name in the index k, in graph
// order, and records the lookup as a demand when another unit could
// answer it. Every lookup by name goes through here, so that a unit
// analysed alone knows every name it would have to see the whole tree for.
func (f *Facts) find(k DemandKind, name string) []*graph.Resource {
	rs := f.index[k][name]
	if f.demands != nil && (len(rs) == 0 || !indexes[k].unique) {
		f.demands[Demand{k, name}] = true
	}
	return rs
}

// findLast returns the last resource found under name: the one that stays
// when several set the same thing, as the last applied does.
func (f *Facts) findLast(k DemandKind, name string) *graph.Resource {
	if rs := f.find(k, name); len(rs) > 0 {
		return rs[len(rs)-1]
	}
	return nil
}

// Lookup returns the resource of the tree with the given ID.
func (f *Facts) Lookup(id string) *graph.Resource { return f.findLast(DemandID, id) }

// NewFacts indexes g for a run of its own, with the default limits.
func NewFacts(g *graph.Graph) *Facts { return newFacts(g, budget.New(budget.Limits{})) }

// newFacts indexes g for the run b.
func newFacts(g *graph.Graph, b *budget.Run) *Facts {
	f := &Facts{
		meter:    policy.NewMeter(b),
		g:        g,
		usage:    map[*graph.Resource]*Usage{},
		policy:   map[*graph.Resource]*PolicyInfo{},
		memo:     map[string]any{},
		reported: map[graph.Diagnostic]bool{},
	}
	for k, ix := range indexes {
		if ix.names != nil {
			f.index[k] = map[string][]*graph.Resource{}
		}
	}
	for _, r := range g.Resources {
		for k, ix := range indexes {
			if ix.names == nil {
				continue
			}
			for _, name := range ix.names(g, r) {
				f.index[k][name] = append(f.index[k][name], r)
			}
		}
	}
	return f
}

// Usage is what a trail or event data store is tied to.
type Usage struct {
	Trail *graph.Resource
	// KeyAttr is the trail's key property.
	KeyAttr *graph.Attr
	// NoKey is set when the key property is absent, null or empty.
	NoKey bool
	// Keys are the key resources of the tree the trail uses (through a
	// reference, an alias, an import), with how they were named.
	Keys []KeyUse
	// Literal is the key property's text when it is a literal (an ARN, an
	// alias name, a key id) that names no resource of the tree.
	Literal string
	// Unknown says what would decide the key when it cannot be resolved.
	Unknown string
	// MaybeNoKey is set when the key is one of several values, one of which
	// is no key at all (an Fn::If with AWS::NoValue on an undecidable
	// condition): not a finding, but worth saying.
	MaybeNoKey bool
	// Bucket is the trail's bucket when it is declared in the tree.
	Bucket *graph.Resource
}

// At is where a finding about the trail's key is placed: the key
// property, or the trail's header when the property is absent.
func (u *Usage) At() graph.Range {
	if !u.KeyAttr.Range.IsZero() {
		return u.KeyAttr.Range
	}
	return u.Trail.Header
}

// KeyUse is one key a trail uses.
type KeyUse struct {
	Key *graph.Resource
	// Via is the alias the trail named the key through, if any.
	Via *graph.Resource
	// Attr is the attribute of the key or alias the trail referred to
	// ("arn", "key_id", "Arn", "" for a CloudFormation Ref).
	Attr string
}

// Usage resolves what r (a trail or event data store) uses.
func (f *Facts) Usage(r *graph.Resource) *Usage {
	if u, ok := f.usage[r]; ok {
		return u
	}
	u := &Usage{Trail: r, KeyAttr: r.Prop(graph.PropKMSKey)}
	f.resolveKey(u)
	f.resolveBucket(u)
	f.usage[r] = u
	return u
}

func (f *Facts) resolveKey(u *Usage) {
	v := u.KeyAttr.Value
	if v.IsNull() {
		u.NoKey = true
		return
	}
	if s, ok := v.KnownString(); ok && strings.TrimSpace(s) == "" {
		u.NoKey = true
		return
	}
	if v.Type == graph.OneOf {
		for _, alt := range v.Alts {
			if s, ok := alt.KnownString(); alt.IsNull() || ok && strings.TrimSpace(s) == "" {
				u.MaybeNoKey = true
			}
		}
	}
	seen := map[*graph.Resource]bool{}
	for _, ref := range v.AllRefs() {
		r := f.Lookup(ref.ID)
		if r == nil {
			continue
		}
		switch r.Kind {
		case graph.KindKey, graph.KindReplicaKey:
			if !seen[r] {
				seen[r] = true
				u.Keys = append(u.Keys, KeyUse{Key: r, Attr: ref.Attr})
			}
		case graph.KindAlias:
			for _, k := range f.TargetKeys(r) {
				if !seen[k] {
					seen[k] = true
					u.Keys = append(u.Keys, KeyUse{Key: k, Via: r, Attr: ref.Attr})
				}
			}
		}
	}
	if len(u.Keys) > 0 {
		return
	}
	switch {
	case v.Type == graph.String && !graph.HasHoles(v.Str):
		u.Literal = v.Str
		for _, a := range f.find(DemandAlias, aliasName(v.Str)) {
			for _, k := range f.TargetKeys(a) {
				u.Keys = append(u.Keys, KeyUse{Key: k, Via: a})
			}
		}
	case v.Type == graph.String:
		if _, whole := graph.WholeHole(v.Str); !whole {
			// Partly known text: an ARN built from parts still tells its
			// region when that part is known.
			u.Literal = v.Str
		}
		u.Unknown = v.Describe()
	default:
		u.Unknown = v.Describe()
	}
}

// aliasName returns "alias/x" for "alias/x" and for an alias ARN.
func aliasName(s string) string {
	if i := strings.Index(s, ":alias/"); i >= 0 && strings.HasPrefix(s, "arn:") {
		return s[i+1:]
	}
	return s
}

// TargetKeys returns the keys of the graph that r (an alias, a key
// policy) names as its target.
func (f *Facts) TargetKeys(r *graph.Resource) []*graph.Resource {
	var out []*graph.Resource
	for _, ref := range r.Prop(graph.PropTargetKey).Value.AllRefs() {
		if k := f.Lookup(ref.ID); k != nil && (k.Kind == graph.KindKey || k.Kind == graph.KindReplicaKey) {
			out = append(out, k)
		}
	}
	return out
}

func (f *Facts) resolveBucket(u *Usage) {
	v := u.Trail.Prop(graph.PropBucket).Value
	if v == nil {
		return
	}
	for _, ref := range v.AllRefs() {
		if r := f.Lookup(ref.ID); r != nil && r.Kind == graph.KindBucket {
			u.Bucket = r
			return
		}
	}
	if name, ok := v.KnownString(); ok {
		if bs := f.find(DemandBucket, name); len(bs) == 1 {
			u.Bucket = bs[0]
		}
	}
}

// BucketKey reports whether the trail's bucket has objects encrypted with
// an S3 Bucket Key, which changes the encryption context S3 gives KMS from
// the object's ARN to the bucket's. known is false when that cannot be
// told: the bucket is not declared, or the setting depends on an input.
func (f *Facts) BucketKey(u *Usage) (on, known bool) {
	b := u.Bucket
	if b == nil {
		return false, false
	}
	// A configuration declared apart is applied after the bucket, so its
	// setting is the one that stays.
	holder := f.findLast(DemandEncryption, b.ID)
	if name, ok := b.Prop(graph.PropName).Value.KnownString(); ok && holder == nil {
		holder = f.findLast(DemandEncryptionName, name)
	}
	if holder == nil {
		if b.Prop(graph.PropBucketKey).Value == nil && len(f.find(DemandUntiedEncryption, "")) > 0 {
			return false, false // a setting may be this bucket's
		}
		holder = b
	}
	v := holder.Prop(graph.PropBucketKey).Value
	if v == nil || v.IsNull() {
		return false, true // S3 Bucket Keys are off unless set
	}
	on, ok := v.KnownBool()
	if !ok {
		return false, false
	}
	if algo, known := holder.Prop(graph.PropSSE).Value.KnownString(); on && (!known || algo != "aws:kms") {
		// A Bucket Key beside SSE-S3 or DSSE-KMS as the default, or one
		// not known: whether S3 uses a Bucket Key for CloudTrail's SSE-KMS
		// writes then is not documented, or cannot be told.
		return false, false
	}
	return on, true
}

// PolicyOf returns the value of the key's effective policy and the resource
// it is written on: an aws_kms_key_policy that overrides the key's own, or
// the key's policy property. It returns nil when the key has no policy
// property, which gives it the AWS default key policy.
func (f *Facts) PolicyOf(key *graph.Resource) (*graph.Attr, *graph.Resource) {
	if kp := f.findLast(DemandKeyPolicy, key.ID); kp != nil {
		return kp.Prop(graph.PropPolicy), kp
	}
	a := key.Prop(graph.PropPolicy)
	if a.Value == nil {
		return nil, key
	}
	return a, key
}

// Meter is what evaluating policies charges its matching to: the run's
// budget.
func (f *Facts) Meter() *policy.Meter { return f.meter }

// OverBudget reports whether the run's policy-matching budget has run out,
// and the first time it has, says so at the policy at r, whose matching
// took the run over: once in the run, since the budget is the run's.
func (f *Facts) OverBudget(r graph.Range) bool {
	if f.meter.Crossed() {
		f.g.Diagnostics = append(f.g.Diagnostics, budgetDiagnostic(f.meter, r))
	}
	return f.meter.Over()
}

func budgetDiagnostic(m *policy.Meter, r graph.Range) graph.Diagnostic {
	return graph.Diagnostic{
		Severity: graph.SevError,
		Class:    graph.ClassBudget,
		Summary:  "Evaluation budget exceeded",
		Detail: budget.Message(budget.MatchWork, m.Limits()) +
			"; this key policy and those matched after it are not fully checked, and findings that depend on them are not reported",
		Range: r,
	}
}

// Graph returns the graph the facts are about.
func (f *Facts) Graph() *graph.Graph { return f.g }

// Memo computes a value once per run under name and hands it out after.
func Memo[T any](f *Facts, name string, compute func() T) T {
	if v, ok := f.memo[name]; ok {
		return v.(T)
	}
	v := compute()
	f.memo[name] = v
	return v
}

// PolicyInfo is a key's effective policy, read once.
type PolicyInfo struct {
	// Doc is the document; nil when it cannot be known (Unknown says why).
	Doc *policy.Document
	// Attr is the policy property as written; nil for the default policy.
	Attr *graph.Attr
	// Holder is the resource the policy is written on: the key, or an
	// aws_kms_key_policy that overrides it.
	Holder *graph.Resource
	// Sources are the policy documents (data sources) the text came from.
	Sources []*graph.Resource
	// Default is set when the key has no policy and so the AWS default key
	// policy applies.
	Default bool
	Unknown string
	// problems are those of the document, said when Policy is asked.
	problems []graph.Diagnostic
}

// Policy returns the effective policy of key. Problems in the document are
// added to the graph's diagnostics once.
func (f *Facts) Policy(key *graph.Resource) *PolicyInfo {
	p := f.ReadPolicy(key)
	for _, d := range p.problems {
		// Keys that share one policy document meet its problems once.
		if !f.reported[d] {
			f.reported[d] = true
			f.g.Diagnostics = append(f.g.Diagnostics, d)
		}
	}
	return p
}

// ReadPolicy returns the effective policy of key, read once per run as
// Policy reads it, without saying the problems of its document: those of
// a key that may not be CloudTrail's are not trailint's to say.
func (f *Facts) ReadPolicy(key *graph.Resource) *PolicyInfo {
	if p, ok := f.policy[key]; ok {
		return p
	}
	p := &PolicyInfo{}
	p.Attr, p.Holder = f.PolicyOf(key)
	if p.Attr == nil {
		p.Default = true
		p.Doc = defaultPolicy(key)
	} else {
		if why, ok := policy.Unknown(p.Attr.Value); ok {
			p.Unknown = why
		} else {
			p.Doc, p.problems = policy.Parse(p.Attr.Value)
			if p.Doc == nil {
				p.Unknown = "the key policy cannot be read"
			}
		}
		for _, ref := range p.Attr.Value.AllRefs() {
			if r := f.Lookup(ref.ID); r != nil && r.Kind == graph.KindPolicyDocument {
				p.Sources = append(p.Sources, r)
			}
		}
	}
	f.policy[key] = p
	return p
}

// defaultPolicy is the key policy AWS gives a key created without one: the
// account may use the key through IAM, nobody else.
func defaultPolicy(key *graph.Resource) *policy.Document {
	part := stringOr(key.Partition, graph.Hole(graph.DomainPartition, "AWS partition"))
	acct := stringOr(key.Account, graph.Hole(graph.DomainAccount, "account of "+key.Address))
	text := `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",` +
		`"Principal":{"AWS":"arn:` + part + `:iam::` + acct + `:root"},"Action":"kms:*","Resource":"*"}]}`
	doc, _ := policy.Parse(graph.Str(text, key.Header))
	return doc
}

func stringOr(v *graph.Value, d string) string {
	if v != nil && v.Type == graph.String && v.Str != "" {
		return v.Str
	}
	return d
}

// Sources points at where an attribute's value came from when that is not
// the attribute itself (a variable's default, a tfvars file, a parameter),
// and at the module calls that led to a resource inside a module.
func Sources(r *graph.Resource, a *graph.Attr) []Related {
	var out []Related
	if a.Value != nil && !a.Value.Range.IsZero() && !a.Range.Contains(a.Value.Range) {
		out = append(out, Related{Range: a.Value.Range, Message: "the value comes from here"})
	}
	for _, c := range r.Calls {
		out = append(out, Related{Range: c, Message: "called from here"})
	}
	return out
}
