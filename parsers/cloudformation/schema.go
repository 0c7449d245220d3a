package cloudformation

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/awslabs/goformation/v7/cloudformation/cloudtrail"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/spell"
)

// The property names of each checked type come from goformation's
// generated structs (the CloudFormation resource specification), read once
// and only when a template declares one of these types.
var (
	schemaOnce sync.Once
	schemas    map[string]map[string]bool
)

func schemaOf(typ string) map[string]bool {
	schemaOnce.Do(func() {
		schemas = map[string]map[string]bool{
			"AWS::CloudTrail::Trail":          fieldNames(cloudtrail.Trail{}),
			"AWS::CloudTrail::EventDataStore": fieldNames(cloudtrail.EventDataStore{}),
			"AWS::KMS::Key":                   fieldNames(kms.Key{}),
			"AWS::KMS::ReplicaKey":            fieldNames(kms.ReplicaKey{}),
			"AWS::KMS::Alias":                 fieldNames(kms.Alias{}),
			"AWS::S3::Bucket":                 fieldNames(s3.Bucket{}),
		}
	})
	return schemas[typ]
}

func fieldNames(v any) map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

// checkProps reports properties the type does not have, in each
// Properties mapping the resource may be deployed with. A property that
// misses one trailint reads by case or by a letter or two ("KmsKeyId" on a
// Trail) is recorded on that property as a misspelling: AWS ignores it, so
// the property is absent.
//
// An unknown property is a problem of evaluation, not of the file: the
// template parses, and what trailint checks is analysed all the same, so
// it never fails the run, and --verbose shows it. A misspelt key property
// of a trail or event data store is not reported here at all: TL001 says
// it at the same place, with the name to use, and saying it twice would
// only repeat the finding. Other misspellings (a bucket's BucketNme) are
// left to --verbose like any unknown property: what they hide is read as
// absent, which is what AWS makes of it too.
func (l *loader) checkProps(res *resDecl, sets []*node, r *graph.Resource) {
	schema := schemaOf(res.typ)
	if schema == nil {
		return
	}
	for _, props := range sets {
		if props == nil || props.kind != kMap {
			continue
		}
		if _, fn := intrinsicName(props); fn {
			continue // Properties computed otherwise: reported where evaluated
		}
		for _, k := range props.keys {
			if schema[k.str] {
				continue
			}
			if l.misspelling(k, r) {
				continue
			}
			summary := fmt.Sprintf("unknown property %s on %s", k.str, res.typ)
			if near := nearest(k.str, schema); near != "" {
				summary += "; did you mean " + near + "?"
			}
			l.diag(graph.SevWarning, graph.ClassEval, k.rng, summary, "CloudFormation rejects or ignores properties the resource type does not define")
		}
	}
}

// misspelling records an unknown property k on the property of r it
// misspells, and reports whether a finding about r says so: the key of a
// trail or event data store.
func (l *loader) misspelling(k *node, r *graph.Resource) bool {
	said := false
	for _, p := range kinds[r.Type].props {
		// Settings nested deeper (a bucket's encryption) are not
		// properties of the resource, and are listed only when set.
		a := r.Props[p.prop]
		if len(p.path) > 0 || a == nil {
			continue
		}
		if a.Value == nil && a.Misspelled == "" && closeTo(k.str, a.Name) {
			a.Misspelled, a.MisspelledRange = k.str, k.rng
			said = said || p.prop == graph.PropKMSKey && (r.Kind == graph.KindTrail || r.Kind == graph.KindEventDataStore)
		}
	}
	return said
}

// nearest is the schema name closest to name: equal but for case, or within
// two edits.
func nearest(name string, schema map[string]bool) string {
	names := make([]string, 0, len(schema))
	for n := range schema {
		names = append(names, n)
	}
	sort.Strings(names)
	best, bestD := "", 3
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := spell.Distance(strings.ToLower(n), strings.ToLower(name)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func closeTo(written, want string) bool {
	return strings.EqualFold(written, want) || spell.Distance(strings.ToLower(written), strings.ToLower(want)) <= 2
}
