package token

import (
	"math/big"

	"github.com/swarmecon/swarmecon/sim"
)

// SqrtStaked is Ethereum's issuance (Altair; REFERENCES.md §8) with full
// participation, where an optimally performing validator earns one base
// reward per epoch:
//
//	b = 10^9 · BaseRewardFactor // isqrt(total staked in Gwei)   (Gwei)
//	base_reward(v) = (stake(v) // 1 token) · b
//	due per epoch  = Σ_v base_reward(v)
//
// The formula is Ethereum's in Gwei (10^9 per token) whatever the
// scenario's decimals: the total is converted to Gwei before the square
// root (exactly, or floored below one Gwei as Ethereum's balances are),
// and the reward in Gwei is converted back to base units exactly, the
// remainder carried to the next payment. So the APR is ≈ 166.2/√S for S
// tokens staked at any decimals.
type SqrtStaked struct {
	Increment        Amount   // base units per token (10^decimals)
	BaseRewardFactor int64    // Ethereum: 64
	Epoch            sim.Time // Ethereum: 384 s

	carry big.Int // Gwei × Increment not yet paid, below 10^9 (one base unit)
	x, y  big.Int // scratch
}

// gweiPerToken is Ethereum's EFFECTIVE_BALANCE_INCREMENT in Gwei.
var gweiPerToken = big.NewInt(1e9)

var _ StateSchedule = (*SqrtStaked)(nil)

// Due pays nothing: without stake there is no one to reward.
func (s *SqrtStaked) Due(from, to sim.Time) Amount { return Amount{} }

// DueWith pays EpochReward for every epoch boundary in (from, to], in
// base units; what falls below one base unit is carried to the next call.
func (s *SqrtStaked) DueWith(from, to sim.Time, st State) Amount {
	if s.Epoch <= 0 || s.Increment.Sign() <= 0 {
		return Amount{}
	}
	epochs := int64(to/s.Epoch - from/s.Epoch)
	if epochs <= 0 {
		return Amount{}
	}
	gwei := s.EpochRewardGwei(st.Bonded, st.Stakes)
	gwei.Mul(gwei, big.NewInt(epochs))
	// base units = (gwei × Increment + carry) / 10^9, the remainder carried.
	gwei.Mul(gwei, s.Increment.Big(&s.x))
	gwei.Add(gwei, &s.carry)
	gwei.QuoRem(gwei, gweiPerToken, &s.carry)
	due, ok := AmountFromBig(gwei)
	if !ok {
		// Beyond 2^127 base units in one payment: the ledger cannot hold
		// it; pay the most it can so that the mint fails loudly.
		return MaxAmount
	}
	return due
}

// gwei returns an amount of base units in Gwei, floored (exact when the
// decimals are 9 or fewer).
func (s *SqrtStaked) gwei(z *big.Int, a Amount) *big.Int {
	a.Big(z)
	z.Mul(z, gweiPerToken)
	return z.Quo(z, s.Increment.Big(&s.y))
}

// BaseRewardPerIncrement returns b in Gwei for the given total stake (in
// base units).
func (s *SqrtStaked) BaseRewardPerIncrement(total Amount) Amount {
	// b ≤ 10^9 · BaseRewardFactor < 2^127.
	b, _ := AmountFromBig(s.baseReward(new(big.Int), total))
	return b
}

func (s *SqrtStaked) baseReward(z *big.Int, total Amount) *big.Int {
	if total.Sign() <= 0 || s.Increment.Sign() <= 0 {
		return z.SetInt64(0)
	}
	s.gwei(&s.x, total)
	s.x.Sqrt(&s.x) // isqrt: ⌊√x⌋
	if s.x.Sign() == 0 {
		return z.SetInt64(0)
	}
	z.Mul(gweiPerToken, big.NewInt(s.BaseRewardFactor))
	return z.Quo(z, &s.x)
}

// EpochRewardGwei returns Σ base rewards for one epoch in Gwei: b times
// the whole tokens of each validator's stake (of the total when stakes is
// nil).
func (s *SqrtStaked) EpochRewardGwei(total Amount, stakes []Amount) *big.Int {
	b := s.baseReward(new(big.Int), total)
	n := new(big.Int)
	if b.Sign() == 0 {
		return n
	}
	inc := s.Increment.Big(new(big.Int))
	if stakes == nil {
		n.Quo(total.Big(&s.x), inc)
	} else {
		for _, v := range stakes {
			n.Add(n, s.x.Quo(v.Big(&s.x), inc))
		}
	}
	return n.Mul(n, b)
}

// EpochReward returns Σ base rewards for one epoch in base units, floored
// (DueWith carries what this drops).
func (s *SqrtStaked) EpochReward(total Amount, stakes []Amount) Amount {
	n := s.EpochRewardGwei(total, stakes)
	n.Mul(n, s.Increment.Big(&s.x))
	n.Quo(n, gweiPerToken)
	return saturate(n)
}
