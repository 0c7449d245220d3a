package graph

import (
	"regexp"
	"strings"
	"testing"
)

var (
	tAcct   = Hole(DomainAccount, "AWS::AccountId")
	tAcct2  = Hole(DomainAccount, "var.account_id")
	tRegion = Hole(DomainRegion, "AWS::Region")
	tPart   = Hole(DomainPartition, "AWS::Partition")
	tName   = Hole(DomainName, "var.name")
	tTrail  = Hole(DomainTrailName, "name of a trail")
	tAny    = Hole(DomainAny, "var.text")
)

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want Tri
	}{
		{"abc", "abc", Yes},
		{"abc", "ABC", No},
		{"*", "abc", No},
		{"a*", "a*", Yes},
		{tAcct, "123456789012", Maybe},
		{tAcct, "12345678901", No},
		{tAcct, "aws-account-id", No},
		{tAcct, tAcct, Yes},
		{tAcct, tAcct2, Maybe},
		{tAcct, tRegion, No},
		{tAcct, tPart, No},
		{tRegion, "eu-west-1", Maybe},
		{tRegion, "eusc-de-east-1", Maybe},
		{tRegion, "EU-WEST-1", No},
		{tRegion, "prod", No},
		{tPart, "aws-us-gov", Maybe},
		{tPart, "aws-gov", No},
		{tName, "", No},
		{tName, "a/b", No},
		{tTrail, "ab", No},
		{tTrail, "<trail_Name>", No},
		{tTrail, "audit.main_2-x", Maybe},
		{tAny, "", Maybe},
		{tAny, tAcct, Maybe},
		{"x-" + tAcct, "y-" + tAcct, No},
		{tAcct + "-x", tAcct + "-y", No},
		{"arn:aws:iam::" + tAcct + ":root", "*", No},
		{"arn:" + tPart + ":iam::" + tAcct + ":root", "arn:aws:iam::aws-account-id:root", No},
		{"arn:" + tPart + ":iam::" + tAcct + ":root", "arn:aws-cn:iam::111122223333:root", Maybe},
		// Long texts are decided by their ends and lengths alone.
		{strings.Repeat("a", 5000) + tAny + "x", strings.Repeat("a", 5000) + tAny + "y", No},
		{strings.Repeat("a", 5000) + tAny, tAny + strings.Repeat("a", 5000), Maybe},
		{"é" + tAcct, "é" + "12345678901", No},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%.40q, %.40q) = %v, want %v", Display(tt.a), Display(tt.b), got, tt.want)
		}
		if got := Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("Equal(%.40q, %.40q) = %v, want %v (swapped)", Display(tt.b), Display(tt.a), got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	like := MatchOptions{Wildcards: true}
	arn := MatchOptions{Wildcards: true, ARN: true}
	vars := MatchOptions{Wildcards: true, Expand: func(body string) string {
		switch body {
		case "aws:SourceAccount":
			return "111122223333"
		case "*":
			return "*"
		}
		return Hole(DomainAny, "policy variable ${"+body+"}")
	}}
	tests := []struct {
		pattern, text string
		o             MatchOptions
		want          Tri
	}{
		{"arn:aws:cloudtrail:*:aws-account-id:trail/*", "arn:aws:cloudtrail:us-east-1:" + tAcct + ":trail/main", like, No},
		{"arn:aws:cloudtrail:*:" + tAcct + ":trail/*", "arn:" + tPart + ":cloudtrail:" + tRegion + ":" + tAcct + ":trail/" + tName, arn, Maybe},
		{"arn:*:cloudtrail:*:" + tAcct + ":trail/*", "arn:" + tPart + ":cloudtrail:" + tRegion + ":" + tAcct + ":trail/" + tName, arn, Yes},
		{"arn:aws:*", "arn:aws:iam::" + tAcct + ":root", arn, No},
		{"arn:aws:cloudtrail:region:*", "arn:aws:cloudtrail:" + tRegion + ":x", like, No},
		{"trail/" + tName, "trail/a/b", like, Maybe},
		{"KMS:*", "kms:Decrypt", MatchOptions{Wildcards: true, IgnoreCase: true}, Yes},
		{"arn:aws:iam::${aws:SourceAccount}:root", "arn:aws:iam::111122223333:root", vars, Yes},
		{"arn:aws:iam::${aws:SourceAccount}:root", "arn:aws:iam::444455556666:root", vars, No},
		{"a${*}", "ab", vars, No},
		{"a${*}", "a*", vars, Yes},
		{"${aws:username}", "bob", vars, Maybe},
		{"${aws:username}", "bob", like, No},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.text, tt.o, nil); got != tt.want {
			t.Errorf("Match(%q, %q, %+v) = %v, want %v", Display(tt.pattern), Display(tt.text), tt.o, got, tt.want)
		}
	}
}

