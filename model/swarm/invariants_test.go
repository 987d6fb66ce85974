package swarm

import (
	"fmt"
	"math"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// checkInvariants verifies the shard's incremental state against a
// recount from scratch: availability per neighbour set, swarm-wide copies,
// interest flags, interested-neighbour counts, flow lists and rates.
func checkInvariants(s *Shard) error {
	for ti, t := range s.torrents {
		if t.full[:t.words].count() != t.pieces || t.full[t.words:].count() != 0 {
			return fmt.Errorf("torrent %d: the seeds' shared bitfield was written to", ti)
		}
		// Every count slot is held by one leecher or free, once.
		uses := make([]int, len(t.avail)/t.pieces)
		for _, p := range t.tracker {
			a := s.peers[p].availSlot
			if (a != 0) != (s.peers[p].state == stateLeecher) {
				return fmt.Errorf("torrent %d: peer %d in state %d has count slot %d", ti, p, s.peers[p].state, a)
			}
			if a != 0 {
				if int(a) > len(uses) {
					return fmt.Errorf("torrent %d: peer %d counts in slot %d, past the table", ti, p, a-1)
				}
				uses[a-1]++
			}
		}
		for _, f := range t.freeAvail {
			if int(f) >= len(uses) {
				return fmt.Errorf("torrent %d: free count slot %d is past the table", ti, f)
			}
			uses[f]++
		}
		for slot, n := range uses {
			if n != 1 {
				return fmt.Errorf("torrent %d: count slot %d is held or free %d times", ti, slot, n)
			}
		}
		global := make([]int32, t.pieces)
		for _, p := range t.tracker {
			for i := 0; i < t.pieces; i++ {
				if s.peers[p].have.has(i) {
					global[i]++
				}
			}
		}
		for i := range global {
			if global[i] != t.global[i] {
				return fmt.Errorf("torrent %d piece %d: %d copies counted, %d kept", ti, i, global[i], t.global[i])
			}
		}
	}
	for p := range s.peers {
		pp := &s.peers[p]
		if pp.state == stateFree {
			continue
		}
		t := s.torrents[pp.torrent]
		if pp.state == stateSeed || pp.state == statePermanent {
			if &pp.have[0] != &t.full[0] {
				return fmt.Errorf("seed %d keeps a bitfield of its own", p)
			}
			if pp.have.count() != t.pieces {
				return fmt.Errorf("seed %d holds %d of %d pieces", p, pp.have.count(), t.pieces)
			}
		}
		avail := make([]int, t.pieces)
		interested := uint16(0)
		seen := make(map[int32]bool)
		for _, e := range pp.conns {
			c := connOf(e)
			cc := &s.conns[c]
			d := cc.side(int32(p))
			if seen[cc.peer[1-d]] {
				return fmt.Errorf("peer %d is connected twice to %d", p, cc.peer[1-d])
			}
			seen[cc.peer[1-d]] = true
			q := &s.peers[cc.peer[1-d]]
			if (e < 0) != (q.state != stateLeecher) {
				return fmt.Errorf("peer %d: the list entry of conn %d says seed %v, its state %d", p, c, e < 0, q.state)
			}
			if cc.is(seedBit(1-d)) != (q.state != stateLeecher) {
				return fmt.Errorf("conn %d: seed flag of %d is %v, its state %d", c, cc.peer[1-d], cc.is(seedBit(1-d)), q.state)
			}
			for i := 0; i < t.pieces; i++ {
				if q.have.has(i) {
					avail[i]++
				}
			}
			if cc.is(interestedBit(d)) != q.have.wants(pp.have) {
				return fmt.Errorf("conn %d: interest of %d in %d is %v", c, cc.peer[1-d], p, cc.is(interestedBit(d)))
			}
			if cc.is(interestedBit(d)) {
				interested++
			}
		}
		kept := t.availOf(pp)
		if pp.state == stateLeecher && kept == nil {
			return fmt.Errorf("leecher %d keeps no availability counts", p)
		}
		if pp.state != stateLeecher {
			if kept != nil {
				return fmt.Errorf("seed %d keeps availability counts", p)
			}
			avail = avail[:0]
		}
		for i := range avail {
			if avail[i] != int(kept[i]) {
				return fmt.Errorf("peer %d piece %d: %d neighbours hold it, avail says %d", p, i, avail[i], kept[i])
			}
		}
		if interested != pp.interestedIn {
			return fmt.Errorf("peer %d: %d neighbours interested, count says %d", p, interested, pp.interestedIn)
		}
		out, in, inRate, offerSum := uint16(0), uint16(0), 0.0, 0.0
		for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
			out++
			if s.conns[s.flows[f].conn].is(chokingBit(s.flows[f].dir())) {
				return fmt.Errorf("flow %d runs on a choked connection", f)
			}
		}
		ofRecord := map[int]int{} // flows that are not endgame duplicates, per piece
		for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
			in++
			if !s.flows[f].dup() {
				ofRecord[s.flows[f].piece()]++
			}
			fp := &s.flows[f]
			inRate += fp.rate
			offerSum += fp.offer
			if !pp.is(squeezed) && fp.rate != fp.offer {
				return fmt.Errorf("peer %d takes all its offers, but flow %d gets %.0f B/s of %.0f offered", p, f, fp.rate, fp.offer)
			}
			if fp.held() && !pp.is(heldBack) {
				return fmt.Errorf("flow %d to peer %d is held back, but the peer is not marked", f, p)
			}
			if !pp.req().has(s.flows[f].piece()) {
				return fmt.Errorf("flow %d brings piece %d that peer %d has not requested", f, s.flows[f].piece(), p)
			}
		}
		for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
			if n := ofRecord[s.flows[f].piece()]; n != 1 {
				return fmt.Errorf("peer %d: piece %d comes by %d flows that are not endgame duplicates, want 1", p, s.flows[f].piece(), n)
			}
		}
		if out != pp.outCount || in != pp.inCount {
			return fmt.Errorf("peer %d: %d/%d flows out/in listed, counts %d/%d", p, out, in, pp.outCount, pp.inCount)
		}
		// Both sums are kept incrementally between walks of the list.
		if tol := 1e-9 * pp.down; math.Abs(inRate-pp.inRate) > tol || math.Abs(offerSum-pp.offerSum) > tol {
			return fmt.Errorf("peer %d: rates sum to %f and offers to %f, kept as %f and %f", p, inRate, offerSum, pp.inRate, pp.offerSum)
		}
		if !pp.is(squeezed) && offerSum > pp.down*(1+1e-9) {
			return fmt.Errorf("peer %d is offered %.0f B/s over its capacity %.0f but not marked squeezed", p, offerSum, pp.down)
		}
		if inRate > pp.down*(1+1e-9) {
			return fmt.Errorf("peer %d receives %.0f B/s over its capacity %.0f", p, inRate, pp.down)
		}
	}
	return nil
}

