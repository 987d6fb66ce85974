package token

import (
	"math/big"

	"github.com/swarmecon/swarmecon/sim"
)

// SqrtStaked is Ethereum's issuance (Altair; REFERENCES.md §8) with full
// participation, where an optimally performing validator earns one base
// reward per epoch:
//
//	b = Increment · BaseRewardFactor // isqrt(total staked)
//	base_reward(v) = (stake(v) // Increment) · b
//	due per epoch  = Σ_v base_reward(v)
//
// Increment is one whole token (EFFECTIVE_BALANCE_INCREMENT, 1 ETH =
// 10^9 Gwei), so the APR falls as 1/√staked.
type SqrtStaked struct {
	Increment        Amount   // base units per token
	BaseRewardFactor int64    // Ethereum: 64
	Epoch            sim.Time // Ethereum: 384 s

	x, y big.Int // scratch
}

var _ StateSchedule = (*SqrtStaked)(nil)

// Due pays nothing: without stake there is no one to reward.
func (s *SqrtStaked) Due(from, to sim.Time) Amount { return Amount{} }

// DueWith pays EpochReward for every epoch boundary in (from, to].
func (s *SqrtStaked) DueWith(from, to sim.Time, st State) Amount {
	if s.Epoch <= 0 {
		return Amount{}
	}
	epochs := int64(to/s.Epoch - from/s.Epoch)
	if epochs <= 0 {
		return Amount{}
	}
	due, _ := s.EpochReward(st.Bonded, st.Stakes).MulInt64(epochs)
	return due
}

// BaseRewardPerIncrement returns b for the given total stake.
func (s *SqrtStaked) BaseRewardPerIncrement(total Amount) Amount {
	if total.Sign() <= 0 {
		return Amount{}
	}
	total.Big(&s.x)
	s.x.Sqrt(&s.x) // isqrt: ⌊√x⌋
	s.Increment.Big(&s.y)
	s.y.Mul(&s.y, big.NewInt(s.BaseRewardFactor))
	s.y.Quo(&s.y, &s.x)
	b, _ := AmountFromBig(&s.y)
	return b
}

// EpochReward returns Σ base rewards for one epoch: b times the whole
// increments of each validator's stake (of the total when stakes is nil).
func (s *SqrtStaked) EpochReward(total Amount, stakes []Amount) Amount {
	b := s.BaseRewardPerIncrement(total)
	if b.IsZero() {
		return Amount{}
	}
	inc := s.Increment.Big(new(big.Int))
	n := new(big.Int)
	if stakes == nil {
		n.Quo(total.Big(&s.x), inc)
	} else {
		for _, v := range stakes {
			n.Add(n, s.x.Quo(v.Big(&s.x), inc))
		}
	}
	n.Mul(n, b.Big(&s.y))
	r, _ := AmountFromBig(n)
	return r
}
