package keypolicy

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// The inputs that decide a condition are found with the condition's own
// comparison: under ArnLike a `*` in the region stays in its field, so a
// value that would take the region and the account together under
// StringLike cannot match, and neither its partition nor the region
// decides anything.
func TestDecidingComparesAsTheOperator(t *testing.T) {
	const key = "kms:EncryptionContext:aws:cloudtrail:arn"
	arn := "arn:" + graph.Hole(graph.DomainPartition, "partition of provider aws") + ":cloudtrail:" +
		graph.Hole(graph.DomainRegion, "region of provider aws") + ":111122223333:trail/main"
	req := policy.Request{Context: map[string][]string{key: {arn}}}
	tests := []struct {
		op   string
		want string
	}{
		{"ArnLike", "partition of provider aws"},
		{"ForAnyValue:ArnNotLikeIfExists", "partition of provider aws"},
		{"StringLike", "partition of provider aws, region of provider aws"},
	}
	for _, tt := range tests {
		text := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
  "Action": "kms:GenerateDataKey*", "Resource": "*",
  "Condition": {"` + tt.op + `": {"` + key + `": ["arn:aws:cloudtrail:*:111122223333:trail/*", "arn:aws-cn:cloudtrail:*:trail/main"]}}}]}`
		doc, diags := policy.Parse(graph.Str(text, graph.Range{}))
		if doc == nil || len(diags) != 0 || len(doc.Statements) != 1 || len(doc.Statements[0].Conditions) != 1 {
			t.Fatalf("%s: policy %+v, diagnostics %+v", tt.op, doc, diags)
		}
		s := doc.Statements[0]
		e := policy.Exclusion{Statement: s, Element: "condition", Condition: &s.Conditions[0]}
		if got := strings.Join(deciding(e, req), ", "); got != tt.want {
			t.Errorf("%s: decided by %q, want %q", tt.op, got, tt.want)
		}
	}
}
