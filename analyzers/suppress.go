package analyzers

import (
	"fmt"

	"github.com/trailint/trailint/graph"
)

// Suppress marks the diagnostics that an in-source ignore covers, and
// returns problems for ignores that cannot apply: one without a reason (it
// suppresses nothing, so that every silenced finding says why) and one that
// matches no finding, so that stale ignores do not pile up.
func Suppress(ds []Diagnostic, ignores []graph.Ignore) []graph.Diagnostic {
	used := make([]bool, len(ignores))
	for i := range ds {
		for j, ig := range ignores {
			if ig.Reason == "" || !ruleMatches(ig.Rule, ds[i].Rule) || !covers(ig, ds[i]) {
				continue
			}
			ig := ig
			ds[i].Suppressed = &ig
			used[j] = true
			break
		}
	}
	var out []graph.Diagnostic
	for j, ig := range ignores {
		switch {
		case ig.Reason == "":
			out = append(out, graph.Diagnostic{
				Severity: graph.SevWarning,
				Summary:  fmt.Sprintf("trailint:ignore %s has no reason, so it suppresses nothing", ig.Rule),
				Detail:   "write why the finding does not apply after the rule id",
				Range:    ig.At,
			})
		case !used[j]:
			out = append(out, graph.Diagnostic{
				Severity: graph.SevNote,
				Summary:  fmt.Sprintf("trailint:ignore %s matches no finding", ig.Rule),
				Detail:   "remove it, or move it above the block or attribute the finding points at",
				Range:    ig.At,
			})
		}
	}
	return out
}

func ruleMatches(pattern, rule string) bool {
	return pattern == rule || pattern == "all" || pattern == "*"
}

// covers reports whether the ignore is above the finding's location or above
// one of its related locations: an ignore on the key silences a finding
// about that key reported at the trail.
func covers(ig graph.Ignore, d Diagnostic) bool {
	if ig.Covers.Contains(d.Range) {
		return true
	}
	for _, r := range d.Related {
		if ig.Covers.Contains(r.Range) {
			return true
		}
	}
	return false
}
