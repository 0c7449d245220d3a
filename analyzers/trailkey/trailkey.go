// Package trailkey holds the rules about whether a trail names a customer
// managed key at all, and names it in a form the deployer accepts: TL001 and
// TL002.
package trailkey

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/fix"
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
		form := fix.Of(r)
		d := analyzers.Diagnostic{
			Range: r.Header,
			Reach: []analyzers.Reach{analyzers.ReachOf(u)},
		}
		name := a.Name
		aspect := "absent" // each way of having no key is a defect of its own
		switch {
		case a.Misspelled != "":
			aspect = "misspelled"
			d.Range = a.MisspelledRange
			d.Message = fmt.Sprintf("%s %s no customer managed KMS key: its property is spelled %s, but %s expects %s, so the key is ignored. Rename it to %s; its value stays as it is.",
				analyzers.Trails, analyzers.Verb("has", "have"), a.Misspelled, r.Type, name, name)
			d.Fix, d.Edits = rename(form, a)
		case a.Value != nil:
			aspect = emptiness(a.Value)
			d.Range = a.Range
			state, cause := valueState(form, a.Value)
			head := fmt.Sprintf("%s %s no customer managed KMS key: %s %s", analyzers.Trails, analyzers.Verb("has", "have"), name, state)
			switch {
			case a.Value.Because != "":
				// The expression is right; a count, a condition or a
				// parameter empties it. Replacing the expression would
				// drop the user's switch: what must change is the switch.
				d.Message = fmt.Sprintf("%s, because %s. Keep %s as it is, and change what %s so that it gives the ARN of a customer managed key (CIS AWS Foundations 3.5).",
					head, a.Value.Because, name, cause)
			case strings.HasPrefix(a.Expr, "var.") || strings.HasPrefix(a.Expr, "local."):
				// The module takes its key from outside: the value is to
				// be given there, not written over the module's input.
				d.Message = fmt.Sprintf("%s, as %s gives it. Give %s the ARN of a customer managed key (CIS AWS Foundations 3.5).",
					head, a.Expr, a.Expr)
			default:
				key := newKey(p.Graph, r, form)
				d.Message = fmt.Sprintf("%s. Set it to the ARN of a customer managed key: %s (CIS AWS Foundations 3.5).", head, key.said)
				d.Fix = key.fix(form, name)
			}
		default:
			// Without a key, S3 encrypts a trail's log files with its own
			// keys, and CloudTrail Lake a store's events with a key it owns.
			encrypted := "its logs are encrypted only with S3-managed keys"
			if r.Kind == graph.KindEventDataStore {
				encrypted = "its events are encrypted with a key that CloudTrail owns and manages, which you cannot control or audit"
			}
			key := newKey(p.Graph, r, form)
			d.Message = fmt.Sprintf("%s %s no customer managed KMS key: %s is not set, so %s. Set %s to the ARN of a customer managed key: %s (CIS AWS Foundations 3.5).",
				analyzers.Trails, analyzers.Verb("has", "have"), name, encrypted, name, key.said)
			d.Fix = key.fix(form, name)
		}
		d.Key = analyzers.PlaceKey("TL001", d.Range, r, aspect)
		d.Related = append(d.Related, analyzers.Sources(r, a)...)
		p.Report(d)
	}
}

func emptiness(v *graph.Value) string {
	if v.IsNull() {
		return "null"
	}
	return "empty"
}

// valueState says how a written key property comes out without a key,
// and what makes it so: a template's property is removed (AWS::NoValue),
// a Terraform argument has no value.
func valueState(form graph.Form, v *graph.Value) (state, cause string) {
	switch {
	case !v.IsNull():
		return "is empty", "leaves it empty"
	case fix.CloudFormation(form) && v.Because != "":
		return "is removed", "removes it"
	}
	return "has no value", "leaves it without a value"
}

// keyToMake is a key a fix names that the user is to declare: the fix
// cannot be applied as it is, and so is no edit.
type keyToMake struct {
	address, attr string
	// said is the key as the message names it.
	said string
}

