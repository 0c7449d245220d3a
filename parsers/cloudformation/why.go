package cloudformation

import (
	"strconv"
	"strings"

	"github.com/trailint/trailint/graph"
)

// A trail's key property that is written but comes out absent or empty is
// a finding, and the user needs to know which switch of the template made
// it so: the condition that chose AWS::NoValue, and the parameters that
// decided the condition. That account is the Because of the value.

// removal says why the property written as n evaluates to AWS::NoValue:
// Fn::If on conditions decided statically, down to a Ref AWS::NoValue.
// "condition HasKey is false, so Fn::If removes it: parameter KeyArn is
// empty by default (pass --parameter KeyArn=... to change it)".
func (s *stack) removal(n *node) string {
	conds, inputs, n := s.decided(n)
	if fn, ok := intrinsicName(n); !ok || fn != "Ref" {
		return ""
	}
	if name, _ := n.vals[0].text(); name != "AWS::NoValue" {
		return ""
	}
	if len(conds) == 0 {
		return "it is set to AWS::NoValue"
	}
	return strings.Join(conds, " and ") + ", so Fn::If removes it" + s.inputs(inputs)
}

// decided follows Fn::If on conditions decided statically from n, and
// returns the conditions met ("condition HasKey is false"), the inputs
// they read, and the node chosen.
func (s *stack) decided(n *node) (conds, inputs []string, chosen *node) {
	for {
		fn, ok := intrinsicName(n)
		if !ok || fn != "Fn::If" {
			return conds, inputs, n
		}
		a := args(n.vals[0], 3)
		name, named := a0text(a)
		if !named {
			return conds, inputs, n
		}
		switch t := s.condition(name, a[0].rng); t {
		case yes, no:
			conds = append(conds, "condition "+name+" is "+strconv.FormatBool(t == yes))
			inputs = appendNew(inputs, s.conditionInputs(name)...)
			if t == yes {
				n = a[1]
			} else {
				n = a[2]
			}
		default:
			return conds, inputs, n
		}
	}
}

// explainEmpty gives an empty key property the reason it is empty when a
// parameter's value made it so, directly or through Fn::If: "parameter
// KeyArn is empty by default (pass --parameter KeyArn=... to change it)".
func (s *stack) explainEmpty(n *node, v *graph.Value) *graph.Value {
	if t, ok := v.KnownString(); !ok || strings.TrimSpace(t) != "" {
		return v
	}
	conds, _, n := s.decided(n)
	fn, ok := intrinsicName(n)
	if !ok || fn != "Ref" {
		return v
	}
	name, _ := n.vals[0].text()
	in := s.input(name)
	if in == "" {
		return v
	}
	why := in + s.hint([]string{name})
	if len(conds) > 0 {
		why = strings.Join(conds, " and ") + ", so Fn::If chooses parameter " + name + ": " + why
	}
	c := *v
	c.Because = why
	return &c
}

// conditionInputs lists the parameters a named condition reads, through
// the conditions it names, in the order they are written.
func (s *stack) conditionInputs(name string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if fn, ok := intrinsicName(n); ok {
			arg := n.vals[0]
			switch fn {
			case "Ref":
				if p, ok := arg.text(); ok {
					out = appendNew(out, p)
				}
				return
			case "Condition":
				if c, ok := arg.text(); ok && !seen[c] {
					seen[c] = true
					walk(s.t.conditions.get(c))
				}
				return
			}
		}
		for _, v := range n.vals {
			walk(v)
		}
		for _, it := range n.items {
			walk(it)
		}
	}
	seen[name] = true
	walk(s.t.conditions.get(name))
	return out
}

// inputs says the values of the parameters a decided condition reads, and
// how to change those left at their defaults: ": parameter KeyArn is
// empty by default (pass --parameter KeyArn=... to change it)". Inputs
// without a value decided nothing and are left out.
func (s *stack) inputs(names []string) string {
	var said, known []string
	for _, name := range names {
		if in := s.input(name); in != "" {
			said = append(said, in)
			known = append(known, name)
		}
	}
	if len(said) == 0 {
		return ""
	}
	return ": " + strings.Join(said, ", ") + s.hint(known)
}

