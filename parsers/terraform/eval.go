package terraform

import (
	"fmt"
	"strings"

	"slices"

	"github.com/trailint/trailint/internal/budget"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// scope is where an expression is evaluated: a module instance, and inside a
// counted block its count.index or each.key / each.value, and the iterators
// of dynamic blocks.
type scope struct {
	m       *modInst
	count   cty.Value // cty.NilVal outside a counted block
	hasEach bool
	eachKey cty.Value
	eachVal cty.Value
	extra   map[string]cty.Value
}

func (s *scope) with(name string, v cty.Value) *scope {
	c := *s
	c.extra = make(map[string]cty.Value, len(s.extra)+1)
	for k, x := range s.extra {
		c.extra[k] = x
	}
	c.extra[name] = v
	return &c
}

// eval evaluates expr. A conditional whose condition is known evaluates only
// the branch taken, so that references in the other branch do not become
// edges (hcl merges the marks of both branches).
//
// Each evaluation is a step of the root's budget, and what it makes is
// held to the caps of a value: past either, the value is unknown and the
// budget diagnostic says where it ran out.
func (s *scope) eval(expr hcl.Expression) cty.Value {
	l := s.m.l
	if err := l.spend(budget.Steps, 1); err != nil {
		l.budgetOver(err.Error(), expr.Range())
		return unknownBecause(cty.DynamicPseudoType, "the evaluation budget ran out")
	}
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return s.eval(e.Expression)
	case *hclsyntax.ConditionalExpr:
		c, _ := s.eval(e.Condition).Unmark()
		if c.IsKnown() && !c.IsNull() {
			if cb, err := convertBool(c); err == nil {
				branch := e.FalseResult
				if cb {
					branch = e.TrueResult
				}
				v := s.eval(branch)
				if raw, _ := v.Unmark(); raw.IsKnown() && (raw.IsNull() || raw.Type() == cty.String && raw.AsString() == "") {
					v = v.Mark(becauseMark(fmt.Sprintf("the condition at %s is %v", l.rng(e.Condition.Range()), cb)))
				}
				return v
			}
		}
	}
	v, diags := expr.Value(s.ctx(expr))
	l.evalDiags(diags)
	if diags.HasErrors() {
		return unknownBecause(cty.DynamicPseudoType, l.failed(expr, diags))
	}
	if _, ref := expr.(*hclsyntax.ScopeTraversalExpr); !ref {
		// A reference passes on a value made before; anything else may
		// make a new one.
		if err := l.fits(v); err != nil {
			l.budgetOver(err.Error(), expr.Range())
			return unknownBecause(cty.DynamicPseudoType, "the value at "+l.rng(expr.Range()).String()+" is over the evaluation budget")
		}
	}
	return v
}

// failed says why an expression has no value, naming its first error, so
// that a finding or note that depends on it says what went wrong.
func (l *loader) failed(expr hcl.Expression, diags hcl.Diagnostics) string {
	why := "the expression at " + l.rng(expr.Range()).String() + " cannot be evaluated"
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		at := l.rng(expr.Range())
		if d.Subject != nil {
			at = l.rng(*d.Subject)
		}
		why = "the expression at " + at.String() + " cannot be evaluated (" + d.Summary
		if d.Detail != "" {
			why += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		return why + ")"
	}
	return why
}

func convertBool(v cty.Value) (bool, error) {
	switch v.Type() {
	case cty.Bool:
		return v.True(), nil
	case cty.String:
		switch v.AsString() {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, errNotBool
}

type evalError string

func (e evalError) Error() string { return string(e) }

const errNotBool = evalError("not a bool")

// ctx builds the evaluation context an expression needs: only the values its
// references name, evaluated on demand.
func (s *scope) ctx(expr hcl.Expression) *hcl.EvalContext {
	travs := expr.Variables()
	m := s.m
	if len(travs) == 0 {
		// Literals and calls of literals, the most common expressions,
		// need only the functions: one context serves them all.
		if m.root.bare == nil {
			m.root.bare = &hcl.EvalContext{Functions: m.root.funcs}
		}
		return m.root.bare
	}
	vars := make(map[string]cty.Value, len(travs))
	var groups ctxGroups
	outs := moduleOutputs(travs)
	attrs := m.l.resourceAttrs(expr, travs)
	for _, t := range travs {
		root := t.RootName()
		if v, ok := s.extra[root]; ok {
			vars[root] = v
			continue
		}
		var name string
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				name = a.Name
			}
		}
		switch root {
		case "var":
			if v, ok := m.varValue(name); ok {
				groups.put(objKey{root: root, name: name}, v, true)
			}
		case "local":
			if _, ok := m.mod.locals[name]; ok {
				v := m.local(name)
				groups.put(objKey{root: root, name: name}, v, m.localState[name] == done)
			}
		case "module":
			if _, ok := m.mod.calls[name]; ok {
				// Built for the expression: it holds the outputs named.
				groups.put(objKey{root: root, name: name}, m.callValue(name, outs[name]), false)
			}
		case "data":
			if len(t) > 2 {
				if a, ok := t[2].(hcl.TraverseAttr); ok {
					key := "data." + name + "." + a.Name
					if _, ok := m.mod.resByKey[key]; ok {
						names, partial := attrs[key]
						v := m.resValue(key, names)
						groups.put(objKey{root: root, typ: name, name: a.Name}, v, !partial && m.res[key].valState == done)
					}
				}
			}
		case "count":
			if s.count != cty.NilVal {
				vars[root] = cty.ObjectVal(map[string]cty.Value{"index": s.count})
			}
		case "each":
			if s.hasEach {
				vars[root] = cty.ObjectVal(map[string]cty.Value{"key": s.eachKey, "value": s.eachVal})
			}
		case "path":
			vars[root] = m.pathValue()
		case "terraform":
			vars[root] = terraformValue
		case "self":
			vars[root] = cty.DynamicVal
		default:
			key := root + "." + name
			if _, ok := m.mod.resByKey[key]; ok {
				names, partial := attrs[key]
				v := m.resValue(key, names)
				groups.put(objKey{root: root, name: name}, v, !partial && m.res[key].valState == done)
			}
		}
	}
	groups.build(m, vars)
	return &hcl.EvalContext{Variables: vars, Functions: m.root.funcs}
}

