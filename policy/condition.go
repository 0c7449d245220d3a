package policy

import (
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/trailint/trailint/graph"
)

type opBase uint8

const (
	opUnknown opBase = iota
	opStringEquals
	opStringEqualsIgnoreCase
	opStringLike
	opArn // ArnEquals and ArnLike behave alike in AWS
	opNumEq
	opNumLT
	opNumLE
	opNumGT
	opNumGE
	opDateEq
	opDateLT
	opDateLE
	opDateGT
	opDateGE
	opBool
	opBinary
	opIP
	opNull
)

type setKind uint8

const (
	setNone setKind = iota
	setAny          // ForAnyValue:
	setAll          // ForAllValues:
)

type operator struct {
	base     opBase
	negated  bool
	ifExists bool
	set      setKind
}

type opDef struct {
	base    opBase
	negated bool
}

// operators are the condition operators AWS accepts, spelled exactly.
var operators = map[string]opDef{
	"StringEquals":              {opStringEquals, false},
	"StringNotEquals":           {opStringEquals, true},
	"StringEqualsIgnoreCase":    {opStringEqualsIgnoreCase, false},
	"StringNotEqualsIgnoreCase": {opStringEqualsIgnoreCase, true},
	"StringLike":                {opStringLike, false},
	"StringNotLike":             {opStringLike, true},
	"ArnEquals":                 {opArn, false},
	"ArnLike":                   {opArn, false},
	"ArnNotEquals":              {opArn, true},
	"ArnNotLike":                {opArn, true},
	"NumericEquals":             {opNumEq, false},
	"NumericNotEquals":          {opNumEq, true},
	"NumericLessThan":           {opNumLT, false},
	"NumericLessThanEquals":     {opNumLE, false},
	"NumericGreaterThan":        {opNumGT, false},
	"NumericGreaterThanEquals":  {opNumGE, false},
	"DateEquals":                {opDateEq, false},
	"DateNotEquals":             {opDateEq, true},
	"DateLessThan":              {opDateLT, false},
	"DateLessThanEquals":        {opDateLE, false},
	"DateGreaterThan":           {opDateGT, false},
	"DateGreaterThanEquals":     {opDateGE, false},
	"Bool":                      {opBool, false},
	"BinaryEquals":              {opBinary, false},
	"IpAddress":                 {opIP, false},
	"NotIpAddress":              {opIP, true},
	"Null":                      {opNull, false},
}

// parseOperator reads "ForAnyValue:StringLikeIfExists" and the like. The
// base is opUnknown when AWS would not accept the name.
func parseOperator(name string) operator {
	var o operator
	switch {
	case strings.HasPrefix(name, "ForAnyValue:"):
		o.set, name = setAny, name[len("ForAnyValue:"):]
	case strings.HasPrefix(name, "ForAllValues:"):
		o.set, name = setAll, name[len("ForAllValues:"):]
	}
	if base, ok := strings.CutSuffix(name, "IfExists"); ok && base != "Null" {
		o.ifExists, name = true, base
	}
	if d, ok := operators[name]; ok {
		o.base, o.negated = d.base, d.negated
	}
	if o.base == opNull && o.set != setNone {
		o.base = opUnknown
	}
	return o
}

// condResult is the outcome of one condition with the words for it.
type condResult struct {
	t Tri
	// why explains No and Maybe; note explains a Yes worth telling (a
	// negated test satisfied by a key the request lacks).
	why, note string
}

func (c *Condition) eval(ctx context, vars *variables, m *Meter) condResult {
	if c.Why != "" {
		return condResult{t: Maybe, why: c.String() + " is not known"}
	}
	if c.op.base == opUnknown {
		return condResult{t: Maybe, why: fmt.Sprintf("condition operator %q is not one AWS knows", c.Operator)}
	}
	if graph.HasHoles(c.Key) {
		return condResult{t: Maybe, why: "condition " + c.String() + ": the key depends on " + strings.Join(graph.Origins(c.Key), ", ")}
	}
	key := graph.Display(c.Key)
	req := ctx.get(c.Key)
	if c.op.base == opNull {
		return c.evalNull(key, len(req) > 0)
	}
	if len(req) == 0 {
		switch {
		case c.op.ifExists:
			return condResult{t: Yes, note: fmt.Sprintf("condition %s holds because the request has no %s", c, key)}
		case c.op.set == setAll:
			return condResult{t: Yes, note: fmt.Sprintf("condition %s holds because the request has no %s (ForAllValues over no values)", c, key)}
		case c.op.set == setAny:
			return condResult{why: fmt.Sprintf("condition %s: the request has no %s", c, key)}
		case c.op.negated:
			return condResult{t: Yes, note: fmt.Sprintf("condition %s holds because the request has no %s", c, key)}
		}
		return condResult{why: fmt.Sprintf("condition %s: the request has no %s", c, key)}
	}
	// pos answers whether one request value equals or matches one of the
	// policy values; one adds the operator's negation.
	pos := func(rv string) Tri {
		t := No
		for _, pv := range c.Values {
			t = Or(t, c.test(pv, rv, vars, m))
			if t == Yes {
				break
			}
		}
		return t
	}
	one := func(rv string) Tri {
		if c.op.negated {
			return pos(rv).Not()
		}
		return pos(rv)
	}
	var t Tri
	switch c.op.set {
	case setAll:
		t = Yes
		for _, rv := range req {
			t = And(t, one(rv))
		}
	case setAny:
		for _, rv := range req {
			t = Or(t, one(rv))
		}
	default:
		// Without a set operator a multi-valued key matches when any of
		// its values matches any policy value; a negated operator negates
		// that whole test.
		for _, rv := range req {
			t = Or(t, pos(rv))
		}
		if c.op.negated {
			t = t.Not()
		}
	}
	res := condResult{t: t}
	got := quoteList(req)
	switch t {
	case No:
		if c.op.negated {
			res.why = fmt.Sprintf("condition %s does not hold for %s", c, got)
		} else {
			res.why = fmt.Sprintf("condition %s does not match %s", c, got)
		}
	case Maybe:
		res.why = fmt.Sprintf("condition %s may or may not hold for %s%s", c, got, dependsOn(c.Values, req))
	}
	return res
}

