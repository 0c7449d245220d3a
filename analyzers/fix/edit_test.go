package fix

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

func pos(line, col int) graph.Pos { return graph.Pos{Line: line, Column: col} }

// TestAnchors checks where new text goes and how it is indented: before
// a block's closing brace, after an entry (with the separator the syntax
// wants, and the dash of a YAML item), in place of a range.
func TestAnchors(t *testing.T) {
	block := graph.Range{File: "main.tf", Start: pos(3, 3), End: pos(9, 4)}
	entry := graph.Range{File: "t.yaml", Start: pos(12, 13), End: pos(17, 30)}
	for _, c := range []struct {
		name string
		at   Anchor
		want string
		pos  graph.Pos
	}{
		{"before close", must(BeforeClose(block)), "  a = 1\n    b = 2\n  ", pos(9, 3)},
		{"after, JSON", must(After(entry, ",", 0)), ",\n            a = 1\n            b = 2", pos(17, 30)},
		{"after, YAML item", must(After(entry, "", 2)), "\n          a = 1\n          b = 2", pos(17, 30)},
		{"at", must(At(entry)), "a = 1\n            b = 2", pos(12, 13)},
	} {
		e := c.at.Edit("a = 1\nb = 2")
		if e.Text != c.want || e.Range.Start != c.pos || e.Range.File == "" {
			t.Errorf("%s: %q at %v, want %q at %v", c.name, e.Text, e.Range.Start, c.want, c.pos)
		}
	}
	if _, ok := BeforeClose(graph.Range{File: "main.tf", Start: pos(3, 1), End: pos(3, 20)}); ok {
		t.Error("a block on one line has a place before its brace")
	}
	if _, ok := After(graph.Range{}, ",", 0); ok {
		t.Error("an entry nowhere has a place after it")
	}
}

func must(a Anchor, ok bool) Anchor {
	if !ok {
		return Anchor{}
	}
	return a
}

// TestOf checks the syntax a resource's properties are written in.
func TestOf(t *testing.T) {
	for _, c := range []struct {
		r    *graph.Resource
		want graph.Form
	}{
		{&graph.Resource{Format: graph.Terraform, Header: graph.Range{File: "main.tf"}}, HCL},
		{&graph.Resource{Format: graph.Terraform, Header: graph.Range{File: "main.tf.json"}}, graph.FormJSON},
		{&graph.Resource{Format: graph.CloudFormation, Props: map[graph.Prop]*graph.Attr{graph.PropKMSKey: {Form: graph.FormTemplateJSON}}}, graph.FormTemplateJSON},
		{&graph.Resource{Format: graph.CloudFormation, Props: map[graph.Prop]*graph.Attr{graph.PropKMSKey: {Form: graph.FormYAML}}}, graph.FormYAML},
	} {
		if got := Of(c.r); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.r.Format, c.r.Header.File, got, c.want)
		}
	}
}
