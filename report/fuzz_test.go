package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// FuzzWriteSARIF writes one finding and one loader problem built from
// arbitrary text and positions: every format must succeed without a panic,
// and the SARIF must validate against the schema and parse back to the same
// message.
func FuzzWriteSARIF(f *testing.F) {
	for _, d := range fullInput(f, new(int)).Diagnostics {
		reason := ""
		if d.Suppressed != nil {
			reason = d.Suppressed.Reason
		}
		f.Add(d.Message, d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Range.End.Line, d.Range.End.Column, d.Fix, reason, d.Suppressed != nil)
	}
	f.Add("", "", 0, 0, 0, 0, "", "", false)
	f.Add("a\r\nb%0A::error", "/abs/a b.tf", -3, -1, 1<<30, 1<<31, "x\x00y", "r\n", true)
	f.Add("\xff\xfe", "C:/x/\xffé.tf", 1, 1, 1, 1, "", "", false)

	docs := 0
	ruleSet := rules(&docs)
	f.Fuzz(func(t *testing.T, msg, file string, line, col, endLine, endCol int, fix, reason string, suppressed bool) {
		r := graph.Range{File: file, Start: graph.Pos{Line: line, Column: col}, End: graph.Pos{Line: endLine, Column: endCol}}
		d := analyzers.Diagnostic{
			Rule: "TL011", Severity: analyzers.Error, Message: msg, Range: r, Fix: fix,
			Related: []analyzers.Related{{Range: r, Message: msg}},
		}
		if suppressed {
			d.Suppressed = &graph.Ignore{Rule: "TL011", Reason: reason}
		}
		in := &Input{
			Tool: tool, Rules: ruleSet,
			Diagnostics:    []analyzers.Diagnostic{d},
			Problems:       []graph.Diagnostic{{Severity: graph.SevError, Summary: msg, Detail: fix, Range: r}},
			Sources:        map[string][]byte{file: []byte(msg + "\n" + fix)},
			Root:           "/" + file,
			Category:       reason,
			ShowSuppressed: true,
		}
		for _, format := range Formats() {
			var buf bytes.Buffer
			if err := Write(&buf, format, in); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if format != "sarif" {
				continue
			}
			validate(t, buf.Bytes())
			var doc struct {
				Runs []struct {
					Results []struct {
						Message struct{ Text string } `json:"message"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if n := len(doc.Runs[0].Results); n != 1 {
				t.Fatalf("%d results, want 1", n)
			}
		}
	})
}
