package policy

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

var (
	acctX  = graph.Hole(graph.DomainAccount, "AWS::AccountId")
	acctY  = graph.Hole(graph.DomainAccount, "var.account_id")
	region = graph.Hole(graph.DomainRegion, "AWS::Region")
	part   = graph.Hole(graph.DomainPartition, "AWS::Partition")
	name   = graph.Hole(graph.DomainName, "var.trail_name")
	// trailName is the name of a trail no configuration names.
	trailName = graph.Hole(graph.DomainTrailName, "name of a trail")
	anyH      = graph.Hole(graph.DomainAny, "var.anything")
)

func TestTri(t *testing.T) {
	tests := []struct {
		a, b          Tri
		and, or       Tri
		notA, display string
	}{
		{No, No, No, No, "yes", "no"},
		{No, Maybe, No, Maybe, "yes", "no"},
		{No, Yes, No, Yes, "yes", "no"},
		{Maybe, Maybe, Maybe, Maybe, "maybe", "maybe"},
		{Maybe, Yes, Maybe, Yes, "maybe", "maybe"},
		{Yes, Yes, Yes, Yes, "no", "yes"},
	}
	for _, tt := range tests {
		if got := And(tt.a, tt.b); got != tt.and {
			t.Errorf("And(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.and)
		}
		if got := And(tt.b, tt.a); got != tt.and {
			t.Errorf("And(%v, %v) = %v, want %v", tt.b, tt.a, got, tt.and)
		}
		if got := Or(tt.a, tt.b); got != tt.or {
			t.Errorf("Or(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.or)
		}
		if got := tt.a.Not().String(); got != tt.notA {
			t.Errorf("Not(%v) = %v, want %v", tt.a, got, tt.notA)
		}
		if got := tt.a.String(); got != tt.display {
			t.Errorf("String(%d) = %v, want %v", tt.a, got, tt.display)
		}
	}
}

func TestLike(t *testing.T) {
	const trailPat = "arn:aws:cloudtrail:*:"
	tests := []struct {
		name           string
		pattern, value string
		ignoreCase     bool
		want           Tri
	}{
		{"star suffix", "kms:*", "kms:GenerateDataKey", true, Yes},
		{"family", "kms:GenerateDataKey*", "kms:generatedatakeypair", true, Yes},
		{"family case-sensitive", "kms:GenerateDataKey*", "kms:generatedatakey", false, No},
		{"exact", "kms:Decrypt", "kms:Decrypt", false, Yes},
		{"exact differs", "kms:Encrypt", "kms:Decrypt", true, No},
		{"star matches empty", "*", "", false, Yes},
		{"question needs a character", "?", "", false, No},
		{"question", "a?c", "abc", false, Yes},
		{"question one only", "a?c", "abbc", false, No},
		{"stars around", "*Key*", "kms:GenerateDataKeyPair", false, Yes},
		{"star does not eat a literal tail", "a*b", "aab c", false, No},
		{"pathological no", "*a*a*a*a*a*a*a*b", strings.Repeat("a", 400), false, No},
		{"pathological yes", "*a*a*a*a*a*a*a*b", strings.Repeat("a", 400) + "b", false, Yes},
		// The placeholder of the AWS documentation left in a policy can
		// never match: an account id is twelve digits.
		{"placeholder account never matches", trailPat + "aws-account-id:trail/*", "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main", false, No},
		{"literal account vs account hole", trailPat + "123456789012:trail/*", "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main", false, Maybe},
		{"same account hole", trailPat + acctX + ":trail/*", "arn:aws:cloudtrail:" + region + ":" + acctX + ":trail/main", false, Yes},
		{"other account hole", trailPat + acctY + ":trail/*", "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main", false, Maybe},
		{"account hole vs short literal", trailPat + acctY + ":trail/*", "arn:aws:cloudtrail:us-east-1:111:trail/main", false, No},
		{"account hole vs 12 digits", trailPat + acctY + ":trail/*", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", false, Maybe},
		{"region hole vs literal region", "arn:aws:s3:us-east-1:*", "arn:aws:s3:" + region + ":x", false, Maybe},
		// A trail's name has letters, digits, '.', '_' and '-' only: a
		// placeholder in angle brackets names no trail.
		{"placeholder trail name never matches", trailPat + "111122223333:trail/<trail_Name>", "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + trailName, false, No},
		{"trail name hole vs a name", trailPat + "111122223333:trail/audit-2.main_x", "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + trailName, false, Maybe},
		{"trail name hole vs star", trailPat + "111122223333:trail/*", "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + trailName, false, Yes},
		{"trail name hole is not a path", trailPat + "111122223333:trail/a/b", "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + trailName, false, No},
		{"region hole vs upper case", "arn:aws:s3:US-EAST-1:*", "arn:aws:s3:" + region + ":x", false, No},
		{"region hole vs upper case ignoring case", "arn:aws:s3:US-EAST-1:*", "arn:aws:s3:" + region + ":x", true, Maybe},
		{"region hole has no slash", "arn:aws:s3:us/east:*", "arn:aws:s3:" + region + ":x", false, No},
		{"partition hole vs aws-cn", "arn:aws-cn:*", "arn:" + part + ":x", false, Maybe},
		{"partition hole vs azure", "arn:azure:*", "arn:" + part + ":x", false, No},
		{"partition hole vs aws prefix", "arn:aws-*:*", "arn:" + part + ":x", false, Maybe},
		{"name hole has no slash", "trail/a/b", "trail/" + name, false, No},
		{"name hole vs name", "trail/main", "trail/" + name, false, Maybe},
		{"name hole under star", "trail/*", "trail/" + name, false, Yes},
		{"pattern name hole may be a wildcard", "trail/" + name, "trail/a/b", false, Maybe},
		{"pattern any hole", anyH, "x", false, Maybe},
		{"star swallows any hole", "*", anyH, false, Yes},
		{"value any hole", "abc", anyH, false, Maybe},
		{"star crosses holes", "arn:*:trail/main", "arn:" + part + ":cloudtrail:" + region + ":" + acctX + ":trail/main", false, Yes},
		{"same hole, other text", "a" + acctX + "b", "a" + acctX + "c", false, No},
		{"same hole consumed exactly", "a" + acctX + "b", "a" + acctX + "b", false, Yes},
		{"account hole vs letters after star", "*:" + acctX + "x", "1:123456789012x", false, Maybe},
		{"hole-only value vs literal", "123456789012", acctX, false, Maybe},
		{"hole-only value vs 11 digits", "12345678901", acctX, false, No},
		{"question vs account hole", "????????????", acctX, false, Maybe},
		{"unicode", "é*", "été", false, Yes},
		{"unicode case", "É*", "été", true, Yes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Like(tt.pattern, tt.value, tt.ignoreCase); got != tt.want {
				t.Errorf("Like(%q, %q, %v) = %v, want %v", graph.Display(tt.pattern), graph.Display(tt.value), tt.ignoreCase, got, tt.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b       string
		ignoreCase bool
		want       Tri
	}{
		{"abc", "abc", false, Yes},
		{"abc", "ABC", true, Yes},
		{"abc", "ABC", false, No},
		{"*", "abc", false, No},
		{"a*", "a*", false, Yes},
		{acctX, "123456789012", false, Maybe},
		{acctX, "aws-account-id", false, No},
		{acctX, acctX, false, Yes},
		{acctX, acctY, false, Maybe},
		{region, "eu-west-1", false, Maybe},
		{region, "EU-WEST-1", false, No},
		{region, "EU-WEST-1", true, Maybe},
		{part, "aws-us-gov", false, Maybe},
		{part, "aws-gov", false, No},
		{part, "aws-eusc", false, Maybe},
		{name, "", false, No},
		{anyH, "", false, Maybe},
		{"arn:aws:iam::" + acctX + ":root", "*", false, No},
		{anyH, "*", false, Maybe},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b, tt.ignoreCase); got != tt.want {
			t.Errorf("Equal(%q, %q, %v) = %v, want %v", graph.Display(tt.a), graph.Display(tt.b), tt.ignoreCase, got, tt.want)
		}
		if got := Equal(tt.b, tt.a, tt.ignoreCase); got != tt.want {
			t.Errorf("Equal(%q, %q, %v) = %v, want %v (swapped)", graph.Display(tt.b), graph.Display(tt.a), tt.ignoreCase, got, tt.want)
		}
	}
}

func TestArnLike(t *testing.T) {
	tests := []struct {
		pattern, value string
		want           Tri
	}{
		{"arn:aws:iam::*:root", "arn:aws:iam::123456789012:root", Yes},
		{"arn:aws:cloudtrail:*:111122223333:trail/*", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", Yes},
		// A star in one of the first five fields stays in its field.
		{"arn:aws:*", "arn:aws:iam::123456789012:root", No},
		{"arn:aws:cloudtrail:*:trail/*", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", No},
		{"arn:aws:cloudtrail:us-east-?:*:trail/*", "arn:aws:cloudtrail:us-east-1:111122223333:trail/main", Yes},
		// The resource part may hold colons, and a star there spans them.
		{"arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:x:*", Yes},
		{"arn:aws:cloudtrail:*:111122223333:trail/*", "arn:aws:cloudtrail:" + region + ":111122223333:trail/main", Yes},
		{"arn:aws:cloudtrail:*:111122223333:trail/main", "arn:aws:cloudtrail:" + anyH + ":111122223333:trail/main", Maybe},
		{"arn:aws:cloudtrail:*:aws-account-id:trail/*", "arn:aws:cloudtrail:" + region + ":" + acctX + ":trail/main", No},
		{"arn:aws:cloudtrail:*:" + acctX + ":trail/*", "arn:" + part + ":cloudtrail:" + region + ":" + acctX + ":trail/" + name, Maybe},
		{"arn:*:cloudtrail:*:" + acctX + ":trail/*", "arn:" + part + ":cloudtrail:" + region + ":" + acctX + ":trail/" + name, Yes},
		{"arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "arn:aws:cloudtrail:us-east-1:111122223333:trail/Main", No},
	}
	for _, tt := range tests {
		if got := ArnLike(tt.pattern, tt.value); got != tt.want {
			t.Errorf("ArnLike(%q, %q) = %v, want %v", graph.Display(tt.pattern), graph.Display(tt.value), got, tt.want)
		}
	}
}

func TestActionCovers(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"kms:*", "kms:Decrypt", true},
		{"kms:Generate*", "kms:GenerateDataKeyPair", true},
		{"kms:GenerateDataKey*", "kms:GenerateDataKey", true},
		{"kms:GenerateDataKey*", "kms:GenerateRandom", false},
		{"kms:Encrypt", "kms:Decrypt", false},
		{"*", "s3:GetObject", true},
		{"KMS:DECRYPT", "kms:decrypt", true},
		{"kms:Decrypt", "s3:Decrypt", false},
		{"kms:" + anyH, "kms:Decrypt", false},
	}
	for _, tt := range tests {
		if got := ActionCovers(tt.pattern, tt.action); got != tt.want {
			t.Errorf("ActionCovers(%q, %q) = %v, want %v", graph.Display(tt.pattern), tt.action, got, tt.want)
		}
	}
}

// Work stays bounded on long inputs. Texts without holes are decided
// however long they are; with holes, a product beyond the limit answers
// Maybe instead of running long.
func TestLikeBounded(t *testing.T) {
	long := strings.Repeat("a", 5000)
	tests := []struct {
		pattern, value string
		want           Tri
	}{
		{"*a*" + strings.Repeat("?", 1000) + "*b", long, No},
		{"*a*" + strings.Repeat("?", 1000) + "*", long, Yes},
		{"*a*a*a*b", long, No},
		{"*a*" + strings.Repeat("?", 1000) + "*b", long + anyH, Maybe},
	}
	for _, tt := range tests {
		if got := Like(tt.pattern, tt.value, false); got != tt.want {
			t.Errorf("Like(%.20q..., %.20q...) = %v, want %v", tt.pattern, graph.Display(tt.value), got, tt.want)
		}
	}
}

// BenchmarkMatch is the matching of texts with holes that evaluating a key
// policy for a trail does: structural first, then through automata.
func BenchmarkMatch(b *testing.B) {
	trail := "arn:" + part + ":cloudtrail:" + region + ":" + acctX + ":trail/" + name
	tests := []struct {
		got  func() Tri
		want Tri
	}{
		{func() Tri { return ArnLike("arn:aws:cloudtrail:*:"+acctX+":trail/*", trail) }, Maybe},
		{func() Tri { return ArnLike("arn:*:cloudtrail:*:"+acctX+":trail/*", trail) }, Yes},
		{func() Tri { return Like("arn:aws:cloudtrail:*:"+acctY+":trail/*", trail, false) }, Maybe},
		{func() Tri { return Like("arn:aws:kms:"+region+":"+acctY+":key/*", keyArn, false) }, Maybe},
		{func() Tri { return Equal("arn:aws:iam::"+acctX+":root", "*", false) }, No},
		{func() Tri { return Equal(acctX, acctY, false) }, Maybe},
		{func() Tri { return Equal(acctX, "not-an-account", false) }, No},
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, tt := range tests {
			if got := tt.got(); got != tt.want {
				b.Fatalf("case %d: %v, want %v", i, got, tt.want)
			}
		}
	}
}
