package main

import (
	"context"
	"fmt"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// runPlan is a scenario turned into configured models, ready to simulate.
type runPlan struct {
	sc    *scenarios.Scenario
	token token.Config
}

// emissionStep is how often emission schedules pay. Constant schedules pay
// their exact cumulative amount at any step, so it only sets how smooth
// the booked flows are between samples.
const emissionStep = sim.Hour

// plan checks that every model the scenario uses is built in this version
// and configures them. A scenario that asks for a model not built yet is
// refused before the run, rather than run with that part missing.
func plan(sc *scenarios.Scenario) (*runPlan, error) {
	if err := requireBuilt(sc); err != nil {
		return nil, err
	}
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
	switch sc.Token.Price.Policy {
	case "constant":
		cfg.Price = token.ConstantPrice(sc.Token.Price.USD)
	case "gbm":
		p := sc.Token.Price
		cfg.Price = token.NewGBM(p.USD, p.Drift, p.Volatility, sim.NewStream(sc.Seed, "token.price", 0))
	}
	return &runPlan{sc: sc, token: cfg}, nil
}

// requireBuilt names the first part of sc whose model is not built yet.
func requireBuilt(sc *scenarios.Scenario) error {
	missing := func(what, why string) error {
		return usageErrorf("%s: %s: %s (this version runs the token ledger with emission policies none and constant paid to the treasury or external holders, and constant or gbm prices)", scenarioName(sc), what, why)
	}
	switch {
	case len(sc.Torrents) > 0:
		return missing("torrent", "the swarm model is not built yet")
	case sc.Catalogue != nil:
		return missing("catalogue", "the swarm model is not built yet")
	case sc.Market.Enabled:
		return missing("market.enabled", "the market model is not built yet")
	case sc.Storage.Enabled:
		return missing("storage.enabled", "the storage model is not built yet")
	case sc.Chain.Enabled:
		return missing("chain.enabled", "the chain model is not built yet")
	case len(sc.Governance.Proposals) > 0:
		return missing("governance.proposal", "governance needs the chain model, not built yet")
	case sc.Token.Price.Policy == "csv":
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

func scenarioName(sc *scenarios.Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return "builtin:" + sc.Name
}

// simulate runs the plan to the scenario's horizon on the kernel, calling
// progress with the simulated time at every barrier. It stops early, with
// ctx's error, when ctx is cancelled. workers only sets how many shards
// advance at once; results do not depend on it.
func (p *runPlan) simulate(ctx context.Context, rec sim.Recorder, workers int, progress func(sim.Time)) error {
	m, err := token.NewModel(p.token, rec)
	if err != nil {
		return err
	}
	epochs := int64(0)
	barrier := func(t sim.Time) error {
		if err := m.Check(epochs); err != nil {
			return err
		}
		epochs++
		progress(t)
		return ctx.Err()
	}
	if err := sim.Run([]sim.Shard{m}, p.sc.SampleEvery, p.sc.Duration, workers, barrier); err != nil {
		return err
	}
	return m.Finish()
}
