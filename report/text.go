package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// tabWidth is how many cells a tab takes in a quoted line; the source line
// and its caret line expand tabs alike, so the caret stays under its column.
const tabWidth = 4

// gutter is the minimum width of the line number column.
const gutter = 5

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
)

// textWriter renders the compiler-style format:
//
//	main.tf:37:3: error TL011: the key policy does not let CloudTrail ...
//	   37 |   kms_key_id     = aws_kms_key.trail.arn
//	      |   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
//	  = fix: add this statement to the key policy:
//	        { ... }
//	  = note: main.tf:27:1: the key
//
// The first line of each entry is what editors' problem matchers parse, so
// it never wraps.
type textWriter struct {
	buf   *bytes.Buffer
	in    *Input
	lines map[string][]int // line start offsets per source file, built on demand
	// marks hold, for long quoted lines, the byte offset of every
	// markEvery-th code point, so that finding a column far into a line
	// does not decode the line again for each finding on it.
	marks map[lineKey][]int
	any   bool
}

func newTextWriter(buf *bytes.Buffer, in *Input) *textWriter {
	return &textWriter{buf: buf, in: in, lines: map[string][]int{}, marks: map[lineKey][]int{}}
}

type lineKey struct {
	file string
	line int
}

func writeText(buf *bytes.Buffer, in *Input) error {
	t := newTextWriter(buf, in)
	var errs, warns, notes, suppressed, evals int
	count := func(level string) {
		switch level {
		case "error":
			errs++
		case "warning":
			warns++
		default:
			notes++
		}
	}
	for i := range in.Problems {
		p := &in.Problems[i]
		level := problemLevel(p.Severity)
		// What could not be evaluated is shown with --verbose, and fails
		// nothing: it is counted apart from findings.
		if p.Class == graph.ClassEval {
			evals++
		} else {
			count(level)
		}
		t.entry()
		t.head(p.Range, level, "", escape(problemText(p), false))
	}
	for i := range in.Diagnostics {
		d := &in.Diagnostics[i]
		if d.Suppressed != nil {
			suppressed++
			if !in.ShowSuppressed {
				continue
			}
		} else {
			count(d.Severity.String())
		}
		t.entry()
		t.finding(d)
	}
	if in.Quiet {
		return nil
	}
	t.entry()
	buf.WriteString(summary(errs, warns, notes, suppressed, evals, in.Files))
	buf.WriteByte('\n')
	return nil
}

// entry separates entries by a blank line.
func (t *textWriter) entry() {
	if t.any {
		t.buf.WriteByte('\n')
	}
	t.any = true
}

func (t *textWriter) color(code, s string) string {
	if !t.in.Color {
		return s
	}
	return code + s + ansiReset
}

func levelColor(level string) string {
	switch level {
	case "error":
		return ansiRed
	case "warning":
		return ansiYellow
	}
	return ansiCyan
}

// head writes `path:line:col: level RULE: message`, or `level: message`
// for a problem that has no position.
// msg is escaped already; the path is escaped here, and kept from reading
// as a workflow command, since it starts the line.
func (t *textWriter) head(r graph.Range, level, rule, msg string) {
	if !r.IsZero() {
		s := spanOf(r)
		t.buf.WriteString(t.color(ansiBold, fmt.Sprintf("%s:%d:%d:", noCommand(escape(r.File, false)), s.line, s.col)))
		t.buf.WriteByte(' ')
	}
	t.buf.WriteString(t.color(levelColor(level), level))
	if rule != "" {
		t.buf.WriteString(" " + rule)
	}
	t.buf.WriteString(": " + msg + "\n")
}

