package analysis

import (
	"math"
	"testing"
)

// Readable prints every magnitude a metric takes one way: grouped plain
// decimals, scientific only at the extremes.
func TestReadable(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{927000, "927,000"},
		{1.009e6, "1,009,000"},
		{-1234567.25, "-1,234,567"},
		{9.702943750000001, "9.702944"},
		{2381397934769.37, "2,381,397,934,769"},
		{2420569523783, "2,420,569,523,783"},
		{999, "999"},
		{0, "0"},
		{0.05, "0.05"},
		{3e-7, "3e-07"},
		{9.9e20, "9.9e+20"},
		{math.Inf(1), "+Inf"},
		{math.NaN(), ""},
	} {
		if got := Readable(c.v); got != c.want {
			t.Errorf("Readable(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	// A check's bound uses the same format as its value.
	lo, hi := 927000.0, 1.009e6
	cs := Evaluate([]Expectation{{Metric: "m", Min: &lo, Max: &hi}}, map[string]float64{"m": 2e6})
	if want := "from 927,000 to 1,009,000"; cs[0].Bound != want || cs[0].Why != "2,000,000 is not "+want {
		t.Errorf("bound %q, why %q; want %q", cs[0].Bound, cs[0].Why, want)
	}
}

// UnitOf matches documented names, NAME and N standing for one segment.
func TestUnitOf(t *testing.T) {
	m := Meta{Units: map[string]string{
		"swarm.NAME.download_time_s.p50": "s", "swarm.NAME.arrived": "peers",
		"chain.proposal.N.passed": "0/1", "token.minted": "tokens",
	}}
	for name, want := range map[string]string{
		"token.minted": "tokens", "swarm.patch.download_time_s.p50": "s", "swarm.all.arrived": "peers",
		"chain.proposal.0.passed": "0/1", "swarm.patch.nope": "", "token.minted.x": "",
	} {
		if got := m.UnitOf(name); got != want {
			t.Errorf("UnitOf(%s) = %q, want %q", name, got, want)
		}
	}
}
