package scenarios

import (
	"strings"
	"testing"
)

// An override that chooses another policy drops the file's parameters
// of the old policy (they no longer apply), so that policies compare
// without editing the file; the effective scenario shows what runs.
func TestOverrideChangesPolicy(t *testing.T) {
	s, err := LoadBuiltin("staking", []string{"chain.staking.behaviour=fixed"})
	if err != nil {
		t.Fatalf("staking with behaviour=fixed: %v", err)
	}
	eff := s.Effective()
	if s.Chain.Staking.Behaviour != "fixed" || strings.Contains(eff, "opportunity_apr") || strings.Contains(eff, "elasticity") {
		t.Errorf("behaviour %q; effective scenario:\n%s", s.Chain.Staking.Behaviour, eff)
	}
	if _, err := LoadBuiltin("default", []string{"torrent.patch.seeding.behaviour=forever"}); err != nil {
		t.Errorf("default with seeding forever: %v", err)
	}
}

// The rule is narrow: a parameter given by an override that does not
// apply stays an error, and so does one the file gives for the policy
// the file itself chooses, overridden or not.
func TestOverridePolicyStillRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		file string
		sets []string
		want string
	}{
		{"override's own parameter", "staking", []string{"chain.staking.behaviour=fixed", "chain.staking.opportunity_apr=0.1"},
			`--set:2: chain.staking.opportunity_apr: does not apply to behaviour = "fixed"`},
		{"same policy set again", "", []string{"chain.staking.behaviour=fixed"},
			`x.toml:10: chain.staking.opportunity_apr: does not apply to behaviour = "fixed"`},
		{"file alone", "", nil,
			`x.toml:10: chain.staking.opportunity_apr: does not apply to behaviour = "fixed"`},
	} {
		var err error
		if c.file != "" {
			_, err = LoadBuiltin(c.file, c.sets)
		} else {
			_, err = Parse("x.toml", []byte(fixedWithParameter), c.sets)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

const fixedWithParameter = `name = "x"
duration = "1d"

[token]
genesis_supply = 1000

[chain]
[chain.staking]
behaviour = "fixed"
opportunity_apr = 0.05
`
