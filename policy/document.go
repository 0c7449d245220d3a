package policy

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

// Document is a policy document. Strings keep their holes; graph.Display
// renders them for people.
type Document struct {
	Version    string
	Statements []*Statement
	Range      graph.Range
}

// Effect is a statement's Effect.
type Effect uint8

// Effects. EffectNone is a statement without a valid Effect, which AWS
// rejects and evaluation ignores; EffectUnknown is one whose Effect is not
// known statically.
const (
	EffectNone Effect = iota
	Allow
	Deny
	EffectUnknown
)

func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	case EffectUnknown:
		return "unknown effect"
	}
	return "no effect"
}

// Statement is one policy statement.
type Statement struct {
	Index  int // 0-based position in the document
	Sid    string
	Effect Effect
	// Principal and NotPrincipal are nil when absent.
	Principal    *Principals
	NotPrincipal *Principals
	// Action, NotAction, Resource and NotResource are nil when absent.
	Action      []Pattern
	NotAction   []Pattern
	Resource    []Pattern
	NotResource []Pattern
	Conditions  []Condition
	Range       graph.Range
	// Why is set when the statement as a whole is not known statically (an
	// unresolved intrinsic in place of the statement): it may apply to
	// anything, with either effect.
	Why string
}

// Pattern is one entry of Action, NotAction, Resource or NotResource. An
// entry that is not known statically is a whole hole.
type Pattern struct {
	Text  string
	Range graph.Range
}

// Principals is a Principal or NotPrincipal element. Entries not known
// statically are whole holes; Why is set when the element's very shape is
// not known.
type Principals struct {
	All           bool // "*"
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
	Why           string
	Range         graph.Range
}

// Condition is one test of a Condition block: an operator, a key and the
// values any of which may match.
type Condition struct {
	Operator string // as written: "ForAnyValue:StringLike"
	Key      string
	Values   []string
	Range    graph.Range
	// Why is set when the condition is not known statically.
	Why string
	op  operator
}

// Label names the statement for messages: its Sid, or "statement N".
func (s *Statement) Label() string {
	if s.Sid != "" {
		return graph.Display(s.Sid)
	}
	return "statement " + strconv.Itoa(s.Index+1)
}

// Actions returns the Action entries (nil when Action is absent).
func (s *Statement) Actions() []string { return texts(s.Action) }

// NotActions returns the NotAction entries (nil when absent).
func (s *Statement) NotActions() []string { return texts(s.NotAction) }

// Resources returns the Resource entries (nil when absent).
func (s *Statement) Resources() []string { return texts(s.Resource) }

func texts(ps []Pattern) []string {
	if ps == nil {
		return nil
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text
	}
	return out
}

// HasConditionKey reports whether a condition of s tests key, ignoring case.
func (s *Statement) HasConditionKey(key string) bool {
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, key) {
			return true
		}
	}
	return false
}

// ConditionsOn returns the conditions of s that test key, ignoring case.
func (s *Statement) ConditionsOn(key string) []Condition {
	var out []Condition
	for _, c := range s.Conditions {
		if strings.EqualFold(c.Key, key) {
			out = append(out, c)
		}
	}
	return out
}

// String renders the condition as it reads in messages:
// `StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:111122223333:trail/*"`.
func (c *Condition) String() string {
	if c.Why != "" && c.Operator == "" {
		return "condition (" + c.Why + ")"
	}
	return c.Operator + " " + graph.Display(c.Key) + " " + quoteList(c.Values)
}

// quoteList renders values as `"a"` or `["a", "b"]`.
func quoteList(vs []string) string {
	if len(vs) == 1 {
		return quoteShort(vs[0])
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quoteShort(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// shownRunes bounds how much of a value a message quotes. Every excluded
// statement keeps its reason, and a reason that quoted a value of
// thousands of characters would make a long policy take memory in
// proportion to the product of the two.
const shownRunes = 200

// quoteShort quotes v for a message, cutting it short when it is long.
func quoteShort(v string) string {
	d := graph.Display(v)
	runes := 0
	for i := range d {
		if runes == shownRunes {
			return strconv.Quote(d[:i]) + "... (" + strconv.Itoa(utf8.RuneCountInString(d)) + " characters)"
		}
		runes++
	}
	return strconv.Quote(d)
}

func patternList(ps []Pattern) string { return quoteList(texts(ps)) }

// String renders the element as JSON-like text for messages.
func (ps *Principals) String() string {
	if ps.Why != "" {
		return "(" + ps.Why + ")"
	}
	if ps.All {
		return `"*"`
	}
	var parts []string
	add := func(name string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, strconv.Quote(name)+": "+quoteList(vs))
		}
	}
	add("AWS", ps.AWS)
	add("CanonicalUser", ps.CanonicalUser)
	add("Federated", ps.Federated)
	add("Service", ps.Service)
	return "{" + strings.Join(parts, ", ") + "}"
}
