package chain

import (
	"fmt"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// RewardScheme says how validators earn.
type RewardScheme uint8

const (
	// EpochRewards pays what the Stakers account and fee pool hold every
	// reward epoch, by stake among the validators online.
	EpochRewards RewardScheme = iota
	// CheckpointRewards pays BTTC checkpoint rewards.
	CheckpointRewards
)

// Behaviour is how stakers react to rewards.
type Behaviour uint8

const (
	// Fixed keeps the staked ratio where it started: stakers restake just
	// enough of their rewards to hold it, and take the rest liquid.
	Fixed Behaviour = iota
	// YieldSeeking moves the staked ratio r each epoch by
	// Δr = Elasticity × (APR − OpportunityAPR) × r(1−r) × epoch/1y:
	// rewards are restaked as far as r grows, stake unbonds as it falls.
	YieldSeeking
)

// Params are what governance may change while the chain runs.
type Params struct {
	Commission       float64      // mean commission: each validator's is drawn uniformly in [0, 2×mean], at most 1
	DowntimeSlash    float64      // share of stake slashed for an offline epoch
	DoubleSignSlash  float64      // share of stake slashed for a double sign
	Slashing         bool         // off: nobody is slashed or jailed
	ProposerBonus    float64      // share of a checkpoint reward to its proposer
	CheckpointReward token.Amount // base units per 1024 blocks, all signing
	OpportunityAPR   float64      // yield elsewhere (yield-seeking)
	Elasticity       float64      // response to the yield gap (yield-seeking)
}

// Config is everything the chain needs from a scenario.
type Config struct {
	Validators, Delegators int
	InitialStakedRatio     float64 // share of supply bonded at t=0
	BlockTime              sim.Time
	RewardEpoch            sim.Time
	Unbonding              sim.Time
	Uptime                 sim.Dist // per validator, share of epochs or checkpoints signed
	MaxValidators          int      // active set cap; 0 = none
	HeadcountQuorum        bool     // checkpoints: ⌊2n/3⌋+1 signers, not 2/3 of stake
	Rewards                RewardScheme
	CheckpointInterval     sim.Time
	CheckpointMint         bool // checkpoint rewards minted rather than paid from the reserve
	Behaviour              Behaviour
	Delegation             Delegation
	// DoubleSignPerYear is each validator's rate of double signing
	// (Poisson); an assumption of the model, not a scenario key.
	DoubleSignPerYear float64
	// Support is the chance that a voting validator approves a proposal;
	// an assumption of the model, not a scenario key.
	Support   float64
	Proposals []Proposal
	// Route names the shard of the model that applies a proposal's key
	// when the chain does not (IsRuntimeKey false); that shard receives an
	// EffectProposalPassed. Nil: every key must be the chain's.
	Route       func(key string) (shard int, ok bool)
	Params      Params
	Seed        uint64
	SampleEvery sim.Time
	Duration    sim.Time
	Decimals    int
	Symbol      string
	// GiniLimit: the Gini of balances is sampled over time only up to this
	// many holders (it sorts them all); the summary always has it.
	GiniLimit int
}

// Proposal changes Key to Value at At if the stake-weighted vote passes:
// voters hold at least Quorum of the bonded stake and at least Threshold
// of their stake approves.
type Proposal struct {
	At                sim.Time
	Key, Value        string
	Quorum, Threshold float64
}

func (c *Config) validate() error {
	switch {
	case c.Validators < 1 || c.Delegators < 0:
		return fmt.Errorf("chain: %d validators and %d delegators: want at least one validator", c.Validators, c.Delegators)
	case c.InitialStakedRatio < 0 || c.InitialStakedRatio > 1:
		return fmt.Errorf("chain: initial staked ratio %v is outside [0, 1]", c.InitialStakedRatio)
	case c.BlockTime <= 0 || c.RewardEpoch <= 0 || c.Unbonding < 0 || c.SampleEvery <= 0:
		return fmt.Errorf("chain: block time, reward epoch and sample interval must be positive, unbonding not negative")
	case c.Rewards == CheckpointRewards && c.CheckpointInterval < c.BlockTime:
		return fmt.Errorf("chain: checkpoint interval %v is shorter than a block", c.CheckpointInterval)
	case c.Uptime.Validate() != nil:
		return fmt.Errorf("chain: uptime: %w", c.Uptime.Validate())
	}
	return checkShares(c.Params)
}

func checkShares(p Params) error {
	for _, s := range []struct {
		name string
		v    float64
	}{{"commission", p.Commission}, {"downtime_slash", p.DowntimeSlash}, {"double_sign_slash", p.DoubleSignSlash}, {"proposer_bonus", p.ProposerBonus}} {
		if !(s.v >= 0 && s.v <= 1) {
			return fmt.Errorf("chain: %s %v is outside [0, 1]", s.name, s.v)
		}
	}
	if p.CheckpointReward.Sign() < 0 || p.OpportunityAPR < 0 || p.Elasticity < 0 {
		return fmt.Errorf("chain: checkpoint reward, opportunity APR and elasticity must not be negative")
	}
	return nil
}

// ppb turns a share into parts per billion, for exact integer splits.
func ppb(share float64) int64 {
	if share <= 0 {
		return 0
	}
	if share >= 1 {
		return 1e9
	}
	return int64(share*1e9 + 0.5)
}
