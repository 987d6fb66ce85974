package swarm

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// reannounceGap is the least time between two announces a peer makes
// because it is short of neighbours (mainline asks the tracker again
// when it has fewer than min_peers).
const reannounceGap = sim.Minute

// announce asks the tracker for numwant random peers of p's swarm and
// connects to those it can.
func (s *Shard) announce(p int32, now sim.Time) {
	pp := &s.peers[p]
	t := s.torrents[pp.torrent]
	pp.lastAnnounce = now
	pr := t.cfg.Protocol
	n := len(t.tracker)
	if n-1 <= pr.Numwant {
		for i := 0; i < n && len(s.peers[p].conns) < pr.MaxConnections; i++ {
			if q := t.tracker[i]; q != p && s.connected(p, q) < 0 {
				s.connect(p, q, now)
			}
		}
		return
	}
	// numwant draws without replacement; a draw of p itself or of a peer
	// already handed out is repeated, a bounded number of times.
	got := 0
	for tries := 0; got < pr.Numwant && tries < 4*pr.Numwant && len(s.peers[p].conns) < pr.MaxConnections; tries++ {
		q := t.tracker[s.peers[p].rng.IntN(n)]
		if q == p || s.connected(p, q) >= 0 {
			continue
		}
		got++
		s.connect(p, q, now)
	}
}

// connected returns the connection between p and q, or -1.
func (s *Shard) connected(p, q int32) int32 {
	a, b := p, q
	if len(s.peers[b].conns) < len(s.peers[a].conns) {
		a, b = b, a
	}
	for _, e := range s.peers[a].conns {
		c := connOf(e)
		cc := &s.conns[c]
		if cc.peer[0] == b || cc.peer[1] == b {
			return c
		}
	}
	return -1
}

// connect opens a connection between p and q when both have room and
// one of them needs the other. Both start choked and uninterested, then
// exchange bitfields.
func (s *Shard) connect(p, q int32, now sim.Time) {
	pp, qp := &s.peers[p], &s.peers[q]
	t := s.torrents[pp.torrent]
	limit := t.cfg.Protocol.MaxConnections
	if len(pp.conns) >= limit || len(qp.conns) >= limit {
		return
	}
	if pp.state != stateLeecher && qp.state != stateLeecher {
		return
	}
	c := s.newConn()
	s.conns[c] = conn{
		peer:  [2]int32{p, q},
		flags: chokingBit(0) | chokingBit(1),
	}
	s.conns[c].setClock(0, clockAt(now))
	s.conns[c].setClock(1, clockAt(now))
	for d, x := range [2]*peer{pp, qp} {
		if x.state != stateLeecher {
			s.conns[c].flags |= seedBit(d)
		}
	}
	s.insertConn(p, entryOf(c, qp.state != stateLeecher))
	s.insertConn(q, entryOf(c, pp.state != stateLeecher))
	addAvail(t.availOf(pp), qp.have)
	addAvail(t.availOf(qp), pp.have)
	if pp.have.wants(qp.have) {
		s.setInterest(c, 1, true, now) // p is interested in q (data q→p)
	}
	if qp.have.wants(pp.have) {
		s.setInterest(c, 0, true, now)
	}
}

// insertConn puts entry e in p's choker list where mainline 3.x puts a new
// connection: at max(k, 0) with k uniform in {−2, …, n}, so the head (the
// next optimistic unchoke) is three times as likely as any other place
// (BEP 3; REFERENCES §4 step 8).
func (s *Shard) insertConn(p int32, e int32) {
	pp := &s.peers[p]
	n := len(pp.conns)
	k := max(pp.rng.IntN(n+3)-2, 0)
	s.roomForConn(pp)
	pp.conns = append(pp.conns, 0)
	copy(pp.conns[k+1:], pp.conns[k:n])
	pp.conns[k] = e
}

// removeConn takes c out of p's list. fit moves the list down its
// classes as it empties; a peer that leaves hands its list back whole.
func (s *Shard) removeConn(p int32, c int32, fit bool) {
	pp := &s.peers[p]
	for i, e := range pp.conns {
		if connOf(e) == c {
			pp.conns = append(pp.conns[:i], pp.conns[i+1:]...)
			if fit {
				s.fitConns(pp)
			}
			return
		}
	}
}

// addAvail counts other's pieces in avail (nil for a seed, which keeps
// no counts), eight pieces at a time (see countBytes).
func addAvail(avail []uint8, other bitset) { countBytes(avail, other, 1) }

// subAvail takes other's pieces out of avail.
func subAvail(avail []uint8, other bitset) { countBytes(avail, other, -1) }

// countBytes adds sign (±1) to the count of each piece of other: each
// byte of the bitfield, spread to one bit per byte, is added to eight
// counts in one word. A count is at most the number of connections
// (255), so no byte carries into the next, and a count never goes below
// the pieces taken out of it, so none borrows. Connecting to a seed
// counts every piece: this was 4% of a run one piece at a time.
func countBytes(avail []uint8, other bitset, sign int) {
	if avail == nil {
		return
	}
	for w, word := range other {
		for k := 0; word != 0; k, word = k+1, word>>8 {
			at := w<<6 | k<<3
			if at+8 > len(avail) { // the last pieces, fewer than eight
				for b := word & 0xff; b != 0; b &= b - 1 {
					avail[at+bits.TrailingZeros64(b)] += uint8(sign)
				}
				continue
			}
			v := binary.LittleEndian.Uint64(avail[at:])
			if sign > 0 {
				v += spreadBits[word&0xff]
			} else {
				v -= spreadBits[word&0xff]
			}
			binary.LittleEndian.PutUint64(avail[at:], v)
		}
	}
}

