// Package policy reads IAM and KMS policy documents and decides, for a
// simulated request, whether they allow it, deny it, or cannot say without
// a value that is only known at deploy time.
package policy

// Tri is a three-valued truth. Policies written with unknown inputs (an
// account id from a variable, a principal imported from another stack) can
// only be partly evaluated; Maybe says so instead of guessing.
type Tri uint8

// The three truths, ordered so that And is min and Or is max.
const (
	No Tri = iota
	Maybe
	Yes
)

func (t Tri) String() string {
	switch t {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "maybe"
}

// Not negates t; Maybe stays Maybe.
func (t Tri) Not() Tri { return Yes - t }

// And is true when both are: No dominates, then Maybe.
func And(a, b Tri) Tri { return min(a, b) }

// Or is true when either is: Yes dominates, then Maybe.
func Or(a, b Tri) Tri { return max(a, b) }

func triOf(b bool) Tri {
	if b {
		return Yes
	}
	return No
}
