package chain

import (
	"fmt"
	"slices"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// activeSet returns the validators that may sign at t: not jailed, not
// tombstoned, holding stake, and (with MaxValidators) among the largest by
// stake, ties to the lower index. It reuses m.active.
func (m *Model) activeSet(t sim.Time) []int {
	m.active = m.active[:0]
	for i := range m.vals {
		v := &m.vals[i]
		if !v.tombstoned && v.jailedUntil <= t && v.stake.Sign() > 0 {
			m.active = append(m.active, i)
		}
	}
	if k := m.cfg.MaxValidators; k > 0 && len(m.active) > k {
		slices.SortStableFunc(m.active, func(a, b int) int {
			return -m.vals[a].stake.Cmp(m.vals[b].stake)
		})
		m.active = m.active[:k]
		slices.Sort(m.active)
	}
	return m.active
}

// epoch runs a reward epoch: in epoch mode it draws who was online and
// slashes; it allocates the stakers' emissions and fees by stake; it pays
// every validator's pending rewards out to its stakers and lets stakers
// react. With nobody to pay, the pot waits in the Stakers account.
func (m *Model) epoch(t sim.Time) error {
	l := m.ledger
	bondedBefore := m.bonded
	if err := m.doubleSigns(t); err != nil {
		return err
	}
	set := m.activeSet(t)
	if m.cfg.Rewards == EpochRewards {
		kept := set[:0]
		for _, i := range set {
			if m.rng.Float64() < m.vals[i].uptime {
				kept = append(kept, i)
				continue
			}
			if m.p.Slashing { // missed the whole epoch: downtime
				if err := m.slash(i, m.p.DowntimeSlash); err != nil {
					return err
				}
				m.vals[i].jailedUntil = t + m.cfg.RewardEpoch + 1 // sits out the next epoch too
				m.stats.jailings++
			}
		}
		set = kept
	}
	// Fees and emissions to stakers go to the validators by stake: those
	// online in epoch mode, the active set with checkpoint rewards.
	if fees := l.Balance(token.FeePool); fees.Sign() > 0 {
		if err := l.Transfer(token.FeePool, token.Stakers, fees, token.FlowFee); err != nil {
			return err
		}
	}
	if len(set) > 0 {
		pot := l.Balance(token.Stakers)
		if err := l.Transfer(token.Stakers, m.rewards, pot, token.FlowTransfer); err != nil {
			return err
		}
		if err := m.allocate(set, pot, token.Amount{}, -1); err != nil {
			return err
		}
	}
	net, err := m.payOut(t)
	if err != nil {
		return err
	}
	m.account(t, net, bondedBefore)
	return nil
}

// allocate splits amount, held in the rewards account, among the
// validators in set by stake into their pending rewards; bonus goes to
// proposer first (if >= 0). What the floors leave goes to the Remainder
// account.
func (m *Model) allocate(set []int, amount, bonus token.Amount, proposer int) error {
	if amount.Sign() <= 0 && bonus.Sign() <= 0 {
		return nil
	}
	// Stakes, pending rewards and what is given are part of the ledger
	// (amount and bonus are in the rewards account): they fit (doc.go).
	var total, given token.Amount
	for _, i := range set {
		total, _ = total.Add(m.vals[i].stake)
	}
	fits := true
	give := func(i int, a token.Amount) {
		v := &m.vals[i]
		v.pending, _ = v.pending.Add(a)
		earned, ok := v.earned.Add(a) // over the run: not bounded by the supply
		v.earned, fits = earned, fits && ok
		given, _ = given.Add(a)
	}
	if proposer >= 0 {
		give(proposer, bonus)
	}
	if total.Sign() > 0 {
		for _, i := range set {
			share, _, _ := m.md.Do(amount, m.vals[i].stake, total) // stake ≤ total: ≤ amount
			give(i, share)
		}
	}
	if !fits {
		return fmt.Errorf("chain: a validator's rewards earned over the run pass the signed 128-bit limit")
	}
	sum, _ := amount.Add(bonus)
	left, _ := sum.Sub(given)
	if left.Sign() > 0 {
		return m.ledger.Transfer(m.rewards, token.Remainder, left, token.FlowTransfer)
	}
	return nil
}

// payOut pays each validator's pending rewards: commission to its
// operator, the rest to its stakers by stake, who restake a share of it
// as their behaviour says. It returns what the stakers got.
func (m *Model) payOut(t sim.Time) (token.Amount, error) {
	var net token.Amount
	for i := range m.vals {
		// Commission in [0, 1] of pending, the rest, and their sum are
		// part of the ledger (the rewards account).
		c, _, _ := m.vals[i].pending.MulFrac(m.vals[i].commPPB, 1e9)
		n, _ := m.vals[i].pending.Sub(c)
		net, _ = net.Add(n)
	}
	restake := m.restakeShare(net)
	for i := range m.vals {
		if err := m.payValidator(i, restake); err != nil {
			return net, err
		}
	}
	if restake < 0 {
		if err := m.unbond(t, -restake); err != nil {
			return net, err
		}
	}
	m.prevRatio = m.ratio()
	return net, nil
}

// payValidator pays validator i's pending rewards; restake (ppb, >= 0)
// of each staker's share is bonded again.
func (m *Model) payValidator(i int, restake int64) error {
	l := m.ledger
	v := &m.vals[i]
	if v.pending.Sign() == 0 {
		return nil
	}
	pending := v.pending
	v.pending = token.Amount{}
	// Every amount below is a share of pending, or a stake growing by a
	// part of it, all held on the ledger: they fit (doc.go).
	commission, _, _ := pending.MulFrac(v.commPPB, 1e9)
	op := m.liquid + token.Account(v.operator)
	if err := l.Transfer(m.rewards, op, commission, token.FlowCommission); err != nil {
		return err
	}
	net, _ := pending.Sub(commission)
	if restake < 0 {
		restake = 0
	}
	w, sum := m.stakeWeights(v.members)
	var paid, bonded token.Amount
	for k, s := range v.members {
		if w[k] == 0 {
			continue
		}
		pay, _, _ := net.MulFrac(w[k], sum)
		var re token.Amount
		switch restake {
		case 0:
		case 1e9:
			re = pay
		default:
			re, _, _ = pay.MulFrac(restake, 1e9)
		}
		liquid, _ := pay.Sub(re)
		if err := l.Transfer(m.rewards, m.liquid+token.Account(s), liquid, token.FlowStakingReward); err != nil {
			return err
		}
		m.stake[s], _ = m.stake[s].Add(re)
		bonded, _ = bonded.Add(re)
		paid, _ = paid.Add(pay)
	}
	if err := l.Transfer(m.rewards, v.pool, bonded, token.FlowStakingReward); err != nil {
		return err
	}
	v.stake, _ = v.stake.Add(bonded)
	m.bonded, _ = m.bonded.Add(bonded)
	left, _ := net.Sub(paid)
	return l.Transfer(m.rewards, token.Remainder, left, token.FlowStakingReward)
}

// stakeWeights returns the stakes of members scaled into int64 so that
// their sum fits: exact splits by MulFrac, to 2^-62 of the total.
func (m *Model) stakeWeights(members []int32) ([]int64, int64) {
	var total token.Amount
	for _, s := range members {
		total, _ = total.Add(m.stake[s]) // part of the ledger (doc.go)
	}
	shift := uint(max(0, total.BitLen()-62))
	m.weights = m.weights[:0]
	var sum int64
	for _, s := range members {
		w, _ := m.stake[s].Shr(shift).Int64() // below 2^62 after the shift
		m.weights = append(m.weights, w)
		sum += w
	}
	return m.weights, sum
}

// restakeShare returns the share (ppb) of this epoch's rewards that
// stakers bond again, or, negative, the share (ppb) of all stake they
// unbond.
func (m *Model) restakeShare(net token.Amount) int64 {
	supply := m.ledger.Supply()
	target := m.startRatio
	if m.cfg.Behaviour == YieldSeeking {
		r := m.prevRatio // before this epoch's emission diluted it
		years := m.cfg.RewardEpoch.Seconds() / sim.Year.Seconds()
		gap := m.aprOf(net, m.bonded) - m.p.OpportunityAPR
		target = min(1, max(0, r+m.p.Elasticity*gap*r*(1-r)*years))
	}
	// target ∈ [0, 1]: want ≤ supply (to float rounding) fits, and so does
	// its difference with the bonded part of the supply.
	want, _ := token.AmountFromFloat(target * supply.Float64())
	switch d, _ := want.Sub(m.bonded); {
	case d.Sign() <= 0 && m.cfg.Behaviour == YieldSeeking && m.bonded.Sign() > 0:
		return -int64(min(1e9, -d.Float64()/m.bonded.Float64()*1e9))
	case d.Sign() <= 0 || net.Sign() <= 0:
		return 0
	case d.Cmp(net) >= 0:
		return 1e9
	default:
		return int64(d.Float64() / net.Float64() * 1e9)
	}
}

// aprOf annualizes one epoch's net rewards over the bonded stake.
func (m *Model) aprOf(net, bonded token.Amount) float64 {
	if bonded.Sign() <= 0 {
		return 0
	}
	return net.Float64() / bonded.Float64() * (sim.Year.Seconds() / m.cfg.RewardEpoch.Seconds())
}
