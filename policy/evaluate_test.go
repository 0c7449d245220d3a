package policy

import (
	"slices"
	"testing"

	"github.com/trailint/trailint/graph"
)

const (
	cloudtrail = "cloudtrail.amazonaws.com"
	ctxArn     = "kms:EncryptionContext:aws:cloudtrail:arn"
	mainTrail  = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
	keyArn     = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// trailRequest is what CloudTrail sends to KMS when it encrypts a log file
// of the trail: a service principal, so no aws:PrincipalAccount.
func trailRequest(action, trail string) Request {
	return Request{
		Principal: Principal{Service: cloudtrail},
		Action:    action,
		Resource:  keyArn,
		Context:   map[string][]string{ctxArn: {trail}, "aws:SourceArn": {trail}},
	}
}

func readerRequest(role, action string) Request {
	return Request{
		Principal: Principal{AWS: role},
		Action:    action,
		Resource:  keyArn,
		Context: map[string][]string{
			ctxArn:                 {mainTrail},
			"kms:CallerAccount":    {"111122223333"},
			"aws:PrincipalAccount": {"111122223333"},
			"aws:SecureTransport":  {"true"},
		},
	}
}

// outcome is a Result in words, compared whole.
type outcome struct {
	Decision          string
	Allowed, Denied   []string
	Excluded, Unknown []string
	Notes             []string
}

func describe(r Result) outcome {
	o := outcome{Decision: r.Decision.String()}
	for _, s := range r.Allowed {
		o.Allowed = append(o.Allowed, s.Label())
	}
	for _, s := range r.Denied {
		o.Denied = append(o.Denied, s.Label())
	}
	for _, e := range r.Excluded {
		o.Excluded = append(o.Excluded, e.Statement.Label()+" | "+e.Element+" | "+e.Reason)
	}
	o.Unknown = r.Unknowns
	for _, v := range r.Verdicts {
		for _, n := range v.Notes {
			o.Notes = append(o.Notes, v.Statement.Label()+" | "+n)
		}
	}
	return o
}

func equalOutcome(a, b outcome) bool {
	return a.Decision == b.Decision && slices.Equal(a.Allowed, b.Allowed) && slices.Equal(a.Denied, b.Denied) &&
		slices.Equal(a.Excluded, b.Excluded) && slices.Equal(a.Unknown, b.Unknown) && slices.Equal(a.Notes, b.Notes)
}

func TestEvaluate(t *testing.T) {
	holeTrail := "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/main"
	reader := "arn:aws:iam::111122223333:role/Reader"
	iamExcluded := `Enable IAM User Permissions | principal | Principal {"AWS": "arn:aws:iam::111122223333:root"} does not include cloudtrail.amazonaws.com`
	otherReader := readerRequest("arn:aws:iam::444455556666:role/Reader", "kms:Decrypt")
	otherReader.Context["kms:CallerAccount"] = []string{"444455556666"}
	otherSource := trailRequest("kms:GenerateDataKey", mainTrail)
	otherSource.Context["aws:SourceAccount"] = []string{"444455556666"}
	noTLS := readerRequest(reader, "kms:Decrypt")
	noTLS.Context["aws:SecureTransport"] = []string{"false"}
	unknownKey := readerRequest(reader, "kms:Decrypt")
	unknownKey.Resource = ""
	withSource := trailRequest("kms:GenerateDataKey", mainTrail)
	withSource.Context["aws:SourceAccount"] = []string{"111122223333"}

	const ctAllow = `{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}`
	maybeDeny := `{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceAccount": "` + acctY + `"}}}`
	doc := func(statements string) string { return `{"Version": "2012-10-17", "Statement": [` + statements + `]}` }

	tests := []struct {
		name    string
		fixture string // a file of testdata/, or
		text    string // the policy text
		req     Request
		want    outcome
	}{
		{
			name: "default policy, its trail", fixture: "cloudtrail-key.json", req: trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "allowed", Allowed: []string{"AllowCloudTrailEncrypt"}, Excluded: []string{iamExcluded}},
		},
		{
			name: "default policy, another trail of the account", fixture: "cloudtrail-key.json",
			req: trailRequest("kms:GenerateDataKey", "arn:aws:cloudtrail:us-east-1:111122223333:trail/other"),
			want: outcome{Decision: "not allowed", Excluded: []string{iamExcluded,
				`AllowCloudTrailEncrypt | condition | condition StringEquals aws:SourceArn "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" does not match "arn:aws:cloudtrail:us-east-1:111122223333:trail/other"`}},
		},
		{
			name: "default policy, trail of an unknown account", fixture: "cloudtrail-key.json", req: trailRequest("kms:GenerateDataKey", holeTrail),
			want: outcome{Decision: "unknown", Excluded: []string{iamExcluded}, Unknown: []string{
				`statement "AllowCloudTrailEncrypt" (Allow) may apply: condition StringEquals aws:SourceArn "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" may or may not hold for "arn:aws:cloudtrail:us-east-1:${AWS::AccountId}:trail/main" (depends on AWS::AccountId)`,
				`statement "AllowCloudTrailEncrypt" (Allow) may apply: condition StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:111122223333:trail/*" may or may not hold for "arn:aws:cloudtrail:us-east-1:${AWS::AccountId}:trail/main" (depends on AWS::AccountId)`,
			}},
		},
		{
			name: "default policy, describe", fixture: "cloudtrail-key.json", req: trailRequest("kms:DescribeKey", mainTrail),
			want: outcome{Decision: "allowed", Allowed: []string{"Allow CloudTrail to describe key"}, Excluded: []string{iamExcluded}},
		},
		{
			name: "default policy, reader decrypts", fixture: "cloudtrail-key.json", req: readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "allowed", Allowed: []string{"Enable IAM User Permissions", "Allow principals in the account to decrypt log files", "Enable cross account log decryption"}},
		},
		{
			name: "default policy, reader of another account", fixture: "cloudtrail-key.json", req: otherReader,
			want: outcome{Decision: "not allowed", Excluded: []string{
				`Enable IAM User Permissions | principal | Principal {"AWS": "arn:aws:iam::111122223333:root"} does not include arn:aws:iam::444455556666:role/Reader`,
				`Allow principals in the account to decrypt log files | condition | condition StringEquals kms:CallerAccount "111122223333" does not match "444455556666"`,
				`Enable cross account log decryption | condition | condition StringEquals kms:CallerAccount "111122223333" does not match "444455556666"`,
			}},
		},
		{
			// The placeholder of the AWS guide can match no trail at all.
			name: "placeholder account", fixture: "placeholder-account.json", req: trailRequest("kms:GenerateDataKey", holeTrail),
			want: outcome{Decision: "not allowed", Excluded: []string{iamExcluded,
				`AllowCloudTrailEncrypt | condition | condition StringLike kms:EncryptionContext:aws:cloudtrail:arn "arn:aws:cloudtrail:*:aws-account-id:trail/*" does not match "arn:aws:cloudtrail:us-east-1:${AWS::AccountId}:trail/main"`}},
		},
		{
			// Service requests carry no aws:PrincipalAccount, so the
			// negated test holds and the Deny takes CloudTrail too.
			name: "deny on aws:PrincipalAccount takes services", fixture: "deny-principal-account.json", req: trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "explicitly denied", Allowed: []string{"AllowCloudTrailEncrypt"}, Denied: []string{"statement 2"},
				Excluded: []string{`statement 1 | principal | Principal {"AWS": "arn:aws:iam::111122223333:root"} does not include cloudtrail.amazonaws.com`},
				Notes:    []string{`statement 2 | condition StringNotEquals aws:PrincipalAccount "111122223333" holds because the request has no aws:PrincipalAccount`}},
		},
		{
			name: "deny on aws:PrincipalAccount spares the account", fixture: "deny-principal-account.json", req: readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "allowed", Allowed: []string{"statement 1"}},
		},
		{
			name: "IfExists and ForAllValues on absent keys", fixture: "guarded.json", req: trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "allowed", Allowed: []string{"AllowCloudTrail"}, Notes: []string{
				`AllowCloudTrail | condition StringEqualsIfExists aws:SourceAccount "111122223333" holds because the request has no aws:SourceAccount`,
				`AllowCloudTrail | condition ForAllValues:StringEquals aws:TagKeys "team" holds because the request has no aws:TagKeys (ForAllValues over no values)`,
			}},
		},
		{
			name: "IfExists on a present key", fixture: "guarded.json", req: otherSource,
			want: outcome{Decision: "not allowed", Excluded: []string{
				`AllowCloudTrail | condition | condition StringEqualsIfExists aws:SourceAccount "111122223333" does not match "444455556666"`}},
		},
		{
			name: "NotPrincipal and NotAction deny", fixture: "guarded.json", req: readerRequest("arn:aws:iam::111122223333:role/Writer", "kms:Encrypt"),
			want: outcome{Decision: "explicitly denied", Denied: []string{"OnlyDecryptElsewhere"}},
		},
		{
			name: "NotAction spares the action; policy variable in ArnLike", fixture: "guarded.json", req: readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "allowed", Allowed: []string{"ThisKeyOnly"}},
		},
		{
			name: "Bool deny", fixture: "guarded.json", req: noTLS,
			want: outcome{Decision: "explicitly denied", Allowed: []string{"ThisKeyOnly"}, Denied: []string{"DenyWithoutTLS"}},
		},
		{
			name: "specific resource, key unknown", fixture: "guarded.json", req: unknownKey,
			want: outcome{Decision: "unknown", Unknown: []string{
				`statement "ThisKeyOnly" (Allow) may apply: Resource "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" may or may not include the key (ARN not known)`}},
		},
		{
			name: "a Deny that may apply makes an Allow unknown", text: doc(ctAllow + "," + maybeDeny), req: withSource,
			want: outcome{Decision: "unknown", Allowed: []string{"statement 1"}, Unknown: []string{
				`statement 2 (Deny) may apply: condition StringNotEquals aws:SourceAccount "${var.account_id}" may or may not hold for "111122223333" (depends on var.account_id)`}},
		},
		{
			name: "a Deny that may apply, no Allow", text: doc(maybeDeny), req: withSource,
			want: outcome{Decision: "not allowed", Unknown: []string{
				`statement 1 (Deny) may apply: condition StringNotEquals aws:SourceAccount "${var.account_id}" may or may not hold for "111122223333" (depends on var.account_id)`}},
		},
		{
			name: "principal imported from another stack",
			text: doc(`{"Effect": "Allow", "Principal": {"AWS": "` + graph.Hole(graph.DomainAny, "Fn::ImportValue ReaderRole") + `"}, "Action": "kms:Decrypt", "Resource": "*"}`),
			req:  readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "unknown", Unknown: []string{
				`statement 1 (Allow) may apply: Principal {"AWS": "${Fn::ImportValue ReaderRole}"} may or may not include arn:aws:iam::111122223333:role/Reader (depends on Fn::ImportValue ReaderRole)`}},
		},
		{
			name: "unknown effect",
			text: doc(`{"Effect": "` + graph.Hole(graph.DomainAny, "var.effect") + `", "Principal": "*", "Action": "kms:*", "Resource": "*"}`),
			req:  trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "unknown", Unknown: []string{`statement 1 (unknown effect) may apply: its Effect is not known`}},
		},
		{
			name: "case-insensitive action and condition key",
			text: doc(`{"Effect": "Allow", "Principal": {"Service": "CloudTrail.amazonaws.com"}, "Action": "KMS:generatedatakey*", "Resource": "*", "Condition": {"StringLike": {"KMS:EncryptionContext:AWS:CloudTrail:ARN": "arn:aws:cloudtrail:*:111122223333:trail/*"}}}`),
			req:  trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "allowed", Allowed: []string{"statement 1"}},
		},
		{
			name: "NotAction allow",
			text: doc(`{"Effect": "Allow", "Principal": "*", "NotAction": ["kms:Decrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"}`),
			req:  trailRequest("kms:Decrypt", mainTrail),
			want: outcome{Decision: "not allowed", Excluded: nil},
		},
		{
			name: "Null false on a present key",
			text: doc(`{"Effect": "Allow", "Principal": {"AWS": "` + reader + `"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "false"}}}`),
			req:  readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "allowed", Allowed: []string{"statement 1"}},
		},
		{
			name: "Null true on a present key",
			text: doc(`{"Effect": "Allow", "Principal": {"AWS": "` + reader + `"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "true"}}}`),
			req:  readerRequest(reader, "kms:Decrypt"),
			want: outcome{Decision: "not allowed", Excluded: []string{
				`statement 1 | condition | condition Null kms:EncryptionContext:aws:cloudtrail:arn "true": the request has kms:EncryptionContext:aws:cloudtrail:arn`}},
		},
		{
			name: "statement without Effect is ignored",
			text: `{"Statement": [{"Principal": "*", "Action": "kms:*", "Resource": "*"}]}`,
			req:  trailRequest("kms:GenerateDataKey", mainTrail),
			want: outcome{Decision: "not allowed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if tt.fixture != "" {
				text = readFixture(t, tt.fixture)
			}
			d, diags := Parse(graph.Str(text, textRange))
			if len(diags) > 0 && tt.name != "statement without Effect is ignored" {
				t.Fatalf("diagnostics: %q", summaries(diags))
			}
			got := describe(d.Evaluate(tt.req, nil))
			if !equalOutcome(got, tt.want) {
				t.Errorf("got:\n%#v\nwant:\n%#v", got, tt.want)
			}
		})
	}
}
