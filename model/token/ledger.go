package token

import "fmt"

// Account names one balance in the Ledger. The system accounts come first;
// actors (stakers, hosts, peers) get the indices that Open hands out.
type Account int32

// System accounts, present in every ledger.
const (
	// Treasury receives emissions with recipient "treasury".
	Treasury Account = iota
	// Reserve holds the genesis tokens set aside for airdrops and reward
	// pools; schedules with source "reserve" pay out of it.
	Reserve
	// FeePool collects fees until they are paid out or burned.
	FeePool
	// Escrow holds budgets and contract payments not yet earned.
	Escrow
	// External stands for the holders outside the simulated actors: the
	// genesis tokens not in the reserve, and airdrops to them.
	External
	// Remainder collects the base units that integer division leaves
	// over, so that no split ever loses one.
	Remainder
	// Stakers collects emissions with recipient "stakers" until the chain
	// pays them out to validators and delegators at its reward epoch.
	Stakers
	systemAccounts
)

var systemNames = [systemAccounts]string{"treasury", "reserve", "fee-pool", "escrow", "external", "remainder", "stakers"}

// FlowKind classifies a ledger flow for the journal that feeds the report.
type FlowKind uint8

// Flow kinds, in the order the report lists them.
const (
	FlowEmission FlowKind = iota
	FlowStakingReward
	FlowCommission
	FlowFee
	FlowBurn
	FlowSlash
	FlowMarketPayment
	FlowStoragePayment
	FlowPenalty
	// FlowStake moves tokens into and out of stake (bonding, unbonding).
	FlowStake
	// FlowTransfer is a plain payment between actors.
	FlowTransfer
	flowKinds
)

var flowNames = [flowKinds]string{"emission", "staking_reward", "commission", "fee", "burn", "slash", "market_payment", "storage_payment", "penalty", "stake", "transfer"}

// String returns the kind's name as metrics and reports spell it.
func (k FlowKind) String() string {
	if k < flowKinds {
		return flowNames[k]
	}
	return fmt.Sprintf("flow(%d)", uint8(k))
}

// FlowKinds lists every kind in report order.
func FlowKinds() []FlowKind {
	kinds := make([]FlowKind, flowKinds)
	for i := range kinds {
		kinds[i] = FlowKind(i)
	}
	return kinds
}

// Ledger is a double-entry ledger in integer base units. Its invariant,
// checked by Check at every epoch barrier:
//
//	Σ balances == genesis + minted − burned
//
// Every method either applies a flow whole or returns an error and changes
// nothing; none allocates once the accounts are open.
type Ledger struct {
	balances []Amount // indexed by Account
	genesis  Amount
	minted   Amount
	burned   Amount
	journal  [flowKinds]Amount // total moved per kind since genesis
	last     FlowKind          // the kind of the latest flow, named by Check
}

// NewLedger returns a ledger holding genesis tokens: reserve of them in
// the Reserve account, the rest with External.
func NewLedger(genesis, reserve Amount) (*Ledger, error) {
	if genesis.Sign() < 0 || reserve.Sign() < 0 || reserve.Cmp(genesis) > 0 {
		return nil, fmt.Errorf("token: reserve %v must lie in [0, genesis %v]", reserve, genesis)
	}
	l := &Ledger{balances: make([]Amount, systemAccounts), genesis: genesis}
	l.balances[Reserve] = reserve
	l.balances[External], _ = genesis.Sub(reserve) // 0 ≤ reserve ≤ genesis: fits
	return l, nil
}

// Open adds n actor accounts with zero balances and returns the first.
func (l *Ledger) Open(n int) Account {
	first := Account(len(l.balances))
	l.balances = append(l.balances, make([]Amount, n)...)
	return first
}

// Balance returns the balance of a.
func (l *Ledger) Balance(a Account) Amount { return l.balances[a] }

// Genesis, Minted and Burned return the running totals of the supply.
func (l *Ledger) Genesis() Amount { return l.genesis }
func (l *Ledger) Minted() Amount  { return l.minted }
func (l *Ledger) Burned() Amount  { return l.burned }

// Journal returns the total moved by flows of kind k since genesis.
func (l *Ledger) Journal(k FlowKind) Amount { return l.journal[k] }

// Supply returns the total supply: genesis + minted − burned.
//
// It is exact although it ignores the overflow flags: Mint refuses any
// flow after which the supply would not fit, and Burn only lowers it, so
// the true value always fits in an Amount; Add and Sub wrap modulo 2^128,
// so even when genesis + minted passes 2^127 on the way (tokens minted
// and burned again), the wrapped sum minus burned is the true value.
func (l *Ledger) Supply() Amount {
	s, _ := l.genesis.Add(l.minted)
	s, _ = s.Sub(l.burned)
	return s
}

