package policy

import (
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// Every emission policy the scenario format names is registered and
// builds; a failed lookup lists the known names; a duplicate panics.
func TestRegistry(t *testing.T) {
	for _, name := range []string{"none", "constant", "halving", "exponential-decay", "table", "target-staking", "sqrt-staked"} {
		if _, err := Emission(name, EmissionParams{BlockTime: 5 * sim.Second, GoalBonded: 0.67, InflationMax: 0.2, Decimals: 6}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := Emission("nope", EmissionParams{})
	if err == nil || !strings.Contains(err.Error(), "halving, none") {
		t.Errorf("unknown policy error %v does not list the names", err)
	}
	if got := Names(KindDelegation); strings.Join(got, ",") != "random,stake-weighted,yield-seeking" {
		t.Errorf("delegation names %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("a duplicate registration did not panic")
		}
	}()
	Register(Entry{Kind: KindEmission, Name: "none", Factory: EmissionFactory(nil)})
}
