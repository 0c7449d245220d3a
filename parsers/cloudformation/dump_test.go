package cloudformation

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
)

// dump renders a graph as compact text, so that a test can assert every
// resource, property value, edge, range, diagnostic and ignore exactly.
func dump(g *graph.Graph) string {
	var b strings.Builder
	for _, r := range g.Resources {
		fmt.Fprintf(&b, "res %s %s %q hdr %s block %s", r.ID, r.Type, r.Kind, span(r.Header), span(r.Block))
		if len(r.Calls) > 0 {
			var calls []string
			for _, c := range r.Calls {
				calls = append(calls, c.File+":"+span(c))
			}
			fmt.Fprintf(&b, " calls %s", strings.Join(calls, ","))
		}
		fmt.Fprintf(&b, " region %s (%s)\n", val(r.Region), r.RegionFrom)
		var props []string
		for p := range r.Props {
			props = append(props, string(p))
		}
		sort.Strings(props)
		for _, p := range props {
			a := r.Props[graph.Prop(p)]
			if a.Value == nil {
				fmt.Fprintf(&b, "  %s absent", a.Name)
				if a.Misspelled != "" {
					fmt.Fprintf(&b, " misspelled %s @%s", a.Misspelled, span(a.MisspelledRange))
				}
				b.WriteString("\n")
				continue
			}
			fmt.Fprintf(&b, "  %s @%s = %s\n", a.Name, span(a.Range), val(a.Value))
		}
	}
	for _, d := range g.Diagnostics {
		fmt.Fprintf(&b, "diag %d %s:%s %s\n", d.Severity, d.Range.File, span(d.Range), d.Summary)
	}
	for _, ig := range g.Ignores {
		fmt.Fprintf(&b, "ignore %s %q at %s:%s covers %s\n", ig.Rule, ig.Reason, ig.At.File, span(ig.At), span(ig.Covers))
	}
	return b.String()
}

func span(r graph.Range) string {
	if r.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

// val renders a value with its type, text (holes as ${origin}), range,
// what made it null or empty, refs and, for unknowns, why.
func val(v *graph.Value) string {
	if v == nil {
		return "absent"
	}
	var s string
	switch v.Type {
	case graph.String:
		s = fmt.Sprintf("%q", graph.Display(v.Str))
	case graph.Number:
		s = "number " + v.Str
	case graph.Bool:
		s = fmt.Sprint(v.Bool)
	case graph.Null:
		s = "null"
	case graph.Unknown:
		s = "unknown(" + v.Why + ")"
	case graph.List:
		var parts []string
		for _, e := range v.List {
			parts = append(parts, val(e))
		}
		s = "[" + strings.Join(parts, ", ") + "]"
	case graph.Map:
		var parts []string
		for _, f := range v.Fields {
			parts = append(parts, f.Name+": "+val(f.Value))
		}
		s = "{" + strings.Join(parts, ", ") + "}"
	case graph.OneOf:
		var parts []string
		for _, e := range v.Alts {
			parts = append(parts, val(e))
		}
		s = "oneof(" + strings.Join(parts, " | ") + ")"
	}
	if v.Range.File != "" {
		s += " @" + v.Range.File + ":" + span(v.Range)
	}
	if v.Because != "" {
		s += " because(" + v.Because + ")"
	}
	for _, r := range v.Refs {
		s += " ->" + r.ID
		if r.Attr != "" {
			s += "." + r.Attr
		}
	}
	return s
}
