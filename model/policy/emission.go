package policy

import (
	"fmt"
	"math"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// KindEmission is the kind of emission schedules.
const KindEmission = "emission"

// EmissionParams are every emission parameter a scenario can give; each
// schedule reads its own.
type EmissionParams struct {
	PerYear, InitialPerYear       token.Amount // base units a year
	HalvingEvery, HalfLife, Epoch sim.Time
	InflationStart, InflationMin  float64
	InflationMax, InflationChange float64
	GoalBonded, BaseRewardFactor  float64
	Points                        []token.TablePoint
	BlockTime                     sim.Time // the chain's, for per-block schedules
	Decimals                      int      // base units per token = 10^Decimals
}

// EmissionFactory builds a schedule from its parameters.
type EmissionFactory func(p EmissionParams) (token.Schedule, error)

// Emission builds the schedule registered as name.
func Emission(name string, p EmissionParams) (token.Schedule, error) {
	e, err := Lookup(KindEmission, name)
	if err != nil {
		return nil, err
	}
	f, ok := e.Factory.(EmissionFactory)
	if !ok {
		return nil, fmt.Errorf("policy: emission %q has a factory of type %T, want EmissionFactory", name, e.Factory)
	}
	return f(p)
}

func init() {
	reg := func(name, short, long string, params []Param, f EmissionFactory) {
		Register(Entry{Kind: KindEmission, Name: name, Short: short, Long: long, Params: params, Factory: f})
	}
	reg("none", "pays nothing", "For scenarios whose tokens come only from genesis.", nil,
		func(EmissionParams) (token.Schedule, error) { return token.None{}, nil })
	reg("constant", "a fixed number of tokens a year",
		"M(t) = per_year × t, paid exactly to the base unit. Choose it for a flat reward budget or a linear airdrop.",
		[]Param{{"per_year", "0", "tokens a year"}},
		func(p EmissionParams) (token.Schedule, error) { return token.Constant{PerYear: p.PerYear}, nil })
	reg("halving", "a rate halved every period (Bitcoin)",
		"M(t) = 2·R0·H·(1 − 2^−k) + R0·2^−k·(t − kH), k = ⌊t/H⌋, capped at 2·R0·H; exact in integers.",
		[]Param{{"initial_per_year", "required", "tokens a year at t=0"}, {"halving_every", "4y", "time between halvings"}},
		func(p EmissionParams) (token.Schedule, error) {
			return token.Halving{InitialPerYear: p.InitialPerYear, Every: p.HalvingEvery}, nil
		})
	reg("exponential-decay", "a rate decaying smoothly with a half-life",
		"R(t) = R0·2^(−t/h), M(t) = R0·(h/ln 2)·(1 − 2^(−t/h)), capped at 1.4427·R0·h.",
		[]Param{{"initial_per_year", "required", "tokens a year at t=0"}, {"half_life", "4y", "time for the rate to halve"}},
		func(p EmissionParams) (token.Schedule, error) {
			return &token.ExponentialDecay{InitialPerYear: p.InitialPerYear, HalfLife: p.HalfLife}, nil
		})
	reg("table", "a stepwise rate from a table",
		"Pays points[i] tokens a year from its time until the next point, nothing before the first; exact.",
		[]Param{{"points", "required", `[["0d", 1e9], ["365d", 5e8]]`}},
		func(p EmissionParams) (token.Schedule, error) { return token.Table{Points: p.Points}, nil })
	reg("target-staking", "Cosmos x/mint: inflation steers the staked ratio to a goal",
		"Each block: I += (1 − bonded/goal_bonded)·inflation_rate_change/blocks_per_year, clamped to [min, max]; "+
			"mints ⌊I·supply/blocks_per_year⌋, bit-exact with x/mint's 18-decimal arithmetic. Blocks are chain.block_time apart.",
		[]Param{{"inflation_start", "0.13", ""}, {"inflation_min", "0.07", ""}, {"inflation_max", "0.20", ""},
			{"inflation_rate_change", "0.13", "largest yearly change"}, {"goal_bonded", "0.67", "in (0, 1)"}},
		func(p EmissionParams) (token.Schedule, error) {
			return token.NewTargetStaking(p.InflationStart, p.InflationMin, p.InflationMax, p.InflationChange, p.GoalBonded, p.BlockTime)
		})
	reg("sqrt-staked", "Ethereum: issuance grows as the square root of the stake",
		"Each epoch: Σ_v ⌊stake_v / 1 token⌋ · ⌊10^9 · base_reward_factor / isqrt(total staked in Gwei)⌋ Gwei, as Ethereum counts in Gwei (10^9 per token) at any decimals; APR ≈ 166.2/√(tokens staked).",
		[]Param{{"base_reward_factor", "64", "Ethereum's BASE_REWARD_FACTOR"}, {"epoch", "384s", "reward period"}},
		func(p EmissionParams) (token.Schedule, error) {
			return &token.SqrtStaked{Increment: token.Pow10(p.Decimals),
				BaseRewardFactor: int64(math.Round(p.BaseRewardFactor)), Epoch: p.Epoch}, nil
		})
}
