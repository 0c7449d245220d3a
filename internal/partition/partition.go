// Package partition knows the AWS partitions and their regions, so that a
// region a user names can be checked and a typo answered with the name
// meant. It is the one list of regions in trailint: add a region here when
// AWS opens one.
package partition

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trailint/trailint/internal/spell"
)

// Partition is a group of regions with its own ARN prefix.
type Partition struct {
	// ID is the partition of ARNs: aws, aws-cn, aws-us-gov, ...
	ID string
	// DNSSuffix is the domain of the partition's endpoints.
	DNSSuffix string
	Regions   []string
}

// All are the partitions, commercial first.
var All = []Partition{
	{ID: "aws", DNSSuffix: "amazonaws.com", Regions: []string{
		"af-south-1",
		"ap-east-1", "ap-east-2",
		"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-south-1", "ap-south-2",
		"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
		"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
		"ca-central-1", "ca-west-1",
		"eu-central-1", "eu-central-2",
		"eu-north-1",
		"eu-south-1", "eu-south-2",
		"eu-west-1", "eu-west-2", "eu-west-3",
		"il-central-1",
		"me-central-1", "me-south-1",
		"mx-central-1",
		"sa-east-1",
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	}},
	{ID: "aws-cn", DNSSuffix: "amazonaws.com.cn", Regions: []string{"cn-north-1", "cn-northwest-1"}},
	{ID: "aws-us-gov", DNSSuffix: "amazonaws.com", Regions: []string{"us-gov-east-1", "us-gov-west-1"}},
	{ID: "aws-iso", DNSSuffix: "c2s.ic.gov", Regions: []string{"us-iso-east-1", "us-iso-west-1"}},
	{ID: "aws-iso-b", DNSSuffix: "sc2s.sgov.gov", Regions: []string{"us-isob-east-1", "us-isob-west-1"}},
	{ID: "aws-iso-e", DNSSuffix: "cloud.adc-e.uk", Regions: []string{"eu-isoe-west-1"}},
	{ID: "aws-iso-f", DNSSuffix: "csp.hci.ic.gov", Regions: []string{"us-isof-east-1", "us-isof-south-1"}},
	{ID: "aws-eusc", DNSSuffix: "amazonaws.eu", Regions: []string{"eusc-de-east-1"}},
}

// Of returns the partition of a known region.
func Of(region string) (*Partition, bool) {
	for i := range All {
		for _, r := range All[i].Regions {
			if r == region {
				return &All[i], true
			}
		}
	}
	return nil, false
}

// Regions lists every known region, sorted.
func Regions() []string {
	var out []string
	for _, p := range All {
		out = append(out, p.Regions...)
	}
	sort.Strings(out)
	return out
}

// Check returns nil for a known region, and otherwise an error that names
// the region meant when it looks like a typo of one.
func Check(region string) error {
	if _, ok := Of(region); ok {
		return nil
	}
	if near := Nearest(region); near != "" {
		return fmt.Errorf("unknown region %q (did you mean %q?)", region, near)
	}
	return fmt.Errorf("unknown region %q: not a region of any AWS partition (%s)", region, ids())
}

func ids() string {
	var s []string
	for _, p := range All {
		s = append(s, p.ID)
	}
	return strings.Join(s, ", ")
}

// Nearest is the known region closest to name, for a "did you mean": the
// one at the smallest edit distance, the first in sorted order on a tie,
// and only when the distance is small enough to be a typo (at most a third
// of the name, and at most 3). It is "" otherwise.
func Nearest(name string) string {
	name = strings.ToLower(name)
	// Closest takes distances below its limit: at most 3, and at most a
	// third of the name's length in bytes.
	return spell.Closest(name, Regions(), min(3, len(name)/3)+1)
}

// prefixes tell a region's partition by its name, for regions newer than
// the list: each partition names its regions alike.
var prefixes = []struct{ prefix, id string }{
	{"cn-", "aws-cn"}, {"us-gov-", "aws-us-gov"}, {"us-isob-", "aws-iso-b"},
	{"us-iso-", "aws-iso"}, {"eu-isoe-", "aws-iso-e"}, {"us-isof-", "aws-iso-f"},
	{"eusc-", "aws-eusc"},
}

// ForRegion returns the partition a region belongs to: the listed one, or
// for a region not listed the one its name's prefix says, commercial
// otherwise. Every loader derives partitions with it.
func ForRegion(region string) *Partition {
	if p, ok := Of(region); ok {
		return p
	}
	for _, x := range prefixes {
		if strings.HasPrefix(region, x.prefix) {
			return ByID(x.id)
		}
	}
	return &All[0]
}

// ByID returns the partition with the given ID, or nil.
func ByID(id string) *Partition {
	for i := range All {
		if All[i].ID == id {
			return &All[i]
		}
	}
	return nil
}