func TestMatchSets(t *testing.T) {
	o := MatchOptions{Wildcards: true, IgnoreCase: true}
	tests := []struct {
		pattern, set string
		every, some  Tri
	}{
		{"kms:*", "kms:GenerateDataKey*", Yes, Yes},
		{"kms:GenerateDataKey*", "kms:GenerateDataKey*", Yes, Yes},
		{"kms:GenerateDataKey", "kms:GenerateDataKey*", No, Yes},
		{"kms:GenerateDataKeyPair", "kms:GenerateDataKey*", No, Yes},
		{"kms:Decrypt", "kms:GenerateDataKey*", No, No},
		{"kms:GenerateDataKey?", "kms:GenerateDataKey?", Yes, Yes},
		{"kms:" + tAny, "kms:GenerateDataKey*", Maybe, Maybe},
	}
	for _, tt := range tests {
		if got := MatchEvery(tt.pattern, tt.set, o, nil); got != tt.every {
			t.Errorf("MatchEvery(%q, %q) = %v, want %v", Display(tt.pattern), tt.set, got, tt.every)
		}
		if got := MatchSome(tt.pattern, tt.set, o, nil); got != tt.some {
			t.Errorf("MatchSome(%q, %q) = %v, want %v", Display(tt.pattern), tt.set, got, tt.some)
		}
	}
}

// meter counts what it is charged and runs out past a cap.
type meter struct{ spent, limit int64 }

func (m *meter) Charge(n int64)  { m.spent += n }
func (m *meter) Exhausted() bool { return m.spent > m.limit }

func TestMatchCharges(t *testing.T) {
	m := &meter{limit: 1 << 40}
	if got := Match("arn:aws:cloudtrail:*:"+tAcct+":trail/*", "arn:aws:cloudtrail:"+tRegion+":"+tAcct2+":trail/x", MatchOptions{Wildcards: true}, m); got != Maybe || m.spent == 0 {
		t.Errorf("got %v with %d charged, want maybe and some work charged", got, m.spent)
	}
	m = &meter{limit: 0, spent: 1}
	if got := Match("a", "a", MatchOptions{}, m); got != Maybe || m.spent != 1 {
		t.Errorf("an exhausted meter: got %v with %d charged, want maybe and nothing charged", got, m.spent)
	}
}

// The holes of the brute-force check and the texts each stands for in
// it: a sample of each domain, with the characters the generated texts
// are made of.
var bruteHoles = []struct {
	hole   string
	values []string
}{
	{Hole(DomainAny, "x"), []string{"", "a", ":", "*", "a:b", "?", "A/"}},
	{Hole(DomainAny, "y"), []string{"", "b", "::", "a*"}},
	{Hole(DomainName, "n"), []string{"a", "*", "a-b", "A?"}},
	{Hole(DomainAccount, "a"), []string{"111122223333", "123456789012"}},
	{Hole(DomainAccount, "b"), []string{"111122223333", "444455556666"}},
	{Hole(DomainRegion, "r"), []string{"us-east-1", "a-b-1", "eusc-de-east-1"}},
	{Hole(DomainPartition, "p"), []string{"aws", "aws-cn"}},
	{Hole(DomainTrailName, "t"), []string{"abc", "A.1", "a-b_c"}},
}

// bruteAlphabet is the literal text of generated inputs.
const bruteAlphabet = "ab1-:/*?A"

// bruteText reads bytes as a text: each byte a character of the alphabet
// or a hole.
func bruteText(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		n := int(c) % (len(bruteAlphabet) + len(bruteHoles))
		if n < len(bruteAlphabet) {
			s.WriteByte(bruteAlphabet[n])
		} else {
			s.WriteString(bruteHoles[n-len(bruteAlphabet)].hole)
		}
	}
	return s.String()
}

// assignments calls f with every way of filling the holes of the texts
// with their samples, the same hole alike wherever it stands.
func assignments(texts []string, f func([]string)) {
	var used []int
	for i, h := range bruteHoles {
		for _, s := range texts {
			if strings.Contains(s, h.hole) {
				used = append(used, i)
				break
			}
		}
	}
	var fill func(k int, texts []string)
	fill = func(k int, texts []string) {
		if k == len(used) {
			f(texts)
			return
		}
		h := bruteHoles[used[k]]
		for _, v := range h.values {
			filled := make([]string, len(texts))
			for i, s := range texts {
				filled[i] = strings.ReplaceAll(s, h.hole, v)
			}
			fill(k+1, filled)
		}
	}
	fill(0, texts)
}

