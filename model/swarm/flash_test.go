package swarm

import (
	"fmt"
	"slices"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// kumarRoss is the minimum distribution time of a file of F bytes from a
// server of upload us to n peers of upload u and download d (REFERENCES
// §2): max{F/us, F/d, n·F/(us + n·u)}.
func kumarRoss(F, us, u, d float64, n int) float64 {
	return max(F/us, F/d, float64(n)*F/(us+float64(n)*u))
}

// flashCrowd runs n identical leechers arriving at t=0 with one seed.
func flashCrowd(t testing.TB, n int, picker Picker, seedUp float64, seeding Seeding) Stats {
	tr := homogeneous("flash", 256*mib, 256, mib, 4*mib)
	tr.SeedUpload = seedUp
	tr.Seeding = seeding
	tr.Protocol.Picker = picker
	tr.Arrivals = Arrivals{Process: FlashCrowd, Peers: n, Until: sim.Never}
	m := runModel(t, Config{Seed: 11, Duration: 6 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, 1)
	s := m.Stats()
	if s.Completed != n {
		t.Fatalf("%d of %d peers completed", s.Completed, n)
	}
	return s
}

// TestFlashCrowdKumarRoss: the last completion of a flash crowd that stays
// until everyone is done is at least the Kumar–Ross bound (less one piece
// time, the granularity of a piece-level model) and, with rarest first
// and 256 pieces, at most 1.3 times it.
func TestFlashCrowdKumarRoss(t *testing.T) {
	for _, n := range []int{100, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			F, us, u, d := 256.0*mib, 10.0*mib, 1.0*mib, 4.0*mib
			s := flashCrowd(t, n, RarestFirst, us, SeedForever{})
			last := slices.Max(s.DownloadTimes)
			bound := kumarRoss(F, us, u, d, n)
			ratio := last / bound
			t.Logf("N=%d: last completion %.1f s, Kumar–Ross bound %.1f s, ratio %.3f", n, last, bound, ratio)
			if last < bound-F/256/u {
				t.Errorf("last completion %.1f s beats the lower bound %.1f s", last, bound)
			}
			if ratio > 1.3 {
				t.Errorf("last completion %.1f s is %.3f times the bound %.1f s (want ≤ 1.3)", last, ratio, bound)
			}
		})
	}
}

// TestRarestFirstSlowSeed: when the only seed uploads no faster than a
// leecher, rarest first beats random piece choice on mean download time
// (Bharambe et al. 2006, REFERENCES §5; direction only: the assertion is
// a 10% margin, the measured ratio is logged). Peers leave as soon as
// they complete.
//
// NB: REFERENCES §5 also expects the two to be close with a seed ten
// times faster (from memory, unverified). This model does not show it:
// random choice stays well behind, as the fast seed's four slots still
// serve duplicates while the last pieces exist only at the seed. The
// ratio is logged, not asserted.
func TestRarestFirstSlowSeed(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	for _, tc := range []struct {
		name   string
		seedUp float64
		assert bool
	}{
		{"seed-1x", mib, true},
		{"seed-10x", 10 * mib, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lrf := flashCrowd(t, n, RarestFirst, tc.seedUp, SeedNone{})
			rnd := flashCrowd(t, n, RandomPiece, tc.seedUp, SeedNone{})
			ratio := mean(rnd.DownloadTimes) / mean(lrf.DownloadTimes)
			t.Logf("%s: mean download time rarest first %.1f s, random %.1f s, ratio %.3f", tc.name, mean(lrf.DownloadTimes), mean(rnd.DownloadTimes), ratio)
			if tc.assert && ratio < 1.1 {
				t.Errorf("random/rarest-first = %.3f, want rarest first at least 10%% faster", ratio)
			}
		})
	}
}
