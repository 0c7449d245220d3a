// Package budget bounds the work of one run. trailint reads strangers'
// pull requests, so a few bytes of configuration must never make it take
// unbounded memory or time: every loader and the policy evaluator spend
// from one budget, with one set of limits, and whoever runs out says so at
// the construct that ran out and goes on with the rest of the tree.
//
// Values are bounded one by one (the bytes of a string or encoded value,
// the elements of a collection). Work is bounded per unit (a Terraform root
// with its modules, a CloudFormation template with its nested stacks):
// evaluation steps, bytes of new values, and module, resource and nested
// stack instances. Policy matching is bounded per run, since one policy's
// work is repeated for every trail that uses the key.
package budget

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Limits are the caps of a run.
type Limits struct {
	// ValueBytes caps one string (or the encoded text of one value).
	ValueBytes int64
	// Elements caps one collection, and count and for_each.
	Elements int64
	// Steps caps the evaluation steps of one unit: an expression, a
	// function call, an iteration of a for expression, an intrinsic.
	Steps int64
	// UnitBytes caps the bytes of the new values one unit makes.
	UnitBytes int64
	// Instances caps the module, resource and nested-stack instances of
	// one unit, every call counted.
	Instances int64
	// MatchWork caps the pattern-matching steps of the whole run.
	MatchWork int64
}

// Default are the limits of a run. Each is far above what the largest
// real configurations trailint was measured on use, evaluated whole
// (--verbose): at most 160 KB for a value, 400 elements, 2,000 steps,
// 1.4 MB of values and 650 instances per root, and 50,000 steps of policy
// matching per run; and far below what would take a gigabyte or a few
// seconds (a step costs up to about ten microseconds).
var Default = Limits{
	ValueBytes: 8 << 20,
	Elements:   100_000,
	Steps:      250_000,
	UnitBytes:  64 << 20,
	Instances:  20_000,
	MatchWork:  200_000_000,
}

// Kind names what ran out.
type Kind uint8

// What a budget bounds.
const (
	ValueBytes Kind = iota
	Elements
	Steps
	UnitBytes
	Instances
	MatchWork
	kinds
)

func (k Kind) String() string {
	switch k {
	case ValueBytes:
		return "value size"
	case Elements:
		return "collection length"
	case Steps:
		return "evaluation steps"
	case UnitBytes:
		return "bytes of values"
	case Instances:
		return "instances"
	}
	return "policy matching work"
}

func (l Limits) of(k Kind) int64 {
	switch k {
	case ValueBytes:
		return l.ValueBytes
	case Elements:
		return l.Elements
	case Steps:
		return l.Steps
	case UnitBytes:
		return l.UnitBytes
	case Instances:
		return l.Instances
	}
	return l.MatchWork
}

// Limit is the cap of k.
func (l Limits) Limit(k Kind) int64 { return l.of(k) }

// Run is the budget of one run. Its methods may be called from several
// goroutines; a nil *Run stands for a run with the Default limits.
type Run struct {
	limits Limits
	match  atomic.Int64
	// matchSaid makes the run's one policy-matching diagnostic.
	matchSaid atomic.Bool

	mu sync.Mutex
	// peak is the most any one unit (or value) used of each kind, for
	// --verbose and for choosing the limits.
	peak [kinds]int64
}

// New returns the budget of a run with the given limits; zero limits take
// the default.
func New(l Limits) *Run {
	d := Default
	for k := range kinds {
		if l.of(k) > 0 {
			d.set(k, l.of(k))
		}
	}
	return &Run{limits: d}
}

func (l *Limits) set(k Kind, v int64) {
	switch k {
	case ValueBytes:
		l.ValueBytes = v
	case Elements:
		l.Elements = v
	case Steps:
		l.Steps = v
	case UnitBytes:
		l.UnitBytes = v
	case Instances:
		l.Instances = v
	case MatchWork:
		l.MatchWork = v
	}
}

// fallback serves callers that were given no budget: tests, and tools
// built on the loaders.
var fallback = New(Limits{})

func (r *Run) orDefault() *Run {
	if r == nil {
		return fallback
	}
	return r
}

// Limits returns the run's caps.
func (r *Run) Limits() Limits { return r.orDefault().limits }

// Unit starts the budget of one unit. A Unit belongs to one goroutine.
func (r *Run) Unit() *Unit { return &Unit{run: r.orDefault()} }

