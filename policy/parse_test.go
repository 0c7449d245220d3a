package policy

import (
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/trailint/trailint/graph"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var textRange = graph.Range{File: "main.tf", Start: graph.Pos{Line: 3, Column: 12, Byte: 40}, End: graph.Pos{Line: 9, Column: 4, Byte: 300}}

func summaries(ds []graph.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Summary)
	}
	return out
}

// Malformed documents give diagnostics on the policy text's range, and as
// much of the document as can be read.
func TestParseMalformed(t *testing.T) {
	tests := []struct {
		file       string
		statements int // -1: no document
		diags      []string
	}{
		{"array.json", 0, []string{"policy document must be an object, not a list"}},
		{"bad-operator.json", 1, []string{`condition operator "StringLikee" is not one AWS knows`}},
		{"bad-shapes.json", 1, []string{
			`policy Principal must be "*" or an object such as {"AWS": ...}, not "arn:aws:iam::111122223333:root"`,
			"policy Action must be a string or a list of strings, not an object",
		}},
		{"effect-case.json", 1, []string{`policy Effect must be "Allow" or "Deny", not "allow"`}},
		{"element-case.json", 0, []string{`policy element "statement" must be spelled "Statement"; AWS rejects the document`}},
		{"many.json", 1, []string{
			`policy Version must be "2012-10-17" or "2008-10-17", not "2012-10-18"`,
			`policy Principal type "Aws" is not AWS, Service, Federated or CanonicalUser`,
			`condition Null aws:SourceArn must be "true" or "false", not "yes"`,
			"policy statement 1 has both Action and NotAction",
			"policy statement 1 has both Resource and NotResource",
		}},
		{"no-effect.json", 2, []string{`policy statement "NoEffect" has no Effect`}},
		{"odd.json", 3, []string{
			"policy Condition must be an object, not a list",
			"policy statement 1 has neither Action nor NotAction",
			"policy statement must be an object, not a number",
			"policy Action must be a string or a list of strings, not null",
			"policy statement 3 has both Principal and NotPrincipal",
		}},
		{"statement-string.json", 0, []string{"policy Statement must be a list or an object, not a string"}},
		{"trailing.json", -1, []string{"policy document is not valid JSON: text after the end of the document"}},
		{"truncated.json", -1, []string{"policy document is not valid JSON: unexpected end of text"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d, diags := Parse(graph.Str(readFixture(t, "malformed/"+tt.file), textRange))
			n := -1
			if d != nil {
				n = len(d.Statements)
			}
			if n != tt.statements {
				t.Errorf("statements = %d, want %d", n, tt.statements)
			}
			if got := summaries(diags); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n got  %q\n want %q", got, tt.diags)
			}
			for _, dg := range diags {
				if dg.Severity != graph.SevError || dg.Range != textRange {
					t.Errorf("diagnostic %q: severity %v range %v", dg.Summary, dg.Severity, dg.Range)
				}
			}
			// Evaluation of what could be read never panics.
			d.Evaluate(Request{Principal: Principal{Service: "cloudtrail.amazonaws.com"}, Action: "kms:GenerateDataKey"}, nil)
		})
	}
}

