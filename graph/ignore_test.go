package graph

import (
	"reflect"
	"testing"
)

func TestParseIgnore(t *testing.T) {
	cases := []struct {
		comment string
		ids     []string
		reason  string
		ok      bool
	}{
		{" trailint:ignore TL013 shared on purpose", []string{"TL013"}, "shared on purpose", true},
		{"trailint:ignore TL011 TL012 the reader is elsewhere", []string{"TL011", "TL012"}, "the reader is elsewhere", true},
		{"trailint:ignore TL011,TL012 reason", []string{"TL011", "TL012"}, "reason", true},
		{"trailint:ignore TL011, TL012,  reason, with a comma", []string{"TL011", "TL012"}, "reason, with a comma", true},
		{"trailint:ignore all  everything here is a test", []string{"all"}, "everything here is a test", true},
		{"trailint:ignore TL013", []string{"TL013"}, "", true},
		{"trailint:ignore", nil, "", true},
		{"trailint:ignore   because", nil, "because", true},
		{"trailint:ignored TL013 x", nil, "", false},
		{"a note about trailint:ignore TL013", nil, "", false},
	}
	for _, c := range cases {
		ids, reason, ok := ParseIgnore(c.comment)
		if !reflect.DeepEqual(ids, c.ids) || reason != c.reason || ok != c.ok {
			t.Errorf("ParseIgnore(%q) = %q, %q, %v; want %q, %q, %v", c.comment, ids, reason, ok, c.ids, c.reason, c.ok)
		}
	}
}
