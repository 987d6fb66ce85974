package token

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// payer is a shard that pays through the token shard's effects: a 128-bit
// amount transferred, one minted and one burned per epoch.
type payer struct {
	tokenShard int
	from, to   Account
	amount     Amount
}

func (p *payer) Advance(until sim.Time, out *sim.Outbox) error {
	start, _ := out.Window()
	out.Emit(TransferEffect(p.tokenShard, start, p.from, p.to, p.amount, FlowMarketPayment))
	out.Emit(MintEffect(p.tokenShard, start, p.to, FromInt64(7), FlowEmission))
	out.Emit(BurnEffect(p.tokenShard, start, p.to, FromInt64(3), FlowBurn))
	return nil
}
func (p *payer) Apply(sim.Effect) error { return nil }

// Another shard's transfers, mints and burns land on the ledger exactly,
// 128-bit amounts included, and the ledger still balances.
func TestEffectsFromAnotherShard(t *testing.T) {
	big, _ := ParseAmount("1e19", 18) // 10^37 base units: needs both words
	genesis, _ := big.MulInt64(15)
	rec := &memRecorder{metrics: map[string]float64{}}
	m, err := NewModel(Config{Decimals: 18, Genesis: genesis, Step: sim.Hour, SampleEvery: sim.Day, Duration: 10 * sim.Day}, rec)
	if err != nil {
		t.Fatal(err)
	}
	to := m.Ledger().Open(1)
	p := &payer{tokenShard: 0, from: External, to: to, amount: big}
	if err := sim.Run([]sim.Shard{m, p}, sim.Day, 10*sim.Day, 2, func(sim.Time) error { return m.Check(0) }); err != nil {
		t.Fatal(err)
	}
	want, _ := big.MulInt64(10)
	want, _ = want.Add(FromInt64(40))
	if got := m.Ledger().Balance(to); got.Cmp(want) != 0 {
		t.Errorf("recipient holds %v, want %v", got, want)
	}
	if m.Ledger().Journal(FlowMarketPayment).Cmp(func() Amount { a, _ := big.MulInt64(10); return a }()) != 0 {
		t.Errorf("journal %v", m.Ledger().Journal(FlowMarketPayment))
	}
	over := &payer{tokenShard: 0, from: to, to: External, amount: genesis}
	if err := sim.Run([]sim.Shard{m, over}, sim.Day, sim.Day, 1, nil); err == nil {
		t.Errorf("an overdraft by effect was booked")
	}
}
