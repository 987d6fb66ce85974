package chain

import (
	"math"
	"strconv"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// account records one reward epoch: the stakers' APR, nominal and real
// (against the supply's annualized growth over the epoch).
func (m *Model) account(t sim.Time, net, bondedBefore token.Amount) {
	apr := m.aprOf(net, bondedBefore)
	supply := m.ledger.Supply()
	perYear := sim.Year.Seconds() / m.cfg.RewardEpoch.Seconds()
	inflation := math.Pow(supply.Float64()/m.lastSupply.Float64(), perYear) - 1
	if m.lastSupply.Sign() <= 0 {
		inflation = 0
	}
	m.lastSupply = supply
	real := (1+apr)/(1+inflation) - 1
	m.stats.aprSum += apr
	m.stats.realSum += real
	m.stats.aprN++
	m.stats.lastAPR, m.stats.lastReal = apr, real
	m.rec.Sample("chain.apr", t, apr)
	m.rec.Sample("chain.apr_real", t, real)
	m.rec.Sample("chain.inflation", t, inflation)
}

// tokens converts base units to whole tokens for reporting.
func (m *Model) tokens(a token.Amount) float64 {
	f, _ := strconv.ParseFloat(a.Text(m.cfg.Decimals), 64)
	return f
}

func (m *Model) validatorStakes() []float64 {
	out := make([]float64, len(m.vals))
	for i := range m.vals {
		out[i] = m.vals[i].stake.Float64()
	}
	return out
}

// holdings returns each staker's liquid, bonded and unbonding tokens.
func (m *Model) holdings() []float64 {
	out := make([]float64, len(m.stake))
	for s := range m.stake {
		out[s] = m.ledger.Balance(m.liquid+token.Account(s)).Float64() + m.stake[s].Float64() + m.unbonding[s].Float64()
	}
	return out
}

func (m *Model) sample(t sim.Time) {
	m.rec.Sample("chain.staked_ratio", t, m.ratio())
	m.rec.Sample("chain.bonded", t, m.tokens(m.bonded))
	m.rec.Sample("chain.nakamoto_coefficient", t, float64(Nakamoto(m.validatorStakes(), 1.0/3)))
	if len(m.stake) <= m.cfg.GiniLimit {
		m.rec.Sample("chain.gini", t, Gini(m.holdings()))
	}
	m.rec.Sample("chain.slashed", t, m.tokens(m.stats.slashed))
	for _, k := range m.changed {
		m.rec.Sample("chain.param."+k, t, m.param(k))
	}
}

// Finish takes the last sample and sets the summary metrics; call it once
// after the token model's Finish.
//
// The run covers (0, Duration], as the emission schedules pay: events due
// exactly at the horizon (a reward epoch, a checkpoint, an unbonding that
// ends) run here, after the token model paid its emissions up to it, so a
// 365-day run of 30-minute checkpoints has 17,520 of them, not 17,519.
func (m *Model) Finish() error {
	end := m.cfg.Duration
	for m.queue.Peek() <= end {
		e, _ := m.queue.Pop()
		if e.Kind == kindSample {
			continue // the last sample is taken below
		}
		if err := m.handle(e, nil); err != nil {
			return err
		}
	}
	m.sample(end)
	l := m.ledger
	mean := func(sum float64) float64 {
		if m.stats.aprN == 0 {
			return math.NaN()
		}
		return sum / float64(m.stats.aprN)
	}
	m.rec.Metric("chain.staked_ratio.start", m.startRatio)
	m.rec.Metric("chain.staked_ratio.end", m.ratio())
	m.rec.Metric("chain.apr.mean", mean(m.stats.aprSum))
	m.rec.Metric("chain.apr_real.mean", mean(m.stats.realSum))
	m.rec.Metric("chain.slashed", m.tokens(m.stats.slashed))
	m.rec.Metric("chain.fees_burned", m.tokens(l.Journal(token.FlowBurn)))
	m.rec.Metric("chain.fees", m.tokens(l.Journal(token.FlowFee)))
	m.rec.Metric("chain.nakamoto_coefficient", float64(Nakamoto(m.validatorStakes(), 1.0/3)))
	m.rec.Metric("chain.gini", Gini(m.holdings()))
	m.rec.Metric("chain.rewards", m.tokens(l.Journal(token.FlowStakingReward)))
	m.rec.Metric("chain.commission", m.tokens(l.Journal(token.FlowCommission)))
	m.rec.Metric("chain.jailings", float64(m.stats.jailings))
	m.rec.Metric("chain.double_signs", float64(m.stats.doubleSigns))
	m.rec.Metric("chain.proposals_passed", float64(m.stats.passed))
	if m.cfg.Rewards == CheckpointRewards {
		m.rec.Metric("chain.checkpoints", float64(m.stats.checkpoints))
		m.rec.Metric("chain.checkpoints_failed", float64(m.stats.failed))
	}
	return m.Check(-1)
}

// Metrics lists the summary metrics the chain sets, in `list metrics`
// order.
func Metrics() []sim.MetricDoc {
	return []sim.MetricDoc{
		{Name: "chain.staked_ratio.start", Unit: "1", Doc: "bonded tokens over total supply at t=0"},
		{Name: "chain.staked_ratio.end", Unit: "1", Doc: "bonded tokens over total supply at the horizon"},
		{Name: "chain.apr.mean", Unit: "1/year", Doc: "mean over reward epochs of stakers' rewards (after commission) over bonded stake, annualized"},
		{Name: "chain.apr_real.mean", Unit: "1/year", Doc: "mean real APR: (1 + APR) / (1 + annualized supply growth) - 1"},
		{Name: "chain.slashed", Unit: "tokens", Doc: "stake burned by downtime and double-sign slashing"},
		{Name: "chain.fees_burned", Unit: "tokens", Doc: "fees burned on the ledger"},
		{Name: "chain.fees", Unit: "tokens", Doc: "fees paid to stakers"},
		{Name: "chain.nakamoto_coefficient", Unit: "validators", Doc: "fewest validators holding more than 1/3 of the stake, at the horizon"},
		{Name: "chain.gini", Unit: "1", Doc: "Gini coefficient of stakers' holdings (liquid + bonded + unbonding) at the horizon"},
		{Name: "chain.rewards", Unit: "tokens", Doc: "rewards paid to stakers after commission"},
		{Name: "chain.commission", Unit: "tokens", Doc: "commission paid to validators"},
		{Name: "chain.jailings", Unit: "count", Doc: "downtime jailings"},
		{Name: "chain.double_signs", Unit: "count", Doc: "double signs slashed and tombstoned"},
		{Name: "chain.proposals_passed", Unit: "count", Doc: "governance proposals that passed"},
		{Name: "chain.proposal.N.passed", Unit: "0/1", Doc: "whether proposal N passed (also .turnout, .yes_share, .at_s)"},
		{Name: "chain.checkpoints", Unit: "count", Doc: "checkpoints proposed (checkpoint rewards)"},
		{Name: "chain.checkpoints_failed", Unit: "count", Doc: "checkpoints without enough signers"},
	}
}

func (m *Model) declareFigures() {
	m.rec.Figure(sim.Figure{
		Name: "chain-staked-ratio", Title: "Staked ratio", Kind: sim.Lines,
		Caption: "Tokens bonded with validators over the total supply.",
		Series:  []string{"chain.staked_ratio"}, YLabel: "staked ratio (1)",
	})
	m.rec.Figure(sim.Figure{
		Name: "chain-apr", Title: "Staking APR, nominal and real", Kind: sim.Lines,
		Caption: "Each reward epoch's rewards to stakers (after commission) over bonded stake, annualized; real APR divides out the supply's annualized growth over the epoch.",
		Series:  []string{"chain.apr", "chain.apr_real", "chain.inflation"}, YLabel: "rate (1/year)",
	})
	m.rec.Figure(sim.Figure{
		Name: "chain-concentration", Title: "Stake concentration", Kind: sim.Lines,
		Caption: "Nakamoto coefficient at 1/3: the fewest validators that could halt the chain together.",
		Series:  []string{"chain.nakamoto_coefficient"}, YLabel: "validators",
	})
	if len(m.stake) <= m.cfg.GiniLimit {
		m.rec.Figure(sim.Figure{
			Name: "chain-gini", Title: "Inequality of stakers' holdings", Kind: sim.Lines,
			Caption: "Gini coefficient of each staker's liquid, bonded and unbonding tokens.",
			Series:  []string{"chain.gini"}, YLabel: "Gini (1)",
		})
	}
	if len(m.changed) > 0 {
		series := make([]string, len(m.changed))
		for i, k := range m.changed {
			series[i] = "chain.param." + k
		}
		m.rec.Figure(sim.Figure{
			Name: "chain-governance", Title: "Parameters changed by governance", Kind: sim.Lines,
			Caption: "The value in force of each parameter named by a governance proposal; a step is a proposal that passed.",
			Series:  series, YLabel: "value",
		})
	}
}
