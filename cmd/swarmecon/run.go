package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/plots"
	"github.com/swarmecon/swarmecon/scenarios"
)

const runUsage = "run [SCENARIO.toml|builtin-name] [--out DIR] [--seed N] [--set key=value]... [--replications N] [--quiet]"

func cmdRun(ctx context.Context, args []string, e *env) error {
	fs := newFlags("run", runUsage, e)
	out := fs.String("out", "", "output folder (default out/NAME)")
	var seed optionalUint
	fs.Var(&seed, "seed", "seed for every random stream (default: the scenario's)")
	var sets setFlags
	fs.Var(&sets, "set", "override a scenario key, key=value (repeatable)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	reps := fs.Int("replications", 1, "independent replications, each with its own seed derived from the scenario's; >1 adds stats.json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *reps < 1 {
		return usageErrorf("swarmecon run: --replications %d: must be at least 1", *reps)
	}
	if len(pos) > 1 {
		return usageErrorf("swarmecon run: one scenario at a time, got %d (%s)", len(pos), strings.Join(pos, " "))
	}
	name := "default"
	if len(pos) == 1 {
		name = pos[0]
	}
	sc, err := loadScenario(name, sets)
	if err != nil {
		return err
	}
	if seed.set {
		sc.Seed = seed.value
	}
	plan, err := plan(sc)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", sc.Name)
	}

	meta := analysis.Meta{
		Scenario: sc.Name, Description: sc.Description, SHA256: sc.SHA256,
		Version: version, File: scenarioLabel(name, sc), Seed: sc.Seed,
		Duration: sc.Duration, Sets: sc.Sets, Effective: sc.Effective(), Units: metricUnits(),
	}
	if *reps > 1 {
		return runReplicated(ctx, e, sc, *reps, dir, meta, *quiet)
	}
	rec := analysis.NewRecorder()
	bar := newProgress(e, *quiet, sc.Duration)
	err = plan.simulate(ctx, rec, runtime.GOMAXPROCS(0), bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := plots.WriteRun(dir, rec, meta); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "%s: wrote %s (report.html, report.md, summary.json, timeseries.csv, plots/)\n", sc.Name, dir)
	}
	return nil
}

// loadScenario reads a scenario file, or a built-in by name when no such
// file exists. Scenario errors are input errors (exit 2).
func loadScenario(name string, sets []string) (*scenarios.Scenario, error) {
	var sc *scenarios.Scenario
	var err error
	if _, statErr := os.Stat(name); statErr == nil || strings.HasSuffix(name, ".toml") || strings.ContainsRune(name, filepath.Separator) {
		sc, err = scenarios.LoadFile(name, sets)
	} else if isBuiltin(name) {
		sc, err = scenarios.LoadBuiltin(name, sets)
	} else {
		return nil, usageErrorf("%s: no such file or built-in scenario (built-ins: %s)", name, strings.Join(scenarios.Builtins(), ", "))
	}
	if err != nil {
		var pathErr *os.PathError
		if errors.As(err, &pathErr) {
			return nil, usageErrorf("%s: %v", name, pathErr.Err)
		}
		return nil, inputError{err}
	}
	return sc, nil
}

func isBuiltin(name string) bool {
	for _, b := range scenarios.Builtins() {
		if b == name {
			return true
		}
	}
	return false
}

func scenarioLabel(arg string, sc *scenarios.Scenario) string {
	if sc.File != "" {
		return sc.File
	}
	return "builtin:" + arg
}

// optionalUint is a uint64 flag that remembers whether it was given.
type optionalUint struct {
	value uint64
	set   bool
}

func (o *optionalUint) String() string { return fmt.Sprint(o.value) }
func (o *optionalUint) Set(s string) error {
	var v uint64
	if _, err := fmt.Sscan(s, &v); err != nil || fmt.Sprint(v) != s {
		return fmt.Errorf("%q is not an unsigned integer", s)
	}
	o.value, o.set = v, true
	return nil
}
