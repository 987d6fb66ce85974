package chain

import (
	"math"
	"math/big"
	"sync"
	"testing"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// memRecorder keeps metrics and the last sample of each series.
type memRecorder struct {
	mu      sync.Mutex
	metrics map[string]float64
	last    map[string]float64
}

func newRec() *memRecorder {
	return &memRecorder{metrics: map[string]float64{}, last: map[string]float64{}}
}
func (r *memRecorder) Sample(name string, _ sim.Time, v float64) {
	r.mu.Lock()
	r.last[name] = v
	r.mu.Unlock()
}
func (r *memRecorder) Observe(string, float64) {}
func (r *memRecorder) Metric(name string, v float64) {
	r.mu.Lock()
	r.metrics[name] = v
	r.mu.Unlock()
}
func (r *memRecorder) Figure(sim.Figure) {}

func amt(t *testing.T, s string, decimals int) token.Amount {
	t.Helper()
	a, err := token.ParseAmount(s, decimals)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// setup builds a token model and a chain on it.
func setup(t *testing.T, tc token.Config, cc Config) (*token.Model, *Model, *memRecorder) {
	t.Helper()
	rec := newRec()
	if tc.Step == 0 {
		tc.Step = sim.Hour
	}
	tc.SampleEvery, tc.Duration = cc.SampleEvery, cc.Duration
	tok, err := token.NewModel(tc, rec)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := New(cc, tok, rec)
	if err != nil {
		t.Fatal(err)
	}
	return tok, ch, rec
}

// run runs to the horizon, checking ledger and chain books at every
// barrier, then finishes both.
func run(t *testing.T, tok *token.Model, ch *Model) {
	t.Helper()
	epoch := int64(0)
	err := sim.Run([]sim.Shard{tok}, ch.cfg.SampleEvery, ch.cfg.Duration, 1, func(sim.Time) error {
		epoch++
		if err := tok.Check(epoch); err != nil {
			return err
		}
		return ch.Check(epoch)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tok.Finish(); err != nil {
		t.Fatal(err)
	}
	if err := ch.Finish(); err != nil {
		t.Fatal(err)
	}
}

func baseChain() Config {
	return Config{
		Validators: 20, Delegators: 500, InitialStakedRatio: 0.5,
		BlockTime: 5 * sim.Second, RewardEpoch: sim.Day, Unbonding: 21 * sim.Day,
		Uptime: sim.ConstantDist(0.99), Rewards: EpochRewards,
		DoubleSignPerYear: 0.5, Support: 0.75, Seed: 7,
		Params: Params{Commission: 0.05, DowntimeSlash: 0.01, DoubleSignSlash: 0.05, Slashing: true,
			ProposerBonus: 0.1, OpportunityAPR: 0.05, Elasticity: 1},
		SampleEvery: 7 * sim.Day, Duration: 180 * sim.Day, Decimals: 18, GiniLimit: 1 << 20,
	}
}

// BTTC (SYSTEMS.md): per checkpoint, with every validator signing, the
// reward is base × blocks / 1024 exactly, the proposer gets its 10% bonus
// and everyone the rest by stake; a validator that never signs gets
// nothing. The expectation is computed here with math/big from the
// formula.
func TestBTTCCheckpointPaysTheFormula(t *testing.T) {
	for _, silent := range []int{-1, 3} {
		tc := token.Config{Decimals: 18, Genesis: amt(t, "990e12", 18), Reserve: amt(t, "100e12", 18)}
		cc := baseChain()
		cc.Validators, cc.Delegators, cc.Uptime = 7, 0, sim.ConstantDist(1)
		cc.Rewards, cc.HeadcountQuorum, cc.CheckpointInterval = CheckpointRewards, true, 30*sim.Minute
		cc.BlockTime, cc.MaxValidators, cc.Unbonding = 2*sim.Second, 7, 40*sim.Hour
		cc.Params.Slashing, cc.Params.CheckpointReward = false, amt(t, "29761460", 18)
		cc.Duration, cc.SampleEvery = sim.Day, sim.Day
		tok, ch, _ := setup(t, tc, cc)
		if silent >= 0 {
			ch.SetUptime(silent, 0)
		}
		reserve := tok.Ledger().Balance(token.Reserve)
		if err := tok.Advance(31*sim.Minute, nil); err != nil {
			t.Fatal(err)
		}
		// The formula, in big integers.
		var total, signing big.Int
		for i := 0; i < 7; i++ {
			total.Add(&total, ch.StakeOf(i).Big(new(big.Int)))
			if i != silent {
				signing.Add(&signing, ch.StakeOf(i).Big(new(big.Int)))
			}
		}
		r := ch.p.CheckpointReward.Big(new(big.Int))
		r.Mul(r, big.NewInt(900)) // 30 min of 2 s blocks
		r.Mul(r, &signing)
		r.Quo(r, new(big.Int).Mul(&total, big.NewInt(1024)))
		if silent < 0 {
			full := ch.p.CheckpointReward.Big(new(big.Int))
			full.Mul(full, big.NewInt(900))
			if full.Quo(full, big.NewInt(1024)); full.Cmp(r) != 0 {
				t.Fatalf("full signing: %v, want base × 900/1024 = %v", r, full)
			}
		}
		paid, _ := reserve.Sub(tok.Ledger().Balance(token.Reserve))
		if paid.Big(new(big.Int)).Cmp(r) != 0 {
			t.Fatalf("silent %d: the reserve paid %v, the formula says %v", silent, paid, r)
		}
		bonus := new(big.Int).Quo(new(big.Int).Mul(r, big.NewInt(1e8)), big.NewInt(1e9))
		rest := new(big.Int).Sub(r, bonus)
		proposers := 0
		for i := 0; i < 7; i++ {
			got := ch.Pending(i).Big(new(big.Int))
			if i == silent {
				if got.Sign() != 0 {
					t.Errorf("validator %d did not sign but got %v", i, got)
				}
				continue
			}
			share := new(big.Int).Mul(rest, ch.StakeOf(i).Big(new(big.Int)))
			share.Quo(share, &signing)
			if got.Cmp(share) == 0 {
				continue
			}
			if got.Cmp(share.Add(share, bonus)) == 0 {
				proposers++
				continue
			}
			t.Errorf("validator %d got %v, its share by stake is %v (+ bonus %v if proposer)", i, got, share, bonus)
		}
		if proposers != 1 {
			t.Errorf("%d proposers got the bonus, want 1", proposers)
		}
	}
}

// Random chains with slashing, jailing, double signs, unbonding and yield
// seeking never create or destroy a base unit: the ledger and the chain's
// books balance at every barrier (run checks), and the error is 0.
func TestConservationUnderRandomChains(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18), Reserve: amt(t, "1e8", 18),
			Emissions: []token.Emission{{Name: "e", Schedule: token.Constant{PerYear: amt(t, "7.3e7", 18)}, Recipient: token.Stakers}}}
		cc := baseChain()
		cc.Seed, cc.DoubleSignPerYear = seed, 2
		cc.Uptime = sim.UniformDist(0.8, 1)
		if seed%2 == 0 {
			cc.Behaviour, cc.Params.OpportunityAPR = YieldSeeking, 0.3
			cc.Delegation = Delegation(seed % 3)
		}
		tok, ch, rec := setup(t, tc, cc)
		run(t, tok, ch)
		if e := rec.metrics["token.conservation_error"]; e != 0 {
			t.Errorf("seed %d: conservation error %v", seed, e)
		}
		if rec.metrics["chain.slashed"] <= 0 {
			t.Errorf("seed %d: nothing slashed at 20%% downtime", seed)
		}
	}
}

// With target-staking and the staked ratio held fixed, x/mint's inflation
// goes to the bound the formula predicts: the max below the goal, the min
// above it (REFERENCES.md §7, convergence).
func TestTargetStakingFixedRatioConvergesToBound(t *testing.T) {
	for _, c := range []struct {
		ratio, want float64
	}{{0.5, 0.20}, {0.8, 0.07}} {
		ts, err := token.NewTargetStaking(0.13, 0.07, 0.20, 0.13, 0.67, sim.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tc := token.Config{Decimals: 6, Genesis: amt(t, "1e9", 6),
			Emissions: []token.Emission{{Name: "mint", Schedule: ts, Recipient: token.Stakers}}}
		cc := baseChain()
		cc.InitialStakedRatio, cc.Uptime, cc.DoubleSignPerYear = c.ratio, sim.ConstantDist(1), 0
		cc.Duration, cc.SampleEvery, cc.Decimals = 3*sim.Year, 30*sim.Day, 6
		tok, ch, rec := setup(t, tc, cc)
		run(t, tok, ch)
		t.Logf("ratio %.2f: inflation %v after 3 years, bound %v (exact); staked ratio %.4f (tolerance 0.005)",
			c.ratio, ts.Inflation(), c.want, rec.metrics["chain.staked_ratio.end"])
		if got := ts.Inflation(); got != c.want {
			t.Errorf("ratio %.2f: inflation %v after 3 years, want the bound %v", c.ratio, got, c.want)
		}
		if got := rec.metrics["chain.staked_ratio.end"]; math.Abs(got-c.ratio) > 0.005 {
			t.Errorf("fixed staking: ratio drifted from %.2f to %.4f", c.ratio, got)
		}
	}
}

// Yield-seeking stakers bond more when the APR beats the opportunity and
// unbond when it does not.
func TestYieldSeekingFollowsTheGap(t *testing.T) {
	for _, c := range []struct {
		opportunity float64
		up          bool
	}{{0.0, true}, {0.5, false}} {
		tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18),
			Emissions: []token.Emission{{Name: "e", Schedule: token.Constant{PerYear: amt(t, "1e8", 18)}, Recipient: token.Stakers}}}
		cc := baseChain()
		cc.Behaviour, cc.Params.OpportunityAPR, cc.Params.Elasticity = YieldSeeking, c.opportunity, 5
		cc.Uptime, cc.DoubleSignPerYear, cc.InitialStakedRatio = sim.ConstantDist(1), 0, 0.4
		tok, ch, rec := setup(t, tc, cc)
		run(t, tok, ch)
		end := rec.metrics["chain.staked_ratio.end"]
		t.Logf("opportunity %.2f against APR %.3f: staked ratio 0.40 -> %.4f (want it to go %s)",
			c.opportunity, rec.metrics["chain.apr.mean"], end, map[bool]string{true: "up", false: "down"}[c.up])
		if (end > 0.4) != c.up {
			t.Errorf("opportunity %.2f against APR %.3f: ratio went from 0.40 to %.4f", c.opportunity, rec.metrics["chain.apr.mean"], end)
		}
	}
}

