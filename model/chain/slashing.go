package chain

import (
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// slash burns share of validator i's stake, taking from each of its
// stakers the same share (floored), so the books stay exact.
func (m *Model) slash(i int, share float64) error {
	p := ppb(share)
	if p == 0 {
		return nil
	}
	v := &m.vals[i]
	// Shares of stakes and their sums: part of the ledger (doc.go); the
	// slashed total is at most the ledger's checked burned total.
	var cut token.Amount
	for _, s := range v.members {
		c, _, _ := m.stake[s].MulFrac(p, 1e9)
		m.stake[s], _ = m.stake[s].Sub(c)
		cut, _ = cut.Add(c)
	}
	if err := m.ledger.Burn(v.pool, cut, token.FlowSlash); err != nil {
		return err
	}
	v.stake, _ = v.stake.Sub(cut)
	m.bonded, _ = m.bonded.Sub(cut)
	m.stats.slashed, _ = m.stats.slashed.Add(cut)
	return nil
}

// doubleSigns draws, for each validator that may still sign, whether it
// double signed during the epoch (Poisson at DoubleSignPerYear); with
// slashing on it is slashed DoubleSignSlash and tombstoned.
func (m *Model) doubleSigns(t sim.Time) error {
	if !m.p.Slashing || m.cfg.DoubleSignPerYear <= 0 {
		return nil
	}
	p := m.cfg.DoubleSignPerYear * m.cfg.RewardEpoch.Seconds() / sim.Year.Seconds()
	for i := range m.vals {
		if m.vals[i].tombstoned || m.rng.Float64() >= p {
			continue
		}
		if err := m.slash(i, m.p.DoubleSignSlash); err != nil {
			return err
		}
		m.vals[i].tombstoned = true
		m.stats.doubleSigns++
	}
	return nil
}

// unbond starts unbonding share (ppb) of every staker's stake: the tokens
// leave the pools for the unbonding account and reach the stakers'
// liquid accounts after the unbonding period. A staker that unbonds again
// before its last unbonding ended waits for both until the later time.
func (m *Model) unbond(t sim.Time, share int64) error {
	if share <= 0 {
		return nil
	}
	release := t + m.cfg.Unbonding
	for i := range m.vals {
		v := &m.vals[i]
		// Shares of stakes moved to unbonding: part of the ledger (doc.go).
		var out token.Amount
		for _, s := range v.members {
			u, _, _ := m.stake[s].MulFrac(share, 1e9)
			if u.Sign() == 0 {
				continue
			}
			m.stake[s], _ = m.stake[s].Sub(u)
			m.unbonding[s], _ = m.unbonding[s].Add(u)
			m.releaseAt[s] = release
			out, _ = out.Add(u)
		}
		if err := m.ledger.Transfer(v.pool, m.unbondAcc, out, token.FlowStake); err != nil {
			return err
		}
		v.stake, _ = v.stake.Sub(out)
		m.bonded, _ = m.bonded.Sub(out)
	}
	m.queue.Push(sim.Event{At: release, Kind: kindRelease})
	return nil
}

// release pays out every unbonding whose time has come.
func (m *Model) release(t sim.Time) error {
	for s, u := range m.unbonding {
		if u.Sign() == 0 || m.releaseAt[s] > t {
			continue
		}
		if err := m.ledger.Transfer(m.unbondAcc, m.liquid+token.Account(s), u, token.FlowStake); err != nil {
			return err
		}
		m.unbonding[s] = token.Amount{}
	}
	return nil
}
