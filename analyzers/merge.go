package analyzers

import (
	"cmp"
	"slices"
	"strings"

	"github.com/trailint/trailint/graph"
)

// One defect is one finding. A module that several roots call, a key that
// several trails use, a policy document that several keys share: each
// trail that reaches the defect is analysed on its own, and gives a finding
// of the same rule at the same place. Merge makes them one finding that
// names every trail (and root) that reaches the defect, so that a pull
// request gets one annotation per thing to fix, and its fingerprint does
// not depend on which root was analysed first.
//
// Rules write the trails a finding is about as the mark Trails in its
// message (and verbs that agree with them as Verb), and list them in
// Reach; Merge fills the marks in, once the findings of the whole scan are
// in, whether the scan was analysed at once or unit by unit.

// Marks in a message, filled in by Merge. They are private-use code points
// apart from those of holes, so that no text of a configuration holds
// them.
const (
	markOpen  = '\uE002'
	markClose = '\uE003'
)

// Trails is the mark a rule writes in a message where the trails and event
// data stores that reach the finding are named: "trail aws_cloudtrail.a",
// "trails aws_cloudtrail.a and aws_cloudtrail.b".
const Trails = string(markOpen) + "trails" + string(markClose)

// Verb is the mark of a verb whose subject is Trails: one when a single
// trail reaches the finding, many otherwise.
func Verb(one, many string) string {
	return string(markOpen) + "v:" + one + "|" + many + string(markClose)
}

// Reach is a trail or event data store that reaches a finding, and where
// it was evaluated.
type Reach struct {
	Kind    graph.Kind
	Address string
	// Root is the Terraform root module (its directory) or the
	// CloudFormation template the trail was evaluated in; Format says
	// which.
	Root   string
	Format graph.Format
	// Range is the trail's key property, or its header when the property
	// is absent.
	Range graph.Range
}

// ReachOf is the Reach of a trail or event data store.
func ReachOf(u *Usage) Reach {
	r := u.Trail
	return Reach{Kind: r.Kind, Address: r.Address, Root: rootOf(r), Format: r.Format, Range: u.At()}
}

// rootOf is where r was evaluated: the Terraform root module's directory,
// or the outermost template of a CloudFormation stack.
func rootOf(r *graph.Resource) string {
	if r.Format == graph.CloudFormation && len(r.Calls) > 0 && r.Calls[0].File != "" {
		return r.Calls[0].File
	}
	root, _, ok := strings.Cut(r.ID, ":")
	if !ok {
		return ""
	}
	return root
}

// Local is a resource's address within its own module, without the module
// calls that lead to it and without its instance key: what stays the same
// in every instance of the module, and in every root that calls it.
func Local(address string) string {
	rest := InModule(address)
	if i := strings.IndexByte(rest, '['); i > 0 {
		rest = rest[:i]
	}
	return rest
}

// InModule is a resource's address as the configuration of its own module
// instance refers to it: without the module calls that lead to it.
func InModule(address string) string {
	rest := address
	for strings.HasPrefix(rest, "module.") {
		i := len("module.")
		for i < len(rest) && rest[i] != '.' && rest[i] != '[' {
			i++
		}
		if i < len(rest) && rest[i] == '[' {
			i = indexClose(rest, i)
		}
		if i >= len(rest) || rest[i] != '.' {
			return address
		}
		rest = rest[i+1:]
	}
	return rest
}

// indexClose returns the index after the instance key that opens at
// s[open], skipping quoted text, which may hold brackets and dots.
func indexClose(s string, open int) int {
	quoted := false
	for i := open + 1; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && s[i] == ']':
			return i + 1
		}
	}
	return len(s)
}

// PlaceKey is a finding's fingerprint key: the rule, the file of the place
// to fix, the address within its module of the resource that holds it, and
// what about it is wrong. It holds no line number and no trail, so that it
// survives edits above the resource and is the same whichever trails,
// roots or module instances reach the place.
func PlaceKey(rule string, at graph.Range, holder *graph.Resource, aspect string) string {
	key := rule + ":" + at.File + ":" + Local(holder.Address)
	if aspect != "" {
		key += ":" + aspect
	}
	return key
}

