package swarm

import (
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestLittlesLaw checks L = λW (REFERENCES §6) on leechers and on seeds
// of a stationary poisson swarm with heterogeneous peers, aborts and
// altruistic seeding: the time-average population over a window against
// the window's arrival rate times the mean sojourn of those that left.
// A sample-path identity, so it holds whatever the swarm's speed; ±3%
// covers the peers present at the window's edges.
func TestLittlesLaw(t *testing.T) {
	const tolerance = 0.03
	tr := homogeneous("little", 256*mib, 256, mib, 4*mib)
	tr.Upload = sim.ClassesDist([]float64{256 << 10, mib, 4 * mib}, []float64{0.3, 0.5, 0.2})
	tr.Download = sim.LognormalDist(4*mib, 0.5)
	tr.AbortPerHour = 1
	tr.Arrivals = Arrivals{Process: Poisson, PerHour: 120, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(20 * sim.Minute))}
	w, _ := runWindow(t, Config{Seed: 3, Duration: 12 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, 2*sim.Hour)
	lambda := float64(w.arrived) / w.seconds
	check := func(what string, L, lambda, W float64) {
		ratio := L / (lambda * W)
		t.Logf("%s: L = %.3f, λW = %.3f, ratio %.4f", what, L, lambda*W, ratio)
		if math.Abs(ratio-1) > tolerance {
			t.Errorf("%s: L = %.3f but λW = %.3f (ratio %.4f, tolerance ±%.0f%%)", what, L, lambda*W, ratio, 100*tolerance)
		}
	}
	check("leechers", w.leechersMean, lambda, w.sojournMean)
	// Seeds arrive as leechers complete; the permanent seed is left out.
	check("seeds", w.seedsMean-1, float64(len(w.downloadTimes))/w.seconds, w.seedTimeMean)
}
