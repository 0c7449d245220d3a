package terraform

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/trailint/trailint/graph"
)

// TestStmtValue checks that a statement's graph value built directly is
// the value its rendered JSON reads back as, and that text JSON would
// change takes the JSON path.
func TestStmtValue(t *testing.T) {
	at := graph.Range{File: "main.tf", Start: graph.Pos{Line: 3, Column: 3}, End: graph.Pos{Line: 9, Column: 4}}
	fields := map[string]*graph.Value{}
	for _, tc := range []struct {
		name  string
		st    iamStmt
		built bool
	}{
		{"empty", iamStmt{}, true},
		{"sid and effect", iamStmt{Sid: "Root", Effect: "Allow", Actions: "kms:*", Resources: "*"}, true},
		{"lists", iamStmt{Effect: "Deny", NotActions: []string{"kms:Encrypt", "kms:Decrypt"},
			NotResources: []string{"arn:aws:kms:*:111122223333:key/*", "*"}}, true},
		{"star principal", iamStmt{Principals: principalSet{{Type: "*", Identifiers: "*"}}}, true},
		{"star principal list", iamStmt{NotPrincipals: principalSet{{Type: "*", Identifiers: []string{"*"}}}}, true},
		{"principal types", iamStmt{Principals: principalSet{
			{Type: "Service", Identifiers: "cloudtrail.amazonaws.com"},
			{Type: "AWS", Identifiers: []string{"arn:aws:iam::1:root", "arn:aws:iam::2:root"}},
			{Type: "Service", Identifiers: []string{"b.amazonaws.com", "a.amazonaws.com"}},
			{Type: "AWS", Identifiers: "arn:aws:iam::3:root"},
			{Type: "Federated", Identifiers: []string(nil)},
		}}, true},
		{"conditions", iamStmt{Conditions: conditionSet{
			{"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", []string{"arn:aws:cloudtrail:*:1:trail/*"}},
			{"StringEquals", "aws:SourceArn", []string{"b", "a"}},
			{"StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", []string{"x"}},
			{"Null", "kms:ViaService", nil},
		}}, true},
		{"escaped text", iamStmt{Sid: "<&>\u2028", Actions: []string{"a\"b", `c\d`}}, true},
		{"invalid UTF-8", iamStmt{Sid: "a\xffb"}, false},
		{"invalid UTF-8 in a key", iamStmt{Principals: principalSet{{Type: "A\xff", Identifiers: "x"}}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st
			st.at, st.fields = at, fields
			got, built := st.value()
			if built != tc.built {
				t.Fatalf("built = %v, want %v", built, tc.built)
			}
			if !built {
				return
			}
			b, err := json.Marshal(&st)
			if err != nil {
				t.Fatal(err)
			}
			want, err := graph.FromJSON(string(b), at)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("value differs from JSON %s:\ngot  %s\nwant %s", b, dumpValue(got), dumpValue(want))
			}
		})
	}
	st := iamStmt{Sid: "FromJSON", at: at}
	if _, built := st.value(); built {
		t.Error("a statement read from JSON was built directly")
	}
}

func dumpValue(v *graph.Value) string {
	b, _ := json.Marshal(v)
	return string(b)
}
