// Package region holds TL020: the trail's key must live in the region of
// the bucket that receives its logs (for an event data store, the store's
// own region).
package region

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

//go:embed docs/TL020.md
var doc string

// Mismatch is TL020.
var Mismatch = &analyzers.Analyzer{
	Name:             "TL020",
	Title:            "The trail's KMS key is in another region than its S3 bucket",
	Severity:         analyzers.Error,
	Doc:              func() string { return doc },
	Tags:             []string{"correctness", "cloudtrail", "kms", "region"},
	Precision:        "high",
	SecuritySeverity: "6.0",
	Run:              run,
}

// located is a region and where it was decided.
type located struct {
	region string // may hold holes
	from   string // for the message: "provider \"aws\" (alias \"us\")", "the key ARN"
	at     graph.Range
	what   string // "key aws_kms_key.trail", "bucket aws_s3_bucket.logs"
}

func run(p *analyzers.Pass) {
	for _, r := range p.Graph.OfKind(graph.KindTrail, graph.KindEventDataStore) {
		u := p.Facts.Usage(r)
		other, ok := counterpart(u)
		if !ok {
			continue
		}
		for _, key := range keyRegions(u) {
			if !differ(key.region, other.region) {
				continue
			}
			rng := u.At()
			d := analyzers.Diagnostic{
				Range: rng,
				Key:   analyzers.PlaceKey("TL020", rng, r, ""),
				Reach: []analyzers.Reach{analyzers.ReachOf(u)},
				Message: fmt.Sprintf("%s %s a key in %s but %s is in %s: CloudTrail needs the KMS key in the same region as %s. %s",
					analyzers.Trails, analyzers.Verb("uses", "use"), key.region, other.what, other.region, sameAs(r), advice(u)),
				Related: []analyzers.Related{
					{Range: key.at, Message: fmt.Sprintf("%s is in %s (%s)", key.what, key.region, key.from)},
					{Range: other.at, Message: fmt.Sprintf("%s is in %s (%s)", other.what, other.region, other.from)},
				},
			}
			p.Report(d)
			break
		}
	}
}

func sameAs(r *graph.Resource) string {
	if r.Kind == graph.KindEventDataStore {
		return "the event data store"
	}
	return "the bucket that receives the logs"
}

func advice(u *analyzers.Usage) string {
	if u.Trail.Kind == graph.KindEventDataStore {
		return "Create the key in the store's region, or a replica of a multi-Region key there."
	}
	return "Create the key in the bucket's region, or use a replica of a multi-Region key there."
}

// counterpart is the region the key must match: the bucket's for a trail,
// the store's own for an event data store.
func counterpart(u *analyzers.Usage) (located, bool) {
	if u.Trail.Kind == graph.KindEventDataStore {
		return ofResource(u.Trail, "event data store "+u.Trail.Address)
	}
	if u.Bucket == nil {
		return located{}, false
	}
	return ofResource(u.Bucket, "bucket "+u.Bucket.Address)
}

func ofResource(r *graph.Resource, what string) (located, bool) {
	if r.Region == nil || r.Region.Type != graph.String {
		return located{}, false
	}
	at := r.Region.Range
	if at.IsZero() {
		at = r.Header
	}
	return located{region: r.Region.Str, from: r.RegionFrom, at: at, what: what}, true
}

// keyRegions lists the regions of the keys the trail uses: a key of the
// tree is where its provider or stack is; a literal ARN says its region.
func keyRegions(u *analyzers.Usage) []located {
	var out []located
	for _, k := range u.Keys {
		if l, ok := ofResource(k.Key, string(k.Key.Kind)+" "+k.Key.Address); ok {
			out = append(out, l)
		}
	}
	if len(out) == 0 && u.Literal != "" {
		if region, ok := arnRegion(u.Literal); ok {
			at := u.KeyAttr.Value.Range
			out = append(out, located{region: region, from: "the key ARN " + graph.Display(u.Literal), at: at, what: "the key"})
		}
	}
	return out
}

// arnRegion returns the region field of a KMS key or alias ARN.
func arnRegion(s string) (string, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || parts[2] != "kms" || parts[3] == "" {
		return "", false
	}
	return parts[3], true
}

// differ reports a definite difference: both regions known and unequal.
// Holes are never a difference, even of different origins.
func differ(a, b string) bool {
	if graph.HasHoles(a) || graph.HasHoles(b) {
		return false
	}
	return a != b
}
