package terraform

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
)

// TestRootsOfScan checks how dirs of one scan become roots: a dir another dir
// calls is evaluated only through its caller, a module two roots share
// reports its problems once, and dirs that only call each other are still
// read for their syntax errors.
func TestRootsOfScan(t *testing.T) {
	const trail = `resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
}
`
	fsys := fstest.MapFS{
		"a/main.tf":      {Data: []byte("module \"m\" {\n  source = \"./m\"\n}\n")},
		"a/m/main.tf":    {Data: []byte(trail)},
		"r1/main.tf":     {Data: []byte("module \"s\" {\n  source = \"../shared\"\n}\n")},
		"r2/main.tf":     {Data: []byte("module \"s\" {\n  source = \"../shared\"\n}\n")},
		"shared/main.tf": {Data: []byte(trail + "# trailint:ignore TL001 tested\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = 1 +\n}\n")},
		"c1/main.tf":     {Data: []byte("module \"c\" {\n  source = \"../c2\"\n}\n")},
		"c2/main.tf":     {Data: []byte("module \"c\" {\n  source = \"../c1\"\n}\nresource \"x\" {\n")},
		"z/main.tf":      {Data: []byte(trail)},
	}
	g := Load(fsys, []string{"z", "shared", "r2", "r1", "c2", "c1", "a/m", "a", "a"}, Options{})
	var ids []string
	for _, r := range g.OfKind("trail") {
		ids = append(ids, r.ID)
	}
	want := []string{"a:module.m.aws_cloudtrail.t", "r1:module.s.aws_cloudtrail.t", "r2:module.s.aws_cloudtrail.t", "z:aws_cloudtrail.t"}
	if !reflect.DeepEqual(sorted(ids), want) {
		t.Errorf("trails %v, want %v", sorted(ids), want)
	}
	var diags []string
	for _, d := range g.Diagnostics {
		diags = append(diags, rangeStr(d.Range)+" "+d.Summary)
	}
	wantDiags := []string{
		"c2/main.tf:4:14-4:15 Missing name for resource",
		"c2/main.tf:4:14-4:15 Unclosed configuration block",
		"shared/main.tf:7:15-8:1 Invalid expression",
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(wantDiags, "\n"))
	}
	if len(g.Ignores) != 1 || g.Ignores[0].At.File != "shared/main.tf" {
		t.Errorf("ignores %+v, want the one of shared/main.tf", g.Ignores)
	}
	wantFiles := []string{"a/m/main.tf", "a/main.tf", "c1/main.tf", "c2/main.tf", "r1/main.tf", "r2/main.tf", "shared/main.tf", "z/main.tf"}
	if !reflect.DeepEqual(g.Files, wantFiles) {
		t.Errorf("files %v, want %v", g.Files, wantFiles)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

// TestSharedModuleParsedTwiceAtMost checks that a module many roots call is
// parsed by the first two, not by each, whatever the number of cores, and that the roots that take its
// tree from the others give what parsing it themselves gives: resources,
// diagnostics, ignores and files.
func TestSharedModuleParsedTwiceAtMost(t *testing.T) {
	fsys := fstest.MapFS{
		"modules/trail/main.tf": {Data: []byte(`variable "key" {}
# trailint:ignore TL013 shared
resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = var.key
  tags           = { broken = 1 + }
}
resource "aws_cloudtrail" "u" {
  name           = "u"
  s3_bucket_name = "b"
  kms_key_id     = var.key == "" ? null : var.key
}
`)},
	}
	dirs := []string{"modules/trail"}
	for i := range 12 {
		root := fmt.Sprintf("r%02d", i)
		fsys[root+"/main.tf"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("module \"t\" {\n  source = \"../modules/trail\"\n  key    = \"arn:aws:kms:us-east-1:111122223333:key/%d\"\n}\n", i))}
		dirs = append(dirs, root)
	}
	var mu sync.Mutex
	parses := map[string]int{}
	parseHook = func(name string) {
		mu.Lock()
		defer mu.Unlock()
		parses[name]++
	}
	defer func() { parseHook = func(string) {} }()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var shared string
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		clear(parses)
		shared = dump(Load(fsys, dirs, Options{}))
		if n := parses["modules/trail/main.tf"]; n < 1 || n > 2 {
			t.Errorf("GOMAXPROCS %d: the shared module was parsed %d times, want once or twice", procs, n)
		}
	}

	// Each root alone, with no tree to share.
	var alone []*graph.Graph
	for _, d := range dirs[1:] {
		alone = append(alone, Load(fsys, []string{d, "modules/trail"}, Options{}))
	}
	if want := dump(graph.MergeAll(alone)); shared != want {
		t.Errorf("with shared trees:\n%s\neach root alone:\n%s", shared, want)
	}
	if !strings.Contains(shared, "r11:module.t.aws_cloudtrail.u") || !strings.Contains(shared, "Invalid expression") {
		t.Errorf("the dump misses what it should compare:\n%s", shared)
	}
}

