package graph

import (
	"reflect"
	"testing"
)

func TestSegments(t *testing.T) {
	acct := Hole(DomainAccount, "AWS::AccountId")
	region := Hole(DomainRegion, "var.region")
	tests := []struct {
		name string
		in   string
		want []Segment
	}{
		{"plain", "arn:aws:kms", []Segment{{Text: "arn:aws:kms"}}},
		{"empty", "", nil},
		{"whole hole", acct, []Segment{{Hole: &HoleInfo{Domain: DomainAccount, Origin: "AWS::AccountId"}}}},
		{"holes among text", "arn:aws:kms:" + region + ":" + acct + ":key/x", []Segment{
			{Text: "arn:aws:kms:"},
			{Hole: &HoleInfo{Domain: DomainRegion, Origin: "var.region"}},
			{Text: ":"},
			{Hole: &HoleInfo{Domain: DomainAccount, Origin: "AWS::AccountId"}},
			{Text: ":key/x"},
		}},
		{"adjacent holes", acct + acct, []Segment{
			{Hole: &HoleInfo{Domain: DomainAccount, Origin: "AWS::AccountId"}},
			{Hole: &HoleInfo{Domain: DomainAccount, Origin: "AWS::AccountId"}},
		}},
		{"opener without closer stays text", "a\uE000bc", []Segment{{Text: "a\uE000bc"}}},
		{"empty hole body stays text", "a\uE000\uE001", []Segment{{Text: "a\uE000\uE001"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Segments(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Segments(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestHoleOriginCannotCloseEarly(t *testing.T) {
	h := Hole(DomainAny, "a\uE001b\uE000c")
	segs := Segments("x" + h + "y")
	if len(segs) != 3 || segs[1].Hole == nil || segs[1].Hole.Origin != "abc" {
		t.Fatalf("got %#v", segs)
	}
}

func TestDisplayAndOrigins(t *testing.T) {
	s := "arn:" + Hole(DomainPartition, "AWS::Partition") + ":iam::" + Hole(DomainAccount, "AWS::AccountId") + ":root/" + Hole(DomainAccount, "AWS::AccountId")
	if got, want := Display(s), "arn:${AWS::Partition}:iam::${AWS::AccountId}:root/${AWS::AccountId}"; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	if got, want := Origins(s), []string{"AWS::Partition", "AWS::AccountId"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Origins = %q, want %q", got, want)
	}
	if _, ok := WholeHole(s); ok {
		t.Error("WholeHole of text with holes")
	}
	if h, ok := WholeHole(Hole(DomainRegion, "var.r")); !ok || h.Origin != "var.r" || h.Domain != DomainRegion {
		t.Errorf("WholeHole = %v, %v", h, ok)
	}
}

func TestValueStates(t *testing.T) {
	var absent *Value
	tests := []struct {
		name          string
		v             *Value
		null, known   bool
		describe      string
		knownString   string
		isKnownString bool
	}{
		{"absent", absent, true, true, "", "", false},
		{"null", &Value{Type: Null}, true, true, "", "", false},
		{"unknown", UnknownValue("var.k has no value", Range{}), false, false, "var.k has no value", "", false},
		{"known string", Str("arn:aws:kms:x", Range{}), false, true, "", "arn:aws:kms:x", true},
		{"string with hole", Str("arn:"+Hole(DomainAccount, "AWS::AccountId"), Range{}), false, false, "AWS::AccountId", "", false},
		{"list with unknown", &Value{Type: List, List: []*Value{Str("a", Range{}), UnknownValue("x", Range{})}}, false, false, "x", "", false},
		{"one of", &Value{Type: OneOf, Alts: []*Value{Str("a", Range{}), {Type: Null}}}, false, false, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.IsNull(); got != tt.null {
				t.Errorf("IsNull = %v", got)
			}
			if got := tt.v.IsKnown(); got != tt.known {
				t.Errorf("IsKnown = %v", got)
			}
			if got := tt.v.Describe(); got != tt.describe {
				t.Errorf("Describe = %q, want %q", got, tt.describe)
			}
			s, ok := tt.v.KnownString()
			if s != tt.knownString || ok != tt.isKnownString {
				t.Errorf("KnownString = %q, %v", s, ok)
			}
		})
	}
}

func TestRangeContainsAndOrder(t *testing.T) {
	block := Range{File: "a.tf", Start: Pos{Line: 3, Column: 1}, End: Pos{Line: 9, Column: 2}}
	attr := Range{File: "a.tf", Start: Pos{Line: 5, Column: 3}, End: Pos{Line: 5, Column: 30}}
	other := Range{File: "b.tf", Start: Pos{Line: 5, Column: 3}, End: Pos{Line: 5, Column: 30}}
	after := Range{File: "a.tf", Start: Pos{Line: 9, Column: 1}, End: Pos{Line: 10, Column: 1}}
	if !block.Contains(attr) || block.Contains(other) || block.Contains(after) || attr.Contains(block) {
		t.Error("Contains is wrong")
	}
	if !block.Less(attr) || attr.Less(block) || !attr.Less(other) || !block.Less(after) {
		t.Error("Less is wrong")
	}
	if got := attr.String(); got != "a.tf:5:3" {
		t.Errorf("String = %q", got)
	}
}

func TestSplit(t *testing.T) {
	acct := Hole(DomainAccount, "a:b")
	tests := []struct {
		in   string
		want []string
	}{
		{"arn:aws:kms", []string{"arn", "aws", "kms"}},
		{"arn:aws:iam::" + acct + ":root", []string{"arn", "aws", "iam", "", acct, "root"}},
		{acct, []string{acct}},
		{"x" + acct + "y:z", []string{"x" + acct + "y", "z"}},
	}
	for _, tt := range tests {
		if got := Split(tt.in, ":"); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", Display(tt.in), got, tt.want)
		}
	}
}

// TestProviderHoles checks that a provider configuration's holes carry the
// configuration and its root as fields, whatever the root is named.
func TestProviderHoles(t *testing.T) {
	for _, c := range []struct {
		what, provider, root, origin string
	}{
		{"account", "aws.audit", "envs/prod", "account of provider aws.audit in envs/prod"},
		{"region", "aws", ".", "region of provider aws"},
		{"partition", "aws.west", "roots/in here", "partition of provider aws.west in roots/in here"},
	} {
		h, ok := WholeHole(ProviderHole(DomainAccount, c.what, c.provider, c.root))
		if !ok || h.Origin != c.origin || h.What != c.what || h.Provider != c.provider || h.Root != c.root {
			t.Errorf("ProviderHole(%s, %s, %s) = %+v, want origin %q and the fields given", c.what, c.provider, c.root, h, c.origin)
		}
	}
	if h, _ := WholeHole(Hole(DomainAccount, "var.account_id")); h.Provider != "" || h.What != "" {
		t.Errorf("a variable's hole has provider fields: %+v", h)
	}
}
