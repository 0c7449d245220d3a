package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/trailint/trailint/graph"
)

// A trail or event data store of which no evaluation creates an instance
// (its count is 0, or its for_each empty, with every value trailint has:
// the variables' defaults, tfvars, --var, what callers pass) is not
// checked. That must not pass in silence: the value that creates it comes
// from outside the scan (a caller in another repository, a tfvars file
// given at apply time), and until it does nobody has looked at the
// trail's key. A count that is a constant is the author's decision and
// is not remarked on.

// unmade is a trail or event data store without an instance, and the
// count or for_each that gave it none.
type unmade struct {
	what string      // "trail aws_cloudtrail.this"
	attr string      // "count" or "for_each"
	at   graph.Range // the attribute
	vars []string    // the variables the attribute reads
	// call is where the module instance of the trail is called, the
	// innermost call; the zero Range when it is a root module's, whose
	// variables --var sets.
	call graph.Range
}

// unmadeOf describes r, which has no instance; nil when no count or
// for_each that reads a value is the reason.
func (m *modInst) unmadeOf(r *resourceDecl) *unmade {
	l := m.l
	a, name := r.count, "count"
	if a == nil {
		a, name = r.forEach, "for_each"
	}
	if a == nil || len(a.Expr.Variables()) == 0 {
		return nil
	}
	what := "trail "
	if r.typ == "aws_cloudtrail_event_data_store" {
		what = "event data store "
	}
	u := &unmade{what: what + r.key, attr: name, at: l.rng(a.Range), vars: varsOf(a.Expr)}
	if len(m.calls) > 0 {
		u.call = m.calls[len(m.calls)-1]
	}
	return u
}

// rootLevel reports whether u was met in a root module, where --var
// gives its variables.
func (u *unmade) rootLevel() bool { return u.call == (graph.Range{}) }

// keepUnmade records u for k in into, preferring a root module's account,
// whose hint (--var) the user can follow from the command line.
func keepUnmade(into map[string]*unmade, k string, u *unmade) {
	if old := into[k]; old == nil || !old.rootLevel() && u != nil && u.rootLevel() {
		into[k] = u
	}
}

// varsOf lists the input variables e reads, sorted.
func varsOf(e hcl.Expression) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range e.Variables() {
		if t.RootName() != "var" || len(t) < 2 {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); ok && !seen[a.Name] {
			seen[a.Name] = true
			out = append(out, a.Name)
		}
	}
	sort.Strings(out)
	return out
}

// unmadeNotes says, for each trail and event data store of which no
// evaluation made an instance, that it is not checked and what would
// create it; trails maps them to whether some evaluation made one.
func unmadeNotes(trails map[string]bool, unmade map[string]*unmade) []graph.Diagnostic {
	var out []graph.Diagnostic
	for k, made := range trails {
		u := unmade[k]
		if made || u == nil {
			continue
		}
		none := "its count is 0"
		if u.attr == "for_each" {
			none = "its for_each is empty"
		}
		detail := "no instance of it exists with the values trailint has (the variables' defaults, tfvars files, --var, and what callers pass). "
		if len(u.vars) == 0 {
			detail += "Give the values its " + u.attr + " reads ones that create it to check it."
		} else {
			names := make([]string, len(u.vars))
			flags := make([]string, len(u.vars))
			for i, v := range u.vars {
				names[i] = "var." + v
				flags[i] = "--var " + v + "=..."
			}
			if u.rootLevel() {
				detail += fmt.Sprintf("To check it, give %s a value that creates it (%s).", strings.Join(names, ", "), strings.Join(flags, " "))
			} else {
				detail += fmt.Sprintf("To check it, pass %s a value that creates it in the module call at %s.", strings.Join(names, ", "), u.call)
			}
		}
		out = append(out, graph.Diagnostic{Severity: graph.SevNote, Class: graph.ClassInput,
			Summary: u.what + " is not checked: " + none + " wherever it is evaluated",
			Detail:  detail, Range: u.at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Less(out[j].Range) })
	return out
}
