package fix

import (
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// Edits are made from the ranges the loaders record: a block's range ends
// after its closing brace, a property's after its value. New text goes
// where its syntax wants it (before a block's closing brace, after a
// template's property or a list's last element), indented as the text
// beside it is.

// Replace replaces the text of r.
func Replace(r graph.Range, text string) analyzers.Edit {
	return analyzers.Edit{Range: r, Text: text}
}

// Indent prefixes every line of text but the first with ind.
func Indent(text, ind string) string {
	return strings.ReplaceAll(text, "\n", "\n"+ind)
}

// spaces is the indentation of text that starts at column col.
func spaces(col int) string { return strings.Repeat(" ", max(col-1, 0)) }

// Anchor is a place where a fix's text goes, and what surrounds it there:
// Before and After are written around the text, whose lines after the
// first are indented by Indent. A Range that starts where it ends is an
// insertion.
type Anchor struct {
	Range         graph.Range
	Before, After string
	Indent        string
}

// Edit is the edit that writes text at a.
func (a Anchor) Edit(text string) analyzers.Edit {
	return analyzers.Edit{Range: a.Range, Text: a.Before + Indent(text, a.Indent) + a.After}
}

// BeforeClose is the place of a new last entry of an HCL block: before
// its closing brace, one level (two spaces) deeper than the brace. ok is
// false when the block's range does not end with a brace on a line after
// its header.
func BeforeClose(block graph.Range) (Anchor, bool) {
	end := block.End
	if block.IsZero() || end.Column < 2 || end.Line <= block.Start.Line {
		return Anchor{}, false
	}
	brace := graph.Pos{Line: end.Line, Column: end.Column - 1, Byte: max(end.Byte-1, 0)}
	ind := spaces(brace.Column)
	return Anchor{Range: graph.Range{File: block.File, Start: brace, End: brace}, Before: "  ", After: "\n" + ind, Indent: ind + "  "}, true
}

// After is the place of a new entry after one that ends at the end of r,
// at r's indentation: a property of a template resource, an element of a
// JSON or jsonencode() list. sep ends the entry before (",", or "" in
// YAML); dedent is how many columns the entry's own start is to the right
// of where a new one starts (2 for the "- " of a YAML list item).
func After(r graph.Range, sep string, dedent int) (Anchor, bool) {
	if r.IsZero() || r.Start.Line < 1 || r.Start.Column-dedent < 1 || r.End.Line < r.Start.Line {
		return Anchor{}, false
	}
	ind := spaces(r.Start.Column - dedent)
	return Anchor{Range: graph.Range{File: r.File, Start: r.End, End: r.End}, Before: sep + "\n" + ind, Indent: ind}, true
}

// At is the place of text that replaces r, indented as r starts.
func At(r graph.Range) (Anchor, bool) {
	if r.IsZero() || r.Start.Line < 1 || r.Start.Column < 1 {
		return Anchor{}, false
	}
	return Anchor{Range: r, Indent: spaces(r.Start.Column)}, true
}

// SetProperty is the edit that gives r's property a the value v: a
// replacement of the property where it is written, else an insertion as
// the last attribute of a Terraform block or after the last property of a
// template resource that the graph knows. ok is false where neither can be
// made.
func SetProperty(r *graph.Resource, a *graph.Attr, v Value) (analyzers.Edit, bool) {
	text := Property(Of(r), a.Name, v)
	if a.Value != nil && !a.Range.IsZero() {
		return Replace(a.Range, text), true
	}
	at, ok := PropertyAnchor(r)
	if !ok {
		return analyzers.Edit{}, false
	}
	return at.Edit(text), true
}

// PropertyAnchor is where a new property of r goes: as the last attribute
// of a Terraform block, or after the last property of a template resource
// that the graph knows (a new key of the same mapping).
func PropertyAnchor(r *graph.Resource) (Anchor, bool) {
	switch form := Of(r); form {
	case HCL:
		return BeforeClose(r.Block)
	case graph.FormYAML, graph.FormTemplateJSON:
		last := LastProperty(r)
		if last == nil {
			return Anchor{}, false
		}
		sep := ""
		if form == graph.FormTemplateJSON {
			sep = ","
		}
		return After(last.Range, sep, 0)
	}
	return Anchor{}, false
}

// LastProperty is the property of a template resource written last among
// those the graph knows, or nil.
func LastProperty(r *graph.Resource) *graph.Attr {
	var last *graph.Attr
	for _, a := range r.Props {
		if a.Value == nil || a.Range.IsZero() || a.Range.File != r.Header.File || a.Range.Start.Line <= r.Header.Start.Line {
			continue
		}
		if last == nil || last.Range.End.Line < a.Range.End.Line ||
			last.Range.End.Line == a.Range.End.Line && last.Range.End.Column < a.Range.End.Column {
			last = a
		}
	}
	return last
}
