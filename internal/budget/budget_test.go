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
