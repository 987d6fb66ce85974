package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// small is the fast scenario the tests of replicate, check, compare and
// sweep run, so that their cost does not follow the default scenario's.
var small = filepath.Join("..", "..", "testdata", "verbs", "small.toml")

// run --replications N writes stats.json with n = N per metric, and the
// bytes of summary.json and stats.json do not depend on the core count.
func TestRunReplicationsIndependentOfCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var outs []string
	for _, procs := range []int{1, 3} {
		runtime.GOMAXPROCS(procs)
		dir := filepath.Join(t.TempDir(), "out")
		if code, _, stderr := cli(t, "run", small, "--quiet", "--replications", "5", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		outs = append(outs, dir)
	}
	for _, f := range []string{"summary.json", "stats.json", "timeseries.csv"} {
		if !bytes.Equal(readOut(t, outs[0], f), readOut(t, outs[1], f)) {
			t.Errorf("%s differs between GOMAXPROCS 1 and 3", f)
		}
	}
	var stats map[string]struct {
		Mean *float64    `json:"mean"`
		SD   *float64    `json:"sd"`
		CI95 [2]*float64 `json:"ci95"`
		N    int         `json:"n"`
	}
	if err := json.Unmarshal(readOut(t, outs[0], "stats.json"), &stats); err != nil {
		t.Fatal(err)
	}
	price, ok := stats["token.price_usd.end"]
	if !ok || price.N != 5 || price.SD == nil || *price.SD <= 0 || *price.CI95[0] >= *price.Mean {
		t.Errorf("token.price_usd.end over 5 replications: %+v; want n 5 and a spread (each replication its own seed)", price)
	}
	// Replication 1 runs with the scenario's own seed: its time series are
	// those of a plain run.
	plain := filepath.Join(t.TempDir(), "plain")
	if code, _, stderr := cli(t, "run", small, "--quiet", "--out", plain); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !bytes.Equal(readOut(t, plain, "timeseries.csv"), readOut(t, outs[0], "timeseries.csv")) {
		t.Error("replication 1 differs from the plain run")
	}
	if code, _, _ := cli(t, "run", small, "--replications", "0"); code != exitUsage {
		t.Errorf("--replications 0: exit %d, want %d", code, exitUsage)
	}
}

// The synthetic model of REFERENCES.md §11: a "run" draws one normal
// value (mean 10, sd 3) from a stream of its replication's seed. Over
// 1000 experiments of n replications each, with seeds derived as run
// --replications derives them, the 95% interval of the mean covers the
// true mean in 95% ± 1.5% of experiments. It fails if replication seeds
// repeat or correlate (the intervals shrink, or over-cover when
// experiments share seeds) or if the interval is not Student's t.
func TestReplicationCICoverage(t *testing.T) {
	const experiments, mean, sd = 1000, 10.0, 3.0
	for _, n := range []int{3, 10, 30} {
		covered := 0
		for e := range experiments {
			xs := make([]float64, n)
			for k := range xs {
				s := sim.NewStream(replicationSeed(uint64(e), k), "synthetic", 0)
				xs[k] = mean + sd*rand.New(&s).NormFloat64()
			}
			st := analysis.StatOf("x", xs)
			if st.CI95[0] <= mean && mean <= st.CI95[1] {
				covered++
			}
		}
		share := float64(covered) / experiments
		if math.Abs(share-0.95) > 0.015 {
			t.Errorf("n=%d: %.1f%% of 95%% intervals cover the mean, want 95 ± 1.5%%", n, 100*share)
		}
		t.Logf("n=%d: %.1f%% of 95%% intervals cover the true mean", n, 100*share)
	}
}

// An interrupted replicated run or comparison exits 130 and writes
// nothing.
func TestReplicationsInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"run", small, "--replications", "4", "--out", dir},
		{"compare", small, "--vary", "seed=1,2", "--replications", "2", "--out", dir},
		{"check", small, "--replications", "2", "--junit", filepath.Join(dir, "junit.xml")},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, args, &stdout, &stderr); code != exitSignal {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitSignal, stderr.String())
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: an interrupted command wrote into %s", args, dir)
		}
	}
}
