package token

import (
	"fmt"

	"github.com/swarmecon/swarmecon/sim"
)

// Schedule is an emission policy: how many base units fall due over a
// span of simulated time. The model calls Due for consecutive spans in
// time order; a schedule that rounds carries its remainder to the next
// span, so no base unit is ever lost to rounding.
type Schedule interface {
	// Due returns the base units due over (from, to]. A due too large
	// for an Amount is returned as MaxAmount, which the model refuses as
	// an overflow (never a wrapped or silently capped payment).
	Due(from, to sim.Time) Amount
}

// State is what a schedule that depends on the chain sees when it pays:
// the total supply and what is staked, at the start of the span.
type State struct {
	Supply Amount   // total supply (genesis + minted − burned)
	Bonded Amount   // tokens staked with validators
	Stakes []Amount // each active validator's stake; nil when not known
	Mints  bool     // the schedule's payments add to Supply as they are made
}

// StateSchedule is a Schedule whose amount depends on State: the model
// calls DueWith instead of Due when a schedule implements it.
type StateSchedule interface {
	Schedule
	// DueWith returns the base units due over (from, to] in state st.
	DueWith(from, to sim.Time, st State) Amount
}

// Constant pays PerYear base units a year, spread evenly over time: by
// time t it has paid exactly ⌊PerYear × (t − From) / 1y⌋ since From (a
// rate changed during the run starts again from the time of the change).
type Constant struct {
	PerYear Amount
	From    sim.Time
}

var _ Schedule = Constant{}

// Due returns ⌊PerYear×to/1y⌋ − ⌊PerYear×from/1y⌋; differencing the exact
// cumulative amount carries every remainder forward. With PerYear =
// q·1y + r it is q·(to − from) + ⌊r·to/1y⌋ − ⌊r·from/1y⌋ (times counted
// from From), which overflows only when the due itself does, however
// large the cumulative amount: then it is MaxAmount.
func (c Constant) Due(from, to sim.Time) Amount {
	from, to = max(from, c.From)-c.From, max(to, c.From)-c.From
	if to <= from || c.PerYear.Sign() <= 0 {
		return Amount{}
	}
	q, r, _ := c.PerYear.QuoRem(int64(sim.Year)) // 1y ≠ 0: cannot fail
	due, ok := q.MulInt64(int64(to - from))
	// r < 1y < 2^45 and times < 2^63: the products fit in an Amount, and
	// each quotient is below 2^63.
	hi, _, _ := FromInt64(r).MulFrac(int64(to), int64(sim.Year))
	lo, _, _ := FromInt64(r).MulFrac(int64(from), int64(sim.Year))
	frac, _ := hi.Sub(lo)
	if due, ok2 := due.Add(frac); ok && ok2 {
		return due
	}
	return MaxAmount
}

// None pays nothing.
type None struct{}

// Due returns zero.
func (None) Due(from, to sim.Time) Amount { return Amount{} }

// Source says where an emission's tokens come from.
type Source uint8

const (
	// Mint creates new tokens: the total supply grows.
	Mint Source = iota
	// FromReserve pays out of the Reserve account: the circulating supply
	// grows and the total does not. It stops when the reserve is empty.
	FromReserve
)

// Emission is one schedule of a scenario with where it pays from and to.
type Emission struct {
	Name      string // for messages and series, e.g. "emission-1"
	Schedule  Schedule
	Source    Source
	Recipient Account
}

// pay books what e owes over (from, to] in l; from the reserve it pays at
// most what is left there.
func (e Emission) pay(l *Ledger, from, to sim.Time, st State) error {
	var due Amount
	if s, ok := e.Schedule.(StateSchedule); ok {
		st.Supply, st.Mints = l.Supply(), e.Source == Mint
		due = s.DueWith(from, to, st)
	} else {
		due = e.Schedule.Due(from, to)
	}
	if due.Sign() <= 0 {
		return nil
	}
	if due == MaxAmount {
		return fmt.Errorf("the emission due over (%v, %v] overflows the ledger's signed 128-bit base units", from, to)
	}
	if e.Source == Mint {
		return l.Mint(e.Recipient, due, FlowEmission)
	}
	if left := l.Balance(Reserve); due.Cmp(left) > 0 {
		due = left
	}
	if due.IsZero() {
		return nil
	}
	return l.Transfer(Reserve, e.Recipient, due, FlowEmission)
}
