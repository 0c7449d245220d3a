package budget

import "testing"

func TestUnitSpendSaysOnce(t *testing.T) {
	r := New(Limits{Steps: 10})
	u := r.Unit()
	if ok, first := u.Spend(Steps, 10); !ok || first {
		t.Fatalf("spending the cap: ok=%v first=%v, want true false", ok, first)
	}
	if ok, first := u.Spend(Steps, 1); ok || !first {
		t.Fatalf("crossing the cap: ok=%v first=%v, want false true", ok, first)
	}
	if ok, first := u.Spend(Steps, 1); ok || first {
		t.Fatalf("past the cap: ok=%v first=%v, want false false", ok, first)
	}
	if !u.Over(Steps) || u.Over(Instances) {
		t.Fatalf("Over: steps %v instances %v, want true false", u.Over(Steps), u.Over(Instances))
	}
	// Another unit has its own count.
	if ok, _ := r.Unit().Spend(Steps, 10); !ok {
		t.Fatal("a second unit shares the first one's steps")
	}
}

func TestMatchIsPerRun(t *testing.T) {
	r := New(Limits{MatchWork: 100})
	if ok, _ := r.Match(60); !ok {
		t.Fatal("60 of 100 refused")
	}
	ok, first := r.Match(60)
	if ok || !first {
		t.Fatalf("120 of 100: ok=%v first=%v, want false true", ok, first)
	}
	if ok, first := r.Match(1); ok || first {
		t.Fatalf("after the cap: ok=%v first=%v, want false false", ok, first)
	}
}

func TestUsageKeepsPeaks(t *testing.T) {
	r := New(Limits{})
	a, b := r.Unit(), r.Unit()
	a.Spend(Steps, 5)
	b.Spend(Steps, 9)
	a.Close()
	b.Close()
	r.Value(300, 4)
	r.Value(100, 7)
	u := r.Usage()
	if u.Used[Steps] != 9 || u.Used[ValueBytes] != 300 || u.Used[Elements] != 7 {
		t.Fatalf("usage %v: want steps 9, value size 300, collection length 7", u)
	}
	if u.Limits != Default {
		t.Fatalf("zero limits: got %+v, want the default %+v", u.Limits, Default)
	}
}

func TestNilRunHasDefaultLimits(t *testing.T) {
	var r *Run
	if r.Limits() != Default {
		t.Fatalf("nil run limits %+v, want %+v", r.Limits(), Default)
	}
	if !r.Value(Default.ValueBytes, Default.Elements) || r.Value(Default.ValueBytes+1, 0) {
		t.Fatal("nil run: the value caps are not the default ones")
	}
}

func TestUnitValueSaysOnceAndKeepsPeaks(t *testing.T) {
	r := New(Limits{ValueBytes: 100, Elements: 10})
	u := r.Unit()
	for _, c := range []struct {
		bytes, elems int64
		ok, first    bool
	}{
		{100, 10, true, false},
		{101, 0, false, true},
		{500, 0, false, false},
		{0, 11, false, true},
		{200, 20, false, false},
		{1, 1, true, false},
	} {
		if ok, first := u.Value(c.bytes, c.elems); ok != c.ok || first != c.first {
			t.Fatalf("Value(%d, %d): ok=%v first=%v, want %v %v", c.bytes, c.elems, ok, first, c.ok, c.first)
		}
	}
	if got := r.Usage(); got.Used[ValueBytes] != 0 || got.Used[Elements] != 0 {
		t.Fatalf("before Close: usage %v, want no value recorded", got)
	}
	u.Close()
	if got := r.Usage(); got.Used[ValueBytes] != 101 || got.Used[Elements] != 11 {
		t.Fatalf("after Close: usage %v, want value size 101 (one past the cap), collection length 11", got)
	}
	// Another unit says its own.
	if ok, first := r.Unit().Value(101, 0); ok || !first {
		t.Fatalf("a second unit: ok=%v first=%v, want false true", ok, first)
	}
}
