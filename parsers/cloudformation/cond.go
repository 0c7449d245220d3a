package cloudformation

import "github.com/trailint/trailint/graph"

// tri is a condition's truth: decided either way, or not decidable
// statically.
type tri = graph.Tri

const (
	maybe = graph.Maybe
	yes   = graph.Yes
	no    = graph.No
)

// condition evaluates a named condition of the template once per stack.
func (s *stack) condition(name string, at graph.Range) tri {
	if t, ok := s.conds[name]; ok {
		return t
	}
	def := s.t.conditions.get(name)
	if def == nil {
		s.diag(at, "condition "+name+" is not defined", "")
		s.condWhy[name] = "condition " + name + " is not defined"
		return maybe
	}
	if s.inCond[name] {
		s.diag(s.t.conditions.keyOf(name).rng, "circular condition "+name,
			"condition "+name+" depends on itself; it is treated as undecidable")
		s.condWhy[name] = "condition " + name + " depends on itself"
		s.conds[name] = maybe
		return maybe
	}
	s.inCond[name] = true
	t := s.cond(def)
	delete(s.inCond, name)
	if _, set := s.conds[name]; !set {
		s.conds[name] = t
	}
	return s.conds[name]
}

// undecided says why a condition is not decided: a mistake in the
// template, or an input known at deploy time.
func (s *stack) undecided(name string) string {
	if why := s.condWhy[name]; why != "" {
		return why
	}
	return "condition " + name + " cannot be decided statically"
}

// cond evaluates a condition expression.
func (s *stack) cond(n *node) tri {
	if n == nil {
		return maybe
	}
	if n.kind == kMap && len(n.keys) == 1 {
		arg := n.vals[0]
		switch n.keys[0].str {
		case "Condition":
			if name, ok := arg.text(); ok {
				return s.condition(name, arg.rng)
			}
			return maybe
		case "Fn::Equals":
			a := args(arg, 2)
			if a == nil {
				s.bad("Fn::Equals", n, "Fn::Equals takes [value, value]")
				return maybe
			}
			return equal(s.eval(a[0]), s.eval(a[1]))
		case "Fn::Not":
			a := args(arg, 1)
			if a == nil {
				s.bad("Fn::Not", n, "Fn::Not takes [condition]")
				return maybe
			}
			return s.cond(a[0]).Not()
		case "Fn::And", "Fn::Or":
			a := args(arg, -1)
			if len(a) == 0 {
				s.bad(n.keys[0].str, n, n.keys[0].str+" takes a list of conditions")
				return maybe
			}
			and := n.keys[0].str == "Fn::And"
			out := yes
			if !and {
				out = no
			}
			for _, c := range a {
				switch t := s.cond(c); {
				case and && t == no, !and && t == yes:
					return t
				case t == maybe:
					out = maybe
				}
			}
			return out
		}
	}
	if n.kind == kScalar && n.tag == "!!str" {
		// A condition name where a condition is expected.
		return s.condition(n.str, n.rng)
	}
	if b, ok := s.eval(n).KnownBool(); ok {
		if b {
			return yes
		}
		return no
	}
	return maybe
}

// equal compares two values as Fn::Equals does, deciding only when
// certain: a hole equals a literal only if the literal is one of the
// texts its domain allows (graph.Equal).
func equal(a, b *graph.Value) tri {
	if a == nil || b == nil {
		return maybe
	}
	if a.Type == graph.List && b.Type == graph.List {
		if len(a.List) != len(b.List) {
			return no
		}
		out := yes
		for i := range a.List {
			switch equal(a.List[i], b.List[i]) {
			case no:
				return no
			case maybe:
				out = maybe
			}
		}
		return out
	}
	x, okx := a.ScalarText()
	y, oky := b.ScalarText()
	if !okx || !oky {
		return maybe
	}
	return graph.Equal(x, y)
}