func (c *Condition) evalNull(key string, present bool) condResult {
	t := No
	for _, v := range c.Values {
		switch strings.ToLower(v) {
		case "true":
			t = Or(t, triOf(!present))
		case "false":
			t = Or(t, triOf(present))
		default:
			if graph.HasHoles(v) {
				t = Or(t, Maybe)
			}
		}
	}
	has := "has no"
	if present {
		has = "has"
	}
	switch t {
	case No:
		return condResult{why: fmt.Sprintf("condition %s: the request %s %s", c, has, key)}
	case Maybe:
		return condResult{t: Maybe, why: fmt.Sprintf("condition %s depends on %s", c, strings.Join(origins(c.Values), ", "))}
	}
	return condResult{t: Yes}
}

// Compare compares one policy value with one request value as the
// condition's operator does, without negation, set operators or policy
// variables, which change the answer but not which holes decide it. ok is
// false for operators that do not compare texts (Null, numeric, date, IP
// and binary ones) and for those AWS would not accept; it depends on the
// operator only.
func (c *Condition) Compare(pv, rv string) (t Tri, ok bool) {
	switch c.op.base {
	case opStringEquals, opStringEqualsIgnoreCase, opStringLike, opArn, opBool:
		return c.test(pv, rv, nil, nil), true
	}
	return Maybe, false
}

// test compares one policy value with one request value, without negation.
func (c *Condition) test(pv, rv string, vars *variables, m *Meter) Tri {
	switch c.op.base {
	case opStringEquals:
		return match(pv, rv, graph.MatchOptions{}, vars, m)
	case opStringEqualsIgnoreCase:
		return match(pv, rv, graph.MatchOptions{IgnoreCase: true}, vars, m)
	case opStringLike:
		return match(pv, rv, graph.MatchOptions{Wildcards: true}, vars, m)
	case opArn:
		return match(pv, rv, graph.MatchOptions{Wildcards: true, ARN: true}, vars, m)
	case opBool:
		return match(pv, rv, graph.MatchOptions{IgnoreCase: true}, nil, m)
	case opBinary:
		return match(pv, rv, graph.MatchOptions{}, nil, m)
	}
	if m.Exhausted() {
		return Maybe
	}
	m.Charge(int64(len(pv)) + int64(len(rv)) + 1)
	if graph.HasHoles(pv) || graph.HasHoles(rv) {
		return Maybe
	}
	switch c.op.base {
	case opNumEq, opNumLT, opNumLE, opNumGT, opNumGE:
		a, ok1 := new(big.Rat).SetString(strings.TrimSpace(rv))
		b, ok2 := new(big.Rat).SetString(strings.TrimSpace(pv))
		if !ok1 || !ok2 {
			return No
		}
		return compare(c.op.base-opNumEq, a.Cmp(b))
	case opDateEq, opDateLT, opDateLE, opDateGT, opDateGE:
		a, ok1 := parseDate(rv)
		b, ok2 := parseDate(pv)
		if !ok1 || !ok2 {
			return No
		}
		return compare(c.op.base-opDateEq, a.Compare(b))
	case opIP:
		return ipIn(pv, rv)
	}
	return No
}

// compare applies the n-th of Equals, LessThan, LessThanEquals,
// GreaterThan, GreaterThanEquals to a comparison result.
func compare(n opBase, cmp int) Tri {
	switch n {
	case 0:
		return triOf(cmp == 0)
	case 1:
		return triOf(cmp < 0)
	case 2:
		return triOf(cmp <= 0)
	case 3:
		return triOf(cmp > 0)
	}
	return triOf(cmp >= 0)
}

// parseDate reads the date forms AWS accepts: ISO 8601 and epoch seconds.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func ipIn(pv, rv string) Tri {
	addr, err := netip.ParseAddr(strings.TrimSpace(rv))
	if err != nil {
		return No
	}
	pv = strings.TrimSpace(pv)
	if p, err := netip.ParsePrefix(pv); err == nil {
		return triOf(p.Contains(addr.Unmap()) || p.Contains(addr))
	}
	if a, err := netip.ParseAddr(pv); err == nil {
		return triOf(a.Unmap() == addr.Unmap())
	}
	return No
}

// dependsOn names the hole origins in policy and request values.
func dependsOn(a, b []string) string {
	o := origins(append(append([]string(nil), a...), b...))
	if len(o) == 0 {
		return ""
	}
	return " (depends on " + strings.Join(o, ", ") + ")"
}

func origins(vs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		for _, o := range graph.Origins(v) {
			if !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}
