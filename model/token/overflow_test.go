package token

import (
	"math/big"
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// A mint that would take the total supply past 2^127 − 1 base units is
// refused with an error naming the flow, rather than wrapping the supply
// to a negative number; minting and burning back and forth near the limit
// keeps the supply exact.
func TestLedgerRefusesSupplyOverflow(t *testing.T) {
	genesis, _ := MaxAmount.Sub(FromInt64(10))
	l, err := NewLedger(genesis, Amount{})
	if err != nil {
		t.Fatal(err)
	}
	err = l.Mint(Treasury, FromInt64(11), FlowEmission)
	if err == nil || !strings.Contains(err.Error(), "emission") || !strings.Contains(err.Error(), "overflows") {
		t.Fatalf("minting past the limit: error %v, want an overflow naming the emission flow", err)
	}
	if l.Supply().Cmp(genesis) != 0 || !l.Balance(Treasury).IsZero() {
		t.Fatalf("a refused mint changed the ledger: supply %v, treasury %v", l.Supply(), l.Balance(Treasury))
	}
	for i := 0; i < 3; i++ {
		if err := l.Mint(Treasury, FromInt64(10), FlowEmission); err != nil {
			t.Fatal(err)
		}
		if err := l.Burn(Treasury, FromInt64(10), FlowBurn); err != nil {
			t.Fatal(err)
		}
	}
	if l.Supply().Cmp(genesis) != 0 || l.Check(0) != nil {
		t.Errorf("after mint/burn cycles at the limit: supply %v, want %v; check %v", l.Supply(), genesis, l.Check(0))
	}
}

// Constant.Due overflows only when the due itself does: near the 128-bit
// limit a year's rate pays exactly over a span whose cumulative amount
// does not fit, and a due that does not fit is MaxAmount (refused by the
// model), never a panic.
func TestConstantNearTheLimit(t *testing.T) {
	c := Constant{PerYear: MaxAmount}
	got := c.Due(sim.Year+sim.Year/2, 2*sim.Year)
	max := MaxAmount.Big(new(big.Int))
	// ⌊2·M⌋ − ⌊1.5·M⌋, M = 2^127 − 1: the cumulative amounts pass 2^127.
	want := new(big.Int).Mul(max, big.NewInt(2))
	want.Sub(want, new(big.Int).Quo(new(big.Int).Mul(max, big.NewInt(3)), big.NewInt(2)))
	if got.String() != want.String() {
		t.Errorf("half a year at MaxAmount a year, from 1.5y: %v, want %v", got, want)
	}
	if d := c.Due(0, 2*sim.Year); d != MaxAmount {
		t.Errorf("two years at MaxAmount a year: %v, want MaxAmount (an overflow)", d)
	}
	// Exactness against math/big for a rate that is not a multiple of 1y.
	r, _ := ParseAmount("123456789012345678901234567.89", 11)
	c = Constant{PerYear: r, From: 5 * sim.Day}
	for _, span := range [][2]sim.Time{{0, sim.Day}, {0, 6 * sim.Day}, {6 * sim.Day, sim.Year + 7}, {sim.Year + 7, 3 * sim.Year}} {
		cum := func(t sim.Time) *big.Int {
			if t <= c.From {
				return new(big.Int)
			}
			x := new(big.Int).Mul(r.Big(new(big.Int)), big.NewInt(int64(t-c.From)))
			return x.Quo(x, big.NewInt(int64(sim.Year)))
		}
		want := new(big.Int).Sub(cum(span[1]), cum(span[0]))
		if got := c.Due(span[0], span[1]); got.String() != want.String() {
			t.Errorf("Due(%v, %v) = %v, want %v", span[0], span[1], got, want)
		}
	}
}

// A run whose schedules would mint past the limit stops with an error
// naming the emission, and never panics.
func TestModelStopsOnOverflow(t *testing.T) {
	genesis, _ := ParseAmount("170000000000000000000", 18)
	perYear, _ := ParseAmount("1e18", 18)
	huge := MaxAmount
	for name, sched := range map[string]Schedule{
		"constant":          Constant{PerYear: perYear},
		"constant-at-limit": Constant{PerYear: huge},
		"halving":           Halving{InitialPerYear: huge, Every: sim.Year},
		"table":             Table{Points: []TablePoint{{0, huge}}},
		"exponential-decay": &ExponentialDecay{InitialPerYear: huge, HalfLife: sim.Year},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &memRecorder{metrics: map[string]float64{}}
			m, err := NewModel(Config{Decimals: 18, Genesis: genesis, Step: sim.Day, SampleEvery: 30 * sim.Day, Duration: 4 * sim.Year,
				Emissions: []Emission{{Name: "token.emission.0", Schedule: sched, Recipient: Treasury}}}, rec)
			if err != nil {
				t.Fatal(err)
			}
			err = func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("panic: %v", p)
					}
				}()
				return m.Advance(4*sim.Year, nil)
			}()
			if err == nil || !strings.Contains(err.Error(), "token.emission.0") || !strings.Contains(err.Error(), "overflows") {
				t.Fatalf("error %v, want an overflow naming token.emission.0", err)
			}
			if m.Ledger().Supply().Sign() < 0 || m.Check(0) != nil {
				t.Errorf("supply %v, check %v after the refused mint", m.Ledger().Supply(), m.Check(0))
			}
		})
	}
}