func (t *textWriter) finding(d *analyzers.Diagnostic) {
	level := d.Severity.String()
	msg := escape(message(d), false)
	if d.Suppressed != nil {
		msg += " [suppressed: " + escape(d.Suppressed.Reason, false) + "]"
	}
	t.head(d.Range, level, d.Rule, msg)
	t.quote(d.Range, levelColor(level))
	if fix := strings.TrimRight(graph.Display(d.Fix), "\n"); fix != "" {
		// A fix is several lines by design; each is escaped on its own,
		// and every one but the first is indented.
		for i, line := range strings.Split(fix, "\n") {
			line = strings.TrimRight(escape(line, true), " \t")
			switch {
			case i == 0:
				t.buf.WriteString("  = fix: " + line + "\n")
			case line == "":
				t.buf.WriteString("\n")
			default:
				t.buf.WriteString(noCommand("        " + line + "\n"))
			}
		}
	}
	for _, rel := range d.Related {
		t.buf.WriteString("  = note: ")
		msg := escape(graph.Display(rel.Message), false)
		where := ""
		if !rel.Range.IsZero() {
			where = fmt.Sprintf("%s:%d:%d", escape(rel.Range.File, false), rel.Range.Start.Line, rel.Range.Start.Column)
		}
		switch {
		case where == "":
			t.buf.WriteString(msg)
		case msg == "":
			t.buf.WriteString(where)
		default:
			t.buf.WriteString(where + ": " + msg)
		}
		t.buf.WriteByte('\n')
	}
}

// A quoted line shows at most quoteWidth cells. When the line is longer
// and the range starts past its first quoteWidth-quoteTail cells, the
// quote starts at most quoteLead cells before the range; an ellipsis marks
// each end that is cut. A minified template is one line of megabytes, and
// each of its findings must not quote all of it.
const (
	quoteWidth = 160
	quoteTail  = 40
	quoteLead  = 40
	ellipsis   = "…"
)

// quote writes the range's first line with its number and a caret line
// underlining the range on that line (to the end of the line when the range
// goes on), or the window of it described above. It writes nothing when
// the source is not at hand.
func (t *textWriter) quote(r graph.Range, caretColor string) {
	line, ok := t.line(r.File, r.Start.Line)
	if !ok {
		return
	}
	s := spanOf(r)
	num := strconv.Itoa(s.line)
	pad := strings.Repeat(" ", max(gutter-len(num), 0))

	key := lineKey{r.File, s.line}
	first, start := 1, 0
	if at, fits := caretCell(line, s.col); !fits && at > quoteWidth-quoteTail {
		first, start = t.lead(key, line, s.col)
	}
	var text, under strings.Builder
	cells, ink, from, to := 0, 0, -1, -1
	if first > 1 {
		text.WriteString(ellipsis)
		cells, ink = 1, 1
	}
	col, cut := first, false
	for i := start; i < len(line); col++ {
		if cells >= quoteWidth && col > s.col {
			cut = true
			break
		}
		if col == s.col {
			from = cells
		}
		if s.endLine == s.line && col == s.endCol {
			to = cells
		}
		c, n := utf8.DecodeRune(line[i:])
		shown, w := cell(line, i, c, n)
		text.WriteString(shown)
		cells += w
		if c != ' ' && c != '\t' {
			ink = cells
		}
		i += n
	}
	if from < 0 {
		// The range starts past the end of the line: at its newline.
		from = cells
	}
	if to < 0 {
		// The range goes on past this line, or past the window: underline
		// the rest of it.
		to = ink
		if cut {
			to = cells
		}
	}
	to = max(to, from+1)
	if cut {
		text.WriteString(ellipsis)
	}
	under.WriteString(strings.Repeat(" ", from))
	under.WriteString(t.color(caretColor, "^"+strings.Repeat("~", to-from-1)))

	quoted := strings.TrimRight(text.String(), " ")
	if quoted == "" {
		t.buf.WriteString(pad + num + " |\n")
	} else {
		t.buf.WriteString(pad + num + " | " + quoted + "\n")
	}
	t.buf.WriteString(strings.Repeat(" ", len(pad)+len(num)) + " | " + under.String() + "\n")
}

// caretCell is the cell at which column col starts, and whether the whole
// line fits in quoteWidth cells; it reads no further than that.
func caretCell(line []byte, col int) (at int, fits bool) {
	cells, c := 0, 1
	at = -1
	for i := 0; i < len(line); c++ {
		if c == col {
			at = cells
		}
		if cells > quoteWidth {
			if at < 0 {
				at = cells
			}
			return at, false
		}
		r, n := utf8.DecodeRune(line[i:])
		_, w := cell(line, i, r, n)
		cells += w
		i += n
	}
	if at < 0 {
		at = cells
	}
	return at, cells <= quoteWidth
}

