package policy

import (
	"strconv"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// Request is a simulated call.
type Request struct {
	Principal Principal
	Action    string // "kms:GenerateDataKey"
	// Resource is the resource ARN; "" when it is not known.
	Resource string
	// Context holds the request's condition keys (looked up ignoring case)
	// and their values. A key that is not there is absent from the request,
	// which matters: negated operators match an absent key.
	Context map[string][]string
}

// Decision is the outcome of evaluating a request.
type Decision uint8

// Decisions.
const (
	ImplicitDeny Decision = iota // no statement allows it
	Allowed
	ExplicitDeny
	Undecided // depends on values only known at deploy time
)

func (d Decision) String() string {
	switch d {
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitly denied"
	case Undecided:
		return "unknown"
	}
	return "not allowed"
}

// Exclusion says why a statement does or may not apply to the request.
type Exclusion struct {
	Statement *Statement
	// Element is what decided: "principal", "action", "resource",
	// "condition", "effect" or "statement".
	Element string
	// Condition is the deciding condition when Element is "condition".
	Condition *Condition
	Reason    string
}

// Verdict is how one statement relates to the request.
type Verdict struct {
	Statement *Statement
	Applies   Tri
	// Why is the first element that excludes the request (Applies No), or
	// every element that may (Applies Maybe).
	Why []Exclusion
	// Notes explain an application worth telling: a negated condition that
	// holds because the request lacks its key.
	Notes []string
	// Action is whether the statement's Action/NotAction covers the request.
	Action Tri
}

// Result is the outcome of Evaluate, with everything a message needs.
type Result struct {
	Decision Decision
	// Allowed and Denied are the statements that surely apply.
	Allowed []*Statement
	Denied  []*Statement
	// Excluded are the Allow statements whose action covers the request but
	// whose principal, resource or condition surely excludes it.
	Excluded []Exclusion
	// Undecided are the statements that may or may not apply, and why.
	Undecided []Exclusion
	// Unknowns say, in words, what would decide the result.
	Unknowns []string
	// Verdicts has one entry per statement, in document order.
	Verdicts []Verdict
	// OverBudget is set when the run's matching budget ran out before every
	// statement was matched: those left are Undecided, and one entry of
	// Unknowns says why.
	OverBudget bool
}

// keyARN stands for a resource ARN that the caller could not give.
var keyARN = graph.Hole(graph.DomainAny, "key ARN")

// Evaluate decides whether the document allows r. An explicit Deny that
// surely applies wins; else an Allow that surely applies allows unless a
// Deny may apply; else, if an Allow may apply, the answer is Undecided.
// A Deny that only may apply, with no Allow at all, still leaves the request
// not allowed: ImplicitDeny, with the Deny listed in Undecided.
// A nil document (policy not known) is Undecided. The matching is charged
// to m; once its run is over budget, what is left to match is Undecided.
func (d *Document) Evaluate(r Request, m *Meter) Result {
	m.flush() // learn whether the run is over before starting
	defer m.flush()
	var res Result
	if d == nil {
		res.Decision = Undecided
		res.Unknowns = []string{"the policy is not known"}
		return res
	}
	ctx := context(r.Context)
	var vars *variables
	if d.Version == "2012-10-17" {
		vars = &variables{ctx: ctx}
	}
	if len(d.Statements) > 0 {
		res.Verdicts = make([]Verdict, 0, len(d.Statements))
	}
	var allowYes, allowMaybe, denyYes, denyMaybe bool
	var overFrom *Statement
	for i, s := range d.Statements {
		if m.Exhausted() {
			// What is left is not matched; its effects still tell whether
			// an Allow or a Deny may be among it.
			res.OverBudget, overFrom = true, s
			for _, s := range d.Statements[i:] {
				res.Verdicts = append(res.Verdicts, Verdict{Statement: s, Applies: Maybe, Action: Maybe})
				allowMaybe = allowMaybe || s.Effect != Deny && s.Effect != EffectNone
				denyMaybe = denyMaybe || s.Effect == Deny || s.Effect == EffectUnknown
			}
			break
		}
		v := s.verdict(r, ctx, vars, m)
		res.Verdicts = append(res.Verdicts, v)
		switch v.Applies {
		case Yes:
			switch s.Effect {
			case Allow:
				allowYes = true
				res.Allowed = append(res.Allowed, s)
			case Deny:
				denyYes = true
				res.Denied = append(res.Denied, s)
			case EffectUnknown:
				allowMaybe, denyMaybe = true, true
				res.Undecided = append(res.Undecided, Exclusion{Statement: s, Element: "effect", Reason: "its Effect is not known"})
			}
		case Maybe:
			switch s.Effect {
			case Allow:
				allowMaybe = true
			case Deny:
				denyMaybe = true
			default:
				allowMaybe, denyMaybe = true, true
			}
			res.Undecided = append(res.Undecided, v.Why...)
		case No:
			if s.Effect == Allow && v.Action != No && len(v.Why) > 0 {
				res.Excluded = append(res.Excluded, v.Why[0])
			}
		}
	}
	switch {
	case denyYes:
		res.Decision = ExplicitDeny
	case allowYes && !denyMaybe:
		res.Decision = Allowed
	case allowYes || allowMaybe:
		res.Decision = Undecided
	default:
		res.Decision = ImplicitDeny
	}
	for _, e := range res.Undecided {
		res.Unknowns = append(res.Unknowns, quoteLabel(e.Statement)+" ("+e.Statement.Effect.String()+") may apply: "+e.Reason)
	}
	if res.OverBudget {
		res.Unknowns = append(res.Unknowns, "the statements from "+quoteLabel(overFrom)+" on are not matched: "+
			budget.Message(budget.MatchWork, m.Limits()))
	}
	return res
}

// quoteLabel renders `statement "Sid"` or `statement 3`.
func quoteLabel(s *Statement) string {
	if s.Sid != "" {
		return "statement " + strconv.Quote(graph.Display(s.Sid))
	}
	return s.Label()
}

// verdict matches one statement against the request: principal AND action
// AND resource AND every condition.
func (s *Statement) verdict(r Request, ctx context, vars *variables, m *Meter) Verdict {
	v := Verdict{Statement: s, Applies: Yes}
	step := func(t Tri, ex Exclusion) bool {
		ex.Statement = s
		switch t {
		case No:
			v.Applies, v.Why = No, []Exclusion{ex}
			return false
		case Maybe:
			v.Applies = Maybe
			v.Why = append(v.Why, ex)
		}
		return true
	}
	if s.Why != "" {
		step(Maybe, Exclusion{Element: "statement", Reason: "the statement is not known (" + s.Why + ")"})
		v.Action = Maybe
		return v
	}
	if s.Effect == EffectNone {
		step(No, Exclusion{Element: "effect", Reason: "the statement has no valid Effect"})
		return v
	}
	t, why := s.principalMatch(r.Principal, m)
	if !step(t, Exclusion{Element: "principal", Reason: why}) {
		v.Action = s.mayGrant(r.Action, m)
		return v
	}
	v.Action = s.mayGrant(r.Action, m)
	if !step(v.Action, Exclusion{Element: "action", Reason: s.actionReason(r.Action, v.Action)}) {
		return v
	}
	t, why = s.resourceMatch(r.Resource, vars, m)
	if !step(t, Exclusion{Element: "resource", Reason: why}) {
		return v
	}
	for i := range s.Conditions {
		c := &s.Conditions[i]
		cr := c.eval(ctx, vars, m)
		if cr.note != "" {
			v.Notes = append(v.Notes, cr.note)
		}
		if !step(cr.t, Exclusion{Element: "condition", Condition: c, Reason: cr.why}) {
			return v
		}
	}
	return v
}

func (s *Statement) principalMatch(req Principal, m *Meter) (Tri, string) {
	switch {
	case s.Principal != nil:
		t := s.Principal.match(req, m)
		switch t {
		case No:
			return No, "Principal " + s.Principal.String() + " does not include " + req.String()
		case Maybe:
			return Maybe, "Principal " + s.Principal.String() + " may or may not include " + req.String() + principalDepends(s.Principal, req)
		}
		return Yes, ""
	case s.NotPrincipal != nil:
		t := s.NotPrincipal.exempts(req, m).Not()
		switch t {
		case No:
			return No, "NotPrincipal " + s.NotPrincipal.String() + " excludes " + req.String()
		case Maybe:
			return Maybe, "NotPrincipal " + s.NotPrincipal.String() + " may or may not exclude " + req.String() + principalDepends(s.NotPrincipal, req)
		}
		return Yes, ""
	}
	// Without either element the policy is an identity policy: it applies
	// to whoever it is attached to.
	return Yes, ""
}

func principalDepends(p *Principals, req Principal) string {
	if p.Why != "" {
		return " (depends on " + p.Why + ")"
	}
	var all []string
	all = append(all, p.AWS...)
	all = append(all, p.Service...)
	all = append(all, req.AWS, req.Service, req.Account)
	if req.Service == "" && req.AWS == "" {
		return " (the caller is not known)"
	}
	return dependsOn(all, nil)
}

// MayGrant says whether the statement's Action or NotAction covers action,
// charging the matching to m.
func (s *Statement) MayGrant(action string, m *Meter) Tri {
	defer m.flush()
	return s.mayGrant(action, m)
}

func (s *Statement) mayGrant(action string, m *Meter) Tri {
	switch {
	case s.Action != nil:
		return anyLike(s.Action, action, graph.MatchOptions{Wildcards: true, IgnoreCase: true}, nil, m)
	case s.NotAction != nil:
		return anyLike(s.NotAction, action, graph.MatchOptions{Wildcards: true, IgnoreCase: true}, nil, m).Not()
	}
	return No
}

func anyLike(ps []Pattern, value string, o graph.MatchOptions, vars *variables, m *Meter) Tri {
	t := No
	for _, p := range ps {
		t = Or(t, match(p.Text, value, o, vars, m))
		if t == Yes {
			break
		}
	}
	return t
}

func (s *Statement) actionReason(action string, t Tri) string {
	var elem, verb string
	var ps []Pattern
	switch {
	case s.Action != nil:
		elem, ps = "Action", s.Action
		verb = "does not include"
		if t == Maybe {
			verb = "may or may not include"
		}
	case s.NotAction != nil:
		elem, ps = "NotAction", s.NotAction
		verb = "excludes"
		if t == Maybe {
			verb = "may or may not exclude"
		}
	default:
		return "the statement has neither Action nor NotAction"
	}
	if t == Yes {
		return ""
	}
	reason := elem + " " + patternList(ps) + " " + verb + " " + graph.Display(action)
	if t == Maybe {
		reason += dependsOn(texts(ps), []string{action})
	}
	return reason
}

func (s *Statement) resourceMatch(res string, vars *variables, m *Meter) (Tri, string) {
	shown, known := graph.Display(res), []string{res}
	if res == "" {
		res, shown, known = keyARN, "the key (ARN not known)", nil
	}
	o := graph.MatchOptions{Wildcards: true}
	switch {
	case s.Resource != nil:
		t := anyLike(s.Resource, res, o, vars, m)
		switch t {
		case No:
			return No, "Resource " + patternList(s.Resource) + " does not include " + shown
		case Maybe:
			return Maybe, "Resource " + patternList(s.Resource) + " may or may not include " + shown + dependsOn(s.Resources(), known)
		}
		return Yes, ""
	case s.NotResource != nil:
		t := anyLike(s.NotResource, res, o, vars, m).Not()
		switch t {
		case No:
			return No, "NotResource " + patternList(s.NotResource) + " excludes " + shown
		case Maybe:
			return Maybe, "NotResource " + patternList(s.NotResource) + " may or may not exclude " + shown + dependsOn(texts(s.NotResource), known)
		}
	}
	return Yes, ""
}

// GrantsAll says whether the statement's actions include every action of a
// family written with wildcards, such as `kms:GenerateDataKey*`: Yes when
// one Action entry's wildcards cover the whole family (or no NotAction entry
// touches it), No when none does. The matching is charged to m.
func (s *Statement) GrantsAll(family string, m *Meter) Tri {
	if m.Over() {
		return Maybe
	}
	defer m.flush()
	o := graph.MatchOptions{Wildcards: true, IgnoreCase: true}
	switch {
	case s.Action != nil:
		t := No
		for _, p := range s.Action {
			r := graph.MatchEvery(p.Text, family, o, m)
			if r == Yes {
				return Yes
			}
			if m.Exhausted() {
				return Maybe
			}
			t = Or(t, r)
		}
		return t
	case s.NotAction != nil:
		t := Yes
		for _, p := range s.NotAction {
			switch graph.MatchSome(p.Text, family, o, m) {
			case Yes:
				return No
			case Maybe:
				t = Maybe
			}
		}
		return t
	}
	return No
}
