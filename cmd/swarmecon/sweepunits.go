package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// A sweep's units: cell × replication, each run alone and written to its
// own folder, so that a sweep resumes by skipping finished units.

// unitDir is the folder of cell c, replication k.
func (s *sweep) unitDir(c, k int) string {
	return filepath.Join(s.dir, "units", fmt.Sprintf("cell-%04d", c), fmt.Sprintf("rep-%03d", k))
}

// unit is one cell × replication; index = cell*reps + replication.
func (s *sweep) unit(i int) (cell, rep int) { return i / s.reps, i % s.reps }

// pending lists the units without a summary.json, in index order.
func (s *sweep) pending() []int { return s.units(false) }

// finished lists the units with a summary.json, in index order.
func (s *sweep) finished() []int { return s.units(true) }

func (s *sweep) units(done bool) []int {
	var out []int
	for i := range len(s.cells) * s.reps {
		c, k := s.unit(i)
		if _, err := os.Stat(filepath.Join(s.unitDir(c, k), "summary.json")); (err == nil) == done {
			out = append(out, i)
		}
	}
	return out
}

// afterUnit, when set (by tests), is called after each unit is written.
var afterUnit func()

// unitResult is one unit's run, not yet written.
type unitResult struct {
	unit    int
	metrics []analysis.Metric
	summary []byte // summary.json
}

// runUnit runs unit i with the given number of workers.
func (s *sweep) runUnit(ctx context.Context, i, workers int) (*unitResult, error) {
	c, k := s.unit(i)
	base := s.cells[c].sc.Seed
	if s.seedSet {
		base = s.seed
	}
	sc := withSeed(s.cells[c].sc, replicationSeed(base, k))
	p, err := plan(sc)
	if err != nil {
		return nil, err
	}
	rec := analysis.NewRecorder()
	if err := p.simulate(ctx, rec, workers, func(sim.Time) {}); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ms := rec.Metrics()
	data, err := analysis.EncodeSummary(ms, analysis.Meta{
		Scenario: sc.Name, SHA256: sc.SHA256, Seed: sc.Seed, Version: version})
	if err != nil {
		return nil, err
	}
	return &unitResult{unit: i, metrics: ms, summary: data}, nil
}

// writeUnit writes a unit's folder (summary.json) atomically.
func (s *sweep) writeUnit(u *unitResult) error {
	c, k := s.unit(u.unit)
	return analysis.WriteDirAtomic(s.unitDir(c, k), func(tmp string) error {
		return os.WriteFile(filepath.Join(tmp, "summary.json"), u.summary, 0o644)
	})
}

// runUnits runs the given units in parallel; each writes its folder
// (summary.json) atomically when it finishes, and only then.
func (s *sweep) runUnits(ctx context.Context, units []int, done func()) error {
	var mu sync.Mutex
	return parallel(ctx, len(units), func(ctx context.Context, j, workers int) error {
		u, err := s.runUnit(ctx, units[j], workers)
		if err != nil {
			return err
		}
		if err := s.writeUnit(u); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		done()
		if afterUnit != nil {
			afterUnit()
		}
		return nil
	})
}

// checkMetric refuses a --metric the sweep does not produce, before
// anything is written. The metric names come from a finished unit when
// one exists (a resumed sweep), else from running the first pending unit
// in memory, which is returned to be written. Both are nil when there is
// nothing to run and nothing finished (an empty shard).
func (s *sweep) checkMetric(ctx context.Context, metric string, pending []int) (*unitResult, error) {
	var names []string
	var probe *unitResult
	if done := s.finished(); len(done) > 0 {
		c, k := s.unit(done[0])
		data, err := os.ReadFile(filepath.Join(s.unitDir(c, k), "summary.json"))
		if err != nil {
			return nil, err
		}
		ms, _, err := analysis.DecodeSummary(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.unitDir(c, k), err)
		}
		for _, m := range ms {
			names = append(names, m.Name)
		}
	} else if len(pending) > 0 {
		u, err := s.runUnit(ctx, pending[0], runtime.GOMAXPROCS(0))
		if err != nil {
			return nil, err
		}
		probe = u
		for _, m := range u.metrics {
			names = append(names, m.Name)
		}
	} else {
		return nil, nil
	}
	slices.Sort(names)
	if !containsString(names, metric) {
		return nil, usageErrorf("swarmecon sweep: --metric %s: unknown metric: the sweep does not produce it (it produces %s); nothing was written",
			metric, strings.Join(nearNames(metric, names), ", "))
	}
	return probe, nil
}
