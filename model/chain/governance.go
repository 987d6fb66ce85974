package chain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// runtimeKeys are the scenario keys a governance proposal may change while
// the chain runs: the chain's Params and a constant emission's rate.
// Anything else is fixed when the run is built.
var runtimeKeys = regexp.MustCompile(`^(chain\.(commission|downtime_slash|double_sign_slash|slashing|proposer_bonus|checkpoint_reward|staking\.opportunity_apr|staking\.elasticity)|token\.emission(\.[0-9]+)?\.per_year)$`)

// RuntimeKeys lists, for messages, the keys IsRuntimeKey accepts.
const RuntimeKeys = "chain.commission, chain.downtime_slash, chain.double_sign_slash, chain.slashing, chain.proposer_bonus, chain.checkpoint_reward, chain.staking.opportunity_apr, chain.staking.elasticity, token.emission.N.per_year (constant schedules)"

// IsRuntimeKey reports whether governance can change key during a run.
func IsRuntimeKey(key string) bool { return runtimeKeys.MatchString(key) }

// vote holds proposal i's stake-weighted vote at t: each validator with
// stake votes with the chance of its uptime and approves with the chance
// Support, carrying its delegators' stake. The proposal passes with a
// turnout of at least Quorum of the bonded stake and more than Threshold
// of the votes cast in favour; it then takes effect at once.
func (m *Model) vote(t sim.Time, i int, out *sim.Outbox) error {
	p := m.cfg.Proposals[i]
	var voted, yes float64
	for k := range m.vals {
		v := &m.vals[k]
		if v.tombstoned || v.stake.Sign() <= 0 || m.rng.Float64() >= v.uptime {
			continue
		}
		voted += v.stake.Float64()
		if m.rng.Float64() < m.cfg.Support {
			yes += v.stake.Float64()
		}
	}
	m.stats.proposals++
	passed := voted >= p.Quorum*m.bonded.Float64() && voted > 0 && yes > p.Threshold*voted
	name := fmt.Sprintf("chain.proposal.%d", i)
	m.rec.Metric(name+".turnout", voted/max(m.bonded.Float64(), 1))
	m.rec.Metric(name+".yes_share", yes/max(voted, 1))
	m.rec.Metric(name+".passed", b2f(passed))
	if !passed {
		return nil
	}
	m.stats.passed++
	m.rec.Metric(name+".at_s", t.Seconds())
	if !IsRuntimeKey(p.Key) && m.cfg.Route != nil {
		shard, ok := m.cfg.Route(p.Key)
		if !ok {
			return fmt.Errorf("chain: proposal %d passed, but no model applies %s", i, p.Key)
		}
		if out != nil {
			out.Emit(sim.Effect{At: t, To: shard, Kind: EffectProposalPassed, A: int64(i)})
		}
		return nil
	}
	return m.set(t, p.Key, p.Value)
}

// EffectProposalPassed tells the shard of the model that owns a
// proposal's key that proposal A (its index among the scenario's
// proposals) passed at the effect's time: that model applies the change,
// from the barrier on.
const EffectProposalPassed int32 = 0x676f7600 // "gov\x00"

// set changes a runtime key to the TOML text value.
func (m *Model) set(t sim.Time, key, value string) error {
	if !IsRuntimeKey(key) {
		return fmt.Errorf("chain: %s cannot change during a run (%s)", key, RuntimeKeys)
	}
	value = strings.TrimSpace(value)
	if strings.HasPrefix(key, "token.emission") {
		i := 0
		if parts := strings.Split(key, "."); len(parts) == 4 {
			i, _ = strconv.Atoi(parts[2])
		}
		a, err := token.ParseAmount(strings.ReplaceAll(value, "_", ""), m.cfg.Decimals)
		if err != nil {
			return fmt.Errorf("chain: %s = %s: %w", key, value, err)
		}
		m.noteChange(key)
		return m.tok.SetEmissionRate(i, a, t)
	}
	p := m.p
	switch key {
	case "chain.slashing":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("chain: %s = %s: want true or false", key, value)
		}
		p.Slashing = b
	case "chain.checkpoint_reward":
		a, err := token.ParseAmount(strings.ReplaceAll(value, "_", ""), m.cfg.Decimals)
		if err != nil {
			return fmt.Errorf("chain: %s = %s: %w", key, value, err)
		}
		p.CheckpointReward = a
	default:
		f, err := strconv.ParseFloat(strings.ReplaceAll(value, "_", ""), 64)
		if err != nil {
			return fmt.Errorf("chain: %s = %s: want a number", key, value)
		}
		switch key {
		case "chain.commission":
			m.rescaleCommission(f)
			p.Commission = f
		case "chain.downtime_slash":
			p.DowntimeSlash = f
		case "chain.double_sign_slash":
			p.DoubleSignSlash = f
		case "chain.proposer_bonus":
			p.ProposerBonus = f
		case "chain.staking.opportunity_apr":
			p.OpportunityAPR = f
		case "chain.staking.elasticity":
			p.Elasticity = f
		}
	}
	if err := checkShares(p); err != nil {
		return err
	}
	m.p = p
	m.noteChange(key)
	return nil
}

// rescaleCommission moves every validator's commission in proportion to
// the new mean (all to it when the old mean was zero).
func (m *Model) rescaleCommission(mean float64) {
	for i := range m.vals {
		v := &m.vals[i]
		if m.p.Commission > 0 {
			v.commission = min(1, v.commission*mean/m.p.Commission)
		} else {
			v.commission = mean
		}
		v.commPPB = ppb(v.commission)
	}
}

// noteChange adds key to the parameters sampled as series.
func (m *Model) noteChange(key string) {
	for _, k := range m.changed {
		if k == key {
			return
		}
	}
	m.changed = append(m.changed, key)
}

// param returns the current value of a changed key, for its series.
func (m *Model) param(key string) float64 {
	switch key {
	case "chain.commission":
		return m.p.Commission
	case "chain.downtime_slash":
		return m.p.DowntimeSlash
	case "chain.double_sign_slash":
		return m.p.DoubleSignSlash
	case "chain.slashing":
		return b2f(m.p.Slashing)
	case "chain.proposer_bonus":
		return m.p.ProposerBonus
	case "chain.checkpoint_reward":
		return m.tokens(m.p.CheckpointReward)
	case "chain.staking.opportunity_apr":
		return m.p.OpportunityAPR
	case "chain.staking.elasticity":
		return m.p.Elasticity
	}
	i := 0
	if parts := strings.Split(key, "."); len(parts) == 4 {
		i, _ = strconv.Atoi(parts[2])
	}
	return m.tokens(m.tok.EmissionRate(i))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
