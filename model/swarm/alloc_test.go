package swarm

import (
	"runtime"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestPieceEventsDoNotAllocate runs a poisson swarm into its steady state
// and then handles piece events one at a time (with everything they
// trigger: HAVEs, interest, rechokes, new flows): memory comes from the
// free lists, so the allocations per piece event stay near zero. What
// may still allocate is rare and not per piece: a statistics slice
// growing on a completion, or a free list growing past its peak.
func TestPieceEventsDoNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("warms up a swarm for a simulated hour")
	}
	tr := homogeneous("alloc", 64*mib, 64, mib, 4*mib)
	tr.Arrivals = Arrivals{Process: Poisson, PerHour: 3000, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(2 * sim.Minute))}
	tr.Protocol.Numwant, tr.Protocol.MaxConnections = 30, 50
	cfg := Config{Seed: 3, Duration: 3 * sim.Hour, SampleEvery: 10 * sim.Minute, Torrents: []Torrent{tr}}
	m, err := New(cfg, nopRecorder{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.shards[0]
	warm := 90 * sim.Minute
	if err := s.Advance(warm, nil); err != nil {
		t.Fatal(err)
	}
	// One piece event and what it triggers.
	pieceEvent := func() {
		for start := s.pieces; s.pieces == start; {
			e, _ := s.queue.Pop()
			s.step(e)
		}
	}
	for i := 0; i < 1000; i++ { // pieces of the warm-up's last arrivals
		pieceEvent()
	}
	const n = 20000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		pieceEvent()
	}
	runtime.ReadMemStats(&after)
	allocs := after.Mallocs - before.Mallocs
	t.Logf("%d allocations over %d piece events (%.5f each), %d peers present", allocs, n, float64(allocs)/n, m.Peers())
	if per := float64(allocs) / n; per > 1e-3 {
		t.Errorf("%.5f allocations per piece event in steady state, want at most 0.001", per)
	}
}