// newKey names a key to declare for r, under a name that nothing of r's
// module (or template) uses already, so that the fix never reads as if
// the key existed.
func newKey(g *graph.Graph, r *graph.Resource, form graph.Form) keyToMake {
	names := []string{"aws_kms_key.trail", "aws_kms_key.trail_logs"}
	attr := "arn"
	if r.Kind == graph.KindEventDataStore {
		names = []string{"aws_kms_key.event_data_store", "aws_kms_key.event_data_store_events"}
	}
	if fix.CloudFormation(form) {
		attr = "Arn"
		names = []string{"TrailKey", "TrailLogsKey"}
		if r.Kind == graph.KindEventDataStore {
			names = []string{"EventDataStoreKey", "EventDataStoreEventsKey"}
		}
	}
	used := map[string]bool{}
	for _, o := range g.Resources {
		if sameInstance(r, o) {
			used[analyzers.Local(o.Address)] = true
		}
	}
	name := names[0]
	for i := 0; used[name]; i++ {
		name = names[1]
		if i > 0 {
			name = fmt.Sprintf("%s%d", names[1], i+1)
		}
	}
	return keyToMake{address: name, attr: attr,
		said: "a key such as " + name + " that you declare, with a key policy that lets CloudTrail use it"}
}

// fix sets the property to the key.
func (k keyToMake) fix(form graph.Form, name string) string {
	return fix.Property(form, name, fix.Ref(k.address, k.attr)) + fix.Comment(form, k.address+" is a key to declare")
}

// rename is the property's name as it must be written, in place of the
// misspelled one, whose value stays: the name's range holds the name
// alone, or the name in quotes.
func rename(form graph.Form, a *graph.Attr) (string, []analyzers.Edit) {
	at := a.MisspelledRange
	text := fix.Name(form, a.Name)
	switch width := at.End.Column - at.Start.Column; {
	case at.Start.Line != at.End.Line:
		return text, nil
	case width == utf8.RuneCountInString(a.Misspelled):
		return text, []analyzers.Edit{fix.Replace(at, a.Name)}
	case width == utf8.RuneCountInString(a.Misspelled)+2:
		return text, []analyzers.Edit{fix.Replace(at, `"`+a.Name+`"`)}
	}
	return text, nil
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
	d := analyzers.Diagnostic{Range: a.Range, Key: analyzers.PlaceKey("TL002", a.Range, r, ""), Reach: []analyzers.Reach{analyzers.ReachOf(u)}}
	for _, k := range u.Keys {
		if k.Attr == "arn" || k.Attr == "" {
			continue
		}
		target := k.Key
		if k.Via != nil {
			target = k.Via
		}
		d.Related = []analyzers.Related{{Range: target.Header, Message: "the " + string(target.Kind)}}
		if !sameInstance(r, target) {
			// The trail names the key through its module's outputs, which
			// say nothing of how to name its ARN.
			d.Message = fmt.Sprintf("%s is the %s of %s, not an ARN: the AWS provider accepts only a key or alias ARN here, and fails the plan (or, for a key not yet created, the apply) on anything else. Pass the %s's ARN (its arn attribute) instead.",
				a.Name, k.Attr, target.Address, target.Kind)
			return d, true
		}
		addr := analyzers.InModule(target.Address)
		d.Message = fmt.Sprintf("%s = %s.%s is not an ARN: the AWS provider accepts only a key or alias ARN here, and fails the plan (or, for a key not yet created, the apply) on anything else. Use %s.arn.",
			a.Name, addr, k.Attr, addr)
		d.Fix = fix.Property(fix.Of(r), a.Name, fix.Ref(addr, "arn"))
		d.Edits = []analyzers.Edit{fix.Replace(a.Range, d.Fix)}
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
		d.Related = []analyzers.Related{{Range: target.Header, Message: "the " + string(target.Kind)}}
		if sameInstance(r, target) {
			d.Fix = fix.Property(fix.Of(r), a.Name, fix.Ref(analyzers.InModule(target.Address), "arn"))
			d.Edits = []analyzers.Edit{fix.Replace(a.Range, d.Fix)}
		}
	}
	return d, true
}

// sameInstance reports whether a and b are declared in one instance of
// one module, where each can refer to the other by its address.
func sameInstance(a, b *graph.Resource) bool {
	ra, _, _ := strings.Cut(a.ID, ":")
	rb, _, _ := strings.Cut(b.ID, ":")
	return ra == rb && slices.Equal(a.Calls, b.Calls)
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
