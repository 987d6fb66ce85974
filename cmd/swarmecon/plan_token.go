package main

import (
	"fmt"

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
		e := token.Emission{Name: fmt.Sprintf("token.emission[%d]", i)}
		sched, err := schedule(sc, em)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name, err)
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

// requireBuiltToken refuses the token features not built yet, and
// emissions to stakers without a chain to pay them.
func requireBuiltToken(sc *scenarios.Scenario, missing func(what, why string) error) error {
	for i, em := range sc.Token.Emission {
		key := fmt.Sprintf("token.emission[%d]", i)
		if em.Policy == "none" {
			continue
		}
		if em.Recipient == "hosts" && !sc.Storage.Enabled {
			return missing(key+".recipient", `recipient "hosts" needs storage.enabled = true`)
		}
		if em.Recipient == "hosts" {
			return missing(key+".recipient", `recipient "hosts" needs the storage model, not built yet`)
		}
		if em.Recipient == "stakers" && !sc.Chain.Enabled {
			return missing(key+".recipient", `recipient "stakers" needs chain.enabled = true`)
		}
	}
	return nil
}
