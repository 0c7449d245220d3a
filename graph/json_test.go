package graph

import (
	"strings"
	"testing"
)

func TestFromJSON(t *testing.T) {
	r := Range{File: "main.tf", Start: Pos{Line: 3, Column: 12}, End: Pos{Line: 9, Column: 4}}
	acct := Hole(DomainAccount, "AWS::AccountId")
	v, err := FromJSON(`{"b": [1, true, null], "a": "arn:aws:iam::`+acct+`:root"}`, r)
	if err != nil {
		t.Fatal(err)
	}
	if v.Type != Map || len(v.Fields) != 2 || v.Fields[0].Name != "b" || v.Fields[1].Name != "a" {
		t.Fatalf("keys not in written order: %+v", v.Fields)
	}
	l := v.Get("b")
	if l.Type != List || l.List[0].Type != Number || l.List[0].Str != "1" || !l.List[1].Bool || l.List[2].Type != Null {
		t.Errorf("list = %+v", l.List)
	}
	if a := v.Get("a"); Display(a.Str) != "arn:aws:iam::${AWS::AccountId}:root" || a.Range != r {
		t.Errorf("string with hole = %q at %v", Display(a.Str), a.Range)
	}
	for _, tt := range []struct{ in, err string }{
		{`{"a": `, "unexpected end of text"},
		{`{"a": 1} x`, "text after the end of the document"},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), "nested too deeply"},
		{`{"a" 1}`, "invalid character"},
	} {
		if _, err := FromJSON(tt.in, r); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("FromJSON(%.20q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
}
