// Package policy reads IAM and KMS policy documents and decides, for a
// simulated request, whether they allow it, deny it, or cannot say without
// a value that is only known at deploy time.
package policy

import "github.com/trailint/trailint/graph"

// Tri is a three-valued truth (see graph.Tri): policies written with
// unknown inputs (an account id from a variable, a principal imported from
// another stack) can only be partly evaluated; Maybe says so instead of
// guessing.
type Tri = graph.Tri

// The three truths.
const (
	No    = graph.No
	Maybe = graph.Maybe
	Yes   = graph.Yes
)

// And is true when both are: No dominates, then Maybe.
func And(a, b Tri) Tri { return graph.And(a, b) }

// Or is true when either is: Yes dominates, then Maybe.
func Or(a, b Tri) Tri { return graph.Or(a, b) }

func triOf(b bool) Tri { return graph.TriOf(b) }
