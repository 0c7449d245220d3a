package policy

import "github.com/trailint/trailint/internal/budget"

// Meter charges the work of matching patterns to the run's budget. Each
// match is bounded on its own, but their number is not: a key policy's
// statements are matched once for every trail that uses the key, and a few
// bytes of Terraform can generate thousands of statements. So the total over
// the run is bounded. Once the run is over its budget every match answers
// Maybe, which evaluation carries to Undecided: a refusal or a grant is
// never made up.
//
// A Meter is the graph.Meter of policy matching. It belongs to one goroutine, and hands its work to the run in
// batches so that matches on every core do not contend for one counter. A
// nil *Meter charges nothing, for callers whose input is bounded otherwise.
type Meter struct {
	run     *budget.Run
	pending int64
	spent   int64
	over    bool
	// crossed is set when this meter's work took the run over its budget;
	// its user says so at the policy being matched.
	crossed bool
}

// meterBatch is the work a meter does before it reports to the run: small
// beside any sensible budget, large beside one match of ordinary text.
const meterBatch = 1 << 12

// NewMeter returns a meter that charges run (nil: the default limits).
func NewMeter(run *budget.Run) *Meter { return &Meter{run: run} }

// Charge records n steps of matching done.
func (m *Meter) Charge(n int64) {
	if m == nil {
		return
	}
	m.pending += n
	m.spent += n
	if m.pending >= meterBatch {
		m.flush()
	}
}

// flush hands the pending work to the run and learns whether it is over.
func (m *Meter) flush() {
	if m == nil || m.over {
		return
	}
	ok, first := m.run.Match(m.pending)
	m.pending = 0
	if !ok {
		m.over = true
		m.crossed = first
	}
}

// Exhausted reports whether matching must stop, as far as this meter has
// learnt without asking the run (see Over).
func (m *Meter) Exhausted() bool { return m != nil && m.over }

// Over reports whether the run's matching budget has run out, as far as
// this meter has learnt: from then on its evaluations are Undecided.
func (m *Meter) Over() bool {
	m.flush()
	return m.Exhausted()
}

// Crossed reports, once, whether this meter's work took the run over its
// budget. Exactly one meter of a run answers true, so that the run says so
// once, at the policy that was being matched.
func (m *Meter) Crossed() bool {
	if m == nil {
		return false
	}
	m.flush()
	c := m.crossed
	m.crossed = false
	return c
}

// Limits are the caps of the meter's run.
func (m *Meter) Limits() budget.Limits {
	if m == nil {
		return budget.Default
	}
	return m.run.Limits()
}

// Spent is the matching work this meter charged.
func (m *Meter) Spent() int64 {
	if m == nil {
		return 0
	}
	return m.spent
}
