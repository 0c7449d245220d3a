package report

import (
	"bytes"
	"encoding/json"

	"github.com/trailint/trailint/graph"
)

// The JSON format is a stable document for scripts, described in
// docs/json-format.md with a JSON Schema, docs/json-format.schema.json,
// which a field added here must join:
//
//	{
//	  "version": "0.1.0",          // trailint's version
//	  "findings": [{
//	    "rule": "TL011", "level": "error", "message": "...",
//	    "file": "main.tf",         // relative to the scan root, slash-separated
//	    "line": 37, "column": 3,   // 1-based; columns count code points
//	    "endLine": 37, "endColumn": 40,  // endColumn is exclusive
//	    "related": [{"file", "line", "column", "message"}],
//	    "fix": "...",              // omitted when there is none
//	    "suppressed": {"reason": "..."},  // omitted unless ignored in source
//	    "fingerprint": "..."       // as SARIF's partialFingerprints
//	  }],
//	  "problems": [{"level", "message", "file", "line", "column"}],
//	                               // file "", line and column 0: no position
//	  "files": 12
//	}
//
// Suppressed findings are always listed. Fields are only ever added.
type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Problems []jsonProblem `json:"problems"`
	Files    int           `json:"files"`
}

type jsonFinding struct {
	Rule        string          `json:"rule"`
	Level       string          `json:"level"`
	Message     string          `json:"message"`
	File        string          `json:"file"`
	Line        int             `json:"line"`
	Column      int             `json:"column"`
	EndLine     int             `json:"endLine"`
	EndColumn   int             `json:"endColumn"`
	Related     []jsonRelated   `json:"related"`
	Fix         string          `json:"fix,omitempty"`
	Suppressed  *jsonSuppressed `json:"suppressed,omitempty"`
	Fingerprint string          `json:"fingerprint"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonSuppressed struct {
	Reason string `json:"reason"`
}

type jsonProblem struct {
	Level   string `json:"level"`
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

func writeJSON(buf *bytes.Buffer, in *Input) error {
	out := jsonReport{
		Version:  in.Tool.Version,
		Findings: make([]jsonFinding, 0, len(in.Diagnostics)),
		Problems: make([]jsonProblem, 0, len(in.Problems)),
		Files:    in.Files,
	}
	for i := range in.Diagnostics {
		d := &in.Diagnostics[i]
		s := spanOf(d.Range)
		f := jsonFinding{
			Rule:        d.Rule,
			Level:       d.Severity.String(),
			Message:     message(d),
			File:        d.Range.File,
			Line:        s.line,
			Column:      s.col,
			EndLine:     s.endLine,
			EndColumn:   s.endCol,
			Related:     make([]jsonRelated, 0, len(d.Related)),
			Fix:         graph.Display(d.Fix),
			Fingerprint: Fingerprint(*d),
		}
		for _, r := range d.Related {
			rs := spanOf(r.Range)
			f.Related = append(f.Related, jsonRelated{
				File: r.Range.File, Line: rs.line, Column: rs.col,
				Message: graph.Display(r.Message),
			})
		}
		if d.Suppressed != nil {
			f.Suppressed = &jsonSuppressed{Reason: d.Suppressed.Reason}
		}
		out.Findings = append(out.Findings, f)
	}
	for i := range in.Problems {
		p := &in.Problems[i]
		s := spanOf(p.Range)
		jp := jsonProblem{Level: problemLevel(p.Severity), Message: problemText(p), File: p.Range.File}
		if !p.Range.IsZero() {
			jp.Line, jp.Column = s.line, s.col
		}
		out.Problems = append(out.Problems, jp)
	}
	var doc bytes.Buffer
	enc := json.NewEncoder(&doc)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	buf.Write(jsonVisible(doc.Bytes()))
	return nil
}
