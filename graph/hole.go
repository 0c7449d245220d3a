package graph

import (
	"strings"
	"unicode/utf8"
)

// A string value may be partly known: "arn:aws:kms:${region}:${account}:key/x"
// is text with holes. A hole is encoded inside the string itself, between two
// private-use code points, so that string operations of either format
// (interpolation, jsonencode, Fn::Sub, Fn::Join, format, join) carry holes
// along without knowing about them:
//
//	U+E000 <domain byte> <origin> U+E001
//
// The origin names the input the hole stands for ("var.account_id",
// "AWS::AccountId", "account of provider aws"). Two holes with the same
// origin stand for the same text. The domain says what AWS allows there.
const (
	holeOpen  = '\uE000'
	holeClose = '\uE001'
)

// Domain is what a hole may contain.
type Domain byte

// Domains of holes. DomainAny is any text, including the empty string.
const (
	DomainAny       Domain = '*'
	DomainAccount   Domain = 'a' // twelve decimal digits
	DomainRegion    Domain = 'r' // xx-xxxx-N, e.g. eu-west-1
	DomainPartition Domain = 'p' // aws, aws-cn, aws-us-gov, ...
	DomainName      Domain = 'n' // non-empty text without '/' or ':'
	// DomainTrailName is a CloudTrail trail's name: ASCII letters, digits,
	// '.', '_' and '-', as CloudTrail accepts. A name that holds anything
	// else (a documentation placeholder such as <trail_Name>) names no
	// trail.
	DomainTrailName Domain = 't'
)

func (d Domain) String() string {
	switch d {
	case DomainAccount:
		return "account id"
	case DomainRegion:
		return "region"
	case DomainPartition:
		return "partition"
	case DomainName:
		return "name"
	case DomainTrailName:
		return "trail name"
	}
	return "text"
}

// Hole returns the encoded hole for origin, to be embedded in a string.
// Characters that would end the hole early are dropped from the origin.
func Hole(d Domain, origin string) string {
	origin = strings.Map(func(r rune) rune {
		if r == holeOpen || r == holeClose {
			return -1
		}
		return r
	}, origin)
	return string(holeOpen) + string(rune(d)) + origin + string(holeClose)
}

// HoleInfo describes one hole.
type HoleInfo struct {
	Domain Domain
	Origin string
	// What, Provider and Root are set for the account, region or
	// partition of a Terraform provider configuration (see ProviderHole):
	// "account", "aws.audit", "envs/prod" ("." for the scan root).
	What, Provider, Root string
}

// Segment is a piece of a partly known string: either literal text or a hole.
type Segment struct {
	Text string    // literal text, when Hole is nil
	Hole *HoleInfo // the hole, when not nil
}

// HasHoles reports whether s contains a hole.
func HasHoles(s string) bool { return strings.ContainsRune(s, holeOpen) }

// Segments splits s into literal text and holes. A malformed hole marker (an
// opener without a closer) is kept as literal text.
func Segments(s string) []Segment {
	var out []Segment
	for s != "" {
		i := strings.IndexRune(s, holeOpen)
		if i < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		j := strings.IndexRune(s[i:], holeClose)
		if j < 0 || j < utf8.RuneLen(holeOpen)+1 {
			out = append(out, Segment{Text: s})
			break
		}
		if i > 0 {
			out = append(out, Segment{Text: s[:i]})
		}
		body := s[i+utf8.RuneLen(holeOpen) : i+j]
		h := &HoleInfo{Domain: Domain(body[0]), Origin: body[1:]}
		h.What, h.Provider, h.Root = providerOrigin(h.Origin)
		out = append(out, Segment{Hole: h})
		s = s[i+j+utf8.RuneLen(holeClose):]
	}
	return out
}

// Display renders s for people: each hole as ${origin}.
func Display(s string) string {
	if !HasHoles(s) {
		return s
	}
	var b strings.Builder
	for _, seg := range Segments(s) {
		if seg.Hole != nil {
			b.WriteString("${" + seg.Hole.Origin + "}")
			continue
		}
		b.WriteString(seg.Text)
	}
	return b.String()
}

// Origins lists the origins of the holes in s, in order, without repeats.
func Origins(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, seg := range Segments(s) {
		if seg.Hole != nil && !seen[seg.Hole.Origin] {
			seen[seg.Hole.Origin] = true
			out = append(out, seg.Hole.Origin)
		}
	}
	return out
}

// WholeHole reports whether s is exactly one hole, and returns it: a value
// that is entirely unknown.
func WholeHole(s string) (*HoleInfo, bool) {
	segs := Segments(s)
	if len(segs) == 1 && segs[0].Hole != nil {
		return segs[0].Hole, true
	}
	return nil, false
}

// Split splits s at sep, looking for sep only in literal text: a hole stays
// whole inside its part, whatever its origin spells.
func Split(s, sep string) []string {
	if !HasHoles(s) {
		return strings.Split(s, sep)
	}
	out := []string{""}
	for _, seg := range Segments(s) {
		if seg.Hole != nil {
			out[len(out)-1] += Hole(seg.Hole.Domain, seg.Hole.Origin)
			continue
		}
		parts := strings.Split(seg.Text, sep)
		out[len(out)-1] += parts[0]
		out = append(out, parts[1:]...)
	}
	return out
}

// The account, region and partition of a Terraform provider configuration
// are holes whose origin names the configuration and its root module:
// "account of provider aws.audit in envs/prod". ProviderHole writes them
// and Segments reads them back into HoleInfo's fields, so that this text is
// a format of this package alone.
const ofProvider = " of provider "

// ProviderHole returns the hole of what ("account", "region",
// "partition") of the provider configuration provider ("aws",
// "aws.audit") of the root module in root ("." for the scan root).
func ProviderHole(d Domain, what, provider, root string) string {
	return Hole(d, ProviderOrigin(what, provider, root))
}

// ProviderOrigin is the origin ProviderHole gives its hole.
func ProviderOrigin(what, provider, root string) string {
	o := what + ofProvider + provider
	if root != "" && root != "." {
		o += " in " + root
	}
	return o
}

// providerOrigin reads an origin ProviderOrigin wrote.
func providerOrigin(origin string) (what, provider, root string) {
	what, rest, ok := strings.Cut(origin, ofProvider)
	if !ok || what != "account" && what != "region" && what != "partition" {
		return "", "", ""
	}
	provider, root, ok = strings.Cut(rest, " in ")
	if !ok {
		root = "."
	}
	return what, provider, root
}
