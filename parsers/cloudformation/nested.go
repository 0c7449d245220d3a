package cloudformation

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/trailint/trailint/graph"
)

// maxNesting bounds nested stacks within nested stacks.
const maxNesting = 16

const stackType = "AWS::CloudFormation::Stack"

// plan creates the stacks to evaluate: every template that no other
// template nests is a root, and each nested template is evaluated under its
// parent, with the parameters the parent passes. order is the place of each
// of files among all n candidate files; a stack's place decides which of
// two exports of one name wins.
func (l *loader) plan(files []*template, order map[string]int, n int) {
	// A template nested by another one is evaluated as nested only, so
	// its resources are not added twice.
	nestedBy := l.nestedBy
	l.quiet = true
	work := slices.Clone(files)
	for i := 0; i < len(work); i++ {
		t := work[i]
		l.guard(t.file, func() {
			s := newStack(l, t)
			for _, res := range t.resources {
				if res.typ != stackType {
					continue
				}
				child, ok := l.childPath(s, res)
				if !ok || child == t.file || nestedBy[child] {
					continue
				}
				nestedBy[child] = true
				if ct := l.template(child, res.key.rng); ct != nil && !slices.Contains(work, ct) {
					work = append(work, ct)
				}
			}
		})
	}
	l.quiet = false
	done := map[string]bool{}
	for _, t := range files {
		if !nestedBy[t.file] {
			l.order = order[t.file]
			l.guard(t.file, func() { l.instantiate(t, nil, nil, []string{t.file}, done) })
		}
	}
	// Templates that only nest each other in a cycle.
	for i, t := range files {
		if !done[t.file] {
			l.order = n + i
			l.guard(t.file, func() { l.instantiate(t, nil, nil, []string{t.file}, done) })
		}
	}
}

func (l *loader) instantiate(t *template, parent *stack, via *resDecl, chain []string, done map[string]bool) *stack {
	s := newStack(l, t)
	if parent != nil {
		s.parent, s.via = parent, via
		s.passed = via.props().get("Parameters")
		s.calls = append(slices.Clone(parent.calls), via.key.rng)
		if l.nested[t.file] > 0 {
			s.suffix = "@" + parent.id(via.name)
		}
		l.nested[t.file]++
	}
	done[t.file] = true
	s.order = l.order
	l.stacks = append(l.stacks, s)
	for _, res := range t.resources {
		if res.typ != stackType || !s.exists(res) {
			continue
		}
		child, ok := l.childPath(s, res)
		if !ok {
			continue
		}
		if slices.Contains(chain, child) {
			l.diag(graph.SevError, res.key.rng, "nested stack "+res.name+" includes "+child+" within itself",
				"the chain of nested stacks is "+strings.Join(append(chain, child), " -> "))
			continue
		}
		if len(chain) > maxNesting {
			l.diag(graph.SevError, res.key.rng, fmt.Sprintf("nested stack %s nests more than %d levels deep", res.name, maxNesting),
				child+" is not evaluated under "+t.file+"; the chain of nested stacks is "+strings.Join(append(chain, child), " -> "))
			continue
		}
		ct := l.template(child, res.key.rng)
		if ct == nil {
			if l.notTemplate[child] {
				l.diag(graph.SevError, res.key.rng, "nested stack template "+child+" is not a CloudFormation template", "")
			}
			continue
		}
		s.children[res.name] = l.instantiate(ct, s, res, append(slices.Clone(chain), child), done)
	}
	return s
}

// exists reports whether a resource may be created: its condition is not
// decidably false.
func (s *stack) exists(res *resDecl) bool {
	c, ok := res.body.get("Condition").text()
	return !ok || s.condition(c, res.body.get("Condition").rng) != no
}

// childPath resolves a nested stack's TemplateURL when it is a local path.
// Paths stay within the scanned file system.
func (l *loader) childPath(s *stack, res *resDecl) (string, bool) {
	u := res.props().get("TemplateURL")
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
		l.diag(graph.SevError, u.rng, "nested stack TemplateURL "+url+" is an absolute path",
			"only paths relative to the parent template are followed")
		return "", false
	}
	p := path.Clean(path.Join(path.Dir(s.t.file), url))
	if p == ".." || strings.HasPrefix(p, "../") {
		l.diag(graph.SevError, u.rng, "nested stack TemplateURL "+url+" leaves the scanned directory",
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
		if c, ok := out.get("Condition").text(); ok && s.condition(c, k.rng) == no {
			continue
		}
		name := s.eval(exp.get("Name"))
		if name == nil || name.Type != graph.String {
			continue
		}
		add(name.Str, &export{stack: s, out: out})
	}
}
