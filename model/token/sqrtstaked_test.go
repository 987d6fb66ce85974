package token

import (
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// REFERENCES.md §8 at decimals 6, 9 and 18: Ethereum's formula works in
// Gwei, so b, the APR and the issuance of S staked tokens do not depend
// on how many base units a token has.
func TestSqrtStakedAnyDecimals(t *testing.T) {
	rows := []struct {
		staked      int64 // tokens
		b           int64 // Gwei
		apr         float64
		issuanceTok float64
	}{
		{1_000_000, 2023, 0.1661, 166_139},
		{10_000_000, 640, 0.05256, 525_600},
		{30_000_000, 369, 0.03030, 909_124},
		{100_000_000, 202, 0.01659, 1_658_925},
	}
	const aprTol, issuanceTol = 0.0001, 1.0 // absolute: the table's rounding
	for _, decimals := range []int{6, 9, 18} {
		unit := Pow10(decimals)
		for _, r := range rows {
			s := &SqrtStaked{Increment: unit, BaseRewardFactor: 64, Epoch: 384 * sim.Second}
			total, _ := unit.MulInt64(r.staked)
			if b := s.BaseRewardPerIncrement(total); b.String() != FromInt64(r.b).String() {
				t.Errorf("decimals %d, S=%d: b = %v Gwei, want %d", decimals, r.staked, b, r.b)
			}
			stake32, _ := unit.MulInt64(32)
			stakes := make([]Amount, r.staked/32)
			for i := range stakes {
				stakes[i] = stake32
			}
			year := s.DueWith(0, sim.Year, State{Bonded: total, Stakes: stakes})
			apr := year.Float64() / total.Float64()
			tokens := year.Float64() / unit.Float64()
			t.Logf("decimals %d, S=%d: APR %.5f (table %.5f, tolerance %g), issuance %.1f (table %.0f, tolerance %g)",
				decimals, r.staked, apr, r.apr, aprTol, tokens, r.issuanceTok, issuanceTol)
			if math.Abs(apr-r.apr) > aprTol {
				t.Errorf("decimals %d, S=%d: APR %.4f%%, table %.3f%%", decimals, r.staked, 100*apr, 100*r.apr)
			}
			if math.Abs(tokens-r.issuanceTok) > issuanceTol {
				t.Errorf("decimals %d, S=%d: issuance %.1f tokens/yr, table %.0f", decimals, r.staked, tokens, r.issuanceTok)
			}
		}
	}
}

// At fewer than 9 decimals a reward in Gwei is not a whole number of base
// units: paying epoch by epoch carries the remainder, so the total equals
// paying the whole span at once, to the base unit.
func TestSqrtStakedCarriesRemainders(t *testing.T) {
	unit := Pow10(6)
	total, _ := unit.MulInt64(1_000_003)
	st := State{Bonded: total}
	once := (&SqrtStaked{Increment: unit, BaseRewardFactor: 64, Epoch: 384 * sim.Second}).DueWith(0, 1000*384*sim.Second, st)
	s := &SqrtStaked{Increment: unit, BaseRewardFactor: 64, Epoch: 384 * sim.Second}
	var sum Amount
	for e := sim.Time(0); e < 1000; e++ {
		d := s.DueWith(e*384*sim.Second, (e+1)*384*sim.Second, st)
		sum, _ = sum.Add(d)
	}
	if sum.Cmp(once) != 0 || once.IsZero() {
		t.Errorf("epoch by epoch %v, at once %v", sum, once)
	}
	// Exactly: 1000 epochs × (1,000,003 × b) Gwei / 1000 Gwei per base unit.
	b := s.BaseRewardPerIncrement(total)
	want, _ := b.MulInt64(1_000_003)
	if once.Cmp(want) != 0 {
		t.Errorf("paid %v base units, want %v", once, want)
	}
}
