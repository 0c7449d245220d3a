// Package orphan finds the CloudTrail keys and key policies that no trail
// or event data store of the scan uses, so that they can be checked on
// their own. In real organisations the key and its trail often live apart
// (the key in a security account's repository or a registry key module,
// the trail in a logging account's repository or a registry module that is
// not downloaded): such a key is still checked, for a trail of which
// nothing is known but that it is a trail (Trail), and what depends on
// that trail's name or home region is left unsaid.
package orphan

import (
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// contextKey is the condition key of the encryption context CloudTrail
// gives KMS for a trail's log files and digests.
const contextKey = "kms:EncryptionContext:aws:cloudtrail:arn"

const cloudtrail = "cloudtrail.amazonaws.com"

// IsCloudTrail reports whether d is a CloudTrail key policy: one of its
// statements allows the CloudTrail service a KMS action besides
// kms:DescribeKey, or one conditions on the encryption context of
// CloudTrail's log files. A key policy that mentions neither (an EBS
// volume's key, an S3 bucket's) is not one, and a policy of another service
// (a bucket policy granting CloudTrail s3:PutObject) is not a key policy.
// A grant of kms:DescribeKey alone does not make one: keys of other
// services (a CloudWatch Logs group's) carry it, copied from CloudTrail's
// examples, and checking them for a trail would report what is no mistake.
func IsCloudTrail(d *policy.Document) bool {
	if d == nil {
		return false
	}
	for _, s := range d.Statements {
		for _, c := range s.Conditions {
			if strings.EqualFold(c.Key, contextKey) {
				return true
			}
		}
		if s.Effect != policy.Allow || s.Principal == nil {
			continue
		}
		named := false
		for _, svc := range s.Principal.Service {
			named = named || strings.EqualFold(svc, cloudtrail)
		}
		if named && mayBeKMS(s) {
			return true
		}
	}
	return false
}

// mayBeKMS reports whether s may grant a KMS action other than
// kms:DescribeKey: an Action entry of the kms service or "*", or a
// NotAction, which grants everything else.
func mayBeKMS(s *policy.Statement) bool {
	if s.NotAction != nil {
		return true
	}
	for _, a := range s.Actions() {
		a = strings.ToLower(a)
		if a == "*" || strings.HasPrefix(a, "kms:") && a != "kms:describekey" {
			return true
		}
	}
	return false
}

// Subject is a CloudTrail key policy that no trail or event data store of
// the scan uses: the policy of a key of the scan, or a key policy whose key
// is not in the scan.
type Subject struct {
	// Key is the key the policy is checked for. When Outside is set, the
	// key is not in the scan and Key is the key policy itself: a policy a
	// module call passes to a module that is not downloaded, or an
	// aws_kms_key_policy of a key declared elsewhere. Its region and
	// account are those the key would have.
	Key     *graph.Resource
	Outside bool
	Policy  *analyzers.PolicyInfo
}

// Subjects returns, once per run, the CloudTrail key policies of the graph
// that no trail or event data store uses, in graph order. A policy that
// cannot be read statically is not among them: whether it is a CloudTrail
// one cannot be told.
func Subjects(f *analyzers.Facts) []*Subject {
	return analyzers.Memo(f, "orphan.subjects", func() []*Subject {
		g := f.Graph()
		used := map[*graph.Resource]bool{}
		for _, r := range g.OfKind(graph.KindTrail, graph.KindEventDataStore) {
			for _, k := range f.Usage(r).Keys {
				used[k.Key] = true
			}
		}
		var out []*Subject
		for _, r := range g.Resources {
			var outside bool
			switch r.Kind {
			case graph.KindKey, graph.KindReplicaKey:
				if used[r] {
					continue
				}
			case graph.KindKeyPolicy:
				if len(f.TargetKeys(r)) > 0 {
					continue // checked as its key's policy, if it is the one that stays
				}
				outside = true
			default:
				continue
			}
			if !cloudTrailPolicy(f, r) {
				continue
			}
			// Read as the analysis reads every key's policy, which says
			// the problems of the document once.
			out = append(out, &Subject{Key: r, Outside: outside, Policy: f.Policy(r)})
		}
		return out
	})
}

// cloudTrailPolicy reports whether the effective policy of r is a
// CloudTrail key policy. It reads the document without saying its
// problems: those of a key that is not a CloudTrail one are not
// trailint's to say.
func cloudTrailPolicy(f *analyzers.Facts, r *graph.Resource) bool {
	a, _ := f.PolicyOf(r)
	if a == nil {
		return false // the default key policy grants CloudTrail nothing
	}
	if !mentions(a.Value) {
		return false // most keys are not CloudTrail's: their policies need no reading
	}
	return IsCloudTrail(f.ReadPolicy(r).Doc)
}

// Trail stands for a trail that will use the subject's key, of which
// nothing is known but that it is a trail: its name is any name CloudTrail
// accepts, its home region any region, and its account acct (an account
// id, or a hole). Its key and bucket are those of the key's region.
func (s *Subject) Trail(acct *graph.Value) *analyzers.Usage {
	k := s.Key
	who := "a trail that will use " + k.Address
	root, _, _ := strings.Cut(k.ID, ":")
	t := &graph.Resource{
		ID:      root + ":" + who,
		Type:    "aws_cloudtrail",
		Address: who,
		Kind:    graph.KindTrail,
		Format:  k.Format,
		Header:  k.Header,
		Calls:   k.Calls,
		Props: map[graph.Prop]*graph.Attr{
			graph.PropName: {Name: "name", Value: graph.Str(graph.Hole(graph.DomainTrailName, "a trail's name"), graph.Range{})},
		},
		Region:    graph.Str(graph.Hole(graph.DomainRegion, "a trail's home region"), graph.Range{}),
		Account:   acct,
		Partition: k.Partition,
		Data:      k.Data,
	}
	if t.Format == graph.CloudFormation {
		t.Type = "AWS::CloudTrail::Trail"
	}
	return &analyzers.Usage{Trail: t, KeyAttr: &graph.Attr{}, Keys: []analyzers.KeyUse{{Key: k}}}
}

// OwnAccount is the account of the subject's key, as a value: the trails
// of that account are those a key is usually for.
func (s *Subject) OwnAccount() *graph.Value {
	if a := s.Key.Account; a != nil && a.Type == graph.String && a.Str != "" {
		return a
	}
	return graph.Str(graph.Hole(graph.DomainAccount, "account of "+s.Key.Address), graph.Range{})
}

// OtherAccount is the account of a trail of another account than the
// key's, of which nothing is known: a key of a log archive account may be
// for the trails of the organisation's management account.
func (s *Subject) OtherAccount() *graph.Value {
	return graph.Str(graph.Hole(graph.DomainAccount, "an account other than the key's"), graph.Range{})
}

// mentions reports whether v names CloudTrail anywhere, in any case: in a
// string or a key of a map (a condition key). A CloudTrail key policy does.
func mentions(v *graph.Value) bool {
	found := false
	v.Walk(func(x *graph.Value) {
		found = found || containsFold(x.Str, "cloudtrail")
		for _, f := range x.Fields {
			found = found || containsFold(f.Name, "cloudtrail")
		}
	})
	return found
}

// containsFold reports whether s holds the lowercase ASCII word w in any
// case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
