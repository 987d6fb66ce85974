package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

const checkUsage = "check SCENARIO [--baseline summary.json [--tolerance 5%] [--force]] [--junit FILE] [--replications N] [--seed N] [--set key=value]..."

// cmdCheck runs a scenario and gates on it: every [[expect]] must hold
// and, with a baseline, no metric may move by more than the tolerance.
// Failures exit 1; a bad expectation or baseline exits 2.
func cmdCheck(ctx context.Context, args []string, e *env) error {
	fs := newFlags("check", checkUsage, e)
	baseline := fs.String("baseline", "", "summary.json of an earlier run to compare every metric with")
	var tol tolerance = 0.05
	fs.Var(&tol, "tolerance", "largest allowed relative move from the baseline, as 5% or 0.05")
	force := fs.Bool("force", false, "compare with a baseline from another scenario (hash mismatch)")
	junit := fs.String("junit", "", "also write the checks as JUnit XML to FILE")
	var seed optionalUint
	fs.Var(&seed, "seed", "seed for every random stream (default: the scenario's)")
	var sets setFlags
	fs.Var(&sets, "set", "override a scenario key, key=value (repeatable)")
	reps := fs.Int("replications", 1, "check the means over N replications (compare with a baseline of run --replications N)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *reps < 1 {
		return usageErrorf("swarmecon check: --replications %d: must be at least 1", *reps)
	}
	if len(pos) != 1 {
		return usageErrorf("usage: swarmecon %s", checkUsage)
	}
	if *baseline == "" && flagGiven(fs, "tolerance") {
		return usageErrorf("swarmecon check: --tolerance %s applies to a --baseline, and none was given", tol.String())
	}
	sc, err := loadScenario(pos[0], sets)
	if err != nil {
		return err
	}
	if seed.set {
		sc.Seed = seed.value
	}
	var base []analysis.Metric
	if *baseline != "" {
		if base, err = readBaseline(*baseline, sc, *force); err != nil {
			return err
		}
	}
	metrics, err := checkRun(ctx, sc, *reps)
	if err != nil {
		return err
	}
	values := map[string]float64{}
	for _, m := range metrics {
		values[m.Name] = m.Value
	}
	if err := knownMetrics(sc, values); err != nil {
		return err
	}
	checks := analysis.Evaluate(expectations(sc), values)
	checks = append(checks, invariants(sc, values)...)
	if len(checks) == 0 && base == nil {
		return usageErrorf("%s: nothing to check: the scenario has no [[expect]], the run no invariant metric, and no --baseline was given", scenarioName(sc))
	}
	if base != nil {
		checks = append(checks, analysis.Regressions(base, values, float64(tol))...)
	}
	printChecks(e.stdout, checks)
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		annotate(e.stdout, scenarioName(sc), checks)
	}
	if *junit != "" {
		x, err := analysis.EncodeJUnit("swarmecon check "+sc.Name, checks)
		if err != nil {
			return err
		}
		if err := analysis.WriteFileAtomic(*junit, x); err != nil {
			return fmt.Errorf("writing %s: %w", *junit, err)
		}
	}
	if n := analysis.Failed(checks); n > 0 {
		return expectError{failed: n, what: failedSummary(checks)}
	}
	return nil
}

// failedSummary says how many checks failed, and of which kind, so that
// a baseline regression is not reported as a failed expectation.
func failedSummary(checks []analysis.Check) string {
	kinds := []struct{ prefix, noun string }{
		{"expect[", "expectation(s)"}, {"invariant ", "invariant(s)"}, {"baseline ", "baseline regression(s)"}}
	var parts []string
	for _, k := range kinds {
		n := 0
		for _, c := range checks {
			if !c.Pass && strings.HasPrefix(c.Name, k.prefix) {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k.noun))
		}
	}
	return fmt.Sprintf("%d check(s) failed: %s", analysis.Failed(checks), strings.Join(parts, ", "))
}

// checkRun runs sc once, or n times and returns the means (the numbers
// summary.json of `run --replications n` holds).
func checkRun(ctx context.Context, sc *scenarios.Scenario, n int) ([]analysis.Metric, error) {
	if n > 1 {
		res, err := replicate(ctx, sc, n, nil)
		if err != nil {
			return nil, err
		}
		return analysis.MeanMetrics(analysis.Replications(res.metrics)), nil
	}
	p, err := plan(sc)
	if err != nil {
		return nil, err
	}
	rec := analysis.NewRecorder()
	if err := p.simulate(ctx, rec, runtime.GOMAXPROCS(0), func(sim.Time) {}); err != nil {
		return nil, err
	}
	return rec.Metrics(), nil
}

func expectations(sc *scenarios.Scenario) []analysis.Expectation {
	out := make([]analysis.Expectation, len(sc.Expect))
	for i, x := range sc.Expect {
		out[i] = analysis.Expectation{Metric: x.Metric, Min: x.Min, Max: x.Max, Equals: x.Equals, Tolerance: x.Tolerance}
	}
	return out
}

