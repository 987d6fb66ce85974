package token

import (
	"fmt"

	"github.com/swarmecon/swarmecon/sim"
)

// Effect kinds the token shard accepts from other shards (a market paying
// for pieces, storage paying hosts, fees to the fee pool). Other shards
// never touch the ledger directly: they emit these effects, and the token
// shard books them at the epoch barrier in the kernel's total order. A
// model opens its accounts when the run is built, before any shard runs
// (Ledger().Open on the token part's model), and addresses the token
// shard by its index in the run's shard list.
const (
	EffectTransfer int32 = 0x746f6b00 + iota // "tok\x00": unlikely to collide with a model's own kinds
	EffectMint
	EffectBurn
)

// TransferEffect returns an effect that moves amount from one account to
// another on the token shard (index tokenShard) when delivered.
func TransferEffect(tokenShard int, at sim.Time, from, to Account, amount Amount, kind FlowKind) sim.Effect {
	return encodeEffect(EffectTransfer, tokenShard, at, from, to, amount, kind)
}

// MintEffect returns an effect that mints amount into an account.
func MintEffect(tokenShard int, at sim.Time, to Account, amount Amount, kind FlowKind) sim.Effect {
	return encodeEffect(EffectMint, tokenShard, at, 0, to, amount, kind)
}

// BurnEffect returns an effect that burns amount held by an account.
func BurnEffect(tokenShard int, at sim.Time, from Account, amount Amount, kind FlowKind) sim.Effect {
	return encodeEffect(EffectBurn, tokenShard, at, from, 0, amount, kind)
}

// The payload: A = from<<32 | to (as uint32), B and C the low and high
// words of the amount, F the flow kind.
func encodeEffect(kind int32, shard int, at sim.Time, from, to Account, amount Amount, flow FlowKind) sim.Effect {
	return sim.Effect{At: at, To: shard, Kind: kind,
		A: int64(uint64(uint32(from))<<32 | uint64(uint32(to))),
		B: int64(amount.lo), C: int64(amount.hi), F: float64(flow)}
}

type effectOp struct {
	from, to Account
	amount   Amount
	kind     FlowKind
}

func decodeEffect(e sim.Effect) (effectOp, error) {
	op := effectOp{
		from:   Account(uint32(uint64(e.A) >> 32)),
		to:     Account(uint32(uint64(e.A))),
		amount: Amount{hi: uint64(e.C), lo: uint64(e.B)},
		kind:   FlowKind(e.F),
	}
	if e.Kind < EffectTransfer || e.Kind > EffectBurn {
		return op, fmt.Errorf("token: unexpected effect of kind %d from shard %d", e.Kind, e.From)
	}
	if e.F < 0 || e.F >= float64(flowKinds) {
		return op, fmt.Errorf("token: effect from shard %d names flow kind %v", e.From, e.F)
	}
	return op, nil
}
