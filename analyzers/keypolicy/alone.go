package keypolicy

import (
	"fmt"
	"maps"
	"slices"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/orphan"
	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/policy"
)

// A CloudTrail key that no trail or event data store of the scan uses is
// checked on its own (package orphan), with the same evaluation as a
// trail's key, for a trail of which nothing is known: its name is any
// name CloudTrail accepts, its home region any region. A finding then holds
// for every trail that will use the key; what depends on the trail is
// left unsaid, never guessed, and no TL030 says so: most such keys serve
// trails declared elsewhere, and a note on each would be noise.
//
// What CloudTrail may do with a key besides encrypting a trail's log files
// (write an event data store, publish to an encrypted SNS topic, write to a
// bucket whose default encryption is the key) needs neither DescribeKey nor
// the trail's encryption context: a key that allows any of it may be such
// a key, and what a trail needs of it is not asked. Such a key is checked
// for its readers and the scope of its grants only when it also lets
// CloudTrail describe it, which only a trail that names the key asks. A
// key whose grants admit trails of another account but not of its own is
// a key shared across accounts (a log archive account's key for the
// organisation's trail): that is not a mistake, and is not reported
// either.

// aloneCheck is the evaluation of a key no trail of the scan uses.
type aloneCheck struct {
	s *orphan.Subject
	// own is the check for a trail of the key's account; other for a
	// trail of another account, when own refuses a need (else own).
	own, other *check
	// serves is set when CloudTrail may use the key for something other
	// than a trail's log files; it is asked only when own refuses a need,
	// since only then does the answer change what is said.
	serves bool
}

// alone evaluates, once per run, the keys no trail of the scan uses.
func alone(f *analyzers.Facts) []*aloneCheck {
	return analyzers.Memo(f, "keypolicy.alone", func() []*aloneCheck {
		var out []*aloneCheck
		for _, s := range orphan.Subjects(f) {
			if s.Policy.Doc == nil {
				continue
			}
			a := &aloneCheck{s: s, own: evaluate(f, s.Trail(s.OwnAccount()), s.Key)}
			if a.own.refused > 0 || a.own.over {
				continue // a policy AWS refuses is said once; what was not matched is not decided
			}
			a.other = a.own
			if slices.ContainsFunc(a.own.needs, denied) {
				// Only a need refused to the key's own trails asks
				// whether others may get it, and what else the key serves.
				a.other = evaluate(f, s.Trail(s.OtherAccount()), s.Key)
				a.serves = servesOther(f, a)
			}
			if a.other.over || a.own.charged(f) {
				continue
			}
			out = append(out, a)
		}
		return out
	})
}

// servesOther reports whether CloudTrail may use a's key for other than a
// trail's log files: an event data store's data (GenerateDataKey and
// Decrypt, without the trail's encryption context), or a data key without
// that context for an encrypted SNS topic, or for a bucket whose default
// encryption the key is (S3 then gives only the object's ARN as context).
func servesOther(f *analyzers.Facts, a *aloneCheck) bool {
	store := a.s.Trail(a.s.OtherAccount())
	store.Trail.Kind = graph.KindEventDataStore
	if eds := evaluate(f, store, a.s.Key); eds.refused == 0 && !denied(eds.needs[0]) && !denied(eds.needs[1]) {
		return true
	}
	delivery := a.other.needs[1].req
	sns := delivery
	sns.Context = maps.Clone(delivery.Context)
	for _, k := range []string{"kms:EncryptionContext:aws:cloudtrail:arn", "kms:EncryptionContext:aws:s3:arn", "kms:EncryptionContextKeys", "kms:ViaService"} {
		delete(sns.Context, k)
	}
	bucket := delivery
	bucket.Context = maps.Clone(delivery.Context)
	delete(bucket.Context, "kms:EncryptionContext:aws:cloudtrail:arn")
	bucket.Context["kms:EncryptionContextKeys"] = []string{"aws:s3:arn"}
	for _, req := range []policy.Request{sns, bucket} {
		if res := a.own.pol.Doc.Evaluate(req, f.Meter()); res.Decision != policy.ImplicitDeny && res.Decision != policy.ExplicitDeny {
			return true
		}
	}
	return false
}

func denied(n *need) bool {
	return n.result.Decision == policy.ImplicitDeny || n.result.Decision == policy.ExplicitDeny
}

// refused reports whether no trail can get the i-th need: the key's policy
// refuses it to a trail of the key's account and to one of any other, and
// the key is for trails only.
func (a *aloneCheck) refused(i int) bool {
	return !a.serves && denied(a.own.needs[i]) && denied(a.other.needs[i])
}

// trailKey reports whether the key is checked as a key for trails of its
// own account: no need is refused to the trails of its account but granted
// to those of another, and it serves nothing but trails, or it lets
// CloudTrail describe it, which only a trail that names the key asks.
func (a *aloneCheck) trailKey() bool {
	for i := range a.own.needs {
		if denied(a.own.needs[i]) && !denied(a.other.needs[i]) {
			return false
		}
	}
	return !a.serves || !denied(a.own.needs[0])
}

// keyWords names the key in messages.
func (a *aloneCheck) keyWords() string {
	k := a.s.Key
	switch {
	case !a.s.Outside:
		return "key " + k.Address
	case k.Type == "module":
		return fmt.Sprintf("the key of %s, whose module is not in the scan", k.Address)
	}
	return fmt.Sprintf("the key of %s, which is not in the scan", k.Address)
}

// policyWords names the policy in messages.
func (a *aloneCheck) policyWords(c *check) string {
	k := a.s.Key
	switch {
	case !a.s.Outside:
		return policyWhere(c)
	case k.Type == "module":
		return fmt.Sprintf("the key policy %s passes as %s", k.Address, k.Prop(graph.PropPolicy).Name)
	}
	return "the key policy of " + k.Address
}

// note says why the finding holds without a trail.
func (a *aloneCheck) note() string {
	return "No trail in the scan is known to use the key, so this holds for every trail that will use it."
}

// report reports d about the key alone.
func (a *aloneCheck) report(p *analyzers.Pass, d analyzers.Diagnostic) {
	d.Key = "alone:" + d.Key
	if k := a.s.Key; a.s.Outside {
		// The header is the key policy's, not a key's.
		for i := range d.Related {
			switch {
			case d.Related[i].Range != k.Header:
			case k.Type == "module":
				d.Related[i].Message = "the call of " + k.Address + ", whose module is not in the scan"
			default:
				d.Related[i].Message = "the key policy " + k.Address + ", whose key is not in the scan"
			}
		}
	}
	// With no trail to name, the module calls tell which roots create the
	// key.
	for _, c := range a.s.Key.Calls {
		if !slices.ContainsFunc(d.Related, func(r analyzers.Related) bool { return r.Range == c }) {
			d.Related = append(d.Related, analyzers.Related{Range: c, Message: "called from here"})
		}
	}
	p.ReportAlone(d, a.s.Key.ID)
}
