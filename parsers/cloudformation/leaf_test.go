package cloudformation

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
)

// units is a sink that keeps each unit apart.
type units struct {
	mu sync.Mutex
	m  map[string]graph.Unit
}

func (u *units) Unit(x graph.Unit) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.m[x.ID] = x
}

func (u *units) Drop(id string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.m, id)
}

// TestLeavesAreUnitsOfTheirOwn checks that templates that import values but
// nest no stack and export nothing are evaluated one by one, each a unit
// that can be evaluated again, with imports resolved through templates that
// import and export in turn; and that such a template nested by another is
// evaluated as nested, with the parameters it is passed.
func TestLeavesAreUnitsOfTheirOwn(t *testing.T) {
	trail := func(key string) string {
		return "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      IsLogging: true\n      KMSKeyId: " + key + "\n"
	}
	fsys := fstest.MapFS{
		"base.yaml": {Data: []byte("Resources:\n  Key:\n    Type: AWS::KMS::Key\nOutputs:\n  K:\n    Value: !GetAtt Key.Arn\n    Export: {Name: base-key}\n")},
		"mid.yaml":  {Data: []byte("Resources:\n  Q:\n    Type: AWS::SQS::Queue\nOutputs:\n  K:\n    Value: !ImportValue base-key\n    Export: {Name: mid-key}\n")},
		"app1.yaml": {Data: []byte(trail("!ImportValue base-key"))},
		"app2.yaml": {Data: []byte(trail("!ImportValue missing-key"))},
		"app3.yaml": {Data: []byte(trail("!ImportValue mid-key"))},
		"parent.yaml": {Data: []byte("Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n" +
			"      Parameters: {Suffix: from-parent}\n")},
		"child.yaml": {Data: []byte("Parameters:\n  Suffix: {Type: String}\n" + strings.Replace(trail("!ImportValue base-key"), "S3BucketName: logs", "S3BucketName: !Sub logs-${Suffix}", 1))},
	}
	files := []string{"app1.yaml", "app2.yaml", "app3.yaml", "base.yaml", "child.yaml", "mid.yaml", "parent.yaml"}
	got := &units{m: map[string]graph.Unit{}}
	Stream(fsys, files, Options{Region: "us-east-1"}, got)

	var ids []string
	for id := range got.m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	want := "cloudformation cloudformation:app1.yaml cloudformation:app2.yaml cloudformation:app3.yaml cloudformation:base.yaml"
	if strings.Join(ids, " ") != want {
		t.Fatalf("units %v, want %s", ids, want)
	}
	key := func(id string) string {
		for _, r := range got.m[id].Graph.Resources {
			if r.Kind == graph.KindTrail {
				v := r.Prop(graph.PropKMSKey).Value
				var refs []string
				for _, ref := range v.AllRefs() {
					refs = append(refs, ref.ID)
				}
				return r.ID + " " + v.Describe() + " " + strings.Join(refs, ",") + " bucket " + r.Prop(graph.PropBucket).Value.Str
			}
		}
		return ""
	}
	for id, w := range map[string]string{
		"cloudformation:app1.yaml": "app1.yaml:Trail the key id of Key is assigned at deploy time base.yaml:Key bucket logs",
		"cloudformation:app2.yaml": "app2.yaml:Trail export missing-key is not defined in the scanned templates  bucket logs",
		"cloudformation:app3.yaml": "app3.yaml:Trail the key id of Key is assigned at deploy time base.yaml:Key bucket logs",
		"cloudformation":           "child.yaml:Trail the key id of Key is assigned at deploy time base.yaml:Key bucket logs-from-parent",
	} {
		if g := key(id); g != w {
			t.Errorf("%s: %q, want %q", id, g, w)
		}
	}
	// A leaf comes with the key it imports, for lookups, and evaluated
	// again gives what it gave, with that key.
	for _, id := range []string{"cloudformation:app1.yaml", "cloudformation:app3.yaml"} {
		u := got.m[id]
		if len(u.Context) != 1 || u.Context[0].ID != "base.yaml:Key" {
			t.Errorf("%s context %v, want base.yaml:Key", id, u.Context)
		}
		if u.Reload == nil {
			t.Fatalf("%s cannot be evaluated again", id)
		}
		first := &graph.Graph{}
		first.Add(u.Graph.Resources...)
		first.Add(u.Context...)
		first.Sort()
		again := u.Reload()
		again.Sort()
		if a, b := dump(first), dump(again); a != b {
			t.Errorf("%s evaluated again:\n%s\nfirst:\n%s", id, b, a)
		}
	}
}

// TestUndeclaredParameters checks that a parameter to check (given on the
// command line, directly or in a file named there) that no template
// declares is reported once, where it was given, and one that some template
// declares, or one not to check (a settings file's), is not.
func TestUndeclaredParameters(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml":      {Data: []byte("Parameters:\n  Env: {Type: String}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n")},
		"b.yaml":      {Data: []byte("Parameters:\n  Owner: {Type: String}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n")},
		"params.json": {Data: []byte("[{\"ParameterKey\": \"Owner\", \"ParameterValue\": \"me\"},\n {\"ParameterKey\": \"Ownr\", \"ParameterValue\": \"me\"}]\n")},
	}
	g := Load(fsys, []string{"a.yaml", "b.yaml"}, Options{Parameters: map[string]string{"Env": "prod", "Stage": "prod", "Other": "x"},
		ParameterFiles: []string{"params.json"}, CheckParameters: []string{"Env", "Stage"}, CheckParameterFiles: []string{"params.json"}})
	var got []string
	for _, d := range g.Diagnostics {
		got = append(got, d.Range.File+":"+span(d.Range)+" "+d.Summary)
	}
	want := []string{
		`:- --parameter Stage: no template of the scan declares a parameter "Stage"`,
		`params.json:2:45-2:49 parameter Ownr of params.json: no template of the scan declares a parameter "Ownr"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
