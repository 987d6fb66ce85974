package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/swarmecon/swarmecon/model/policy"
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// emissionStep is how often emission schedules pay. Constant schedules pay
// their exact cumulative amount at any step, so it only sets how smooth
// the booked flows are between samples.
const emissionStep = sim.Hour

// buildToken builds the ledger and its emission schedules: the first part
// of every run.
func buildToken(b *build) (*part, error) {
	sc := b.sc
	cfg := token.Config{
		Symbol: sc.Token.Symbol, Decimals: sc.Token.Decimals,
		Genesis: sc.Token.GenesisSupply, Reserve: sc.Token.Reserve,
		Step: emissionStep, SampleEvery: sc.SampleEvery, Duration: sc.Duration,
	}
	for i, em := range sc.Token.Emission {
		e := token.Emission{Name: sc.ElemPath("token.emission", i)}
		sched, err := schedule(sc, em)
		if err != nil {
			return nil, inputError{sc.Errorf(e.Name+".policy", err.Error(), "")}
		}
		e.Schedule = sched
		if em.Source == "reserve" {
			e.Source = token.FromReserve
		}
		switch em.Recipient {
		case "treasury":
			e.Recipient = token.Treasury
		case "external":
			e.Recipient = token.External
		case "stakers":
			e.Recipient = token.Stakers
		}
		cfg.Emissions = append(cfg.Emissions, e)
	}
	switch p := sc.Token.Price; p.Policy {
	case "constant":
		cfg.Price = token.ConstantPrice(p.USD)
	case "gbm":
		cfg.Price = token.NewGBM(p.USD, p.Drift, p.Volatility, sim.NewStream(sc.Seed, "token.price", 0))
	case "csv":
		data, err := sc.ReadData(p.Path)
		if err != nil {
			return nil, err
		}
		path, err := token.ParsePriceCSV(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Path, err)
		}
		cfg.Price = path
	}
	m, err := token.NewModel(cfg, b.rec)
	if err != nil {
		return nil, err
	}
	return &part{name: "token", shards: []sim.Shard{m}, check: m.Check, finish: m.Finish}, nil
}

// schedule builds one emission schedule from its scenario table, by the
// policy registry.
func schedule(sc *scenarios.Scenario, em scenarios.Emission) (token.Schedule, error) {
	points := make([]token.TablePoint, len(em.Points))
	for i, p := range em.Points {
		points[i] = token.TablePoint{At: p.At, PerYear: p.PerYear}
	}
	return policy.Emission(em.Policy, policy.EmissionParams{
		PerYear: em.PerYear, InitialPerYear: em.InitialPerYear,
		HalvingEvery: em.HalvingEvery, HalfLife: em.HalfLife, Epoch: em.Epoch,
		InflationStart: em.InflationStart, InflationMin: em.InflationMin, InflationMax: em.InflationMax,
		InflationChange: em.InflationRateChange, GoalBonded: em.GoalBonded, BaseRewardFactor: em.BaseRewardFactor,
		Points: points, BlockTime: sc.Chain.BlockTime, Decimals: sc.Token.Decimals,
	})
}

// requireBuiltToken refuses emissions to recipients that no built model
// pays, and a scenario whose supply could outgrow the ledger's 128-bit
// base units during the run.
func requireBuiltToken(sc *scenarios.Scenario, _ func(what, why string) error) error {
	for i, em := range sc.Token.Emission {
		key := sc.ElemPath("token.emission", i) + ".recipient"
		if em.Policy == "none" {
			continue
		}
		if em.Recipient == "hosts" {
			return inputError{sc.Errorf(key, `"hosts" are paid by the storage model, which this version does not run`,
				"treasury, external, or stakers with chain.enabled = true")}
		}
		if em.Recipient == "stakers" && !sc.Chain.Enabled {
			return inputError{sc.Errorf(key, `"stakers" needs a chain to pay them`,
				"chain.enabled = true, or recipient treasury or external")}
		}
	}
	return checkSupplyFits(sc)
}

// checkSupplyFits refuses, before the run, a scenario whose genesis supply
// plus the most its minting schedules can create over the run does not fit
// in the ledger's signed 128-bit base units. The bound is in float64 (it
// only has to be an upper bound); what it misses still stops the run with
// an error naming the flow.
func checkSupplyFits(sc *scenarios.Scenario) error {
	t := sc.Token
	unit := math.Pow(10, float64(t.Decimals))
	years := sc.Duration.Seconds() / sim.Year.Seconds()
	bound := t.GenesisSupply.Float64()
	growth := 0.0 // Σ max inflation of target-staking schedules
	sqrt := 0.0   // Σ of sqrt-staked issuance factors: tokens/yr per √token
	for i, em := range t.Emission {
		if em.Source == "reserve" {
			continue // pays out of genesis: the supply does not grow
		}
		switch em.Policy {
		case "constant":
			bound += math.Max(em.PerYear.Float64(), proposedRate(sc, i)) * years
		case "halving", "exponential-decay":
			bound += em.InitialPerYear.Float64() * years // the rate only falls
		case "table":
			top := 0.0
			for _, p := range em.Points {
				top = math.Max(top, p.PerYear.Float64())
			}
			bound += top * years
		case "target-staking":
			growth += em.InflationMax
		case "sqrt-staked":
			// 10^9·factor/isqrt(S·10^9) Gwei per token per epoch, ≤ 1 more
			// than the float value; S ≥ 1 token whenever anything is paid.
			epochs := sim.Year.Seconds() / math.Max(em.Epoch.Seconds(), 1e-6)
			sqrt += (em.BaseRewardFactor*math.Sqrt(1e9) + 1) * epochs / 1e9
		}
	}
	if c := sc.Chain; c.Enabled && c.Rewards == "checkpoint" && c.CheckpointSource == "mint" && c.BlockTime > 0 {
		blocks := sc.Duration.Seconds() / c.BlockTime.Seconds()
		bound += c.CheckpointReward.Float64() * (blocks + 1) / 1024
	}
	bound *= math.Exp(growth * years * 1.001)
	if sqrt > 0 { // dS/dt ≤ k·√S: √S grows by at most k·years/2
		root := math.Sqrt(bound/unit) + sqrt*years/2
		bound = root * root * unit
	}
	if bound < token.MaxAmount.Float64() {
		return nil
	}
	limit := token.MaxAmount.Text(t.Decimals)
	if dot := strings.IndexByte(limit, '.'); dot >= 0 {
		limit = limit[:dot]
	}
	return inputError{sc.Errorf("token.genesis_supply",
		fmt.Sprintf("%s plus what emissions and checkpoint rewards can mint over %s (up to %.4g tokens in all) overflows the ledger's signed 128-bit base units",
			t.GenesisSupply.Text(t.Decimals), scenarios.FormatDuration(sc.Duration), bound/unit),
		fmt.Sprintf("a supply of at most %s tokens at %d decimals: lower the supply, the rates, the duration or token.decimals", limit, t.Decimals))}
}

// proposedRate returns the largest per_year (base units) that governance
// proposals may set on constant emission i, or 0.
func proposedRate(sc *scenarios.Scenario, i int) float64 {
	top := 0.0
	for _, p := range sc.Governance.Proposals {
		if p.Set != fmt.Sprintf("token.emission.%d.per_year", i) && !(i == 0 && p.Set == "token.emission.per_year") {
			continue
		}
		a, err := token.ParseAmount(strings.Trim(strings.ReplaceAll(strings.TrimSpace(p.To), "_", ""), `"`), sc.Token.Decimals)
		if err == nil {
			top = math.Max(top, a.Float64())
		}
	}
	return top
}
