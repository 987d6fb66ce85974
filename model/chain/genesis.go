package chain

import (
	"math"

	"github.com/swarmecon/swarmecon/model/token"
)

// genesisStake bonds InitialStakedRatio of the supply (at most what the
// External holders have): a fifth to validators' self stakes, the rest to
// delegators (all to validators when there are none), each split by
// lognormal weights. What the floors leave stays with External.
func (m *Model) genesisStake() error {
	l := m.ledger
	// Shares in [0, 1] of the supply and their parts: they fit (doc.go).
	total, _, _ := l.Supply().MulFrac(ppb(m.cfg.InitialStakedRatio), 1e9)
	if ext := l.Balance(token.External); total.Cmp(ext) > 0 {
		total = ext
	}
	n := len(m.stake)
	weights := make([]float64, n)
	v := len(m.vals)
	selfShare := 1.0
	if n > v {
		selfShare = 0.2
	}
	for i := range weights {
		if i < v {
			weights[i] = m.vals[i].selfWeight
		} else {
			weights[i] = math.Exp(1.5 * m.rng.NormFloat64())
		}
	}
	split := func(amount token.Amount, from, to int) {
		var sum float64
		for i := from; i < to; i++ {
			sum += weights[i]
		}
		units := make([]int64, to-from)
		var w int64
		for i := from; i < to; i++ {
			units[i-from] = int64(weights[i] / sum * (1 << 50))
			w += units[i-from]
		}
		for i := from; i < to && w > 0; i++ {
			m.stake[i], _, _ = amount.MulFrac(units[i-from], w)
		}
	}
	self, _, _ := total.MulFrac(ppb(selfShare), 1e9)
	rest, _ := total.Sub(self)
	split(self, 0, v)
	if n > v {
		split(rest, v, n)
	}
	for s, vi := range m.stakerVal {
		val := &m.vals[vi]
		val.stake, _ = val.stake.Add(m.stake[s])
	}
	for i := range m.vals {
		if err := l.Transfer(token.External, m.vals[i].pool, m.vals[i].stake, token.FlowStake); err != nil {
			return err
		}
		m.bonded, _ = m.bonded.Add(m.vals[i].stake)
	}
	return nil
}

// groupByValidator renumbers the stakers so that each validator's are
// contiguous, its operator first: paying a validator's stakers then walks
// memory in order, which is most of the cost of an epoch with 10^6 of
// them. Only stakes exist yet; the liquid accounts are all empty.
func (m *Model) groupByValidator() {
	n := len(m.stake)
	stake := make([]token.Amount, n)
	backing := make([]int32, n)
	next := int32(0)
	for vi := range m.vals {
		v := &m.vals[vi]
		members := backing[next : next+int32(len(v.members))]
		for k, old := range v.members { // in old order: the operator first
			stake[next+int32(k)] = m.stake[old]
			m.stakerVal[next+int32(k)] = int32(vi)
			members[k] = next + int32(k)
		}
		v.operator = next
		v.members = members
		next += int32(len(members))
	}
	m.stake = stake
}
