// Package keyconfig holds the rules about the key itself, whatever its
// policy: CloudTrail needs an enabled symmetric encryption key (TL021,
// TL022), and CIS wants it rotated (TL023).
package keyconfig

import (
	_ "embed"
	"fmt"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/fix"
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

// report reports a setting of key at, or the setting key lacks, where it
// is written or is to be written: the key's attribute, or its header when
// the attribute is absent. key is the key the trail uses; holder holds
// the key material's settings (the primary of a replica).
func report(p *analyzers.Pass, u *analyzers.Usage, key, holder *graph.Resource, at *graph.Attr, msg string, v fix.Value) {
	where := holder.Header
	if at.Value != nil && !at.Range.IsZero() {
		where = at.Range
	}
	d := analyzers.Diagnostic{
		Range:   where,
		Message: msg,
		Fix:     fix.Property(fix.Of(holder), at.Name, v),
		Key:     analyzers.PlaceKey(p.Analyzer.Name, where, holder, at.Name),
		Reach:   []analyzers.Reach{analyzers.ReachOf(u)},
	}
	if e, ok := fix.SetProperty(holder, at, v); ok {
		d.Edits = []analyzers.Edit{e}
	}
	if key != holder {
		d.Related = append(d.Related, analyzers.Related{Range: key.Header, Message: "the " + string(key.Kind) + " " + key.Address + ", a replica of " + holder.Address})
	}
	p.Report(d)
}

func runSymmetric(p *analyzers.Pass) {
	eachKey(p, func(u *analyzers.Usage, key, primary *graph.Resource) {
		if primary == nil {
			return
		}
		spec := primary.Prop(graph.PropKeySpec)
		if s, ok := spec.Value.KnownString(); ok && s != "SYMMETRIC_DEFAULT" {
			report(p, u, key, primary, spec, fmt.Sprintf(
				"%s %s key %s, whose %s is %s: CloudTrail encrypts with GenerateDataKey and an encryption context, which only symmetric encryption keys support, so %s cannot be created. Use a SYMMETRIC_DEFAULT key.",
				analyzers.Trails, analyzers.Verb("uses", "use"), primary.Address, spec.Name, s, analyzers.Verb("it", "they")),
				fix.Text("SYMMETRIC_DEFAULT"))
			return
		}
		usage := primary.Prop(graph.PropKeyUsage)
		if s, ok := usage.Value.KnownString(); ok && s != "ENCRYPT_DECRYPT" {
			report(p, u, key, primary, usage, fmt.Sprintf(
				"%s %s key %s, whose %s is %s: CloudTrail needs an ENCRYPT_DECRYPT key to encrypt log files.",
				analyzers.Trails, analyzers.Verb("uses", "use"), primary.Address, usage.Name, s),
				fix.Text("ENCRYPT_DECRYPT"))
		}
	})
}

func runEnabled(p *analyzers.Pass) {
	eachKey(p, func(u *analyzers.Usage, key, _ *graph.Resource) {
		en := key.Prop(graph.PropEnabled)
		if b, ok := en.Value.KnownBool(); ok && !b {
			report(p, u, key, key, en, fmt.Sprintf(
				"%s %s key %s, which is disabled (%s is false): CloudTrail cannot save a trail with a disabled key, and stops delivering logs when its key is disabled later. Enable the key.",
				analyzers.Trails, analyzers.Verb("uses", "use"), key.Address, en.Name),
				fix.Bool(true))
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
			report(p, u, key, primary, rot, fmt.Sprintf(
				"%s %s key %s, which does not rotate: %s is not set and defaults to false. Enable automatic rotation (CIS AWS Foundations 3.6).",
				analyzers.Trails, analyzers.Verb("uses", "use"), primary.Address, rot.Name),
				fix.Bool(true))
		case ok && !b:
			report(p, u, key, primary, rot, fmt.Sprintf(
				"%s %s key %s, which does not rotate: %s is false. Enable automatic rotation (CIS AWS Foundations 3.6).",
				analyzers.Trails, analyzers.Verb("uses", "use"), primary.Address, rot.Name),
				fix.Bool(true))
		}
	})
}
