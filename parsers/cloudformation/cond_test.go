package cloudformation

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

// Fn::Equals knows what a pseudo parameter may be as policies do: the
// regions and partitions of internal/partition, and that holes of
// domains with no text in common are never equal.
func TestEqualDomains(t *testing.T) {
	hole := func(d graph.Domain, o string) *graph.Value { return graph.Str(graph.Hole(d, o), graph.Range{}) }
	str := func(s string) *graph.Value { return graph.Str(s, graph.Range{}) }
	region := hole(graph.DomainRegion, "AWS::Region")
	part := hole(graph.DomainPartition, "AWS::Partition")
	acct := hole(graph.DomainAccount, "AWS::AccountId")
	cases := []struct {
		name string
		a, b *graph.Value
		want tri
	}{
		// The European Sovereign Cloud's region starts with four letters.
		{"region vs eusc-de-east-1", region, str("eusc-de-east-1"), maybe},
		{"region vs us-gov-west-1", region, str("us-gov-west-1"), maybe},
		{"region vs upper case", region, str("US-EAST-1"), no},
		{"partition vs each partition", part, str("aws-iso-f"), maybe},
		{"partition vs no partition", part, str("aws-foo"), no},
		{"account vs partition", acct, part, no},
		{"account vs region", acct, region, no},
		{"two accounts", acct, hole(graph.DomainAccount, "var.account"), maybe},
		{"ARN with holes vs a placeholder", str("arn:" + graph.Hole(graph.DomainPartition, "AWS::Partition") + ":iam::" + graph.Hole(graph.DomainAccount, "AWS::AccountId") + ":root"),
			str("arn:aws:iam::aws-account-id:root"), no},
	}
	for _, c := range cases {
		if got := equal(c.a, c.b); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if got := equal(c.b, c.a); got != c.want {
			t.Errorf("%s (swapped): got %v, want %v", c.name, got, c.want)
		}
	}
}
