// Package trailkey holds the rules about whether a trail names a customer
// managed key at all, and names it in a form the deployer accepts: TL001 and
// TL002.
package trailkey

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

var (
	//go:embed docs/TL001.md
	docTL001 string
	//go:embed docs/TL002.md
	docTL002 string
)

// NoKey is TL001.
var NoKey = &analyzers.Analyzer{
	Name:             "TL001",
	Title:            "CloudTrail logs are not encrypted with a customer managed KMS key",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL001 },
	Tags:             []string{"security", "cloudtrail", "kms", "encryption", "CIS-3.5"},
	Precision:        "very-high",
	SecuritySeverity: "7.0",
	Run:              runNoKey,
}

func runNoKey(p *analyzers.Pass) {
	for _, r := range p.Graph.OfKind(graph.KindTrail, graph.KindEventDataStore) {
		u := p.Facts.Usage(r)
		if !u.NoKey {
			continue
		}
		a := u.KeyAttr
		what := "trail"
		if r.Kind == graph.KindEventDataStore {
			what = "event data store"
		}
		d := analyzers.Diagnostic{
			Range: r.Header,
			Key:   "TL001:" + r.ID,
		}
		name := a.Name
		switch {
		case a.Misspelled != "":
			d.Range = a.MisspelledRange
			d.Message = fmt.Sprintf("%s %s has no customer managed KMS key: its property is spelled %s, but %s expects %s, so the key is ignored. Rename it to %s.",
				what, r.Address, a.Misspelled, r.Type, name, name)
		case a.Value != nil:
			d.Range = a.Range
			d.Message = fmt.Sprintf("%s %s has no customer managed KMS key: %s is %s. Set it to the ARN of a customer managed key (CIS AWS Foundations 3.5).",
				what, r.Address, name, emptiness(a.Value))
		default:
			// Without a key, S3 encrypts a trail's log files with its own
			// keys, and CloudTrail Lake a store's events with a key it owns.
			encrypted := "its logs are encrypted only with S3-managed keys"
			if r.Kind == graph.KindEventDataStore {
				encrypted = "its events are encrypted with a key that CloudTrail owns and manages, which you cannot control or audit"
			}
			d.Message = fmt.Sprintf("%s %s has no customer managed KMS key: %s is not set, so %s. Set %s to the ARN of a customer managed key (CIS AWS Foundations 3.5).",
				what, r.Address, name, encrypted, name)
		}
		d.Related = append(d.Related, analyzers.Sources(r, a)...)
		d.Fix = keyFix(r, name)
		p.Report(d)
	}
}

func emptiness(v *graph.Value) string {
	if v.IsNull() {
		return "null"
	}
	return "empty"
}

func keyFix(r *graph.Resource, name string) string {
	if r.Format == graph.CloudFormation {
		return fmt.Sprintf("%s: !GetAtt TrailKey.Arn   # an AWS::KMS::Key whose policy lets CloudTrail use it", name)
	}
	return fmt.Sprintf("%s = aws_kms_key.trail.arn   # an aws_kms_key whose policy lets CloudTrail use it", name)
}

// NotARN is TL002.
var NotARN = &analyzers.Analyzer{
	Name:             "TL002",
	Title:            "Terraform kms_key_id of a trail is not a key ARN",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL002 },
	Tags:             []string{"correctness", "cloudtrail", "kms", "terraform"},
	Precision:        "very-high",
	SecuritySeverity: "5.0",
	Run:              runNotARN,
}

func runNotARN(p *analyzers.Pass) {
	for _, r := range p.Graph.OfKind(graph.KindTrail) {
		if !r.RequiresKeyARN {
			continue
		}
		u := p.Facts.Usage(r)
		if u.NoKey {
			continue
		}
		if d, ok := notARN(r, u); ok {
			p.Report(d)
		}
	}
}

// notARN finds a key named by something other than its ARN: a reference to
// the key's id or the alias's name, or a literal alias name or key id.
func notARN(r *graph.Resource, u *analyzers.Usage) (analyzers.Diagnostic, bool) {
	a := u.KeyAttr
	d := analyzers.Diagnostic{Range: a.Range, Key: "TL002:" + r.ID}
	for _, k := range u.Keys {
		if k.Attr == "arn" || k.Attr == "" {
			continue
		}
		target := k.Key
		if k.Via != nil {
			target = k.Via
		}
		d.Message = fmt.Sprintf("%s = %s.%s is not an ARN: the AWS provider accepts only a key or alias ARN here, and fails the plan (or, for a key not yet created, the apply) on anything else. Use %s.arn.",
			a.Name, target.Address, k.Attr, target.Address)
		d.Fix = fmt.Sprintf("%s = %s.arn", a.Name, target.Address)
		d.Related = []analyzers.Related{{Range: target.Header, Message: "the " + string(target.Kind)}}
		return d, true
	}
	lit := u.Literal
	if lit == "" || graph.HasHoles(lit) || strings.HasPrefix(lit, "arn:") {
		return d, false
	}
	d.Message = fmt.Sprintf("%s = %q is not an ARN: the AWS provider accepts only a key or alias ARN here, and fails the plan on %s. Use the full ARN (arn:aws:kms:REGION:ACCOUNT:%s).",
		a.Name, lit, describeLiteral(lit), arnTail(lit))
	if len(u.Keys) == 1 {
		target := u.Keys[0].Key
		if u.Keys[0].Via != nil {
			target = u.Keys[0].Via
		}
		d.Fix = fmt.Sprintf("%s = %s.arn", a.Name, target.Address)
		d.Related = []analyzers.Related{{Range: target.Header, Message: "the " + string(target.Kind)}}
	}
	return d, true
}

func describeLiteral(s string) string {
	if strings.HasPrefix(s, "alias/") {
		return "an alias name"
	}
	return "a bare key id"
}

func arnTail(s string) string {
	if strings.HasPrefix(s, "alias/") {
		return s
	}
	return "key/" + s
}