// Match spends n steps of policy matching. It returns false once the run
// is over its cap; first is true for the one call that crossed it, which
// should say so.
func (r *Run) Match(n int64) (ok, first bool) {
	r = r.orDefault()
	used := r.match.Add(n)
	if used <= r.limits.MatchWork {
		return true, false
	}
	return false, !r.matchSaid.Swap(true)
}

// Value records the size of one value and reports whether it is within
// the caps of a value: bytes and elements.
func (r *Run) Value(bytes, elements int64) bool {
	r = r.orDefault()
	r.note(ValueBytes, bytes)
	r.note(Elements, elements)
	return bytes <= r.limits.ValueBytes && elements <= r.limits.Elements
}

func (r *Run) note(k Kind, v int64) {
	r.mu.Lock()
	if v > r.peak[k] {
		r.peak[k] = v
	}
	r.mu.Unlock()
}

// Usage is the most a run used of each cap: per unit for the unit caps,
// per value for the value caps, in all for policy matching.
type Usage struct {
	Used   [kinds]int64
	Limits Limits
}

// Usage returns what the run used so far.
func (r *Run) Usage() Usage {
	r = r.orDefault()
	r.mu.Lock()
	defer r.mu.Unlock()
	u := Usage{Used: r.peak, Limits: r.limits}
	u.Used[MatchWork] = min(r.match.Load(), r.limits.MatchWork+1)
	return u
}

// String lists each cap with what was used of it.
func (u Usage) String() string {
	s := ""
	for k := range kinds {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%s %d of %d", k, u.Used[k], u.Limits.of(k))
	}
	return s
}

// Unit is the budget of one unit.
type Unit struct {
	run *Run
	// used is what the unit spent of each kind, and for the value caps
	// the largest value it checked, kept past the cap by one at most.
	used [kinds]int64
	// said holds the kinds already reported over, so that each is said
	// once per unit.
	said [kinds]bool
}

// Spend spends n of k (Steps, UnitBytes or Instances). ok is false once
// the unit is over the cap; first is true for the call that crossed it,
// whose caller reports it at its construct.
func (u *Unit) Spend(k Kind, n int64) (ok, first bool) {
	u.used[k] += n
	if u.used[k] <= u.run.limits.of(k) {
		return true, false
	}
	first = !u.said[k]
	u.said[k] = true
	return false, first
}

// Value checks one value of the unit, of the given bytes and elements,
// against the caps of a value. ok is false when it is over either; first
// is true for the unit's first value over that cap (its bytes when it is
// over both), whose caller reports it. The unit keeps the largest value
// and collection it checked, for the run's peaks when it closes, so that
// a unit that checks many values does not lock the run for each.
func (u *Unit) Value(bytes, elems int64) (ok, first bool) {
	l := u.run.limits
	u.used[ValueBytes] = max(u.used[ValueBytes], min(bytes, l.ValueBytes+1))
	u.used[Elements] = max(u.used[Elements], min(elems, l.Elements+1))
	k := ValueBytes
	switch {
	case bytes > l.ValueBytes:
	case elems > l.Elements:
		k = Elements
	default:
		return true, false
	}
	first = !u.said[k]
	u.said[k] = true
	return false, first
}

// Over reports whether the unit has run out of k.
func (u *Unit) Over(k Kind) bool { return u.used[k] > u.run.limits.of(k) }

// Run is the run the unit spends from.
func (u *Unit) Run() *Run { return u.run }

// Close records what the unit used in the run's peaks, with the largest
// value it checked.
func (u *Unit) Close() {
	for k := range kinds {
		if k == MatchWork {
			continue
		}
		u.run.note(k, min(u.used[k], u.run.limits.of(k)+1))
	}
}

// Message words running out of k for a diagnostic.
func Message(k Kind, l Limits) string {
	switch k {
	case ValueBytes:
		return fmt.Sprintf("a value would be over %d bytes", l.ValueBytes)
	case Elements:
		return fmt.Sprintf("a collection would have over %d elements", l.Elements)
	case Steps:
		return fmt.Sprintf("evaluating this takes over %d steps", l.Steps)
	case UnitBytes:
		return fmt.Sprintf("evaluating this makes over %d bytes of values", l.UnitBytes)
	case Instances:
		return fmt.Sprintf("the root or template expands to over %d instances, counting every module and nested stack", l.Instances)
	}
	return fmt.Sprintf("matching policies takes over %d steps in this run", l.MatchWork)
}
