package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func summaryOf(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The token and chain built-ins run with the ledger exactly conserved.
// bttc's report shows circulating supply growing while the total stays
// (SYSTEMS.md: BTT mints nothing), with its figures; the staking built-in
// runs its governance vote.
func TestChainBuiltinsConserveAndReport(t *testing.T) {
	for _, c := range []struct {
		name string
		sets []string
	}{
		{"bttc", []string{"--set", "duration=60d"}},
		{"btt-supply", nil},
		{"staking", []string{"--set", "duration=200d", "--set", "chain.block_time=60s", "--set", "chain.delegators=500"}},
	} {
		out := filepath.Join(t.TempDir(), c.name)
		args := append([]string{"run", c.name, "--quiet", "--out", out}, c.sets...)
		if code, _, stderr := cli(t, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr)
		}
		m := summaryOf(t, out)
		if m["token.conservation_error"] != 0.0 {
			t.Errorf("%s: conservation error %v", c.name, m["token.conservation_error"])
		}
		figures := []string{"token-inflation.png", "token-supply.png"}
		if c.name != "btt-supply" {
			figures = append(figures, "chain-apr.png", "chain-staked-ratio.svg")
		}
		for _, f := range figures {
			if _, err := os.Stat(filepath.Join(out, "plots", f)); err != nil {
				t.Errorf("%s: figure %s: %v", c.name, f, err)
			}
		}
		switch c.name {
		case "bttc":
			if m["token.supply.end"] != m["token.supply.start"] || m["token.minted"] != 0.0 {
				t.Errorf("bttc: total supply moved from %v to %v", m["token.supply.start"], m["token.supply.end"])
			}
			start, end := m["token.circulating.start"].(float64), m["token.circulating.end"].(float64)
			if end <= start || m["chain.checkpoints"].(float64) < 2800 {
				t.Errorf("bttc: circulating %v -> %v after %v checkpoints", start, end, m["chain.checkpoints"])
			}
		case "btt-supply":
			if m["token.supply.end"] != m["token.supply.start"] || m["token.reserve.end"] != 0.0 {
				t.Errorf("btt-supply: total %v -> %v, reserve left %v", m["token.supply.start"], m["token.supply.end"], m["token.reserve.end"])
			}
		case "staking":
			if m["chain.proposal.0.passed"] == nil || m["chain.apr.mean"].(float64) <= 0 {
				t.Errorf("staking: proposal %v, APR %v", m["chain.proposal.0.passed"], m["chain.apr.mean"])
			}
		}
	}
}
