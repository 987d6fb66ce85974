package main

import (
	"fmt"

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
		switch em.Policy {
		case "none":
			e.Schedule = token.None{}
		case "constant":
			e.Schedule = token.Constant{PerYear: em.PerYear}
		}
		if em.Source == "reserve" {
			e.Source = token.FromReserve
		}
		switch em.Recipient {
		case "treasury":
			e.Recipient = token.Treasury
		case "external":
			e.Recipient = token.External
		}
		cfg.Emissions = append(cfg.Emissions, e)
	}
	switch p := sc.Token.Price; p.Policy {
	case "constant":
		cfg.Price = token.ConstantPrice(p.USD)
	case "gbm":
		cfg.Price = token.NewGBM(p.USD, p.Drift, p.Volatility, sim.NewStream(sc.Seed, "token.price", 0))
	}
	m, err := token.NewModel(cfg, b.rec)
	if err != nil {
		return nil, err
	}
	return &part{name: "token", shards: []sim.Shard{m}, check: m.Check, finish: m.Finish}, nil
}

// requireBuiltToken refuses the token features not built yet.
func requireBuiltToken(sc *scenarios.Scenario, missing func(what, why string) error) error {
	if sc.Token.Price.Policy == "csv" {
		return missing("token.price.policy", `the "csv" price process is not built yet`)
	}
	for i, em := range sc.Token.Emission {
		key := fmt.Sprintf("token.emission[%d]", i)
		if em.Policy != "none" && em.Policy != "constant" {
			return missing(key+".policy", fmt.Sprintf("the %q schedule is not built yet", em.Policy))
		}
		if em.Recipient != "treasury" && em.Recipient != "external" && em.Policy != "none" {
			return missing(key+".recipient", fmt.Sprintf("recipient %q needs a model not built yet", em.Recipient))
		}
	}
	return nil
}
