package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/trailint/trailint/graph"
)

// ghShown is how many annotations of one level (error, warning, notice)
// GitHub makes from one step's workflow commands; it keeps the first ones
// and drops the rest without a word, although every command still prints
// in the step's log.
const ghShown = 10

// ghLevels are the workflow command levels, in the order their summaries
// are written.
var ghLevels = []string{"error", "warning", "notice"}

// ghPlural names a level's annotations in a summary: trailint calls a
// notice a note.
var ghPlural = map[string]string{"error": "errors", "warning": "warnings", "notice": "notes"}

type ghAnnotation struct {
	level string
	r     graph.Range
	title string
	msg   string
}

// writeGitHub writes one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the file and line:
//
//	::error file=main.tf,line=37,col=3,endLine=37,endColumn=40,title=TL011::message
//
// Suppressed findings are left out unless asked for: an annotation cannot
// say it was waived. When a level has more annotations than GitHub shows,
// a summary at that level comes first, so that it is among those shown,
// and says how many the step's annotations leave out.
func writeGitHub(buf *bytes.Buffer, in *Input) error {
	var out []ghAnnotation
	for i := range in.Problems {
		p := &in.Problems[i]
		out = append(out, ghAnnotation{ghLevel(problemLevel(p.Severity)), p.Range, "", problemText(p)})
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
		out = append(out, ghAnnotation{ghLevel(d.Severity.String()), d.Range, d.Rule, msg})
	}
	count := map[string]int{}
	for _, a := range out {
		count[a.level]++
	}
	for _, level := range ghLevels {
		if n := count[level]; n > ghShown {
			ghCommand(buf, level, graph.Range{}, "trailint", ghSummary(level, n))
		}
	}
	for _, a := range out {
		ghCommand(buf, a.level, a.r, a.title, a.msg)
	}
	return nil
}

// ghSummary says how many of a level's n annotations GitHub leaves out:
// the summary takes one of the places, so ghShown-1 findings are shown.
func ghSummary(level string, n int) string {
	shown := ghShown - 1
	return fmt.Sprintf("%d %s: GitHub annotates %d %s per step, so only this summary and the first %d %s are annotated; "+
		"the other %d are in this step's log. To see every finding, upload --format sarif to code scanning, or read --format text.",
		n, ghPlural[level], ghShown, ghPlural[level], shown, ghPlural[level], n-shown)
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
	buf.WriteString("::" + ghData(ghVisible(msg)) + "\n")
}

// ghData escapes a command's message as the runner unescapes it
// (actions/toolkit, command.ts escapeData).
func ghData(s string) string { return ghDataEscaper.Replace(s) }

var ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// ghProperty escapes a property value (command.ts escapeProperty).
// Properties are left otherwise as they are: the runner does not print
// them in the log, and a file name must stay the file's name for the
// annotation to find it.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }

var ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

// ghVisible makes what the runner would print into the step's log as it
// is, and a terminal or the log viewer would act on, visible, as the text
// format does: control characters but newlines and tabs (an escape
// sequence, a carriage return that hides what precedes it), C1 controls,
// line separators, bidirectional overrides, invalid UTF-8, and "##[",
// which the log viewer reads as a command on a line of a multi-line
// message.
func ghVisible(s string) string { return escapeKeeping(s, "\n\t") }
