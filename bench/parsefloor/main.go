// Command parsefloor parses every Terraform file (hclparse) and every
// template (yaml.v3 nodes) under a directory on all cores and does nothing
// else: the floor a linter of these files cannot go below.
package main

import (
	"fmt"
	"os"

	"github.com/trailint/trailint/bench/floor"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor DIR")
		os.Exit(2)
	}
	r, err := floor.Parse(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d files parsed, %d bytes, %d failed\n", r.Files, r.Bytes, r.Failed)
}
