package scan

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

func TestGuardTurnsPanicIntoInternalError(t *testing.T) {
	c := &collector{}
	w := &walker{sink: c}
	w.guarded("CloudFormation", func() { panic("boom") })
	w.guarded("Terraform", func() { c.Unit(graph.Unit{ID: "tf", Graph: &graph.Graph{Files: []string{"main.tf"}}}) })
	g := c.Graph()
	if len(g.Diagnostics) != 1 || g.Diagnostics[0].Summary != "internal error while loading CloudFormation: boom" {
		t.Fatalf("got %#v", g.Diagnostics)
	}
	if len(g.Files) != 1 || g.Files[0] != "main.tf" {
		t.Errorf("a loader that did not panic lost its files: %#v", g.Files)
	}
}