// Circulating returns the supply less what the reserve still holds.
// Both are non-negative and the reserve is at most the supply, so the
// difference lies in [0, supply] and cannot overflow.
func (l *Ledger) Circulating() Amount {
	c, _ := l.Supply().Sub(l.balances[Reserve])
	return c
}

// Mint creates amt new tokens in account to.
func (l *Ledger) Mint(to Account, amt Amount, kind FlowKind) error {
	if err := l.checkFlow(amt, kind); err != nil {
		return err
	}
	bal, ok1 := l.balances[to].Add(amt)
	minted, ok2 := l.minted.Add(amt)
	journal, ok3 := l.journal[kind].Add(amt)
	_, ok4 := l.Supply().Add(amt)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return fmt.Errorf("token: minting %v base units (%s) overflows the ledger: the total supply %v would pass the signed 128-bit limit %v", amt, kind, l.Supply(), MaxAmount)
	}
	l.balances[to], l.minted, l.journal[kind], l.last = bal, minted, journal, kind
	return nil
}

// Burn destroys amt tokens held by from.
func (l *Ledger) Burn(from Account, amt Amount, kind FlowKind) error {
	if err := l.checkFlow(amt, kind); err != nil {
		return err
	}
	// Both are non-negative, so the difference cannot overflow.
	bal, _ := l.balances[from].Sub(amt)
	if bal.Sign() < 0 {
		return fmt.Errorf("token: burning %v %s from %s: balance %v", amt, kind, l.Name(from), l.balances[from])
	}
	burned, ok1 := l.burned.Add(amt)
	journal, ok2 := l.journal[kind].Add(amt)
	if !ok1 || !ok2 {
		return fmt.Errorf("token: burning %v %s overflows the ledger", amt, kind)
	}
	l.balances[from], l.burned, l.journal[kind], l.last = bal, burned, journal, kind
	return nil
}

// Transfer moves amt from one account to another; the payer's balance may
// not go negative.
func (l *Ledger) Transfer(from, to Account, amt Amount, kind FlowKind) error {
	if err := l.checkFlow(amt, kind); err != nil {
		return err
	}
	// Both are non-negative, so the difference cannot overflow.
	src, _ := l.balances[from].Sub(amt)
	if src.Sign() < 0 {
		return fmt.Errorf("token: %s of %v from %s: balance %v", kind, amt, l.Name(from), l.balances[from])
	}
	if from == to {
		// Nothing moves, but the flow still counts in the journal.
		journal, ok := l.journal[kind].Add(amt)
		if !ok {
			return fmt.Errorf("token: %s of %v overflows the journal", kind, amt)
		}
		l.journal[kind], l.last = journal, kind
		return nil
	}
	dst, ok1 := l.balances[to].Add(amt)
	journal, ok2 := l.journal[kind].Add(amt)
	if !ok1 || !ok2 {
		return fmt.Errorf("token: %s of %v to %s overflows the ledger", kind, amt, l.Name(to))
	}
	l.balances[from], l.balances[to], l.journal[kind], l.last = src, dst, journal, kind
	return nil
}

func (l *Ledger) checkFlow(amt Amount, kind FlowKind) error {
	if amt.Sign() < 0 {
		return fmt.Errorf("token: negative %s of %v", kind, amt)
	}
	if kind >= flowKinds {
		return fmt.Errorf("token: unknown flow kind %d", kind)
	}
	return nil
}

// ConservationError returns Σ balances − (genesis + minted − burned); it
// is zero unless a flow created or destroyed tokens. When the difference
// itself does not fit in an Amount it returns MaxAmount (Check says so).
func (l *Ledger) ConservationError() Amount {
	diff, _ := l.conservation()
	return diff
}

// conservation returns ConservationError with ok == false when Σ balances
// or the difference passed 128 bits (then diff is MaxAmount).
func (l *Ledger) conservation() (diff Amount, ok bool) {
	var sum Amount
	for _, b := range l.balances {
		var fits bool
		if sum, fits = sum.Add(b); !fits {
			return MaxAmount, false
		}
	}
	if diff, ok = sum.Sub(l.Supply()); !ok {
		return MaxAmount, false
	}
	return diff, true
}

// Check returns an error naming epoch and the latest flow when the ledger
// does not balance.
func (l *Ledger) Check(epoch int64) error {
	if _, ok := l.conservation(); !ok {
		return fmt.Errorf("token: conservation violated at epoch %d after a %s flow: the balances sum past the signed 128-bit limit", epoch, l.last)
	}
	if diff := l.ConservationError(); !diff.IsZero() {
		return fmt.Errorf("token: conservation violated at epoch %d after a %s flow: balances differ from genesis + minted - burned by %v base units", epoch, l.last, diff)
	}
	return nil
}

// Name returns a readable name for an account.
func (l *Ledger) Name(a Account) string {
	if a >= 0 && a < systemAccounts {
		return systemNames[a]
	}
	return fmt.Sprintf("actor-%d", a-systemAccounts)
}
