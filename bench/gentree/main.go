// Command gentree writes a generated tree for the benchmark, and prints
// the findings the tree must produce: by default Terraform root modules and
// CloudFormation templates, with -baseline the shape of an account security
// baseline (a root calling a dozen modules in every region, and example
// roots calling it).
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
	baseline := flag.Bool("baseline", false, "write the security-baseline shape instead")
	regions := flag.Int("regions", 0, "baseline: regions of the regional modules (0: all 17)")
	examples := flag.Int("examples", 0, "baseline: example roots (0: all 4)")
	clean := flag.Bool("clean", false, "baseline: no findings (the trail's key is there and CloudTrail can use it)")
	want := flag.String("want", "", "write the expected findings to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gentree [-roots N] [-templates N] [-seed S] [-want FILE] DIR\n       gentree -baseline [-regions N] [-examples N] [-clean] [-want FILE] DIR")
		os.Exit(2)
	}
	var t *gen.Tree
	if *baseline {
		t = gen.Baseline(gen.BaselineConfig{Regions: *regions, Examples: *examples, NoKey: !*clean, NoDescribeKey: !*clean})
	} else {
		t = gen.Generate(gen.Config{Roots: *roots, Templates: *templates, Seed: *seed})
	}
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
	fmt.Printf("%d files, %d bytes, %d trails, %d findings\n", len(t.Files), t.Size(), t.Trails, len(t.Want))
}