func TestMayCall(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"main.tf", "module \"m\" {\n  source = \"./m\"\n}\n", true},
		{"main.tf", "  module   \"m\" {}\n", true},
		{"main.tf", "\tmodule m {}\n", true},
		{"main.tf", "\ufeffmodule \"m\" {}\n", true},
		{"main.tf", "module ᛮm {\n  source = \"./m\"\n}\n", true},
		{"main.tf", "module = 1\n", false},
		{"main.tf", "locals {\n  dir = path.module\n}\n", false},
		{"main.tf", "# the module below\nresource \"x\" \"y\" {}\n", false},
		{"main.tf", "/* note */ module \"m\" {}\n", true},
		{"main.tf", "resource \"x\" \"y\" {}\n", false},
		{"main.tf.json", `{"module": {"m": {"source": "./m"}}}`, true},
		{"main.tf.json", `{"locals": {"dir": "${path.module}"}}`, false},
	} {
		if got := mayCall(c.name, []byte(c.src)); got != c.want {
			t.Errorf("mayCall(%s, %q) = %v, want %v", c.name, c.src, got, c.want)
		}
	}
	// Whatever mayCall says no to, hcl finds no module block in.
	for _, src := range []string{"locals {\n  dir = path.module\n}\n", "# module \"m\" {}\nresource \"x\" \"y\" {}\n"} {
		f, _ := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
		content, _, _ := f.Body.PartialContent(topSchema)
		for _, b := range content.Blocks {
			if b.Type == "module" {
				t.Errorf("%q holds a module block", src)
			}
		}
		if mayCall("main.tf", []byte(src)) {
			t.Errorf("mayCall(%q) = true, want false", src)
		}
	}
}