func TestParseCloudTrailKeyPolicy(t *testing.T) {
	d, diags := Parse(graph.Str(readFixture(t, "cloudtrail-key.json"), textRange))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %q", summaries(diags))
	}
	if d.Version != "2012-10-17" || len(d.Statements) != 6 || d.Range != textRange {
		t.Fatalf("document = %+v", d)
	}
	s := d.Statements[1]
	want := &Statement{
		Index:     1,
		Sid:       "AllowCloudTrailEncrypt",
		Effect:    Allow,
		Principal: &Principals{Service: []string{"cloudtrail.amazonaws.com"}, Range: textRange},
		Action:    []Pattern{{Text: "kms:GenerateDataKey*", Range: textRange}},
		Resource:  []Pattern{{Text: "*", Range: textRange}},
		Conditions: []Condition{
			{Operator: "StringEquals", Key: "aws:SourceArn", Values: []string{"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}, Range: textRange, op: operator{base: opStringEquals}},
			{Operator: "StringLike", Key: "kms:EncryptionContext:aws:cloudtrail:arn", Values: []string{"arn:aws:cloudtrail:*:111122223333:trail/*"}, Range: textRange, op: operator{base: opStringLike}},
		},
		Range: textRange,
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("statement 2:\n got  %+v\n want %+v", s, want)
	}
	if got := d.Statements[0].Principal.AWS; !slices.Equal(got, []string{"arn:aws:iam::111122223333:root"}) {
		t.Errorf("statement 1 principal = %q", got)
	}
	if got := d.Statements[3].Principal.AWS; !slices.Equal(got, []string{"*"}) {
		t.Errorf("statement 4 principal = %q", got)
	}
	var labels []string
	for _, s := range d.Statements {
		labels = append(labels, s.Label())
	}
	wantLabels := []string{"Enable IAM User Permissions", "AllowCloudTrailEncrypt", "Allow CloudTrail to describe key",
		"Allow principals in the account to decrypt log files", "Allow alias creation during setup", "Enable cross account log decryption"}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("labels = %q", labels)
	}
}

// Terraform jsonencode keeps holes inside JSON strings: the document is
// readable and the holes stay in its strings.
func TestParseTextWithHoles(t *testing.T) {
	text := `{"Version":"2012-10-17","Statement":[{"Sid":"Encrypt","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` +
		`"Action":"kms:GenerateDataKey*","Resource":"*","Condition":{"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:` + acctY + `:trail/*"}}}]}`
	d, diags := Parse(graph.Str(text, textRange))
	if len(diags) > 0 || d == nil {
		t.Fatalf("diagnostics %q, document %v", summaries(diags), d)
	}
	c := d.Statements[0].Conditions[0]
	if c.Values[0] != "arn:aws:cloudtrail:*:"+acctY+":trail/*" {
		t.Errorf("value = %q", graph.Display(c.Values[0]))
	}
	if got := c.String(); got != `StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:${var.account_id}:trail/*"` {
		t.Errorf("String = %s", got)
	}
}

func TestParseUnknown(t *testing.T) {
	tests := []struct {
		name string
		v    *graph.Value
		why  string
		ok   bool
	}{
		{"absent", nil, "", false},
		{"null", &graph.Value{Type: graph.Null}, "", false},
		{"unknown", graph.UnknownValue("var.policy has no value", textRange), "var.policy has no value", true},
		{"unknown without why", graph.UnknownValue("", textRange), "the policy cannot be known statically", true},
		{"one of", &graph.Value{Type: graph.OneOf, Alts: []*graph.Value{graph.Str("{}", textRange), graph.UnknownValue("Fn::ImportValue Policy", textRange)}},
			"the policy is one of several documents (Fn::ImportValue Policy)", true},
		{"whole hole", graph.Str(graph.Hole(graph.DomainAny, "data.aws_iam_policy_document.p.json"), textRange), "data.aws_iam_policy_document.p.json", true},
		{"hole outside strings", graph.Str(`{"Statement": `+graph.Hole(graph.DomainAny, "local.statements")+`}`, textRange), "the policy text depends on local.statements", true},
		{"hole inside strings", graph.Str(`{"Statement": [], "Version": "`+graph.Hole(graph.DomainAny, "var.v")+`"}`, textRange), "", false},
		{"known text", graph.Str(`{}`, textRange), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why, ok := Unknown(tt.v)
			if why != tt.why || ok != tt.ok {
				t.Errorf("Unknown = %q, %v; want %q, %v", why, ok, tt.why, tt.ok)
			}
			d, diags := Parse(tt.v)
			if tt.ok && (d != nil || diags != nil) {
				t.Errorf("Parse = %v, %v; want nil, nil", d, diags)
			}
		})
	}
	if got := (*Document)(nil).Evaluate(Request{}, nil); got.Decision != Undecided || !slices.Equal(got.Unknowns, []string{"the policy is not known"}) {
		t.Errorf("nil document: %+v", got)
	}
}

