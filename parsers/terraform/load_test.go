package terraform

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// TestGolden loads each fixture and compares the whole graph, rendered one
// fact per line, with its golden file.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		opts    Options
	}{
		{"basic", Options{}},
		{"modules", Options{}},
		{"tfvars", Options{}},
		{"errors", Options{}},
		{"policy", Options{Region: "eu-north-1"}},
		{"policy", Options{}},
		{"cli", Options{Vars: map[string]string{"tags": `{a = "b"}`, "key": "arn:aws:kms:eu-west-1:111122223333:key/cli"}, VarFiles: []string{"extra.tfvars"}}},
	} {
		name := tc.fixture
		if tc.opts.Region != "" {
			name += "-region"
		}
		t.Run(name, func(t *testing.T) {
			g := Load(os.DirFS(filepath.Join("testdata", tc.fixture)), []string{"."}, tc.opts)
			got := dump(g)
			file := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("graph differs from %s:\n%s", file, diffLines(string(want), got))
			}
		})
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

func load(t *testing.T, fixture string, opts Options) *graph.Graph {
	t.Helper()
	return Load(os.DirFS(filepath.Join("testdata", fixture)), []string{"."}, opts)
}

func prop(t *testing.T, g *graph.Graph, id string, p graph.Prop) *graph.Attr {
	t.Helper()
	r := g.Lookup(id)
	if r == nil {
		t.Fatalf("no resource %s", id)
	}
	return r.Prop(p)
}

// TestKeyResolution pins the cases peers get wrong.
func TestKeyResolution(t *testing.T) {
	mods := load(t, "modules", Options{})
	tv := load(t, "tfvars", Options{})
	basic := load(t, "basic", Options{})
	for _, tc := range []struct {
		name  string
		g     *graph.Graph
		id    string
		prop  graph.Prop
		value string
		at    string
		refs  string
	}{
		{"module input fed one() of a zero-count key is null", mods, ".:module.nokey.aws_cloudtrail.this", graph.PropKMSKey,
			"null", "modules/trail/main.tf:13:20-13:66", ""},
		{"empty default behind != \"\" is null", mods, ".:module.defaulted.aws_cloudtrail.this", graph.PropKMSKey,
			"null", "modules/trail/main.tf:13:20-13:66", ""},
		{"aliased provider passed to a module", mods, `.:module.west["b"].aws_cloudtrail.this`, graph.PropKMSKey,
			`"arn:aws:kms:us-west-2:${account of provider aws}:key/${aws_kms_key.west.key_id}"`, "modules/trail/main.tf:13:20-13:66", ".:aws_kms_key.west#arn"},
		{"key ARN from auto.tfvars keeps its range there", tv, ".:aws_cloudtrail.t", graph.PropKMSKey,
			`"arn:aws:kms:ap-southeast-2:111122223333:key/abcd"`, "prod.auto.tfvars:2:15-2:65", ""},
		{"comparison with a variable without value is unknown", tv, ".:aws_cloudtrail_event_data_store.eds", graph.PropKMSKey,
			"unknown(var.account has no value)", "main.tf:23:16-23:54", ""},
		{"interpolated unknown variable stays readable", tv, ".:aws_cloudtrail.t", graph.PropName,
			`"t-${var.account}"`, "main.tf:16:20-16:38", ""},
		{"computed key ARN keeps its structure", basic, ".:aws_cloudtrail.main", graph.PropKMSKey,
			`"arn:aws:kms:eu-west-1:${account of provider aws}:key/${aws_kms_key.trail.key_id}"`, "main.tf:52:20-52:41", ".:aws_kms_key.trail#arn"},
		{"bucket id is its literal name", basic, ".:aws_cloudtrail.main", graph.PropBucket,
			`"my-trail-logs"`, "main.tf:51:20-51:41", ".:aws_s3_bucket.logs#id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := prop(t, tc.g, tc.id, tc.prop)
			if got := show(a.Value); got != tc.value {
				t.Errorf("value = %s, want %s", got, tc.value)
			}
			if got := rangeStr(a.Value.Range); got != tc.at {
				t.Errorf("range = %s, want %s", got, tc.at)
			}
			if got := showRefs(a.Value); got != tc.refs {
				t.Errorf("refs = %q, want %q", got, tc.refs)
			}
		})
	}
}

