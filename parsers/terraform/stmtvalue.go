package terraform

import (
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

// value is the graph value of a statement read from its blocks: exactly
// what rendering it as JSON and reading that back would give (fields in
// rendered order, map keys sorted, every value at the statement's range),
// without the text in between. ok is false for a statement read from a
// JSON document, whose fields may hold any JSON, and for text that is not
// valid UTF-8, which rendering would change; those take the JSON path.
func (st *iamStmt) value() (v *graph.Value, ok bool) {
	if st.fields == nil {
		return nil, false
	}
	b := stmtBuilder{at: st.at, ok: true}
	// At most nine fields; the value keeps a slice of its exact length,
	// as the graph outlives the load.
	var buf [9]graph.Field
	fields := buf[:0]
	add := func(name string, fv *graph.Value) {
		fields = append(fields, graph.Field{Name: name, NameRange: st.at, Value: fv})
	}
	if st.Sid != "" {
		add("Sid", b.str(st.Sid))
	}
	if st.Effect != "" {
		add("Effect", b.str(st.Effect))
	}
	for _, f := range []struct {
		name string
		v    any
	}{{"Action", st.Actions}, {"NotAction", st.NotActions}, {"Resource", st.Resources}, {"NotResource", st.NotResources}} {
		if f.v != nil {
			add(f.name, b.any(f.v))
		}
	}
	if len(st.Principals) > 0 {
		add("Principal", b.any(st.Principals.rendered()))
	}
	if len(st.NotPrincipals) > 0 {
		add("NotPrincipal", b.any(st.NotPrincipals.rendered()))
	}
	if len(st.Conditions) > 0 {
		add("Condition", b.conditions(st.Conditions.rendered()))
	}
	if !b.ok {
		return nil, false
	}
	v = &graph.Value{Type: graph.Map, Range: st.at}
	if len(fields) > 0 {
		v.Fields = slices.Clone(fields)
	}
	return v, true
}

// stmtBuilder makes the values of one statement; ok turns false on a
// value it cannot make as JSON would.
type stmtBuilder struct {
	at graph.Range
	ok bool
}

func (b *stmtBuilder) str(s string) *graph.Value {
	if !utf8.ValidString(s) {
		b.ok = false
	}
	return graph.Str(s, b.at)
}

// any makes a rendered value: a string, a list of strings (null when nil,
// as JSON renders it), or a map of those with its keys sorted.
func (b *stmtBuilder) any(v any) *graph.Value {
	switch v := v.(type) {
	case string:
		return b.str(v)
	case []string:
		if v == nil {
			return &graph.Value{Type: graph.Null, Range: b.at}
		}
		out := &graph.Value{Type: graph.List, Range: b.at}
		if len(v) > 0 {
			out.List = make([]*graph.Value, len(v))
			for i, s := range v {
				out.List[i] = b.str(s)
			}
		}
		return out
	case map[string]any:
		keys := sortedKeys(v)
		out := &graph.Value{Type: graph.Map, Range: b.at}
		if len(keys) > 0 {
			out.Fields = make([]graph.Field, len(keys))
			for i, k := range keys {
				b.str(k)
				out.Fields[i] = graph.Field{Name: k, NameRange: b.at, Value: b.any(v[k])}
			}
		}
		return out
	}
	b.ok = false
	return nil
}

func (b *stmtBuilder) conditions(c map[string]map[string]any) *graph.Value {
	tests := make([]string, 0, len(c))
	for t := range c {
		tests = append(tests, t)
	}
	sort.Strings(tests)
	out := &graph.Value{Type: graph.Map, Range: b.at}
	if len(tests) > 0 {
		out.Fields = make([]graph.Field, len(tests))
		for i, t := range tests {
			b.str(t)
			out.Fields[i] = graph.Field{Name: t, NameRange: b.at, Value: b.any(c[t])}
		}
	}
	return out
}
