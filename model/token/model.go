package token

import (
	"fmt"
	"math"
	"strconv"

	"github.com/swarmecon/swarmecon/sim"
)

// Config is everything the token model needs from a scenario.
type Config struct {
	Symbol      string
	Decimals    int    // base units per token = 10^Decimals
	Genesis     Amount // base units
	Reserve     Amount // base units of Genesis held in the Reserve account
	Emissions   []Emission
	Price       Price    // USD per token; nil means no price
	Step        sim.Time // emissions are paid every Step
	SampleEvery sim.Time // time-series resolution
	Duration    sim.Time // the run's horizon
}

// Event kinds of the token model's queue.
const (
	kindEmit uint16 = iota
	kindSample
)

// Model runs the emission schedules on a Ledger as one logical process of
// the kernel, and reports supply, minting and burning.
type Model struct {
	cfg     Config
	ledger  *Ledger
	queue   sim.Queue
	rec     sim.Recorder
	staking Staking
	procs   []Process
	paidTo  sim.Time // emissions are paid up to here
	started struct{ supply, circulating Amount }
	last    struct {
		at                  sim.Time
		supply, circulating Amount
	} // at the previous sample
}

// NewModel returns a model at time 0 with the genesis supply booked.
func NewModel(cfg Config, rec sim.Recorder) (*Model, error) {
	if cfg.Step <= 0 || cfg.SampleEvery <= 0 || cfg.Duration <= 0 {
		return nil, fmt.Errorf("token: step %v, sample interval %v and duration %v must be positive", cfg.Step, cfg.SampleEvery, cfg.Duration)
	}
	ledger, err := NewLedger(cfg.Genesis, cfg.Reserve)
	if err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, ledger: ledger, rec: rec}
	m.started.supply, m.started.circulating = ledger.Supply(), ledger.Circulating()
	m.queue.Push(sim.Event{At: cfg.Step, Kind: kindEmit})
	m.queue.Push(sim.Event{At: 0, Kind: kindSample})
	m.declareFigures()
	return m, nil
}

// Staking is what the chain tells the emission schedules: how much is
// staked. Without one, nothing is.
type Staking interface {
	Bonded() Amount
	Stakes() []Amount
}

// SetStaking connects the chain, for the schedules that depend on it.
func (m *Model) SetStaking(s Staking) { m.staking = s }

func (m *Model) state() State {
	if m.staking == nil {
		return State{}
	}
	return State{Bonded: m.staking.Bonded(), Stakes: m.staking.Stakes()}
}

// SetEmissionRate changes emission i, a constant schedule, to perYear
// from time at on (a governance decision): what was due before at is paid
// at the old rate first.
func (m *Model) SetEmissionRate(i int, perYear Amount, at sim.Time) error {
	if i < 0 || i >= len(m.cfg.Emissions) {
		return fmt.Errorf("token: no emission %d (the scenario has %d)", i, len(m.cfg.Emissions))
	}
	if _, ok := m.cfg.Emissions[i].Schedule.(Constant); !ok {
		return fmt.Errorf("token: %s is not a constant schedule; only a constant rate can change during a run", m.cfg.Emissions[i].Name)
	}
	if err := m.payEmissions(at); err != nil {
		return err
	}
	m.cfg.Emissions[i].Schedule = Constant{PerYear: perYear, From: max(at, m.paidTo)}
	return nil
}

// EmissionRate returns emission i's rate per year when it is constant.
func (m *Model) EmissionRate(i int) Amount {
	if i >= 0 && i < len(m.cfg.Emissions) {
		if c, ok := m.cfg.Emissions[i].Schedule.(Constant); ok {
			return c.PerYear
		}
	}
	return Amount{}
}

// Ledger returns the model's ledger, for other models to settle on.
func (m *Model) Ledger() *Ledger { return m.ledger }

var _ sim.Shard = (*Model)(nil)

// Process is a model that settles on the ledger inside the token shard:
// the chain is the ledger's settlement layer, so its events interleave
// with the emissions' in one time order, with no barrier in between.
type Process interface {
	// Next returns the time of the process's next event (sim.Never if none).
	Next() sim.Time
	// Step runs that event; effects for other shards go to out, which
	// is nil when the model is advanced outside the kernel (tests).
	Step(out *sim.Outbox) error
}

