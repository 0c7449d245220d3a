package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// Valid JSON that yaml.v3 refuses (the escape \/, escaped surrogate pairs)
// is read by JSON's rules, and what follows on the same line keeps its
// position.
func TestJSONEscapes(t *testing.T) {
	src := `{"Resources": {` + "\n" +
		`  "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {` + "\n" +
		`    "S3BucketName": "logs\/2024 \ud83d\ude00", "KMSKeyId": "arn:aws:kms:us-east-1:111122223333:alias\/trail",` + "\n" +
		`    "TrailName": "caf\u00e9 \"x\""}}}}` + "\n"
	g := Load(fstest.MapFS{"t.json": {Data: []byte(src)}}, []string{"t.json"}, Options{})
	const want = `res t.json:Trail AWS::CloudTrail::Trail "trail" hdr 2:3-2:10 block 2:3-4:37 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @3:5-3:46 = "logs/2024 😀" @t.json:3:21-3:46
  KMSKeyId @3:48-3:109 = "arn:aws:kms:us-east-1:111122223333:alias/trail" @t.json:3:60-3:109
  TrailName @4:5-4:35 = "café \"x\"" @t.json:4:18-4:35
  IsOrganizationTrail absent
`
	if got := dump(g); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Whatever yaml.v3 reads of valid JSON, the JSON reader reads the same:
// the same nodes, tags, values and ranges.
func TestJSONAsYAMLReadsIt(t *testing.T) {
	texts := map[string]string{
		"numbers": `{"a": [0, -1, 2.5, -0.5E+3, 1e5, 12345678901234567890], "b": true, "c": false, "d": null}`,
		"nesting": "{\n\t\"a\": {\"b\": [[], {}, [1, {\"c\": \"d\"}]]},\r\n  \"e\"  :  \"f\" }\n",
		"escapes": `{"a": "\b\f\n\r\t\u00e9\"\\", "k\u00e9y": "x"}`,
		"unicode": "\xEF\xBB\xBF{\"é\": \"ü\", \"b\": [\"日本\", 1]}",
		"keys":    `{"<<": "not a merge", "#x": "y", "&a": "*b", "!t": "u", "key: with colon": "v"}`,
		"empty":   `{}`,
	}
	paths, err := filepath.Glob("testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*/*/*.json")
	paths = append(paths, more...)
	for _, p := range append(paths, "../../testdata/cloudformation/policy/template.json") {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[p] = string(data)
	}
	for name, text := range texts {
		src := newSource("t.json", []byte(text))
		var y yaml.Node
		if err := yaml.Unmarshal(src.data, &y); err != nil {
			t.Errorf("%s: yaml.v3: %v", name, err)
			continue
		}
		doc, ok := parseJSON(src)
		if !ok {
			t.Errorf("%s: not read as JSON", name)
			continue
		}
		want := render((&builder{src: src}).build(&y, 0))
		if got := render((&builder{src: src}).build(doc, 0)); got != want {
			t.Errorf("%s: read as JSON:\n%s\nread as YAML:\n%s", name, got, want)
		}
	}
}

// Text that is not valid JSON is left to yaml.v3.
func TestJSONReaderRefuses(t *testing.T) {
	for _, text := range []string{
		`{"a": 1,}`, `{"a": 01}`, `{"a": 'b'}`, `{a: 1}`, `{"a": "b"} x`, `{"a": "tab	inside"}`, `{"a": "\x"}`,
		`{"a": [1 2]}`, `{"a": tru}`, `{"a": 1.}`, `{"a": -}`, `{"a": 1e}`, "{\"a\": \"\xff\"}", `{"a"`, `[`, ``,
		strings.Repeat("[", maxJSONDepth+2) + strings.Repeat("]", maxJSONDepth+2),
	} {
		if _, ok := parseJSON(newSource("t.json", []byte(text))); ok {
			t.Errorf("%q is read as JSON", text)
		}
	}
}

// render shows a node tree with every kind, tag, value and range.
func render(n *node) string {
	var b strings.Builder
	var walk func(n *node, indent string)
	walk = func(n *node, indent string) {
		fmt.Fprintf(&b, "%s%d %s %q %s\n", indent, n.kind, n.tag, n.str, span(n.rng))
		for i, k := range n.keys {
			walk(k, indent+"  k ")
			walk(n.vals[i], indent+"  v ")
		}
		for _, it := range n.items {
			walk(it, indent+"  - ")
		}
	}
	walk(n, "")
	return b.String()
}