// A proposal that passes changes the parameter in the running chain.
func TestGovernanceChangesCommission(t *testing.T) {
	tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18),
		Emissions: []token.Emission{{Name: "e", Schedule: token.Constant{PerYear: amt(t, "5e7", 18)}, Recipient: token.Stakers}}}
	cc := baseChain()
	cc.Support, cc.Uptime = 1, sim.ConstantDist(1)
	cc.Proposals = []Proposal{{At: 10 * sim.Day, Key: "chain.commission", Value: "0.2", Quorum: 0.334, Threshold: 0.5},
		{At: 20 * sim.Day, Key: "token.emission.0.per_year", Value: "0", Quorum: 0.334, Threshold: 0.5}}
	tok, ch, rec := setup(t, tc, cc)
	run(t, tok, ch)
	if rec.metrics["chain.proposal.0.passed"] != 1 || ch.p.Commission != 0.2 || rec.last["chain.param.chain.commission"] != 0.2 {
		t.Errorf("commission proposal: passed %v, commission now %v", rec.metrics["chain.proposal.0.passed"], ch.p.Commission)
	}
	t.Logf("minted %.4f tokens, 20 days at 5e7 a year = %.4f (tolerance 1)", rec.metrics["token.minted"], 5e7*20/365)
	if minted := rec.metrics["token.minted"]; math.Abs(minted-5e7*20/365) > 1 {
		t.Errorf("emission stopped at day 20: minted %v, want %v", minted, 5e7*20/365)
	}
}

