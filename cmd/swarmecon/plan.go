package main

import (
	"context"
	"fmt"

	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// part is one model of a run, built from the scenario: the shards it runs
// on the kernel, a check at every epoch barrier and a last step after the
// horizon (for summary metrics).
type part struct {
	name   string
	shards []sim.Shard
	check  func(epoch int64) error // may be nil
	finish func() error            // may be nil
}

// build is what a part builder sees: the scenario, the recorder, and the
// parts built before it (the token part comes first, so that the others
// can settle on its ledger), with the shard index the next shard gets.
type build struct {
	sc        *scenarios.Scenario
	rec       sim.Recorder
	parts     []*part
	nextShard int
}

// partBuilders build the parts of a run in order. Each returns nil when
// the scenario does not use its model. The token part is always first.
var partBuilders = []func(b *build) (*part, error){
	buildToken,
	buildChain,
	buildSwarm,
}

// runPlan is a scenario checked against what this version can run.
type runPlan struct {
	sc *scenarios.Scenario
}

// plan refuses, before the run, a scenario that asks for a model not
// built yet, rather than run it with that part missing.
func plan(sc *scenarios.Scenario) (*runPlan, error) {
	if err := requireBuilt(sc); err != nil {
		return nil, err
	}
	return &runPlan{sc: sc}, nil
}

// requireBuilt names the first part of sc whose model is not built yet.
func requireBuilt(sc *scenarios.Scenario) error {
	missing := func(what, why string) error {
		return inputError{sc.Errorf(what, why, "this version runs the token ledger with its emission schedules and price processes, the chain with governance, and the swarms")}
	}
	switch {
	case sc.Market.Enabled:
		return missing("market.enabled", "the market model is not built yet")
	case sc.Storage.Enabled:
		return missing("storage.enabled", "the storage model is not built yet")
	}
	if err := requireBuiltSwarm(sc); err != nil {
		return err
	}
	if err := requireBuiltChain(sc, missing); err != nil {
		return err
	}
	return requireBuiltToken(sc, missing)
}

func scenarioName(sc *scenarios.Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return "builtin:" + sc.Name
}

// simulate builds the parts and runs them to the scenario's horizon on the
// kernel, calling progress with the simulated time at every barrier. It
// stops early, with ctx's error, when ctx is cancelled. workers only sets
// how many shards advance at once; results do not depend on it.
func (p *runPlan) simulate(ctx context.Context, rec sim.Recorder, workers int, progress func(sim.Time)) error {
	b := &build{sc: p.sc, rec: rec}
	var shards []sim.Shard
	for _, builder := range partBuilders {
		pt, err := builder(b)
		if err != nil {
			return err
		}
		if pt == nil {
			continue
		}
		b.parts = append(b.parts, pt)
		shards = append(shards, pt.shards...)
		b.nextShard += len(pt.shards)
	}
	epochs := int64(0)
	barrier := func(t sim.Time) error {
		for _, pt := range b.parts {
			if pt.check == nil {
				continue
			}
			if err := pt.check(epochs); err != nil {
				return fmt.Errorf("%s: %w", pt.name, err)
			}
		}
		epochs++
		progress(t)
		return ctx.Err()
	}
	if err := sim.RunContext(ctx, shards, p.sc.SampleEvery, p.sc.Duration, workers, barrier); err != nil {
		return err
	}
	for _, pt := range b.parts {
		if pt.finish == nil {
			continue
		}
		if err := pt.finish(); err != nil {
			return fmt.Errorf("%s: %w", pt.name, err)
		}
	}
	return nil
}