// TestUndeclaredVars checks that a --var to check that no root module
// declares is reported once, one that some root declares is not, even if
// others do not, and one not to check (a settings file's) is not.
func TestUndeclaredVars(t *testing.T) {
	fsys := fstest.MapFS{
		"a/main.tf": {Data: []byte("variable \"env\" {}\n")},
		"b/main.tf": {Data: []byte("variable \"owner\" {}\n")},
		// A module's variable is not a root's: --var does not reach it.
		"a/m/main.tf": {Data: []byte("variable \"region\" {}\n")},
		"c/main.tf":   {Data: []byte("module \"m\" {\n  source = \"../a/m\"\n  region = \"x\"\n}\n")},
	}
	vars := map[string]string{"env": "prod", "owner": "me", "stage": "prod", "region": "x", "unchecked": "x"}
	g := Load(fsys, []string{"a", "a/m", "b", "c"}, Options{Vars: vars, CheckVars: []string{"env", "owner", "region", "stage"}})
	var got []string
	for _, d := range g.Diagnostics {
		got = append(got, d.Summary)
	}
	want := []string{
		`--var region: no root module of the scan declares a variable "region"`,
		`--var stage: no root module of the scan declares a variable "stage"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUnsupportedTopLevel checks that an argument, or a block that belongs
// inside another, at the top of a file is an error, as Terraform makes it (a
// statement block pasted outside its policy document), while a block type
// newer Terraform versions may add is left alone and the file's other blocks
// are still read.
func TestUnsupportedTopLevel(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf": {Data: []byte("statement {\n  sid = \"x\"\n}\nfoo = 1\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n" +
			"action \"aws_lambda_invoke\" \"x\" {\n}\n")},
		"x.tf.json": {Data: []byte(`{"//": "a comment", "resource": {"aws_s3_bucket": {"c": {"bucket": "c"}}}}`)},
	}
	g := Load(fsys, []string{"."}, Options{})
	var got []string
	for _, d := range g.Diagnostics {
		got = append(got, rangeStr(d.Range)+" "+d.Summary)
	}
	want := []string{
		"main.tf:1:1-1:10 Unsupported block type",
		"main.tf:4:1-4:4 Unsupported argument",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(g.Resources) != 2 {
		t.Errorf("%d resources, want the two buckets", len(g.Resources))
	}
}

// TestUnknownFunctionSuggestion checks that the name suggested for an
// unknown function is the closest, the first in name order among equals,
// whatever the order of the function table.
func TestUnknownFunctionSuggestion(t *testing.T) {
	fsys := fstest.MapFS{"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"a\" {\n  bucket = jsoneqcode({})\n}\n" +
		"resource \"aws_s3_bucket\" \"b\" {\n  bucket = lenxth([])\n}\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = nosuchfunction(1)\n}\n")}}
	want := []string{
		`There is no function named "jsoneqcode". Did you mean "jsonencode"?`,
		`There is no function named "lenxth". Did you mean "length"?`,
		`There is no function named "nosuchfunction".`,
	}
	for range 20 {
		g := Load(fsys, []string{"."}, Options{})
		var got []string
		for _, d := range g.Diagnostics {
			got = append(got, d.Detail)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("details:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestPolicyForms checks the syntax recorded for each way of writing a key
// policy, which fixes are written in, and the data sources a fix may name:
// those of the default provider configuration only.
func TestPolicyForms(t *testing.T) {
	fsys := fstest.MapFS{
		"p.json": {Data: []byte(`{"Version":"2012-10-17","Statement":[]}`)},
		"main.tf": {Data: []byte(`data "aws_caller_identity" "audit" {
  provider = aws.audit
}
data "aws_region" "here" {}
data "aws_iam_policy_document" "d" {}
locals {
  p = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_kms_key" "encode" { policy = local.p }
resource "aws_kms_key" "doc" { policy = data.aws_iam_policy_document.d.json }
resource "aws_kms_key" "file" { policy = file("p.json") }
resource "aws_kms_key" "template" { policy = templatefile("p.json", {}) }
resource "aws_kms_key" "vars" {
  policy = templatefile("${path.module}/p.json", { name = "audit", account_id = data.aws_caller_identity.audit.account_id })
}
variable "unknown" {}
resource "aws_kms_key" "unknown" { policy = templatefile("p.json", var.unknown) }
resource "aws_kms_key" "heredoc" {
  policy = <<EOT
{"Version":"2012-10-17","Statement":[]}
EOT
}
`)},
	}
	g := Load(fsys, []string{"."}, Options{})
	want := map[string]graph.Form{"encode": graph.FormJSONEncode, "doc": graph.FormPolicyDocument,
		"file": graph.FormJSONFile, "template": graph.FormTemplateFile, "vars": graph.FormTemplateFile,
		"unknown": graph.FormJSONFile, "heredoc": graph.FormJSON}
	// A template's variables are what its fix names values by: each with
	// its value, holes and all.
	wantVars := map[string]string{"template": "p.json", "vars": `p.json account_id="${account of provider aws}" name="audit"`}
	for _, r := range g.OfKind(graph.KindKey) {
		name := r.Address[strings.LastIndexByte(r.Address, '.')+1:]
		a := r.Prop(graph.PropPolicy)
		if got := a.Form; got != want[name] {
			t.Errorf("%s: form %d, want %d", r.Address, got, want[name])
		}
		got := ""
		if tm := a.Template; tm != nil {
			got = tm.File
			for _, v := range tm.Vars {
				got += " " + v.Name + "=" + strconv.Quote(graph.Display(v.Value.Str))
			}
		}
		if got != wantVars[name] {
			t.Errorf("%s: template %q, want %q", r.Address, got, wantVars[name])
		}
		if want := map[string]string{"aws_region": "here", "aws_caller_identity@aws.audit": "audit"}; !reflect.DeepEqual(r.Data, want) {
			t.Errorf("%s: data sources %v, want %v", r.Address, r.Data, want)
		}
	}
	if len(g.OfKind(graph.KindKey)) != len(want) {
		t.Errorf("%d keys", len(g.OfKind(graph.KindKey)))
	}
}
