package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// writeTree writes files (slash paths to contents) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// symlink makes link point at target, skipping where links are not allowed.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symlinks: %v", err)
	}
}

// summary renders what a scan loaded: resource ids, then diagnostics.
func summary(g *graph.Graph) string {
	var lines []string
	for _, r := range g.Resources {
		lines = append(lines, "res "+r.ID)
	}
	for _, d := range g.Diagnostics {
		lines = append(lines, fmt.Sprintf("diag %d %s:%d:%d %s: %s", d.Severity, d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Summary, d.Detail))
	}
	return strings.Join(lines, "\n")
}

// run scans root and fails the test on an error.
func run(t *testing.T, root string, opts Options) *graph.Graph {
	t.Helper()
	res, err := Run(root, []string{root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res.Graph
}

// Fixtures shared by the tests: a Terraform module and a template that
// must load whatever else the tree holds.
const (
	goodTF   = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n"
	goodYAML = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n"
	goodRes  = "res good.yaml:Logs\nres good:aws_s3_bucket.logs"
)
