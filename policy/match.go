package policy

import "github.com/trailint/trailint/graph"

// Policy matching is graph.Match, the one comparison of partly known
// texts; what policy adds is the run's budget (a Meter) and IAM policy
// variables.

// Like matches value against a policy pattern in which `*` stands for any run
// of characters and `?` for one, as StringLike and the Action and Resource
// elements do. Either string may contain holes. Its work is charged to no
// budget.
func Like(pattern, value string, ignoreCase bool) Tri {
	return match(pattern, value, graph.MatchOptions{Wildcards: true, IgnoreCase: ignoreCase}, nil, nil)
}

// Equal compares two strings, either of which may contain holes, as
// StringEquals does: wildcards are plain characters. Its work is charged to
// no budget.
func Equal(a, b string, ignoreCase bool) Tri {
	return match(a, b, graph.MatchOptions{IgnoreCase: ignoreCase}, nil, nil)
}

// ArnLike matches an ARN against a pattern as ArnLike and ArnEquals do: each
// of the first five colon-separated fields is matched on its own, so a `*`
// there never spans a colon; the resource part may contain colons. Its work
// is charged to no budget.
func ArnLike(pattern, value string) Tri {
	return match(pattern, value, graph.MatchOptions{Wildcards: true, ARN: true}, nil, nil)
}

// ActionCovers reports whether an Action pattern such as `kms:GenerateDataKey*`
// names action, ignoring case as IAM does.
func ActionCovers(pattern, action string) bool {
	return Like(pattern, action, true) == Yes
}

// match answers whether v matches the pattern p, expanding the policy
// variables of p when vars is not nil, and charging its work to m. Once
// m's run is over its budget the answer is Maybe.
func match(p, v string, o graph.MatchOptions, vars *variables, m *Meter) Tri {
	if vars != nil {
		o.Expand = vars.expand
	}
	return graph.Match(p, v, o, m)
}
