package chain

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// validator is one validator; its stakers are listed in members.
type validator struct {
	stake       token.Amount  // bonded by all its stakers; == ledger balance of pool
	pending     token.Amount  // rewards allocated to it, not yet paid out
	earned      token.Amount  // all rewards allocated to it (report)
	pool        token.Account // holds stake
	operator    int32         // the staker holding its self stake, who takes commission
	commission  float64
	commPPB     int64 // commission in parts per billion
	uptime      float64
	selfWeight  float64  // genesis weight of its self stake
	jailedUntil sim.Time // not active before this time
	tombstoned  bool     // double signed: never active again
	members     []int32  // stakers bonded to it
}

// Event kinds of the chain's queue.
const (
	kindEpoch uint16 = iota
	kindCheckpoint
	kindRelease
	kindSample
	kindProposal
)

// Model is the chain. It runs as a token.Process inside the token shard,
// since the chain is where the ledger settles; other shards reach it
// through effects applied to the token shard.
type Model struct {
	cfg    Config
	p      Params
	ledger *token.Ledger
	tok    *token.Model
	rec    sim.Recorder
	queue  sim.Queue
	stream sim.Stream
	rng    *rand.Rand // draws from stream
	md     token.MulDiv

	vals      []validator
	stakerVal []int32        // each staker's validator
	stake     []token.Amount // each staker's bonded tokens
	unbonding []token.Amount // each staker's tokens waiting to unbond
	releaseAt []sim.Time     // when they are released
	liquid    token.Account  // staker i's liquid account is liquid + i
	rewards   token.Account  // holds every validator's pending rewards
	unbondAcc token.Account  // holds every staker's unbonding tokens
	bonded    token.Amount   // Σ stake
	active    []int          // scratch: the active set
	weights   []int64        // scratch: stake weights of one split
	paid      []token.Amount // scratch: a split's shares

	startRatio    float64
	prevRatio     float64 // staked ratio after the previous payout
	carriedBlocks int64
	lastSupply    token.Amount // supply at the previous reward epoch
	stats         stats
	changed       []string // keys governance changed, sampled as series
}

// stats are the run's totals and means for the summary.
type stats struct {
	slashed               token.Amount
	aprSum, realSum       float64
	aprN                  int
	checkpoints, failed   int
	jailings, doubleSigns int
	proposals, passed     int
	lastAPR, lastReal     float64
}

// New builds the chain on tok's ledger at t = 0: opens its accounts,
// draws validators and delegators, bonds the initial stake from the
// External holders and schedules its events. It attaches itself to tok.
func New(cfg Config, tok *token.Model, rec sim.Recorder) (*Model, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, p: cfg.Params, ledger: tok.Ledger(), tok: tok, rec: rec,
		stream: sim.NewStream(cfg.Seed, "chain", 0)}
	m.rng = rand.New(&m.stream)
	l := m.ledger
	v, n := cfg.Validators, cfg.Validators+cfg.Delegators
	m.rewards = l.Open(1)
	m.unbondAcc = l.Open(1)
	pools := l.Open(v)
	m.liquid = l.Open(n)
	m.vals = make([]validator, v)
	m.stakerVal = make([]int32, n)
	m.stake = make([]token.Amount, n)
	m.unbonding = make([]token.Amount, n)
	m.releaseAt = make([]sim.Time, n)
	for i := range m.vals {
		val := &m.vals[i]
		val.pool = pools + token.Account(i)
		val.operator = int32(i)
		val.commission = min(1, 2*cfg.Params.Commission*m.rng.Float64())
		val.commPPB = ppb(val.commission)
		val.uptime = math.Min(1, math.Max(0, cfg.Uptime.Sample(&m.stream)))
		val.selfWeight = math.Exp(m.rng.NormFloat64())
		m.stakerVal[i] = int32(i)
	}
	pick := newPicker(cfg.Delegation, m.vals)
	for d := v; d < n; d++ {
		m.stakerVal[d] = int32(pick.pick(m.rng))
	}
	for s, vi := range m.stakerVal {
		m.vals[vi].members = append(m.vals[vi].members, int32(s))
	}
	if err := m.genesisStake(); err != nil {
		return nil, err
	}
	m.groupByValidator()
	m.lastSupply = l.Supply()
	m.startRatio = m.ratio()
	m.prevRatio = m.startRatio
	m.queue.Push(sim.Event{At: cfg.RewardEpoch, Kind: kindEpoch})
	if cfg.Rewards == CheckpointRewards {
		m.queue.Push(sim.Event{At: cfg.CheckpointInterval, Kind: kindCheckpoint})
	}
	m.queue.Push(sim.Event{At: 0, Kind: kindSample})
	for i, p := range cfg.Proposals {
		m.queue.Push(sim.Event{At: p.At, Kind: kindProposal, Arg: int64(i)})
		m.noteChange(p.Key)
	}
	m.declareFigures()
	tok.SetStaking(m)
	tok.Attach(m)
	return m, nil
}

