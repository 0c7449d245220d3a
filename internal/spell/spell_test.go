package spell

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"jsoneqcode", "jsonencode", 1},
		{"eu-west-1", "eu-wset-1", 2}, {"Schlüssel", "Schlussel", 1},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"jsonencode", "jsondecode", "yamlencode"}
	// Equally near two names: the first in sorted order, in every run.
	if got := Closest("jsonxcode", names, 3); got != "jsondecode" {
		t.Errorf("Closest(jsonxcode) = %q, want jsondecode", got)
	}
	if got := Closest("base64", names, 3); got != "" {
		t.Errorf("Closest(base64) = %q, want none", got)
	}
}
