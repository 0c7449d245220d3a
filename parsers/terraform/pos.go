package terraform

import (
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailint/trailint/graph"
)

// rng converts an hcl range: hcl counts columns in grapheme clusters, the
// graph in code points, so columns are recounted from the byte offsets.
func (l *loader) rng(r hcl.Range) graph.Range {
	if r.Filename == "" {
		return graph.Range{}
	}
	src := l.sources[r.Filename]
	return graph.Range{File: r.Filename, Start: pos(src, r.Start), End: pos(src, r.End)}
}

func pos(src []byte, p hcl.Pos) graph.Pos {
	b := p.Byte
	if b < 0 || b > len(src) {
		return graph.Pos{Line: p.Line, Column: p.Column, Byte: p.Byte}
	}
	start := b
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	if start == 0 && b >= len(bom) && string(src[:len(bom)]) == bom {
		start = len(bom) // a byte order mark is no column
	}
	return graph.Pos{Line: p.Line, Column: utf8.RuneCount(src[start:b]) + 1, Byte: b}
}

// blockRange is the whole block: header to closing brace.
func blockRange(b *hcl.Block) hcl.Range {
	if body, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, body.SrcRange)
	}
	return hcl.RangeBetween(b.DefRange, b.Body.MissingItemRange())
}

// bom is the UTF-8 byte order mark some editors put at the start of a file.
const bom = "\uFEFF"
