package terraform

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// diagLines renders the diagnostics of a load, one per line.
func diagLines(fsys fstest.MapFS, opts Options) string {
	g := Load(fsys, []string{"."}, opts)
	var out []string
	for _, d := range g.Diagnostics {
		out = append(out, fmt.Sprintf("%d %s: %s: %s", d.Severity, rangeStr(d.Range), d.Summary, d.Detail))
	}
	return strings.Join(out, "\n")
}

// moduleChain is a root module calling m1, which calls m2, ... to mn.
func moduleChain(n int) fstest.MapFS {
	fsys := fstest.MapFS{"main.tf": {Data: []byte("module \"m1\" {\n  source = \"./m1\"\n}\n")}}
	dir := "m1"
	for i := 2; i <= n; i++ {
		fsys[dir+"/main.tf"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("module \"m%d\" {\n  source = \"./m%d\"\n}\n", i, i))}
		dir += fmt.Sprintf("/m%d", i)
	}
	fsys[dir+"/main.tf"] = &fstest.MapFile{Data: []byte("resource \"aws_s3_bucket\" \"b\" {}\n")}
	return fsys
}

// Every bound of the loader, met by an input just over it: the load ends
// with the diagnostic, and what is within bounds is still loaded.
func TestBounds(t *testing.T) {
	bucket := func(attrs string) []byte {
		return []byte("resource \"aws_s3_bucket\" \"b\" {\n" + attrs + "}\n")
	}
	cases := []struct {
		name string
		fsys fstest.MapFS
		opts Options
		want string
	}{
		{"count over 10000", fstest.MapFS{"main.tf": {Data: bucket("  count = 10001\n")}}, Options{},
			"1 main.tf:2:11-2:16: Invalid count: count must be a whole number from 0 to 10000"},
		{"module depth over 20", moduleChain(22), Options{},
			"0 m1/m2/m3/m4/m5/m6/m7/m8/m9/m10/m11/m12/m13/m14/m15/m16/m17/m18/m19/m20/main.tf:1:1-1:13: Module recursion: " +
				"module.m21 calls m1/m2/m3/m4/m5/m6/m7/m8/m9/m10/m11/m12/m13/m14/m15/m16/m17/m18/m19/m20/m21, which is already being evaluated or nests more than 20 deep"},
		{"module cycle", fstest.MapFS{
			"main.tf":   {Data: []byte("module \"a\" {\n  source = \"./a\"\n}\n")},
			"a/main.tf": {Data: []byte("module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_cloudtrail\" \"t\" {}\n")},
			"b/main.tf": {Data: []byte("module \"a\" {\n  source = \"../a\"\n}\n")},
		}, Options{},
			"0 b/main.tf:1:1-1:11: Module recursion: module.a calls a, which is already being evaluated or nests more than 20 deep"},
		{"file() over MaxFileSize", fstest.MapFS{"main.tf": {Data: bucket("  bucket = file(\"big.txt\")\n")}, "big.txt": {Data: []byte(strings.Repeat("x", 2000))}},
			Options{MaxFileSize: 1000},
			"1 main.tf:2:12-2:17: Error in function call: Call to function \"file\" failed: file \"big.txt\" is over the size limit."},
		{"range() over 1024 values", fstest.MapFS{"main.tf": {Data: bucket("  for_each = toset([for i in range(2000) : tostring(i)])\n")}}, Options{},
			"2 main.tf:1:1-1:29: for_each of aws_s3_bucket.b is unknown: evaluated as one instance whose for_each values are unknown\n" +
				"1 main.tf:2:30-2:36: Error in function call: Call to function \"range\" failed: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := diagLines(c.fsys, c.opts); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// templatefile() cannot call itself, nor be called from any template, as in
// Terraform: a template is never rendered from inside another.
func TestTemplateNestingBound(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = templatefile(\"t.tpl\", {})\n}\n")},
		"t.tpl":   {Data: []byte("${templatefile(\"t.tpl\", {})}")},
	}
	got := diagLines(fsys, Options{})
	want := "1 main.tf:2:12-2:25: Error in function call: Call to function \"templatefile\" failed: t.tpl:1,3-16: Error in function call; " +
		"Call to function \"templatefile\" failed: cannot recursively call templatefile from inside another template function.."
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Bounds the loader does not have yet. Each test holds the input that
// exceeds the bound and the diagnostic it should give.
func TestExpansionBounds(t *testing.T) {
	cases := []struct {
		name, why string
		fsys      fstest.MapFS
		want      string
	}{
		{"for_each over 10000 keys",
			"for_each has no instance limit, unlike count; a set built with nested for expressions reaches any size",
			fstest.MapFS{"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  for_each = toset(flatten([for i in range(1000) : [for j in range(11) : \"${i}-${j}\"]]))\n  bucket = each.key\n}\n")}},
			"1 main.tf:2:14-2:89: Invalid for_each: for_each must have at most 10000 elements"},
		{"instances over a total budget",
			"count is bounded per block only: module count 10000 x module count 10000 x resource count 10000 is 10^12 instances",
			fstest.MapFS{
				"main.tf":   {Data: []byte("module \"a\" {\n  source = \"./a\"\n  count  = 10000\n}\n")},
				"a/main.tf": {Data: []byte("module \"b\" {\n  source = \"../b\"\n  count  = 10000\n}\n")},
				"b/main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  count  = 10000\n  bucket = \"x\"\n}\n")},
			},
			"0 b/main.tf:1:1-1:29: Evaluation budget exceeded: module.a[0].module.b[1].aws_s3_bucket.b: the root or template expands to over 20000 instances, counting every module and nested stack; the instances past it are not analysed"},
		{"templatefile() output over the size limit",
			"templatefile() renders without a size limit: 1000 x 1000 copies of a 10 kB string is 10 GB",
			fstest.MapFS{
				"main.tf": {Data: []byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = templatefile(\"t.tpl\", {x = join(\"\", [for i in range(1000) : \"xxxxxxxxxx\"])})\n}\n")},
				"t.tpl":   {Data: []byte("%{ for i in range(1000) }%{ for j in range(1000) }${x}%{ endfor }%{ endfor }")},
			},
			"1 main.tf:2:12-2:25: Error in function call: Call to function \"templatefile\" failed: the rendered template would be over 1048576 bytes."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := diagLines(c.fsys, Options{}); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestUndeclaredReferences checks that references to names the module does
// not declare are worded as Terraform words them, naming what is missing.
func TestUndeclaredReferences(t *testing.T) {
	fsys := fstest.MapFS{"main.tf": {Data: []byte(`variable "settings" {
  type    = object({ a = string })
  default = { a = "x" }
}
resource "aws_s3_bucket" "b" {
  bucket = var.nope
}
resource "aws_cloudtrail" "t" {
  name           = local.missing
  s3_bucket_name = data.aws_s3_bucket.gone.id
  kms_key_id     = aws_kms_key.missing.arn
}
resource "aws_s3_bucket" "c" {
  bucket = var.settings.b
}
`)}}
	got := diagLines(fsys, Options{})
	want := strings.Join([]string{
		`1 main.tf:6:12-6:20: Reference to undeclared input variable: An input variable with the name "nope" has not been declared. Declare it with a variable "nope" block.`,
		`1 main.tf:9:20-9:33: Reference to undeclared local value: A local value with the name "missing" has not been declared.`,
		`1 main.tf:10:20-10:46: Reference to undeclared resource: A data resource "aws_s3_bucket" "gone" has not been declared in this module.`,
		`1 main.tf:11:20-11:43: Reference to undeclared resource: A managed resource "aws_kms_key" "missing" has not been declared in this module.`,
		`1 main.tf:14:24-14:26: Unsupported attribute: This object does not have an attribute named "b".`,
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
