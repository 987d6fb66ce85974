package policy

import (
	"fmt"

	"github.com/swarmecon/swarmecon/model/chain"
)

// KindDelegation is the kind of delegation strategies: how a delegator
// picks its validator. Factories are chain.Delegation values.
const KindDelegation = "delegation"

// Delegation returns the strategy registered as name.
func Delegation(name string) (chain.Delegation, error) {
	e, err := Lookup(KindDelegation, name)
	if err != nil {
		return 0, err
	}
	d, ok := e.Factory.(chain.Delegation)
	if !ok {
		return 0, fmt.Errorf("policy: delegation %q has a factory of type %T, want chain.Delegation", name, e.Factory)
	}
	return d, nil
}

func init() {
	Register(Entry{Kind: KindDelegation, Name: "stake-weighted", Factory: chain.StakeWeighted,
		Short: "follow the big validators",
		Long:  "A delegator picks a validator with probability proportional to its self stake: concentration grows."})
	Register(Entry{Kind: KindDelegation, Name: "yield-seeking", Factory: chain.YieldSeekingChoice,
		Short: "the better of two random validators by net yield",
		Long:  "Draws two validators and takes the one paying more, (1 − commission) × uptime: the power of two choices."})
	Register(Entry{Kind: KindDelegation, Name: "random", Factory: chain.Random,
		Short: "any validator, uniformly",
		Long:  "A baseline with no preference."})
}
