package swarm

import (
	"math/bits"

	"github.com/swarmecon/swarmecon/sim"
)

// gotPiece records that p now holds piece: it cancels endgame duplicates,
// tells every neighbour (HAVE), and updates interest both ways.
func (s *Shard) gotPiece(p int32, piece int, now sim.Time) {
	pp := &s.peers[p]
	t := s.torrents[pp.torrent]
	if pp.have.has(piece) {
		return
	}
	pp.have.set(piece)
	pp.req().clear(piece)
	pp.haveCount++
	t.global[piece]++
	// Only an endgame duplicate brings a piece that another flow brings
	// too; before endgame the flows need not be read (they are far apart).
	for f := pp.firstIn; pp.is(endgame) && f >= 0; {
		next := s.flows[f].nextIn
		if s.flows[f].piece() == piece {
			s.cancelFlow(f, now, -1) // an endgame duplicate
		}
		f = next
	}
	// The neighbours' records lie far apart: the loops below read every
	// connection, then count the piece at every neighbour, so that the
	// cache misses of one loop overlap instead of waiting on each other.
	// Only then is interest updated, which reads no availability.
	// A seed neighbour keeps no counts and p still wants its pieces, so
	// the HAVE changes nothing there until p's last piece.
	//
	// Whether a neighbour is a seed is as good as random, so the first
	// loop does not branch on it: a seed's entry reads connection 0
	// (cached) and is overwritten by the next.
	skip := seedEntry // the entries to skip: seeds', until p's last piece
	if int(pp.haveCount) == t.pieces {
		skip = 0
	}
	if cap(s.nbrs) < len(pp.conns) {
		s.nbrs = make([]neighbour, 0, 2*len(pp.conns))
	}
	nb := s.nbrs[:len(pp.conns)]
	k := 0
	for _, e := range pp.conns {
		seed := (e & skip) >> 31 // −1 to skip, else 0
		c := connOf(e) &^ seed
		cc := &s.conns[c]
		d := cc.side(p)
		nb[k] = neighbour{conn: c, peer: cc.peer[1-d], dir: uint8(d)}
		k += 1 + int(seed)
	}
	nb = nb[:k]
	for i := range nb {
		qp := &s.peers[nb[i].peer]
		if counts := t.availOf(qp); counts != nil {
			counts[piece]++
		}
		nb[i].has = qp.have.has(piece)
	}
	s.nbrs = nb
	for _, n := range nb {
		c, d := n.conn, int(n.dir)
		cc := &s.conns[c]
		qp := &s.peers[n.peer]
		if !n.has {
			if !cc.is(interestedBit(d)) {
				s.setInterest(c, d, true, now)
			} else if !cc.is(chokingBit(d)) && !cc.is(flowingBit(d)) {
				// Unchoked and idle for want of a piece: here is one.
				s.mark(cc.peer[1-d], pendingDownload)
			}
		} else if cc.is(interestedBit(1-d)) && !pp.have.wants(qp.have) {
			s.setInterest(c, 1-d, false, now)
		}
	}
	if int(pp.haveCount) == t.pieces {
		s.complete(p, now)
	}
}

// neighbour is a HAVE's scratch: one connection of the peer that got a
// piece, the neighbour, and whether the neighbour holds that piece.
type neighbour struct {
	conn, peer int32
	dir        uint8 // the side of the peer that got the piece
	has        bool
}

// tryDownloads starts a flow on every connection of p that is unchoked,
// interesting and idle.
func (s *Shard) tryDownloads(p int32, now sim.Time) {
	if s.peers[p].state != stateLeecher {
		return
	}
	for _, e := range s.peers[p].conns {
		c := connOf(e)
		s.tryConn(p, c, now)
	}
}

// tryConn starts a flow to p over c when c is unchoked, interesting and
// idle, and the neighbour has a piece to pick.
func (s *Shard) tryConn(p, c int32, now sim.Time) {
	cc := &s.conns[c]
	d := 1 - cc.side(p) // data from the neighbour to p
	if cc.is(chokingBit(d)) || !cc.is(interestedBit(d)) || cc.is(flowingBit(d)) {
		return
	}
	if s.peers[cc.peer[d]].up <= 0 {
		return // a free rider sends nothing
	}
	if piece := s.pick(p, cc.peer[d]); piece >= 0 {
		s.startFlow(c, d, piece, now)
	}
}

