package cloudformation

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// classes names each class of diagnostic in test output.
var classes = map[graph.Class]string{graph.ClassFile: "file", graph.ClassEval: "eval", graph.ClassBudget: "budget",
	graph.ClassInput: "input", graph.ClassInternal: "internal"}

// diags renders every diagnostic with its class, range and detail.
func diags(g *graph.Graph) string {
	var b strings.Builder
	for _, d := range g.Diagnostics {
		fmt.Fprintf(&b, "%d %s %s:%s %s", d.Severity, classes[d.Class], d.Range.File, span(d.Range), d.Summary)
		if d.Detail != "" {
			b.WriteString(": " + d.Detail)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// prop renders one property of the resource with the given ID.
func prop(g *graph.Graph, id string, p graph.Prop) string {
	r := g.Lookup(id)
	if r == nil {
		return "no resource " + id
	}
	a := r.Prop(p)
	if a == nil {
		return "no property"
	}
	return val(a.Value)
}

// files builds a file system from texts, and the list of its files.
func files(texts map[string]string) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var names []string
	for name, text := range texts {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
		names = append(names, name)
	}
	return fsys, names
}

const trailAfter = `  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
`

// Evaluation steps are counted per unit: past the cap, what is left is
// unknown, said once at the node that crossed it, and the resources after
// it are still loaded. Another template has a budget of its own.
func TestBudgetSteps(t *testing.T) {
	var join strings.Builder
	for i := range 60 {
		fmt.Fprintf(&join, "%s!Sub x%d", map[bool]string{true: "", false: ", "}[i == 0], i)
	}
	fsys, names := files(map[string]string{
		"a.yaml": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join ['', [" + join.String() + "]]\n" +
			trailAfter + "      KMSKeyId: !Sub alias/${AWS::Region}\n",
		"b.yaml": "Resources:\n" + trailAfter + "      KMSKeyId: alias/b\n",
	})
	run := budget.New(budget.Limits{Steps: 50})
	g := Load(fsys, names, Options{Region: "us-east-1", Budget: run})
	// Join and its list are two steps, each !Sub one: the 49th crosses.
	const want = "0 budget a.yaml:5:501-5:509 Evaluation budget exceeded: evaluating this takes over 50 steps; what depends on it is not analysed\n"
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	// Text made of a part past the cap is unknown for that reason.
	const over = "unknown(evaluation budget exceeded: evaluating this takes over 50 steps)"
	for id, w := range map[string]string{
		"a.yaml:Bucket": over + " @a.yaml:5:19-5:621",
		"a.yaml:Trail":  over + " @a.yaml:11:17-11:42",
		"b.yaml:Trail":  `"alias/b" @b.yaml:7:17-7:24`,
	} {
		p := graph.PropKMSKey
		if strings.HasSuffix(id, "Bucket") {
			p = graph.PropName
		}
		if got := prop(g, id, p); got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
	if u := run.Usage(); u.Used[budget.Steps] != 51 {
		t.Errorf("steps used %d, want the cap and one", u.Used[budget.Steps])
	}
}

// subTower nests Fn::Sub ["${x}${x}", {x: ...}] depth times around base,
// in a bucket's name: each level doubles the text of the one inside.
func subTower(depth int, base string) string {
	v := fmt.Sprintf("%q", base)
	for range depth {
		v = `{"Fn::Sub": ["${x}${x}", {"x": ` + v + `}]}`
	}
	return "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + v + "\n" +
		trailAfter + "      KMSKeyId: alias/after\n"
}

// nthSub is the range, on line 5, of the n-th outermost Fn::Sub of a
// one-line template.
func nthSub(src string, n int) string {
	line := strings.Split(src, "\n")[4]
	at := -1
	for range n {
		at += 1 + strings.Index(line[at+1:], `{"Fn::Sub"`)
	}
	depth := 0
	for i := at; i < len(line); i++ {
		switch line[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return fmt.Sprintf("5:%d-5:%d", at+1, i+2)
			}
		}
	}
	return "?"
}

// Nested Fn::Sub that doubles its text stops at the value cap, at the
// level that crosses it, before the text is built; with an empty base
// nothing grows, and each level is evaluated once: the steps grow with the
// depth, not with 2^depth.
func TestSubTower(t *testing.T) {
	cases := []struct {
		name       string
		base       string
		limits     budget.Limits
		diag       string
		steps      int64
		valueBytes int64
	}{
		// Level k holds 2^k bytes: level 11 is the first over 1024, the
		// 30th call from the outside. A step per level, two for the base
		// (a scalar is not kept), two for the trail.
		{"doubling", "x", budget.Limits{ValueBytes: 1024}, "0 budget t.yaml:%s Evaluation budget exceeded: a value would be over 1024 bytes; what depends on it is not analysed\n",
			40 + 2 + 2, 1025},
		{"empty", "", budget.Limits{}, "", 40 + 2 + 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := subTower(40, c.base)
			run := budget.New(c.limits)
			g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{Region: "us-east-1", Budget: run})
			want := c.diag
			if want != "" {
				want = fmt.Sprintf(want, nthSub(src, 30))
			}
			if got := diags(g); got != want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
			if got := prop(g, "t.yaml:Trail", graph.PropKMSKey); got != `"alias/after" @t.yaml:11:17-11:28` {
				t.Errorf("the trail after it: %s", got)
			}
			// Past the level that crosses the cap, every level is unknown
			// for the budget: nothing grows again.
			name := g.Lookup("t.yaml:Bucket").Prop(graph.PropName).Value
			if c.diag != "" && (name.Type != graph.Unknown || name.Why != "evaluation budget exceeded: a value would be over 1024 bytes") {
				t.Errorf("bucket name %s", val(name))
			}
			u := run.Usage()
			if u.Used[budget.Steps] != c.steps || u.Used[budget.ValueBytes] != c.valueBytes {
				t.Errorf("used %d steps and a value of %d bytes, want %d and %d", u.Used[budget.Steps], u.Used[budget.ValueBytes], c.steps, c.valueBytes)
			}
		})
	}
}

