package policy

import (
	"slices"
	"testing"
)

func cond(op, key string, vals ...string) Condition {
	return Condition{Operator: op, Key: key, Values: vals, op: parseOperator(op)}
}

func TestConditionEval(t *testing.T) {
	const (
		trail   = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
		ctxKey  = "kms:EncryptionContext:aws:cloudtrail:arn"
		srcArn  = "aws:SourceArn"
		account = "aws:PrincipalAccount"
	)
	holeTrail := "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main"
	ct := map[string][]string{ctxKey: {trail}, srcArn: {trail}}
	tests := []struct {
		name string
		c    Condition
		ctx  map[string][]string
		want Tri
	}{
		{"StringEquals match", cond("StringEquals", srcArn, trail), ct, Yes},
		{"StringEquals differs", cond("StringEquals", srcArn, trail+"x"), ct, No},
		{"StringEquals values are OR", cond("StringEquals", srcArn, "a", trail), ct, Yes},
		{"StringEquals no wildcard", cond("StringEquals", srcArn, "arn:*"), ct, No},
		{"StringEquals absent key", cond("StringEquals", account, "111122223333"), ct, No},
		{"StringNotEquals absent key", cond("StringNotEquals", account, "111122223333"), ct, Yes},
		{"StringNotEquals present equal", cond("StringNotEquals", account, "111122223333"), map[string][]string{account: {"111122223333"}}, No},
		{"StringNotEquals present other", cond("StringNotEquals", account, "111122223333"), map[string][]string{account: {"444455556666"}}, Yes},
		{"StringNotEquals hole", cond("StringNotEquals", account, "111122223333"), map[string][]string{account: {acctX}}, Maybe},
		{"StringEqualsIgnoreCase", cond("StringEqualsIgnoreCase", srcArn, "ARN:AWS:CLOUDTRAIL:US-EAST-1:111122223333:TRAIL/MAIN"), ct, Yes},
		{"StringNotEqualsIgnoreCase", cond("StringNotEqualsIgnoreCase", srcArn, "ARN:AWS:CLOUDTRAIL:US-EAST-1:111122223333:TRAIL/MAIN"), ct, No},
		{"StringEquals is case-sensitive", cond("StringEquals", srcArn, "ARN:AWS:CLOUDTRAIL:US-EAST-1:111122223333:TRAIL/MAIN"), ct, No},
		{"StringLike", cond("StringLike", ctxKey, "arn:aws:cloudtrail:*:111122223333:trail/*"), ct, Yes},
		{"StringLike other account", cond("StringLike", ctxKey, "arn:aws:cloudtrail:*:444455556666:trail/*"), ct, No},
		{"StringLike placeholder vs hole", cond("StringLike", ctxKey, "arn:aws:cloudtrail:*:aws-account-id:trail/*"), map[string][]string{ctxKey: {holeTrail}}, No},
		{"StringLike literal vs hole", cond("StringLike", ctxKey, "arn:aws:cloudtrail:*:111122223333:trail/*"), map[string][]string{ctxKey: {holeTrail}}, Maybe},
		{"StringLike same hole", cond("StringLike", ctxKey, "arn:aws:cloudtrail:*:"+acctX+":trail/*"), map[string][]string{ctxKey: {holeTrail}}, Yes},
		{"StringNotLike match", cond("StringNotLike", ctxKey, "arn:aws:cloudtrail:*:111122223333:trail/*"), ct, No},
		{"StringNotLike absent", cond("StringNotLike", "aws:SourceAccount", "1*"), ct, Yes},
		{"ArnEquals wildcards", cond("ArnEquals", srcArn, "arn:aws:cloudtrail:*:111122223333:trail/*"), ct, Yes},
		{"ArnLike", cond("ArnLike", srcArn, "arn:aws:cloudtrail:us-east-1:*:trail/main"), ct, Yes},
		{"ArnLike field", cond("ArnLike", srcArn, "arn:aws:cloudtrail:*:trail/main"), ct, No},
		{"ArnNotEquals", cond("ArnNotEquals", srcArn, "arn:aws:cloudtrail:*:*:trail/other"), ct, Yes},
		{"ArnNotLike", cond("ArnNotLike", srcArn, "arn:aws:cloudtrail:*:*:trail/*"), ct, No},
		{"ArnNotLike absent", cond("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/x"), ct, Yes},
		{"IfExists absent", cond("StringEqualsIfExists", account, "111122223333"), ct, Yes},
		{"IfExists present", cond("StringEqualsIfExists", srcArn, "x"), ct, No},
		{"ArnLikeIfExists present", cond("ArnLikeIfExists", srcArn, "arn:aws:cloudtrail:*"), ct, No},
		{"ForAllValues absent", cond("ForAllValues:StringEquals", "aws:TagKeys", "a"), ct, Yes},
		{"ForAllValues all in", cond("ForAllValues:StringEquals", "aws:TagKeys", "a", "b"), map[string][]string{"aws:TagKeys": {"a", "b"}}, Yes},
		{"ForAllValues one out", cond("ForAllValues:StringEquals", "aws:TagKeys", "a"), map[string][]string{"aws:TagKeys": {"a", "b"}}, No},
		{"ForAnyValue absent", cond("ForAnyValue:StringEquals", "aws:TagKeys", "a"), ct, No},
		{"ForAnyValue absent IfExists", cond("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", "a"), ct, Yes},
		{"ForAnyValue one in", cond("ForAnyValue:StringLike", "aws:TagKeys", "a*"), map[string][]string{"aws:TagKeys": {"x", "ab"}}, Yes},
		{"ForAnyValue none in", cond("ForAnyValue:StringLike", "aws:TagKeys", "a*"), map[string][]string{"aws:TagKeys": {"x", "y"}}, No},
		{"ForAnyValue negated", cond("ForAnyValue:StringNotEquals", "aws:TagKeys", "a"), map[string][]string{"aws:TagKeys": {"a", "b"}}, Yes},
		{"ForAllValues negated", cond("ForAllValues:StringNotEquals", "aws:TagKeys", "a"), map[string][]string{"aws:TagKeys": {"a", "b"}}, No},
		{"multi-valued without set operator", cond("StringEquals", "aws:TagKeys", "b"), map[string][]string{"aws:TagKeys": {"a", "b"}}, Yes},
		{"negated multi-valued without set operator", cond("StringNotEquals", "aws:TagKeys", "b"), map[string][]string{"aws:TagKeys": {"a", "b"}}, No},
		{"Null true absent", cond("Null", ctxKey, "true"), map[string][]string{}, Yes},
		{"Null true present", cond("Null", ctxKey, "true"), ct, No},
		{"Null false present", cond("Null", ctxKey, "false"), ct, Yes},
		{"Null false absent", cond("Null", ctxKey, "false"), nil, No},
		{"Null value unknown", cond("Null", ctxKey, anyH), ct, Maybe},
		{"Bool true", cond("Bool", "aws:SecureTransport", "true"), map[string][]string{"aws:SecureTransport": {"true"}}, Yes},
		{"Bool case", cond("Bool", "aws:SecureTransport", "True"), map[string][]string{"aws:SecureTransport": {"true"}}, Yes},
		{"Bool false", cond("Bool", "aws:SecureTransport", "false"), map[string][]string{"aws:SecureTransport": {"true"}}, No},
		{"Bool absent", cond("Bool", "aws:SecureTransport", "false"), ct, No},
		{"BoolIfExists absent", cond("BoolIfExists", "aws:SecureTransport", "false"), ct, Yes},
		{"NumericEquals", cond("NumericEquals", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"10.0"}}, Yes},
		{"NumericNotEquals", cond("NumericNotEquals", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"10"}}, No},
		{"NumericNotEquals absent", cond("NumericNotEquals", "s3:max-keys", "10"), ct, Yes},
		{"NumericLessThan", cond("NumericLessThan", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"9"}}, Yes},
		{"NumericLessThanEquals", cond("NumericLessThanEquals", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"10"}}, Yes},
		{"NumericGreaterThan", cond("NumericGreaterThan", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"10"}}, No},
		{"NumericGreaterThanEquals", cond("NumericGreaterThanEquals", "s3:max-keys", "10"), map[string][]string{"s3:max-keys": {"11"}}, Yes},
		{"NumericLessThan absent", cond("NumericLessThan", "s3:max-keys", "10"), ct, No},
		{"Numeric not a number", cond("NumericEquals", "s3:max-keys", "ten"), map[string][]string{"s3:max-keys": {"10"}}, No},
		{"Numeric hole", cond("NumericEquals", "s3:max-keys", anyH), map[string][]string{"s3:max-keys": {"10"}}, Maybe},
		{"DateLessThan", cond("DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z"), map[string][]string{"aws:CurrentTime": {"2025-06-01T12:00:00Z"}}, Yes},
		{"DateGreaterThan epoch", cond("DateGreaterThan", "aws:EpochTime", "1700000000"), map[string][]string{"aws:EpochTime": {"2025-06-01T12:00:00Z"}}, Yes},
		{"DateEquals", cond("DateEquals", "aws:CurrentTime", "2025-06-01"), map[string][]string{"aws:CurrentTime": {"2025-06-01T00:00:00Z"}}, Yes},
		{"DateNotEquals", cond("DateNotEquals", "aws:CurrentTime", "2025-06-01"), map[string][]string{"aws:CurrentTime": {"2025-06-01T00:00:00Z"}}, No},
		{"DateLessThanEquals", cond("DateLessThanEquals", "aws:CurrentTime", "2025-06-01T00:00:00Z"), map[string][]string{"aws:CurrentTime": {"2025-06-01T00:00:00Z"}}, Yes},
		{"DateGreaterThanEquals", cond("DateGreaterThanEquals", "aws:CurrentTime", "2025-06-02T00:00:00Z"), map[string][]string{"aws:CurrentTime": {"2025-06-01T00:00:00Z"}}, No},
		{"IpAddress in", cond("IpAddress", "aws:SourceIp", "203.0.113.0/24"), map[string][]string{"aws:SourceIp": {"203.0.113.7"}}, Yes},
		{"IpAddress out", cond("IpAddress", "aws:SourceIp", "203.0.113.0/24"), map[string][]string{"aws:SourceIp": {"198.51.100.7"}}, No},
		{"IpAddress single", cond("IpAddress", "aws:SourceIp", "203.0.113.7"), map[string][]string{"aws:SourceIp": {"203.0.113.7"}}, Yes},
		{"NotIpAddress absent", cond("NotIpAddress", "aws:SourceIp", "203.0.113.0/24"), ct, Yes},
		{"NotIpAddress in", cond("NotIpAddress", "aws:SourceIp", "203.0.113.0/24"), map[string][]string{"aws:SourceIp": {"203.0.113.7"}}, No},
		{"BinaryEquals", cond("BinaryEquals", "k", "QmluYXJ5"), map[string][]string{"k": {"QmluYXJ5"}}, Yes},
		{"BinaryEquals absent", cond("BinaryEquals", "k", "QmluYXJ5"), ct, No},
		{"key case-insensitive", cond("StringEquals", "AWS:sourcearn", trail), ct, Yes},
		{"key case-insensitive in request", cond("StringEquals", "aws:SourceArn", trail), map[string][]string{"AWS:SOURCEARN": {trail}}, Yes},
		{"key with a hole", cond("StringEquals", "aws:ResourceTag/"+anyH, "x"), ct, Maybe},
		{"unknown operator", cond("StringEqualz", srcArn, trail), ct, Maybe},
		{"operator names are case-sensitive", cond("stringequals", srcArn, trail), ct, Maybe},
		{"unknown condition", Condition{Why: "Fn::If on IsProd"}, ct, Maybe},
		{"request value unknown", cond("StringEquals", srcArn, trail), map[string][]string{srcArn: {anyH}}, Maybe},
		{"empty value list is absent", cond("StringNotEquals", account, "1"), map[string][]string{account: {}}, Yes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.eval(context(tt.ctx), nil, nil); got.t != tt.want {
				t.Errorf("%s against %v = %v (%s), want %v", tt.c.String(), tt.ctx, got.t, got.why, tt.want)
			}
		})
	}
}

