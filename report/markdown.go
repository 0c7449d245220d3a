package report

import "strings"

// plainText renders rule documentation written in markdown as plain text
// for SARIF help.text, which viewers without markdown show verbatim. It is
// deliberately light: fences and heading marks go, emphasis and code marks
// go, links keep their target in parentheses; code blocks keep their text.
func plainText(md string) string {
	var out []string
	fenced := false
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			out = append(out, "    "+line)
			continue
		}
		if isHeading(trimmed) {
			line = strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
		}
		out = append(out, inline(line))
	}
	// Trim blank lines, not the indent of a leading code block.
	return strings.TrimLeft(strings.TrimRight(strings.Join(out, "\n"), " \t\n"), "\n")
}

// emphasis removes the markers of bold and code spans.
var emphasis = strings.NewReplacer("**", "", "__", "", "`", "")

// inline strips inline markup from one line of markdown.
func inline(s string) string {
	s = emphasis.Replace(s)
	var b strings.Builder
	for {
		// [text](target) -> text (target); ![alt](src) likewise.
		open := strings.IndexByte(s, '[')
		if open < 0 {
			break
		}
		mid := strings.Index(s[open:], "](")
		if mid < 0 {
			break
		}
		mid += open
		end := strings.IndexByte(s[mid:], ')')
		if end < 0 {
			break
		}
		end += mid
		pre := s[:open]
		pre = strings.TrimSuffix(pre, "!")
		b.WriteString(pre)
		b.WriteString(s[open+1 : mid])
		b.WriteString(" (" + s[mid+2:end] + ")")
		s = s[end+1:]
	}
	b.WriteString(s)
	return b.String()
}

// firstParagraph is the first paragraph of prose in markdown, headings
// left out, as one line of plain text: the rule's fullDescription.
func firstParagraph(md string) string {
	for _, para := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		var prose []string
		for _, line := range strings.Split(para, "\n") {
			if isHeading(strings.TrimSpace(line)) {
				continue
			}
			prose = append(prose, line)
		}
		t := strings.TrimSpace(strings.Join(prose, "\n"))
		if t == "" || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			continue
		}
		return strings.Join(strings.Fields(plainText(t)), " ")
	}
	return ""
}

// isHeading reports whether a trimmed line is an ATX heading ("## Why");
// "#tag" is not one.
func isHeading(line string) bool {
	h := strings.TrimLeft(line, "#")
	return h != line && (h == "" || h[0] == ' ')
}
