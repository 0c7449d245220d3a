// Command gentree writes a generated tree of Terraform root modules and
// CloudFormation templates for the benchmark, and prints the findings the
// tree must produce.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/trailint/trailint/internal/gen"
)

func main() {
	roots := flag.Int("roots", 1000, "Terraform root modules")
	templates := flag.Int("templates", 1000, "CloudFormation templates")
	seed := flag.Uint64("seed", 1, "seed; the same seed writes the same tree")
	want := flag.String("want", "", "write the expected findings to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gentree [-roots N] [-templates N] [-seed S] [-want FILE] DIR")
		os.Exit(2)
	}
	t := gen.Generate(gen.Config{Roots: *roots, Templates: *templates, Seed: *seed})
	if err := t.Write(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *want != "" {
		f, err := os.Create(*want)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, w := range t.Want {
			_, _ = fmt.Fprintln(f, w)
		}
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d files, %d bytes, %d trails, %d without a key\n", len(t.Files), t.Size(), t.Trails, len(t.Want))
}
