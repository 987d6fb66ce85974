package token

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/swarmecon/swarmecon/sim"
)

// TargetStaking is Cosmos SDK x/mint (REFERENCES.md §7), block by block,
// in x/mint's own 18-decimal fixed point (LegacyDec):
//
//	ΔI_year = (1 − bonded/GoalBonded) · InflationRateChange
//	I       = clamp(I + ΔI_year / BlocksPerYear, InflationMin, InflationMax)
//	AnnualProvisions = I · supply
//	BlockProvision   = ⌊AnnualProvisions / BlocksPerYear⌋
//
// with bonded/supply truncated to 18 decimals (QuoInt) and Mul and Quo
// rounded half to even at 18 decimals (chopPrecisionAndRound), as in
// cosmos-sdk math. Every block of BlockTime recomputes the provision from
// the current supply, so a year at fixed I grows supply by e^I − 1.
type TargetStaking struct {
	// Parameters, as 18-decimal fixed point (value × 10^18).
	min, max, change, goal big.Int
	blocksPerYear          int64
	blockTime              sim.Time

	inflation big.Int // the minter's current inflation
	t, u      big.Int // scratch
}

var _ StateSchedule = (*TargetStaking)(nil)

// CosmosYear is x/mint's year for BlocksPerYear: 8766 hours (365.25 days).
const CosmosYear = 8766 * sim.Hour

var (
	decOne     = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	decOneSq   = new(big.Int).Mul(decOne, decOne)
	decHalf    = new(big.Int).Quo(decOne, big.NewInt(2))
	bigOneUnit = big.NewInt(1)
)