// cell is how rune c, of n bytes at line[i:], is shown in a quote, and the
// cells that takes. A tab is spaces; what a terminal or a CI log would act
// on is escaped, as in every other field.
func cell(line []byte, i int, c rune, n int) (string, int) {
	switch {
	case c == '\t':
		return strings.Repeat(" ", tabWidth), tabWidth
	case c == '[' && i >= 2 && line[i-1] == '#' && line[i-2] == '#':
		return `\x5b`, 4
	case c == utf8.RuneError && n == 1:
		e := fmt.Sprintf(`\x%02x`, line[i])
		return e, len(e)
	case unsafeRune(c):
		e := escapeRune(c)
		return e, len(e)
	}
	return string(line[i : i+n]), runeCells(c)
}

// markEvery is the spacing of the marks of a long line, in code points.
const markEvery = 1024

// lead is where a cut quote starts: the column and byte offset at most
// quoteLead cells before column col (or before the end of the line, when
// col lies past it).
func (t *textWriter) lead(k lineKey, line []byte, col int) (first, start int) {
	i, c := t.offset(k, line, col)
	for cells := 0; i > 0; {
		r, n := utf8.DecodeLastRune(line[:i])
		_, w := cell(line, i-n, r, n)
		if cells+w > quoteLead {
			break
		}
		cells, i, c = cells+w, i-n, c-1
	}
	return c, i
}

// offset is the byte offset of column col (1-based, in code points) of
// line, and col; or len(line) and the column after the line's last when
// the line is shorter.
func (t *textWriter) offset(k lineKey, line []byte, col int) (int, int) {
	i, c := 0, 1
	if col > markEvery {
		marks, ok := t.marks[k]
		if !ok {
			marks = []int{0}
			for j, n := 0, 0; j < len(line); n++ {
				if n > 0 && n%markEvery == 0 {
					marks = append(marks, j)
				}
				_, size := utf8.DecodeRune(line[j:])
				j += size
			}
			t.marks[k] = marks
		}
		m := min((col-1)/markEvery, len(marks)-1)
		i, c = marks[m], m*markEvery+1
	}
	for ; c < col && i < len(line); c++ {
		_, n := utf8.DecodeRune(line[i:])
		i += n
	}
	return i, c
}

// runeCells is how many terminal cells c takes.
func runeCells(c rune) int {
	switch {
	case c == '\t':
		return tabWidth
	case unicode.IsControl(c) || unicode.In(c, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(c).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// line returns line n (1-based) of file, without its line ending. It is
// the source's own bytes, not a copy.
func (t *textWriter) line(file string, n int) ([]byte, bool) {
	src, ok := t.in.Sources[file]
	if !ok || file == "" || n < 1 {
		return nil, false
	}
	starts, ok := t.lines[file]
	if !ok {
		starts = []int{0}
		for i, b := range src {
			if b == '\n' {
				starts = append(starts, i+1)
			}
		}
		t.lines[file] = starts
	}
	if n > len(starts) {
		return nil, false
	}
	start, end := starts[n-1], len(src)
	if n < len(starts) {
		end = starts[n] - 1
	}
	if start > end {
		return nil, false
	}
	return bytes.TrimSuffix(src[start:end], []byte("\r")), true
}

// summary is the last line: "3 errors, 1 warning, 2 notes in 12 files",
// with how many findings were suppressed and how many evaluation problems
// --verbose showed.
func summary(errs, warns, notes, suppressed, evals, files int) string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{errs, "error"}, {warns, "warning"}, {notes, "note"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.name))
		}
	}
	s := "no findings"
	if len(parts) > 0 {
		s = strings.Join(parts, ", ")
	}
	s += " in " + plural(files, "file")
	var also []string
	if suppressed > 0 {
		also = append(also, fmt.Sprintf("%d suppressed", suppressed))
	}
	if evals > 0 {
		also = append(also, plural(evals, "evaluation problem"))
	}
	if len(also) > 0 {
		s += " (" + strings.Join(also, ", ") + ")"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
