package scan

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// secret is the text of every file outside the scan root: it must never
// reach the graph.
const secret = "s3cr3t-from-0utside"

// outsideFiles are written beside the scan root, each using the secret the
// way the file would bring it in if it were read.
var outsideFiles = map[string]string{
	"secret.txt":     secret,
	"secret.tpl":     secret,
	"mod/main.tf":    "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"" + secret + "\"\n}\n",
	"vars.tfvars":    "name = \"" + secret + "\"\n",
	"params.json":    `[{"ParameterKey": "Name", "ParameterValue": "` + secret + `"}]`,
	"child.yaml":     "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + secret + "\n",
	"outside.tf":     "resource \"aws_s3_bucket\" \"o\" {\n  bucket = \"" + secret + "\"\n}\n",
	"outside.yaml":   "Resources:\n  O:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + secret + "\n",
	"dir/main.tf":    "resource \"aws_s3_bucket\" \"d\" {\n  bucket = \"" + secret + "\"\n}\n",
	"dir/stack.yaml": "Resources:\n  D:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + secret + "\n",
}

// bucketTF is a module whose bucket name is expr.
func bucketTF(expr string) string {
	return "variable \"name\" {\n  default = \"x\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = " + expr + "\n}\n"
}

// paramYAML is a template whose bucket name is the Name parameter.
const paramYAML = "Parameters:\n  Name:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n"

// nestedYAML nests the template at url.
func nestedYAML(url string) string {
	return "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: " + url + "\n"
}

