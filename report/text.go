package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

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
	any   bool
}

func writeText(buf *bytes.Buffer, in *Input) error {
	t := &textWriter{buf: buf, in: in, lines: map[string][]int{}}
	var errs, warns, notes, suppressed int
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
		count(level)
		t.entry()
		t.head(p.Range, level, "", oneLine(problemText(p)))
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
	t.entry()
	buf.WriteString(summary(errs, warns, notes, suppressed, in.Files))
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
func (t *textWriter) head(r graph.Range, level, rule, msg string) {
	if !r.IsZero() {
		s := spanOf(r)
		t.buf.WriteString(t.color(ansiBold, fmt.Sprintf("%s:%d:%d:", r.File, s.line, s.col)))
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
	msg := oneLine(message(d))
	if d.Suppressed != nil {
		msg += " [suppressed: " + oneLine(d.Suppressed.Reason) + "]"
	}
	t.head(d.Range, level, d.Rule, msg)
	t.quote(d.Range, levelColor(level))
	if fix := strings.TrimRight(graph.Display(d.Fix), "\n"); fix != "" {
		for i, line := range strings.Split(fix, "\n") {
			line = strings.TrimRight(line, " \t\r")
			switch {
			case i == 0:
				t.buf.WriteString("  = fix: " + line + "\n")
			case line == "":
				t.buf.WriteString("\n")
			default:
				t.buf.WriteString("        " + line + "\n")
			}
		}
	}
	for _, rel := range d.Related {
		t.buf.WriteString("  = note: ")
		msg := oneLine(graph.Display(rel.Message))
		switch {
		case rel.Range.IsZero():
			t.buf.WriteString(msg)
		case msg == "":
			t.buf.WriteString(rel.Range.String())
		default:
			t.buf.WriteString(rel.Range.String() + ": " + msg)
		}
		t.buf.WriteByte('\n')
	}
}

// quote writes the range's first line with its number and a caret line
// underlining the range on that line (to the end of the line when the range
// goes on). It writes nothing when the source is not at hand.
func (t *textWriter) quote(r graph.Range, caretColor string) {
	line, ok := t.line(r.File, r.Start.Line)
	if !ok {
		return
	}
	s := spanOf(r)
	num := strconv.Itoa(s.line)
	pad := strings.Repeat(" ", max(gutter-len(num), 0))

	var text, under strings.Builder
	cells, ink, from, to := 0, 0, -1, -1
	col := 1
	for _, c := range line {
		if col == s.col {
			from = cells
		}
		if s.endLine == s.line && col == s.endCol {
			to = cells
		}
		w := runeCells(c)
		switch {
		case c == '\t':
			text.WriteString(strings.Repeat(" ", tabWidth))
		case w == 0 && unicode.IsControl(c):
			// A stray control character would move the terminal's cursor.
			text.WriteRune('\uFFFD')
			w = 1
		default:
			text.WriteRune(c)
		}
		cells += w
		if c != ' ' && c != '\t' {
			ink = cells
		}
		col++
	}
	if from < 0 {
		// The range starts past the end of the line: at its newline.
		from = cells
	}
	if to < 0 {
		// The range goes on past this line: underline the rest of it.
		to = ink
	}
	to = max(to, from+1)
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

// line returns line n (1-based) of file, without its line ending.
func (t *textWriter) line(file string, n int) (string, bool) {
	src, ok := t.in.Sources[file]
	if !ok || file == "" || n < 1 {
		return "", false
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
		return "", false
	}
	start, end := starts[n-1], len(src)
	if n < len(starts) {
		end = starts[n] - 1
	}
	if start > end {
		return "", false
	}
	return strings.TrimSuffix(string(src[start:end]), "\r"), true
}

// summary is the last line: "3 errors, 1 warning, 2 notes in 12 files".
func summary(errs, warns, notes, suppressed, files int) string {
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
	if suppressed > 0 {
		s += fmt.Sprintf(" (%d suppressed)", suppressed)
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