// spreadBits[b] holds bit k of b in byte k.
var spreadBits = func() (t [256]uint64) {
	for b := range t {
		for k := 0; k < 8; k++ {
			t[b] |= uint64(b>>k&1) << (8 * k)
		}
	}
	return t
}()

// setInterest sets whether peer[1-d] of c is interested in peer[d], and
// keeps peer[d]'s count of interested neighbours, which decides whether
// its upload capacity counts as available (upload utilisation).
func (s *Shard) setInterest(c int32, d int, on bool, now sim.Time) {
	cc := &s.conns[c]
	if cc.is(interestedBit(d)) == on {
		return
	}
	sender := cc.peer[d]
	sp := &s.peers[sender]
	t := s.torrents[sp.torrent]
	before := sp.interestedIn > 0
	if on {
		cc.flags |= interestedBit(d)
		sp.interestedIn++
		s.wake(sender, now)
		// The snub clock starts when there is something to wait for.
		cc.setClock(d, clockAt(now))
	} else {
		cc.flags &^= interestedBit(d)
		sp.interestedIn--
	}
	if after := sp.interestedIn > 0; after != before {
		t.settle(now)
		if after {
			t.st.giveCap += sp.up
		} else {
			t.st.giveCap -= sp.up
		}
	}
	// Mainline rechokes at once when an unchoked peer changes interest.
	if !cc.is(chokingBit(d)) {
		s.mark(sender, pendingRechoke)
		if on {
			s.mark(cc.peer[1-d], pendingDownload)
		}
	}
}

// disconnect closes c. gone is the peer that leaves (its state is not
// updated), or -1.
func (s *Shard) disconnect(c int32, now sim.Time, gone int32) {
	for d := 0; d < 2; d++ {
		if s.conns[c].is(flowingBit(d)) {
			s.cancelFlow(s.findFlow(c, d), now, gone)
		}
	}
	for d := 0; d < 2; d++ {
		s.setInterest(c, d, false, now)
	}
	cc := &s.conns[c]
	for d := 0; d < 2; d++ {
		p := cc.peer[d]
		s.removeConn(p, c, p != gone)
		if p != gone {
			pp := &s.peers[p]
			subAvail(s.torrents[pp.torrent].availOf(pp), s.peers[cc.peer[1-d]].have)
			if !cc.is(chokingBit(d)) {
				// p lost a peer it unchoked: its slot is free.
				s.mark(p, pendingRechoke)
			}
		}
	}
	s.releaseActivity(cc)
	*cc = conn{peer: [2]int32{-1, -1}}
	s.closedConns++
}

// newConn returns the id of a new connection record, at the end of the
// table. Ids are not reused: an announce opens a peer's connections one
// after another, so their records lie side by side, and the loops over a
// peer's connections (a HAVE to every neighbour, the choker) share cache
// lines instead of missing once per record. compactConns drops the
// records of closed connections.
func (s *Shard) newConn() int32 {
	if len(s.conns) == cap(s.conns) {
		s.conns = slices.Grow(s.conns, 64+len(s.conns)/8)
	}
	s.conns = append(s.conns, conn{})
	return int32(len(s.conns) - 1)
}

// compactConns renumbers the live connections densely, in their order,
// once a sixteenth of the table is closed. Nothing depends on a
// connection's number but the peers' lists and the flows, which are
// rewritten; it runs between events. The new number of a record is the
// count of live records before it, read from a bitmap of the live ones
// and its running counts per word (scratch of a bit and a half per
// record, kept for the next time, so that compacting allocates nothing).
func (s *Shard) compactConns() {
	if n := len(s.conns); n >= 256 && 16*s.closedConns >= n {
		s.renumberConns()
	}
}

func (s *Shard) renumberConns() {
	n := len(s.conns)
	words := (n + 63) / 64
	s.liveConns = slices.Grow(s.liveConns[:0], words)[:words]
	s.liveBefore = slices.Grow(s.liveBefore[:0], words)[:words]
	clear(s.liveConns)
	live := int32(0)
	for c := range s.conns {
		if s.conns[c].peer[0] < 0 {
			continue
		}
		s.liveConns.set(c)
		s.conns[live] = s.conns[c]
		live++
	}
	before := int32(0)
	for w, bits64 := range s.liveConns {
		s.liveBefore[w] = before
		before += int32(bits.OnesCount64(bits64))
	}
	renum := func(c int32) int32 {
		w := c >> 6
		return s.liveBefore[w] + int32(bits.OnesCount64(s.liveConns[w]&(1<<(uint(c)&63)-1)))
	}
	for p := range s.peers {
		pp := &s.peers[p]
		if pp.state == stateFree {
			continue
		}
		for i, e := range pp.conns {
			pp.conns[i] = renum(connOf(e)) | e&seedEntry
		}
		for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
			s.flows[f].conn = renum(s.flows[f].conn)
		}
	}
	s.conns = s.conns[:live] // its capacity is given back at an epoch end (see cutTables)
	s.closedConns = 0
}