// Next returns the time of the chain's next event.
func (m *Model) Next() sim.Time { return m.queue.Peek() }

// Step runs the chain's next event.
func (m *Model) Step(out *sim.Outbox) error {
	e, ok := m.queue.Pop()
	if !ok {
		return nil
	}
	return m.handle(e, out)
}

func (m *Model) handle(e sim.Event, out *sim.Outbox) error {
	switch e.Kind {
	case kindEpoch:
		m.queue.Push(sim.Event{At: e.At + m.cfg.RewardEpoch, Kind: kindEpoch})
		return m.epoch(e.At)
	case kindCheckpoint:
		m.queue.Push(sim.Event{At: e.At + m.cfg.CheckpointInterval, Kind: kindCheckpoint})
		return m.checkpoint(e.At)
	case kindRelease:
		return m.release(e.At)
	case kindSample:
		m.sample(e.At)
		m.queue.Push(sim.Event{At: e.At + m.cfg.SampleEvery, Kind: kindSample})
	case kindProposal:
		return m.vote(e.At, int(e.Arg), out)
	}
	return nil
}

// Bonded returns the tokens staked (token.Staking, for the schedules).
func (m *Model) Bonded() token.Amount { return m.bonded }

// Stakes returns each validator's stake (token.Staking).
func (m *Model) Stakes() []token.Amount {
	out := make([]token.Amount, len(m.vals))
	for i := range m.vals {
		out[i] = m.vals[i].stake
	}
	return out
}

// Pending returns the rewards validator v has been allocated and not yet
// paid out to its stakers.
func (m *Model) Pending(v int) token.Amount { return m.vals[v].pending }

// Earned returns all rewards allocated to validator v so far.
func (m *Model) Earned(v int) token.Amount { return m.vals[v].earned }

// SetUptime overrides validator v's uptime (for tests and what-ifs).
func (m *Model) SetUptime(v int, uptime float64) { m.vals[v].uptime = uptime }

// StakeOf returns validator v's bonded stake.
func (m *Model) StakeOf(v int) token.Amount { return m.vals[v].stake }

// ratio returns bonded / total supply.
func (m *Model) ratio() float64 {
	s := m.ledger.Supply().Float64()
	if s <= 0 {
		return 0
	}
	return m.bonded.Float64() / s
}

// Check verifies the chain's books against the ledger: each pool holds
// its members' stakes, the rewards account the pending rewards, the
// unbonding account what waits to unbond.
func (m *Model) Check(epoch int64) error {
	l := m.ledger
	// Sums of parts of the ledger: they fit (doc.go); a broken invariant
	// shows as a mismatch below.
	var pending, unbonding, bonded token.Amount
	for i := range m.vals {
		val := &m.vals[i]
		var sum token.Amount
		for _, s := range val.members {
			sum, _ = sum.Add(m.stake[s])
		}
		if sum.Cmp(val.stake) != 0 || sum.Cmp(l.Balance(val.pool)) != 0 {
			return fmt.Errorf("chain: at epoch %d validator %d's stakers hold %v, its stake is %v and its pool %v", epoch, i, sum, val.stake, l.Balance(val.pool))
		}
		pending, _ = pending.Add(val.pending)
		bonded, _ = bonded.Add(val.stake)
	}
	for _, u := range m.unbonding {
		unbonding, _ = unbonding.Add(u)
	}
	switch {
	case pending.Cmp(l.Balance(m.rewards)) != 0:
		return fmt.Errorf("chain: at epoch %d pending rewards %v differ from the rewards account %v", epoch, pending, l.Balance(m.rewards))
	case unbonding.Cmp(l.Balance(m.unbondAcc)) != 0:
		return fmt.Errorf("chain: at epoch %d unbonding %v differs from the unbonding account %v", epoch, unbonding, l.Balance(m.unbondAcc))
	case bonded.Cmp(m.bonded) != 0:
		return fmt.Errorf("chain: at epoch %d bonded total %v differs from the validators' %v", epoch, m.bonded, bonded)
	}
	return nil
}
