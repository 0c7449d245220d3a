// Package terraform loads Terraform configurations into the resource graph.
// It evaluates them as Terraform would at plan time, as far as that is
// possible without providers, state or network: every value handed to the
// graph is known, partly known (a string with holes) or unknown, never a
// guess.
package terraform

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
	"github.com/trailint/trailint/internal/spell"
)

// Options are the command-line inputs of a Terraform load.
type Options struct {
	Region      string            // region of provider configurations that name none
	Vars        map[string]string // --var name=value
	VarFiles    []string          // --var-file paths relative to the fsys root
	MaxFileSize int64             // 0 means 10 MiB; larger files are skipped with a diagnostic
	// CheckVars are the Vars to warn about when no root module declares
	// them.
	CheckVars []string
	// Listings holds the entries of dirs the caller has listed already, as
	// fs.ReadDir gives them: dirs not in it are listed by the loader.
	Listings map[string][]fs.DirEntry
	// Budget is the run's; nil means one with the default limits.
	Budget *budget.Run
	// Plan, when not nil, is a plan of one of the roots: that root is
	// evaluated with what the plan knows (see plan.go).
	Plan *Plan
	// Focus, when not nil, holds the dirs whose findings are asked for
	// (files named alone): of the other dirs, only those that may call
	// them, directly or in turn, are read, so that the focus dirs are
	// evaluated as the roots that call them evaluate them.
	Focus map[string]bool
	// Everything evaluates the whole configuration rather than what the
	// analysis reads, so that every evaluation problem is said: for
	// --verbose.
	Everything bool
	// Above is how many directories above the fsys root the repository
	// reaches: local module sources and file functions may leave the root
	// by as many "../" as that, as Terraform follows them, and never
	// further. The fsys must open such paths.
	Above int
}

const (
	defaultMaxFileSize = 10 << 20
	maxModuleDepth     = 20
)

type loader struct {
	// root is the root module dir being evaluated; shared holds the trees
	// of module files other roots parsed.
	root       string
	shared     *parseCache
	noting     *[]string // collects the names prepare notes, for shared
	fsys       fs.FS
	opts       Options
	maxSize    int64
	graph      *graph.Graph
	sources    map[string][]byte
	unreadable map[string][]byte
	files      map[string]bool
	parsed     map[string]*file
	modules    map[string]*module
	names      map[string]bool
	funcs      map[string]map[string]function.Function
	templates  map[string]hclsyntax.Expression
	manifests  map[string]map[string]string
	diagSeen   map[graph.Diagnostic]bool
	docs       map[string]*inst
	// syntaxErrs holds where each file failed to parse: a block that holds
	// such a place is read only in part, so no resource is made of it.
	syntaxErrs map[string][]hcl.Pos
	// dirs caches the listings of dirs, which several steps read.
	dirs map[string]dirList
	// marks is a scratch mark set, copied by cty into each value marked
	// with it.
	marks cty.ValueMarks
	// unit is the root's share of the run's budget; budgetSaid is set
	// once running out of it is said.
	unit       *budget.Unit
	budgetSaid bool

	// plan is the plan of the root being evaluated, or nil.
	plan *Plan
	// recorded holds, in the first pass, the parses of files other roots
	// may replay.
	recorded map[string]*parsedFile
	// trails holds the trails and event data stores of the module
	// instances run, as "dir\x00address in the module", and whether any
	// instance of each was evaluated.
	trails map[string]bool
	// unmade describes the trails and event data stores of trails that
	// have no instance, by the same key.
	unmade map[string]*unmade
	// exprNames memoises namesIn.
	exprNames map[hcl.Expression][]string
	// relevance memoises relevant, by module dir and call path.
	relevance map[string]bool
	// missing holds the calls of modules that are not downloaded, by the
	// place of the call, with their sources.
	missing map[graph.Range]string
	// notMissing holds the calls among them whose modules are not needed.
	notMissing map[graph.Range]bool
}

// newLoader returns a loader for one root module and the modules it calls.
func newLoader(fsys fs.FS, opts Options) *loader {
	l := &loader{
		fsys: fsys, opts: opts, maxSize: opts.MaxFileSize,
		graph:   &graph.Graph{},
		sources: map[string][]byte{}, unreadable: map[string][]byte{},
		files: map[string]bool{}, parsed: map[string]*file{}, modules: map[string]*module{},
		names: make(map[string]bool, len(baseNames)+64), funcs: map[string]map[string]function.Function{},
		templates: map[string]hclsyntax.Expression{}, manifests: map[string]map[string]string{},
		diagSeen: map[graph.Diagnostic]bool{}, docs: map[string]*inst{},
		syntaxErrs: map[string][]hcl.Pos{}, dirs: map[string]dirList{},
		marks: cty.ValueMarks{}, unit: opts.Budget.Unit(), relevance: map[string]bool{}, trails: map[string]bool{}, unmade: map[string]*unmade{},
	}
	if l.maxSize <= 0 {
		l.maxSize = defaultMaxFileSize
	}
	for _, n := range baseNames {
		l.names[n] = true
	}
	return l
}

// baseNames are the attributes every resource object carries, whether or
// not a reference names them: those trailint reads.
var baseNames = []string{"arn", "id", "key_id", "name", "bucket", "json", "minified_json",
	"account_id", "user_id", "region", "partition", "dns_suffix", "target_key_id"}

