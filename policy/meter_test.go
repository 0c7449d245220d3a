package policy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
	"github.com/trailint/trailint/internal/budget"
)

// hostilePattern is a StringLike pattern of 200 wildcards that no trail
// of hostileTrail's name matches, for it ends in a letter the name lacks.
var hostilePattern = "arn:aws:cloudtrail:*:*:trail/" + strings.Repeat("*?", 100) + "b"

// hostileTrail is the ARN of a trail with a name of 6,000 characters, in
// an account the configuration leaves unknown.
var hostileTrail = "arn:aws:cloudtrail:us-east-1:" + acctX + ":trail/" + strings.Repeat("a", 6000)

// hostileDoc is a key policy of n statements, each an encrypt grant to
// CloudTrail conditioned on hostilePattern.
func hostileDoc(t testing.TB, n int) *Document {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"Sid":"S` + strconv.Itoa(i) + `","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` +
			`"Action":"kms:GenerateDataKey*","Resource":"*","Condition":{"StringLike":{"` + ctxArn + `":"` + hostilePattern + `"}}}`)
	}
	b.WriteString(`]}`)
	d, diags := Parse(graph.Str(b.String(), textRange))
	if len(diags) > 0 || d == nil {
		t.Fatal(summaries(diags))
	}
	return d
}

// Within the budget the hostile statements are decided exactly; once the
// run is over it, the rest is Undecided, the work done stays within the cap
// and one match's work, and exactly one meter says it crossed the cap.
func TestMeterBoundsMatching(t *testing.T) {
	req := trailRequest("kms:GenerateDataKey", hostileTrail)

	enough := NewMeter(budget.New(budget.Limits{}))
	if got := describe(hostileDoc(t, 3).Evaluate(req, enough)); got.Decision != "not allowed" || len(got.Excluded) != 3 {
		t.Errorf("within the budget: %+v, want not allowed with 3 statements excluded", got)
	}
	if enough.Over() || enough.Crossed() {
		t.Error("a run within its budget says it is over")
	}

	const limit = 5_000_000
	run := budget.New(budget.Limits{MatchWork: limit})
	d := hostileDoc(t, 3000)
	first := NewMeter(run)
	res := d.Evaluate(req, first)
	if res.Decision != Undecided || len(res.Excluded) == 0 || len(res.Excluded) == len(d.Statements) {
		t.Errorf("over the budget: %v with %d of %d statements decided, want undecided after a few decided",
			res.Decision, len(res.Excluded), len(d.Statements))
	}
	if !first.Over() || !first.Crossed() || first.Crossed() {
		t.Error("the meter that crossed the cap must say so once")
	}
	// One match of the hostile pattern charges both matchers; nothing
	// after the one that crossed the cap runs.
	perMatch := int64(2 * graph.MaxMatchWork)
	if spent := first.Spent(); spent <= limit || spent > limit+perMatch {
		t.Errorf("spent %d, want over %d by at most one match (%d)", spent, limit, perMatch)
	}
	if u := run.Usage(); u.Used[budget.MatchWork] != limit+1 {
		t.Errorf("the run's counter shows %d, want %d: over the cap", u.Used[budget.MatchWork], limit+1)
	}

	// Another unit of the same run learns the run is over before matching
	// anything, and does not say so again.
	other := NewMeter(run)
	if got := d.Evaluate(req, other).Decision; got != Undecided {
		t.Errorf("after the budget ran out: %v, want undecided", got)
	}
	if other.Spent() != 0 || other.Crossed() {
		t.Errorf("after the budget ran out: spent %d, crossed %v; want nothing spent and nothing said", other.Spent(), other.Crossed())
	}
	if got := d.Statements[0].GrantsAll("kms:*", other); got != Maybe {
		t.Errorf("GrantsAll after the budget ran out = %v, want maybe", got)
	}
	if got := d.Statements[0].MayGrant("kms:Decrypt", other); got != Maybe {
		t.Errorf("MayGrant after the budget ran out = %v, want maybe", got)
	}
}

// A statement of 200 wildcards against a name of 6,000 characters is
// matched in one pass when the texts have no holes, and the meter charges
// what the match did, not the product of the lengths.
func TestHostileGlobIsLinear(t *testing.T) {
	known := strings.Replace(hostileTrail, acctX, "111122223333", 1)
	m := NewMeter(nil)
	if got := match(hostilePattern, known, graph.MatchOptions{Wildcards: true}, nil, m); got != No {
		t.Errorf("got %v, want no", got)
	}
	if bound := int64(4 * (len(hostilePattern) + len(known))); m.Spent() > bound {
		t.Errorf("charged %d steps, want at most %d: linear in the lengths", m.Spent(), bound)
	}
}

func BenchmarkHostileMatch(b *testing.B) {
	known := strings.Replace(hostileTrail, acctX, "111122223333", 1)
	for _, tt := range []struct {
		name, value string
	}{{"known", known}, {"holes", hostileTrail}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if match(hostilePattern, tt.value, graph.MatchOptions{Wildcards: true}, nil, nil) != No {
					b.Fatal("matched")
				}
			}
		})
	}
}

// BenchmarkHostileEvaluate evaluates 3,000 hostile statements with the
// default budget: the time of one op is what the budget lets a run spend.
func BenchmarkHostileEvaluate(b *testing.B) {
	d := hostileDoc(b, 3000)
	req := trailRequest("kms:GenerateDataKey", hostileTrail)
	for b.Loop() {
		m := NewMeter(budget.New(budget.Limits{}))
		if d.Evaluate(req, m).Decision != Undecided || !m.Crossed() {
			b.Fatal("the default budget does not stop 3,000 hostile statements")
		}
	}
}
