// Package analyzers holds the framework every rule is written in: an
// analyzer is a value with a name, documentation and a Run function that
// reads the graph and reports diagnostics. The rules themselves live in
// subpackages, one per concern.
package analyzers

import (
	"fmt"
	"sort"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// Severity is a rule's level: the graph's, which loader diagnostics have
// too.
type Severity = graph.Severity

// Levels, from the most to the least severe.
const (
	Error   = graph.SevError
	Warning = graph.SevWarning
	Note    = graph.SevNote
)

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) { return graph.ParseSeverity(s) }

// Analyzer is one rule.
type Analyzer struct {
	Name     string // stable id: TL001
	Title    string // one line: what is wrong
	Severity Severity
	// Doc returns the rule's documentation in markdown (rationale,
	// references, non-compliant and compliant examples). It is a function so
	// that docs are read only when asked for.
	Doc func() string
	// Tags go to SARIF properties.tags (security, cloudtrail, kms, CIS-3.5).
	Tags []string
	// Precision is SARIF's properties.precision: very-high, high, medium, low.
	Precision string
	// SecuritySeverity is GitHub's numeric score, "0.1" to "10.0".
	SecuritySeverity string
	Run              func(*Pass)
	// Merge, when set, completes the finding into that Merge makes of a
	// group of this rule's findings at one place (its fix, which must
	// cover every trail of the group); the group is in a fixed order, and
	// into starts as a copy of its first finding.
	Merge func(into *Diagnostic, group []Diagnostic)
}

// Edit replaces the text of Range with Text; a Range that starts where it
// ends is an insertion. Positions are lines and columns, as in Range.
type Edit struct {
	Range graph.Range
	Text  string
}

// Related is a secondary location of a diagnostic: the key, the policy
// statement, the bucket.
type Related struct {
	Range   graph.Range
	Message string
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	// Message says what is wrong and what to do; its first sentence stands
	// alone.
	Message string
	Range   graph.Range
	Related []Related
	// Fix is the exact text to add or change, in the user's syntax, when
	// there is one (a policy statement, `kms_key_id = aws_kms_key.x.arn`).
	Fix string
	// Edits are the fix as changes to files, when it goes at a known place
	// and can be applied as it is: it names nothing the user has to fill
	// in or create.
	Edits []Edit
	// Key identifies the finding across edits (rule + resource address, not
	// line numbers): SARIF partialFingerprints derive from it. Findings of
	// a rule with the same Range and Key are one finding (see Merge).
	Key string
	// Reach lists the trails and event data stores that reach the finding.
	Reach []Reach
	// Data is what the rule's Merge needs of the finding; the findings that
	// Run and Stream return do not hold it.
	Data any
	// Suppressed holds the in-source ignore that silences this finding.
	Suppressed *graph.Ignore
	// alone is the ID of the key a finding of ReportAlone is about.
	alone string
}

// Pass hands an analyzer the graph and collects what it reports.
type Pass struct {
	Analyzer *Analyzer
	Graph    *graph.Graph
	// Facts holds what several analyzers derive alike (a trail's key and
	// policy), computed once per run.
	Facts *Facts
	diags []Diagnostic
}

// Report records a diagnostic of the pass's rule at the rule's level.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.Analyzer.Name
	d.Severity = p.Analyzer.Severity
	p.diags = append(p.diags, d)
}

// Run runs the analyzers over g and returns their diagnostics in output
// order, one per defect (see Merge). A panic in one analyzer becomes an
// error diagnostic of that analyzer and the others still run. The analysis
// is a run of its own, with the default limits.
func Run(g *graph.Graph, as []*Analyzer) []Diagnostic {
	return Merge(run(NewFacts(g), as), as)
}

// RunBudget is Run within the budget b of a larger run.
func RunBudget(g *graph.Graph, as []*Analyzer, b *budget.Run) []Diagnostic {
	return Merge(run(newFacts(g, b), as), as)
}

// run runs the analyzers and returns their findings as reported, one per
// trail: Merge makes them one per defect once every unit is in.
func run(facts *Facts, as []*Analyzer) []Diagnostic {
	defer func() {
		// The analyzers say where the budget ran out; should one have
		// matched without asking, the run still says it once.
		if facts.meter.Crossed() {
			facts.g.Diagnostics = append(facts.g.Diagnostics, budgetDiagnostic(facts.meter, graph.Range{}))
		}
	}()
	g := facts.g
	var out []Diagnostic
	for _, a := range as {
		p := &Pass{Analyzer: a, Graph: g, Facts: facts}
		func() {
			defer func() {
				if r := recover(); r != nil {
					g.Diagnostics = append(g.Diagnostics, graph.Diagnostic{
						Severity: graph.SevError,
						Class:    graph.ClassInternal,
						Summary:  fmt.Sprintf("internal error in %s: %v", a.Name, r),
					})
				}
			}()
			a.Run(p)
		}()
		out = append(out, p.diags...)
	}
	Sort(out)
	return out
}

// Sort orders diagnostics by location, then rule, then message, then the
// resource they are about: a module two roots call gives a finding at the
// same place for each, and their order must not depend on which root was
// analysed first.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Range != b.Range {
			return a.Range.Less(b.Range)
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if a.Fix != b.Fix {
			return a.Fix < b.Fix
		}
		return relatedLess(a.Related, b.Related)
	})
}

// relatedLess orders lists of related locations, so that Sort is total.
func relatedLess(a, b []Related) bool {
	for i := range min(len(a), len(b)) {
		if a[i].Range != b[i].Range {
			return a[i].Range.Less(b[i].Range)
		}
		if a[i].Message != b[i].Message {
			return a[i].Message < b[i].Message
		}
	}
	return len(a) < len(b)
}

// Touching keeps the findings that have a location, primary or related,
// in a file named reports true for: a pre-commit run names the files of a
// commit, and a finding whose fix or cause is in one of them is its.
func Touching(ds []Diagnostic, named func(string) bool) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		keep := named(d.Range.File)
		for _, r := range d.Related {
			keep = keep || named(r.Range.File)
		}
		if keep {
			out = append(out, d)
		}
	}
	return out
}
