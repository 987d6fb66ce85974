package swarm

import (
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// qiuSrikant is the steady state of the Qiu–Srikant (2004) fluid model
// (REFERENCES §1) with η = 1 and θ = 0, extended by s0 permanent seeds
// whose upload counts in μ units: the service rate is
// min{c·x, μ(x + y + s0)} and departing seeds y = λ/γ, so
//
//	x̄ = max{ λ/c , λ(1/μ − 1/γ) − s0 },  T = x̄/λ (Little).
//
// downloadLimited tells which term attains the max.
func qiuSrikant(lambda, mu, c, gamma, s0 float64) (x, y, T float64, downloadLimited bool) {
	xd := lambda / c
	xu := lambda*(1/mu-1/gamma) - s0
	x = math.Max(xd, xu)
	return x, lambda / gamma, x / lambda, xd >= xu
}

// TestQiuSrikantSteadyState runs stationary poisson swarms of identical
// peers (the worked example of REFERENCES §1: 1 GiB, 1 MiB/s up, 4 MiB/s
// down, 60 arrivals/h) in both regimes and compares time-averaged
// leechers, seeds and the mean download time with the fluid model.
//
// Tolerance 15% (REFERENCES §1): the fluid model has η = 1 and no slot
// granularity, while real chokers leave some capacity unused (a seed's
// four receivers may all be saturated) and lose time to rechoke rounds.
//
// In the upload-limited regime x̄ = λ/μ − y − s0 is a difference, so a
// capacity loss ε moves it by ε·(λ/μ)/x̄: 2.8 times as much in the worked
// example with 10 min seeding as ε itself. There the loss is not the
// protocol's (TestQiuSrikantEffectiveness measures η = 0.99 in all three
// cases) but the randomness the fluid model averages away: the state
// often has too few leechers to take the seeds' upload, and the time mean
// of min{c·x, μ(x + y)} lies 6% below its value at the means, which the
// factor turns into the 17% more leechers measured. That case is kept
// with a ±30% tolerance; the 2 min case (factor 1.2, no such loss) holds
// the 15%.
func TestQiuSrikantSteadyState(t *testing.T) {
	cases := []struct {
		name      string
		seeding   sim.Time // mean seeding time
		wantDL    bool
		tolerance float64
	}{
		{"download-limited", sim.Hour, true, 0.15},
		{"upload-limited", 2 * sim.Minute, false, 0.15},
		{"upload-limited-worked-example", 10 * sim.Minute, false, 0.30},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const file = 1 << 30
			up, down, perHour := 1.0*mib, 4.0*mib, 60.0
			tr := homogeneous("qs", file, 1024, up, down)
			tr.Arrivals = Arrivals{Process: Poisson, PerHour: perHour, Until: sim.Never}
			tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(tc.seeding))}
			warm, dur := 2*sim.Hour, 14*sim.Hour
			if testing.Short() {
				if tc.tolerance > 0.15 {
					t.Skip("the worked example is skipped in -short runs")
				}
				dur = 8 * sim.Hour
			}
			w, _ := runWindow(t, Config{Seed: 7, Duration: dur, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, warm)
			tolerance := tc.tolerance
			lambda := perHour / 3600
			x, y, T, dl := qiuSrikant(lambda, up/file, down/file, 1/tc.seeding.Seconds(), 1)
			if dl != tc.wantDL {
				t.Fatalf("the fluid model's regime is not %s", tc.name)
			}
			got := map[string][2]float64{
				"leechers":      {w.leechersMean, x},
				"seeds":         {w.seedsMean - 1, y}, // less the permanent seed
				"download time": {mean(w.downloadTimes), T},
			}
			for _, k := range []string{"leechers", "seeds", "download time"} {
				g := got[k]
				ratio := g[0] / g[1]
				t.Logf("%s: simulated %.3f, Qiu–Srikant %.3f, ratio %.3f", k, g[0], g[1], ratio)
				if math.Abs(ratio-1) > tolerance {
					t.Errorf("%s: simulated %.3f vs model %.3f (ratio %.3f, tolerance ±%.0f%%)", k, g[0], g[1], ratio, 100*tolerance)
				}
			}
		})
	}
}

// TestQiuSrikantEffectiveness measures the effectiveness η of REFERENCES
// §1 directly: the fluid model serves min{c·x, μ(η·x + y)} at every
// instant, so bytes uploaded over a window divided by the time mean of
// min{c·x(t), μ(x(t) + y(t))} (the state sampled every 5 s) is η, which
// the paper puts near 1 for many pieces. Tolerance: η ≥ 0.95, the 5% the
// steady-state test allows for slot granularity and rechoke rounds.
//
// It also logs min{c·x̄, μ(x̄ + ȳ)}, the rate the fluid model's steady
// state assumes: in the worked example with 10 min seeding the state
// often has too few leechers to take the seeds' upload (c·x < μ(x + y)),
// so the time mean of the minimum lies about 6% below the minimum at the
// means. The deterministic fluid model cannot see this loss; it is what
// puts that case's leechers 17% above x̄ (see TestQiuSrikantSteadyState).
func TestQiuSrikantEffectiveness(t *testing.T) {
	if testing.Short() {
		t.Skip("samples 12 simulated hours every 5 s")
	}
	for _, seeding := range []sim.Time{sim.Hour, 2 * sim.Minute, 10 * sim.Minute} {
		t.Run(seeding.String(), func(t *testing.T) {
			t.Parallel()
			const file = 1 << 30
			up, down := 1.0*mib, 4.0*mib
			tr := homogeneous("qs", file, 1024, up, down)
			tr.Arrivals = Arrivals{Process: Poisson, PerHour: 60, Until: sim.Never}
			tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(seeding))}
			m, err := New(Config{Seed: 7, Duration: 14 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, nopRecorder{})
			if err != nil {
				t.Fatal(err)
			}
			s, tor := m.shards[0], m.shards[0].torrents[0]
			warm, end, step := 2*sim.Hour, 14*sim.Hour, 5*sim.Second
			if err := s.Advance(warm, nil); err != nil {
				t.Fatal(err)
			}
			tor.settle(warm)
			bytes0 := tor.st.bytesUp
			var fluid, xs, ys, n float64
			for at := warm; at < end; at += step {
				// The state over [at, at+step) is the state at its start.
				x, y := float64(tor.leechers), float64(tor.seeds)
				fluid += math.Min(down*x, up*(x+y))
				xs, ys, n = xs+x, ys+y, n+1
				if err := s.Advance(at+step, nil); err != nil {
					t.Fatal(err)
				}
			}
			tor.settle(end)
			moved := (tor.st.bytesUp - bytes0) / (end - warm).Seconds()
			fluid /= n
			atMeans := math.Min(down*xs/n, up*(xs+ys)/n)
			eta := moved / fluid
			t.Logf("η = %.3f (%.0f B/s uploaded, fluid rate at each instant %.0f B/s); fluid rate at the means %.0f B/s, %.1f%% above",
				eta, moved, fluid, atMeans, 100*(atMeans/fluid-1))
			if eta < 0.95 || eta > 1.001 {
				t.Errorf("effectiveness η = %.3f, want within [0.95, 1]", eta)
			}
		})
	}
}
