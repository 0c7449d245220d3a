package cloudformation

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// maxNesting bounds nested stacks within nested stacks.
const maxNesting = 16

const stackType = "AWS::CloudFormation::Stack"

// plan creates the stacks to evaluate: every template that no other
// template nests is a root, and each nested template is evaluated under its
// parent, with the parameters the parent passes. order is the place of each
// of files among all n candidate files; a stack's place decides which of
// two exports of one name wins.
//
// A template is evaluated only through its parents when every nesting of
// it is evaluated. One nested where a condition is false, in a cycle or
// too deep is evaluated on its own as well: a parent that does not deploy
// it must not hide its trails.
func (l *loader) plan(files []*template, order map[string]int, n int) {
	// A template nested by another one is evaluated as nested only, so
	// its resources are not added twice.
	nestedBy := l.nestedBy
	l.quiet = true
	// Planning reads TemplateURLs only, on a budget of its own that
	// reports nothing: the stacks evaluated next meet the same limits and
	// say so.
	scratch := newWork(l.opts.Budget)
	work := slices.Clone(files)
	for i := 0; i < len(work); i++ {
		t := work[i]
		l.guard(t.file, func() {
			s := newStack(l, t, scratch)
			s.expandLoops()
			for _, res := range s.t.resources {
				if res.typ != stackType {
					continue
				}
				child, ok := l.childPath(s, res)
				if !ok || child == t.file || nestedBy[child] {
					continue
				}
				nestedBy[child] = true
				if ct := l.template(child, true); ct != nil && !slices.Contains(work, ct) {
					work = append(work, ct)
				}
			}
		})
	}
	l.quiet = false
	for _, t := range files {
		if !nestedBy[t.file] {
			l.order = order[t.file]
			l.root(t, l.newWork())
		}
	}
	// Templates that only nest each other in a cycle, or whose every
	// nesting was not evaluated.
	for i, t := range files {
		if l.instances[t.file] == 0 {
			l.order = n + i
			l.root(t, l.newWork())
		}
	}
	l.rootSkipped(n + len(files))
}

// rootSkipped evaluates on their own the templates that are evaluated
// through a parent but whose nesting elsewhere is not. They share one
// budget: each of them is evaluated already, and a few nested stacks that
// fan out must not cost a full budget per template.
func (l *loader) rootSkipped(order int) {
	var w *work
	for {
		var next []string
		for f := range l.skipped {
			if !l.rooted[f] && l.nested[f] > 0 && l.templates[f] != nil {
				next = append(next, f)
			}
		}
		if len(next) == 0 {
			return
		}
		sort.Strings(next)
		if w == nil {
			w = l.newWork()
		}
		for _, f := range next {
			l.order = order
			order++
			l.root(l.templates[f], w)
		}
	}
}

// root evaluates t as a root stack.
func (l *loader) root(t *template, w *work) {
	l.rooted[t.file] = true
	l.guard(t.file, func() { l.instantiate(t, nil, nil, []string{t.file}, w) })
}

func (l *loader) instantiate(t *template, parent *stack, via *resDecl, chain []string, w *work) *stack {
	s := newStack(l, t, w)
	if parent != nil {
		s.parent, s.via = parent, via
		s.passed = parent.props(via).get("Parameters")
		s.calls = append(slices.Clone(parent.calls), via.key.rng)
		l.nested[t.file]++
	}
	s.expandLoops()
	if l.instances[t.file] > 0 {
		// Keeps the IDs of a template's resources apart from those of
		// its other instances.
		s.suffix = "@alone"
		if parent != nil {
			s.suffix = "@" + parent.id(via.name)
		}
	}
	l.instances[t.file]++
	s.order = l.order
	l.stacks = append(l.stacks, s)
	for _, res := range s.t.resources {
		if res.typ == stackType {
			l.nest(s, res, chain, w)
		}
	}
	return s
}

