package gcpace

import "testing"

func TestLimitFollowsTheLiveHeapAboveTheFloor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, Floor},
		{4 << 20, Floor},
		{16 << 20, Floor},
		{20 << 20, 40<<20 + Floor/4},
		{40 << 20, 80<<20 + Floor/4},
		{1 << 30, 2<<30 + Floor/4},
	} {
		if got := Limit(c.live); got != c.want {
			t.Errorf("Limit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
