package chain

import (
	"fmt"
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// CheckpointReward is BTTC's reward for one checkpoint (SYSTEMS.md):
//
//	⌊base × blocks × signing / (1024 × total)⌋
//
// with base the reward per 1024 blocks when every validator signs, and
// signing and total the stake that signed and the active set's stake.
// The products are held in big integers; ok is false only when the reward
// itself does not fit in 128 bits.
func CheckpointReward(md *token.MulDiv, base token.Amount, blocks int64, signing, total token.Amount) (token.Amount, bool) {
	if total.Sign() <= 0 {
		return token.Amount{}, true
	}
	return md.DoScaled(base, blocks, 1024, signing, total)
}

// checkpoint runs one BTTC checkpoint at t: each active validator signs
// with its uptime; with enough signers (head count ⌊2n/3⌋+1, or more than
// 2/3 of the stake) the checkpoint is accepted and its reward, paid from
// the reserve (while it lasts) or minted, goes a proposer bonus to a
// proposer drawn among the signers by stake and the rest to the signers
// by stake. Non-signers get nothing. A rejected checkpoint's blocks carry
// to the next one.
func (m *Model) checkpoint(t sim.Time) error {
	l := m.ledger
	blocks := int64(m.cfg.CheckpointInterval/m.cfg.BlockTime) + m.carriedBlocks
	set := m.activeSet(t)
	var total, signing token.Amount
	signers := make([]int, 0, len(set))
	for _, i := range set {
		// Stakes are part of the ledger: their sums fit (see doc.go).
		total, _ = total.Add(m.vals[i].stake)
		if m.rng.Float64() < m.vals[i].uptime {
			signers = append(signers, i)
			signing, _ = signing.Add(m.vals[i].stake)
		}
	}
	m.stats.checkpoints++
	accepted := len(signers) >= 2*len(set)/3+1
	if !m.cfg.HeadcountQuorum {
		// 3·signing > 2·total ⇔ signing > ⌊2·total/3⌋, without the
		// products, which could pass 128 bits. MulFrac's quotient is at
		// most total: it cannot fail.
		twoThirds, _, _ := total.MulFrac(2, 3)
		accepted = signing.Cmp(twoThirds) > 0
	}
	if !accepted || len(set) == 0 {
		m.stats.failed++
		m.carriedBlocks = blocks
		return nil
	}
	m.carriedBlocks = 0
	reward, ok := CheckpointReward(&m.md, m.p.CheckpointReward, blocks, signing, total)
	if !ok {
		return fmt.Errorf("chain: the checkpoint reward of %v base units per 1024 blocks over %d blocks overflows the ledger's signed 128-bit base units", m.p.CheckpointReward, blocks)
	}
	if m.cfg.CheckpointMint {
		if err := l.Mint(m.rewards, reward, token.FlowEmission); err != nil {
			return fmt.Errorf("chain: checkpoint at %v: %w", t, err)
		}
	} else {
		if left := l.Balance(token.Reserve); reward.Cmp(left) > 0 {
			reward = left
		}
		if err := l.Transfer(token.Reserve, m.rewards, reward, token.FlowEmission); err != nil {
			return err
		}
	}
	proposer := m.pickProposer(signers, signing)
	// A share in [0, 1] of the reward, and the rest: part of the ledger.
	bonus, _, _ := reward.MulFrac(ppb(m.p.ProposerBonus), 1e9)
	rest, _ := reward.Sub(bonus)
	return m.allocate(signers, rest, bonus, proposer)
}

// pickProposer draws a signer with probability proportional to stake.
func (m *Model) pickProposer(signers []int, signing token.Amount) int {
	x := m.rng.Float64() * signing.Float64()
	var sum float64
	for _, i := range signers {
		sum += m.vals[i].stake.Float64()
		if x < sum {
			return i
		}
	}
	return signers[len(signers)-1]
}
