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
	return flashCrowdSeed(t, 11, n, picker, seedUp, seeding)
}

// flashCrowdSeed is flashCrowd under another scenario seed.
func flashCrowdSeed(t testing.TB, seed uint64, n int, picker Picker, seedUp float64, seeding Seeding) Stats {
	tr := homogeneous("flash", 256*mib, 256, mib, 4*mib)
	tr.SeedUpload = seedUp
	tr.Seeding = seeding
	tr.Protocol.Picker = picker
	tr.Arrivals = Arrivals{Process: FlashCrowd, Peers: n, Until: sim.Never}
	m := runModel(t, Config{Seed: seed, Duration: 6 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, 1)
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
// (Bharambe et al. 2006, REFERENCES §5; direction only). One flash crowd
// is a noisy sample (rarest first ranged from 780 to 890 s over six
// seeds, random from 880 to 920 s, every seed in rarest first's favour),
// so the means pool three seeds and the assertion is a 2% margin; the
// ratio is logged.
//
// NB: REFERENCES §5 also expects the two to be close with a seed ten
// times faster (from memory, unverified). This model does not show it:
// there random choice is 1.6 to 2.4 times as slow, as the fast seed's four
// slots still serve duplicates while the last pieces exist only at the
// seed. That ratio is logged, not asserted.
func TestRarestFirstSlowSeed(t *testing.T) {
	n, seeds := 1000, []uint64{1, 2, 3}
	if testing.Short() {
		n, seeds = 300, seeds[:2]
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
			var lrf, rnd []float64
			for _, seed := range seeds {
				lrf = append(lrf, flashCrowdSeed(t, seed, n, RarestFirst, tc.seedUp, SeedNone{}).DownloadTimes...)
				rnd = append(rnd, flashCrowdSeed(t, seed, n, RandomPiece, tc.seedUp, SeedNone{}).DownloadTimes...)
			}
			ratio := mean(rnd) / mean(lrf)
			t.Logf("%s: mean download time rarest first %.1f s, random %.1f s, ratio %.3f (%d seeds of %d peers)", tc.name, mean(lrf), mean(rnd), ratio, len(seeds), n)
			if tc.assert && ratio < 1.02 {
				t.Errorf("random/rarest-first = %.3f, want rarest first faster by at least 2%%", ratio)
			}
		})
	}
}