// Structured documents keep the range of each element, and diagnostics point
// at the offending one.
func TestParseStructured(t *testing.T) {
	at := func(line int) graph.Range {
		return graph.Range{File: "key.yaml", Start: graph.Pos{Line: line, Column: 7}, End: graph.Pos{Line: line, Column: 30}}
	}
	str := func(line int, s string) *graph.Value { return graph.Str(s, at(line)) }
	obj := func(line int, kv ...any) *graph.Value {
		v := &graph.Value{Type: graph.Map, Range: at(line)}
		for i := 0; i < len(kv); i += 2 {
			val := kv[i+1].(*graph.Value)
			v.Fields = append(v.Fields, graph.Field{Name: kv[i].(string), NameRange: graph.Range{File: "key.yaml", Start: graph.Pos{Line: val.Range.Start.Line, Column: 5}, End: graph.Pos{Line: val.Range.Start.Line, Column: 6}}, Value: val})
		}
		return v
	}
	list := func(line int, vs ...*graph.Value) *graph.Value {
		return &graph.Value{Type: graph.List, List: vs, Range: at(line)}
	}
	doc := obj(1,
		"Version", str(2, "2012-10-17"),
		"Statement", list(3,
			obj(4,
				"Sid", str(5, "Readers"),
				"Effect", str(6, "Allow"),
				"Principal", obj(7, "AWS", graph.UnknownValue("Fn::ImportValue ReaderRole", at(8))),
				"Action", list(9, str(10, "kms:Decrypt"), str(11, "kms:ReEncryptFrom")),
				"Resource", str(12, "*"),
				"Condition", obj(13,
					"Null", obj(14, "kms:EncryptionContext:aws:cloudtrail:arn", &graph.Value{Type: graph.Bool, Bool: false, Range: at(15)}),
					"StringLikeX", obj(16, "aws:SourceArn", str(17, "x")),
				),
			),
			obj(18, "Effect", graph.UnknownValue("Fn::If IsProd", at(19)), "Action", str(20, "kms:*"), "Principal", str(21, "*")),
			graph.UnknownValue("Fn::If AddStatement", at(22)),
			obj(23, "Effect", str(24, "Allow"), "Principal", str(25, "*"), "Action", obj(26)),
		),
	)
	d, diags := Parse(doc)
	wantDiags := []graph.Diagnostic{
		{Severity: graph.SevError, Summary: `condition operator "StringLikeX" is not one AWS knows`, Range: graph.Range{File: "key.yaml", Start: graph.Pos{Line: 16, Column: 5}, End: graph.Pos{Line: 16, Column: 6}}},
		{Severity: graph.SevError, Summary: "policy Action must be a string or a list of strings, not an object", Range: at(26)},
	}
	if !reflect.DeepEqual(diags, wantDiags) {
		t.Errorf("diagnostics:\n got  %+v\n want %+v", diags, wantDiags)
	}
	if len(d.Statements) != 4 {
		t.Fatalf("statements: %d", len(d.Statements))
	}
	s := d.Statements[0]
	if s.Range != at(4) || s.Action[1].Range != at(11) || s.Principal.Range != at(7) {
		t.Errorf("ranges: statement %v, action %v, principal %v", s.Range, s.Action[1].Range, s.Principal.Range)
	}
	if s.Principal.AWS[0] != graph.Hole(graph.DomainAny, "Fn::ImportValue ReaderRole") {
		t.Errorf("unknown principal entry = %q", s.Principal.AWS[0])
	}
	c := s.Conditions[0]
	wantRange := graph.Range{File: "key.yaml", Start: graph.Pos{Line: 15, Column: 5}, End: graph.Pos{Line: 15, Column: 30}}
	if c.Operator != "Null" || !slices.Equal(c.Values, []string{"false"}) || c.Range != wantRange {
		t.Errorf("condition = %+v", c)
	}
	if d.Statements[1].Effect != EffectUnknown || d.Statements[2].Why != "Fn::If AddStatement" || d.Statements[2].Effect != EffectUnknown {
		t.Errorf("unknown effect/statement: %+v %+v", d.Statements[1], d.Statements[2])
	}
}
