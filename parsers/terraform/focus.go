package terraform

import (
	"path"
	"sort"

	"github.com/trailint/trailint/internal/pool"
)

// focusDirs narrows dirs to the focus dirs and those that may call them,
// directly or through other dirs. Which dir calls which is read from the
// text of files that may hold a module block: every relative path quoted
// there counts as a call, which errs towards reading more, never less.
func focusDirs(dirs []string, focus map[string]bool, loaderFor func() *loader) []string {
	targets := make([][]string, len(dirs))
	pool.Each(len(dirs), func(i int) {
		l := loaderFor()
		for _, name := range l.configFiles(dirs[i]) {
			for _, p := range l.facts(name).paths {
				targets[i] = append(targets[i], path.Join(dirs[i], p))
			}
		}
	})
	callers := map[string][]string{}
	for i, d := range dirs {
		for _, t := range targets[i] {
			callers[t] = append(callers[t], d)
		}
	}
	keep := map[string]bool{}
	var stack []string
	for d := range focus {
		stack = append(stack, d)
	}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if keep[d] {
			continue
		}
		keep[d] = true
		stack = append(stack, callers[d]...)
	}
	var out []string
	for _, d := range dirs {
		if keep[d] {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}
