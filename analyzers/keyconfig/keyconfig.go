// Package keyconfig holds the rules about the key itself, whatever its
// policy: CloudTrail needs an enabled symmetric encryption key (TL021,
// TL022), and CIS wants it rotated (TL023).
package keyconfig

import (
	_ "embed"
	"fmt"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

var (
	//go:embed docs/TL021.md
	docTL021 string
	//go:embed docs/TL022.md
	docTL022 string
	//go:embed docs/TL023.md
	docTL023 string
)

// Symmetric is TL021.
var Symmetric = &analyzers.Analyzer{
	Name:             "TL021",
	Title:            "The trail's KMS key is not a symmetric encryption key",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL021 },
	Tags:             []string{"security", "cloudtrail", "kms", "CIS-3.5"},
	Precision:        "very-high",
	SecuritySeverity: "7.0",
	Run:              runSymmetric,
}

// Enabled is TL022.
var Enabled = &analyzers.Analyzer{
	Name:             "TL022",
	Title:            "The trail's KMS key is disabled",
	Severity:         analyzers.Error,
	Doc:              func() string { return docTL022 },
	Tags:             []string{"security", "cloudtrail", "kms", "CIS-3.5"},
	Precision:        "very-high",
	SecuritySeverity: "7.0",
	Run:              runEnabled,
}

// Rotation is TL023.
var Rotation = &analyzers.Analyzer{
	Name:             "TL023",
	Title:            "Rotation of the trail's KMS key is not enabled",
	Severity:         analyzers.Warning,
	Doc:              func() string { return docTL023 },
	Tags:             []string{"security", "cloudtrail", "kms", "CIS-3.6"},
	Precision:        "very-high",
	SecuritySeverity: "4.0",
	Run:              runRotation,
}

// eachKey calls fn for every key of the tree that a trail or event data
// store uses, with the key that holds the key material's settings (the
// primary of a replica).
func eachKey(p *analyzers.Pass, fn func(u *analyzers.Usage, key, primary *graph.Resource)) {
	for _, r := range p.Graph.OfKind(graph.KindTrail, graph.KindEventDataStore) {
		u := p.Facts.Usage(r)
		for _, k := range u.Keys {
			fn(u, k.Key, primaryOf(p.Facts, k.Key))
		}
	}
}

// primaryOf returns the primary key of a replica when the tree declares it;
// the key itself otherwise.
func primaryOf(f *analyzers.Facts, k *graph.Resource) *graph.Resource {
	if k.Kind != graph.KindReplicaKey {
		return k
	}
	for _, ref := range k.Prop(graph.PropPrimary).Value.AllRefs() {
		if pk := f.Lookup(ref.ID); pk != nil && pk.Kind == graph.KindKey {
			return pk
		}
	}
	return nil
}

func report(p *analyzers.Pass, u *analyzers.Usage, key *graph.Resource, at *graph.Attr, msg, fix string) {
	where := key.Header
	if at != nil && at.Value != nil {
		where = at.Range
	}
	rng := u.KeyAttr.Range
	if rng.IsZero() {
		rng = u.Trail.Header
	}
	p.Report(analyzers.Diagnostic{
		Range:   rng,
		Message: msg,
		Fix:     fix,
		Key:     p.Analyzer.Name + ":" + u.Trail.ID + ":" + key.ID,
		Related: []analyzers.Related{{Range: where, Message: "the key " + key.Address}},
	})
}

func runSymmetric(p *analyzers.Pass) {
	eachKey(p, func(u *analyzers.Usage, key, primary *graph.Resource) {
		if primary == nil {
			return
		}
		spec := primary.Prop(graph.PropKeySpec)
		if s, ok := spec.Value.KnownString(); ok && s != "SYMMETRIC_DEFAULT" {
			report(p, u, primary, spec, fmt.Sprintf(
				"%s uses key %s, whose %s is %s: CloudTrail encrypts with GenerateDataKey and an encryption context, which only symmetric encryption keys support, so the trail cannot be created. Use a SYMMETRIC_DEFAULT key.",
				u.Trail.Address, primary.Address, spec.Name, s),
				fixLine(primary, spec.Name, "SYMMETRIC_DEFAULT"))
			return
		}
		usage := primary.Prop(graph.PropKeyUsage)
		if s, ok := usage.Value.KnownString(); ok && s != "ENCRYPT_DECRYPT" {
			report(p, u, primary, usage, fmt.Sprintf(
				"%s uses key %s, whose %s is %s: CloudTrail needs an ENCRYPT_DECRYPT key to encrypt log files.",
				u.Trail.Address, primary.Address, usage.Name, s),
				fixLine(primary, usage.Name, "ENCRYPT_DECRYPT"))
		}
	})
}

func runEnabled(p *analyzers.Pass) {
	eachKey(p, func(u *analyzers.Usage, key, _ *graph.Resource) {
		en := key.Prop(graph.PropEnabled)
		if b, ok := en.Value.KnownBool(); ok && !b {
			report(p, u, key, en, fmt.Sprintf(
				"%s uses key %s, which is disabled (%s is false): CloudTrail cannot save the trail with a disabled key, and stops delivering logs when its key is disabled later. Enable the key.",
				u.Trail.Address, key.Address, en.Name),
				fixLine(key, en.Name, "true"))
		}
	})
}

func runRotation(p *analyzers.Pass) {
	eachKey(p, func(u *analyzers.Usage, key, primary *graph.Resource) {
		if primary == nil {
			return
		}
		if s, ok := primary.Prop(graph.PropKeySpec).Value.KnownString(); ok && s != "SYMMETRIC_DEFAULT" {
			return // rotation exists only for symmetric keys; TL021 reports the key
		}
		rot := primary.Prop(graph.PropRotation)
		if rot.Name == "" {
			return // imported key material cannot be rotated by KMS
		}
		b, ok := rot.Value.KnownBool()
		switch {
		case rot.Value == nil:
			report(p, u, primary, rot, fmt.Sprintf(
				"%s uses key %s, which does not rotate: %s is not set and defaults to false. Enable automatic rotation (CIS AWS Foundations 3.6).",
				u.Trail.Address, primary.Address, rot.Name),
				fixLine(primary, rot.Name, "true"))
		case ok && !b:
			report(p, u, primary, rot, fmt.Sprintf(
				"%s uses key %s, which does not rotate: %s is false. Enable automatic rotation (CIS AWS Foundations 3.6).",
				u.Trail.Address, primary.Address, rot.Name),
				fixLine(primary, rot.Name, "true"))
		}
	})
}

func fixLine(key *graph.Resource, name, value string) string {
	if key.Format == graph.CloudFormation {
		return fmt.Sprintf("%s: %s", name, value)
	}
	if value != "true" && value != "false" {
		value = fmt.Sprintf("%q", value)
	}
	return fmt.Sprintf("%s = %s", name, value)
}
