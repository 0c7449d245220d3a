// Package report writes diagnostics for people and machines: a
// compiler-style text format for terminals and pre-commit, a stable JSON
// document, SARIF 2.1.0 for GitHub code scanning and editors, and GitHub
// workflow commands for annotations in Actions logs.
//
// Every writer renders the same Input and is deterministic: the order of the
// output is the order of Input.Diagnostics and Input.Problems, which callers
// sort.
package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// Tool describes the program that produced the diagnostics.
type Tool struct {
	Name           string // trailint
	Version        string // 0.1.0
	InformationURI string // https://github.com/trailint/trailint
}

// Input is everything a writer renders.
type Input struct {
	Tool Tool
	// Rules are all rules in id order; SARIF ruleIndex refers to this order.
	Rules []*analyzers.Analyzer
	// Diagnostics are the findings, sorted. Suppressed ones are included
	// and marked by Diagnostic.Suppressed.
	Diagnostics []analyzers.Diagnostic
	// Problems are what went wrong while loading (a file that does not
	// parse): SARIF tool execution notifications, text lines without a rule.
	Problems []graph.Diagnostic
	// Sources holds file text by relative path, to quote the flagged line.
	Sources map[string][]byte
	// Files is the number of files scanned, for the summary line.
	Files int
	// Root is the absolute scan root; relative paths resolve against it.
	Root string
	// Category separates SARIF uploads of one commit
	// (runAutomationDetails.id is Category + "/").
	Category string
	// ShowSuppressed makes text and github output list suppressed findings.
	ShowSuppressed bool
	// Quiet leaves the summary line out of text output.
	Quiet bool
	// Color turns on ANSI colours in text output.
	Color bool
}

type writer func(*bytes.Buffer, *Input) error

// formats is in the order Formats reports; text is the default.
var formats = []struct {
	name  string
	write writer
}{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
}

// Formats lists the output format names, the default first.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Write renders in to w in the named format. The whole output is built
// before anything is written, so a failing writer never leaves half a SARIF
// document behind.
func Write(w io.Writer, format string, in *Input) error {
	for _, f := range formats {
		if f.name != format {
			continue
		}
		var buf bytes.Buffer
		if err := f.write(&buf, in); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// Fingerprint identifies a finding across edits of its file: it hashes the
// rule and the diagnostic's Key (rule and resource address), never line
// numbers. Without a Key it falls back to the file and the message.
func Fingerprint(d analyzers.Diagnostic) string {
	key := d.Key
	if key == "" {
		key = d.Range.File + "\x00" + d.Message
	}
	sum := sha256.Sum256([]byte(d.Rule + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// span is a range made safe to print: 1-based positions, and an end that
// lies after the start. A missing or inverted end becomes one column.
type span struct {
	line, col, endLine, endCol int
}

func spanOf(r graph.Range) span {
	s := span{line: clamp(r.Start.Line), col: clamp(r.Start.Column)}
	s.endLine, s.endCol = clamp(r.End.Line), clamp(r.End.Column)
	if r.End.Line < 1 || r.End.Column < 1 || s.endLine < s.line || (s.endLine == s.line && s.endCol <= s.col) {
		s.endLine, s.endCol = s.line, s.col+1
	}
	return s
}

// maxPos bounds positions to what SARIF consumers read as 32-bit integers,
// so that an end one column further never overflows.
const maxPos = 1<<31 - 2

func clamp(n int) int { return min(max(n, 1), maxPos) }

// message is what a finding says, with holes in partly known strings shown
// as ${origin} rather than as private-use code points.
func message(d *analyzers.Diagnostic) string { return graph.Display(d.Message) }

// problemText joins a loader problem's summary and detail.
func problemText(p *graph.Diagnostic) string {
	s := graph.Display(p.Summary)
	if p.Detail != "" {
		s += ": " + graph.Display(p.Detail)
	}
	return s
}

func problemLevel(s graph.Severity) string {
	switch s {
	case graph.SevError:
		return "error"
	case graph.SevWarning:
		return "warning"
	}
	return "note"
}

// internalError reports whether a loader problem records a failure of
// trailint itself (an analyzer that panicked) rather than of the input.
func internalError(p *graph.Diagnostic) bool {
	return p.Class == graph.ClassInternal
}