// resourceAttrs returns, by resource key (type.name or data.type.name),
// the attributes the traversals of expr read, for the resources it reads
// in part; a resource expr reads whole (passes it on) is not in the map.
// A resource that a traversal reaches without naming an attribute (a
// splat, a for expression, a function of it) is read in the attributes
// that the expression names anywhere, and those every resource offers.
func (l *loader) resourceAttrs(expr hcl.Expression, travs []hcl.Traversal) map[string][]string {
	var out map[string][]string
	whole := map[string]bool{}
	for _, t := range travs {
		root := t.RootName()
		start := 1
		switch root {
		case "var", "local", "module", "count", "each", "path", "terraform", "self":
			continue
		case "data":
			start = 2
		}
		if len(t) <= start {
			continue
		}
		key := root
		for _, step := range t[1 : start+1] {
			a, ok := step.(hcl.TraverseAttr)
			if !ok {
				key = ""
				break
			}
			key += "." + a.Name
		}
		if key == "" || whole[key] {
			continue
		}
		i := start + 1
		if i < len(t) {
			if _, isIndex := t[i].(hcl.TraverseIndex); isIndex {
				i++
			}
		}
		if out == nil {
			out = map[string][]string{}
		}
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				if !slices.Contains(out[key], a.Name) {
					out[key] = append(out[key], a.Name)
				}
				continue
			}
		}
		if _, bare := expr.(*hclsyntax.ScopeTraversalExpr); bare {
			whole[key] = true
			delete(out, key)
			continue
		}
		for _, n := range l.namesIn(expr) {
			if !slices.Contains(out[key], n) {
				out[key] = append(out[key], n)
			}
		}
	}
	return out
}

// namesIn returns the attribute names any traversal in expr names, and
// those every resource offers.
func (l *loader) namesIn(expr hcl.Expression) []string {
	if names, ok := l.exprNames[expr]; ok {
		return names
	}
	names := slices.Clone(baseNames)
	if n, ok := expr.(hclsyntax.Node); ok {
		seen := make(map[string]bool, len(names))
		for _, name := range names {
			seen[name] = true
		}
		_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
			t, ok := traversalOf(n)
			if !ok {
				return nil
			}
			for _, step := range t {
				if a, ok := step.(hcl.TraverseAttr); ok && !seen[a.Name] {
					seen[a.Name] = true
					names = append(names, a.Name)
				}
			}
			return nil
		})
	} else {
		for name := range l.names {
			names = append(names, name)
		}
	}
	if l.exprNames == nil {
		l.exprNames = map[hcl.Expression][]string{}
	}
	l.exprNames[expr] = names
	return names
}

// moduleOutputs returns, by module call name, the outputs the traversals
// read: nil for a call some traversal reads whole (passed on, iterated,
// splatted), whose every output is then needed.
func moduleOutputs(travs []hcl.Traversal) map[string][]string {
	var out map[string][]string
	whole := map[string]bool{}
	for _, t := range travs {
		if t.RootName() != "module" || len(t) < 2 {
			continue
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok || whole[a.Name] {
			continue
		}
		i := 2
		if i < len(t) {
			if _, isIndex := t[i].(hcl.TraverseIndex); isIndex {
				i++
			}
		}
		var o string
		if i < len(t) {
			if oa, ok := t[i].(hcl.TraverseAttr); ok {
				o = oa.Name
			}
		}
		if out == nil {
			out = map[string][]string{}
		}
		if o == "" {
			whole[a.Name] = true
			out[a.Name] = nil
			continue
		}
		if !slices.Contains(out[a.Name], o) {
			out[a.Name] = append(out[a.Name], o)
		}
	}
	return out
}

// terraformValue is what terraform.* references see.
var terraformValue = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})

// pathValue is what path.* references see in the instance.
func (m *modInst) pathValue() cty.Value {
	if m.path == cty.NilVal {
		m.path = cty.ObjectVal(map[string]cty.Value{
			"module": cty.StringVal(m.pathModule), "root": cty.StringVal("."), "cwd": cty.StringVal(".")})
	}
	return m.path
}
