package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What run refuses before it starts, validate refuses too, with the same
// message located at file:line: key.path, in the loader's path style
// (token.emission.0, not token.emission[0]).
func TestValidateRefusesWhatRunRefuses(t *testing.T) {
	head := "name = \"x\"\nduration = \"30d\"\nsample_every = \"1d\"\n"
	emission := head + "[token]\ndecimals = 18\ngenesis_supply = \"1000\"\n\n[[token.emission]]\npolicy = \"constant\"\nper_year = 10\n"
	chainOn := "[chain]\nenabled = true\nvalidators = 3\ndelegators = 0\n"
	for _, c := range []struct{ name, toml, want string }{
		{"stakers-without-chain", emission,
			`:8: token.emission.0.recipient: "stakers" needs a chain to pay them (chain.enabled = true, or recipient treasury or external)`},
		{"hosts-without-storage", emission + "recipient = \"hosts\"\n",
			`:11: token.emission.0.recipient: "hosts" are paid by the storage model`},
		{"proposal-without-chain", head + "[[governance.proposal]]\nat = \"1d\"\nset = \"chain.commission\"\nto = 0.1\n",
			`:4: governance.proposal.0: governance votes on the chain, which the scenario does not run (chain.enabled = true)`},
		{"proposal-on-market", head + chainOn + "[[governance.proposal]]\nat = \"1d\"\nset = \"market.bid_floor.value\"\nto = 2\n",
			`:10: governance.proposal.0.set: no model this version runs applies market.bid_floor.value during a run (governance can change chain.commission`},
		{"proposal-after-the-end", head + chainOn + "[[governance.proposal]]\nat = \"31d\"\nset = \"chain.commission\"\nto = 0.1\n",
			`:9: governance.proposal.0.at: 31d is after the run ends (at most duration 30d)`},
		{"checkpoint-shorter-than-block", head + "[chain]\nenabled = true\nrewards = \"checkpoint\"\nblock_time = \"2s\"\ncheckpoint_interval = \"1s\"\n",
			`:8: chain.checkpoint_interval: 1s is shorter than a block (at least chain.block_time = 2s)`},
		{"supply-overflow-by-proposal", "name = \"x\"\nduration = \"2y\"\n[token]\ndecimals = 18\ngenesis_supply = \"1e9\"\n[[token.emission]]\npolicy = \"constant\"\nper_year = 1\n" +
			chainOn + "[[governance.proposal]]\nat = \"10d\"\nset = \"token.emission.0.per_year\"\nto = \"1e20\"\n",
			`:5: token.genesis_supply: 1000000000 plus what emissions and checkpoint rewards can mint over 2y`},
		{"supply-overflow", "name = \"x\"\nduration = \"2y\"\n[token]\ndecimals = 18\ngenesis_supply = \"170000000000000000000\"\n\n[[token.emission]]\npolicy = \"constant\"\nrecipient = \"treasury\"\nper_year = 1e18\n",
			`:5: token.genesis_supply: 170000000000000000000 plus what emissions and checkpoint rewards can mint over 2y`},
		{"supply-overflow-per-year", "name = \"x\"\nduration = \"2y\"\n[token]\ndecimals = 0\ngenesis_supply = \"1\"\n\n[[token.emission]]\npolicy = \"constant\"\nrecipient = \"treasury\"\nper_year = \"170000000000000000000000000000000000000\"\n",
			`:5: token.genesis_supply: 1 plus what emissions and checkpoint rewards can mint over 2y`},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), c.name+".toml")
			if err := os.WriteFile(file, []byte(c.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"validate", "run"} {
				args := []string{cmd, file}
				if cmd == "run" {
					args = append(args, "--quiet", "--out", filepath.Join(t.TempDir(), "out"))
				}
				code, _, stderr := cli(t, args...)
				if code != 2 || !strings.Contains(stderr, file+c.want) {
					t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", cmd, code, stderr, file+c.want)
				}
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
					t.Errorf("%s: stack trace in %q", cmd, stderr)
				}
			}
		})
	}
}