// Attach adds a process; at equal times the token model's own events run
// first, then processes in the order attached.
func (m *Model) Attach(p Process) { m.procs = append(m.procs, p) }

var _ sim.Shard = (*Model)(nil)

// Advance runs every event before until, its own and its processes', in
// time order.
func (m *Model) Advance(until sim.Time, out *sim.Outbox) error {
	for n := 1; ; n++ {
		if n%4096 == 0 && out.Stopped() {
			return sim.ErrStopped
		}
		at, who := m.queue.Peek(), -1
		for i, p := range m.procs {
			if t := p.Next(); t < at {
				at, who = t, i
			}
		}
		if at >= until {
			return nil
		}
		if who >= 0 {
			if err := m.procs[who].Step(out); err != nil {
				return err
			}
			continue
		}
		e, _ := m.queue.Pop()
		if err := m.handle(e); err != nil {
			return err
		}
	}
}

func (m *Model) handle(e sim.Event) error {
	switch e.Kind {
	case kindEmit:
		m.queue.Push(sim.Event{At: e.At + m.cfg.Step, Kind: kindEmit})
		return m.payEmissions(e.At)
	case kindSample:
		m.sample(e.At)
		m.queue.Push(sim.Event{At: e.At + m.cfg.SampleEvery, Kind: kindSample})
	}
	return nil
}

// Apply books an effect sent by another shard: a transfer, mint or burn
// made with TransferEffect, MintEffect or BurnEffect. It fails (and stops
// the run) when the payer cannot pay, as an overdraft on the ledger would.
func (m *Model) Apply(e sim.Effect) error {
	op, err := decodeEffect(e)
	if err != nil {
		return err
	}
	switch e.Kind {
	case EffectTransfer:
		err = m.ledger.Transfer(op.from, op.to, op.amount, op.kind)
	case EffectMint:
		err = m.ledger.Mint(op.to, op.amount, op.kind)
	case EffectBurn:
		err = m.ledger.Burn(op.from, op.amount, op.kind)
	}
	if err != nil {
		return fmt.Errorf("token: effect %d from shard %d at %v: %w", e.Seq, e.From, e.At, err)
	}
	return nil
}

// Check verifies conservation; the kernel calls it at every barrier.
func (m *Model) Check(epoch int64) error { return m.ledger.Check(epoch) }

// Finish pays what is due up to the horizon, takes the last sample and
// sets the summary metrics. Call it once, after the run reached Duration.
func (m *Model) Finish() error {
	end := m.cfg.Duration
	if err := m.payEmissions(end); err != nil {
		return err
	}
	m.sample(end)
	l := m.ledger
	years := end.Seconds() / sim.Year.Seconds()
	m.rec.Metric("token.supply.start", m.tokens(m.started.supply))
	m.rec.Metric("token.supply.end", m.tokens(l.Supply()))
	m.rec.Metric("token.minted", m.tokens(l.Minted()))
	m.rec.Metric("token.burned", m.tokens(l.Burned()))
	m.rec.Metric("token.conservation_error", m.tokens(l.ConservationError()))
	m.rec.Metric("token.circulating.start", m.tokens(m.started.circulating))
	m.rec.Metric("token.circulating.end", m.tokens(l.Circulating()))
	m.rec.Metric("token.reserve.end", m.tokens(l.Balance(Reserve)))
	m.rec.Metric("token.inflation.annualized", annualized(m.started.supply, l.Supply(), years))
	m.rec.Metric("token.circulating.growth.annualized", annualized(m.started.circulating, l.Circulating(), years))
	if m.cfg.Price != nil {
		m.rec.Metric("token.price_usd.end", m.cfg.Price.At(end))
	}
	var moved []string
	for _, k := range FlowKinds() {
		m.rec.Metric("token.flow."+k.String(), m.tokens(l.Journal(k)))
		if !l.Journal(k).IsZero() && k != FlowTransfer {
			moved = append(moved, "token.flow."+k.String())
		}
	}
	if len(moved) > 0 {
		m.rec.Figure(sim.Figure{
			Name:    "token-flows",
			Title:   "Where tokens flow",
			Caption: "Cumulative tokens moved by each kind of ledger flow that occurred in the run: emissions, staking rewards, commission, fees, burns, slashes, payments, stake bonded and unbonded.",
			Kind:    sim.Lines,
			Series:  moved,
			YLabel:  "cumulative (tokens)",
			LogY:    true,
		})
	}
	return l.Check(-1)
}

