package main

import (
	"fmt"
	"strings"

	"github.com/swarmecon/swarmecon/model/chain"
	"github.com/swarmecon/swarmecon/model/policy"
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/scenarios"
)

// Assumptions of the chain model that are not scenario keys.
const (
	doubleSignPerYear = 0.01 // each validator's double signs a year
	voteSupport       = 0.75 // chance that a voting validator approves
	giniSeriesLimit   = 100_000
)

// buildChain builds the chain on the token part's ledger. The chain runs
// inside the token shard, as the ledger's settlement layer, so it adds no
// shard of its own.
func buildChain(b *build) (*part, error) {
	sc := b.sc
	if !sc.Chain.Enabled {
		return nil, nil
	}
	tok := tokenModel(b)
	if tok == nil {
		return nil, fmt.Errorf("chain: no token part to settle on")
	}
	c := sc.Chain
	cfg := chain.Config{
		Validators: c.Validators, Delegators: c.Delegators, InitialStakedRatio: c.InitialStakedRatio,
		BlockTime: c.BlockTime, RewardEpoch: c.RewardEpoch, Unbonding: c.Unbonding, Uptime: c.Uptime,
		MaxValidators: c.MaxValidators, HeadcountQuorum: c.Quorum == "headcount",
		CheckpointInterval: c.CheckpointInterval, CheckpointMint: c.CheckpointSource == "mint",
		DoubleSignPerYear: doubleSignPerYear, Support: voteSupport,
		Params: chain.Params{
			Commission: c.Commission, DowntimeSlash: c.DowntimeSlash, DoubleSignSlash: c.DoubleSignSlash,
			Slashing: c.Slashing, ProposerBonus: c.ProposerBonus, CheckpointReward: c.CheckpointReward,
			OpportunityAPR: c.Staking.OpportunityAPR, Elasticity: c.Staking.Elasticity,
		},
		Seed: sc.Seed, SampleEvery: sc.SampleEvery, Duration: sc.Duration,
		Decimals: sc.Token.Decimals, Symbol: sc.Token.Symbol, GiniLimit: giniSeriesLimit,
	}
	d, err := policy.Delegation(c.Delegation)
	if err != nil {
		return nil, err
	}
	cfg.Delegation = d
	if c.Rewards == "checkpoint" {
		cfg.Rewards = chain.CheckpointRewards
	}
	if c.Staking.Behaviour == "yield-seeking" {
		cfg.Behaviour = chain.YieldSeeking
	}
	for _, p := range sc.Governance.Proposals {
		cfg.Proposals = append(cfg.Proposals, chain.Proposal{At: p.At, Key: p.Set, Value: p.To, Quorum: p.Quorum, Threshold: p.Threshold})
	}
	cfg.Route = func(key string) (int, bool) { return governingShard(b, key) }
	m, err := chain.New(cfg, tok, b.rec)
	if err != nil {
		return nil, err
	}
	return &part{name: "chain", check: m.Check, finish: m.Finish}, nil
}

// tokenModel returns the token part's model.
func tokenModel(b *build) *token.Model {
	for _, pt := range b.parts {
		for _, s := range pt.shards {
			if m, ok := s.(*token.Model); ok {
				return m
			}
		}
	}
	return nil
}

// governedBy lists the models, other than the chain and the token, that
// apply governance changes to their own keys while running: a key under
// prefix goes, as a chain.EffectProposalPassed, to the first shard of the
// part named part, when enabled says the scenario runs that model. A model
// adds itself here when it handles that effect in its Apply.
var governedBy []struct {
	prefix, part string
	enabled      func(sc *scenarios.Scenario) bool
}

// governingShard returns the shard that applies key, once all parts are
// built (it runs at vote time).
func governingShard(b *build, key string) (int, bool) {
	for _, g := range governedBy {
		if !strings.HasPrefix(key, g.prefix) || !g.enabled(b.sc) {
			continue
		}
		first := 0
		for _, pt := range b.parts {
			if pt.name == g.part && len(pt.shards) > 0 {
				return first, true
			}
			first += len(pt.shards)
		}
	}
	return 0, false
}

// requireBuiltChain refuses governance without a chain to vote, and
// proposals for parameters that no built model applies while running.
func requireBuiltChain(sc *scenarios.Scenario, _ func(what, why string) error) error {
	if c := sc.Chain; c.Enabled && c.Rewards == "checkpoint" && c.CheckpointInterval < c.BlockTime {
		return inputError{sc.Errorf("chain.checkpoint_interval", scenarios.FormatDuration(c.CheckpointInterval)+" is shorter than a block",
			"at least chain.block_time = "+scenarios.FormatDuration(c.BlockTime))}
	}
	for i, p := range sc.Governance.Proposals {
		key := sc.ElemPath("governance.proposal", i)
		if !sc.Chain.Enabled {
			return inputError{sc.Errorf(key, "governance votes on the chain, which the scenario does not run", "chain.enabled = true")}
		}
		if p.At > sc.Duration {
			return inputError{sc.Errorf(key+".at", scenarios.FormatDuration(p.At)+" is after the run ends", "at most duration "+scenarios.FormatDuration(sc.Duration))}
		}
		if chain.IsRuntimeKey(p.Set) {
			continue
		}
		governed := false
		for _, g := range governedBy {
			governed = governed || strings.HasPrefix(p.Set, g.prefix) && g.enabled(sc)
		}
		if !governed {
			return inputError{sc.Errorf(key+".set", fmt.Sprintf("no model this version runs applies %s during a run", p.Set),
				"governance can change "+chain.RuntimeKeys)}
		}
	}
	return nil
}
