package orphan

import (
	"fmt"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

func TestIsCloudTrail(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      bool
	}{
		{"a grant of a KMS action to CloudTrail",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"*"}]}`, true},
		{"among other services, with every action",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":["logs.amazonaws.com","cloudtrail.amazonaws.com"]},"Action":"*","Resource":"*"}]}`, true},
		{"everything but some actions",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"NotAction":"kms:ScheduleKeyDeletion","Resource":"*"}]}`, true},
		{"a reader conditioned on CloudTrail's encryption context",
			`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R"},"Action":"kms:Decrypt","Resource":"*","Condition":{"Null":{"kms:EncryptionContext:aws:cloudtrail:arn":"false"}}}]}`, true},
		{"a bucket policy for CloudTrail is not a key policy",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}`, false},
		{"a Deny grants nothing",
			`{"Statement":[{"Effect":"Deny","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:*","Resource":"*"}]}`, false},
		{"kms:DescribeKey alone, as keys of other services carry it",
			`{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:DescribeKey","Resource":"*"},{"Effect":"Allow","Principal":{"Service":"logs.eu-west-1.amazonaws.com"},"Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}]}`, false},
		{"an EBS key",
			`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ec2.us-east-1.amazonaws.com"}}}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, diags := policy.Parse(graph.Str(tc.doc, graph.Range{}))
			if d == nil || len(diags) > 0 {
				t.Fatalf("parse: %v", diags)
			}
			if got := IsCloudTrail(d); got != tc.want {
				t.Errorf("IsCloudTrail = %t, want %t", got, tc.want)
			}
		})
	}
}

// TestSubjects checks which keys and key policies are checked on their
// own: those of CloudTrail that no trail uses and whose key, if any, is
// in the graph.
func TestSubjects(t *testing.T) {
	ct := `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"*"}]}`
	other := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}`
	res := func(id string, kind graph.Kind, line int, props map[graph.Prop]*graph.Value) *graph.Resource {
		r := &graph.Resource{ID: id, Address: id, Kind: kind, Header: graph.Range{File: "main.tf", Start: graph.Pos{Line: line, Column: 1}, End: graph.Pos{Line: line, Column: 2}},
			Props: map[graph.Prop]*graph.Attr{}}
		for p, v := range props {
			r.Props[p] = &graph.Attr{Value: v}
		}
		return r
	}
	str := func(s string) *graph.Value { return graph.Str(s, graph.Range{}) }
	ref := func(id string) *graph.Value { return &graph.Value{Type: graph.Unknown, Refs: []graph.Ref{{ID: id}}} }
	g := &graph.Graph{}
	g.Add(
		res("used", graph.KindKey, 1, map[graph.Prop]*graph.Value{graph.PropPolicy: str(ct)}),
		res("trail", graph.KindTrail, 2, map[graph.Prop]*graph.Value{graph.PropKMSKey: ref("used")}),
		res("alone", graph.KindKey, 3, map[graph.Prop]*graph.Value{graph.PropPolicy: str(ct)}),
		res("ebs", graph.KindKey, 4, map[graph.Prop]*graph.Value{graph.PropPolicy: str(other)}),
		res("default", graph.KindKey, 5, nil),
		res("unknown", graph.KindKey, 6, map[graph.Prop]*graph.Value{graph.PropPolicy: graph.UnknownValue("var.policy", graph.Range{})}),
		res("overridden", graph.KindKey, 7, map[graph.Prop]*graph.Value{graph.PropPolicy: str(other)}),
		res("override", graph.KindKeyPolicy, 8, map[graph.Prop]*graph.Value{graph.PropTargetKey: ref("overridden"), graph.PropPolicy: str(ct)}),
		res("passed", graph.KindKeyPolicy, 9, map[graph.Prop]*graph.Value{graph.PropPolicy: str(ct)}),
	)
	var got []string
	for _, s := range Subjects(analyzers.NewFacts(g)) {
		got = append(got, s.Key.ID)
		if s.Outside != (s.Key.Kind == graph.KindKeyPolicy) {
			t.Errorf("%s: outside %t", s.Key.ID, s.Outside)
		}
	}
	if want := "[alone overridden passed]"; fmt.Sprint(got) != want {
		t.Errorf("subjects %v, want %s", got, want)
	}
}
