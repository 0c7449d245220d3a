package tfplan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/parsers/tfplan"
)

// The analyzers run on resources that exist only in the plan as they do
// on those of HCL: a trail in a registry module whose key policy lacks
// kms:GenerateDataKey* is found, located at the key's policy in the plan
// file, though the key's ARN is known only after apply.
func TestAnalysis(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    []string // rule, position and a part of the message
	}{
		{"registry.json", []string{
			"TL011 registry.json:236:11 kms:GenerateDataKey",
			"TL012 registry.json:236:11 no statement of the key policy of module.trail.aws_kms_key.this grants a reader kms:Decrypt on the log files of trail module.trail.aws_cloudtrail.this",
		}},
		{"edges.json", []string{
			"TL001 edges.json:30:11 kms_key_id has no value",
			"TL010 edges.json:81:11 kms:Decrypt",
			"TL011 edges.json:81:11 kms:GenerateDataKey",
			// The eu-west-1 instance's key, which no trail uses, checked
			// on its own.
			"TL012 edges.json:270:11 grants a reader kms:Decrypt on the log files of the trails that will use key module.regional[\"eu-west-1\"].aws_kms_key.k[0]",
			"TL013 edges.json:270:204 statement \"CloudTrail\"",
			"TL020 edges.json:301:11 uses a key in us-east-1 but bucket aws_s3_bucket.audit is in ap-southeast-2",
			"TL023 edges.json:308:18 does not rotate",
			"TL012 edges.json:325:11 no statement of the key policy of module.regional[\"us-east-1\"].aws_kms_key.k[0] grants a reader",
			"TL013 edges.json:325:204 statement \"CloudTrail\"",
			"TL020 edges.json:342:22 uses a key in us-gov-west-1",
		}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			p := tfplan.Parse(data, tc.fixture, tfplan.Options{})
			g := &graph.Graph{}
			g.Add(p.Resources()...)
			g.Sort()
			ds := analyzers.Run(g, rules.All())
			var got []string
			for _, d := range ds {
				got = append(got, fmt.Sprintf("%s %s %s", d.Rule, d.Range, d.Message))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, w := range tc.want {
				head, frag, _ := strings.Cut(w, " ")
				pos, frag, _ := strings.Cut(frag, " ")
				if !strings.HasPrefix(got[i], head+" "+pos+" ") || !strings.Contains(got[i], frag) {
					t.Errorf("finding %d:\n%s\nwant %s", i, got[i], w)
				}
			}
		})
	}
}
