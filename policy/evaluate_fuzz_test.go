package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trailint/trailint/graph"
)

// FuzzEvaluate parses an arbitrary policy and evaluates the request
// CloudTrail makes when it encrypts a log file of a fixed trail. Whatever the
// policy, evaluation must return a decision that its statements explain.
func FuzzEvaluate(f *testing.F) {
	for _, dir := range []string{"testdata/*.json", "testdata/malformed/*.json"} {
		names, _ := filepath.Glob(dir)
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(b))
		}
	}
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"${aws:SourceArn}","Condition":{"ForAnyValue:StringLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/${aws:PrincipalTag/x}"}}}]}`)
	f.Add(`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"NotAction":"kms:Decrypt","NotResource":"*","Condition":{"Null":{"kms:EncryptionContext:aws:cloudtrail:arn":"false"},"BoolIfExists":{"aws:SecureTransport":"false"}}}]}`)
	req := trailRequest("kms:GenerateDataKey", mainTrail)
	f.Fuzz(func(t *testing.T, text string) {
		d, _ := Parse(graph.Str(text, textRange))
		r := d.Evaluate(req, nil)
		switch r.Decision {
		case Allowed:
			if len(r.Allowed) == 0 || len(r.Denied) > 0 {
				t.Fatalf("allowed with %d Allow and %d Deny statements", len(r.Allowed), len(r.Denied))
			}
		case ExplicitDeny:
			if len(r.Denied) == 0 {
				t.Fatal("denied without a Deny statement")
			}
		case Undecided:
			if len(r.Unknowns) == 0 {
				t.Fatal("undecided without saying why")
			}
		case ImplicitDeny:
			if len(r.Allowed) > 0 || len(r.Denied) > 0 {
				t.Fatalf("not allowed with %d Allow and %d Deny statements", len(r.Allowed), len(r.Denied))
			}
		default:
			t.Fatalf("decision %d", r.Decision)
		}
		if d != nil && len(r.Verdicts) != len(d.Statements) {
			t.Fatalf("%d verdicts for %d statements", len(r.Verdicts), len(d.Statements))
		}
	})
}