// NewTargetStaking returns x/mint with the given parameters, one block
// every blockTime (BlocksPerYear = 8766 h / blockTime, as x/mint's
// default 6,311,520 is for 5 s blocks).
func NewTargetStaking(start, min, max, change, goal float64, blockTime sim.Time) (*TargetStaking, error) {
	if blockTime <= 0 || blockTime > CosmosYear {
		return nil, fmt.Errorf("token: target-staking block time %v is outside (0, %v]", blockTime, CosmosYear)
	}
	if !(goal > 0 && goal < 1) || min > max || min < 0 || start < 0 || change < 0 {
		return nil, fmt.Errorf("token: target-staking needs 0 < goal_bonded < 1 and 0 <= inflation_min <= inflation_max")
	}
	ts := &TargetStaking{blocksPerYear: int64(CosmosYear / blockTime), blockTime: blockTime}
	for _, p := range []struct {
		v   float64
		dst *big.Int
	}{{start, &ts.inflation}, {min, &ts.min}, {max, &ts.max}, {change, &ts.change}, {goal, &ts.goal}} {
		if err := setDec(p.dst, p.v); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// setDec sets z to v's shortest decimal text at 18 decimals, as
// LegacyMustNewDecFromStr would read the parameter.
func setDec(z *big.Int, v float64) error {
	a, err := ParseAmount(strconv.FormatFloat(v, 'g', -1, 64), 18)
	if err != nil {
		return fmt.Errorf("token: target-staking parameter %v: %w", v, err)
	}
	a.Big(z)
	return nil
}

// BlocksPerYear returns x/mint's BlocksPerYear parameter.
func (ts *TargetStaking) BlocksPerYear() int64 { return ts.blocksPerYear }

// Inflation returns the minter's current inflation rate.
func (ts *TargetStaking) Inflation() float64 {
	f, _ := new(big.Rat).SetFrac(&ts.inflation, decOne).Float64()
	return f
}

// Due pays as if nothing were staked.
func (ts *TargetStaking) Due(from, to sim.Time) Amount {
	return ts.DueWith(from, to, State{})
}

// DueWith runs x/mint for every block whose time falls in (from, to].
// Bonded stays as st says during the span; Supply grows by the provisions
// when st.Mints.
func (ts *TargetStaking) DueWith(from, to sim.Time, st State) Amount {
	var total Amount
	supply := st.Supply
	for n := from/ts.blockTime + 1; n*ts.blockTime <= to; n++ {
		p := ts.Block(st.Bonded, supply)
		var ok1, ok2 = true, true
		total, ok1 = total.Add(p)
		if st.Mints {
			supply, ok2 = supply.Add(p)
		}
		if !ok1 || !ok2 || p == MaxAmount {
			return MaxAmount // the ledger refuses it as an overflow
		}
	}
	return total
}

// Block advances the minter by one block at the given bonded tokens and
// total supply, and returns the block provision in base units.
func (ts *TargetStaking) Block(bonded, supply Amount) Amount {
	if p, ok := ts.clampedBlock(bonded, supply); ok {
		return p
	}
	t, u := &ts.t, &ts.u
	// bondedRatio = LegacyNewDecFromInt(bonded).QuoInt(supply): truncated.
	if supply.Sign() > 0 {
		bonded.Big(t)
		t.Mul(t, decOne)
		t.Quo(t, supply.Big(u))
	} else {
		t.SetInt64(0)
	}
	// bondedRatio.Quo(goal): ×10^36 / goal, rounded.
	t.Mul(t, decOneSq)
	t.Quo(t, &ts.goal)
	chopRound(t, u)
	// (1 − that).Mul(change), rounded.
	t.Sub(decOne, t)
	t.Mul(t, &ts.change)
	chopRound(t, u)
	// .Quo(LegacyNewDec(blocksPerYear)), rounded.
	t.Mul(t, decOneSq)
	t.Quo(t, u.SetInt64(ts.blocksPerYear).Mul(u, decOne))
	chopRound(t, u)
	ts.inflation.Add(&ts.inflation, t)
	if ts.inflation.Cmp(&ts.max) > 0 {
		ts.inflation.Set(&ts.max)
	}
	if ts.inflation.Cmp(&ts.min) < 0 {
		ts.inflation.Set(&ts.min)
	}
	// AnnualProvisions = inflation.MulInt(supply): exact.
	t.Mul(&ts.inflation, supply.Big(u))
	// BlockProvision = AnnualProvisions.QuoInt(bpy).TruncateInt().
	t.Quo(t, u.SetInt64(ts.blocksPerYear))
	t.Quo(t, decOne)
	return saturate(t)
}

// clampedBlock is Block's fast path for the common steady state: the
// inflation sits at a bound and the bonded ratio is clearly on the side
// that pushes it further out (by 1e-9, far beyond the 18-decimal
// rounding), so the clamp keeps it where it is. The provision is then
// ⌊⌊I·supply/10^18⌋ / BlocksPerYear⌋, which equals x/mint's
// ⌊I·supply/BlocksPerYear⌋/10^18 truncated (nested floors), in 128-bit
// arithmetic. ok is false when the slow path must decide.
func (ts *TargetStaking) clampedBlock(bonded, supply Amount) (Amount, bool) {
	if supply.Sign() <= 0 || !ts.inflation.IsInt64() || !ts.goal.IsInt64() {
		return Amount{}, false
	}
	atMax := ts.inflation.Cmp(&ts.max) == 0
	atMin := ts.inflation.Cmp(&ts.min) == 0
	ratio := bonded.Float64() / supply.Float64()
	goal := float64(ts.goal.Int64()) / 1e18
	switch {
	case ts.change.Sign() == 0 && ts.inflation.Cmp(&ts.min) >= 0 && ts.inflation.Cmp(&ts.max) <= 0:
		// No rate change at all: I never moves.
	case atMax && !atMin && ratio < goal-1e-9:
	case atMin && !atMax && ratio > goal+1e-9:
	default:
		return Amount{}, false
	}
	annual, _, ok1 := supply.MulFrac(ts.inflation.Int64(), 1e18)
	p, _, ok2 := annual.QuoRem(ts.blocksPerYear)
	return p, ok1 && ok2
}

// chopRound divides d by 10^18 rounding half to even, symmetric in sign
// (cosmos-sdk math's chopPrecisionAndRound). rem is scratch.
func chopRound(d, rem *big.Int) {
	neg := d.Sign() < 0
	d.Abs(d)
	d.QuoRem(d, decOne, rem)
	switch rem.Cmp(decHalf) {
	case 1:
		d.Add(d, bigOneUnit)
	case 0:
		if d.Bit(0) == 1 {
			d.Add(d, bigOneUnit)
		}
	}
	if neg {
		d.Neg(d)
	}
}
