package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

const (
	sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	srcRoot     = "%SRCROOT%"
	// fingerprintKey names trailint's partial fingerprint. GitHub computes
	// primaryLocationLineHash itself from the line's text.
	fingerprintKey = "trailintFingerprint/v1"
	// maxDescription is GitHub's limit on shortDescription and
	// fullDescription text.
	maxDescription = 1024
	maxRuleName    = 255
)

func writeSARIF(buf *bytes.Buffer, in *Input) error {
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	// Fixes are policy documents: keep <, > and & readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sarifReport(in)); err != nil {
		return err
	}
	pruned, err := prune(bytes.TrimSpace(raw.Bytes()))
	if err != nil {
		return err
	}
	var doc bytes.Buffer
	if err := json.Indent(&doc, pruned, "", "  "); err != nil {
		return err
	}
	doc.WriteByte('\n')
	buf.Write(jsonVisible(doc.Bytes()))
	return nil
}

// sarifReport builds the one-run SARIF log of in.
func sarifReport(in *Input) *sarif.Report {
	rep := sarif.NewReport()
	rep.Schema = sarifSchema

	run := sarif.NewRunWithInformationURI(in.Tool.Name, in.Tool.InformationURI)
	if in.Tool.InformationURI == "" {
		run.Tool.Driver.InformationURI = nil
	}
	if in.Tool.Version != "" {
		run.Tool.Driver.SemanticVersion = ptr(in.Tool.Version)
	}
	run.WithColumnKind("unicodeCodePoints")
	if uri, ok := rootURI(in.Root); ok {
		loc := sarif.NewArtifactLocation().WithURI(uri)
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{srcRoot: *loc})
	}
	if in.Category != "" {
		run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(in.Category + "/"))
	}

	index := make(map[string]int, len(in.Rules))
	for i, a := range in.Rules {
		index[a.Name] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(a))
	}
	for i := range in.Diagnostics {
		run.AddResult(sarifResult(&in.Diagnostics[i], index))
	}

	inv := sarif.NewInvocation()
	ok := true
	for i := range in.Problems {
		p := &in.Problems[i]
		if internalError(p) {
			ok = false
		}
		n := sarif.NewNotification()
		n.Level = problemLevel(p.Severity)
		n.Message = sarifMessage(problemText(p))
		if loc := physical(p.Range); loc != nil {
			n.Locations = append(n.Locations, sarif.NewLocation().WithPhysicalLocation(loc))
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	inv.ExecutionSuccessful = &ok
	run.AddInvocation(inv)

	rep.AddRun(run)
	return rep
}

func sarifRule(a *analyzers.Analyzer) *sarif.ReportingDescriptor {
	doc := ""
	if a.Doc != nil {
		doc = a.Doc()
	}
	text := plainText(doc)
	full := firstParagraph(doc)
	if full == "" {
		full = a.Title
	}
	if text == "" {
		text = a.Title
	}
	if doc == "" {
		doc = a.Title
	}
	r := sarif.NewReportingDescriptor()
	r.ID = ptr(a.Name)
	r.Name = ptr(ruleName(a))
	r.ShortDescription = sarif.NewMultiformatMessageString().WithText(truncate(a.Title, maxDescription))
	r.FullDescription = sarif.NewMultiformatMessageString().WithText(truncate(full, maxDescription))
	r.Help = sarif.NewMultiformatMessageString().WithText(text).WithMarkdown(doc)
	r.DefaultConfiguration = sarif.NewReportingConfiguration().WithLevel(a.Severity.String())

	props := sarif.NewPropertyBag()
	props.Tags = append(props.Tags, a.Tags...)
	if a.Precision != "" {
		props.Add("precision", a.Precision)
	}
	if a.SecuritySeverity != "" {
		props.Add("security-severity", a.SecuritySeverity)
	}
	if len(props.Tags) > 0 || len(props.Properties) > 0 {
		r.Properties = props
	}
	return r
}

// ruleName is the rule's title in CamelCase, as SARIF names rules
// ("CloudTrailLogsAreNotEncrypted..."); the id when there is no title.
func ruleName(a *analyzers.Analyzer) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(a.Title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	if b.Len() == 0 {
		return a.Name
	}
	return truncate(b.String(), maxRuleName)
}

func sarifResult(d *analyzers.Diagnostic, index map[string]int) *sarif.Result {
	res := sarif.NewRuleResult(d.Rule)
	if i, ok := index[d.Rule]; ok {
		res.RuleIndex = i
	}
	res.Level = d.Severity.String()
	// A message links each related location as [text](id), which GitHub
	// shows as a link to it; brackets of the message's own are escaped, as
	// SARIF asks of plain text that holds links.
	text := linkEscape(message(d))
	if len(d.Related) > 0 {
		var links []string
		for i, rel := range d.Related {
			links = append(links, fmt.Sprintf("[%s](%d)", linkEscape(graph.Display(rel.Message)), i+1))
		}
		text += "\n\nSee: " + strings.Join(links, "; ") + "."
	}
	if d.Fix != "" {
		text += "\n\nFix:\n" + linkEscape(graph.Display(d.Fix))
	}
	res.Message = sarifMessage(text)
	if fix := sarifFix(d); fix != nil {
		res.AddFixe(fix)
	}

	loc := sarif.NewLocation()
	if p := physical(d.Range); p != nil {
		loc.PhysicalLocation = p
	}
	res.AddLocation(loc)
	for i, rel := range d.Related {
		// Ids let a message link to a related location as [text](id).
		l := sarif.NewLocation().WithID(i + 1).WithMessage(sarifMessage(graph.Display(rel.Message)))
		if p := physical(rel.Range); p != nil {
			l.PhysicalLocation = p
		}
		res.AddRelatedLocation(l)
	}
	res.PartialFingerprints = map[string]string{fingerprintKey: Fingerprint(*d)}
	if d.Suppressed != nil {
		s := sarif.NewSuppression()
		s.Kind = ptr("inSource")
		s.Status = ptr("accepted")
		if d.Suppressed.Reason != "" {
			s.Justification = ptr(d.Suppressed.Reason)
		}
		res.AddSuppression(s)
	}
	return res
}

func sarifMessage(text string) *sarif.Message { return sarif.NewMessage().WithText(text) }

// linkEscape escapes the brackets of plain text, which SARIF reads as
// links otherwise, and the backslashes that escape them.
func linkEscape(s string) string { return linkEscaper.Replace(s) }

var linkEscaper = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)