// Merge makes one finding of the findings of a rule at the same place
// with the same key, reached by different trails, roots or module
// instances, fills in the marks of every message, and sorts the result.
// The result does not depend on the order of ds.
func Merge(ds []Diagnostic, as []*Analyzer) []Diagnostic {
	byName := map[string]*Analyzer{}
	for _, a := range as {
		byName[a.Name] = a
	}
	type groupKey struct {
		rule, key string
		at        graph.Range
	}
	groups := map[groupKey][]Diagnostic{}
	var order []groupKey
	for _, d := range ds {
		k := groupKey{d.Rule, d.Key, d.Range}
		if d.Key == "" {
			// Without a key, only the same words say the same defect.
			k.key = "\x00" + d.Message
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	out := make([]Diagnostic, 0, len(order))
	for _, k := range order {
		out = append(out, merge(groups[k], byName[k.rule]))
	}
	Sort(out)
	return out
}

// merge makes one finding of a group.
func merge(group []Diagnostic, a *Analyzer) Diagnostic {
	slices.SortStableFunc(group, compareMembers)
	d := group[0]
	d.Reach = nil
	seen := map[Reach]bool{}
	for _, m := range group {
		for _, r := range m.Reach {
			if !seen[r] {
				seen[r] = true
				d.Reach = append(d.Reach, r)
			}
		}
	}
	slices.SortFunc(d.Reach, compareReach)
	d.Related = mergeRelated(d, group)
	if a != nil && a.Merge != nil && len(group) > 1 {
		a.Merge(&d, group)
	}
	d.Message = unifyAddresses(d.Message, group, func(m Diagnostic) string { return m.Message })
	for i := range d.Related {
		at := d.Related[i].Range
		d.Related[i].Message = unifyAddresses(d.Related[i].Message, group, func(m Diagnostic) string {
			for _, r := range m.Related {
				if r.Range == at {
					return r.Message
				}
			}
			return ""
		})
	}
	d.Message = fill(d.Message, d.Reach)
	d.Data, d.alone = nil, ""
	return d
}

// compareMembers orders the findings of a group: by the trails that reach
// them, then by what they say, so that the first is the same whatever
// order they came in.
func compareMembers(a, b Diagnostic) int {
	for i := range min(len(a.Reach), len(b.Reach)) {
		if c := compareReach(a.Reach[i], b.Reach[i]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(a.Reach), len(b.Reach)); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.Message, b.Message), strings.Compare(a.Fix, b.Fix), compareRelated(a.Related, b.Related))
}

func compareReach(a, b Reach) int {
	if a.Range != b.Range {
		if a.Range.Less(b.Range) {
			return -1
		}
		return 1
	}
	return cmp.Or(strings.Compare(a.Address, b.Address), strings.Compare(a.Root, b.Root), strings.Compare(string(a.Kind), string(b.Kind)))
}

func compareRelated(a, b []Related) int {
	switch {
	case relatedLess(a, b):
		return -1
	case relatedLess(b, a):
		return 1
	}
	return 0
}

// mergeRelated lists the related locations of the first finding of the
// group, then those of the others that it lacks, then the trails that
// reach the finding, one entry per place.
func mergeRelated(d Diagnostic, group []Diagnostic) []Related {
	var out []Related
	seen := map[graph.Range]bool{d.Range: true}
	for _, m := range group {
		for _, r := range m.Related {
			if !seen[r.Range] {
				seen[r.Range] = true
				out = append(out, r)
			}
		}
	}
	for i := 0; i < len(d.Reach); {
		j := i + 1
		for j < len(d.Reach) && d.Reach[j].Range == d.Reach[i].Range {
			j++
		}
		if at := d.Reach[i].Range; !seen[at] && !at.IsZero() {
			seen[at] = true
			out = append(out, Related{Range: at, Message: "the " + phrase(d.Reach[i:j])})
		}
		i = j
	}
	return out
}

// fill replaces the marks of a message.
func fill(msg string, reach []Reach) string {
	if !strings.ContainsRune(msg, markOpen) {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(msg, markOpen)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		j := strings.IndexRune(msg[i:], markClose)
		if j < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		mark := msg[i+len(string(markOpen)) : i+j]
		switch {
		case mark == "trails":
			b.WriteString(phrase(reach))
		case strings.HasPrefix(mark, "v:"):
			one, many, _ := strings.Cut(mark[2:], "|")
			if distinct(reach) > 1 {
				b.WriteString(many)
			} else {
				b.WriteString(one)
			}
		}
		msg = msg[i+j+len(string(markClose)):]
	}
}

// distinct counts the trails of reach by address: one trail evaluated in
// several roots is one trail.
func distinct(reach []Reach) int {
	addrs := map[string]bool{}
	for _, r := range reach {
		addrs[string(r.Kind)+"\x00"+r.Address] = true
	}
	return len(addrs)
}

// phrase names the trails of reach: "trail aws_cloudtrail.a",
// "trail module.m.aws_cloudtrail.t (in roots a and b)", "trails
// aws_cloudtrail.a and aws_cloudtrail.b", "trail a and event data store
// b". Roots are named only when several roots reach the finding.
func phrase(reach []Reach) string {
	if len(reach) == 0 {
		return "no trail"
	}
	type item struct {
		kind   graph.Kind
		addr   string
		format graph.Format
		roots  []string
	}
	var items []*item
	at := map[string]*item{}
	roots := map[string]bool{}
	for _, r := range reach {
		roots[r.Root] = true
		k := string(r.Kind) + "\x00" + r.Address
		it := at[k]
		if it == nil {
			it = &item{kind: r.Kind, addr: r.Address, format: r.Format}
			at[k] = it
			items = append(items, it)
		}
		if !slices.Contains(it.roots, r.Root) {
			it.roots = append(it.roots, r.Root)
		}
	}
	sameKind := true
	for _, it := range items {
		sameKind = sameKind && it.kind == items[0].kind
	}
	words := make([]string, len(items))
	for i, it := range items {
		w := it.addr
		if !sameKind {
			w = kindWord(it.kind) + " " + w
		}
		if len(roots) > 1 {
			slices.Sort(it.roots)
			where := "root"
			if it.format == graph.CloudFormation {
				where = "template"
			}
			if len(it.roots) > 1 {
				where += "s"
			}
			w += " (in " + where + " " + list(it.roots) + ")"
		}
		words[i] = w
	}
	if !sameKind {
		return list(words)
	}
	noun := kindWord(items[0].kind)
	if len(items) > 1 {
		noun += "s"
	}
	return noun + " " + list(words)
}

func kindWord(k graph.Kind) string {
	if k == "" {
		return "trail"
	}
	return string(k)
}

// list joins words as prose: "a", "a and b", "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// unifyAddresses writes, where the findings of a group name one resource
// by different addresses (the same module instantiated as module.a in one
// root and module.b in another), the resource's address within its module,
// which holds in every root: "aws_kms_key.k" rather than the first root's
// "module.a.aws_kms_key.k[0]". of is a member's text to compare. An
// address of msg varies when a member names, instead of it, another
// address of the same resource within its module.
func unifyAddresses(msg string, group []Diagnostic, of func(Diagnostic) string) string {
	mine := addressesIn(msg)
	if len(mine) == 0 {
		return msg
	}
	varies := map[string]bool{}
	for _, m := range group[1:] {
		theirs := addressesIn(of(m))
		for a := range mine {
			if theirs[a] {
				continue
			}
			for b := range theirs {
				if Local(b) == Local(a) {
					varies[a] = true
				}
			}
		}
	}
	if len(varies) == 0 {
		return msg
	}
	words := strings.Split(msg, " ")
	for i, w := range words {
		if pre, a, post := addressIn(w); varies[a] {
			words[i] = pre + Local(a) + post
		}
	}
	return strings.Join(words, " ")
}

// addressesIn lists the addresses of resources in modules that s names.
func addressesIn(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		if _, a, _ := addressIn(w); a != "" {
			out[a] = true
		}
	}
	return out
}

// addressIn splits a word of a message into the punctuation around it and
// the address of a resource in a module it holds, "" when it holds none.
func addressIn(w string) (pre, addr, post string) {
	core := strings.TrimLeft(w, "(")
	pre = w[:len(w)-len(core)]
	addr = strings.TrimRight(core, ".,:;)")
	post = core[len(addr):]
	if !strings.HasPrefix(addr, "module.") || InModule(addr) == addr || !strings.Contains(InModule(addr), ".") {
		return "", "", ""
	}
	return pre, addr, post
}
