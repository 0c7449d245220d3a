package keypolicy_test

import (
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
