// Package spell finds the name a user most likely meant: a function, a
// property, a region. Every "did you mean" of trailint comes from it, so
// that suggestions are made alike and never depend on map order.
package spell

import "sort"

// Distance is the Levenshtein distance between a and b, in code points.
func Distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := prev[j-1]
			if x[i-1] != y[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// Closest returns the candidate nearest to name, at a distance below
// limit, or "". Of candidates equally near, the first in sorted order
// wins, so that the answer is the same in every run.
func Closest(name string, candidates []string, limit int) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", limit
	for _, c := range sorted {
		if d := Distance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
