package policy

import (
	"slices"
	"strings"

	"github.com/trailint/trailint/graph"
)

// variables expands IAM policy variables (`${aws:PrincipalAccount}`) in
// Resource elements and string and ARN condition values. AWS replaces them
// only in documents of Version 2012-10-17; `${*}`, `${?}` and `${$}` are
// the escapes for a literal `*`, `?` and `$`.
type variables struct {
	ctx context
}

// expand returns the text that stands for the variable `${body}`.
func (vs *variables) expand(body string) string {
	switch body {
	case "*", "?", "$":
		return body
	}
	key, def, hasDef := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	if hasDef {
		def = strings.TrimSpace(def)
		if len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
			def = def[1 : len(def)-1]
		} else {
			hasDef = false
		}
	}
	vals := vs.ctx.get(key)
	switch {
	case len(vals) == 1:
		return vals[0]
	case len(vals) == 0 && hasDef:
		return def
	}
	// AWS leaves a statement whose variable has no single value unmatched
	// in ways that depend on the element; say Maybe rather than guess.
	return graph.Hole(graph.DomainAny, "policy variable ${"+key+"}")
}

// Values returns the request's values of a condition key, looked up
// ignoring case as AWS does and as evaluation does.
func (r Request) Values(key string) []string {
	return context(r.Context).get(key)
}

// context looks condition keys up ignoring case, as AWS does.
type context map[string][]string

// get returns the values of key. When the request names a key in several
// spellings, their values are merged in the order of the spellings, so
// that the answer never depends on map order.
func (c context) get(key string) []string {
	if v, ok := c[key]; ok {
		return v
	}
	var names []string
	for k := range c {
		if strings.EqualFold(k, key) {
			names = append(names, k)
		}
	}
	if len(names) == 1 {
		return c[names[0]]
	}
	slices.Sort(names)
	var out []string
	for _, k := range names {
		out = append(out, c[k]...)
	}
	return out
}
