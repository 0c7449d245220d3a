package terraform

import (
	"slices"

	"github.com/zclconf/go-cty/cty"
)

// objKey names one value a reference reaches through an object of the
// evaluation context: var.name, local.name, module.name, type.name, or
// data.typ.name.
type objKey struct{ root, typ, name string }

// ctxGroups gathers the values an expression's references name, by the
// object of the context they belong to.
type ctxGroups struct {
	keys  []objKey
	vals  []cty.Value
	final []bool // the value is the one every later reference sees
}

func (g *ctxGroups) put(k objKey, v cty.Value, final bool) {
	for i, x := range g.keys {
		if x == k {
			// A later reference to the same name sees the same value,
			// unless the first one was read during its own evaluation.
			g.vals[i], g.final[i] = v, final
			return
		}
	}
	g.keys = append(g.keys, k)
	g.vals = append(g.vals, v)
	g.final = append(g.final, final)
}

// build adds the objects to vars. An object holding one name whose value
// is final is the same for every expression of the instance that names
// only it, the common case, so the instance keeps it; the others are built
// for the expression: only what it names, as its diagnostics depend on.
func (g *ctxGroups) build(m *modInst, vars map[string]cty.Value) {
	for i, k := range g.keys {
		if slices.ContainsFunc(g.keys[:i], func(x objKey) bool { return x.root == k.root }) {
			continue
		}
		n, final := 0, true
		for j := i; j < len(g.keys); j++ {
			if g.keys[j].root == k.root {
				n++
				final = final && g.final[j]
			}
		}
		if n > 1 || !final {
			vars[k.root] = g.object(k.root, i)
			continue
		}
		v, ok := m.ctxObjs[k]
		if !ok {
			v = g.object(k.root, i)
			if m.ctxObjs == nil {
				m.ctxObjs = map[objKey]cty.Value{}
			}
			m.ctxObjs[k] = v
		}
		vars[k.root] = v
	}
}

// object builds the object of root from its entries, the first at from:
// name → value, or for data type → name → value.
func (g *ctxGroups) object(root string, from int) cty.Value {
	if root != "data" {
		attrs := map[string]cty.Value{}
		for j := from; j < len(g.keys); j++ {
			if g.keys[j].root == root {
				attrs[g.keys[j].name] = g.vals[j]
			}
		}
		return cty.ObjectVal(attrs)
	}
	types := map[string]map[string]cty.Value{}
	for j := from; j < len(g.keys); j++ {
		if k := g.keys[j]; k.root == root {
			if types[k.typ] == nil {
				types[k.typ] = map[string]cty.Value{}
			}
			types[k.typ][k.name] = g.vals[j]
		}
	}
	d := make(map[string]cty.Value, len(types))
	for typ, attrs := range types {
		d[typ] = cty.ObjectVal(attrs)
	}
	return cty.ObjectVal(d)
}