// TestRegions checks the region of resources and where it comes from.
func TestRegions(t *testing.T) {
	basic := load(t, "basic", Options{})
	mods := load(t, "modules", Options{})
	tv := load(t, "tfvars", Options{})
	noRegion := load(t, "errors", Options{})
	cliRegion := load(t, "errors", Options{Region: "sa-east-1"})
	for _, tc := range []struct {
		g                               *graph.Graph
		id, region, at, from, partition string
	}{
		{basic, ".:aws_kms_key.us", `"us-east-1"`, "main.tf:7:12-7:23", `provider "aws" (alias "us") at main.tf:5:1`, "aws"},
		{basic, ".:aws_cloudtrail.main", `"eu-west-1"`, "main.tf:2:12-2:23", `provider "aws" at main.tf:1:1`, "aws"},
		{mods, ".:module.registry.aws_kms_key.this", `"eu-central-1"`, "terraform.tfvars:1:10-1:24", `provider "aws" at main.tf:1:1`, "aws"},
		{tv, ".:aws_cloudtrail.t", `"ap-southeast-2"`, "prod.auto.tfvars:1:15-1:31", `provider "aws" at main.tf:11:1`, "aws"},
		{noRegion, ".:aws_kms_key.k", `"${region of provider aws}"`, "-", `provider "aws" (not configured)`, "${partition of provider aws}"},
		{cliRegion, ".:aws_kms_key.k", `"sa-east-1"`, "-", "--region", "aws"},
	} {
		r := tc.g.Lookup(tc.id)
		if r == nil {
			t.Fatalf("no %s", tc.id)
		}
		if got := show(r.Region); got != tc.region {
			t.Errorf("%s: region %s, want %s", tc.id, got, tc.region)
		}
		if got := rangeStr(r.Region.Range); got != tc.at {
			t.Errorf("%s: region range %s, want %s", tc.id, got, tc.at)
		}
		if r.RegionFrom != tc.from {
			t.Errorf("%s: region from %q, want %q", tc.id, r.RegionFrom, tc.from)
		}
		if got := graph.Display(r.Partition.Str); got != tc.partition {
			t.Errorf("%s: partition %s, want %s", tc.id, got, tc.partition)
		}
	}
}

// TestStatementRanges checks that policy statements point at where they
// are written.
func TestStatementRanges(t *testing.T) {
	g := load(t, "policy", Options{})
	for _, tc := range []struct {
		id     string
		ranges []string
	}{
		{".:aws_kms_key.k", []string{"main.tf:6:7-12:8", "main.tf:13:7-19:8"}},
		{".:aws_kms_key_policy.p", []string{"main.tf:42:29-42:50", "main.tf:43:3-58:4", "main.tf:43:3-58:4"}},
		{".:data.aws_iam_policy_document.dyn", []string{"main.tf:42:29-42:50", "main.tf:43:3-58:4", "main.tf:43:3-58:4"}},
	} {
		v := prop(t, g, tc.id, graph.PropPolicy).Value
		stmts := v.Get("Statement")
		if stmts == nil || len(stmts.List) != len(tc.ranges) {
			t.Fatalf("%s: statements %s", tc.id, show(stmts))
		}
		for i, s := range stmts.List {
			if got := rangeStr(s.Range); got != tc.ranges[i] {
				t.Errorf("%s: statement %d at %s, want %s", tc.id, i, got, tc.ranges[i])
			}
		}
	}
}

// TestRendering checks the policy document JSON exactly as the provider
// renders it.
func TestRendering(t *testing.T) {
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Enable IAM",
      "Effect": "Allow",
      "Action": "kms:*",
      "Resource": "*",
      "Principal": {
        "AWS": "arn:aws:iam::` + graph.Hole(graph.DomainAccount, "account of provider aws") + `:root"
      }
    },
    {
      "Sid": "CloudTrailEncrypt",
      "Effect": "Allow",
      "Action": [
        "kms:GenerateDataKey*",
        "kms:DescribeKey"
      ],
      "Resource": "*",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Condition": {
        "StringLike": {
          "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:` + graph.Hole(graph.DomainAccount, "account of provider aws") + `:trail/*"
        }
      }
    }
  ]
}`
	src, err := os.ReadFile("testdata/basic/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	g := Load(fstest.MapFS{
		"main.tf":  {Data: src},
		"extra.tf": {Data: []byte("resource \"aws_cloudtrail\" \"render\" {\n  name = data.aws_iam_policy_document.key.json\n}\n")},
	}, []string{"."}, Options{})
	a := prop(t, g, ".:aws_cloudtrail.render", graph.PropName)
	if a.Value == nil || a.Value.Type != graph.String || a.Value.Str != want {
		t.Errorf("rendered:\n%s\nwant:\n%s", show(a.Value), want)
	}
	if refs := showRefs(a.Value); refs != ".:data.aws_caller_identity.current#account_id .:data.aws_iam_policy_document.key#json" {
		t.Errorf("refs = %s", refs)
	}
}
