package keypolicy

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// A request the key policy may or may not allow is a TL030 note that names
// what would decide it. A condition compares texts that often hold several
// holes, of which only some matter: in
//
//	StringLike "arn:aws:cloudtrail:*:${account}:trail/*"
//	     holds for "arn:${partition}:cloudtrail:${region}:${account}:trail/${name}"
//
// the account is on both sides, and the region and the name are taken by
// `*` whatever they are: only the partition decides. The note names that
// one, so that the user gives the input that settles it, and not four.

// undecided says why n is not decided: the inputs that decide it, and the
// statements that may or may not apply, in words.
func undecided(n *need) (inputs []string, why string) {
	res := n.result
	if res.OverBudget {
		return nil, strings.Join(res.Unknowns, "; ")
	}
	var order []*policy.Statement
	byStmt := map[*policy.Statement][]policy.Exclusion{}
	for _, e := range res.Undecided {
		if _, ok := byStmt[e.Statement]; !ok {
			order = append(order, e.Statement)
		}
		byStmt[e.Statement] = append(byStmt[e.Statement], e)
	}
	var o origins
	var parts []string
	for _, s := range order {
		conds, others := []string{}, []string{}
		for _, e := range byStmt[s] {
			o.add(deciding(e, n.req)...)
			if e.Element == "condition" && e.Condition != nil && e.Condition.Why == "" {
				c := "its condition " + e.Condition.String() + " holds"
				if vs := n.req.Values(e.Condition.Key); len(vs) > 0 && !strings.EqualFold(e.Condition.Operator, "Null") {
					c += " for " + quoted(vs)
				}
				conds = append(conds, c)
				continue
			}
			others = append(others, e.Reason)
		}
		head := label(s) + " (" + s.Effect.String() + ")"
		if len(others) == 0 {
			parts = append(parts, head+" applies only if "+strings.Join(conds, " and "))
			continue
		}
		parts = append(parts, head+" may apply: "+strings.Join(append(conds, others...), "; "))
	}
	return o.list, strings.Join(parts, "; ")
}

// origins collects hole origins once each, in the order met.
type origins struct {
	list []string
	seen map[string]bool
}

func (o *origins) add(names ...string) {
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	for _, n := range names {
		if !o.seen[n] {
			o.seen[n] = true
			o.list = append(o.list, n)
		}
	}
}

// deciding lists the origins of the holes whose values decide whether e's
// element holds for req; nil when what is unknown is not a hole (a
// statement or an operator that is not known).
func deciding(e policy.Exclusion, req policy.Request) []string {
	s := e.Statement
	switch e.Element {
	case "condition":
		c := e.Condition
		if c == nil || c.Why != "" {
			return nil
		}
		if graph.HasHoles(c.Key) {
			return holesOf(append([]string{c.Key}, c.Values...)...)
		}
		vs := req.Values(c.Key)
		if _, ok := c.Compare("", ""); !ok {
			return holesOf(append(append([]string{}, c.Values...), vs...)...)
		}
		test := func(p, v string) policy.Tri {
			t, _ := c.Compare(p, v)
			return t
		}
		var o origins
		for _, pv := range c.Values {
			for _, rv := range vs {
				if test(pv, rv) == policy.Maybe {
					o.add(pairHoles(pv, rv, test)...)
				}
			}
		}
		return o.list
	case "resource":
		patterns := s.Resources()
		if s.Resource == nil {
			patterns = nil
			for _, p := range s.NotResource {
				patterns = append(patterns, p.Text)
			}
		}
		like := func(p, v string) policy.Tri { return policy.Like(p, v, false) }
		var o origins
		for _, p := range patterns {
			if like(p, req.Resource) == policy.Maybe {
				o.add(pairHoles(p, req.Resource, like)...)
			}
		}
		return o.list
	case "action":
		return holesOf(append(append(s.Actions(), s.NotActions()...), req.Action)...)
	case "principal":
		var all []string
		for _, ps := range []*policy.Principals{s.Principal, s.NotPrincipal} {
			if ps != nil {
				all = append(append(append(append(all, ps.AWS...), ps.Service...), ps.Federated...), ps.CanonicalUser...)
			}
		}
		return holesOf(append(all, req.Principal.AWS, req.Principal.Service, req.Principal.Account)...)
	}
	return nil
}

