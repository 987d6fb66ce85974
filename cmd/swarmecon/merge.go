package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
)

// shardFlag is --shard i/n: the deterministic slice of a sweep's units
// that one job of an array runs. Unit u belongs to shard u mod n, which
// spreads every cell over the shards.
type shardFlag struct {
	i, n int
	set  bool
}

func (s *shardFlag) String() string { return fmt.Sprintf("%d/%d", s.i, s.n) }

func (s *shardFlag) Set(v string) error {
	a, b, ok := strings.Cut(v, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return fmt.Errorf("%q is not i/n with 0 <= i < n", v)
	}
	s.i, s.n, s.set = i, n, true
	return nil
}

// resolve fills the shard from the environment of an array job when no
// --shard was given: --shards n with JOB_COMPLETION_INDEX (Kubernetes
// Indexed Jobs) or SLURM_ARRAY_TASK_ID; or, without flags, Slurm's
// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (IDs counted from
// SLURM_ARRAY_TASK_MIN). No shard at all means the whole sweep.
func (s *shardFlag) resolve(shards int, getenv func(string) string) error {
	num := func(name string) (int, bool, error) {
		v := getenv(name)
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, false, usageErrorf("swarmecon sweep: %s=%q is not a non-negative integer", name, v)
		}
		return n, true, nil
	}
	slurmMin, _, err := num("SLURM_ARRAY_TASK_MIN")
	if err != nil {
		return err
	}
	switch {
	case s.set && shards != 0:
		return usageErrorf("swarmecon sweep: give --shard i/n or --shards n, not both")
	case s.set:
		return nil
	case shards < 0:
		return usageErrorf("swarmecon sweep: --shards %d: must be at least 1", shards)
	case shards > 0:
		idx, ok, err := num("JOB_COMPLETION_INDEX")
		if err == nil && !ok {
			idx, ok, err = num("SLURM_ARRAY_TASK_ID")
			idx -= slurmMin
		}
		if err != nil {
			return err
		}
		if !ok {
			return usageErrorf("swarmecon sweep: --shards %d needs JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID; outside an array job use --shard i/n", shards)
		}
		return s.Set(fmt.Sprintf("%d/%d", idx, shards))
	}
	id, okID, err := num("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return err
	}
	count, okCount, err := num("SLURM_ARRAY_TASK_COUNT")
	if err != nil || !okID || !okCount {
		return err
	}
	if err := s.Set(fmt.Sprintf("%d/%d", id-slurmMin, count)); err != nil {
		return usageErrorf("swarmecon sweep: SLURM_ARRAY_TASK_ID %d (min %d) and SLURM_ARRAY_TASK_COUNT %d: %v", id, slurmMin, count, err)
	}
	return nil
}

// select_ keeps the units of this shard (all of them without a shard).
func (s *shardFlag) select_(units []int) []int {
	if s.n <= 1 {
		return units
	}
	var out []int
	for _, u := range units {
		if u%s.n == s.i {
			out = append(out, u)
		}
	}
	return out
}

const mergeUsage = "merge --out DIR SHARD_DIR... [--metric NAME] [--x KEY] [--quiet]"

// cmdMerge combines the folders of a sharded sweep into DIR: it checks
// that every shard ran the same sweep (identical sweep.json), copies
// their units into DIR, and writes sweep.csv and the report exactly as a
// single-process sweep would. DIR may be one of the shard folders (all
// shards wrote into one shared folder).
func cmdMerge(ctx context.Context, args []string, e *env) error {
	fs := newFlags("merge", mergeUsage, e)
	out := fs.String("out", "", "the merged sweep's folder (required)")
	metric := fs.String("metric", "", "metric drawn against a swept key (default as sweep)")
	xKey := fs.String("x", "", "swept key on the figure's x axis (default: the first --grid key)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	shardDirs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(shardDirs) == 0 {
		return usageErrorf("usage: swarmecon %s", mergeUsage)
	}
	var man []byte
	for _, d := range shardDirs {
		m, err := os.ReadFile(filepath.Join(d, "sweep.json"))
		if err != nil {
			return usageErrorf("%s: not a sweep's folder: %v", d, err)
		}
		if man != nil && !bytes.Equal(m, man) {
			return usageErrorf("%s: its sweep.json differs from %s's: the shards ran different sweeps", d, shardDirs[0])
		}
		man = m
	}
	var m manifest
	if err := json.Unmarshal(man, &m); err != nil {
		return usageErrorf("%s: sweep.json: %v", shardDirs[0], err)
	}
	grid := gridFlags{flag: "grid"}
	for _, axis := range m.Grid {
		if len(axis) < 2 {
			return usageErrorf("%s: sweep.json: a grid axis without values", shardDirs[0])
		}
		grid.axes = append(grid.axes, gridAxis{key: axis[0], values: axis[1:]})
	}
	sw, err := newSweep(m.File, m.Sets, grid, m.Replications)
	if err != nil {
		return fmt.Errorf("reloading the sweep's scenario %s: %w", m.File, err)
	}
	sw.seed, sw.seedSet, sw.dir = m.Seed, m.SeedSet, *out
	if !bytes.Equal(sw.manifest(), man) {
		return usageErrorf("%s: the scenario %s or this version of swarmecon changed since the shards ran (its sweep.json no longer matches)", shardDirs[0], m.File)
	}
	if err := sw.claim(); err != nil {
		return err
	}
	for _, d := range shardDirs {
		if err := sw.copyUnits(ctx, d); err != nil {
			return err
		}
	}
	if missing := len(sw.pending()); missing > 0 {
		return usageErrorf("%s: %d of %d units are missing: run the shards that failed again (they resume), then merge", *out, missing, len(sw.cells)*sw.reps)
	}
	if err := sw.writeReport(*metric, *xKey); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "merge %s: %d shard folders, %d cells × %d replications: wrote %s (sweep.csv, report.html, report.md, plots/)\n",
			sw.base.Name, len(shardDirs), len(sw.cells), sw.reps, sw.dir)
	}
	return nil
}

// copyUnits copies into s.dir each finished unit of the sweep folder
// from that s.dir lacks, each atomically.
func (s *sweep) copyUnits(ctx context.Context, from string) error {
	if abs1, abs2 := absPath(from), absPath(s.dir); abs1 == abs2 {
		return nil
	}
	src := &sweep{dir: from, reps: s.reps, cells: s.cells}
	for _, u := range s.pending() {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, k := s.unit(u)
		data, err := os.ReadFile(filepath.Join(src.unitDir(c, k), "summary.json"))
		if err != nil {
			continue // another shard's unit
		}
		if _, _, err := analysis.DecodeSummary(data); err != nil {
			return fmt.Errorf("%s: %w", src.unitDir(c, k), err)
		}
		err = analysis.WriteDirAtomic(s.unitDir(c, k), func(tmp string) error {
			return os.WriteFile(filepath.Join(tmp, "summary.json"), data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
