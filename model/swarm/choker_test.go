package swarm

import (
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// scripted builds a shard holding peer p (a leecher with piece 0, or a
// permanent seed) and n leechers with no piece, all connected to p and
// interested in it. Nothing runs until the test calls the choker.
func scripted(t *testing.T, n int, seed bool) (*Shard, int32, []int32) {
	t.Helper()
	tr := homogeneous("s", 64*mib, 64, mib, 4*mib)
	tr.InitialSeeds = 0
	tr.Arrivals = Arrivals{Process: Poisson, Until: sim.Never}
	m, err := New(Config{Seed: 9, Duration: sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, nopRecorder{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.shards[0]
	tor := s.torrents[0]
	p := s.join(tor, 0, seed)
	if !seed {
		s.peers[p].have.set(0)
		s.peers[p].haveCount = 1
		tor.global[0]++
	}
	var qs []int32
	for i := 0; i < n; i++ {
		qs = append(qs, s.join(tor, 0, false))
	}
	if len(s.peers[p].conns) != n {
		t.Fatalf("p has %d connections, want %d", len(s.peers[p].conns), n)
	}
	return s, p, qs
}

// unchoked returns the neighbours p unchokes.
func unchoked(s *Shard, p int32) map[int32]bool {
	out := map[int32]bool{}
	for _, c := range s.peers[p].conns {
		cc := &s.conns[c]
		if d := cc.side(p); !cc.is(chokingBit(d)) {
			out[cc.peer[1-d]] = true
		}
	}
	return out
}

// feed makes q look as if it sent p bytes just now.
func feed(s *Shard, p, q int32, bytes float64, now sim.Time) {
	c := s.connected(p, q)
	cc := &s.conns[c]
	d := cc.side(q)
	cc.win.add(d, now, bytes)
	cc.lastPiece[d] = secs(now)
}

// TestOptimisticRotation: with three fast uploaders holding the regular
// slots, the fourth (optimistic) unchoke changes exactly every 30 s, on
// the rounds that rotate the list (REFERENCES §4).
func TestOptimisticRotation(t *testing.T) {
	s, p, qs := scripted(t, 10, false)
	fast := qs[:3]
	var prev int32 = -1
	for r := 1; r <= 30; r++ {
		now := sim.Time(r) * 10 * sim.Second
		for _, q := range qs {
			feed(s, p, q, 1, now) // nobody is snubbed
		}
		for _, q := range fast {
			feed(s, p, q, 1e7, now)
		}
		s.rechoke(p, now, true)
		u := unchoked(s, p)
		for _, q := range fast {
			if !u[q] {
				t.Fatalf("round %d: fast uploader %d is choked", r, q)
			}
		}
		if len(u) != 4 {
			t.Fatalf("round %d: %d unchoked, want 4", r, len(u))
		}
		var opt int32 = -1
		for q := range u {
			if q != fast[0] && q != fast[1] && q != fast[2] {
				opt = q
			}
		}
		rotated := s.peers[p].round%3 == 0
		if prev >= 0 && (opt != prev) != rotated {
			t.Errorf("round %d (rotation %v): optimistic %d, before %d", r, rotated, opt, prev)
		}
		prev = opt
	}
}

// TestSeedUnchokes: a seed with eight interested leechers makes exactly two
// new unchokes per three rounds (30 s) and gives each leecher about the
// same unchoked time (max/min ≤ 1.2). In steady state every unchoke lasts
// six rounds; the first four unchokes, all made at once, last 1, 3, 4
// and 6 rounds, a deficit of up to five rounds that 10 min (60 rounds,
// 30 each) cannot hide, so the horizon is 30 min (90 each).
func TestSeedUnchokes(t *testing.T) {
	s, p, qs := scripted(t, 8, true)
	unchokedFor := map[int32]int{}
	before := unchoked(s, p)
	newPer3 := 0
	for r := 1; r <= 180; r++ {
		now := sim.Time(r) * 10 * sim.Second
		s.rechoke(p, now, true)
		u := unchoked(s, p)
		if len(u) != 4 {
			t.Fatalf("round %d: %d unchoked, want 4", r, len(u))
		}
		fresh := 0
		for q := range u {
			unchokedFor[q]++
			if !before[q] {
				fresh++
			}
		}
		if r > 3 {
			newPer3 += fresh
			if s.peers[p].round%3 == 0 {
				if newPer3 != 2 {
					t.Errorf("rounds to %d: %d new unchokes in 30 s, want 2", r, newPer3)
				}
				newPer3 = 0
			}
		}
		before = u
	}
	lo, hi := math.MaxInt, 0
	for _, q := range qs {
		lo, hi = min(lo, unchokedFor[q]), max(hi, unchokedFor[q])
	}
	t.Logf("unchoked rounds per leecher over 30 min: min %d, max %d", lo, hi)
	if lo == 0 || float64(hi)/float64(lo) > 1.2 {
		t.Errorf("unchoked rounds range from %d to %d, want max/min ≤ 1.2", lo, hi)
	}
}

// TestNewcomerAtHead: a new connection lands at the head of the choker
// list with probability 3/(n+3) (mainline 3.x; REFERENCES §4 step 8).
func TestNewcomerAtHead(t *testing.T) {
	s, p, _ := scripted(t, 7, false)
	n := len(s.peers[p].conns)
	const draws = 10000
	head := 0
	for i := 0; i < draws; i++ {
		s.insertConn(p, -5)
		if s.peers[p].conns[0] == -5 {
			head++
		}
		s.removeConn(p, -5)
	}
	want := 3.0 / float64(n+3)
	got := float64(head) / draws
	sd := math.Sqrt(want * (1 - want) / draws)
	t.Logf("newcomer at the head %.4f of the time, want %.4f ± %.4f", got, want, sd)
	if math.Abs(got-want) > 4*sd {
		t.Errorf("head share %.4f, want %.4f (4 sd = %.4f)", got, want, 4*sd)
	}
}

// TestRandomFirstUniform: before random_first_pieces pieces are held, the
// picker takes any piece the neighbour has uniformly (χ² over 64 pieces
// at α = 0.001: critical value 103.4 for 63 degrees of freedom).
func TestRandomFirstUniform(t *testing.T) {
	s, seed, qs := scripted(t, 1, true)
	q := qs[0]
	const draws = 64 * 200
	counts := make([]float64, 64)
	for i := 0; i < draws; i++ {
		counts[s.pick(q, seed)]++
	}
	chi := 0.0
	for _, c := range counts {
		chi += (c - 200) * (c - 200) / 200
	}
	t.Logf("χ² = %.1f over 63 degrees of freedom", chi)
	if chi > 103.4 {
		t.Errorf("χ² = %.1f > 103.4: the first pieces are not uniform", chi)
	}
}

// TestEndgameOnlyWhenAllRequested: with pieces left unrequested the
// picker never returns a piece already requested; once all are, it does.
func TestEndgameOnlyWhenAllRequested(t *testing.T) {
	s, seed, qs := scripted(t, 1, true)
	q := qs[0]
	qp := &s.peers[q]
	for i := 0; i < 64; i++ {
		if i != 5 && i != 9 {
			qp.have.set(i)
		}
	}
	qp.haveCount = 62
	qp.requested.set(5)
	if got := s.pick(q, seed); got != 9 {
		t.Fatalf("picked %d with piece 9 unrequested, want 9", got)
	}
	qp.requested.set(9)
	if got := s.pick(q, seed); got != 5 && got != 9 {
		t.Fatalf("endgame picked %d, want a requested piece (5 or 9)", got)
	}
	s.torrents[0].cfg.Protocol.Endgame = false
	if got := s.pick(q, seed); got != -1 {
		t.Fatalf("without endgame picked %d, want none", got)
	}
}