// annualized returns the compound yearly growth rate that takes start to
// end in the given number of years: (end/start)^(1/years) − 1; NaN when
// start is not positive.
func annualized(start, end Amount, years float64) float64 {
	s, e := start.Float64(), end.Float64()
	if s <= 0 || years <= 0 {
		return math.NaN()
	}
	return math.Pow(e/s, 1/years) - 1
}

func (m *Model) payEmissions(to sim.Time) error {
	if to <= m.paidTo {
		return nil
	}
	for _, e := range m.cfg.Emissions {
		if err := e.pay(m.ledger, m.paidTo, to, m.state()); err != nil {
			return fmt.Errorf("%s at %v: %w", e.Name, to, err)
		}
	}
	m.paidTo = to
	return nil
}

// tokens converts base units to whole tokens for reporting, correctly
// rounded: parsing the exact decimal text avoids the two roundings of
// a.Float64() / 10^decimals (870000000 tokens, not 870000000.0000001).
func (m *Model) tokens(a Amount) float64 {
	f, _ := strconv.ParseFloat(a.Text(m.cfg.Decimals), 64)
	return f
}

func (m *Model) sample(t sim.Time) {
	l := m.ledger
	m.rec.Sample("token.supply", t, m.tokens(l.Supply()))
	m.rec.Sample("token.circulating", t, m.tokens(l.Circulating()))
	m.rec.Sample("token.reserve", t, m.tokens(l.Balance(Reserve)))
	m.rec.Sample("token.minted", t, m.tokens(l.Minted()))
	m.rec.Sample("token.burned", t, m.tokens(l.Burned()))
	// Growth since the previous sample, annualized (compound).
	if t > m.last.at {
		years := (t - m.last.at).Seconds() / sim.Year.Seconds()
		m.rec.Sample("token.inflation", t, annualized(m.last.supply, l.Supply(), years))
		m.rec.Sample("token.circulating_growth", t, annualized(m.last.circulating, l.Circulating(), years))
	}
	m.last.at, m.last.supply, m.last.circulating = t, l.Supply(), l.Circulating()
	for _, k := range FlowKinds() {
		m.rec.Sample("token.flow."+k.String(), t, m.tokens(l.Journal(k)))
	}
	if m.cfg.Price != nil {
		usd := m.cfg.Price.At(t)
		m.rec.Sample("token.price_usd", t, usd)
		m.rec.Sample("token.market_cap_usd", t, usd*m.tokens(l.Circulating()))
	}
}

func (m *Model) declareFigures() {
	unit := "tokens"
	if m.cfg.Symbol != "" {
		unit = m.cfg.Symbol
	}
	m.rec.Figure(sim.Figure{
		Name:    "token-supply",
		Title:   "Token supply",
		Caption: "Total supply (genesis + minted − burned), the part of it in circulation (less the reserve) and the reserve itself, sampled over the run.",
		Kind:    sim.Lines,
		Series:  []string{"token.supply", "token.circulating", "token.reserve"},
		YLabel:  "supply (" + unit + ")",
	})
	m.rec.Figure(sim.Figure{
		Name:    "token-minted-burned",
		Title:   "Tokens minted and burned",
		Caption: "Cumulative tokens created by minting emissions and destroyed by burns since the start of the run.",
		Kind:    sim.Lines,
		Series:  []string{"token.minted", "token.burned"},
		YLabel:  "cumulative (" + unit + ")",
	})
	m.rec.Figure(sim.Figure{
		Name:    "token-inflation",
		Title:   "Inflation and circulating growth",
		Caption: "Growth of the total supply (net of burns) and of the circulating supply between samples, annualized. Reserve payouts grow only the circulating supply.",
		Kind:    sim.Lines,
		Series:  []string{"token.inflation", "token.circulating_growth"},
		YLabel:  "growth (1/year)",
	})
	if m.cfg.Price != nil {
		m.rec.Figure(sim.Figure{
			Name:    "token-price",
			Title:   "Token price",
			Caption: "The scenario's USD price process, sampled over the run.",
			Kind:    sim.Lines,
			Series:  []string{"token.price_usd"},
			YLabel:  "price (USD per " + unit + ")",
		})
	}
}
