package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/plots"
	"github.com/swarmecon/swarmecon/scenarios"
)

const compareUsage = "compare SCENARIO --vary key=v1,v2[,..] [--vary ...] | compare A.toml B.toml [..] [--replications N] [--out DIR] [--seed N] [--set key=value]... [--quiet]"

// variant is one scenario of a comparison or a sweep cell.
type variant struct {
	name string
	arg  string // the scenario as given: a file or a built-in
	sc   *scenarios.Scenario
}

// cmdCompare runs variants of a scenario (--vary) or several scenario
// files under common random numbers: replication k of every variant uses
// the same seed. It reports each metric per variant and the paired
// difference from the first.
func cmdCompare(ctx context.Context, args []string, e *env) error {
	fs := newFlags("compare", compareUsage, e)
	vary := gridFlags{flag: "vary"}
	fs.Var(&vary, "vary", "key=v1,v2,..: one variant per value, as --set key=v (repeatable: every combination)")
	reps := fs.Int("replications", 1, "replications per variant, paired by seed across variants")
	out := fs.String("out", "", "output folder (default out/compare-NAME)")
	var seed optionalUint
	fs.Var(&seed, "seed", "seed of the first replication of every variant (default: the first scenario's)")
	var sets setFlags
	fs.Var(&sets, "set", "override a key in every variant, key=value (repeatable)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *reps < 1 {
		return usageErrorf("swarmecon compare: --replications %d: must be at least 1", *reps)
	}
	var vs []variant
	switch {
	case len(pos) == 1 && len(vary.axes) > 0:
		vs, err = gridVariants(pos[0], sets, vary)
	case len(pos) >= 2 && len(vary.axes) == 0:
		vs, err = fileVariants(pos, sets)
	default:
		return usageErrorf("swarmecon compare: give one scenario and --vary key=v1,v2, or two or more scenario files (usage: swarmecon %s)", compareUsage)
	}
	if err != nil {
		return err
	}
	if len(vs) < 2 {
		return usageErrorf("swarmecon compare: only one variant (%s): a comparison needs two or more (give --vary at least two values)", vs[0].name)
	}
	uniqueNames(vs)
	// Common random numbers: every variant runs replication k with the
	// same seed. Variants of one scenario keep its seed (a variant that
	// changes `seed` itself gets its own); files run with the first's.
	seeds := make([]uint64, len(vs))
	for i, v := range vs {
		switch {
		case seed.set:
			seeds[i] = seed.value
		case len(vary.axes) > 0:
			seeds[i] = v.sc.Seed
		default:
			seeds[i] = vs[0].sc.Seed
		}
	}
	for i := range vs {
		if _, err := plan(vs[i].sc); err != nil {
			return fmt.Errorf("variant %s: %w", vs[i].name, err)
		}
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", "compare-"+vs[0].sc.Name)
	}

	bar := newUnitProgress(e, *quiet, *reps*len(vs), "replications")
	names := make([]string, len(vs))
	runs := make([][][]analysis.Metric, len(vs))
	pv := make([]plots.Variant, len(vs))
	for i, v := range vs {
		sc := withSeed(v.sc, seeds[i])
		res, err := replicate(ctx, sc, *reps, bar.add)
		if err != nil {
			bar.finish()
			return fmt.Errorf("variant %s: %w", v.name, err)
		}
		names[i], runs[i] = v.name, res.metrics
		pv[i] = plots.Variant{Name: v.name, Rec: res.first, Meta: metaOf(v.arg, sc)}
		if *reps > 1 {
			pv[i].Bands = analysis.Bands(res.series)
		}
	}
	bar.finish()
	cmp, err := analysis.Compare(names, runs)
	if err != nil {
		return err
	}
	if err := plots.WriteCompare(dir, cmp, pv); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if !*quiet {
		fmt.Fprintf(e.stdout, "compare %s: %d variants × %d replications: wrote %s (report.html, report.md, compare.json, plots/)\n",
			vs[0].sc.Name, len(vs), *reps, dir)
	}
	return nil
}

// uniqueNames numbers variants whose names repeat ("x=1", "x=1 #2"):
// names key the variants' curves and entries in compare.json.
func uniqueNames(vs []variant) {
	seen := map[string]int{}
	for i := range vs {
		seen[vs[i].name]++
		if n := seen[vs[i].name]; n > 1 {
			vs[i].name = fmt.Sprintf("%s #%d", vs[i].name, n)
		}
	}
}

// metaOf describes a scenario run for a report.
func metaOf(arg string, sc *scenarios.Scenario) analysis.Meta {
	return analysis.Meta{
		Scenario: sc.Name, Description: sc.Description, SHA256: sc.SHA256,
		Version: version, File: scenarioLabel(arg, sc), Seed: sc.Seed,
		Duration: sc.Duration, Sets: sc.Sets, Effective: sc.Effective(),
		Units: metricUnits(),
	}
}

// fileVariants loads each scenario file as a variant named by its
// scenario name (or, when two share one, by the argument).
func fileVariants(args []string, sets []string) ([]variant, error) {
	var vs []variant
	seen := map[string]bool{}
	for _, a := range args {
		sc, err := loadScenario(a, sets)
		if err != nil {
			return nil, err
		}
		vs = append(vs, variant{name: sc.Name, arg: a, sc: sc})
		if seen[sc.Name] {
			for i := range vs {
				vs[i].name = vs[i].arg
			}
		}
		seen[sc.Name] = true
	}
	return vs, nil
}

// gridVariants loads one variant per combination of the grid's values,
// the first key varying slowest, each as --set overrides after sets. A
// key or value the loader rejects is bad input, named by its flag.
func gridVariants(arg string, sets []string, grid gridFlags) ([]variant, error) {
	// Each key alone first, so that a bad key or value is reported once,
	// as the flag the user typed.
	for _, axis := range grid.axes {
		for _, v := range axis.values {
			if _, err := loadScenario(arg, append(sets[:len(sets):len(sets)], axis.key+"="+v)); err != nil {
				return nil, usageErrorf("--%s %s=%s: %s", grid.flag, axis.key, v, overrideMessage(err))
			}
		}
	}
	labels := axisLabels(grid)
	var vs []variant
	for _, combo := range grid.cells() {
		extra := make([]string, len(combo))
		names := make([]string, len(combo))
		for i, v := range combo {
			extra[i] = grid.axes[i].key + "=" + v
			names[i] = labels[i] + "=" + v
		}
		sc, err := loadScenario(arg, append(sets[:len(sets):len(sets)], extra...))
		if err != nil {
			return nil, usageErrorf("--%s %s: %s", grid.flag, strings.Join(extra, " "), overrideMessage(err))
		}
		vs = append(vs, variant{name: strings.Join(names, " "), arg: arg, sc: sc})
	}
	return vs, nil
}

// axisLabels names the grid's keys in variant names by their last
// segment (piece_picker=random), or in full when two would share one.
func axisLabels(grid gridFlags) []string {
	out := make([]string, len(grid.axes))
	seen := map[string]bool{}
	for i, a := range grid.axes {
		out[i] = a.key[strings.LastIndexByte(a.key, '.')+1:]
		if seen[out[i]] {
			for j, a := range grid.axes {
				out[j] = a.key
			}
			return out
		}
		seen[out[i]] = true
	}
	return out
}

// overrideMessage strips the loader's "--set:N: " position from an error
// about an override, which would point at the wrong flag.
func overrideMessage(err error) string {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if rest, ok := strings.CutPrefix(l, "--set:"); ok {
			if i := strings.Index(rest, ": "); i >= 0 {
				l = rest[i+2:]
			}
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
}