// Nothing outside the scan root is read: relative paths that climb out,
// absolute paths and links that point out all end in a diagnostic or an
// unknown value, never the outside file's text. A control case reads the
// same text from inside the root, to show the check would see it.
func TestContainment(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string // inside the root; OUT is the outside dir
		links   map[string]string // link in the root -> target (OUT allowed)
		opts    Options
		want    string // the diagnostics, one per line
		control bool   // the secret is inside the root and must be read
	}{
		{name: "control: file() inside the root", files: map[string]string{"tf/main.tf": bucketTF(`file("in.txt")`), "tf/in.txt": secret},
			control: true},
		{name: "file() with ../", files: map[string]string{"tf/main.tf": bucketTF(`file("../../outside/secret.txt")`)},
			want: "diag 1 tf/main.tf:5:12 Error in function call: Call to function \"file\" failed: path \"../../outside/secret.txt\" is outside the repository."},
		{name: "file() with an absolute path", files: map[string]string{"tf/main.tf": bucketTF(`file("OUT/secret.txt")`)},
			want: "diag 1 tf/main.tf:5:12 Error in function call: Call to function \"file\" failed: absolute path \"OUT/secret.txt\" is outside the repository."},
		{name: "file() through a link", files: map[string]string{"tf/main.tf": bucketTF(`file("link.txt")`)}, links: map[string]string{"tf/link.txt": "OUT/secret.txt"},
			want: "diag 1 tf/main.tf:5:12 Error in function call: Call to function \"file\" failed: cannot read \"link.txt\": it leads outside the repository or is unreadable."},
		{name: "templatefile() with ../", files: map[string]string{"tf/main.tf": bucketTF(`templatefile("../../outside/secret.tpl", {})`)},
			want: "diag 1 tf/main.tf:5:12 Error in function call: Call to function \"templatefile\" failed: path \"../../outside/secret.tpl\" is outside the repository."},
		{name: "templatefile() through a link", files: map[string]string{"tf/main.tf": bucketTF(`templatefile("t.tpl", {})`)}, links: map[string]string{"tf/t.tpl": "OUT/secret.tpl"},
			want: "diag 1 tf/main.tf:5:12 Error in function call: Call to function \"templatefile\" failed: cannot read \"t.tpl\": it leads outside the repository or is unreadable."},
		{name: "module source with ../", files: map[string]string{"tf/main.tf": moduleTF("../../outside/mod")},
			want: "diag 2 tf/main.tf:1:1 Module not analysed: module.m (source \"../../outside/mod\") is outside the repository"},
		{name: "module source through a link", files: map[string]string{"tf/main.tf": moduleTF("./mod")}, links: map[string]string{"tf/mod": "OUT/mod"},
			want: "diag 2 tf/main.tf:1:1 Module not analysed: module.m (source \"./mod\") cannot be read: it leads outside the repository or is unreadable"},
		{name: "--var-file with ../", files: map[string]string{"tf/main.tf": bucketTF("var.name")},
			opts: Options{VarFiles: []string{"../outside/vars.tfvars"}}, want: "diag 0 ../outside/vars.tfvars:1:1 Cannot read ../outside/vars.tfvars: stat ../outside/vars.tfvars: invalid argument"},
		{name: "--var-file through a link", files: map[string]string{"tf/main.tf": bucketTF("var.name")}, links: map[string]string{"vars.tfvars": "OUT/vars.tfvars"},
			opts: Options{VarFiles: []string{"vars.tfvars"}}, want: "diag 0 vars.tfvars:1:1 Cannot read vars.tfvars: statat vars.tfvars: path escapes from parent"},
		{name: "--parameter-file with ../", files: map[string]string{"p.yaml": paramYAML},
			opts: Options{ParameterFiles: []string{"../outside/params.json"}}, want: "diag 0 ../outside/params.json:1:1 parameter file ../outside/params.json cannot be read: the path is outside the scanned directory"},
		{name: "--parameter-file through a link", files: map[string]string{"p.yaml": paramYAML}, links: map[string]string{"params.json": "OUT/params.json"},
			opts: Options{ParameterFiles: []string{"params.json"}}, want: "diag 1 params.json:0:0 cannot read params.json: path escapes from parent\n" +
				"diag 0 params.json:1:1 parameter file params.json cannot be read: path escapes from parent"},
		{name: "TemplateURL with ../", files: map[string]string{"parent.yaml": nestedYAML("../outside/child.yaml")},
			want: "diag 0 parent.yaml:5:20 nested stack TemplateURL ../outside/child.yaml leaves the scanned directory: only templates within the scanned directory are followed"},
		{name: "TemplateURL with an absolute path", files: map[string]string{"parent.yaml": nestedYAML("OUT/child.yaml")},
			want: "diag 0 parent.yaml:5:20 nested stack TemplateURL OUT/child.yaml is an absolute path: only paths relative to the parent template are followed"},
		{name: "TemplateURL through a link", files: map[string]string{"parent.yaml": nestedYAML("child.yaml")}, links: map[string]string{"child.yaml": "OUT/child.yaml"},
			want: "diag 1 child.yaml:0:0 cannot read child.yaml: path escapes from parent"},
		{name: "linked files and directories in the tree", links: map[string]string{"o.tf": "OUT/outside.tf", "o.yaml": "OUT/outside.yaml", "dir": "OUT/dir"},
			want: "diag 0 o.tf:1:1 Cannot read o.tf: statat o.tf: path escapes from parent\n" +
				"diag 1 o.yaml:0:0 cannot read o.yaml: path escapes from parent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			root, out := filepath.Join(base, "root"), filepath.Join(base, "outside")
			writeTree(t, out, outsideFiles)
			files := map[string]string{}
			for k, v := range c.files {
				files[k] = strings.ReplaceAll(v, "OUT", filepath.ToSlash(out))
			}
			files["good.yaml"] = goodYAML
			writeTree(t, root, files)
			for link, target := range c.links {
				symlink(t, strings.Replace(target, "OUT", out, 1), filepath.Join(root, filepath.FromSlash(link)))
			}
			g := run(t, root, c.opts)
			if leaked(t, g) != c.control {
				t.Errorf("secret read: %v, want %v\n%s", !c.control, c.control, summary(g))
			}
			if g.Lookup("good.yaml:Logs") == nil {
				t.Errorf("the template beside was not loaded:\n%s", summary(g))
			}
			var diags []string
			for _, line := range strings.Split(summary(g), "\n") {
				if strings.HasPrefix(line, "diag") {
					diags = append(diags, strings.ReplaceAll(line, filepath.ToSlash(out), "OUT"))
				}
			}
			if got := strings.Join(diags, "\n"); got != c.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// leaked reports whether the secret is anywhere in the graph: values,
// diagnostics, ignores, file names or kept sources.
func leaked(t *testing.T, g *graph.Graph) bool {
	t.Helper()
	b, err := json.Marshal(struct {
		R []*graph.Resource
		D []graph.Diagnostic
		I []graph.Ignore
		F []string
	}{g.Resources, g.Diagnostics, g.Ignores, g.Files})
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, []byte(secret))
}

// moduleTF calls a module at source whose output a trail reads, so that
// the call is evaluated.
func moduleTF(source string) string {
	return "module \"m\" {\n  source = \"" + source + "\"\n}\n" +
		"resource \"aws_cloudtrail\" \"t\" {\n  name = \"t\"\n  s3_bucket_name = \"b\"\n  kms_key_id = module.m.key\n}\n"
}
