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

// bharambeCrowd is the setting of Bharambe et al. 2006 as REFERENCES §5
// gives it: a flash crowd of n peers fetching a 100 MiB file in 400
// pieces of 256 KiB from one seed, each leaving as it completes. The
// leechers here are identical (1 MiB/s up, 4 MiB/s down).
func bharambeCrowd(t testing.TB, seed uint64, n int, picker Picker, seedUp float64) Stats {
	tr := homogeneous("flash", 100*mib, 400, mib, 4*mib)
	tr.SeedUpload = seedUp
	tr.Seeding = SeedNone{}
	tr.Protocol.Picker = picker
	tr.Arrivals = Arrivals{Process: FlashCrowd, Peers: n, Until: sim.Never}
	m := runModel(t, Config{Seed: seed, Duration: 6 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, 1)
	s := m.Stats()
	if s.Completed != n {
		t.Fatalf("%d of %d peers completed", s.Completed, n)
	}
	return s
}

// TestRarestFirstSlowSeed: when the only seed uploads no faster than a
// leecher, rarest first beats random piece choice on mean download time
// (Bharambe et al. 2006, REFERENCES §5; direction only), in the paper's
// setting (bharambeCrowd).
//
// Why, in this model: the seed's duplicate uploads, the paper's reason,
// barely differ (9-18% under rarest first, 10% under random; every piece
// has left the seed by 114-127 s, 100 s at best). What sets the mean is
// when a piece first goes extinct among the leechers. The swarm, starved
// by the seed, keeps pace with it, so the seed's last new pieces reach
// peers that hold everything else, and they complete and leave before
// passing them on. Every leecher still there then needs that piece from
// the seed alone, one at a time, each leaving at once, at the pace the
// seed meets peers through the tracker (under one a second; its upload
// would allow four). Random choice leaves some pieces rare, and it lost
// one at the first completions in each of seeds 1 to 9 (956 or more of
// the 1000 still there); rarest first lost its first piece later in 7
// of 9 runs, as early in 2. So one run's ratio ranges from 1.01 to 4.3
// (rarest first 147 to 623 s, random 619 to 638 s): the means pool four
// seeds (ratio 1.57) and the bound is 1.1, which a rarest first as
// unlucky as random in every run fails. The test's former pieces, 256
// of 1 MiB, made both lose a piece at about the same time (ratio 1.06).
//
// NB: REFERENCES §5 also expects the two to be close with a seed ten
// times faster (from memory, unverified). Not with 1000 peers here:
// random is 1.0 to 3.3 times as slow per run (1.92 over seeds 1 to 4),
// as departing peers take its rare pieces away and the one seed, though
// fast, hands them out at tracker pace (80 connections, announces at
// least a minute apart). With 300 peers the tail is short and the ratio
// is 1.10 over eight seeds. Logged, not asserted.
func TestRarestFirstSlowSeed(t *testing.T) {
	n, seeds := 1000, []uint64{1, 2, 3, 4}
	if testing.Short() {
		n, seeds = 300, seeds[:2]
	}
	for _, tc := range []struct {
		name   string
		seedUp float64
		seeds  []uint64
		assert bool
	}{
		{"seed-1x", mib, seeds, true},
		{"seed-10x", 10 * mib, seeds[:2], false}, // only logged: two seeds will do
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var lrf, rnd []float64
			for _, seed := range tc.seeds {
				l := bharambeCrowd(t, seed, n, RarestFirst, tc.seedUp).DownloadTimes
				r := bharambeCrowd(t, seed, n, RandomPiece, tc.seedUp).DownloadTimes
				t.Logf("%s seed %d: mean download time rarest first %.1f s, random %.1f s", tc.name, seed, mean(l), mean(r))
				lrf, rnd = append(lrf, l...), append(rnd, r...)
			}
			ratio := mean(rnd) / mean(lrf)
			t.Logf("%s: mean download time rarest first %.1f s, random %.1f s, ratio %.3f (%d seeds of %d peers)", tc.name, mean(lrf), mean(rnd), ratio, len(tc.seeds), n)
			if tc.assert && ratio < 1.1 {
				t.Errorf("random/rarest-first = %.3f, want rarest first faster by at least 10%%", ratio)
			}
		})
	}
}
