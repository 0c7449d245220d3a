package policy

import (
	"slices"
	"testing"
)

func pats(ss ...string) []Pattern {
	out := []Pattern{}
	for _, s := range ss {
		out = append(out, Pattern{Text: s})
	}
	return out
}

func TestMayGrant(t *testing.T) {
	tests := []struct {
		name   string
		s      Statement
		action string
		want   Tri
	}{
		{"wildcard service", Statement{Action: pats("kms:*")}, "kms:GenerateDataKey", Yes},
		{"family", Statement{Action: pats("kms:GenerateDataKey*")}, "kms:GenerateDataKey", Yes},
		{"case-insensitive", Statement{Action: pats("KMS:generatedatakey")}, "kms:GenerateDataKey", Yes},
		{"list", Statement{Action: pats("kms:Encrypt", "kms:Decrypt")}, "kms:Decrypt", Yes},
		{"not listed", Statement{Action: pats("kms:Encrypt")}, "kms:Decrypt", No},
		{"star", Statement{Action: pats("*")}, "kms:Decrypt", Yes},
		{"unknown entry", Statement{Action: pats(anyH)}, "kms:Decrypt", Maybe},
		{"NotAction excludes", Statement{NotAction: pats("kms:Decrypt")}, "kms:Decrypt", No},
		{"NotAction wildcard excludes", Statement{NotAction: pats("kms:Generate*")}, "kms:GenerateDataKey", No},
		{"NotAction other", Statement{NotAction: pats("kms:ScheduleKeyDeletion", "kms:Delete*")}, "kms:GenerateDataKey", Yes},
		{"NotAction unknown", Statement{NotAction: pats(anyH)}, "kms:GenerateDataKey", Maybe},
		{"neither", Statement{}, "kms:GenerateDataKey", No},
	}
	for _, tt := range tests {
		if got := tt.s.MayGrant(tt.action, nil); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestGrantsAll(t *testing.T) {
	const fam = "kms:GenerateDataKey*"
	tests := []struct {
		name   string
		s      Statement
		family string
		want   Tri
	}{
		{"kms:*", Statement{Action: pats("kms:*")}, fam, Yes},
		{"same family", Statement{Action: pats("kms:GenerateDataKey*")}, fam, Yes},
		{"wider family", Statement{Action: pats("kms:Generate*")}, fam, Yes},
		{"star", Statement{Action: pats("*")}, fam, Yes},
		{"case", Statement{Action: pats("KMS:GENERATEDATAKEY*")}, fam, Yes},
		{"one member only", Statement{Action: pats("kms:GenerateDataKey")}, fam, No},
		{"one more character only", Statement{Action: pats("kms:GenerateDataKey?")}, fam, No},
		{"other action", Statement{Action: pats("kms:Decrypt")}, fam, No},
		{"unknown entry", Statement{Action: pats(anyH)}, fam, Maybe},
		{"exact family member", Statement{Action: pats("kms:Decrypt")}, "kms:Decrypt", Yes},
		{"NotAction elsewhere", Statement{NotAction: pats("kms:Decrypt")}, fam, Yes},
		{"NotAction takes one member", Statement{NotAction: pats("kms:GenerateDataKeyPair")}, fam, No},
		{"NotAction takes all", Statement{NotAction: pats("kms:Generate*")}, fam, No},
		{"NotAction unknown", Statement{NotAction: pats(anyH)}, fam, Maybe},
		{"neither", Statement{}, fam, No},
	}
	for _, tt := range tests {
		if got := tt.s.GrantsAll(tt.family, nil); got != tt.want {
			t.Errorf("%s: GrantsAll(%q) = %v, want %v", tt.name, tt.family, got, tt.want)
		}
	}
}

func TestResourceMatch(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name string
		s    Statement
		res  string
		want Tri
	}{
		{"star", Statement{Resource: pats("*")}, key, Yes},
		{"star, key unknown", Statement{Resource: pats("*")}, "", Yes},
		{"exact", Statement{Resource: pats(key)}, key, Yes},
		{"exact, key unknown", Statement{Resource: pats(key)}, "", Maybe},
		{"other key", Statement{Resource: pats("arn:aws:kms:us-east-1:111122223333:key/other")}, key, No},
		{"wildcard", Statement{Resource: pats("arn:aws:kms:*:111122223333:key/*")}, key, Yes},
		{"key with a hole", Statement{Resource: pats("arn:aws:kms:us-east-1:111122223333:key/*")}, "arn:aws:kms:" + region + ":" + acctX + ":key/k", Maybe},
		{"resource is case-sensitive", Statement{Resource: pats("ARN:aws:kms:*")}, key, No},
		{"NotResource excludes", Statement{NotResource: pats("arn:aws:kms:*")}, key, No},
		{"NotResource other", Statement{NotResource: pats("arn:aws:s3:::*")}, key, Yes},
		{"NotResource, key unknown", Statement{NotResource: pats("arn:aws:s3:::*")}, "", Maybe},
		{"neither", Statement{}, key, Yes},
	}
	for _, tt := range tests {
		if got, why := tt.s.resourceMatch(tt.res, nil, nil); got != tt.want {
			t.Errorf("%s: got %v (%s), want %v", tt.name, got, why, tt.want)
		}
	}
}

func TestStatementAccessors(t *testing.T) {
	s := &Statement{
		Index:      2,
		Action:     pats("kms:Decrypt", "kms:ReEncryptFrom"),
		NotAction:  nil,
		Resource:   pats("*"),
		Conditions: []Condition{cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "x"), cond("StringEquals", "aws:SourceArn", "y")},
	}
	if got := s.Label(); got != "statement 3" {
		t.Errorf("Label = %q", got)
	}
	s.Sid = "Reader"
	if got := s.Label(); got != "Reader" {
		t.Errorf("Label = %q", got)
	}
	if got := s.Actions(); !slices.Equal(got, []string{"kms:Decrypt", "kms:ReEncryptFrom"}) {
		t.Errorf("Actions = %q", got)
	}
	if got := s.NotActions(); got != nil {
		t.Errorf("NotActions = %q, want nil", got)
	}
	if got := s.Resources(); !slices.Equal(got, []string{"*"}) {
		t.Errorf("Resources = %q", got)
	}
	for key, want := range map[string]bool{
		"aws:sourcearn": true,
		"KMS:ENCRYPTIONCONTEXT:AWS:CLOUDTRAIL:ARN": true,
		"aws:SourceAccount":                        false,
	} {
		if got := s.HasConditionKey(key); got != want {
			t.Errorf("HasConditionKey(%q) = %v, want %v", key, got, want)
		}
	}
	if got := s.ConditionsOn("AWS:SourceArn"); len(got) != 1 || got[0].Operator != "StringEquals" {
		t.Errorf("ConditionsOn = %+v", got)
	}
}