// invariants are the checks every run must pass whatever its scenario
// says: each conservation error a model reports is exactly zero
// (DESIGN.md, Conservation). A metric the scenario already bounds is
// left to its [[expect]].
func invariants(sc *scenarios.Scenario, values map[string]float64) []analysis.Check {
	var exps []analysis.Expectation
	zero := 0.0
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if !strings.HasSuffix(name, ".conservation_error") ||
			slices.ContainsFunc(sc.Expect, func(x scenarios.Expect) bool { return x.Metric == name }) {
			continue
		}
		exps = append(exps, analysis.Expectation{Metric: name, Equals: &zero})
	}
	checks := analysis.Evaluate(exps, values)
	for i := range checks {
		checks[i].Name = "invariant " + exps[i].Metric
	}
	return checks
}

// knownMetrics refuses an expectation that names a metric the run does
// not produce: a typo would otherwise fail (or, worse, pass) for ever.
func knownMetrics(sc *scenarios.Scenario, values map[string]float64) error {
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	slices.Sort(names)
	lines := expectLines(sc.Source)
	for i, x := range sc.Expect {
		if _, ok := values[x.Metric]; ok {
			continue
		}
		where := scenarioName(sc)
		if i < len(lines) {
			where += ":" + strconv.Itoa(lines[i])
		}
		return usageErrorf("%s: expect[%d].metric: unknown metric %q: this run does not produce it (it produces %s)",
			where, i, x.Metric, strings.Join(nearNames(x.Metric, names), ", "))
	}
	return nil
}

// nearNames lists the names sharing the longest dotted prefix with name,
// so that the hint for "token.suply.end" is the token metrics, not all.
func nearNames(name string, names []string) []string {
	for prefix := name; prefix != ""; {
		i := strings.LastIndexByte(prefix, '.')
		if i < 0 {
			break
		}
		prefix = prefix[:i]
		var out []string
		for _, n := range names {
			if strings.HasPrefix(n, prefix+".") {
				out = append(out, n)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return names
}

// expectLines returns the line of each [[expect]]'s metric key, in order:
// the loader does not keep positions past validation.
func expectLines(src []byte) []int {
	var out []int
	inExpect := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(t, "["):
			inExpect = strings.HasPrefix(strings.ReplaceAll(t, " ", ""), "[[expect]]")
		case inExpect && strings.HasPrefix(t, "metric"):
			out = append(out, line)
			inExpect = false
		}
	}
	return out
}

// readBaseline reads a baseline summary.json and refuses one from
// another scenario (or other --set overrides) unless force.
func readBaseline(file string, sc *scenarios.Scenario, force bool) ([]analysis.Metric, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, usageErrorf("--baseline %s: %v", file, err)
	}
	ms, meta, err := analysis.DecodeSummary(data)
	if err != nil {
		return nil, usageErrorf("--baseline %s: %v", file, err)
	}
	if meta.SHA256 != sc.SHA256 && !force {
		return nil, usageErrorf("--baseline %s: it comes from another scenario (%s, scenario_sha256 %.12s…) than %s (%s, %.12s…); the file or its --set overrides changed (use --force to compare anyway)",
			file, meta.Scenario, meta.SHA256, scenarioName(sc), sc.Name, sc.SHA256)
	}
	return ms, nil
}

// printChecks writes the table of checks: status, what, value, allowed.
func printChecks(w io.Writer, checks []analysis.Check) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tCHECK\tVALUE\tALLOWED")
	for _, c := range checks {
		status := "pass"
		if !c.Pass {
			status = "FAIL"
		}
		value := analysis.Readable(c.Value)
		if value == "" {
			value = "n/a"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", status, c.Name, value, c.Bound)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d checks, %d failed\n", len(checks), analysis.Failed(checks))
	for _, c := range checks {
		if !c.Pass {
			fmt.Fprintf(w, "FAIL %s: %s\n", c.Name, c.Why)
		}
	}
}

// annotate prints each failure as a GitHub Actions error annotation, which
// the run's summary page shows against the scenario file.
func annotate(w io.Writer, file string, checks []analysis.Check) {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	for _, c := range checks {
		if !c.Pass {
			fmt.Fprintf(w, "::error file=%s,title=%s::%s (allowed %s)\n", prop.Replace(file),
				prop.Replace("swarmecon check: "+c.Name), esc.Replace(c.Why), esc.Replace(c.Bound))
		}
	}
}

// flagGiven reports whether name was given on the command line.
func flagGiven(fs *flagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// tolerance is a relative tolerance flag: "5%" or "0.05".
type tolerance float64

func (t *tolerance) String() string { return strconv.FormatFloat(float64(*t)*100, 'g', -1, 64) + "%" }
func (t *tolerance) Set(s string) error {
	text, pct := strings.CutSuffix(s, "%")
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || v < 0 || v != v {
		return fmt.Errorf("%q is not a non-negative number or percentage (like 5%% or 0.05)", s)
	}
	if pct {
		v /= 100
	}
	*t = tolerance(v)
	return nil
}
