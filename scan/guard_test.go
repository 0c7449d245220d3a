package scan

import (
	"testing"

	"github.com/trailint/trailint/graph"
)

func TestGuardTurnsPanicIntoInternalError(t *testing.T) {
	var g *graph.Graph
	func() {
		defer guard(&g, "CloudFormation")
		panic("boom")
	}()
	if g == nil || len(g.Diagnostics) != 1 || g.Diagnostics[0].Summary != "internal error while loading CloudFormation: boom" {
		t.Fatalf("got %#v", g)
	}
	var ok *graph.Graph
	func() {
		defer guard(&ok, "Terraform")
		ok = &graph.Graph{Files: []string{"main.tf"}}
	}()
	if len(ok.Diagnostics) != 0 || len(ok.Files) != 1 {
		t.Errorf("guard changed a graph loaded without panic: %#v", ok)
	}
}
