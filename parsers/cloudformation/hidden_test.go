package cloudformation

import (
	"sort"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// A template nested by another is evaluated only through its parents when
// every nesting of it is evaluated; when one is not (its condition is
// false), it is evaluated on its own as well, whether it is evaluated
// alone at first (it needs no other template), with others (it nests
// stacks) or after them (it imports values).
func TestNothingHidesANestedTrail(t *testing.T) {
	const trail = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n"
	nest := func(name, url, cond string) string {
		s := "  " + name + ":\n    Type: AWS::CloudFormation::Stack\n"
		if cond != "" {
			s += "    Condition: " + cond + "\n"
		}
		return s + "    Properties:\n      TemplateURL: " + url + "\n"
	}
	const conds = "Parameters:\n  Env: {Type: String}\nConditions:\n  Never: !Equals [a, b]\n  Maybe: !Equals [!Ref Env, prod]\nResources:\n"
	cases := []struct {
		name  string
		files map[string]string
		// want lists each trail's ID and the nestings it is reached by.
		want string
	}{
		{"alone, under a false condition", map[string]string{
			"parent.yaml": conds + nest("Off", "child.yaml", "Never"),
			"child.yaml":  trail,
		}, "child.yaml:Trail"},
		{"nesting stacks, under a false condition", map[string]string{
			"parent.yaml": conds + nest("Off", "child.yaml", "Never"),
			"child.yaml":  trail + nest("Grand", "grand.yaml", ""),
			"grand.yaml":  strings.Replace(trail, "Trail:", "Deep:", 1),
		}, "child.yaml:Trail grand.yaml:Deep(child.yaml:6:3)"},
		{"importing, under a false condition", map[string]string{
			"parent.yaml": conds + nest("Off", "child.yaml", "Never"),
			"child.yaml":  trail + "      KMSKeyId: !ImportValue key\n",
		}, "child.yaml:Trail"},
		{"twice, once under a false condition", map[string]string{
			"parent.yaml": conds + nest("On", "child.yaml", "") + nest("Off", "child.yaml", "Never"),
			"child.yaml":  trail,
		}, "child.yaml:Trail(parent.yaml:7:3) child.yaml:Trail@alone"},
		{"under a condition that cannot be decided", map[string]string{
			"parent.yaml": conds + nest("Perhaps", "child.yaml", "Maybe"),
			"child.yaml":  trail,
		}, "child.yaml:Trail(parent.yaml:7:3)"},
		{"under a condition that is not defined", map[string]string{
			"parent.yaml": conds + nest("Perhaps", "child.yaml", "Missing"),
			"child.yaml":  trail,
		}, "child.yaml:Trail(parent.yaml:7:3)"},
		{"nested where false, by a stack nested twice", map[string]string{
			"parent.yaml": conds + nest("A", "mid.yaml", "") + nest("B", "mid.yaml", ""),
			"mid.yaml":    conds + nest("Off", "child.yaml", "Never") + nest("On", "child.yaml", ""),
			"child.yaml":  trail,
		}, "child.yaml:Trail(parent.yaml:7:3,mid.yaml:12:3) child.yaml:Trail@alone child.yaml:Trail@mid.yaml:On@parent.yaml:B(parent.yaml:11:3,mid.yaml:12:3)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys, names := files(c.files)
			got := &units{m: map[string]graph.Unit{}}
			Stream(fsys, names, Options{Region: "us-east-1"}, got)
			var trails []string
			for _, u := range got.m {
				for _, r := range u.Graph.OfKind(graph.KindTrail) {
					id := r.ID
					var calls []string
					for _, c := range r.Calls {
						calls = append(calls, c.File+":"+strings.Split(span(c), "-")[0])
					}
					if len(calls) > 0 {
						id += "(" + strings.Join(calls, ",") + ")"
					}
					trails = append(trails, id)
				}
			}
			sort.Strings(trails)
			if strings.Join(trails, " ") != c.want {
				t.Errorf("trails %s, want %s", strings.Join(trails, " "), c.want)
			}
		})
	}
}