// Fees in the fee pool (sent there by other shards) go to the stakers at
// the next reward epoch, in both reward schemes; every metric Finish sets
// is documented by Metrics.
func TestFeesReachStakersAndMetricsAreDocumented(t *testing.T) {
	for _, scheme := range []RewardScheme{EpochRewards, CheckpointRewards} {
		tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18), Reserve: amt(t, "1e6", 18)}
		cc := baseChain()
		cc.Rewards, cc.CheckpointInterval, cc.Params.CheckpointReward = scheme, sim.Hour, amt(t, "1", 18)
		cc.Duration, cc.Uptime, cc.DoubleSignPerYear = 3*sim.Day, sim.ConstantDist(1), 0
		tok, ch, rec := setup(t, tc, cc)
		if err := tok.Ledger().Transfer(token.External, token.FeePool, amt(t, "1000", 18), token.FlowTransfer); err != nil {
			t.Fatal(err)
		}
		run(t, tok, ch)
		if got := rec.metrics["chain.fees"]; got != 1000 {
			t.Errorf("scheme %d: fees paid %v, want 1000", scheme, got)
		}
		if !tok.Ledger().Balance(token.FeePool).IsZero() {
			t.Errorf("scheme %d: fees left in the pool", scheme)
		}
		documented := map[string]bool{}
		for _, d := range Metrics() {
			documented[d.Name] = true
		}
		for name := range rec.metrics {
			if len(name) > 6 && name[:6] == "chain." && !documented[name] {
				t.Errorf("metric %s is not in Metrics()", name)
			}
		}
	}
}