// sarifFix is a finding's edits as a SARIF fix: for each file, the regions
// to replace and their new text. Editors and GitHub offer to apply it.
func sarifFix(d *analyzers.Diagnostic) *sarif.Fix {
	if len(d.Edits) == 0 {
		return nil
	}
	fix := sarif.NewFix().WithDescription(sarifMessage("the fix trailint suggests"))
	byFile := map[string]*sarif.ArtifactChange{}
	var files []string
	for _, e := range d.Edits {
		ch := byFile[e.Range.File]
		if ch == nil {
			ch = sarif.NewArtifactChange().WithArtifactLocation(artifact(e.Range.File))
			byFile[e.Range.File] = ch
			files = append(files, e.Range.File)
		}
		region := sarif.NewRegion().WithStartLine(e.Range.Start.Line).WithStartColumn(e.Range.Start.Column).
			WithEndLine(e.Range.End.Line).WithEndColumn(e.Range.End.Column)
		ch.AddReplacement(sarif.NewReplacement().WithDeletedRegion(region).
			WithInsertedContent(sarif.NewArtifactContent().WithText(graph.Display(e.Text))))
	}
	sort.Strings(files)
	for _, f := range files {
		fix.AddArtifactChange(byFile[f])
	}
	return fix
}

// physical is the SARIF location of r, or nil when r points nowhere.
func physical(r graph.Range) *sarif.PhysicalLocation {
	if r.IsZero() {
		return nil
	}
	s := spanOf(r)
	reg := sarif.NewRegion().
		WithStartLine(s.line).WithStartColumn(s.col).
		WithEndLine(s.endLine).WithEndColumn(s.endCol)
	return sarif.NewPhysicalLocation().WithArtifactLocation(artifact(r.File)).WithRegion(reg)
}

// artifact is the SARIF location of a file: an absolute URI for an
// absolute path, else a path escaped as a URI relative to the source root.
// Results and fixes both use it, so that a fix names its file as the
// result does.
func artifact(file string) *sarif.ArtifactLocation {
	art := sarif.NewArtifactLocation()
	if uri, ok := absoluteURI(file); ok {
		art.URI = ptr(uri)
	} else {
		art.URI = ptr(escapePath(file, false))
		art.URIBaseID = ptr(srcRoot)
	}
	return art
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func ptr[T any](v T) *T { return &v }
