package token

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// Random flows between random accounts never create or destroy tokens:
// after every flow, Σ balances == genesis + minted − burned (DESIGN.md,
// Conservation). Failed flows (overdrafts) must leave the ledger unchanged.
func TestLedgerRandomFlowsConserve(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := sim.NewStream(seed, "ledger-property", 0)
		genesis, _ := ParseAmount("990000000000000", 18)
		reserve, _ := ParseAmount("100000000000000", 18)
		l, err := NewLedger(genesis, reserve)
		if err != nil {
			t.Fatal(err)
		}
		l.Open(10)
		n := len(l.balances)
		for i := 0; i < 2000; i++ {
			from, to := Account(rng.IntN(n)), Account(rng.IntN(n))
			// Amounts span 1 base unit to ~10^33, so overdrafts happen often.
			amt := FromInt64(int64(rng.Uint64N(1 << 62)))
			amt, _ = amt.MulInt64(int64(rng.Uint64N(1 << 52)))
			kind := FlowKind(rng.IntN(int(flowKinds)))
			before := *l
			before.balances = append([]Amount(nil), l.balances...)
			var err error
			switch rng.IntN(3) {
			case 0:
				err = l.Mint(to, amt, kind)
			case 1:
				err = l.Burn(from, amt, kind)
			default:
				err = l.Transfer(from, to, amt, kind)
			}
			if err != nil {
				for a := range l.balances {
					if l.balances[a] != before.balances[a] {
						t.Fatalf("seed %d flow %d: failed flow changed %s: %v", seed, i, l.Name(Account(a)), err)
					}
				}
			}
			if e := l.ConservationError(); !e.IsZero() {
				t.Fatalf("seed %d flow %d: conservation error %v", seed, i, e)
			}
			for a, b := range l.balances {
				if b.Sign() < 0 {
					t.Fatalf("seed %d flow %d: %s went negative: %v", seed, i, l.Name(Account(a)), b)
				}
			}
		}
	}
}

// A deliberate corruption is caught by Check with the epoch and the flow.
func TestLedgerCheckNamesEpochAndFlow(t *testing.T) {
	l, _ := NewLedger(FromInt64(1000), FromInt64(100))
	if err := l.Transfer(Reserve, Treasury, FromInt64(10), FlowFee); err != nil {
		t.Fatal(err)
	}
	l.balances[Treasury], _ = l.balances[Treasury].Add(FromInt64(1))
	err := l.Check(42)
	if err == nil {
		t.Fatal("Check passed on a corrupted ledger")
	}
	for _, want := range []string{"epoch 42", "fee"} {
		if !contains(err.Error(), want) {
			t.Errorf("Check error %q does not name %q", err, want)
		}
	}
}

func TestLedgerRejectsBadGenesis(t *testing.T) {
	if _, err := NewLedger(FromInt64(10), FromInt64(11)); err == nil {
		t.Error("reserve above genesis accepted")
	}
	l, _ := NewLedger(FromInt64(10), FromInt64(0))
	if err := l.Transfer(External, Treasury, FromInt64(-1), FlowFee); err == nil {
		t.Error("negative transfer accepted")
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
