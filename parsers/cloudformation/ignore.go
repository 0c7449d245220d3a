package cloudformation

import (
	"strings"

	"github.com/trailint/trailint/graph"
)

// ignores collects the in-source suppressions of a resource: comments above
// its logical id or above one of its properties (in each Properties mapping
// it may be deployed with), and its Metadata entry.
func (l *loader) ignores(s *stack, res *resDecl, sets []*node, r *graph.Resource) {
	l.commentIgnores(s.t, res.key, r.Block)
	for _, props := range sets {
		if props == nil || props.kind != kMap {
			continue
		}
		for i, k := range props.keys {
			l.commentIgnores(s.t, k, graph.Range{File: k.rng.File, Start: k.rng.Start, End: props.vals[i].rng.End})
		}
	}
	list := res.body.get("Metadata").get("trailint").get("ignore")
	if list == nil {
		return
	}
	items := list.items
	if list.kind != kSeq {
		items = []*node{list}
	}
	for _, it := range items {
		ig := graph.Ignore{At: it.rng, Covers: r.Block}
		if id, ok := it.text(); ok {
			ig.Rule = id
		} else {
			ig.Rule, _ = it.get("id").text()
			ig.Reason, _ = it.get("reason").text()
		}
		if ig.Rule == "" {
			l.diag(graph.SevWarning, graph.ClassFile, it.rng, graph.IgnoreWithoutRule, `write {"id": "TL013", "reason": "..."}`)
			continue
		}
		l.addIgnore(ig)
	}
}

func (l *loader) addIgnore(ig graph.Ignore) {
	for _, o := range l.g.Ignores {
		if o == ig {
			return // a template nested twice
		}
	}
	l.g.Ignores = append(l.g.Ignores, ig)
}

// commentIgnores reads `# trailint:ignore TL013 reason` comments on the
// lines directly above key. Comments indented deeper than the key belong to
// something else (a block scalar's text, the previous entry).
func (l *loader) commentIgnores(t *template, key *node, covers graph.Range) {
	src := t.src
	line, col := key.rng.Start.Line, key.rng.Start.Column
	for ln := line - 1; ln >= 1; ln-- {
		start, end := src.lineBounds(ln)
		text := string(src.data[start:end])
		trimmed := strings.TrimLeft(text, " \t")
		indent := len(text) - len(trimmed)
		if !strings.HasPrefix(trimmed, "#") || indent > col-1 {
			return
		}
		ids, reason, ok := graph.ParseIgnore(strings.TrimLeft(trimmed, "#"))
		if !ok {
			continue
		}
		at := src.span(start+indent, start+len(strings.TrimRight(text, " \t\r")))
		if len(ids) == 0 {
			l.diag(graph.SevWarning, graph.ClassFile, at, graph.IgnoreWithoutRule, graph.IgnoreWithoutRuleDetail)
			continue
		}
		for _, id := range ids {
			l.addIgnore(graph.Ignore{Rule: id, Reason: reason, At: at, Covers: covers})
		}
	}
}
