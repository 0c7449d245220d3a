package policy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailint/trailint/graph"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	more, _ := filepath.Glob("testdata/malformed/*.json")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::` + acctX + `:root"}, "Action": "kms:*"}}`)
	f.Add(`{"Statement": ` + anyH + `}`)
	f.Fuzz(func(t *testing.T, text string) {
		d, diags := Parse(graph.Str(text, textRange))
		for _, dg := range diags {
			if dg.Summary == "" || dg.Range != textRange {
				t.Fatalf("bad diagnostic %+v", dg)
			}
		}
		for _, req := range []Request{
			trailRequest("kms:GenerateDataKey", mainTrail),
			trailRequest("kms:GenerateDataKey", "arn:aws:cloudtrail:"+region+":"+acctX+":trail/"+name),
			readerRequest("arn:aws:iam::111122223333:role/Reader", "kms:Decrypt"),
			{},
		} {
			r := d.Evaluate(req, nil)
			if r.Decision == Allowed && len(r.Allowed) == 0 {
				t.Fatalf("allowed without an Allow statement")
			}
			if r.Decision == ExplicitDeny && len(r.Denied) == 0 {
				t.Fatalf("denied without a Deny statement")
			}
		}
		if d != nil {
			for _, s := range d.Statements {
				s.GrantsAll("kms:GenerateDataKey*", nil)
				s.IsAccountRootOnly()
				s.PrincipalIsService(cloudtrail, nil)
				_ = s.Label()
			}
		}
	})
}

// globRegexp is a reference matcher for texts without holes.
func globRegexp(pattern string, ignoreCase bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^(?s:")
	if ignoreCase {
		b.WriteString("(?i)")
	}
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(")$")
	return regexp.MustCompile(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func FuzzLike(f *testing.F) {
	f.Add("arn:aws:cloudtrail:*:aws-account-id:trail/*", "arn:aws:cloudtrail:us-east-1:"+acctX+":trail/main", false)
	f.Add("arn:aws:cloudtrail:*:"+acctX+":trail/*", "arn:aws:cloudtrail:"+region+":"+acctX+":trail/main", false)
	f.Add("kms:GenerateDataKey*", "kms:generatedatakeypair", true)
	f.Add("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa", false)
	f.Add("a?c", "abc", false)
	f.Add("arn:"+part+":iam::*:root", "arn:aws:iam::"+acctY+":root", false)
	f.Add(name+"/*", "x/"+anyH, true)
	f.Add("arn:*:*:x:*:y*", "arn:aws:kms:x:1:y:z", false)
	f.Add("a:b", "a:b:c", false)
	f.Add("*?*Ä?", "xxäÖ", true)
	f.Fuzz(func(t *testing.T, pattern, value string, ignoreCase bool) {
		got := Like(pattern, value, ignoreCase)
		arn := ArnLike(pattern, value)
		eq := Equal(pattern, value, ignoreCase)
		if graph.HasHoles(pattern) || graph.HasHoles(value) {
			// A text with holes matches itself whatever they stand for.
			if Equal(value, value, ignoreCase) != Yes || Like(value, value, ignoreCase) != Yes {
				t.Fatalf("Equal(v, v) != yes for %q", value)
			}
			return
		}
		// Texts without holes are always decided, however long; the
		// token matcher that texts with holes need is held to the
		// linear one by graph's FuzzMatchTokens.
		if got == Maybe || arn == Maybe || eq == Maybe {
			t.Fatalf("maybe without holes: like %v arn %v equal %v", got, arn, eq)
		}
		if !utf8.ValidString(pattern) || !utf8.ValidString(value) || ignoreCase && !(isASCII(pattern) && isASCII(value)) {
			return
		}
		want := triOf(globRegexp(pattern, ignoreCase).MatchString(value))
		if got != want {
			t.Fatalf("Like(%q, %q, %v) = %v, reference says %v", pattern, value, ignoreCase, got, want)
		}
		wantEq := triOf(pattern == value || ignoreCase && strings.EqualFold(pattern, value))
		if eq != wantEq {
			t.Fatalf("Equal(%q, %q, %v) = %v, want %v", pattern, value, ignoreCase, eq, wantEq)
		}
		if arn == Yes && got != Yes {
			t.Fatalf("ArnLike matches where Like does not: %q %q", pattern, value)
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	d, diags := Parse(graph.Str(readFixture(b, "cloudtrail-key.json"), textRange))
	if len(diags) > 0 {
		b.Fatal(summaries(diags))
	}
	known := trailRequest("kms:GenerateDataKey", mainTrail)
	holes := trailRequest("kms:GenerateDataKey", "arn:aws:cloudtrail:"+region+":"+acctX+":trail/"+name)
	b.ReportAllocs()
	for b.Loop() {
		if d.Evaluate(known, nil).Decision != Allowed {
			b.Fatal("not allowed")
		}
		if d.Evaluate(holes, nil).Decision != Undecided {
			b.Fatal("not undecided")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	v := graph.Str(readFixture(b, "cloudtrail-key.json"), textRange)
	b.ReportAllocs()
	for b.Loop() {
		Parse(v)
	}
}