// nest evaluates the stack a nesting resource of s names, or records why
// it is not evaluated there.
func (l *loader) nest(s *stack, res *resDecl, chain []string, w *work) {
	child, ok := l.childPath(s, res)
	if !ok {
		return
	}
	skip := func(why string) {
		s.notNested[res.name] = why
		l.skipped[child] = true
	}
	if c, ok := s.conditionOf(res.body); ok && s.condition(c, res.body.get("Condition").rng) == no {
		skip("condition " + c + " is false")
		return
	}
	if slices.Contains(chain, child) {
		l.diag(graph.SevError, graph.ClassEval, res.key.rng, "nested stack "+res.name+" includes "+child+" within itself",
			"the chain of nested stacks is "+strings.Join(append(chain, child), " -> "))
		skip("it includes " + child + " within itself")
		return
	}
	if len(chain) > maxNesting {
		l.diag(graph.SevError, graph.ClassEval, res.key.rng, fmt.Sprintf("nested stack %s nests more than %d levels deep", res.name, maxNesting),
			child+" is not evaluated under "+s.t.file+"; the chain of nested stacks is "+strings.Join(append(chain, child), " -> "))
		skip(fmt.Sprintf("it nests more than %d levels deep", maxNesting))
		return
	}
	ct := l.template(child, true)
	if ct == nil {
		switch err := l.unreadable[child]; {
		case l.notTemplate[child]:
			l.diag(graph.SevError, graph.ClassEval, res.key.rng, "nested stack template "+child+" is not a CloudFormation template", "")
		case err != nil:
			// A TemplateURL that names no file is a mistake of the parent;
			// a file that is there and cannot be read, one of the file.
			class := graph.ClassFile
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errOutside) {
				class = graph.ClassEval
			}
			l.diag(graph.SevError, class, res.key.rng, "nested stack template "+child+" cannot be read", err.Error())
		}
		s.notNested[res.name] = child + " is not a template trailint can read"
		return
	}
	if over := s.spend(budget.Instances, 1, res.key.rng); over != nil {
		// The budget's diagnostic says what is not analysed; a template
		// never reached is still evaluated on its own.
		s.notNested[res.name] = over.Why
		return
	}
	s.children[res.name] = l.instantiate(ct, s, res, append(slices.Clone(chain), child), w)
}

// exists reports whether a resource may be created: its condition is not
// decidably false.
func (s *stack) exists(res *resDecl) bool {
	c, ok := s.conditionOf(res.body)
	return !ok || s.condition(c, res.body.get("Condition").rng) != no
}

// conditionOf returns the name of the condition of a resource or output
// declaration. With AWS::LanguageExtensions the name may be computed
// (Fn::FindInMap with a DefaultValue of AWS::NoValue, in a loop): a name
// known only at deploy time decides nothing, and AWS::NoValue is none.
func (s *stack) conditionOf(decl *node) (string, bool) {
	n := decl.get("Condition")
	if name, ok := n.text(); ok || n == nil || n.kind != kMap {
		return name, ok
	}
	v := s.eval(n)
	if v == nil {
		return "", false
	}
	return v.KnownString()
}

// childPath resolves a nested stack's TemplateURL when it is a local path.
// Paths stay within the scanned file system.
func (l *loader) childPath(s *stack, res *resDecl) (string, bool) {
	u := s.props(res).get("TemplateURL")
	if u == nil {
		return "", false
	}
	v := s.eval(u)
	url, ok := v.KnownString()
	if !ok || url == "" {
		return "", false
	}
	low := strings.ToLower(url)
	if strings.Contains(low, "://") {
		return "", false // a template in S3 or on the web: not scanned
	}
	if strings.HasPrefix(url, "/") || strings.HasPrefix(url, `\`) || len(url) >= 2 && url[1] == ':' {
		l.diag(graph.SevError, graph.ClassEval, u.rng, "nested stack TemplateURL "+url+" is an absolute path",
			"only paths relative to the parent template are followed")
		return "", false
	}
	p := path.Clean(path.Join(path.Dir(s.t.file), url))
	if p == ".." || strings.HasPrefix(p, "../") {
		l.diag(graph.SevError, graph.ClassEval, u.rng, "nested stack TemplateURL "+url+" leaves the scanned directory",
			"only templates within the scanned directory are followed")
		return "", false
	}
	return p, true
}

// collectExports evaluates the export names of every stack, so that
// Fn::ImportValue can reach the exporting template. alone are the exports of
// the stacks evaluated on their own, by place. Of two exports of one name,
// the first stack's wins.
func (l *loader) collectExports(alone []ordered) {
	add := func(name string, e *export) {
		if _, dup := l.exports[name]; !dup {
			l.exports[name] = e
		}
	}
	next := 0
	flush := func(before int) {
		for ; next < len(alone) && alone[next].order < before; next++ {
			for _, x := range alone[next].exports {
				add(x.name, x.e)
			}
		}
	}
	for _, s := range l.stacks {
		flush(s.order)
		l.guard(s.t.file, func() { l.stackExports(s, add) })
	}
	flush(math.MaxInt)
	l.exportsReady = true
}

// stackExports passes the exports of one stack to add, in declaration order.
func (l *loader) stackExports(s *stack, add func(string, *export)) {
	outs := s.t.outputs
	if outs == nil || outs.kind != kMap {
		return
	}
	for i, k := range outs.keys {
		out := outs.vals[i]
		exp := out.get("Export")
		if exp == nil {
			continue
		}
		if c, ok := s.conditionOf(out); ok && s.condition(c, k.rng) == no {
			continue
		}
		name := s.eval(exp.get("Name"))
		if name == nil || name.Type != graph.String {
			continue
		}
		add(name.Str, &export{stack: s, out: out})
	}
}
