package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name string
		d    analyzers.Diagnostic
		want string
	}{
		// sha256("TL011\x00TL011:aws_cloudtrail.main")
		{"key", analyzers.Diagnostic{Rule: "TL011", Key: "TL011:aws_cloudtrail.main", Range: rng("main.tf", 10, 3, 10, 41)},
			"b01676bb26fe08c0ebedb22f6214875200ce6df339df1157174d39c846d1c6ef"},
		// sha256("TL011\x00main.tf\x00msg")
		{"no key", analyzers.Diagnostic{Rule: "TL011", Message: "msg", Range: rng("main.tf", 1, 1, 1, 2)},
			"c2f72d6fcf269c4467fe4b4f5c48cca1cc022285b86e7b40b4aabf7db483bd1a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fingerprint(tt.d); got != tt.want {
				t.Errorf("Fingerprint = %s, want %s", got, tt.want)
			}
			moved := tt.d
			moved.Range.Start.Line += 40
			moved.Range.End.Line += 40
			if tt.d.Key != "" && Fingerprint(moved) != tt.want {
				t.Error("fingerprint changed when the finding moved down the file")
			}
		})
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		name string
		r    graph.Range
		want span
	}{
		{"full", rng("a", 3, 5, 4, 2), span{3, 5, 4, 2}},
		{"no end", rng("a", 3, 5, 0, 0), span{3, 5, 3, 6}},
		{"empty", rng("a", 3, 5, 3, 5), span{3, 5, 3, 6}},
		{"inverted", rng("a", 3, 5, 2, 9), span{3, 5, 3, 6}},
		{"zero start", rng("a", 0, 0, 0, 0), span{1, 1, 1, 2}},
		{"end column zero", rng("a", 3, 5, 4, 0), span{3, 5, 3, 6}},
	}
	for _, tt := range tests {
		if got := spanOf(tt.r); got != tt.want {
			t.Errorf("%s: spanOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		errs, warns, notes, suppressed, evals, files int
		want                                         string
	}{
		{0, 0, 0, 0, 0, 12, "no findings in 12 files"},
		{0, 0, 0, 2, 0, 1, "no findings in 1 file (2 suppressed)"},
		{3, 1, 2, 0, 0, 12, "3 errors, 1 warning, 2 notes in 12 files"},
		{1, 0, 1, 1, 0, 0, "1 error, 1 note in 0 files (1 suppressed)"},
		{0, 2, 0, 0, 0, 2, "2 warnings in 2 files"},
		{0, 0, 0, 0, 1, 3, "no findings in 3 files (1 evaluation problem)"},
		{1, 0, 0, 1, 2, 3, "1 error in 3 files (1 suppressed, 2 evaluation problems)"},
	}
	for _, tt := range tests {
		if got := summary(tt.errs, tt.warns, tt.notes, tt.suppressed, tt.evals, tt.files); got != tt.want {
			t.Errorf("summary(%d, %d, %d, %d, %d, %d) = %q, want %q", tt.errs, tt.warns, tt.notes, tt.suppressed, tt.evals, tt.files, got, tt.want)
		}
	}
}

// TestQuote checks that the caret sits under its column whatever precedes
// it on the line.
func TestQuote(t *testing.T) {
	tests := []struct {
		name, line string
		r          graph.Range
		want       string
	}{
		{"ascii", "  a = b", rng("f", 1, 3, 1, 4),
			"    1 |   a = b\n      |   ^\n"},
		{"tab", "\ta = b", rng("f", 1, 2, 1, 7),
			"    1 |     a = b\n      |     ^~~~~\n"},
		{"wide", "日本 = x", rng("f", 1, 3, 1, 7),
			"    1 | 日本 = x\n      |     ^~~~\n"},
		{"wide span", "x = 日本", rng("f", 1, 5, 1, 7),
			"    1 | x = 日本\n      |     ^~~~\n"},
		{"combining", "e\u0301 = x", rng("f", 1, 4, 1, 5),
			"    1 | e\u0301 = x\n      |   ^\n"},
		{"past end", "ab", rng("f", 1, 3, 0, 0),
			"    1 | ab\n      |   ^\n"},
		{"multi-line", "  x = {  ", rng("f", 1, 3, 4, 2),
			"    1 |   x = {\n      |   ^~~~~\n"},
		{"control", "a\x1bb", rng("f", 1, 3, 1, 4),
			"    1 | a\\x1bb\n      |      ^\n"},
		{"crlf", "a = b\r", rng("f", 1, 5, 1, 6),
			"    1 | a = b\n      |     ^\n"},
		{"blank", "", rng("f", 1, 1, 1, 1),
			"    1 |\n      | ^\n"},
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

func TestQuoteWithoutSource(t *testing.T) {
	for _, r := range []graph.Range{rng("missing.tf", 1, 1, 1, 2), rng("f", 3, 1, 3, 2), {}} {
		var buf bytes.Buffer
		tw := newTextWriter(&buf, &Input{Sources: map[string][]byte{"f": []byte("one\n")}})
		tw.quote(r, "")
		if buf.Len() != 0 {
			t.Errorf("%v: quoted %q", r, buf.String())
		}
	}
}

func TestGitHubEscape(t *testing.T) {
	if got := ghData("50% done\r\nnext: a,b"); got != "50%25 done%0D%0Anext: a,b" {
		t.Errorf("ghData = %q", got)
	}
	if got := ghProperty("dir,a/b:c%\n.tf"); got != "dir%2Ca/b%3Ac%25%0A.tf" {
		t.Errorf("ghProperty = %q", got)
	}
}

// TestGitHubMessagesAreVisible puts what a log or a terminal would act on
// into a message: the runner decodes %25, %0D and %0A and prints the rest
// of the message into the step's log as it is, so each must be visible
// text by then. A file name keeps its bytes, so that the annotation finds
// the file.
func TestGitHubMessagesAreVisible(t *testing.T) {
	in := &Input{Diagnostics: []analyzers.Diagnostic{{
		Rule: "TL001", Severity: analyzers.Error, Range: rng("a,b:c%.tf", 1, 1, 1, 2),
		Message: "esc \x1b[2J cr a\rb c1 \u0085\u009b bidi \u202eexe \u2028 del \x7f bad \xff nul \x00 " +
			"tab\tkept 100% ##[group]x\n::error::y\r\nz clé",
	}}}
	var buf bytes.Buffer
	if err := Write(&buf, "github", in); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a%2Cb%3Ac%25.tf,line=1,col=1,endLine=1,endColumn=2,title=TL001::" +
		`esc \x1b[2J cr a\rb c1 \u0085\u009b bidi \u202eexe \u2028 del \x7f bad \xff nul \x00 ` +
		"tab\tkept 100%25 ##\\x5bgroup]x%0A::error::y\\r%0Az clé\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if strings.ContainsAny(buf.String(), "\x1b\r\x7f\x00\u0085\u009b\u202e\u2028") || strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("a control character reaches the log: %q", buf.String())
	}
}

func TestGitHubProblemWithoutPosition(t *testing.T) {
	in := &Input{Problems: []graph.Diagnostic{
		{Severity: graph.SevWarning, Summary: "no files", Detail: "nothing to read"},
		{Severity: graph.SevNote, Summary: "skipped x.json", Range: rng("x.json", 1, 1, 1, 2)},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, "github", in); err != nil {
		t.Fatal(err)
	}
	want := "::warning::no files: nothing to read\n" +
		"::notice file=x.json,line=1,col=1,endLine=1,endColumn=2::skipped x.json\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestTextProblemWithoutPosition(t *testing.T) {
	in := &Input{Files: 2, Problems: []graph.Diagnostic{{Severity: graph.SevError, Summary: "internal error in TL011: boom"}}}
	var buf bytes.Buffer
	if err := Write(&buf, "text", in); err != nil {
		t.Fatal(err)
	}
	want := "error: internal error in TL011: boom\n\n1 error in 2 files\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestEscapePath(t *testing.T) {
	tests := []struct {
		in    string
		colon bool
		want  string
	}{
		{"main.tf", false, "main.tf"},
		{"stacks/audit trail.yaml", false, "stacks/audit%20trail.yaml"},
		{"a:b/c#d?e%f", false, "a%3Ab/c%23d%3Fe%25f"},
		{"modules/clé/main.tf", false, "modules/cl%C3%A9/main.tf"},
		{"C:/x y/", true, "C:/x%20y/"},
		{"a\\b", false, "a%5Cb"},
	}
	for _, tt := range tests {
		if got := escapePath(tt.in, tt.colon); got != tt.want {
			t.Errorf("escapePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRootURI(t *testing.T) {
	tests := []struct{ root, want string }{
		{"/home/ci/repo", "file:///home/ci/repo/"},
		{"/home/ci/repo/", "file:///home/ci/repo/"},
		{"/", "file:///"},
		{"C:/work/repo", "file:///C:/work/repo/"},
	}
	for _, tt := range tests {
		if got, _ := rootURI(tt.root); got != tt.want {
			t.Errorf("rootURI(%q) = %q, want %q", tt.root, got, tt.want)
		}
	}
	if _, ok := rootURI(""); ok {
		t.Error("rootURI(\"\") reported a root")
	}
}

func TestSARIFAbsolutePath(t *testing.T) {
	loc := physical(rng("/abs/x.tf", 1, 1, 1, 2))
	if *loc.ArtifactLocation.URI != "file:///abs/x.tf" || loc.ArtifactLocation.URIBaseID != nil {
		t.Errorf("absolute path: uri %q, uriBaseId %v", *loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID)
	}
}

// TestSARIFInternalError checks that a crashed analyzer marks the run as
// failed, while a file that does not parse does not.
func TestSARIFInternalError(t *testing.T) {
	tests := []struct {
		problem graph.Diagnostic
		ok      bool
	}{
		{graph.Diagnostic{Severity: graph.SevError, Class: graph.ClassInternal, Summary: "internal error in TL011: boom"}, false},
		{graph.Diagnostic{Severity: graph.SevError, Summary: "Unclosed configuration block", Range: rng("a.tf", 1, 1, 1, 2)}, true},
	}
	for _, tt := range tests {
		rep := sarifReport(&Input{Tool: tool, Problems: []graph.Diagnostic{tt.problem}})
		inv := rep.Runs[0].Invocations[0]
		if *inv.ExecutionSuccessful != tt.ok {
			t.Errorf("%s: executionSuccessful = %v, want %v", tt.problem.Summary, *inv.ExecutionSuccessful, tt.ok)
		}
		if err := rep.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// TestSARIFLibraryValidate runs go-sarif's own validation on the full
// fixture, next to the schema check of the written bytes.
func TestSARIFLibraryValidate(t *testing.T) {
	if err := sarifReport(fullInput(t, new(int))).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestSARIFUnknownRule(t *testing.T) {
	in := &Input{Tool: tool, Diagnostics: []analyzers.Diagnostic{{Rule: "TL999", Message: "m", Range: rng("a.tf", 1, 1, 1, 2)}}}
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", in); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	if strings.Contains(buf.String(), `"ruleIndex"`) {
		t.Error("ruleIndex written for a rule that is not in driver.rules")
	}
	var doc struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Runs[0].Results) != 1 {
		t.Errorf("results = %v, err %v", doc.Runs, err)
	}
}

func TestPrune(t *testing.T) {
	in := `{"a":[],"results":[],"rules":[],"index":-1,"line":-1,"properties":{},"x":{"id":-1,"y":[{"arguments":[],"text":"[]"}]},"s":"-1"}`
	want := `{"results":[],"rules":[],"line":-1,"x":{"y":[{"text":"[]"}]},"s":"-1"}`
	got, err := prune(json.RawMessage(in))
	if err != nil || string(got) != want {
		t.Errorf("prune = %s, %v; want %s", got, err, want)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ md, text, first string }{
		{"# Title\n\nSome **bold** and `code`.\n", "Title\n\nSome bold and code.", "Some bold and code."},
		{"See [the guide](https://x.y/z) and ![img](a.png).", "See the guide (https://x.y/z) and img (a.png).", "See the guide (https://x.y/z) and img (a.png)."},
		{"```hcl\nkms_key_id = x\n```\n\nAfter.", "    kms_key_id = x\n\nAfter.", "After."},
		{"## Why\nBecause\nit breaks.", "Why\nBecause\nit breaks.", "Because it breaks."},
		{"#hashtag text", "#hashtag text", "#hashtag text"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := plainText(tt.md); got != tt.text {
			t.Errorf("plainText(%q) = %q, want %q", tt.md, got, tt.text)
		}
		if got := firstParagraph(tt.md); got != tt.first {
			t.Errorf("firstParagraph(%q) = %q, want %q", tt.md, got, tt.first)
		}
	}
}

func TestRuleName(t *testing.T) {
	tests := []struct{ id, title, want string }{
		{"TL001", "CloudTrail logs are not encrypted with a customer managed KMS key", "CloudTrailLogsAreNotEncryptedWithACustomerManagedKMSKey"},
		{"TL023", "key rotation is not enabled (CIS 3.6)", "KeyRotationIsNotEnabledCIS36"},
		{"TL099", "", "TL099"},
		{"TL098", "--", "TL098"},
	}
	for _, tt := range tests {
		if got := ruleName(&analyzers.Analyzer{Name: tt.id, Title: tt.title}); got != tt.want {
			t.Errorf("ruleName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestSpanHuge(t *testing.T) {
	const big = 1 << 62
	if got, want := spanOf(rng("a", big, big, 0, 0)), (span{maxPos, maxPos, maxPos, maxPos + 1}); got != want {
		t.Errorf("spanOf = %+v, want %+v", got, want)
	}
}

// TestJSONEscapesWhatATerminalActsOn: the json and sarif formats write
// every rune a terminal acts on as a \uNNNN escape, and a JSON reader gets
// the message back as it was.
func TestJSONEscapesWhatATerminalActsOn(t *testing.T) {
	msg := "esc \x1b[2J del \x7f c1 \u0085\u009b bidi \u202eexe\u2066 \u2028 clé 日本 \U0001F512"
	in := &Input{Tool: tool, Rules: rules(new(int)), Diagnostics: []analyzers.Diagnostic{{
		Rule: "TL001", Severity: analyzers.Error, Range: rng("k\u202e.tf", 1, 1, 1, 2), Message: msg,
	}}}
	for _, c := range []struct {
		format string
		get    func(doc []byte) (string, error)
	}{
		{"json", func(doc []byte) (string, error) {
			var r struct {
				Findings []struct{ Message, File string }
			}
			err := json.Unmarshal(doc, &r)
			return r.Findings[0].Message + "|" + r.Findings[0].File, err
		}},
		{"sarif", func(doc []byte) (string, error) {
			var r struct {
				Runs []struct {
					Results []struct {
						Message   struct{ Text string }
						Locations []struct {
							PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
						}
					}
				}
			}
			err := json.Unmarshal(doc, &r)
			res := r.Runs[0].Results[0]
			return res.Message.Text + "|" + res.Locations[0].PhysicalLocation.ArtifactLocation.URI, err
		}},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, c.format, in); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "\x1b\x7f\u0085\u009b\u202e\u2066\u2028") {
			t.Errorf("%s: a control character is written as it is", c.format)
		}
		wantMsg, clear := msg, `\u001b[2J`
		if c.format == "sarif" {
			// SARIF text escapes brackets, which it reads as links.
			wantMsg, clear = strings.ReplaceAll(msg, "[", `\[`), `\u001b\\[2J`
		}
		for _, esc := range []string{clear, `\u007f`, `\u0085\u009b`, `\u202eexe\u2066`, `\u2028`, "clé 日本 \U0001F512"} {
			if !strings.Contains(out, esc) {
				t.Errorf("%s: no %s in the output", c.format, esc)
			}
		}
		got, err := c.get(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		wantFile := "k\u202e.tf"
		if c.format == "sarif" {
			wantFile = "k%E2%80%AE.tf"
		}
		if got != wantMsg+"|"+wantFile {
			t.Errorf("%s: read back %q", c.format, got)
		}
	}
}

// TestSARIFLinksAndFixes checks that a result's message links each related
// location by its id, that brackets of the text are escaped, and that a
// finding's edits become a fix whose replacements name the file and
// region to change.
func TestSARIFLinksAndFixes(t *testing.T) {
	d := analyzers.Diagnostic{Rule: "TL023", Severity: analyzers.Warning,
		Message: `key aws_kms_key.k["a"] does not rotate`, Range: rng("key.tf", 3, 3, 3, 30),
		Related: []analyzers.Related{{Range: rng("trail.tf", 8, 3, 8, 40), Message: "the trail aws_cloudtrail.t"}},
		Edits:   []analyzers.Edit{{Range: rng("key.tf", 3, 25, 3, 30), Text: "true"}},
	}
	rep := sarifReport(&Input{Tool: tool, Diagnostics: []analyzers.Diagnostic{d}})
	if err := rep.Validate(); err != nil {
		t.Fatal(err)
	}
	res := rep.Runs[0].Results[0]
	if want := `key aws_kms_key.k\["a"\] does not rotate` + "\n\nSee: [the trail aws_cloudtrail.t](1)."; *res.Message.Text != want {
		t.Errorf("message %q, want %q", *res.Message.Text, want)
	}
	if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].ID != 1 {
		t.Fatalf("related locations %+v, want one with id 1", res.RelatedLocations)
	}
	if len(res.Fixes) != 1 || len(res.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes %+v, want one change", res.Fixes)
	}
	ch := res.Fixes[0].ArtifactChanges[0]
	r := ch.Replacements[0]
	if *ch.ArtifactLocation.URI != "key.tf" || *r.DeletedRegion.StartLine != 3 || *r.DeletedRegion.StartColumn != 25 ||
		*r.DeletedRegion.EndColumn != 30 || *r.InsertedContent.Text != "true" {
		t.Errorf("change %s region %+v inserted %q", *ch.ArtifactLocation.URI, r.DeletedRegion, *r.InsertedContent.Text)
	}
}

// TestSARIFFixURI checks that a fix names its file by the same URI as the
// result it belongs to, for paths a URI must escape or cannot take as
// relative.
func TestSARIFFixURI(t *testing.T) {
	for _, file := range []string{"my dir/key.tf", "/abs/key.tf", "C:/work/key.tf"} {
		d := analyzers.Diagnostic{Rule: "TL023", Severity: analyzers.Warning,
			Message: "key does not rotate", Range: rng(file, 3, 3, 3, 30),
			Edits: []analyzers.Edit{{Range: rng(file, 3, 25, 3, 30), Text: "true"}},
		}
		rep := sarifReport(&Input{Tool: tool, Diagnostics: []analyzers.Diagnostic{d}})
		res := rep.Runs[0].Results[0]
		if len(res.Locations) != 1 || len(res.Fixes) != 1 || len(res.Fixes[0].ArtifactChanges) != 1 {
			t.Fatalf("%s: locations %+v fixes %+v, want one of each", file, res.Locations, res.Fixes)
		}
		loc := artifactName(res.Locations[0].PhysicalLocation.ArtifactLocation)
		fix := artifactName(res.Fixes[0].ArtifactChanges[0].ArtifactLocation)
		if fix != loc {
			t.Errorf("%s: fix names %s, the result %s", file, fix, loc)
		}
	}
	d := analyzers.Diagnostic{Rule: "TL023", Severity: analyzers.Warning, Range: rng("my dir/key.tf", 3, 3, 3, 30),
		Edits: []analyzers.Edit{{Range: rng("my dir/key.tf", 3, 25, 3, 30), Text: "true"}}}
	rep := sarifReport(&Input{Tool: tool, Diagnostics: []analyzers.Diagnostic{d}})
	if got := *rep.Runs[0].Results[0].Fixes[0].ArtifactChanges[0].ArtifactLocation.URI; got != "my%20dir/key.tf" {
		t.Errorf("fix URI %q, want my%%20dir/key.tf", got)
	}
}

// artifactName is an artifact location's URI, after its base id if it has one.
func artifactName(a *sarif.ArtifactLocation) string {
	if a.URIBaseID == nil {
		return *a.URI
	}
	return *a.URIBaseID + " " + *a.URI
}
