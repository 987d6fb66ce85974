package token

import (
	"math"
	"math/big"
	"strconv"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// dec is a plain reference of cosmos-sdk math.LegacyDec (value × 10^18 in
// a big.Int), written from its source independently of targetstaking.go:
// every operation allocates a fresh result.
type dec struct{ i *big.Int }

var refPrecision = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

func decStr(t *testing.T, s string) dec {
	a := tokens(t, s, 18)
	return dec{a.Big(new(big.Int))}
}
func decInt(n int64) dec { return dec{new(big.Int).Mul(big.NewInt(n), refPrecision)} }

// chopPrecisionAndRound: divide by 10^18, round half to even, symmetric.
func refChop(x *big.Int) *big.Int {
	if x.Sign() < 0 {
		return new(big.Int).Neg(refChop(new(big.Int).Neg(x)))
	}
	q, r := new(big.Int).QuoRem(x, refPrecision, new(big.Int))
	switch r.Cmp(new(big.Int).Quo(refPrecision, big.NewInt(2))) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}
func (d dec) add(e dec) dec { return dec{new(big.Int).Add(d.i, e.i)} }
func (d dec) sub(e dec) dec { return dec{new(big.Int).Sub(d.i, e.i)} }
func (d dec) mul(e dec) dec { return dec{refChop(new(big.Int).Mul(d.i, e.i))} }
func (d dec) quo(e dec) dec {
	x := new(big.Int).Mul(d.i, refPrecision)
	x.Mul(x, refPrecision)
	return dec{refChop(x.Quo(x, e.i))}
}
func (d dec) mulInt(n *big.Int) dec  { return dec{new(big.Int).Mul(d.i, n)} }
func (d dec) quoInt(n *big.Int) dec  { return dec{new(big.Int).Quo(d.i, n)} }
func (d dec) truncate() *big.Int     { return new(big.Int).Quo(d.i, refPrecision) }
func decFromInt(n *big.Int) dec      { return dec{new(big.Int).Mul(n, refPrecision)} }
func (d dec) cmp(e dec) int          { return d.i.Cmp(e.i) }
func (d dec) float() float64         { f, _ := new(big.Rat).SetFrac(d.i, refPrecision).Float64(); return f }
func bigOf(a Amount) *big.Int        { return a.Big(new(big.Int)) }
func refBondedRatio(b, s Amount) dec { return decFromInt(bigOf(b)).quoInt(bigOf(s)) }
func amountOf(t *testing.T, x *big.Int) Amount {
	a, ok := AmountFromBig(x)
	if !ok {
		t.Fatalf("%v does not fit", x)
	}
	return a
}

// refMinter is x/mint's Minter with NextInflationRate, NextAnnualProvisions
// and BlockProvision (cosmos-sdk x/mint/types/minter.go).
type refMinter struct {
	inflation, annual           dec
	min, max, change, goal, bpy dec
	bpyInt                      *big.Int
}

func (m *refMinter) block(bonded, supply Amount) Amount {
	ratio := refBondedRatio(bonded, supply)
	perYear := decInt(1).sub(ratio.quo(m.goal)).mul(m.change)
	next := m.inflation.add(perYear.quo(m.bpy))
	if next.cmp(m.max) > 0 {
		next = m.max
	}
	if next.cmp(m.min) < 0 {
		next = m.min
	}
	m.inflation = next
	m.annual = m.inflation.mulInt(bigOf(supply))
	return amountOf(nil, m.annual.quoInt(m.bpyInt).truncate())
}

func newRef(t *testing.T, start string, blockTime sim.Time) *refMinter {
	bpy := int64(CosmosYear / blockTime)
	return &refMinter{inflation: decStr(t, start), min: decStr(t, "0.07"), max: decStr(t, "0.2"),
		change: decStr(t, "0.13"), goal: decStr(t, "0.67"), bpy: decInt(bpy), bpyInt: big.NewInt(bpy)}
}

// Cosmos defaults (REFERENCES.md §7): BlocksPerYear 6,311,520 at 5 s;
// supply 10^15 at I = 0.13 and bonded = goal: block provision 20,597,257.
func TestTargetStakingWorkedProvision(t *testing.T) {
	ts, err := NewTargetStaking(0.13, 0.07, 0.20, 0.13, 0.67, 5*sim.Second)
	if err != nil {
		t.Fatal(err)
	}
	if ts.BlocksPerYear() != 6_311_520 {
		t.Fatalf("BlocksPerYear %d, want 6311520", ts.BlocksPerYear())
	}
	supply := FromInt64(1e15)
	bonded := FromInt64(67e13)
	if p := ts.Block(bonded, supply); p.String() != "20597257" {
		t.Errorf("block provision %v, want 20597257", p)
	}
}

// Replaying blocks at several bonded ratios and supplies, including rows
// one block from each clamp, matches the reference bit for bit: the
// provision every block and the inflation after it.
func TestTargetStakingMatchesReferenceBitExact(t *testing.T) {
	for _, c := range []struct {
		name, start string
		bonded      float64
		blocks      int
	}{
		{"below goal", "0.13", 0.5, 20_000},
		{"above goal", "0.13", 0.8, 20_000},
		{"at goal", "0.13", 0.67, 5_000},
		{"one block under the max", "0.199999995", 0.5, 3},
		{"held at the max", "0.2", 0.5, 20_000},
		{"held at the min", "0.07", 0.8, 20_000},
		{"at the max, bonded just under the goal", "0.2", 0.6699999999, 2_000},
		{"at the min, bonded at the goal", "0.07", 0.67, 2_000},
		{"one block over the min", "0.070000002", 0.8, 3},
	} {
		start, _ := strconv.ParseFloat(c.start, 64)
		ts, _ := NewTargetStaking(start, 0.07, 0.20, 0.13, 0.67, 2*sim.Second)
		ref := newRef(t, c.start, 2*sim.Second)
		supply := tokens(t, "990000000000000", 18)
		for n := 0; n < c.blocks; n++ {
			bonded, _ := AmountFromFloat(c.bonded * supply.Float64())
			got, want := ts.Block(bonded, supply), ref.block(bonded, supply)
			if got.Cmp(want) != 0 || ts.inflation.Cmp(ref.inflation.i) != 0 {
				t.Fatalf("%s, block %d: provision %v inflation %v; reference %v inflation %v",
					c.name, n, got, &ts.inflation, want, ref.inflation.i)
			}
			supply, _ = supply.Add(got)
		}
	}
}

// Bonded 0.50 from 0.13 reaches the 0.20 cap after 2.122 years (within one
// block of (0.20 − 0.13)/ΔI per block); a year at fixed inflation 0.13
// (bonded at the goal) grows supply by e^0.13 − 1 = 13.88% within 1e−6.
func TestTargetStakingCrossingAndCompounding(t *testing.T) {
	bt := 5 * sim.Second
	ts, _ := NewTargetStaking(0.13, 0.07, 0.20, 0.13, 0.67, bt)
	supply := FromInt64(1e15)
	half := FromInt64(5e14)
	ref := newRef(t, "0.13", bt)
	ref.block(half, supply)
	perBlock := ref.inflation.sub(decStr(t, "0.13")).float()
	exact := 0.07 / perBlock
	n := 0
	for ts.inflation.Cmp(&ts.max) < 0 {
		ts.Block(half, supply)
		n++
	}
	years := float64(n) / float64(ts.BlocksPerYear())
	t.Logf("cap reached after %d blocks, formula %.2f (tolerance 1 block); %.4f years, want 2.122 (tolerance 0.0005)", n, exact, years)
	if math.Abs(float64(n)-exact) > 1 {
		t.Errorf("cap reached after %d blocks, formula %.2f", n, exact)
	}
	if math.Abs(years-2.122) > 0.0005 {
		t.Errorf("cap reached after %.4f years, want 2.122", years)
	}

	bt = 30 * sim.Second
	// inflation_rate_change 0 holds I at 0.13 whatever is bonded.
	ts, _ = NewTargetStaking(0.13, 0.07, 0.20, 0, 0.67, bt)
	supply = tokens(t, "1e9", 18)
	start := supply
	var paid Amount
	for now := sim.Time(0); now < CosmosYear; now += sim.Day {
		due := ts.DueWith(now, min(now+sim.Day, CosmosYear), State{Supply: supply, Mints: true})
		paid, _ = paid.Add(due)
		supply, _ = supply.Add(due)
	}
	growth := paid.Float64() / start.Float64()
	t.Logf("one year at 13%%, compounded per block: growth %.8f, e^0.13-1 = %.8f (tolerance 1e-6)", growth, math.Expm1(0.13))
	if want := math.Expm1(0.13); math.Abs(growth-want) > 1e-6 {
		t.Errorf("one year at 13%%: supply grew %.8f, want e^0.13-1 = %.8f", growth, want)
	}
}
