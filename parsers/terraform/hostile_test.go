package terraform

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// okTrail is a trail beside each hostile construct: it must still be
// loaded, whatever the construct does.
const okTrail = `
resource "aws_cloudtrail" "ok" {
  name           = "ok"
  s3_bucket_name = "logs"
}
`

// hostileLimits are small enough for the tests to meet them quickly.
var hostileLimits = budget.Limits{ValueBytes: 1 << 20, Elements: 10_000, Steps: 200_000,
	UnitBytes: 16 << 20, Instances: 2_000, MatchWork: 1_000_000}

func doublingLocals(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  s0 = \"ab\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "}\nresource \"aws_cloudtrail\" \"t\" {\n  name = local.s%d\n  s3_bucket_name = \"logs\"\n}\n", n)
	return b.String() + okTrail
}

func nestedReplace(n int) string {
	return "resource \"aws_cloudtrail\" \"t\" {\n  name = " + strings.Repeat("replace(", n) + "\"a\"" +
		strings.Repeat(", \"a\", \"aa\")", n) + "\n  s3_bucket_name = \"logs\"\n}\n" + okTrail
}

func doublingDocuments(n int) string {
	var b strings.Builder
	b.WriteString("data \"aws_iam_policy_document\" \"d0\" {\n  statement {\n    actions   = [\"kms:*\"]\n    resources = [\"*\"]\n  }\n}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "data \"aws_iam_policy_document\" \"d%d\" {\n  source_policy_documents = [data.aws_iam_policy_document.d%d.json, data.aws_iam_policy_document.d%d.json]\n}\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "resource \"aws_kms_key\" \"k\" {\n  policy = data.aws_iam_policy_document.d%d.json\n}\n", n)
	return b.String() + okTrail
}

// fanOut is a chain of dirs, each calling the next four times, with a
// trail at the bottom.
func fanOut(depth int) fstest.MapFS {
	fsys := fstest.MapFS{"main.tf": {Data: []byte("module \"m\" {\n  source = \"./d1\"\n  count  = 4\n}\n" + okTrail)}}
	dir := "d1"
	for i := 2; i <= depth; i++ {
		fsys[dir+"/main.tf"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("module \"m\" {\n  source = \"./d%d\"\n  count  = 4\n}\n", i))}
		dir += fmt.Sprintf("/d%d", i)
	}
	fsys[dir+"/main.tf"] = &fstest.MapFile{Data: []byte("resource \"aws_cloudtrail\" \"t\" {\n  name = \"t\"\n  s3_bucket_name = \"logs\"\n}\n")}
	return fsys
}

// TestHostileTerraform runs each construct of a few bytes that would take
// unbounded memory or time: the load ends with the budget diagnostic at
// the construct, the run's usage stays within the caps, and the trail
// beside it is loaded.
func TestHostileTerraform(t *testing.T) {
	cases := []struct {
		name string
		fsys fstest.MapFS
		want string // the budget diagnostic: range, then detail
	}{
		{"strings doubled by locals", fstest.MapFS{"main.tf": {Data: []byte(doublingLocals(44))}},
			"main.tf:22:9-22:35: a value would be over 1048576 bytes; what depends on it is not analysed"},
		{"nested replace", fstest.MapFS{"main.tf": {Data: []byte(nestedReplace(40))}},
			"main.tf:2:162-2:170: a value would be over 1048576 bytes; what depends on it is not analysed"},
		{"join over nested for expressions", fstest.MapFS{"main.tf": {Data: []byte(
			"resource \"aws_cloudtrail\" \"t\" {\n  name = join(\",\", flatten([for i in range(1024) : [for j in range(1024) : format(\"%d-%d\", i, j)]]))\n  s3_bucket_name = \"logs\"\n}\n" + okTrail)}},
			"main.tf:2:62-2:73: evaluating this takes over 200000 steps; what depends on it is not analysed"},
		{"three nested for expressions", fstest.MapFS{"main.tf": {Data: []byte(
			"locals {\n  cube = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k]]]\n}\nresource \"aws_cloudtrail\" \"t\" {\n  name = length(local.cube)\n  s3_bucket_name = \"logs\"\n}\n" + okTrail)}},
			"main.tf:2:68-2:79: evaluating this takes over 200000 steps; what depends on it is not analysed"},
		{"source documents doubled", fstest.MapFS{"main.tf": {Data: []byte(doublingDocuments(40))}},
			"main.tf:47:29-47:107: a value would be over 1048576 bytes; what depends on it is not analysed"},
		{"a number of a billion digits", fstest.MapFS{
			"main.tf":          {Data: []byte("variable \"n\" {\n  type = string\n}\nresource \"aws_cloudtrail\" \"t\" {\n  name = var.n\n  s3_bucket_name = \"logs\"\n}\n" + okTrail)},
			"terraform.tfvars": {Data: []byte("n = 1e333333333\n")}},
			"terraform.tfvars:1:5-1:16: var.n: a value would be over 1048576 bytes; what depends on it is not analysed"},
		{"module calls that fan out", fanOut(19),
			"d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16/d17/d18/main.tf:1:1-1:11: " +
				strings.Repeat("module.m[0].", 14) + "module.m[3].module.m[1].module.m[1].module.m[0].module.m: the root or template expands to over 2000 instances, counting every module and nested stack; the instances past it are not analysed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := budget.New(hostileLimits)
			g := Load(c.fsys, []string{"."}, Options{Budget: run})
			var got []string
			for _, d := range g.Diagnostics {
				if d.Class == graph.ClassBudget {
					got = append(got, rangeStr(d.Range)+": "+d.Detail)
				}
			}
			if strings.Join(got, "\n") != c.want {
				t.Errorf("budget diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
			if g.Lookup(".:aws_cloudtrail.ok") == nil {
				t.Errorf("the trail beside the construct was not loaded")
			}
			u := run.Usage()
			lim := run.Limits()
			if u.Used[budget.Steps] > lim.Steps+1 || u.Used[budget.Instances] > lim.Instances+1 ||
				u.Used[budget.UnitBytes] > lim.UnitBytes+1 {
				t.Errorf("usage over the caps: %s", u)
			}
		})
	}
}