// reference is IAM's matching of texts without holes, written apart from
// the matcher: ArnLike compares the first five colon-separated fields and
// the rest one by one, each a glob.
func reference(pattern, text string, o MatchOptions) bool {
	if !o.ARN {
		return globRef(pattern, text, o)
	}
	pf, tf := strings.SplitN(pattern, ":", 6), strings.SplitN(text, ":", 6)
	if len(pf) != len(tf) {
		return false
	}
	for i := range pf {
		if !globRef(pf[i], tf[i], o) {
			return false
		}
	}
	return true
}

func globRef(pattern, text string, o MatchOptions) bool {
	var b strings.Builder
	b.WriteString("^(?s")
	if o.IgnoreCase {
		b.WriteString("i")
	}
	b.WriteString(":")
	for _, r := range pattern {
		switch {
		case o.Wildcards && r == '*':
			b.WriteString(".*")
		case o.Wildcards && r == '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(")$")
	return regexp.MustCompile(b.String()).MatchString(text)
}

// FuzzMatch holds the one comparison to a brute-force check on small
// texts: Yes only if every way of filling the holes matches, No only if
// none does, exactly the reference's answer without holes; and Equal is
// Match without wildcards, the same both ways.
func FuzzMatch(f *testing.F) {
	f.Add([]byte{9, 0, 4}, []byte{9, 0, 4}, uint8(0))
	f.Add([]byte{6, 12}, []byte{12, 4, 1}, uint8(1))
	f.Add([]byte{0, 4, 13, 4, 6}, []byte{0, 4, 2, 4, 0}, uint8(3))
	f.Add([]byte{9, 4, 6}, []byte{0, 4, 1, 4, 10}, uint8(2))
	f.Add([]byte{15, 4, 16}, []byte{14, 4, 16}, uint8(0))
	f.Add([]byte{11, 3, 1}, []byte{14}, uint8(0))
	f.Fuzz(func(t *testing.T, pb, tb []byte, mode uint8) {
		if len(pb) > 8 || len(tb) > 8 {
			return
		}
		pattern, text := bruteText(pb), bruteText(tb)
		o := MatchOptions{Wildcards: mode&1 != 0, ARN: mode&2 != 0, IgnoreCase: mode&4 != 0}
		if o.ARN && !o.Wildcards {
			return
		}
		got := Match(pattern, text, o, nil)
		holes := HasHoles(pattern) || HasHoles(text)
		var some, all = false, true
		assignments([]string{pattern, text}, func(filled []string) {
			ok := reference(filled[0], filled[1], o)
			some = some || ok
			all = all && ok
		})
		switch {
		case got == Yes && !all:
			t.Fatalf("Match(%q, %q, %+v) = yes, but some filling of the holes does not match", Display(pattern), Display(text), o)
		case got == No && some:
			t.Fatalf("Match(%q, %q, %+v) = no, but some filling of the holes matches", Display(pattern), Display(text), o)
		case !holes && got != TriOf(all):
			t.Fatalf("Match(%q, %q, %+v) = %v, reference says %v", pattern, text, o, got, all)
		}
		if o.Wildcards || o.IgnoreCase {
			return
		}
		if eq := Equal(pattern, text); eq != got || Equal(text, pattern) != eq {
			t.Fatalf("Equal(%q, %q) = %v, swapped %v; Match says %v", Display(pattern), Display(text), eq, Equal(text, pattern), got)
		}
	})
}

// FuzzMatchTokens holds the token matcher, which texts with holes need,
// to the linear one on texts without holes.
func FuzzMatchTokens(f *testing.F) {
	f.Add("kms:GenerateDataKey*", "kms:generatedatakeypair", true)
	f.Add("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa", false)
	f.Add("arn:*:*:x:*:y*", "arn:aws:kms:x:1:y:z", false)
	f.Add("a:b", "a:b:c", false)
	f.Add("*?*Ä?", "xxäÖ", true)
	f.Fuzz(func(t *testing.T, pattern, text string, ignoreCase bool) {
		if HasHoles(pattern) || HasHoles(text) || len(pattern)*len(text) > MaxMatchWork/4 {
			return
		}
		for _, o := range []MatchOptions{{Wildcards: true, IgnoreCase: ignoreCase}, {Wildcards: true, ARN: true}} {
			fast, _ := globText(pattern, text, o)
			if slow := matchTokens(pattern, text, o, nil, 0); slow != TriOf(fast) {
				t.Fatalf("%+v: %q %q: linear matcher says %v, token matcher %v", o, pattern, text, fast, slow)
			}
		}
	})
}
