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
// example with 10 min seeding, where 4% of unused upload becomes 15% more
// leechers. That case is kept, with its tolerance widened by the same
// factor; the 2 min case (factor 1.2) holds the 15%.
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
