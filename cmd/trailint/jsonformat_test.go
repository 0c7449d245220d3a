package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

func jsonFormatSchema(t *testing.T) *gojsonschema.Schema {
	t.Helper()
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(readRepoFile(t, "docs/json-format.schema.json")))
	if err != nil {
		t.Fatalf("docs/json-format.schema.json: %v", err)
	}
	return s
}

func validateJSONFormat(t *testing.T, s *gojsonschema.Schema, name string, doc []byte) {
	t.Helper()
	res, err := s.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	for _, e := range res.Errors() {
		t.Errorf("%s: %s", name, e)
	}
}

// TestJSONFormatSchema validates real output against the published schema:
// the examples, the command's fixtures (a parse error, suppressed findings,
// files named alone, values trailint could not evaluate), the rule
// fixtures, and the writer's goldens. Between them every field of the
// schema is present somewhere, so that none goes unchecked; and what the
// schema cannot say (a range's end after its start) is checked here.
func TestJSONFormatSchema(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	s := jsonFormatSchema(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		dir  string // relative to the repository
		args []string
	}{
		{".", []string{"examples"}},
		{"testdata/terraform", nil},
		{"testdata/cloudformation", nil},
		{"cmd/trailint/testdata/terraform", []string{"--var", "nosuch=1"}},
		{"cmd/trailint/testdata/cloudformation", nil},
		{"cmd/trailint/testdata/broken", nil},
		{"cmd/trailint/testdata/eval", []string{"--verbose"}},
		{"cmd/trailint/testdata/precommit", []string{"--", "trail.tf"}},
	}
	docs := map[string][]byte{}
	for _, r := range runs {
		name := "trailint -f json " + strings.Join(r.args, " ") + " in " + r.dir
		t.Chdir(filepath.Join(repo, filepath.FromSlash(r.dir)))
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"-f", "json"}, r.args...), &stdout, &stderr); code > 1 {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr.String())
		}
		docs[name] = stdout.Bytes()
	}
	for _, golden := range []string{"full.json.golden", "empty.json.golden"} {
		b, err := os.ReadFile(filepath.Join(repo, "report", "testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		docs[golden] = b
	}

	seen := map[string]bool{}
	for name, doc := range docs {
		validateJSONFormat(t, s, name, doc)
		var r struct {
			Findings []map[string]json.RawMessage
			Problems []struct{ Line, Column int }
		}
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range r.Findings {
			for k := range f {
				seen["finding."+k] = true
			}
			var span struct{ Line, Column, EndLine, EndColumn int }
			b, _ := json.Marshal(f)
			if err := json.Unmarshal(b, &span); err != nil {
				t.Fatal(err)
			}
			if span.EndLine < span.Line || (span.EndLine == span.Line && span.EndColumn <= span.Column) {
				t.Errorf("%s: a range ends before it starts: %+v", name, span)
			}
			if len(f["related"]) > 2 {
				seen["related"] = true
			}
		}
		for _, p := range r.Problems {
			seen[map[bool]string{true: "problem without position", false: "problem with position"}[p.Line == 0]] = true
		}
	}
	for _, want := range []string{
		"finding.fix", "finding.suppressed", "related",
		"problem without position", "problem with position",
	} {
		if !seen[want] {
			t.Errorf("no output holds a %s: the schema's part for it goes unchecked", want)
		}
	}
}

// TestJSONFormatSchemaIsStrict: the schema refuses what the format never
// writes, so that a field added to the writer without the schema and its
// documentation fails TestJSONFormatSchema.
func TestJSONFormatSchemaIsStrict(t *testing.T) {
	s := jsonFormatSchema(t)
	finding := `{"rule": "TL011", "level": "error", "message": "m", "file": "a.tf", "line": 1, "column": 1, "endLine": 1, "endColumn": 2, "related": [], "fingerprint": "` + strings.Repeat("0", 64) + `"%s}`
	for _, c := range []struct {
		name, doc string
		valid     bool
	}{
		{"a finding", fmtDoc(finding, ""), true},
		{"an unknown field of a finding", fmtDoc(finding, `, "edits": []`), false},
		{"an unknown top-level field", `{"version": "1", "findings": [], "problems": [], "files": 0, "roots": []}`, false},
		{"a level that is not one", fmtDoc(strings.Replace(finding, `"error"`, `"fatal"`, 1), ""), false},
		{"a rule id that is not one", fmtDoc(strings.Replace(finding, `"TL011"`, `"tl11"`, 1), ""), false},
		{"a line 0 in a finding", fmtDoc(strings.Replace(finding, `"line": 1`, `"line": 0`, 1), ""), false},
		{"no fingerprint", fmtDoc(regexp.MustCompile(`, "fingerprint": "0+"`).ReplaceAllString(finding, ""), ""), false},
	} {
		res, err := s.Validate(gojsonschema.NewStringLoader(c.doc))
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, c.doc)
		}
		if res.Valid() != c.valid {
			t.Errorf("%s: valid %v, want %v: %v", c.name, res.Valid(), c.valid, res.Errors())
		}
	}
}

func fmtDoc(finding, extra string) string {
	return `{"version": "0.1.0", "findings": [` + strings.Replace(finding, "%s", extra, 1) + `], "problems": [], "files": 1}`
}

// TestJSONFormatDocumented: every field of the schema is described in
// docs/json-format.md, and the page links the schema.
func TestJSONFormatDocumented(t *testing.T) {
	doc := string(readRepoFile(t, "docs/json-format.md"))
	var schema struct {
		Properties  map[string]json.RawMessage
		Definitions map[string]struct {
			Properties map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(readRepoFile(t, "docs/json-format.schema.json"), &schema); err != nil {
		t.Fatal(err)
	}
	var fields []string
	for k := range schema.Properties {
		fields = append(fields, k)
	}
	for _, d := range schema.Definitions {
		for k := range d.Properties {
			fields = append(fields, k)
		}
	}
	slices.Sort(fields)
	for _, f := range slices.Compact(fields) {
		if !strings.Contains(doc, "`"+f+"`") {
			t.Errorf("docs/json-format.md does not describe `%s`", f)
		}
	}
	if !strings.Contains(doc, "(json-format.schema.json)") {
		t.Error("docs/json-format.md does not link json-format.schema.json")
	}
	if _, err := os.Stat(filepath.Join("..", "..", "docs", "json-format.schema.json")); err != nil {
		t.Error(err)
	}
}
