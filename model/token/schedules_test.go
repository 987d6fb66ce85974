package token

import (
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

func tokens(t *testing.T, s string, decimals int) Amount {
	t.Helper()
	a, err := ParseAmount(s, decimals)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// payOver pays s in steps of step up to end and returns the running total
// at each step, checking it against closed(t) (in base units) within rel.
func payOver(t *testing.T, s Schedule, step, end sim.Time, closed func(sim.Time) float64, rel float64) Amount {
	t.Helper()
	var paid Amount
	var prev sim.Time
	worst := 0.0
	for now := step; now <= end; now += step {
		paid, _ = paid.Add(s.Due(prev, now))
		prev = now
		want := closed(now)
		got := paid.Float64()
		if want > 0 {
			worst = max(worst, math.Abs(got-want)/want)
		}
		if math.Abs(got-want) > rel*want+1 {
			t.Fatalf("t=%v: paid %v, closed form %.6g (relative error %.3g)", now, paid, want, (got-want)/want)
		}
	}
	t.Logf("steps of %v to %v: largest relative error against the closed form %.3g (tolerance %g + 1 base unit)", step, end, worst, rel)
	return paid
}

// REFERENCES.md §12, R0 = 100 tokens/yr, H = 4 yr: M(2) = 200, M(6) = 500,
// M(10) = 650, cap 800, exactly; and M(t) over ten years of daily steps at
// 18 decimals within 1e-9 relative of the closed form in float64.
func TestHalvingWorkedNumbersAndClosedForm(t *testing.T) {
	h := Halving{InitialPerYear: tokens(t, "100", 0), Every: 4 * sim.Year}
	for _, c := range []struct {
		years int64
		want  string
	}{{2, "200"}, {6, "500"}, {10, "650"}, {400, "799"}} { // M < cap 800 always: floored, 799
		if got := h.Cumulative(sim.Time(c.years) * sim.Year).String(); got != c.want {
			t.Errorf("M(%d y) = %s, want %s", c.years, got, c.want)
		}
	}
	r0, H := 100e18, 4.0
	h = Halving{InitialPerYear: tokens(t, "100", 18), Every: 4 * sim.Year}
	payOver(t, h, 13*sim.Hour, 10*sim.Year, func(now sim.Time) float64 {
		y := float64(now) / float64(sim.Year)
		k := math.Floor(y / H)
		return 2*r0*H*(1-math.Exp2(-k)) + r0*math.Exp2(-k)*(y-k*H)
	}, 1e-9)
}

// REFERENCES.md §12, R0 = 100 tokens/yr, h = 4 yr: M(4) = 288.54,
// M(10) = 475.06, cap 577.08; the run within 1e-9 of the closed form.
func TestExponentialDecayWorkedNumbersAndClosedForm(t *testing.T) {
	e := &ExponentialDecay{InitialPerYear: tokens(t, "100", 18), HalfLife: 4 * sim.Year}
	for _, c := range []struct {
		years float64
		want  float64
	}{{4, 288.54}, {10, 475.06}, {1000, 577.08}} {
		got := e.Cumulative(sim.Time(c.years*float64(sim.Year))).Float64() / 1e18
		t.Logf("M(%v y) = %.4f tokens, worked number %.2f (tolerance 0.005)", c.years, got, c.want)
		if math.Abs(got-c.want) > 0.005 {
			t.Errorf("M(%v y) = %.4f, want %.2f", c.years, got, c.want)
		}
	}
	paid := payOver(t, e, 8*sim.Hour, 12*sim.Year, func(now sim.Time) float64 {
		y := float64(now) / float64(sim.Year)
		return 100e18 * 4 / math.Ln2 * (1 - math.Exp2(-y/4))
	}, 1e-9)
	if paid.Cmp(e.Cumulative(12*sim.Year)) != 0 {
		t.Errorf("paid %v over the run, cumulative %v", paid, e.Cumulative(12*sim.Year))
	}
}

// A table pays its stepwise rates exactly: 1e9 a year for a year, then
// 5e8: 1.5e9 after two years, and every step agrees with the segments.
func TestTableExact(t *testing.T) {
	tb := Table{Points: []TablePoint{{0, tokens(t, "1e9", 6)}, {sim.Year, tokens(t, "5e8", 6)}}}
	var paid Amount
	var prev sim.Time
	for now := 5 * sim.Hour; now <= 2*sim.Year; now += 5 * sim.Hour {
		paid, _ = paid.Add(tb.Due(prev, now))
		prev = now
	}
	if want := tokens(t, "1.5e9", 6); paid.Cmp(want) != 0 {
		t.Errorf("two years paid %v, want %v", paid, want)
	}
	if got, want := tb.Cumulative(sim.Year/2), tokens(t, "5e8", 6); got.Cmp(want) != 0 {
		t.Errorf("half a year: %v, want %v", got, want)
	}
	late := Table{Points: []TablePoint{{sim.Year, tokens(t, "1", 0)}}}
	if !late.Cumulative(sim.Year).IsZero() {
		t.Errorf("a table pays nothing before its first point")
	}
}

// REFERENCES.md §8: with S ETH staked in 32-ETH validators, b, the base
// reward of a 32-ETH validator and the APR of the table; the per-epoch
// mint is Σ base rewards exactly.
func TestSqrtStakedEthereumTable(t *testing.T) {
	rows := []struct {
		staked      int64 // ETH
		b, base32   int64 // Gwei
		apr         float64
		issuanceEth float64
	}{
		{1_000_000, 2023, 64736, 0.1661, 166_139},
		{10_000_000, 640, 20480, 0.05256, 525_600},
		{30_000_000, 369, 11808, 0.03030, 909_124},
		{100_000_000, 202, 6464, 0.01659, 1_658_925},
	}
	for _, r := range rows {
		s := &SqrtStaked{Increment: FromInt64(1e9), BaseRewardFactor: 64, Epoch: 384 * sim.Second}
		total := FromInt64(r.staked * 1e9)
		if b := s.BaseRewardPerIncrement(total); b.String() != FromInt64(r.b).String() {
			t.Errorf("S=%d: b = %v Gwei, want %d", r.staked, b, r.b)
		}
		stakes := make([]Amount, r.staked/32)
		var sum Amount
		for i := range stakes {
			stakes[i] = FromInt64(32e9)
		}
		for range stakes {
			sum, _ = sum.Add(FromInt64(r.base32))
		}
		got := s.EpochReward(total, stakes)
		if got.Cmp(sum) != 0 {
			t.Errorf("S=%d: epoch reward %v, Σ base rewards %v", r.staked, got, sum)
		}
		year := s.DueWith(0, sim.Year, State{Bonded: total, Stakes: stakes})
		apr := year.Float64() / total.Float64()
		t.Logf("S=%d: APR %.5f, table %.5f (tolerance 0.0001); issuance %.1f ETH/yr, table %.0f (tolerance 1)",
			r.staked, apr, r.apr, year.Float64()/1e9, r.issuanceEth)
		if math.Abs(apr-r.apr) > 0.0001 {
			t.Errorf("S=%d: APR %.4f%%, table %.3f%%", r.staked, 100*apr, 100*r.apr)
		}
		if eth := year.Float64() / 1e9; math.Abs(eth-r.issuanceEth) > 1 {
			t.Errorf("S=%d: issuance %.0f ETH/yr, table %.0f", r.staked, eth, r.issuanceEth)
		}
	}
}

// A CSV path is stepwise, and a bad line is named by its number.
func TestPriceCSV(t *testing.T) {
	p, err := ParsePriceCSV([]byte("time,usd\n# launch\n0, 0.001\n3600,0.002\n\n7200, 0.0015\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   sim.Time
		want float64
	}{{0, 0.001}, {sim.Hour - 1, 0.001}, {sim.Hour, 0.002}, {2 * sim.Hour, 0.0015}, {sim.Year, 0.0015}} {
		if got := p.At(c.at); got != c.want {
			t.Errorf("At(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	for _, c := range []struct {
		text string
		line int
	}{{"0,1\n10,x\n", 2}, {"0,1\n0,2\n", 2}, {"0,1,2\n", 1}, {"# only\n", 1}, {"0,-1\n", 1}} {
		_, err := ParsePriceCSV([]byte(c.text))
		ce, ok := err.(*CSVError)
		if !ok || ce.Line != c.line {
			t.Errorf("%q: error %v, want one at line %d", c.text, err, c.line)
		}
	}
}
