package tfplan

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// at writes a range as line:col-line:col, the file left out.
func at(r graph.Range) string {
	if r.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
}

// short writes a value on one line: scalars as they are, collections by
// their length, unknowns with their reason.
func short(v *graph.Value) string {
	if v == nil {
		return "absent"
	}
	var s string
	switch v.Type {
	case graph.Unknown:
		s = fmt.Sprintf("unknown(%s)", v.Why)
	case graph.String:
		s = fmt.Sprintf("%q", graph.Display(v.Str))
		if v.Why != "" {
			s += fmt.Sprintf(" why(%s)", v.Why)
		}
	case graph.Number:
		s = v.Str
	case graph.Bool:
		s = fmt.Sprint(v.Bool)
	case graph.Null:
		s = "null"
	case graph.List:
		s = fmt.Sprintf("list(%d)", len(v.List))
	case graph.Map:
		names := make([]string, len(v.Fields))
		for i, f := range v.Fields {
			names[i] = f.Name
		}
		s = "map{" + strings.Join(names, ",") + "}"
	}
	s += " @" + at(v.Range)
	var refs []string
	for _, r := range v.Refs {
		refs = append(refs, r.ID+"."+r.Attr)
	}
	if len(refs) > 0 {
		s += " refs " + strings.Join(refs, " ")
	}
	return s
}

// dumpResource writes what analyzers read of a resource.
func dumpResource(r *graph.Resource) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q header %s block %s", r.ID, r.Type, r.Kind, at(r.Header), at(r.Block))
	for _, c := range r.Calls {
		fmt.Fprintf(&b, " call %s", at(c))
	}
	if r.RequiresKeyARN {
		b.WriteString(" key-arn")
	}
	b.WriteString("\n")
	props := make([]string, 0, len(r.Props))
	for p := range r.Props {
		props = append(props, string(p))
	}
	sort.Strings(props)
	for _, p := range props {
		a := r.Props[graph.Prop(p)]
		fmt.Fprintf(&b, "  %s: %s = %s attr %s", p, a.Name, short(a.Value), at(a.Range))
		if a.Form != graph.FormJSON {
			fmt.Fprintf(&b, " form %d", a.Form)
		}
		b.WriteString("\n")
		if a.Value != nil && a.Value.Type == graph.Map {
			for _, st := range a.Value.Get("Statement").List {
				fmt.Fprintf(&b, "    statement %s %s\n", short(st.Get("Sid")), at(st.Range))
			}
		}
	}
	fmt.Fprintf(&b, "  region %s from %s\n  account %s\n  partition %s\n", short(r.Region), r.RegionFrom, short(r.Account), short(r.Partition))
	if len(r.Data) > 0 {
		keys := make([]string, 0, len(r.Data))
		for k := range r.Data {
			keys = append(keys, k+"="+r.Data[k])
		}
		sort.Strings(keys)
		fmt.Fprintf(&b, "  data %s\n", strings.Join(keys, " "))
	}
	return b.String()
}

func diagText(ds []graph.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d %d %s:%s %s", d.Severity, d.Class, d.Range.File, at(d.Range), d.Summary)
		if d.Detail != "" {
			b.WriteString(": " + d.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func readFixture(t *testing.T, name string, opts Options) *Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(data, name, opts)
}

// dumpModel writes the instances of a plan: where each is, where its
// values come from, and its unknown and sensitive values.
func dumpModel(p *Plan) string {
	var b strings.Builder
	for _, a := range p.Addresses() {
		in := p.Instances[a]
		key := "-"
		if in.Key != nil {
			key = in.Key.Kind.String() + ":" + in.Key.Str
		}
		fmt.Fprintf(&b, "%s %s %s.%s module=%q key=%s from=%s at=%s block=%s actions=%v\n", a, in.Mode, in.Type, in.Name,
			in.Module, key, in.From, at(in.Range), at(in.Block), in.Actions)
		walkMarks(&b, in.Values, in.Address, false)
	}
	return b.String()
}

func walkMarks(b *strings.Builder, v *Value, where string, sensitive bool) {
	if v == nil {
		return
	}
	if v.Sensitive && !sensitive {
		fmt.Fprintf(b, "  sensitive %s @%s\n", where, at(v.Range))
	}
	if v.Kind == Unknown {
		fmt.Fprintf(b, "  unknown %s (%s) @%s\n", where, v.Why, at(v.Range))
	}
	for i, e := range v.Elems {
		walkMarks(b, e, fmt.Sprintf("%s[%d]", where, i), v.Sensitive)
	}
	for _, f := range v.Fields {
		walkMarks(b, f.Value, where+"."+f.Name, v.Sensitive)
	}
}

// dumpConfig writes the configuration's module tree: each module's
// calls with their sources, its declarations with their provider and the
// references or constant of each argument, and its outputs.
func dumpConfig(m *Module, b *strings.Builder) {
	fmt.Fprintf(b, "module %q\n", m.Path)
	for _, d := range m.Resources {
		fmt.Fprintf(b, "  %s %s provider=%s at %s\n", d.Mode, d.Address, d.ProviderKey, at(d.Range))
		dumpBlock(b, d.Body, "    ")
	}
	var outs []string
	for o := range m.Outputs {
		outs = append(outs, o)
	}
	sort.Strings(outs)
	for _, o := range outs {
		fmt.Fprintf(b, "  output %s %s\n", o, exprText(m.Outputs[o]))
	}
	var vars []string
	for v, d := range m.Variables {
		s := v
		if d.Default != nil {
			s += "=" + short(d.Default.Graph())
		}
		if d.Sensitive {
			s += " sensitive"
		}
		vars = append(vars, s)
	}
	sort.Strings(vars)
	if len(vars) > 0 {
		fmt.Fprintf(b, "  variables %s\n", strings.Join(vars, "; "))
	}
	for _, c := range m.Calls {
		fmt.Fprintf(b, "  call %s source=%q local=%v version=%q at %s source at %s for_each=%s count=%s\n", c.Name, c.Source, c.Local,
			c.Version, at(c.Range), at(c.SourceRange), exprText(c.ForEach), exprText(c.Count))
		var ins []string
		for n := range c.Inputs {
			ins = append(ins, n)
		}
		sort.Strings(ins)
		for _, n := range ins {
			fmt.Fprintf(b, "    input %s %s\n", n, exprText(c.Inputs[n]))
		}
	}
	for _, c := range m.Calls {
		dumpConfig(c.Module, b)
	}
}

func dumpBlock(b *strings.Builder, blk *Block, indent string) {
	if blk == nil {
		return
	}
	var names []string
	for n := range blk.Attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(b, "%s%s %s\n", indent, n, exprText(blk.Attrs[n]))
	}
	names = names[:0]
	for n := range blk.Blocks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, nb := range blk.Blocks[n] {
			fmt.Fprintf(b, "%s%s {\n", indent, n)
			dumpBlock(b, nb, indent+"  ")
			fmt.Fprintf(b, "%s}\n", indent)
		}
	}
}

func exprText(e *Expr) string {
	if e == nil {
		return "-"
	}
	s := "expr@" + at(e.Range)
	if e.Constant != nil {
		s += " const " + short(e.Constant.Graph())
	}
	if len(e.References) > 0 {
		s += " refs " + strings.Join(e.References, ",")
	}
	return s
}