// Mapping entries that each list the one before twice share their parts:
// the value is small in memory, and would be exponential once walked. Its
// size counts every part as often as it holds it, so it stops at the cap.
func TestSharedPartsCount(t *testing.T) {
	var m strings.Builder
	m.WriteString("Mappings:\n  M:\n    L0: {v: [a]}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&m, "    L%d: {v: [!FindInMap [M, L%d, v], !FindInMap [M, L%d, v]]}\n", i, i-1, i-1)
	}
	src := m.String() + "Resources:\n" + trailAfter + "      KMSKeyId: !Select [0, !FindInMap [M, L40, v]]\n"
	run := budget.New(budget.Limits{ValueBytes: 4096})
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{Region: "us-east-1", Budget: run})
	// L0 measures 3 (the list, "a" and its one byte); each level doubles
	// it and adds 1: L10 is 4095, L11 (line 14) 8191. The levels above hold
	// the unknown in its place, and grow again, up to the cap.
	const want = "0 budget t.yaml:14:14-14:62 Evaluation budget exceeded: a value would be over 4096 bytes; what depends on it is not analysed\n"
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	key := g.Lookup("t.yaml:Trail").Prop(graph.PropKMSKey).Value
	walked := 0
	key.Walk(func(*graph.Value) { walked++ })
	if why := key.Describe(); why != "evaluation budget exceeded: a value would be over 4096 bytes" || walked > 4096 {
		t.Errorf("key unknown because %q, %d values walked; want the budget, at most 4096", why, walked)
	}
	if u := run.Usage(); u.Used[budget.Steps] > 4*40 || u.Used[budget.ValueBytes] != 4097 {
		t.Errorf("%d steps for 40 levels, a value of %d bytes; want at most 160 and the cap and one", u.Used[budget.Steps], u.Used[budget.ValueBytes])
	}
}

// fanOut is a tree of templates s00 ... s(levels-1), each nesting the next
// four times beside a trail.
func fanOut(levels int) (fstest.MapFS, []string) {
	texts := map[string]string{}
	for i := range levels {
		var b strings.Builder
		b.WriteString("Resources:\n" + trailAfter)
		if i+1 < levels {
			for c := range 4 {
				fmt.Fprintf(&b, "  Child%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: s%02d.yaml\n", c, i+1)
			}
		}
		texts[fmt.Sprintf("s%02d.yaml", i)] = b.String()
	}
	return files(texts)
}

// Every nested stack is an instance of its root's unit: 17 levels of four
// children (4^16 stacks) stop at the cap, said once at the nesting that
// crosses it. Each template is evaluated already, through the nestings
// that were, so none is evaluated again on its own.
func TestNestedStackFanOut(t *testing.T) {
	fsys, names := fanOut(17)
	run := budget.New(budget.Limits{Instances: 100})
	g := Load(fsys, names, Options{Region: "us-east-1", Budget: run})
	// Depth first: s00/Child0 down to s16 (16 instances), then the other
	// children of each level, up: s14 holds 20 below it, s13 85; the 101st
	// is the first of s15 under the second s13 of s12.
	want := "0 budget s15.yaml:7:3-7:9 Evaluation budget exceeded: " + budget.Message(budget.Instances, run.Limits()) + "; what depends on it is not analysed\n"
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if n := len(g.OfKind(graph.KindTrail)); n != 101 {
		t.Errorf("%d trails, want the root's and 100 nested", n)
	}
	if u := run.Usage(); u.Used[budget.Instances] != 101 {
		t.Errorf("%d instances used, want the cap and one", u.Used[budget.Instances])
	}
}

// bigMapping is a template whose mapping M has n top-level keys, with
// lookups FindInMap lookups into it, in a key policy's statements.
func bigMapping(n, lookups int) string {
	var b strings.Builder
	b.WriteString("Mappings:\n  M:\n")
	for i := range n {
		fmt.Fprintf(&b, "    k%d: {v: alias/key-%d}\n", i, i)
	}
	b.WriteString("Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n")
	for i := range lookups {
		fmt.Fprintf(&b, "          - Sid: !FindInMap [M, k%d, v]\n", (i*7919)%n)
	}
	b.WriteString(trailAfter + "      KMSKeyId: !FindInMap [M, k" + fmt.Sprint(n-1) + ", v]\n")
	return b.String()
}

