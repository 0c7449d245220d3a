package cloudformation

import (
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// work is one unit's share of the run's budget: a template evaluated on
// its own, or a root stack with the stacks it nests. Every node evaluated
// is a step, every nested stack an instance, and every value computed is
// checked against the caps of one value; past a cap, what is left to
// evaluate is unknown, and the unit says so once per cap.
type work struct {
	unit *budget.Unit
	lim  budget.Limits
	// sizes caches the size of the lists and maps measured, which share
	// their elements: a value reached twice is measured once.
	sizes map[*graph.Value]int64
}

func newWork(run *budget.Run) *work {
	return &work{unit: run.Unit(), lim: run.Limits()}
}

// budgetSummary is the summary of every diagnostic of running out.
const budgetSummary = "Evaluation budget exceeded"

// budgetWhy starts the reason of every value left unknown for the budget.
const budgetWhy = "evaluation budget exceeded: "

// overBudget is the value of what was not evaluated because the unit ran
// out of k. The first time, it says so at r.
func (s *stack) overBudget(k budget.Kind, first bool, r graph.Range) *graph.Value {
	msg := budget.Message(k, s.w.lim)
	if first {
		s.l.diag(graph.SevError, graph.ClassBudget, r, budgetSummary, msg+"; what depends on it is not analysed")
	}
	return graph.UnknownValue(budgetWhy+msg, r)
}

// notEvaluated reports whether v was left unknown for the budget. Text
// made of it is unknown for the same reason, rather than text with a hole
// in its place: a hole is text that could grow again, level after level,
// and a key that is text is taken for a name.
func notEvaluated(v *graph.Value) bool {
	return v != nil && v.Type == graph.Unknown && strings.HasPrefix(v.Why, budgetWhy)
}

// spend spends n of k for the construct at r. It returns nil while the
// unit is within its budget, and the unknown that stands for the
// construct's value past it.
func (s *stack) spend(k budget.Kind, n int64, r graph.Range) *graph.Value {
	ok, first := s.w.unit.Spend(k, n)
	if ok {
		return nil
	}
	return s.overBudget(k, first, r)
}

// fits checks a value the evaluation made, of the given bytes and
// elements, against the caps of one value; a string's bytes are new and
// charged to the unit. It returns nil when the value fits, and the unknown
// that takes its place otherwise.
func (s *stack) fits(bytes, elems int64, charge bool, r graph.Range) *graph.Value {
	if ok, first := s.w.unit.Value(bytes, elems); !ok {
		k := budget.Elements
		if bytes > s.w.lim.ValueBytes {
			k = budget.ValueBytes
		}
		return s.overBudget(k, first, r)
	}
	if charge {
		return s.spend(budget.UnitBytes, bytes, r)
	}
	return nil
}

// fitsString checks a string the evaluation made.
func (s *stack) fitsString(str string, r graph.Range) *graph.Value {
	return s.fits(int64(len(str)), 0, true, r)
}

// fitsValue checks a list, map or choice the evaluation assembled from
// values it had: its size counts every value it holds, as often as it
// holds it, so that values that share their parts cannot grow without
// bound once walked.
func (s *stack) fitsValue(v *graph.Value, r graph.Range) *graph.Value {
	return s.fits(s.w.size(v), int64(len(v.List)+len(v.Fields)+len(v.Alts)), false, r)
}

// size is the bytes of v as walked: the text of its strings and field
// names and one per value, saturating past the value cap.
func (w *work) size(v *graph.Value) int64 {
	if v == nil {
		return 0
	}
	switch v.Type {
	case graph.List, graph.Map, graph.OneOf:
	default:
		return int64(len(v.Str)) + 1
	}
	if n, ok := w.sizes[v]; ok {
		return n
	}
	n := int64(1)
	add := func(m int64) { n = min(n+m, w.lim.ValueBytes+1) }
	for _, e := range v.List {
		add(w.size(e))
	}
	for _, f := range v.Fields {
		add(int64(len(f.Name)) + w.size(f.Value))
	}
	for _, a := range v.Alts {
		add(w.size(a))
	}
	if w.sizes == nil {
		w.sizes = map[*graph.Value]int64{}
	}
	w.sizes[v] = n
	return n
}