// hint tells how to give another value to the parameters among names that
// have their default.
func (s *stack) hint(names []string) string {
	var flags []string
	for _, name := range names {
		if s.paramFrom(name) == fromDefault {
			flags = append(flags, "--parameter "+name+"=...")
		}
	}
	switch len(flags) {
	case 0:
		return ""
	case 1:
		return " (pass " + flags[0] + " to change it)"
	}
	return " (pass " + strings.Join(flags, " or ") + " to change them)"
}

// input says what value a parameter or pseudo parameter of this stack has
// and where it comes from: "parameter KeyArn is empty by default". It is
// empty for a name that is neither, or whose value is not known.
func (s *stack) input(name string) string {
	if name == "AWS::Region" && s.l.opts.Region != "" {
		return "AWS::Region is " + strconv.Quote(s.l.opts.Region) + " (--region)"
	}
	from := s.paramFrom(name)
	if from == notParam {
		return ""
	}
	v, _ := s.param(name, graph.Range{})
	text, ok := inputText(v)
	if !ok {
		return ""
	}
	val := "is " + strconv.Quote(text)
	if text == "" {
		val = "is empty"
	}
	switch from {
	case fromDefault:
		return "parameter " + name + " " + val + " by default"
	case fromParent:
		return "parameter " + name + " " + val + ", as " + s.via.name + " in " + s.parent.t.file + " passes it"
	case fromFile:
		return "parameter " + name + " " + val + " (" + s.l.cliParams[name].Range.File + ")"
	}
	return "parameter " + name + " " + val + " (--parameter)"
}

// inputText is a parameter's value as it was given: a list as the
// comma-delimited text it was split from.
func inputText(v *graph.Value) (string, bool) {
	if v != nil && v.Type == graph.List {
		items := make([]string, len(v.List))
		for i, e := range v.List {
			t, ok := inputText(e)
			if !ok {
				return "", false
			}
			items[i] = t
		}
		return strings.Join(items, ","), true
	}
	t, ok := v.ScalarText()
	return t, ok && !graph.HasHoles(t)
}

// paramSource is where the value of a parameter comes from.
type paramSource uint8

const (
	notParam paramSource = iota
	fromDefault
	fromParent
	fromCommandLine
	fromFile
)

// paramFrom says where the value of a parameter of this stack comes from,
// as computeParam took it.
func (s *stack) paramFrom(name string) paramSource {
	if _, ok := s.param(name, graph.Range{}); !ok {
		return notParam
	}
	return s.paramSrc[name]
}

func appendNew(to []string, more ...string) []string {
	for _, m := range more {
		found := false
		for _, t := range to {
			found = found || t == m
		}
		if !found {
			to = append(to, m)
		}
	}
	return to
}

// notCreated says that a trail or event data store of a top-level stack
// is not checked because its condition is false with the parameters
// trailint has, and which parameters decide it: the values that create it
// come at deploy time, and until then nobody has looked at its key. A
// condition that no parameter decides is the author's decision and is
// not remarked on; a nested stack's parameters come from its parent,
// whose evaluation of the template is one of several.
func (l *loader) notCreated(s *stack, res *resDecl, kind graph.Kind) {
	c, ok := s.conditionOf(res.body)
	if !ok || s.parent != nil {
		return
	}
	ins := s.inputs(s.conditionInputs(c))
	if ins == "" {
		return
	}
	what := "trail "
	if kind == graph.KindEventDataStore {
		what = "event data store "
	}
	at := res.key.rng
	if n := res.body.get("Condition"); n != nil {
		at = n.rng
	}
	l.diag(graph.SevNote, graph.ClassInput, at, what+res.name+" is not checked: condition "+c+" is false, so the template does not create it",
		strings.TrimPrefix(ins, ": ")+". Its key is checked once the parameters create it.")
}
