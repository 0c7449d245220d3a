// Package rules lists every analyzer of trailint, in id order.
package rules

import (
	"strings"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/keyconfig"
	"github.com/trailint/trailint/analyzers/keypolicy"
	"github.com/trailint/trailint/analyzers/region"
	"github.com/trailint/trailint/analyzers/trailkey"
)

// All returns the analyzers in id order. The slice is new on every call.
func All() []*analyzers.Analyzer {
	return []*analyzers.Analyzer{
		trailkey.NoKey,
		trailkey.NotARN,
		keypolicy.Describe,
		keypolicy.Encrypt,
		keypolicy.Readers,
		keypolicy.Scope,
		region.Mismatch,
		keyconfig.Symmetric,
		keyconfig.Enabled,
		keyconfig.Rotation,
		keypolicy.Unresolved,
	}
}

// Lookup returns the analyzer with the given id, in any case.
func Lookup(id string) *analyzers.Analyzer {
	for _, a := range All() {
		if strings.EqualFold(a.Name, id) {
			return a
		}
	}
	return nil
}
