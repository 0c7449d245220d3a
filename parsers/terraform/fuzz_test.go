package terraform

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// fuzzLimits keep each input of the fuzzer quick, so that the seconds .ci/run
// gives it cover many inputs.
var fuzzLimits = budget.Limits{ValueBytes: 8 << 10, Elements: 200, Steps: 2_000,
	UnitBytes: 256 << 10, Instances: 50, MatchWork: 10_000}

// fuzzTree reads a fuzz input as files: a line "#file: NAME" starts the
// file NAME (main.tf before the first one), so that inputs can call
// modules of their own, call one another or fan out. A fixed child module
// and a policy file are always there.
func fuzzTree(src []byte) fstest.MapFS {
	child, _ := os.ReadFile("testdata/modules/modules/trail/main.tf")
	fsys := fstest.MapFS{
		"modules/trail/main.tf": {Data: child},
		"policy.json":           {Data: []byte(`{"Statement":[]}`)},
	}
	name := "main.tf"
	lines := strings.SplitAfter(string(src), "\n")
	flush := func(text string) {
		if fs.ValidPath(name) && (strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tpl")) {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
		}
	}
	var b strings.Builder
	for _, line := range lines {
		if n, ok := strings.CutPrefix(line, "#file: "); ok {
			flush(b.String())
			b.Reset()
			name = strings.TrimSpace(n)
			continue
		}
		b.WriteString(line)
	}
	flush(b.String())
	return fsys
}

// FuzzLoad loads arbitrary text as a tree of Terraform files: whatever the
// input, Load returns, reports no internal error, and stays within the
// budget it is given.
func FuzzLoad(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tfvars")) {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	// The constructs of hostile input, small: values that double, loops
	// within loops, documents that double, module calls that fan out,
	// callers that hide a trail, a number too long to write out.
	f.Add([]byte(doublingLocals(16)))
	f.Add([]byte(nestedReplace(16)))
	f.Add([]byte(doublingDocuments(10)))
	f.Add([]byte("locals {\n  c = [for i in range(16) : [for j in range(16) : [for k in range(16) : k]]]\n}\n" +
		"resource \"aws_cloudtrail\" \"t\" {\n  name = length(local.c)\n}\n"))
	var fan strings.Builder
	fan.WriteString("module \"m\" {\n  source = \"./d1\"\n  count  = 4\n}\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&fan, "#file: %s/main.tf\nmodule \"m\" {\n  source = \"./d%d\"\n  count  = 4\n}\n", dirChain(i), i+1)
	}
	fmt.Fprintf(&fan, "#file: %s/main.tf\n%s", dirChain(6), bareTrail)
	f.Add([]byte(fan.String()))
	f.Add([]byte("module \"b\" {\n  source = \"./b\"\n  count  = 0\n}\n#file: b/main.tf\nmodule \"a\" {\n  source = \"../\"\n}\n" + bareTrail))
	f.Add([]byte("variable \"n\" {}\nresource \"aws_cloudtrail\" \"t\" {\n  name = var.n\n}\n#file: terraform.tfvars\nn = 1e333333333\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		run := budget.New(fuzzLimits)
		g := Load(fuzzTree(src), []string{"."}, Options{Budget: run})
		for _, d := range g.Diagnostics {
			if d.Class == graph.ClassInternal {
				t.Fatalf("internal error: %s: %s", d.Summary, d.Detail)
			}
		}
		u := run.Usage()
		if u.Used[budget.Steps] > fuzzLimits.Steps+1 || u.Used[budget.Instances] > fuzzLimits.Instances+1 {
			t.Fatalf("over the budget: %s", u)
		}
	})
}

// dirChain is d1/d2/.../dn.
func dirChain(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("d%d", i+1)
	}
	return strings.Join(parts, "/")
}