// pairHoles lists the holes of a pattern and a text that decide whether
// one matches the other. The two are compared field by field where their
// colons can only meet each other: ARNs, whose partition, service, region
// and account hold no colon (the resource, which may, is one field), and
// texts with as many colons where no hole may hold one. The holes of a
// field that matches whatever they are (taken by `*`, or the same hole on
// both sides) decide nothing. Otherwise every hole of either may decide.
func pairHoles(p, v string, test func(p, v string) policy.Tri) []string {
	ps, vs := fields(p), fields(v)
	if ps == nil || vs == nil || len(ps) != len(vs) || strings.Contains(p, "${") {
		return holesOf(p, v)
	}
	var o origins
	for i := range ps {
		if test(ps[i], vs[i]) != policy.Yes {
			o.add(holesOf(ps[i], vs[i])...)
		}
	}
	if len(o.list) == 0 {
		return holesOf(p, v) // no field alone is in doubt: the whole is
	}
	return o.list
}

// fields splits s at its colons: an ARN into its partition, service,
// region, account and resource; other text wholly, when no hole of it
// may hold a colon. nil when s cannot be split so.
func fields(s string) []string {
	all := graph.Split(s, ":")
	if len(all) >= 6 && all[0] == "arn" {
		f := make([]string, 0, 6)
		f = append(f, all[:5]...)
		f = append(f, strings.Join(all[5:], ":"))
		if mayHoldColon(strings.Join(f[:5], ":")) {
			return nil
		}
		return f
	}
	if mayHoldColon(s) {
		return nil
	}
	return all
}

// mayHoldColon reports whether a hole of s may stand for text with a colon.
func mayHoldColon(s string) bool {
	for _, seg := range graph.Segments(s) {
		if seg.Hole == nil {
			continue
		}
		switch seg.Hole.Domain {
		case graph.DomainAccount, graph.DomainRegion, graph.DomainPartition, graph.DomainName, graph.DomainTrailName:
		default:
			return true
		}
	}
	return false
}

func holesOf(ss ...string) []string {
	var o origins
	for _, s := range ss {
		o.add(graph.Origins(s)...)
	}
	return o.list
}

// shownRunes bounds how much of a request value a note quotes.
const shownRunes = 200

func quoted(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		d := graph.Display(v)
		if utf8.RuneCountInString(d) > shownRunes {
			d = string([]rune(d)[:shownRunes]) + "..."
		}
		q[i] = strconv.Quote(d)
	}
	if len(q) == 1 {
		return q[0]
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// inputWords names the inputs for a sentence: "the partition of provider
// aws", "var.account_name", "AWS::AccountId".
func inputWords(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		// A hole that stands for a separator too ("/log file key")
		// is named without it.
		n = strings.TrimLeft(n, "/:")
		r, _ := utf8.DecodeRuneInString(n)
		expr := strings.HasPrefix(n, "var.") || strings.HasPrefix(n, "local.") || strings.HasPrefix(n, "data.") || strings.HasPrefix(n, "module.")
		if unicode.IsLower(r) && !expr {
			n = "the " + n
		}
		out[i] = n
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// settles says what settles a request that a region no configuration sets
// decides: --region, which gives the region, and with it the partition.
// A region that is written (a variable without a value) is the variable's
// to settle, which its hole's origin names already.
func (c *check) settles(inputs []string) string {
	decides := map[string]bool{}
	for _, in := range inputs {
		decides[in] = true
	}
	for _, r := range []*graph.Resource{c.u.Trail, c.key} {
		if r == nil || r.Region == nil || !r.Region.Range.IsZero() {
			continue
		}
		region, ok := graph.WholeHole(r.Region.Str)
		if !ok || r.Region.Type != graph.String {
			continue
		}
		partition := ""
		if r.Partition != nil && r.Partition.Type == graph.String {
			if h, ok := graph.WholeHole(r.Partition.Str); ok {
				partition = h.Origin
			}
		}
		if !decides[region.Origin] && (partition == "" || !decides[partition]) {
			continue
		}
		if r.Format == graph.Terraform {
			return " Pass --region, or give " + r.RegionFrom + " a region, to settle it."
		}
		return " Pass --region to settle it: " + r.RegionFrom + " is known only at deploy time."
	}
	return ""
}
