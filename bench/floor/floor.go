// Package floor parses a tree the way any linter of its files must and
// does nothing else: every Terraform file with hclparse, every YAML or JSON
// file into yaml.v3 nodes, on all cores. Its time and memory are the floor
// trailint is measured against.
package floor

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2/hclparse"
	"go.yaml.in/yaml/v3"
)

// Result counts what Parse read.
type Result struct {
	Files, Bytes, Failed int64
}

// Parse parses every file under dir that trailint would read.
func Parse(dir string) (Result, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return Result{}, err
	}
	var next, parsed, failed, size atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				ok, n := parse(files[i])
				if n > 0 {
					parsed.Add(1)
					size.Add(n)
				}
				if !ok {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return Result{Files: parsed.Load(), Bytes: size.Load(), Failed: failed.Load()}, nil
}

// parse parses one file by its name; n is 0 for files of other kinds.
func parse(p string) (ok bool, n int64) {
	var hcl bool
	switch {
	case strings.HasSuffix(p, ".tf"):
		hcl = true
	case strings.HasSuffix(p, ".yaml"), strings.HasSuffix(p, ".yml"), strings.HasSuffix(p, ".json"):
	default:
		return true, 0
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return false, 0
	}
	if hcl {
		_, diags := hclparse.NewParser().ParseHCL(src, p)
		return !diags.HasErrors(), int64(len(src))
	}
	var node yaml.Node
	return yaml.Unmarshal(src, &node) == nil, int64(len(src))
}
