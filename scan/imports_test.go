package scan

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// moduleRoot is the directory of the go.mod above the test.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// forbidden are imports that would let trailint open a connection or run a
// program.
var forbidden = map[string]bool{"net": true, "net/http": true, "os/exec": true, "plugin": true}

// forbiddenCalls run programs without importing os/exec.
var forbiddenCalls = map[string]bool{"syscall.Exec": true, "syscall.ForkExec": true, "syscall.StartProcess": true, "os.StartProcess": true}

// No Go file of the module outside tests imports the network or process
// packages, or calls the functions that start a program.
func TestNoNetworkOrExecInSource(t *testing.T) {
	root := moduleRoot(t)
	var bad []string
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files++
		rel, _ := filepath.Rel(root, p)
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		names := map[string]string{} // local name -> import path
		for _, imp := range f.Imports {
			ip := strings.Trim(imp.Path.Value, `"`)
			if forbidden[ip] {
				bad = append(bad, rel+" imports "+ip)
			}
			name := ip[strings.LastIndex(ip, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			names[name] = ip
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && forbiddenCalls[names[x.Name]+"."+sel.Sel.Name] {
				bad = append(bad, rel+" uses "+names[x.Name]+"."+sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d Go files found under %s", files, root)
	}
	if len(bad) > 0 {
		t.Errorf("forbidden imports:\n%s", strings.Join(bad, "\n"))
	}
}

// knownNetwork lists the dependencies that import a network or process
// package although trailint never calls the code that uses it, and why.
// Every entry is a debt: the test fails when a new one appears, and when
// one of these goes away (so that the list is kept short).
var knownNetwork = map[string]string{
	// pflag's IP and IPNet flag types parse with package net; they open
	// nothing.
	"github.com/spf13/pflag: net": "flag types",
	// go-sarif's v210/sarif validates reports with gojsonschema, which can
	// fetch remote schemas over HTTP; report/sarif.go uses only the types.
	"github.com/xeipuuv/gojsonschema: net":      "remote $ref loading",
	"github.com/xeipuuv/gojsonschema: net/http": "remote $ref loading",
}

// The packages linked into the command import the network and process
// packages only where knownNetwork says so.
func TestNoNetworkOrExecInDependencies(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	cmd := exec.Command(goCmd, "list", "-deps", "-f", `{{if not .Standard}}{{.ImportPath}}: {{join .Imports " "}}{{end}}`, "./cmd/trailint")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var found []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		for _, ip := range strings.Fields(imports) {
			if forbidden[ip] {
				found = append(found, pkg+": "+ip)
			}
		}
	}
	sort.Strings(found)
	var want []string
	for k := range knownNetwork {
		want = append(want, k)
	}
	sort.Strings(want)
	if got, w := strings.Join(found, "\n"), strings.Join(want, "\n"); got != w {
		t.Errorf("dependencies importing network or process packages:\n%s\nwant:\n%s", got, w)
	}
}
