package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct {
		in       string
		keepTabs bool
		want     string
	}{
		{"plain text: a/b.tf", false, "plain text: a/b.tf"},
		{"clear\x1b[2Jscreen", false, `clear\x1b[2Jscreen`},
		{"link \x1b]8;;https://x\x07here\x1b]8;;\x07", false, `link \x1b]8;;https://x\x07here\x1b]8;;\x07`},
		{"a\r\nb\tc", false, `a\r\nb\tc`},
		{"a\tb", true, "a\tb"},
		{"nul\x00del\x7f", false, `nul\x00del\x7f`},
		{"c1 \u0085 \u009b", false, `c1 \u0085 \u009b`},
		{"bad \xff\xfe utf-8", false, `bad \xff\xfe utf-8`},
		{"rtl \u202eexe.tf \u2066x\u2069 \u200f", false, `rtl \u202eexe.tf \u2066x\u2069 \u200f`},
		{"sep \u2028 \u2029", false, `sep \u2028 \u2029`},
		{"log ##[error]x and ##[add-matcher]y", false, `log ##\x5berror]x and ##\x5badd-matcher]y`},
		{"# [not] a #[command]", false, "# [not] a #[command]"},
		{"clé 日本 e\u0301", false, "clé 日本 e\u0301"},
	} {
		if got := escape(c.in, c.keepTabs); got != c.want {
			t.Errorf("escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNoCommand(t *testing.T) {
	for in, want := range map[string]string{
		"::error::x":               `\x3a:error::x`,
		"        ::warning file=a": `        \x3a:warning file=a`,
		"\u00a0::notice::x":        "\u00a0\\x3a:notice::x",
		"a::error::x":              "a::error::x",
		": :error":                 ": :error",
	} {
		if got := noCommand(in); got != want {
			t.Errorf("noCommand(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTextEscapesEveryField puts what a terminal or a CI log would act on
// in every field the text format prints: none of it may reach the output
// as it is, and no line may start with a workflow command. A fix keeps its
// own lines and their indentation.
func TestTextEscapesEveryField(t *testing.T) {
	evil := "x\x1b[2J\r\n::error file=a::b"
	in := &Input{
		Files:          1,
		ShowSuppressed: true,
		Sources:        map[string][]byte{"::s.tf": []byte("a = \"\x1b]8;;u\x07\" # ##[error]q\n")},
		Problems: []graph.Diagnostic{
			{Severity: graph.SevWarning, Summary: "cannot read " + evil, Detail: "detail " + evil, Range: rng("dir\n::warning::p.tf", 1, 1, 1, 2)},
		},
		Diagnostics: []analyzers.Diagnostic{
			{
				Rule: "TL001", Severity: analyzers.Error, Range: rng("::s.tf", 1, 5, 1, 12),
				Message: "trail " + evil + " has no key",
				Fix:     "add:\n  {\n\tname = \"" + evil + "\"\n  }\n",
				Related: []analyzers.Related{{Message: "the key " + evil, Range: rng("k\u202e.tf", 2, 1, 2, 2)}},
			},
			{
				Rule: "TL013", Severity: analyzers.Warning, Range: rng("::s.tf", 1, 1, 1, 2), Message: "unscoped",
				Suppressed: &graph.Ignore{Rule: "TL013", Reason: "shared \x1b[8mhidden"},
			},
		},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "text", in); err != nil {
		t.Fatal(err)
	}
	want := `dir\n::warning::p.tf:1:1: warning: cannot read x\x1b[2J\r\n::error file=a::b: detail x\x1b[2J\r\n::error file=a::b

\x3a:s.tf:1:5: error TL001: trail x\x1b[2J\r\n::error file=a::b has no key
    1 | a = "\x1b]8;;u\x07" # ##\x5berror]q
      |     ^~~~~~~~~~
  = fix: add:
          {
        ` + "\t" + `name = "x\x1b[2J\r
        \x3a:error file=a::b"
          }
  = note: k\u202e.tf:2:1: the key x\x1b[2J\r\n::error file=a::b

\x3a:s.tf:1:1: warning TL013: unscoped [suppressed: shared \x1b[8mhidden]
    1 | a = "\x1b]8;;u\x07" # ##\x5berror]q
      | ^

1 error, 1 warning in 1 file (1 suppressed)
`
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s\n%s", got, want, diff(want, got))
	}
	for i, line := range strings.Split(buf.String(), "\n") {
		if strings.ContainsAny(line, "\x1b\r\x07\u202e") || strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") {
			t.Errorf("line %d is unsafe: %q", i+1, line)
		}
	}
}

// TestQuoteWindow checks the window of a long line: at most quoteWidth
// cells, an ellipsis at each end that is cut, and the caret under its
// column.
func TestQuoteWindow(t *testing.T) {
	// digits repeats 0-9, so that each column's digit is its number's last.
	digits := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteByte(byte('0' + i%10))
		}
		return b.String()
	}
	long := digits(1000)
	tests := []struct {
		name, line string
		r          graph.Range
		want       string
	}{
		{"fits", digits(160), rng("f", 1, 150, 1, 152),
			"    1 | " + digits(160) + "\n      | " + strings.Repeat(" ", 149) + "^~\n"},
		{"range near the start", long, rng("f", 1, 10, 1, 13),
			"    1 | " + long[:160] + "…\n      |          ^~~\n"},
		{"range in the middle", long, rng("f", 1, 500, 1, 510),
			"    1 | …" + long[459:618] + "…\n      | " + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 9) + "\n"},
		{"range near the end", long, rng("f", 1, 990, 1, 1001),
			"    1 | …" + long[949:] + "\n      | " + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 10) + "\n"},
		{"range longer than the window", long, rng("f", 1, 300, 1, 900),
			"    1 | …" + long[259:418] + "…\n      | " + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 118) + "\n"},
		{"range that goes on to the next line", long, rng("f", 1, 300, 2, 1),
			"    1 | …" + long[259:418] + "…\n      | " + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 118) + "\n"},
		{"past the end of a long line", long, rng("f", 1, 1200, 0, 0),
			"    1 | …" + long[960:] + "\n      | " + strings.Repeat(" ", 41) + "^\n"},
		// Far into a line of two-byte characters: the marks of the line
		// find the column.
		{"far into a line of é", strings.Repeat("é", 5000), rng("f", 1, 3000, 1, 3002),
			"    1 | …" + strings.Repeat("é", 159) + "…\n      | " + strings.Repeat(" ", 41) + "^~\n"},
		// Tabs and wide characters before the range count as what they
		// take on the screen.
		{"tabs before the range", strings.Repeat("\t", 50) + "x = 1", rng("f", 1, 51, 1, 52),
			"    1 | …" + strings.Repeat(" ", 40) + "x = 1\n      | " + strings.Repeat(" ", 41) + "^\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := newTextWriter(&buf, &Input{Sources: map[string][]byte{"f": []byte(tt.line + "\n")}})
			tw.quote(tt.r, "")
			if got := buf.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestLongLineOutputIsBounded quotes 2,000 findings on one line of 2 MB,
// as a minified template gives them: the output grows with the findings,
// not with the findings times the line.
func TestLongLineOutputIsBounded(t *testing.T) {
	const findings, width = 2000, 1000
	line := strings.Repeat("x", findings*width)
	in := &Input{Files: 1, Sources: map[string][]byte{"big.json": []byte(line + "\n")}}
	for i := range findings {
		col := 1 + i*width + 200
		in.Diagnostics = append(in.Diagnostics, analyzers.Diagnostic{
			Rule: "TL001", Severity: analyzers.Error, Message: fmt.Sprintf("trail %d", i),
			Range: rng("big.json", 1, col, 1, col+30),
		})
	}
	var buf bytes.Buffer
	if err := Write(&buf, "text", in); err != nil {
		t.Fatal(err)
	}
	perFinding := len("big.json:1:1999201: error TL001: trail 1999\n") +
		2*len("    1 | ") + 2*len(ellipsis) + quoteWidth + quoteLead + 32 + 2
	if n := buf.Len(); n > findings*perFinding {
		t.Errorf("%d bytes of output for %d findings, want at most %d", n, findings, findings*perFinding)
	}
	if n := strings.Count(buf.String(), "\n"); n != findings*4+1 {
		t.Errorf("%d lines, want %d", n, findings*4+1)
	}
}
