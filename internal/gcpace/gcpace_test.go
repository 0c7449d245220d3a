package gcpace

import "testing"

func TestLimitKeepsTheFloorAboveTheLiveHeap(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, Floor},
		{4 << 20, 4<<20 + Floor},
		{20 << 20, 20<<20 + Floor},
		{36 << 20, 36<<20 + Floor},
		// Above this, twice the live heap, as GOGC=100.
		{40 << 20, 80<<20 + Floor/4},
		{1 << 30, 2<<30 + Floor/4},
	} {
		if got := Limit(c.live); got != c.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}