// TestConservation runs a swarm with every kind of churn, checking the
// invariants at every sample, then that bytes uploaded equal bytes
// downloaded and that every completed peer received at least the file.
func TestConservation(t *testing.T) {
	tr := homogeneous("cons", 100*mib+12345, 150, mib, 4*mib)
	tr.PieceSize = 700 << 10 // a short last piece
	tr.Upload = sim.ClassesDist([]float64{0, 512 << 10, 2 * mib}, []float64{0.1, 0.6, 0.3})
	// Senders hold back for slow downloaders (see heldBack). None is ever
	// offered more than it takes (see TestSqueezedReceiver).
	tr.Download = sim.ClassesDist([]float64{mib, 4 * mib}, []float64{0.5, 0.5})
	tr.AbortPerHour = 2
	tr.Arrivals = Arrivals{Process: Decaying, InitialPerHour: 400, HalfLife: sim.Hour, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(5 * sim.Minute))}
	tr.Protocol.MaxConnections = 20
	tr.Protocol.Numwant = 15
	cfg := Config{Seed: 5, Duration: 6 * sim.Hour, SampleEvery: 10 * sim.Minute, Torrents: []Torrent{tr}}
	m, err := New(cfg, nopRecorder{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.shards[0]
	for at := 7 * sim.Second; at <= cfg.Duration; at += 97 * sim.Second {
		if err := s.Advance(at, nil); err != nil {
			t.Fatal(err)
		}
		if err := checkInvariants(s); err != nil {
			t.Fatalf("at %v: %v", at, err)
		}
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	st := m.Stats()
	if st.Completed == 0 || st.Aborted == 0 {
		t.Fatalf("completed %d, aborted %d: the run does not exercise churn", st.Completed, st.Aborted)
	}
	if math.Abs(st.BytesUp-st.BytesDown) > 1e-9*st.BytesUp {
		t.Errorf("bytes uploaded %.0f != bytes downloaded %.0f", st.BytesUp, st.BytesDown)
	}
	t.Logf("completed %d, aborted %d, %.0f bytes moved", st.Completed, st.Aborted, st.BytesUp)
	if float64(st.Completed)*float64(tr.FileSize) > st.BytesDown*(1+1e-9) {
		t.Errorf("%d completions need %.0f bytes, only %.0f were downloaded", st.Completed, float64(st.Completed)*float64(tr.FileSize), st.BytesDown)
	}
}
