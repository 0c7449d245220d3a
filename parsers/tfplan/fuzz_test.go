package tfplan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// fuzzLimits keep each input's work small: the fuzzer looks for crashes,
// wrong positions and growth the budget does not bound.
var fuzzLimits = budget.Limits{ValueBytes: 1 << 16, Elements: 10_000, Steps: 20_000, UnitBytes: 1 << 22, Instances: 200}

// fuzzSeeds are the fixtures, on many lines and on one, cut short, and
// inputs built to grow or to loop: references chained through nested
// modules, expressions with many references, a module output that feeds
// its own input, deep values and escaped policy text.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, name := range []string{"registry.json", "edges.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, data, compact.Bytes(), data[:len(data)/2], compact.Bytes()[:len(data)/3])
	}
	seeds = append(seeds, []byte(refsPlan), []byte("\ufeff"+refsPlan), []byte(""), []byte("{}"), []byte(`{"format_version":"1.2"}`))

	// A chain of modules, each passing var.k down and its output up.
	var chain strings.Builder
	chain.WriteString(`{"format_version":"1.2","resource_changes":[{"address":"aws_kms_key.k","change":{"actions":["create"],"after":{},"after_unknown":{"arn":true}}},`)
	mod := ""
	for i := range 40 {
		mod += fmt.Sprintf("module.m%d.", i)
	}
	fmt.Fprintf(&chain, `{"address":"%saws_cloudtrail.t","change":{"actions":["create"],"after":{},"after_unknown":{"kms_key_id":true}}}],`, mod)
	chain.WriteString(`"configuration":{"root_module":{"resources":[{"address":"aws_kms_key.k","mode":"managed","type":"aws_kms_key","name":"k"}],`)
	for i := range 40 {
		ref := "var.k"
		if i == 0 {
			ref = "aws_kms_key.k.arn"
		}
		fmt.Fprintf(&chain, `"module_calls":{"m%d":{"source":"./m","expressions":{"k":{"references":["%s"]}},"module":{`, i, ref)
	}
	chain.WriteString(`"resources":[{"address":"aws_cloudtrail.t","mode":"managed","type":"aws_cloudtrail","name":"t","expressions":{"kms_key_id":{"references":["var.k"]}}}]`)
	chain.WriteString(strings.Repeat("}}}", 40) + "}}}")
	seeds = append(seeds, []byte(chain.String()))

	// Many references in one expression, to many instances.
	var many strings.Builder
	many.WriteString(`{"format_version":"1.2","resource_changes":[`)
	for i := range 50 {
		fmt.Fprintf(&many, `{"address":"aws_kms_key.k[%d]","index":%d,"change":{"actions":["create"],"after":{}}},`, i, i)
	}
	many.WriteString(`{"address":"aws_cloudtrail.t","change":{"actions":["create"],"after":{"kms_key_id":null}}}],`)
	many.WriteString(`"configuration":{"root_module":{"resources":[{"address":"aws_cloudtrail.t","mode":"managed","type":"aws_cloudtrail","name":"t","expressions":{"kms_key_id":{"references":[`)
	for i := range 200 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `"aws_kms_key.k[%d].arn","aws_kms_key.k"`, i%60)
	}
	many.WriteString(`]}}}]}}}`)
	seeds = append(seeds, []byte(many.String()))

	seeds = append(seeds, []byte(`{"format_version":"1.2","variables":{"v":{"value":`+strings.Repeat("[", 250)+strings.Repeat("]", 250)+`}}}`))
	seeds = append(seeds, []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_kms_key.k","values":{"policy":"{\"Statement\":[{\"Sid\":\"\\u00e9\\ud83d\\ude00\",\"Effect\":\"Allow\"}],\"Id\":\"\\\"\"}"}}]}}}`))
	seeds = append(seeds, []byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b","change":{"actions":["update"],"after":{"server_side_encryption_configuration":[{"rule":[null]}]},"after_unknown":{"server_side_encryption_configuration":[{"rule":[true]}]},"after_sensitive":true}}]}`))
	return seeds
}

// lineCol computes a byte offset's position independently of the parser:
// lines split at \n, columns in code points, a leading byte-order mark not
// counted.
func lineCol(data []byte, off int) (int, int) {
	start := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) && off >= 3 {
		start = 3
	}
	head := data[start:off]
	line := 1 + bytes.Count(head, []byte("\n"))
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[i+1:]
	}
	return line, utf8.RuneCount(head) + 1
}

func FuzzParsePlan(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Parse(data, "p.json", Options{Budget: budget.New(fuzzLimits), Region: "eu-west-1"})
		checked := 0
		checkPos := func(what string, pos graph.Pos) {
			if pos.Byte < 0 || pos.Byte > len(data) {
				t.Fatalf("%s: byte %d outside the input of %d bytes", what, pos.Byte, len(data))
			}
			if checked > 300 {
				return
			}
			checked++
			if l, c := lineCol(data, pos.Byte); l != pos.Line || c != pos.Column {
				t.Fatalf("%s: %d:%d at byte %d, where the text puts %d:%d", what, pos.Line, pos.Column, pos.Byte, l, c)
			}
		}
		checkRange := func(what string, r graph.Range) {
			if r.IsZero() {
				return
			}
			if r.File != "p.json" {
				t.Fatalf("%s: range in %q", what, r.File)
			}
			checkPos(what, r.Start)
			checkPos(what, r.End)
			if r.End.Byte < r.Start.Byte {
				t.Fatalf("%s: range ends before it starts: %+v", what, r)
			}
		}
		for _, d := range p.Diagnostics {
			// A plan's problems are the file's, the budget's, or a summary
			// of what is left out; the plan computes nothing that could fail.
			switch d.Class {
			case graph.ClassFile, graph.ClassBudget, graph.ClassInput:
			default:
				t.Fatalf("diagnostic of class %d, which a plan does not make: %+v", d.Class, d)
			}
			if d.Range.File != "p.json" || d.Range.Start.Line < 1 || d.Range.Start.Column < 1 {
				t.Fatalf("diagnostic without a position: %+v", d)
			}
		}
		var walk func(what string, v *Value)
		walk = func(what string, v *Value) {
			if v == nil {
				return
			}
			checkRange(what, v.Range)
			for _, e := range v.Elems {
				walk(what, e)
			}
			for _, fl := range v.Fields {
				checkRange(what+"."+fl.Name, fl.NameRange)
				walk(what+"."+fl.Name, fl.Value)
			}
			walk(what+" doc", v.Doc)
		}
		for _, a := range p.Addresses() {
			in := p.Instances[a]
			checkRange(a, in.Range)
			if in.Range.Start.Byte >= len(data) || data[in.Range.Start.Byte] != '"' {
				t.Fatalf("%s: address range %+v is not a string", a, in.Range)
			}
			walk(a, in.Values)
			_ = in.Values.Cty(nil)
		}
		for _, v := range p.Variables {
			walk("var."+v.Name, v.Value)
			_ = v.Value.Cty(nil)
		}
		for _, r := range p.Resources() {
			if r.ID == "" || r.Props == nil || r.Region == nil || r.Account == nil || r.Partition == nil {
				t.Fatalf("resource %+v", r)
			}
			checkRange(r.ID, r.Header)
			for _, at := range r.Props {
				checkRange(r.ID+" "+at.Name, at.Range)
				at.Value.Walk(func(v *graph.Value) { checkRange(r.ID+" "+at.Name, v.Range) })
			}
		}
	})
}
