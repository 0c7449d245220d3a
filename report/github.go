package report

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/trailint/trailint/graph"
)

// writeGitHub writes one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the file and line:
//
//	::error file=main.tf,line=37,col=3,endLine=37,endColumn=40,title=TL011::message
//
// Suppressed findings are left out unless asked for: an annotation cannot
// say it was waived.
func writeGitHub(buf *bytes.Buffer, in *Input) error {
	for i := range in.Problems {
		p := &in.Problems[i]
		ghCommand(buf, ghLevel(problemLevel(p.Severity)), p.Range, "", problemText(p))
	}
	for i := range in.Diagnostics {
		d := &in.Diagnostics[i]
		msg := message(d)
		if d.Suppressed != nil {
			if !in.ShowSuppressed {
				continue
			}
			msg += " [suppressed: " + d.Suppressed.Reason + "]"
		}
		if d.Fix != "" {
			msg += "\n\nFix:\n" + graph.Display(d.Fix)
		}
		ghCommand(buf, ghLevel(d.Severity.String()), d.Range, d.Rule, msg)
	}
	return nil
}

// ghLevel maps a level to its workflow command: GitHub calls a note a
// notice.
func ghLevel(level string) string {
	if level == "note" {
		return "notice"
	}
	return level
}

func ghCommand(buf *bytes.Buffer, cmd string, r graph.Range, title, msg string) {
	buf.WriteString("::" + cmd)
	var props []string
	if !r.IsZero() {
		s := spanOf(r)
		props = append(props,
			"file="+ghProperty(r.File),
			"line="+strconv.Itoa(s.line),
			"col="+strconv.Itoa(s.col),
			"endLine="+strconv.Itoa(s.endLine),
			"endColumn="+strconv.Itoa(s.endCol))
	}
	if title != "" {
		props = append(props, "title="+ghProperty(title))
	}
	if len(props) > 0 {
		buf.WriteString(" " + strings.Join(props, ","))
	}
	buf.WriteString("::" + ghData(msg) + "\n")
}

// ghData escapes a command's message as the runner unescapes it
// (actions/toolkit, command.ts escapeData).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value (command.ts escapeProperty).
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
