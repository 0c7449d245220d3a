package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
)

// show renders a value compactly for exact comparisons.
func show(v *graph.Value) string {
	if v == nil {
		return "absent"
	}
	switch v.Type {
	case graph.Null:
		return "null"
	case graph.Unknown:
		return "unknown(" + v.Why + ")"
	case graph.String:
		return fmt.Sprintf("%q", graph.Display(v.Str))
	case graph.Bool:
		return fmt.Sprint(v.Bool)
	case graph.Number:
		return v.Str
	case graph.List:
		var parts []string
		for _, e := range v.List {
			parts = append(parts, show(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case graph.Map:
		var parts []string
		for _, f := range v.Fields {
			parts = append(parts, f.Name+": "+show(f.Value))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "?"
}

func showRefs(v *graph.Value) string {
	seen := map[string]bool{}
	var out []string
	for _, r := range v.AllRefs() {
		s := r.ID + "#" + r.Attr
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func rangeStr(r graph.Range) string {
	if r.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d-%d:%d", r.File, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

// dump renders a whole graph, one fact per line.
func dump(g *graph.Graph) string {
	var b strings.Builder
	for _, r := range g.Resources {
		fmt.Fprintf(&b, "%s kind=%q header=%s\n", r.ID, r.Kind, rangeStr(r.Header))
		if r.Region != nil {
			fmt.Fprintf(&b, "  region=%s (%s) from %s\n", show(r.Region), rangeStr(r.Region.Range), r.RegionFrom)
		}
		var props []string
		for p := range r.Props {
			props = append(props, string(p))
		}
		sort.Strings(props)
		for _, p := range props {
			a := r.Props[graph.Prop(p)]
			fmt.Fprintf(&b, "  %s: %s=%s", p, a.Name, show(a.Value))
			if a.Value != nil {
				fmt.Fprintf(&b, " @%s", rangeStr(a.Value.Range))
				if refs := showRefs(a.Value); refs != "" {
					fmt.Fprintf(&b, " refs=%s", refs)
				}
			}
			b.WriteString("\n")
		}
	}
	for _, d := range g.Diagnostics {
		fmt.Fprintf(&b, "diag %d %s: %s: %s\n", d.Severity, rangeStr(d.Range), d.Summary, d.Detail)
	}
	for _, i := range g.Ignores {
		fmt.Fprintf(&b, "ignore %s %q at %s covers %s\n", i.Rule, i.Reason, rangeStr(i.At), rangeStr(i.Covers))
	}
	return b.String()
}