// Unbonded stake waits out the unbonding period in the unbonding account
// and then reaches the stakers' liquid accounts; with slashing off nobody
// is slashed or jailed however often validators go offline.
func TestUnbondingWaitsItsPeriod(t *testing.T) {
	tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18),
		Emissions: []token.Emission{{Name: "e", Schedule: token.Constant{PerYear: amt(t, "1e7", 18)}, Recipient: token.Stakers}}}
	cc := baseChain()
	cc.Behaviour, cc.Params.OpportunityAPR, cc.Params.Elasticity = YieldSeeking, 0.5, 5
	cc.Params.Slashing, cc.Uptime, cc.Unbonding = false, sim.ConstantDist(0.5), 10*sim.Day
	cc.Duration, cc.SampleEvery = 40*sim.Day, sim.Day
	tok, ch, rec := setup(t, tc, cc)
	l := tok.Ledger()
	if err := tok.Advance(sim.Day+sim.Hour, nil); err != nil { // the first epoch unbonds
		t.Fatal(err)
	}
	first := l.Balance(ch.unbondAcc)
	if first.Sign() <= 0 {
		t.Fatalf("nothing unbonding after the first epoch")
	}
	if err := tok.Advance(11*sim.Day-sim.Hour, nil); err != nil {
		t.Fatal(err)
	}
	if l.Balance(ch.unbondAcc).Cmp(first) < 0 {
		t.Errorf("day 1's unbonding was released before its 10 days")
	}
	if err := tok.Advance(11*sim.Day+sim.Hour, nil); err != nil {
		t.Fatal(err)
	}
	var held token.Amount
	for s := range ch.unbonding {
		if ch.releaseAt[s] <= 11*sim.Day {
			held, _ = held.Add(ch.unbonding[s])
		}
	}
	if !held.IsZero() {
		t.Errorf("%v still unbonding past its release time", held)
	}
	run(t, tok, ch)
	if rec.metrics["chain.slashed"] != 0 || rec.metrics["chain.jailings"] != 0 {
		t.Errorf("slashing off, yet slashed %v and jailed %v times", rec.metrics["chain.slashed"], rec.metrics["chain.jailings"])
	}
}

// catcher is another model's shard: it records the effects it receives.
type catcher struct{ got []sim.Effect }

func (c *catcher) Advance(sim.Time, *sim.Outbox) error { return nil }
func (c *catcher) Apply(e sim.Effect) error            { c.got = append(c.got, e); return nil }

// A passed proposal on another model's key reaches that model's shard as
// an effect naming the proposal.
func TestProposalRoutedToAnotherShard(t *testing.T) {
	tc := token.Config{Decimals: 18, Genesis: amt(t, "1e9", 18)}
	cc := baseChain()
	cc.Support, cc.Uptime, cc.SampleEvery = 1, sim.ConstantDist(1), sim.Day
	cc.Proposals = []Proposal{{At: 5 * sim.Day, Key: "market.bid_floor.value", Value: "100", Quorum: 0.334, Threshold: 0.5}}
	cc.Route = func(key string) (int, bool) { return 1, key == "market.bid_floor.value" }
	tok, _, _ := setup(t, tc, cc)
	other := &catcher{}
	if err := sim.Run([]sim.Shard{tok, other}, sim.Day, 10*sim.Day, 2, nil); err != nil {
		t.Fatal(err)
	}
	if len(other.got) != 1 || other.got[0].Kind != EffectProposalPassed || other.got[0].A != 0 || other.got[0].At != 5*sim.Day {
		t.Errorf("effects received: %+v", other.got)
	}
}
