package token

import (
	"math"
	"math/big"

	"github.com/swarmecon/swarmecon/sim"
)

// The closed-form schedules of REFERENCES.md §12. Each is a cumulative
// amount M(t) paid by time t; Due differences it, so rounding never
// accumulates: whatever the step, the total paid by t is M(t).

// Halving pays InitialPerYear a year, halved every Every (Bitcoin style):
//
//	M(t) = 2·R0·H·(1 − 2^−k) + R0·2^−k·(t − k·H),  k = ⌊t/H⌋,  cap 2·R0·H
//
// computed exactly in integers: ⌊R0·(2H·(2^k − 1) + (t − kH)) / (1y·2^k)⌋.
type Halving struct {
	InitialPerYear Amount
	Every          sim.Time
}

var _ Schedule = Halving{}

// maxHalvings bounds k: beyond it 2^−k·R0 is far below one base unit.
const maxHalvings = 200

// Due returns M(to) − M(from) (MaxAmount when M does not fit).
func (h Halving) Due(from, to sim.Time) Amount {
	return dueBetween(h.Cumulative(from), h.Cumulative(to))
}

// dueBetween returns hi − lo for cumulative amounts 0 ≤ lo ≤ hi, or
// MaxAmount when hi is (a saturated) MaxAmount: a due the ledger must
// refuse rather than a wrong one.
func dueBetween(lo, hi Amount) Amount {
	if hi == MaxAmount {
		return MaxAmount
	}
	d, _ := hi.Sub(lo) // both in [0, MaxAmount): cannot overflow
	return d
}

// saturate returns x as an Amount, or MaxAmount when it does not fit.
func saturate(x *big.Int) Amount {
	if a, ok := AmountFromBig(x); ok {
		return a
	}
	return MaxAmount
}

// Cumulative returns M(t) in base units, rounded down.
func (h Halving) Cumulative(t sim.Time) Amount {
	if t <= 0 || h.Every <= 0 {
		return Amount{}
	}
	k := int64(t / h.Every)
	if k > maxHalvings {
		k = maxHalvings
	}
	pow := new(big.Int).Lsh(big.NewInt(1), uint(k))
	x := new(big.Int).Sub(pow, big.NewInt(1))
	x.Mul(x, big.NewInt(2*int64(h.Every)))
	x.Add(x, big.NewInt(int64(t)-k*int64(h.Every)))
	x.Mul(x, h.InitialPerYear.Big(new(big.Int)))
	x.Quo(x, pow.Mul(pow, big.NewInt(int64(sim.Year))))
	return saturate(x)
}

// ExponentialDecay pays R(t) = R0·2^(−t/h) a year:
//
//	M(t) = R0·(h/ln 2)·(1 − 2^(−t/h)),  cap R0·h/ln 2
//
// M is irrational, so it is evaluated in float64 (relative error ~1e−15)
// and floored; Due pays what M(to) exceeds the paid total by, so the total
// paid is never above M and never goes backwards.
type ExponentialDecay struct {
	InitialPerYear Amount
	HalfLife       sim.Time
	paid           Amount
}

var _ Schedule = (*ExponentialDecay)(nil)

// Due returns M(to) less what was paid so far (never negative).
func (e *ExponentialDecay) Due(_, to sim.Time) Amount {
	m := e.Cumulative(to)
	if m == MaxAmount {
		return MaxAmount
	}
	d, _ := m.Sub(e.paid) // both in [0, MaxAmount): cannot overflow
	if d.Sign() <= 0 {
		return Amount{}
	}
	e.paid = m // paid + (m − paid)
	return d
}

// Cumulative returns M(t) in base units, rounded down.
func (e *ExponentialDecay) Cumulative(t sim.Time) Amount {
	if t <= 0 || e.HalfLife <= 0 {
		return Amount{}
	}
	years := float64(e.HalfLife) / float64(sim.Year)
	m := e.InitialPerYear.Float64() * (years / math.Ln2) * -math.Expm1(-math.Ln2*float64(t)/float64(e.HalfLife))
	if a, ok := AmountFromFloat(m); ok {
		return a
	}
	return MaxAmount
}

// TablePoint is one step of a Table: PerYear from At on.
type TablePoint struct {
	At      sim.Time
	PerYear Amount
}

// Table pays a stepwise rate: Points[i].PerYear from Points[i].At until
// the next point (nothing before the first). Points are sorted by At.
// M(t) = ⌊Σ_i R_i·|[At_i, At_{i+1}) ∩ [0, t)| / 1y⌋, exactly.
type Table struct {
	Points []TablePoint
}

var _ Schedule = Table{}

// Due returns M(to) − M(from) (MaxAmount when M does not fit).
func (tb Table) Due(from, to sim.Time) Amount {
	return dueBetween(tb.Cumulative(from), tb.Cumulative(to))
}

// Cumulative returns M(t) in base units, rounded down.
func (tb Table) Cumulative(t sim.Time) Amount {
	sum, x, r := new(big.Int), new(big.Int), new(big.Int)
	for i, p := range tb.Points {
		if p.At >= t {
			break
		}
		end := t
		if i+1 < len(tb.Points) && tb.Points[i+1].At < t {
			end = tb.Points[i+1].At
		}
		p.PerYear.Big(x)
		sum.Add(sum, x.Mul(x, r.SetInt64(int64(end-p.At))))
	}
	sum.Quo(sum, r.SetInt64(int64(sim.Year)))
	return saturate(sum)
}
