package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/schollz/progressbar/v3"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/plots"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// replicationSeed is the seed of replication k (from 0) of a scenario
// whose seed is base. Replication 0 runs with base itself, so one
// replication is the plain run; the others draw their seeds from a named
// stream of base, which keeps them independent of each other and of the
// model's own streams, and the same in every variant of a comparison
// (common random numbers).
func replicationSeed(base uint64, k int) uint64 {
	if k == 0 {
		return base
	}
	s := sim.NewStream(base, "replication", uint64(k))
	return s.Uint64()
}

// withSeed returns a copy of sc that runs with seed. Models read the
// scenario and never write it, so the copy may share its tables.
func withSeed(sc *scenarios.Scenario, seed uint64) *scenarios.Scenario {
	c := *sc
	c.Seed = seed
	return &c
}

// replicated is what a set of replications leaves: every replication's
// metrics in replication order, and the full recorder of the first, which
// feeds the figures and timeseries.csv.
type replicated struct {
	metrics [][]analysis.Metric
	first   *analysis.Recorder
	// series[k] holds replication k's samples of every series a Lines
	// figure draws, for the mean bands of a replicated run's figures.
	series []map[string][]analysis.Point
}

// replicate runs n replications of sc, replication k with seed
// replicationSeed(sc.Seed, k), several at once across the cores. Each
// replication's result depends only on its seed, and results are stored
// by replication index, so nothing depends on the core count. done is
// called (from any goroutine, serialised) after each replication.
func replicate(ctx context.Context, sc *scenarios.Scenario, n int, done func()) (*replicated, error) {
	return runUnits(ctx, n, func(ctx context.Context, k, workers int) (*analysis.Recorder, error) {
		p, err := plan(withSeed(sc, replicationSeed(sc.Seed, k)))
		if err != nil {
			return nil, err
		}
		rec := analysis.NewRecorder()
		if err := p.simulate(ctx, rec, workers, func(sim.Time) {}); err != nil {
			return nil, err
		}
		return rec, ctx.Err()
	}, done)
}

// runUnits runs unit(k) for k in [0, n) in parallel (see parallel) and
// collects the metrics of each and the recorder of unit 0.
func runUnits(ctx context.Context, n int, unit func(ctx context.Context, k, workers int) (*analysis.Recorder, error), done func()) (*replicated, error) {
	out := &replicated{metrics: make([][]analysis.Metric, n), series: make([]map[string][]analysis.Point, n)}
	var mu sync.Mutex
	err := parallel(ctx, n, func(ctx context.Context, k, workers int) error {
		rec, err := unit(ctx, k, workers)
		if err != nil {
			return err
		}
		out.metrics[k] = rec.Metrics()
		out.series[k] = figureSeries(rec)
		if k == 0 {
			out.first = rec
		}
		mu.Lock()
		defer mu.Unlock()
		if done != nil {
			done()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// figureSeries returns the samples of every series a Lines figure of rec
// draws.
func figureSeries(rec *analysis.Recorder) map[string][]analysis.Point {
	out := map[string][]analysis.Point{}
	for _, f := range rec.Figures() {
		if f.Kind != sim.Lines {
			continue
		}
		for _, s := range f.Series {
			if pts := rec.Samples(s); len(pts) > 0 {
				out[s] = pts
			}
		}
	}
	return out
}

// parallel runs unit(k) for k in [0, n) on up to GOMAXPROCS goroutines,
// in index order of starting. A unit must store its result by k, never
// by finishing order. The first failure cancels the units not yet
// started and is returned; a unit stopped by it (context.Canceled) does
// not hide it.
func parallel(ctx context.Context, n int, unit func(ctx context.Context, k, workers int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	procs := max(1, min(runtime.GOMAXPROCS(0), n))
	// Spare cores go to each unit's shards; results never depend on the
	// worker count.
	workers := max(1, runtime.GOMAXPROCS(0)/procs)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range procs {
		wg.Go(func() {
			for k := range next {
				if err := unit(ctx, k, workers); err != nil {
					errs[k] = err
					cancel()
				}
			}
		})
	}
	for k := range n {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || errors.Is(first, context.Canceled) && !errors.Is(err, context.Canceled)) {
			first = err
		}
	}
	if first != nil {
		return first
	}
	return ctx.Err()
}

// runReplicated is `run --replications N`: N replications, then the
// output folder with summary.json of means and stats.json.
func runReplicated(ctx context.Context, e *env, sc *scenarios.Scenario, n int, dir string, meta analysis.Meta, quiet bool) error {
	bar := newUnitProgress(e, quiet, n, "replications")
	res, err := replicate(ctx, sc, n, bar.add)
	bar.finish()
	if err != nil {
		return err
	}
	stats := analysis.Replications(res.metrics)
	if meta.Units == nil {
		meta.Units = metricUnits()
	}
	if err := plots.WriteReplicated(dir, res.first, stats, analysis.Bands(res.series), meta); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if !quiet {
		fmt.Fprintf(e.stdout, "%s: %d replications: wrote %s (report.html, report.md, summary.json of means, stats.json, timeseries.csv of replication 1, plots/)\n", sc.Name, n, dir)
	}
	return nil
}

// unitProgress counts finished units of work (replications, sweep cells)
// on stderr, only on a terminal and without --quiet.
type unitProgress struct {
	bar *progressbar.ProgressBar
}

func newUnitProgress(e *env, quiet bool, total int, what string) *unitProgress {
	if quiet || !e.terminal {
		return &unitProgress{}
	}
	return &unitProgress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)}
}

func (p *unitProgress) add() {
	if p.bar != nil {
		_ = p.bar.Add(1)
	}
}

func (p *unitProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
