package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text output goes to terminals and CI logs, both of which act on what
// they read: escape sequences clear the screen or make links, a carriage
// return hides what precedes it, and a GitHub Actions log runs a workflow
// command from a line that starts with "::" (after blanks) or holds "##[".
// Every field of the text format that comes from the input (paths,
// messages, values, quoted lines) is escaped: control characters and
// invalid UTF-8 become \xNN, \n, \r or \t; C1 controls, line and paragraph
// separators and bidirectional overrides become \uNNNN; "##[" becomes
// "##\x5b". The github format does the same within messages (ghVisible)
// before the runner's own escaping; the json and sarif formats keep every
// string's value and write what a terminal would act on as \uNNNN
// (jsonVisible), so that a report shown with cat is as safe as text.

// escape escapes s for one field of text output. keepTabs keeps tabs, for
// the indentation of a fix.
func escape(s string, keepTabs bool) string {
	if keepTabs {
		return escapeKeeping(s, "\t")
	}
	return escapeKeeping(s, "")
}

// escapeKeeping escapes s as escape does, but writes the control
// characters of keep as they are: tabs for a fix's indentation, newlines
// and tabs within a GitHub annotation's message.
func escapeKeeping(s, keep string) string {
	if plain(s, keep) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case c < 0x20 && strings.IndexByte(keep, byte(c)) >= 0:
			b.WriteByte(byte(c))
		case c == '[' && i >= 2 && s[i-2:i] == "##":
			b.WriteString(`\x5b`)
		case unsafeRune(c):
			b.WriteString(escapeRune(c))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// plain reports whether s needs no escaping, the common case.
func plain(s, keep string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && strings.IndexByte(keep, c) < 0) || c >= 0x7f {
			return false
		}
	}
	return !strings.Contains(s, "##[")
}

// unsafeRune reports whether a terminal or a log could act on c: control
// characters (C0, DEL, C1), line and paragraph separators, and the
// bidirectional formatting characters that reorder what is shown.
func unsafeRune(c rune) bool {
	switch {
	case unicode.IsControl(c):
		return true
	case c == '\u2028', c == '\u2029':
		return true
	case c == '\u061c', c == '\u200e', c == '\u200f',
		c >= '\u202a' && c <= '\u202e',
		c >= '\u2066' && c <= '\u2069':
		return true
	}
	return false
}

func escapeRune(c rune) string {
	switch c {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if c < 0x80 {
		return fmt.Sprintf(`\x%02x`, c)
	}
	return fmt.Sprintf(`\u%04x`, c)
}

// noCommand keeps a line of output from reading as a GitHub Actions
// workflow command: the runner takes a line whose first non-blank
// characters are "::" as one, so the first of those colons is escaped.
func noCommand(line string) string {
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(rest, "::") {
		return line
	}
	i := len(line) - len(rest)
	return line[:i] + `\x3a` + line[i+1:]
}

// jsonVisible rewrites each rune of a JSON document that a terminal would
// act on and encoding/json leaves as it is (DEL, C1 controls, bidirectional
// formatting characters) as a \uNNNN escape, which a JSON reader decodes
// to the same value. encoding/json escapes the C0 controls and the line
// separators itself, replaces invalid UTF-8, and writes nothing but ASCII
// outside strings, so every such rune is inside a string.
func jsonVisible(doc []byte) []byte {
	i := 0
	for i < len(doc) && doc[i] < 0x7f {
		i++
	}
	if i == len(doc) {
		return doc
	}
	out := make([]byte, 0, len(doc)+16)
	out = append(out, doc[:i]...)
	for i < len(doc) {
		c, n := utf8.DecodeRune(doc[i:])
		// Below DEL is encoding/json's, and the document's own newlines.
		if c >= 0x7f && unsafeRune(c) {
			out = fmt.Appendf(out, `\u%04x`, c)
		} else {
			out = append(out, doc[i:i+n]...)
		}
		i += n
	}
	return out
}
