package graph

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/trailint/trailint/internal/partition"
)

// domainRegexps say, apart from the automata, what each domain holds.
var domainRegexps = map[Domain]*regexp.Regexp{
	DomainAny:       regexp.MustCompile(`^(?s:.*)$`),
	DomainAccount:   regexp.MustCompile(`^[0-9]{12}$`),
	DomainRegion:    regexp.MustCompile(`^[a-z]+(-[a-z]+)+-[0-9]+$`),
	DomainPartition: regexp.MustCompile(`^(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)$`),
	DomainName:      regexp.MustCompile(`^[^/:]+$`),
	DomainTrailName: regexp.MustCompile(`^[A-Za-z0-9._-]{3,}$`),
}

// words calls f with every text of up to n characters over alphabet,
// shortest first.
func words(alphabet string, n int, f func(string)) {
	level := []string{""}
	for i := 0; ; i++ {
		for _, w := range level {
			f(w)
		}
		if i == n {
			return
		}
		var next []string
		for _, w := range level {
			for _, r := range alphabet {
				next = append(next, w+string(r))
			}
		}
		level = next
	}
}

// Every text of up to five characters over an alphabet that reaches each
// domain's shortest texts is in the domain exactly when its regexp says
// so, and the shortest of them is as long as MinLen says.
func TestDomainsAgainstRegexps(t *testing.T) {
	for d, re := range domainRegexps {
		shortest := -1
		words("aws-1:/Z.é", 5, func(w string) {
			if got, want := d.Contains(w), re.MatchString(w); got != want {
				t.Errorf("%v.Contains(%q) = %v, want %v", d, w, got, want)
			}
			if d.Contains(w) && (shortest < 0 || len([]rune(w)) < shortest) {
				shortest = len([]rune(w))
			}
		})
		if shortest >= 0 && shortest != d.MinLen() {
			t.Errorf("%v: shortest text %d, MinLen %d", d, shortest, d.MinLen())
		}
	}
	for _, s := range []string{"123456789012", "000000000000", "12345678901", "1234567890123", "12345678901a", "aws-us-gov", "us-gov-west-1", "eusc-de-east-1", "abc", "ab"} {
		for d, re := range domainRegexps {
			if got, want := d.Contains(s), re.MatchString(s); got != want {
				t.Errorf("%v.Contains(%q) = %v, want %v", d, s, got, want)
			}
		}
	}
	want := map[Domain]int{DomainAny: 0, DomainAccount: 12, DomainRegion: 5, DomainPartition: 3, DomainName: 1, DomainTrailName: 3, 'x': 0}
	for d, n := range want {
		if d.MinLen() != n {
			t.Errorf("%v.MinLen() = %d, want %d", d, d.MinLen(), n)
		}
	}
}

// The partitions and regions are internal/partition's.
func TestDomainsKnowThePartitions(t *testing.T) {
	for _, p := range partition.All {
		if !DomainPartition.Contains(p.ID) {
			t.Errorf("partition %s is not a partition", p.ID)
		}
		for _, r := range p.Regions {
			if !DomainRegion.Contains(r) {
				t.Errorf("region %s is not a region", r)
			}
		}
	}
	for _, s := range []string{"aws-gov", "azure", "AWS", "aws-"} {
		if DomainPartition.Contains(s) {
			t.Errorf("%q is a partition", s)
		}
	}
}

// MayHold says which characters occur in some text of a domain.
func TestDomainMayHold(t *testing.T) {
	tests := []struct {
		d        Domain
		may, not string
	}{
		{DomainAccount, "0123456789", "a-:/*?A "},
		{DomainRegion, "az09-", "A:/*?_. "},
		{DomainPartition, "awscnugovibefe-", "dhAxz0:/*"},
		{DomainName, "aZ0-*?. é", ":/"},
		{DomainTrailName, "aZ09._-", ":/*? é<>"},
		{DomainAny, ":/*?aé ", ""},
		{'x', ":/*?aé ", ""},
	}
	for _, tt := range tests {
		for _, r := range tt.may {
			if !tt.d.MayHold(r) {
				t.Errorf("%v.MayHold(%q) = false", tt.d, r)
			}
		}
		for _, r := range tt.not {
			if tt.d.MayHold(r) {
				t.Errorf("%v.MayHold(%q) = true", tt.d, r)
			}
		}
	}
}

func TestMinLen(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"été", 3},
		{"arn:" + Hole(DomainPartition, "p") + ":iam::" + Hole(DomainAccount, "a") + ":root", 4 + 3 + 6 + 12 + 5},
		{Hole(DomainAny, "x") + Hole(DomainRegion, "r"), 5},
		{Hole('7', "placeholder"), 0},
		{"a\uE000bc", 4}, // an opener without a closer is text
	}
	for _, tt := range tests {
		if got := MinLen(tt.s); got != tt.want {
			t.Errorf("MinLen(%q) = %d, want %d", Display(tt.s), got, tt.want)
		}
	}
}

// Two classes overlap exactly when some character is in both.
func TestOverlap(t *testing.T) {
	classes := []class{{kind: cAny}, {kind: cNotColon}, {kind: cDigit}, {kind: cLower}, {kind: cName}, {kind: cTrailName}}
	for _, r := range "a:/0Zé" {
		classes = append(classes, class{kind: cExact, r: r})
	}
	var runes []rune
	for r := rune(0); r < 0x300; r++ {
		runes = append(runes, r)
	}
	for _, a := range classes {
		for _, b := range classes {
			want := false
			for _, r := range runes {
				if a.has(r) && b.has(r) {
					want = true
					break
				}
			}
			if got := overlap(a, b); got != want {
				t.Errorf("overlap(%v, %v) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func (c class) String() string { return fmt.Sprintf("%d/%q", c.kind, c.r) }
