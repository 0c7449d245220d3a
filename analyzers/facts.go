package analyzers

import "github.com/trailint/trailint/graph"

// Facts is derived once per run and shared by analyzers.
type Facts struct {
	g *graph.Graph
}

// NewFacts prepares the shared facts of g.
func NewFacts(g *graph.Graph) *Facts { return &Facts{g: g} }
