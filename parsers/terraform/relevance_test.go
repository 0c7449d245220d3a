package terraform

import (
	"strings"
	"testing"

	"github.com/trailint/trailint/parsers/tfschema"
)

// Every resource type the analysis reads is covered by the text check that
// lets modules without them go unparsed.
func TestKindPrefixesCoverKinds(t *testing.T) {
	for _, typ := range tfschema.Types() {
		if !mentionsKinds([]byte(`resource "` + typ + `" "x" {}`)) {
			t.Errorf("%s is not covered by kindPrefixes", typ)
		}
	}
	if mentionsKinds([]byte(strings.Repeat(`resource "aws_sns_topic" "x" {}`, 3))) {
		t.Error("a module of SNS topics counts as declaring a resource the analysis reads")
	}
}