// Fn::FindInMap on a mapping of 200,000 keys finds its key through the
// mapping's index: a lookup is a step, whatever the size of the mapping.
func TestFindInMapBigMapping(t *testing.T) {
	src := bigMapping(200_000, 1000)
	run := budget.New(budget.Limits{})
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{Region: "us-east-1", Budget: run})
	if got := diags(g); got != "" {
		t.Fatalf("diagnostics:\n%s", got)
	}
	// The value found keeps the range where its text is.
	if got, want := prop(g, "t.yaml:Trail", graph.PropKMSKey), `"alias/key-199999" @t.yaml:200002:18-200002:34`; got != want {
		t.Errorf("key %s, want %s", got, want)
	}
	// The key policy's map and list (2), and for each statement its map,
	// its lookup and the value found (3000); the trail's bucket, its
	// lookup and the value found (3).
	if u := run.Usage(); u.Used[budget.Steps] != 2+3000+3 {
		t.Errorf("%d steps", u.Used[budget.Steps])
	}
	small := parseTemplate("t.yaml", []byte(bigMapping(indexFrom, 1)))
	if m := small.mappings.get("M"); m == nil || len(m.index) != indexFrom {
		t.Errorf("a mapping of %d keys is not indexed", indexFrom)
	}
}

// Fn::Sub with 50,000 variables: each is found through the variables'
// index and evaluated once, and the refs and reasons of the parts are
// gathered once.
func TestSubManyVariables(t *testing.T) {
	src := subVariables(50_000)
	run := budget.New(budget.Limits{})
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(src)}}, []string{"t.yaml"}, Options{Region: "us-east-1", Budget: run})
	if got := diags(g); got != "" {
		t.Fatalf("diagnostics:\n%s", got)
	}
	name := g.Lookup("t.yaml:Bucket").Prop(graph.PropName).Value
	if len(name.Str) != 50_000*len(graph.Hole(graph.DomainName, "Key")) || len(name.Refs) != 1 {
		t.Errorf("name of %d bytes with %d refs", len(name.Str), len(name.Refs))
	}
	// The Sub and each of its variables.
	if u := run.Usage(); u.Used[budget.Steps] != 1+50_000+2 {
		t.Errorf("%d steps", u.Used[budget.Steps])
	}
}

// subVariables is a bucket named by an Fn::Sub of n variables, each the
// id of one key.
func subVariables(n int) string {
	var tmpl, vars strings.Builder
	for i := range n {
		fmt.Fprintf(&tmpl, "${v%d}", i)
		fmt.Fprintf(&vars, "          v%d: !Ref Key\n", i)
	}
	return "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub\n        - " +
		tmpl.String() + "\n        -\n" + vars.String() + trailAfter + "      KMSKeyId: !Ref Key\n"
}

func BenchmarkFindInMap(b *testing.B) {
	for _, n := range []int{2_000, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := fstest.MapFS{"t.yaml": {Data: []byte(bigMapping(n, 1000))}}
			b.ReportAllocs()
			for b.Loop() {
				Load(fsys, []string{"t.yaml"}, Options{})
			}
		})
	}
}

func BenchmarkSubVariables(b *testing.B) {
	for _, n := range []int{500, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := fstest.MapFS{"t.yaml": {Data: []byte(subVariables(n))}}
			b.ReportAllocs()
			for b.Loop() {
				Load(fsys, []string{"t.yaml"}, Options{})
			}
		})
	}
}

// The bytes of the text a unit makes are counted: past the cap, the text
// is unknown, said once, however many values cross it.
func TestBudgetUnitBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range 5 {
		fmt.Fprintf(&b, "  B%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join ['-', [%s, %s]]\n", i, strings.Repeat("a", 20), strings.Repeat("b", 20))
	}
	run := budget.New(budget.Limits{UnitBytes: 100})
	g := Load(fstest.MapFS{"t.yaml": {Data: []byte(b.String())}}, []string{"t.yaml"}, Options{Budget: run})
	// 41 bytes a name: the third crosses 100.
	want := "0 budget t.yaml:13:19-13:76 Evaluation budget exceeded: " + budget.Message(budget.UnitBytes, run.Limits()) + "; what depends on it is not analysed\n"
	if got := diags(g); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	for i, w := range []string{"known", "known", "over", "over", "over"} {
		v := g.Lookup(fmt.Sprintf("t.yaml:B%d", i)).Prop(graph.PropName).Value
		if got := map[bool]string{true: "over", false: "known"}[notEvaluated(v)]; got != w {
			t.Errorf("B%d: %s, want %s", i, val(v), w)
		}
	}
	if u := run.Usage(); u.Used[budget.UnitBytes] != 101 {
		t.Errorf("%d bytes used, want the cap and one", u.Used[budget.UnitBytes])
	}
}
