package chain

import (
	"math/rand/v2"
	"slices"
)

// Delegation is how a delegator picks its validator at genesis.
type Delegation uint8

const (
	// StakeWeighted picks a validator with probability proportional to its
	// self stake: delegators follow the big names.
	StakeWeighted Delegation = iota
	// YieldSeekingChoice draws two validators at random and takes the one
	// paying more: (1 − commission) × uptime, ties to the lower index. It
	// is the cheap "power of two choices" form of seeking yield.
	YieldSeekingChoice
	// Random picks uniformly.
	Random
)

// picker chooses validators for delegators.
type picker struct {
	policy Delegation
	cum    []float64 // cumulative self stake, for StakeWeighted
	yield  []float64 // (1 − commission) × uptime, for YieldSeekingChoice
}

func newPicker(policy Delegation, vals []validator) *picker {
	p := &picker{policy: policy, cum: make([]float64, len(vals)), yield: make([]float64, len(vals))}
	var sum float64
	for i := range vals {
		sum += vals[i].selfWeight
		p.cum[i] = sum
		p.yield[i] = (1 - vals[i].commission) * vals[i].uptime
	}
	return p
}

func (p *picker) pick(s *rand.Rand) int {
	n := len(p.cum)
	switch p.policy {
	case StakeWeighted:
		x := s.Float64() * p.cum[n-1]
		i, _ := slices.BinarySearch(p.cum, x)
		return min(i, n-1)
	case YieldSeekingChoice:
		a, b := s.IntN(n), s.IntN(n)
		if p.yield[b] > p.yield[a] || p.yield[b] == p.yield[a] && b < a {
			return b
		}
		return a
	}
	return s.IntN(n)
}
