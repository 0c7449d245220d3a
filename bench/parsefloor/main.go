// Command parsefloor parses every Terraform file (hclparse) and every
// template (yaml.v3 nodes) under a directory on all cores and does nothing
// else: the floor a linter of these files cannot go below.
package main

import (
	"fmt"
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

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor DIR")
		os.Exit(2)
	}
	var files []string
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
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
	fmt.Printf("%d files parsed, %d bytes, %d failed\n", parsed.Load(), size.Load(), failed.Load())
}

// parse parses one file by its name; n is 0 for files of other kinds.
func parse(p string) (ok bool, n int64) {
	var hcl, yml bool
	switch {
	case strings.HasSuffix(p, ".tf"):
		hcl = true
	case strings.HasSuffix(p, ".yaml"), strings.HasSuffix(p, ".yml"), strings.HasSuffix(p, ".json"):
		yml = true
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
	err = yaml.Unmarshal(src, &node)
	_ = yml
	return err == nil, int64(len(src))
}
