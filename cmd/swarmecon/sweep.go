package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/plots"
	"github.com/swarmecon/swarmecon/scenarios"
)

const sweepUsage = "sweep SCENARIO --grid key=v1,v2,.. [--grid key=from:to:step].. [--replications N] [--out DIR] [--metric NAME] [--x KEY] [--shard i/n | --shards n] [--seed N] [--set key=value]... [--quiet]"

// cmdSweep runs every cell of a grid times every replication, each pair
// a unit of work with its own folder under DIR/units, then summarises
// the cells in DIR/sweep.csv and a report. Finished units are kept: a
// sweep run again with the same parameters skips them, so an interrupted
// sweep resumes where it stopped.
func cmdSweep(ctx context.Context, args []string, e *env) error {
	fs := newFlags("sweep", sweepUsage, e)
	grid := gridFlags{flag: "grid"}
	fs.Var(&grid, "grid", "key=v1,v2,.. or key=from:to:step: a swept key (repeatable: every combination)")
	reps := fs.Int("replications", 1, "replications per cell, seeded alike in every cell")
	out := fs.String("out", "", "output folder (default out/sweep-NAME); run again to resume")
	metric := fs.String("metric", "", "metric drawn against a swept key (default: the first key metric produced)")
	xKey := fs.String("x", "", "swept key on the figure's x axis (default: the first --grid key)")
	var seed optionalUint
	fs.Var(&seed, "seed", "seed of replication 1 (default: the scenario's)")
	var sets setFlags
	fs.Var(&sets, "set", "override a key in every cell, key=value (repeatable)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	var sh shardFlag
	fs.Var(&sh, "shard", "i/n: run only shard i (0-based) of n, for swarmecon merge to combine (default from SLURM_ARRAY_TASK_ID/COUNT)")
	shards := fs.Int("shards", 0, "n: run shard JOB_COMPLETION_INDEX (Kubernetes Indexed Job) of n")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("usage: swarmecon %s", sweepUsage)
	}
	if err := sh.resolve(*shards, os.Getenv); err != nil {
		return err
	}
	if len(grid.axes) == 0 {
		return usageErrorf("swarmecon sweep: empty grid: give at least one --grid key=v1,v2,..")
	}
	if *reps < 1 {
		return usageErrorf("swarmecon sweep: --replications %d: must be at least 1", *reps)
	}
	if *xKey != "" && !slices.ContainsFunc(grid.axes, func(a gridAxis) bool { return a.key == *xKey }) {
		return usageErrorf("swarmecon sweep: --x %s: not a swept key (give it a --grid)", *xKey)
	}
	sw, err := newSweep(pos[0], sets, grid, *reps)
	if err != nil {
		return err
	}
	if seed.set {
		sw.seed, sw.seedSet = seed.value, true
	}
	if *out != "" {
		sw.dir = *out
	}
	fresh, err := sw.claimable()
	if err != nil {
		return err
	}
	pending := sh.select_(sw.pending())
	// --metric is checked against a run of this sweep before anything is
	// written: the metrics a scenario produces are known only from a run
	// (torrent names, proposals, the models it uses). The probe is a unit
	// the sweep needs anyway, written once the folder is claimed.
	var probe *unitResult
	if *metric != "" {
		if probe, err = sw.checkMetric(ctx, *metric, pending); err != nil {
			return err
		}
	}
	if fresh {
		if err := sw.claim(); err != nil {
			return err
		}
	}
	bar := newUnitProgress(e, *quiet, len(pending), "sweep units")
	if probe != nil {
		if err := sw.writeUnit(probe); err != nil {
			bar.finish()
			return err
		}
		bar.add()
		if afterUnit != nil {
			afterUnit()
		}
		pending = pending[1:]
	}
	err = sw.runUnits(ctx, pending, bar.add)
	bar.finish()
	if errors.Is(err, context.Canceled) {
		return interruptedError{kept: fmt.Sprintf("%d of %d units finished and kept in %s; run the same command again to resume",
			len(sw.finished()), len(sw.cells)*sw.reps, sw.dir)}
	}
	if err != nil {
		return err
	}
	if sh.n > 1 {
		if !*quiet {
			fmt.Fprintf(e.stdout, "sweep %s: shard %d/%d: %d units run into %s; combine the shards with: swarmecon merge --out DIR SHARD_DIR...\n",
				sw.base.Name, sh.i, sh.n, len(pending), sw.dir)
		}
		return nil
	}
	if err := sw.writeReport(*metric, *xKey); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "sweep %s: %d cells × %d replications (%d run now): wrote %s (sweep.csv, report.html, report.md, plots/)\n",
			sw.base.Name, len(sw.cells), sw.reps, len(pending), sw.dir)
	}
	return nil
}

// sweep is a grid of cells × replications over one base scenario.
type sweep struct {
	arg   string
	sets  []string
	base  *scenarios.Scenario
	grid  gridFlags
	cells []variant
	reps  int
	// seed is the base scenario's seed, or --seed's when seedSet. Without
	// --seed each cell runs from its own scenario's seed, which is the
	// base's unless the grid sweeps `seed` itself: cells share their
	// replications' seeds (common random numbers).
	seed    uint64
	seedSet bool
	dir     string
}

// newSweep validates every cell before anything runs.
func newSweep(arg string, sets []string, grid gridFlags, reps int) (*sweep, error) {
	base, err := loadScenario(arg, sets)
	if err != nil {
		return nil, err
	}
	cells, err := gridVariants(arg, sets, grid)
	if err != nil {
		return nil, err
	}
	for _, c := range cells {
		if _, err := plan(c.sc); err != nil {
			return nil, fmt.Errorf("cell %s: %w", c.name, err)
		}
	}
	return &sweep{arg: arg, sets: sets, base: base, grid: grid, cells: cells, reps: reps, seed: base.Seed,
		dir: filepath.Join("out", "sweep-"+base.Name)}, nil
}

