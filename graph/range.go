// Package graph is the resource graph that every parser fills and every
// analyzer reads: resources of both formats under one set of kinds, with
// values that remember where they were written.
package graph

import "fmt"

// Pos is a position in a source file. Line and Column are 1-based; Column
// counts Unicode code points (SARIF columnKind "unicodeCodePoints"), so a
// tab is one column. Byte is the 0-based byte offset.
type Pos struct {
	Line   int
	Column int
	Byte   int
}

// Range is a span of a source file. File is slash-separated and relative to
// the scan root. End is exclusive, as in SARIF and hcl.
type Range struct {
	File  string
	Start Pos
	End   Pos
}

// IsZero reports whether r points nowhere.
func (r Range) IsZero() bool { return r.File == "" }

// String renders r as file:line:col, the form compilers and editors expect.
func (r Range) String() string {
	if r.IsZero() {
		return "<unknown>"
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Contains reports whether o lies within r (same file, inclusive bounds by line
// and column).
func (r Range) Contains(o Range) bool {
	if r.File != o.File {
		return false
	}
	return !before(o.Start, r.Start) && !before(r.End, o.End)
}

// Less orders ranges by file, then start position; it is the order of all
// output.
func (r Range) Less(o Range) bool {
	if r.File != o.File {
		return r.File < o.File
	}
	if r.Start.Line != o.Start.Line {
		return r.Start.Line < o.Start.Line
	}
	if r.Start.Column != o.Start.Column {
		return r.Start.Column < o.Start.Column
	}
	if r.End.Line != o.End.Line {
		return r.End.Line < o.End.Line
	}
	return r.End.Column < o.End.Column
}

func before(a, b Pos) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}
