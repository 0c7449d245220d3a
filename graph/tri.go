package graph

// Tri is a three-valued truth: the answer to a question about values that
// may be partly known (does this pattern match, does this condition hold)
// is yes, no, or maybe when it depends on a hole. Every such answer in
// trailint is a Tri, so that policies, CloudFormation conditions and
// Terraform comparisons combine alike.
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

// TriOf is the Tri of a known truth.
func TriOf(b bool) Tri {
	if b {
		return Yes
	}
	return No
}