// pick chooses the piece p requests from q, or −1 (REFERENCES §4, piece
// selection): strict priority for pieces already started (the bytes a
// cancelled flow left), random first pieces, then the configured order;
// endgame when every missing piece is already requested.
//
// NB: a piece comes over one connection at a time (or several in
// endgame). Mainline also spreads the blocks of one piece over several
// peers; splitting flows that way was tried and made pieces finish in
// many tiny flows, for more events and no better use of capacity.
func (s *Shard) pick(p, q int32) int {
	pp, qp := &s.peers[p], &s.peers[q]
	t := s.torrents[pp.torrent]
	pr := &t.cfg.Protocol
	best := -1
	req := pp.req()
	avail := t.availOf(pp)
	for _, pc := range pp.partials() {
		i := int(pc.piece)
		if qp.have.has(i) && !req.has(i) && (best < 0 || avail[i] < avail[best]) {
			best = i
		}
	}
	if best >= 0 {
		return best
	}
	n := 0
	for w := range qp.have {
		n += bits.OnesCount64(qp.have[w] &^ pp.have[w] &^ req[w])
	}
	if n == 0 {
		if pr.Endgame && s.allRequested(pp, t) {
			return s.pickEndgame(pp, qp)
		}
		return -1
	}
	switch {
	case pr.Picker == Sequential:
		for w := range qp.have {
			if x := qp.have[w] &^ pp.have[w] &^ req[w]; x != 0 {
				return w<<6 | bits.TrailingZeros64(x)
			}
		}
	case pr.Picker == RandomPiece || int(pp.haveCount) < pr.RandomFirstPieces:
		return nthCandidate(pp, qp, pp.rng.IntN(n))
	case pr.Picker == GlobalRarestFirst:
		return rarest(s, pp, qp, t.global, n)
	}
	return rarest(s, pp, qp, avail, n)
}

// rarest returns the candidate with the fewest copies by counts (the
// peer's own neighbours for local rarest first, the whole swarm for
// global); ties go to a uniformly random one. The tied pieces are listed
// as they are found and one is drawn at the end: in the small swarms of a
// catalogue most pieces tie, and a draw per tie (reservoir sampling) was
// half the run time. Every candidate is written to the list and kept
// only when it ties, so that whether it ties, as good as random, is not
// a branch to mispredict. n is the number of candidates. The type
// parameter gives each kind of count its own compiled loop, without a
// call per piece.
func rarest[T uint8 | int32](s *Shard, pp, qp *peer, counts []T, n int) int {
	req := pp.req()
	if cap(s.tied) < n {
		s.tied = make([]int32, 0, 2*n)
	}
	tied := s.tied[:n]
	least, k := T(0), 0
	for w := range qp.have {
		for x := qp.have[w] &^ pp.have[w] &^ req[w]; x != 0; x &= x - 1 {
			i := w<<6 | bits.TrailingZeros64(x)
			c := counts[i]
			if k == 0 || c < least {
				least, k = c, 0
			}
			tied[k] = int32(i)
			if c == least {
				k++
			}
		}
	}
	s.tied = tied[:k]
	return s.drawTied(pp)
}

// drawTied returns a uniformly random piece of s.tied, or -1 when empty.
func (s *Shard) drawTied(pp *peer) int {
	if len(s.tied) == 0 {
		return -1
	}
	return int(s.tied[pp.rng.IntN(len(s.tied))])
}

// nthCandidate returns the k-th piece (from 0) that q has and p neither
// has nor requested.
func nthCandidate(pp, qp *peer, k int) int {
	req := pp.req()
	for w := range qp.have {
		x := qp.have[w] &^ pp.have[w] &^ req[w]
		if c := bits.OnesCount64(x); k >= c {
			k -= c
			continue
		}
		for ; k > 0; k-- {
			x &= x - 1
		}
		return w<<6 | bits.TrailingZeros64(x)
	}
	return -1
}

// allRequested reports whether every piece p lacks has a flow coming.
func (s *Shard) allRequested(pp *peer, t *torrent) bool {
	req := pp.req()
	for w := range pp.have {
		missing := ^pp.have[w] &^ req[w]
		if w == len(pp.have)-1 && t.pieces%64 != 0 {
			missing &= 1<<(uint(t.pieces)%64) - 1
		}
		if missing != 0 {
			return false
		}
	}
	return true
}

// pickEndgame returns a random piece that q has and p is already
// receiving from someone else.
func (s *Shard) pickEndgame(pp, qp *peer) int {
	req := pp.req()
	n := 0
	for w := range qp.have {
		n += bits.OnesCount64(qp.have[w] &^ pp.have[w] & req[w])
	}
	if n == 0 {
		return -1
	}
	k := pp.rng.IntN(n)
	for w := range qp.have {
		x := qp.have[w] &^ pp.have[w] & req[w]
		if c := bits.OnesCount64(x); k >= c {
			k -= c
			continue
		}
		for ; k > 0; k-- {
			x &= x - 1
		}
		return w<<6 | bits.TrailingZeros64(x)
	}
	return -1
}
