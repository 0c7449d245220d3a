package analyzers

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

func rng(file string, line, col, endLine, endCol int) graph.Range {
	return graph.Range{File: file, Start: graph.Pos{Line: line, Column: col}, End: graph.Pos{Line: endLine, Column: endCol}}
}

func TestRunRecoversAndSorts(t *testing.T) {
	g := &graph.Graph{}
	boom := &Analyzer{Name: "TL900", Run: func(*Pass) { panic("boom") }}
	late := &Analyzer{Name: "TL902", Severity: Warning, Run: func(p *Pass) {
		p.Report(Diagnostic{Range: rng("b.tf", 1, 1, 1, 2), Message: "b"})
		p.Report(Diagnostic{Range: rng("a.tf", 7, 3, 7, 9), Message: "a7"})
	}}
	early := &Analyzer{Name: "TL901", Run: func(p *Pass) {
		p.Report(Diagnostic{Range: rng("a.tf", 7, 3, 7, 9), Message: "z"})
	}}
	ds := Run(g, []*Analyzer{boom, late, early})
	var got []string
	for _, d := range ds {
		got = append(got, d.Range.String()+" "+d.Rule+" "+d.Severity.String()+" "+d.Message)
	}
	want := []string{"a.tf:7:3 TL901 error z", "a.tf:7:3 TL902 warning a7", "b.tf:1:1 TL902 warning b"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(g.Diagnostics) != 1 || g.Diagnostics[0].Summary != "internal error in TL900: boom" {
		t.Errorf("panic not reported: %#v", g.Diagnostics)
	}
}

func TestSuppress(t *testing.T) {
	block := rng("main.tf", 10, 1, 20, 2)
	key := rng("main.tf", 30, 1, 40, 2)
	ds := []Diagnostic{
		{Rule: "TL013", Range: rng("main.tf", 15, 3, 15, 30)},
		{Rule: "TL012", Range: rng("main.tf", 15, 3, 15, 30)},
		{Rule: "TL011", Range: rng("main.tf", 16, 3, 16, 30), Related: []Related{{Range: rng("main.tf", 31, 3, 31, 9)}}},
		{Rule: "TL001", Range: rng("other.tf", 1, 1, 1, 9)},
	}
	ignores := []graph.Ignore{
		{Rule: "TL013", Reason: "shared with the org trail", At: rng("main.tf", 9, 1, 9, 40), Covers: block},
		{Rule: "TL012", At: rng("main.tf", 8, 1, 8, 20), Covers: block},
		{Rule: "TL011", Reason: "the key is managed elsewhere", At: rng("main.tf", 29, 1, 29, 40), Covers: key},
		{Rule: "TL023", Reason: "stale", At: rng("main.tf", 28, 1, 28, 40), Covers: key},
	}
	problems := Suppress(ds, ignores)
	if ds[0].Suppressed == nil || ds[0].Suppressed.Reason != "shared with the org trail" {
		t.Error("TL013 inside the block is not suppressed")
	}
	if ds[1].Suppressed != nil {
		t.Error("an ignore without a reason suppressed TL012")
	}
	if ds[2].Suppressed == nil {
		t.Error("an ignore on the key does not cover a finding related to the key")
	}
	if ds[3].Suppressed != nil {
		t.Error("a finding in another file is suppressed")
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Range.String()+" "+p.Summary)
	}
	want := []string{
		"main.tf:8:1 trailint:ignore TL012 has no reason, so it suppresses nothing",
		"main.tf:28:1 trailint:ignore TL023 matches no finding",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []string{"error", "warning", "note"} {
		lv, err := ParseSeverity(s)
		if err != nil || lv.String() != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, lv, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity accepts fatal")
	}
}

// TestUsageByLiteralNames checks the joins no reference makes: a trail that
// names its bucket and its key alias by literal text.
func TestUsageByLiteralNames(t *testing.T) {
	bucket := &graph.Resource{ID: "b", Kind: graph.KindBucket, Props: map[graph.Prop]*graph.Attr{
		graph.PropName: {Name: "bucket", Value: graph.Str("audit-logs", graph.Range{})},
	}}
	key := &graph.Resource{ID: "k", Kind: graph.KindKey}
	alias := &graph.Resource{ID: "a", Kind: graph.KindAlias, Props: map[graph.Prop]*graph.Attr{
		graph.PropName:      {Name: "name", Value: graph.Str("alias/audit", graph.Range{})},
		graph.PropTargetKey: {Name: "target_key_id", Value: &graph.Value{Type: graph.String, Str: "x", Refs: []graph.Ref{{ID: "k", Attr: "key_id"}}}},
	}}
	trail := &graph.Resource{ID: "t", Kind: graph.KindTrail, Props: map[graph.Prop]*graph.Attr{
		graph.PropBucket: {Name: "s3_bucket_name", Value: graph.Str("audit-logs", graph.Range{})},
		graph.PropKMSKey: {Name: "kms_key_id", Value: graph.Str("arn:aws:kms:us-east-1:111122223333:alias/audit", graph.Range{})},
	}}
	absent := &graph.Resource{ID: "t2", Kind: graph.KindTrail}
	empty := &graph.Resource{ID: "t3", Kind: graph.KindTrail, Props: map[graph.Prop]*graph.Attr{
		graph.PropKMSKey: {Name: "kms_key_id", Value: graph.Str("  ", graph.Range{})},
	}}
	unknown := &graph.Resource{ID: "t4", Kind: graph.KindTrail, Props: map[graph.Prop]*graph.Attr{
		graph.PropKMSKey: {Name: "kms_key_id", Value: graph.Str(graph.Hole(graph.DomainAny, "var.key"), graph.Range{})},
	}}
	g := &graph.Graph{}
	g.Add(bucket, key, alias, trail, absent, empty, unknown)
	f := NewFacts(g)
	u := f.Usage(trail)
	if u.Bucket != bucket {
		t.Error("literal bucket name not tied to the bucket")
	}
	if len(u.Keys) != 1 || u.Keys[0].Key != key || u.Keys[0].Via != alias {
		t.Errorf("alias ARN not resolved to its key: %+v", u.Keys)
	}
	if !f.Usage(absent).NoKey || !f.Usage(empty).NoKey {
		t.Error("absent or blank key is not NoKey")
	}
	if uu := f.Usage(unknown); uu.NoKey || uu.Unknown != "var.key" || len(uu.Keys) != 0 {
		t.Errorf("a hole is not unknown: %+v", uu)
	}
	if p := f.Policy(key); !p.Default || p.Doc == nil || len(p.Doc.Statements) != 1 || p.Doc.Statements[0].Sid != "Enable IAM User Permissions" {
		t.Errorf("a key without a policy does not get the default key policy: %+v", p)
	}
}