func TestConditionReasons(t *testing.T) {
	trail := "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main"
	tests := []struct {
		c         Condition
		ctx       map[string][]string
		why, note string
	}{
		{
			cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:111122223333:trail/*"),
			map[string][]string{"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:444455556666:trail/main"}},
			`condition StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:111122223333:trail/*" does not match "arn:aws:cloudtrail:us-east-1:444455556666:trail/main"`, "",
		},
		{
			cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:aws-account-id:trail/*"),
			map[string][]string{"kms:EncryptionContext:aws:cloudtrail:arn": {trail}},
			`condition StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:aws-account-id:trail/*" does not match "arn:aws:cloudtrail:us-east-1:${AWS::AccountId}:trail/main"`, "",
		},
		{
			cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:111122223333:trail/*"),
			map[string][]string{"kms:EncryptionContext:aws:cloudtrail:arn": {trail}},
			`condition StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:111122223333:trail/*" may or may not hold for "arn:aws:cloudtrail:us-east-1:${AWS::AccountId}:trail/main" (depends on AWS::AccountId)`, "",
		},
		{
			cond("StringNotEquals", "aws:PrincipalAccount", "111122223333", "444455556666"), nil,
			"", `condition StringNotEquals aws:PrincipalAccount ["111122223333", "444455556666"] holds because the request has no aws:PrincipalAccount`,
		},
		{
			cond("StringNotEquals", "aws:PrincipalAccount", "111122223333"), map[string][]string{"aws:PrincipalAccount": {"111122223333"}},
			`condition StringNotEquals aws:PrincipalAccount "111122223333" does not hold for "111122223333"`, "",
		},
		{
			cond("StringEquals", "aws:SourceArn", "x"), nil,
			`condition StringEquals aws:SourceArn "x": the request has no aws:SourceArn`, "",
		},
		{
			cond("Null", "kms:EncryptionContext:aws:cloudtrail:arn", "false"), nil,
			`condition Null kms:EncryptionContext:aws:cloudtrail:arn "false": the request has no kms:EncryptionContext:aws:cloudtrail:arn`, "",
		},
		{
			cond("ForAllValues:StringEquals", "aws:TagKeys", "a"), nil,
			"", `condition ForAllValues:StringEquals aws:TagKeys "a" holds because the request has no aws:TagKeys (ForAllValues over no values)`,
		},
		{
			cond("StringEqualz", "aws:SourceArn", "x"), nil,
			`condition operator "StringEqualz" is not one AWS knows`, "",
		},
	}
	for _, tt := range tests {
		got := tt.c.eval(context(tt.ctx), nil, nil)
		if got.why != tt.why || got.note != tt.note {
			t.Errorf("%s:\n got why  %s\n want why %s\n got note  %s\n want note %s", tt.c.String(), got.why, tt.why, got.note, tt.note)
		}
	}
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		name string
		want operator
	}{
		{"StringLike", operator{base: opStringLike}},
		{"StringNotLikeIfExists", operator{base: opStringLike, negated: true, ifExists: true}},
		{"ForAnyValue:StringEquals", operator{base: opStringEquals, set: setAny}},
		{"ForAllValues:ArnNotLikeIfExists", operator{base: opArn, negated: true, ifExists: true, set: setAll}},
		{"Null", operator{base: opNull}},
		{"NullIfExists", operator{}},
		{"ForAnyValue:Null", operator{set: setAny}},
		{"forAnyValue:StringEquals", operator{}},
		{"StringLikeIfexists", operator{}},
	}
	for _, tt := range tests {
		if got := parseOperator(tt.name); got != tt.want {
			t.Errorf("parseOperator(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// Policy variables are replaced in documents of Version 2012-10-17 only.
func TestPolicyVariables(t *testing.T) {
	ctx := context{"aws:PrincipalAccount": {"111122223333"}, "aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}}
	vars := &variables{ctx: ctx}
	tests := []struct {
		c    Condition
		vars *variables
		want Tri
	}{
		{cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*"), vars, Yes},
		{cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*"), nil, No},
		{cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:${aws:SourceAccount}:trail/*"), vars, Maybe},
		{cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:${aws:SourceAccount, '111122223333'}:trail/*"), vars, Yes},
		{cond("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/mai${?}"), vars, No},
		{cond("StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:${aws:principalaccount}:trail/main"), vars, Yes},
	}
	for _, tt := range tests {
		if got := tt.c.eval(ctx, tt.vars, nil); got.t != tt.want {
			t.Errorf("%s (vars %v) = %v (%s), want %v", tt.c.String(), tt.vars != nil, got.t, got.why, tt.want)
		}
	}
}

// Compare answers as evaluation does for the operators that compare
// texts, and says which do not.
func TestConditionCompare(t *testing.T) {
	const arn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
	tests := []struct {
		c      Condition
		pv, rv string
		want   Tri
		ok     bool
	}{
		{cond("StringEquals", "k", ""), "a", "a", Yes, true},
		{cond("StringNotEquals", "k", ""), "a", "A", No, true},
		{cond("StringEqualsIgnoreCase", "k", ""), "a", "A", Yes, true},
		{cond("Bool", "k", ""), "true", "TRUE", Yes, true},
		{cond("StringLike", "k", ""), "arn:aws:cloudtrail:*:trail/*", arn, Yes, true},
		{cond("ArnLike", "k", ""), "arn:aws:cloudtrail:*:trail/*", arn, No, true},
		{cond("ForAllValues:ArnEqualsIfExists", "k", ""), "arn:aws:cloudtrail:*:111122223333:trail/*", arn, Yes, true},
		{cond("StringLike", "k", ""), "${aws:username}", "${aws:username}", Yes, true},
		{cond("Null", "k", ""), "true", "true", Maybe, false},
		{cond("NumericEquals", "k", ""), "1", "1", Maybe, false},
		{cond("DateEquals", "k", ""), "2020-01-01", "2020-01-01", Maybe, false},
		{cond("IpAddress", "k", ""), "10.0.0.0/8", "10.0.0.1", Maybe, false},
		{cond("BinaryEquals", "k", ""), "QQ==", "QQ==", Maybe, false},
		{cond("StringLikeIfexists", "k", ""), "a", "a", Maybe, false},
	}
	for _, tt := range tests {
		got, ok := tt.c.Compare(tt.pv, tt.rv)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: Compare(%q, %q) = %v, %v; want %v, %v", tt.c.Operator, tt.pv, tt.rv, got, ok, tt.want, tt.ok)
		}
	}
}

// A request's values of a key are found ignoring case; spellings of one
// key are merged in one order whatever the map's.
func TestRequestValues(t *testing.T) {
	r := Request{Context: map[string][]string{"aws:SourceArn": {"a"}, "AWS:SourceArn": {"b"}, "aws:sourcearn": {"c"}, "aws:SourceAccount": {"d"}}}
	tests := []struct {
		key  string
		want []string
	}{
		{"aws:SourceArn", []string{"a"}},
		{"Aws:SourceArn", []string{"b", "a", "c"}},
		{"AWS:SOURCEACCOUNT", []string{"d"}},
		{"aws:PrincipalArn", nil},
	}
	for _, tt := range tests {
		for range 20 {
			if got := r.Values(tt.key); !slices.Equal(got, tt.want) {
				t.Errorf("Values(%q) = %q, want %q", tt.key, got, tt.want)
				break
			}
		}
	}
}
