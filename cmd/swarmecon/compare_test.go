package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type compareJSON struct {
	Variants []string `json:"variants"`
	Metrics  map[string]struct {
		Variants []struct {
			Mean *float64 `json:"mean"`
			N    int      `json:"n"`
		} `json:"variants"`
		Diff []struct {
			Mean *float64    `json:"mean"`
			CI95 [2]*float64 `json:"ci95"`
		} `json:"diff"`
	} `json:"metrics"`
}

func runCompare(t *testing.T, args ...string) compareJSON {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cmp")
	code, _, stderr := cli(t, append([]string{"compare", "--quiet", "--out", dir}, args...)...)
	if code != 0 {
		t.Fatalf("compare %v: exit %d: %s", args, code, stderr)
	}
	for _, f := range []string{"report.html", "report.md", "plots/token-supply.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("compare wrote no %s", f)
		}
	}
	var c compareJSON
	if err := json.Unmarshal(readOut(t, dir, "compare.json"), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// Two identical variants run under common random numbers differ by
// exactly zero on every metric, interval included.
func TestCompareIdenticalVariants(t *testing.T) {
	// The same file twice: --vary refuses a value given twice.
	c := runCompare(t, small, small, "--set", "token.price.volatility=0.5", "--replications", "3")
	if len(c.Metrics) == 0 {
		t.Fatal("no metrics")
	}
	if strings.Join(c.Variants, "|") != small+"|"+small+" #2" {
		t.Errorf("variants %q: want distinct names", c.Variants)
	}
	for name, m := range c.Metrics {
		d := m.Diff[1]
		if m.Variants[1].N != 3 || (d.Mean != nil && (*d.Mean != 0 || *d.CI95[0] != 0 || *d.CI95[1] != 0)) {
			t.Errorf("%s: identical variants differ: mean %v, ci95 %v", name, *d.Mean, d.CI95)
		}
	}
	// Different variants do differ where the changed key matters.
	c = runCompare(t, small, "--vary", "token.price.volatility=0.2,0.9", "--replications", "3")
	if d := c.Metrics["token.price_usd.end"].Diff[1]; d.Mean == nil || *d.Mean == 0 {
		t.Errorf("volatility 0.2 vs 0.9: price difference %v, want non-zero", d.Mean)
	}
	if d := c.Metrics["token.supply.end"].Diff[1]; *d.Mean != 0 {
		t.Errorf("volatility changed the supply by %v", *d.Mean)
	}
}

func TestCompareTwoFiles(t *testing.T) {
	other := filepath.Join(t.TempDir(), "other.toml")
	src, err := os.ReadFile(small)
	if err != nil {
		t.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), `name = "small"`, `name = "other"`, 1))
	src = []byte(strings.Replace(string(src), "per_year = 36_500", "per_year = 73_000", 1))
	if err := os.WriteFile(other, src, 0o644); err != nil {
		t.Fatal(err)
	}
	c := runCompare(t, small, other)
	if strings.Join(c.Variants, ",") != "small,other" {
		t.Errorf("variants %v", c.Variants)
	}
	if d := c.Metrics["token.minted"].Diff[1]; d.Mean == nil || *d.Mean <= 0 {
		t.Errorf("doubling the mint: minted difference %v, want positive", d.Mean)
	}
}

func TestCompareBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{small, "--vary", "token.nope=1,2"}, "--vary token.nope=1: token.nope: unknown key"},
		{[]string{small, "--vary", "token.price.volatility=0.5,-1"}, "--vary token.price.volatility=-1:"},
		{[]string{small, "--vary", "token.price.volatility="}, "empty value"},
		{[]string{small}, "give one scenario and --vary"},
		{[]string{small, "--vary", "seed=1:3:0"}, "positive step"},
		{[]string{small, "--vary", "seed=7"}, "only one variant"},
		{[]string{small, "--vary", "seed=7,7"}, "same value"},
	} {
		code, _, stderr := cli(t, append([]string{"compare", "--quiet", "--out", t.TempDir()}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("compare %v: exit %d, stderr %q; want exit 2 with %q", c.args, code, stderr, c.want)
		}
	}
}

// compare's outputs do not depend on the number of cores.
func TestCompareIndependentOfCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var dirs []string
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		dir := filepath.Join(t.TempDir(), "cmp")
		code, _, stderr := cli(t, "compare", "--quiet", "--out", dir, small, "--vary", "token.price.volatility=0.2,0.9", "--replications", "4")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		dirs = append(dirs, dir)
	}
	for _, f := range []string{"compare.json", "report.md", "report.html", "plots/token-price.svg"} {
		if !bytes.Equal(readOut(t, dirs[0], f), readOut(t, dirs[1], f)) {
			t.Errorf("%s differs between GOMAXPROCS 1 and 4", f)
		}
	}
}

// A policy comparison on a built-in loads: the file's parameters of the
// policy that --vary/--grid replaces give way (scenarios/ tests the rule).
func TestComparePolicies(t *testing.T) {
	for _, c := range []struct{ scenario, axis string }{
		{"staking", "chain.staking.behaviour=fixed,yield-seeking"},
		{"default", "torrent.patch.seeding.behaviour=forever,altruistic"},
	} {
		g := gridFlags{flag: "vary"}
		if err := g.Set(c.axis); err != nil {
			t.Fatal(err)
		}
		vs, err := gridVariants(c.scenario, nil, g)
		if err != nil || len(vs) != 2 {
			t.Errorf("%s --vary %s: %d variants, %v", c.scenario, c.axis, len(vs), err)
		}
	}
}
