package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func sweepArgs(dir string) []string {
	return []string{"sweep", small, "--quiet", "--out", dir, "--replications", "3",
		"--grid", "token.price.volatility=0.2:0.6:0.4", "--grid", "token.emission.0.per_year=0,36500",
		"--metric", "token.price_usd.end"}
}

// noArrayJob clears the variables of an array job, so that a test suite
// run inside a Slurm array or an Indexed Job does not shard its sweeps.
func noArrayJob(t *testing.T) {
	for _, v := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "JOB_COMPLETION_INDEX"} {
		t.Setenv(v, "")
	}
}

func unitsDone(t *testing.T, dir string) int {
	t.Helper()
	done, _ := filepath.Glob(filepath.Join(dir, "units", "cell-*", "rep-*", "summary.json"))
	return len(done)
}

// A sweep interrupted after k units and run again gives the same
// sweep.csv bytes as one run straight through, and the second run only
// runs what the first left.
func TestSweepResumes(t *testing.T) {
	noArrayJob(t)
	whole := filepath.Join(t.TempDir(), "whole")
	if code, _, stderr := cli(t, sweepArgs(whole)...); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	if n := unitsDone(t, whole); n != 12 {
		t.Fatalf("%d units done, want 2×2 cells × 3 replications = 12", n)
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const k = 5
	cut := filepath.Join(t.TempDir(), "cut")
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	afterUnit = func() {
		if n++; n == k {
			cancel()
		}
	}
	defer func() { afterUnit = nil }()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, sweepArgs(cut), &stdout, &stderr); code != exitSignal {
		t.Fatalf("interrupted sweep: exit %d, want %d: %s", code, exitSignal, stderr.String())
	}
	if got := unitsDone(t, cut); got != k {
		t.Fatalf("interrupted after %d units, %d are written", k, got)
	}
	if want := "5 of 12 units finished and kept in " + cut; !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "no output written") {
		t.Errorf("interrupted sweep says %q, want it to say %q", stderr.String(), want)
	}
	if _, err := os.Stat(filepath.Join(cut, "sweep.csv")); err == nil {
		t.Error("an interrupted sweep wrote sweep.csv")
	}
	resumed := 0
	afterUnit = func() { resumed++ }
	runtime.GOMAXPROCS(3)
	if code, _, stderr := cli(t, sweepArgs(cut)...); code != 0 || resumed != 12-k {
		t.Fatalf("resumed sweep: exit %d, %d units run, want %d: %s", code, resumed, 12-k, stderr)
	}
	for _, f := range []string{"sweep.csv", "report.md"} {
		if !bytes.Equal(readOut(t, whole, f), readOut(t, cut, f)) {
			t.Errorf("%s of the resumed sweep differs from the uninterrupted one", f)
		}
	}
}

func TestSweepBadInput(t *testing.T) {
	noArrayJob(t)
	used := filepath.Join(t.TempDir(), "used")
	if code, _, stderr := cli(t, sweepArgs(used)...); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", small}, "empty grid"},
		{[]string{"sweep", small, "--grid", "token.nope=1,2"}, "--grid token.nope=1: token.nope: unknown key"},
		{[]string{"sweep", small, "--grid", "token.price.volatility=0.1,oops"}, "--grid token.price.volatility=oops:"},
		{[]string{"sweep", small, "--grid", "token.price.volatility=1:0:0.1"}, "from <= to"},
		{[]string{"sweep", small, "--grid", "seed=1,2", "--grid", "seed=3"}, "seed is given twice"},
		{[]string{"sweep", small, "--grid", "seed=1,1"}, "same value"},
		{[]string{"sweep", small, "--grid", "seed=1,2", "--out", used}, "holds a sweep with other parameters"},
		{[]string{"sweep", small, "--grid", "seed=1,2", "--x", "token.price.drift"}, "--x token.price.drift: not a swept key"},
		{[]string{"sweep", small, "--grid", "seed=1,2", "--out", filepath.Join(used, "units")}, "not a sweep's folder"},
	} {
		code, _, stderr := cli(t, append(c.args, "--quiet")...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with %q", c.args, code, stderr, c.want)
		}
	}
}

// An unknown --metric is refused before any unit is written, so that a
// typo does not cost the whole sweep; a resumed sweep checks it against
// its finished units.
func TestSweepUnknownMetricWritesNothing(t *testing.T) {
	noArrayJob(t)
	dir := filepath.Join(t.TempDir(), "typo")
	args := []string{"sweep", small, "--quiet", "--out", dir, "--grid", "seed=1,2", "--metric", "token.suply.end"}
	code, _, stderr := cli(t, args...)
	if code != exitUsage || !strings.Contains(stderr, "--metric token.suply.end: unknown metric") || !strings.Contains(stderr, "token.supply.end") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the metric and the near names", code, stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("an unknown --metric left %s behind", dir)
	}
	ok := append(args[:len(args)-1:len(args)-1], "token.supply.end")
	if code, _, stderr := cli(t, ok...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := unitsDone(t, dir)
	if code, _, stderr := cli(t, args...); code != exitUsage || !strings.Contains(stderr, "unknown metric") {
		t.Errorf("resumed with an unknown --metric: exit %d, stderr %q; want exit 2", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.csv")); err != nil || unitsDone(t, dir) != before {
		t.Errorf("the finished sweep changed: %v", err)
	}
}

// Sweeping `seed` itself gives each cell its own seed; any other key
// keeps the cells on common random numbers.
func TestSweepSeedAxis(t *testing.T) {
	noArrayJob(t)
	dir := filepath.Join(t.TempDir(), "seeds")
	if code, _, stderr := cli(t, "sweep", small, "--quiet", "--out", dir, "--grid", "seed=1,2", "--metric", "token.price_usd.end"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a := readOut(t, filepath.Join(dir, "units", "cell-0000", "rep-000"), "summary.json")
	b := readOut(t, filepath.Join(dir, "units", "cell-0001", "rep-000"), "summary.json")
	if bytes.Equal(a, b) {
		t.Error("cells seed=1 and seed=2 ran the same replication")
	}
	c := runCompare(t, small, "--vary", "seed=1,2")
	if d := c.Metrics["token.price_usd.end"].Diff[1]; d.Mean == nil || *d.Mean == 0 {
		t.Error("compare --vary seed=1,2: the variants ran with one seed")
	}
}
