package policy

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

func TestMinLength(t *testing.T) {
	field := func(name string, v *graph.Value) graph.Field { return graph.Field{Name: name, Value: v} }
	str := func(s string) *graph.Value { return graph.Str(s, graph.Range{}) }
	tests := []struct {
		name string
		v    *graph.Value
		want int64
	}{
		{"compact text", str(`{"a":1}`), 7},
		{"spaces between elements do not count", str("{\n  \"a\" : 1\n}\n"), 7},
		{"spaces inside strings do", str(`{"a b":"c d"}`), 13},
		{"a number counts one", str(`{"a":-1.5e10}`), 7},
		{"an escape counts one", str(`{"a":"\u0041\n\""}`), 11},
		{"literals", str(`[true,false,null]`), 17},
		// The shortest region is of the form a-b-1 (graph's DomainRegion).
		{"holes count their shortest text", str(`{"a":"` + acctX + `:` + anyH + `:` + part + `:` + region + `"}`), 5 + 2 + 12 + 1 + 0 + 1 + 3 + 1 + 5 + 1},
		{"characters, not bytes", str(`["é"]`), 5},
		{"structure", &graph.Value{Type: graph.Map, Fields: []graph.Field{
			field("a", &graph.Value{Type: graph.Number, Str: "1.50"}),
			field("bb", &graph.Value{Type: graph.List, List: []*graph.Value{str("x" + acctX), {Type: graph.Bool, Bool: true}}}),
		}}, 1 + 3 + 1 + 1 + 1 + 4 + 1 + 1 + 15 + 1 + 4 + 1 + 1},
		{"an unknown element may be absent", &graph.Value{Type: graph.Map, Fields: []graph.Field{
			field("a", graph.UnknownValue("var.x", graph.Range{})),
			field("b", str("c")),
		}}, 9},
		{"an unknown document", graph.UnknownValue("var.policy", graph.Range{}), 0},
		{"no document", nil, 0},
	}
	for _, tt := range tests {
		if got := MinLength(tt.v); got != tt.want {
			t.Errorf("%s: MinLength = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// Text and the structure it reads as count alike.
func TestMinLengthTextAndStructure(t *testing.T) {
	text := readFixture(t, "cloudtrail-key.json")
	tree, err := graph.FromJSON(text, textRange)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := MinLength(graph.Str(text, textRange)), MinLength(tree); a != b || a <= 0 || a >= int64(len(text)) {
		t.Errorf("text counts %d, structure %d; want equal, and under the text's %d bytes", a, b, len(text))
	}
}