// finish hands over what the loader read and found.
func (l *loader) finish() *graph.Graph {
	l.unit.Close()
	for f := range l.files {
		l.graph.Files = append(l.graph.Files, f)
	}
	return l.graph
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// manifest reads .terraform/modules/modules.json of a root: call key → dir.
func (l *loader) manifest(rootDir string) map[string]string {
	if m, ok := l.manifests[rootDir]; ok {
		return m
	}
	m := map[string]string{}
	l.manifests[rootDir] = m
	b, err := fs.ReadFile(l.fsys, path.Join(rootDir, ".terraform/modules/modules.json"))
	if err != nil || int64(len(b)) > l.maxSize {
		return m
	}
	var doc struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(b, &doc) != nil {
		return m
	}
	for _, e := range doc.Modules {
		if e.Key != "" && e.Dir != "" {
			if d, err := l.resolveIn(rootDir, e.Dir); err == nil {
				m[e.Key] = d
			}
		}
	}
	return m
}

// diag records a diagnostic about a file once.
func (l *loader) diag(sev graph.Severity, summary, detail string, r hcl.Range) {
	l.diagClass(sev, graph.ClassFile, summary, detail, r)
}

// evalDiag records a problem of evaluation once.
func (l *loader) evalDiag(sev graph.Severity, summary, detail string, r hcl.Range) {
	l.diagClass(sev, graph.ClassEval, summary, detail, r)
}

// diagClass records a diagnostic of the given class once.
func (l *loader) diagClass(sev graph.Severity, class graph.Class, summary, detail string, r hcl.Range) {
	d := graph.Diagnostic{Severity: sev, Class: class, Summary: summary, Detail: detail, Range: l.rng(r)}
	if l.diagSeen[d] {
		return
	}
	l.diagSeen[d] = true
	l.graph.Diagnostics = append(l.graph.Diagnostics, d)
}

// hclDiags records hcl diagnostics about a file: errors, and warnings that
// stay warnings.
func (l *loader) hclDiags(diags hcl.Diagnostics) {
	l.hclDiagsClass(diags, graph.SevError, graph.ClassFile)
}

// evalDiags records the diagnostics of evaluating an expression: problems
// of trailint's evaluation, not of the file, but for running out of the
// budget, which is said as such.
func (l *loader) evalDiags(diags hcl.Diagnostics) {
	if l.budgetDiag(diags) {
		return
	}
	l.hclDiagsClass(diags, graph.SevWarning, graph.ClassEval)
}

func (l *loader) hclDiagsClass(diags hcl.Diagnostics, sev graph.Severity, class graph.Class) {
	for _, d := range diags {
		s := sev
		if d.Severity == hcl.DiagWarning {
			s = graph.SevWarning
		}
		var r hcl.Range
		if d.Subject != nil {
			r = *d.Subject
		}
		summary, detail := undeclared(d)
		if summary != d.Summary {
			r = d.Expression.Range() // the whole reference, not just its root
		}
		if d.Summary == "Call to unknown function" {
			detail = unknownFunction(d)
		}
		l.diagClass(s, class, summary, detail, r)
	}
}

// unknownFunction words a call to a function that does not exist with the
// closest name, as hcl does, but deterministically: hcl takes the first
// name close enough in the random order of a map, so "jsoneqcode" would be
// "jsondecode" in one run and "jsonencode" in the next.
func unknownFunction(d *hcl.Diagnostic) string {
	call, ok := d.Expression.(*hclsyntax.FunctionCallExpr)
	if !ok || d.EvalContext == nil {
		return d.Detail
	}
	var names []string
	for n := range d.EvalContext.Functions {
		names = append(names, n)
	}
	best := spell.Closest(call.Name, names, 3) // hcl's threshold
	detail := fmt.Sprintf("There is no function named %q.", call.Name)
	if best != "" {
		detail += fmt.Sprintf(" Did you mean %q?", best)
	}
	return detail
}

// undeclared words a reference to something the module does not declare as
// Terraform does ("Reference to undeclared input variable"): the evaluator
// builds each expression's context from the names it declares, so hcl
// itself would only say that no variable is named "var".
func undeclared(d *hcl.Diagnostic) (summary, detail string) {
	if d.Summary != "Unknown variable" && d.Summary != "Unsupported attribute" || d.Expression == nil {
		return d.Summary, d.Detail
	}
	t, diags := hcl.AbsTraversalForExpr(d.Expression)
	if diags.HasErrors() || len(t) < 2 {
		return d.Summary, d.Detail
	}
	name := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return "?"
	}
	root := t.RootName()
	if d.Summary == "Unsupported attribute" {
		// var.settings.missing is a missing attribute of a declared
		// variable: only a missing first name is an undeclared one.
		missing := name(1)
		if root == "data" {
			missing = name(2)
		}
		if !strings.Contains(d.Detail, strconv.Quote(missing)) && !strings.Contains(d.Detail, strconv.Quote(name(1))) {
			return d.Summary, d.Detail
		}
	}
	switch root {
	case "var":
		return "Reference to undeclared input variable",
			fmt.Sprintf("An input variable with the name %q has not been declared. Declare it with a variable %q block.", name(1), name(1))
	case "local":
		return "Reference to undeclared local value",
			fmt.Sprintf("A local value with the name %q has not been declared.", name(1))
	case "module":
		return "Reference to undeclared module",
			fmt.Sprintf("No module call named %q is declared in this module.", name(1))
	case "data":
		return "Reference to undeclared resource",
			fmt.Sprintf("A data resource %q %q has not been declared in this module.", name(1), name(2))
	case "count", "each", "path", "terraform", "self":
		return d.Summary, d.Detail
	}
	if d.Summary == "Unknown variable" {
		return "Reference to undeclared resource",
			fmt.Sprintf("A managed resource %q %q has not been declared in this module.", root, name(1))
	}
	return d.Summary, d.Detail
}
