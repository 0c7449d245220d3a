package keypolicy_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers/analysistest"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/scan"
)

// The statement whose condition keeps CloudTrail out of an event data store
// is pointed at as excluding the store, not a trail.
func TestExclusionNamesTheStore(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "terraform", "event-data-store")
	var rulesSeen []string
	for _, d := range analysistest.Run(t, dir, rules.All(), scan.Options{}) {
		if !strings.HasPrefix(d.Message, "event data store aws_cloudtrail_event_data_store.trail_context ") {
			continue
		}
		rulesSeen = append(rulesSeen, d.Rule)
		const want = `statement "TrailsOnly" excludes this event data store`
		if len(d.Related) == 0 || d.Related[0].Message != want || d.Related[0].Range.File != "main.tf" || d.Related[0].Range.Start.Line != 44 {
			t.Errorf("%s: related %+v, want first %q at main.tf:44", d.Rule, d.Related, want)
		}
	}
	if strings.Join(rulesSeen, " ") != "TL010 TL011" {
		t.Errorf("findings about the store: %v, want TL010 and TL011", rulesSeen)
	}
}

// A policy that templatefile() renders is fixed in the template's own
// terms: the values the template is passed are written as its variables,
// the others as blanks the message names, and nothing says the policy is
// read without interpolation.
func TestTemplateFixNamesItsVariables(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "terraform", "policy-template")
	want := map[string]string{
		"main.tf:20:3 TL011": `{
  "Sid": "AllowCloudTrailEncrypt",
  "Effect": "Allow",
  "Principal": {"Service": "cloudtrail.amazonaws.com"},
  "Action": "kms:GenerateDataKey*",
  "Resource": "*",
  "Condition": {
    "StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:${account_id}:trail/${trail_name}"},
    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:${account_id}:trail/*"}
  }
}`,
		"main.tf:20:3 TL012": `{
  "Sid": "AllowLogReaders",
  "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::${account_id}:role/LOG_READER_ROLE"},
  "Action": "kms:Decrypt",
  "Resource": "*",
  "Condition": {
    "Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "false"}
  }
}`,
		"modules/key/main.tf:5:3 TL011": `{
  "Sid": "AllowCloudTrailEncrypt",
  "Effect": "Allow",
  "Principal": {"Service": "cloudtrail.amazonaws.com"},
  "Action": "kms:GenerateDataKey*",
  "Resource": "*",
  "Condition": {
    "StringLike": {"aws:SourceArn": "arn:*:cloudtrail:${region}:ACCOUNT_ID:trail/*", "kms:EncryptionContext:aws:cloudtrail:arn": "arn:*:cloudtrail:*:ACCOUNT_ID:trail/*"}
  }
}`,
	}
	seen := 0
	for _, d := range analysistest.Run(t, dir, rules.All(), scan.Options{}) {
		if strings.Contains(d.Message, "interpolation") {
			t.Errorf("%s: %s", d.Rule, d.Message)
		}
		at := fmt.Sprintf("%s:%d:%d %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule)
		fix, ok := want[at]
		if !ok {
			continue
		}
		seen++
		if d.Fix != fix {
			t.Errorf("%s: fix\n%s\nwant\n%s", at, d.Fix, fix)
		}
		if len(d.Edits) > 0 {
			t.Errorf("%s: edits %v for text the loader keeps no positions of", at, d.Edits)
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d findings with fixes", seen, len(want))
	}
}
