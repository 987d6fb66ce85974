package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"runtime"
	"testing"
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