// manifest is DIR/sweep.json: what the units in DIR were run with. A
// sweep resumes only into a folder whose manifest matches its own.
type manifest struct {
	File         string     `json:"file"` // the scenario as given, reloaded by merge
	Sets         []string   `json:"sets"`
	Scenario     string     `json:"scenario"`
	SHA256       string     `json:"scenario_sha256"`
	Seed         uint64     `json:"seed"`
	SeedSet      bool       `json:"seed_override"` // --seed replaced every cell's seed
	Replications int        `json:"replications"`
	Grid         [][]string `json:"grid"` // each axis: key, then its values
	Version      string     `json:"version"`
}

func (s *sweep) manifest() []byte {
	m := manifest{File: s.arg, Sets: s.sets, Scenario: s.base.Name, SHA256: s.base.SHA256, Seed: s.seed, SeedSet: s.seedSet, Replications: s.reps, Version: version}
	for _, a := range s.grid.axes {
		m.Grid = append(m.Grid, append([]string{a.key}, a.values...))
	}
	b, _ := json.MarshalIndent(m, "", "  ") // plain data: cannot fail
	return append(b, '\n')
}

// claimable checks that DIR may be this sweep's folder: a new or empty
// folder (fresh: it gets the manifest once the sweep starts), or one
// holding the same manifest, which is resumed. Anything else is refused,
// so a sweep never mixes units run with other parameters.
func (s *sweep) claimable() (fresh bool, err error) {
	path := filepath.Join(s.dir, "sweep.json")
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Equal(old, s.manifest()):
		return false, nil
	case err == nil:
		return false, usageErrorf("%s: holds a sweep with other parameters (scenario, seed, grid, replications or version differ; see its sweep.json); choose another --out or remove it", s.dir)
	case !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if !emptyDir(s.dir) {
		return false, usageErrorf("%s: exists and is not a sweep's folder (no sweep.json); choose a new or empty folder", s.dir)
	}
	return true, nil
}

// claim makes DIR this sweep's folder now (see claimable).
func (s *sweep) claim() error {
	fresh, err := s.claimable()
	if err != nil || !fresh {
		return err
	}
	return analysis.WriteFileAtomic(filepath.Join(s.dir, "sweep.json"), s.manifest())
}

// writeReport summarises every cell's replications of metric and writes
// the sweep's report into its folder.
func (s *sweep) writeReport(metric, xKey string) error {
	res, err := s.summarise(metric, xKey)
	if err != nil {
		return err
	}
	if err := plots.WriteSweep(s.dir, res); err != nil {
		return fmt.Errorf("writing %s: %w", s.dir, err)
	}
	return nil
}

// summarise reads every unit back, in order, and summarises each cell.
func (s *sweep) summarise(metric, xKey string) (*plots.Sweep, error) {
	res := &plots.Sweep{Meta: metaOf(s.arg, s.base), Replications: s.reps}
	res.Meta.Seed = s.seed
	res.X = -1
	for i, a := range s.grid.axes {
		res.Keys = append(res.Keys, a.key)
		if a.key == xKey {
			res.X = i
		}
	}
	switch {
	case xKey == "":
		res.X = 0
	case res.X < 0:
		return nil, usageErrorf("--x %s: not a swept key (swept: %s)", xKey, strings.Join(res.Keys, ", "))
	}
	values := s.grid.cells()
	for c := range s.cells {
		runs := make([][]analysis.Metric, s.reps)
		for k := range s.reps {
			data, err := os.ReadFile(filepath.Join(s.unitDir(c, k), "summary.json"))
			if err != nil {
				return nil, err
			}
			if runs[k], _, err = analysis.DecodeSummary(data); err != nil {
				return nil, fmt.Errorf("%s: %w", s.unitDir(c, k), err)
			}
		}
		res.Cells = append(res.Cells, analysis.SweepCell{Values: values[c], Stats: analysis.Replications(runs)})
	}
	names := analysis.SweepMetrics(res.Cells)
	switch {
	case metric == "":
		res.Metric = defaultMetric(names)
	case !containsString(names, metric):
		return nil, usageErrorf("--metric %s: unknown metric: the sweep does not produce it (it produces %s); the units are kept, so run again with another --metric",
			metric, strings.Join(nearNames(metric, names), ", "))
	default:
		res.Metric = metric
	}
	res.Unit = res.Meta.UnitOf(res.Metric)
	return res, nil
}

// metricUnits maps the built models' documented metric names to their
// units, for reports (analysis.Meta.UnitOf matches NAME and N segments).
func metricUnits() map[string]string {
	out := map[string]string{}
	for _, list := range metricLists {
		for _, m := range list() {
			out[m.Name] = m.Unit
		}
	}
	return out
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// defaultMetric is the metric a sweep draws without --metric: the first
// of a short list that matters most, else the first metric.
func defaultMetric(names []string) string {
	for _, want := range []string{"swarm.all.download_time_s.p50", "swarm.*.download_time_s.p50", "market.paid_share",
		"storage.objects_lost", "chain.apr.mean", "token.inflation.annualized"} {
		prefix, suffix, wild := strings.Cut(want, "*")
		for _, n := range names {
			if n == want || wild && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
				return n
			}
		}
	}
	if len(names) > 0 {
		return names[0]
	}
	return ""
}

// emptyDir reports whether dir is missing or holds only dot-files (the
// temporary files of a concurrent shard claiming the same folder).
func emptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			return false
		}
	}
	return true
}
