package chain

import (
	"testing"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// The checkpoint formula holds at any stake the ledger can hold: with a
// total stake near 2^127 (where 1024 × total does not fit) full signing
// still pays base × blocks / 1024, half the stake half of it; and a base ×
// blocks past 128 bits still pays when the reward fits, and a reward that
// does not fit is reported, not paid as zero.
func TestCheckpointRewardLargeStakes(t *testing.T) {
	var md token.MulDiv
	total, _ := token.MaxAmount.Shr(1).Add(token.FromInt64(1)) // 2^126
	half, _, _ := total.MulFrac(1, 2)
	base := token.FromInt64(29_761_460)
	r, ok := CheckpointReward(&md, base, 2048, total, total)
	if want, _ := base.MulInt64(2); !ok || r.Cmp(want) != 0 {
		t.Errorf("full signing: %v (ok %v), want %v", r, ok, want)
	}
	r, ok = CheckpointReward(&md, base, 2048, half, total)
	if !ok || r.Cmp(base) != 0 {
		t.Errorf("half the stake signing: %v (ok %v), want %v", r, ok, base)
	}
	// 2^126 per 1024 blocks over 3072 blocks, half the stake signing:
	// 3·2^125 fits though base × blocks = 3·2^136 does not.
	want, _ := half.MulInt64(3)
	if r, ok := CheckpointReward(&md, total, 3*1024, half, total); !ok || r.Cmp(want) != 0 {
		t.Errorf("base × blocks past 128 bits: %v (ok %v), want %v", r, ok, want)
	}
	if _, ok := CheckpointReward(&md, token.MaxAmount, 2048, total, total); ok {
		t.Errorf("a reward past 128 bits: ok, want an overflow")
	}
}

// A run covers (0, duration]: a checkpoint due exactly at the horizon
// counts, so a day of 30-minute checkpoints has 48 and a 365-day year
// 17,520; reward epochs likewise (a 10-day run of daily epochs pays 10).
func TestCheckpointAtTheHorizonCounts(t *testing.T) {
	for _, c := range []struct {
		duration sim.Time
		want     float64
	}{{sim.Day, 48}, {365 * sim.Day, 17_520}} {
		tc := token.Config{Decimals: 18, Genesis: amt(t, "990e12", 18), Reserve: amt(t, "100e12", 18)}
		cc := baseChain()
		cc.Validators, cc.Delegators, cc.Uptime = 7, 0, sim.ConstantDist(1)
		cc.Rewards, cc.HeadcountQuorum, cc.CheckpointInterval = CheckpointRewards, true, 30*sim.Minute
		cc.BlockTime, cc.MaxValidators, cc.Unbonding = 2*sim.Second, 7, 40*sim.Hour
		cc.Params.Slashing, cc.Params.CheckpointReward = false, amt(t, "29761460", 18)
		cc.Duration, cc.SampleEvery = c.duration, sim.Day
		tok, ch, rec := setup(t, tc, cc)
		run(t, tok, ch)
		t.Logf("%v: %v checkpoints, want %v", c.duration, rec.metrics["chain.checkpoints"], c.want)
		if got := rec.metrics["chain.checkpoints"]; got != c.want {
			t.Errorf("%v of 30-minute checkpoints: %v, want %v", c.duration, got, c.want)
		}
	}
	tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18),
		Emissions: []token.Emission{{Name: "e", Schedule: token.Constant{PerYear: amt(t, "365e6", 18)}, Recipient: token.Stakers}}}
	cc := baseChain()
	cc.Duration, cc.SampleEvery, cc.Uptime, cc.DoubleSignPerYear = 10*sim.Day, sim.Day, sim.ConstantDist(1), 0
	tok, ch, rec := setup(t, tc, cc)
	run(t, tok, ch)
	// 1e6 tokens a day for 10 days, all paid out to stakers (less commission).
	paid := rec.metrics["chain.rewards"] + rec.metrics["chain.commission"]
	t.Logf("10 daily epochs paid %v tokens of the 1e7 minted", paid)
	if left := tok.Ledger().Balance(token.Stakers); !left.IsZero() || paid < 1e7-1 {
		t.Errorf("after 10 daily epochs: %v tokens paid, %v base units left with the stakers", paid, left)
	}
}
