package swarm

import (
	"math"

	"github.com/swarmecon/swarmecon/sim"
)

// startFlow starts moving piece from peer[d] of c to peer[1-d], resuming
// any bytes a cancelled flow left.
func (s *Shard) startFlow(c int32, d int, piece int, now sim.Time) {
	cc := &s.conns[c]
	from, to := cc.peer[d], cc.peer[1-d]
	tp := &s.peers[to]
	t := s.torrents[tp.torrent]
	start := 0.0
	for i, pp := range tp.partial {
		if int(pp.piece) == piece {
			start = pp.done
			tp.partial = append(tp.partial[:i], tp.partial[i+1:]...)
			break
		}
	}
	var f int32
	if n := len(s.freeFlows); n > 0 {
		f = s.freeFlows[n-1]
		s.freeFlows = s.freeFlows[:n-1]
	} else {
		s.flows = append(s.flows, flow{})
		s.flowGen = append(s.flowGen, 0)
		f = int32(len(s.flows) - 1)
	}
	fp := &s.flows[f]
	*fp = flow{
		remaining: t.pieceBytes(piece) - start, start: start, last: now,
		conn: c, from: from, to: to, piece: int32(piece), dir: uint8(d),
		prevOut: -1, nextOut: s.peers[from].firstOut, prevIn: -1, nextIn: tp.firstIn,
	}
	if fp.nextOut >= 0 {
		s.flows[fp.nextOut].prevOut = f
	}
	if fp.nextIn >= 0 {
		s.flows[fp.nextIn].prevIn = f
	}
	s.peers[from].firstOut = f
	s.peers[from].outCount++
	tp.firstIn = f
	tp.inCount++
	tp.requested.set(piece)
	cc.flags |= flowingBit(d)
	s.reallocSender(from, now)
}

// findFlow returns the flow on direction d of c.
func (s *Shard) findFlow(c int32, d int) int32 {
	for f := s.peers[s.conns[c].peer[d]].firstOut; f >= 0; f = s.flows[f].nextOut {
		if s.flows[f].conn == c {
			return f
		}
	}
	panic("swarm: flowing connection without a flow")
}

// settle moves a flow's bytes up to now at its current rate.
func (s *Shard) settle(f int32, now sim.Time) {
	fp := &s.flows[f]
	if dt := (now - fp.last).Seconds(); dt > 0 && fp.rate > 0 {
		m := math.Min(fp.rate*dt, fp.remaining)
		fp.remaining -= m
		fp.moved += m
	}
	fp.last = now
}

// setRate settles f and gives it a new rate, rescheduling its completion.
func (s *Shard) setRate(f int32, rate float64, now sim.Time) {
	fp := &s.flows[f]
	if fp.rate == rate {
		return
	}
	s.settle(f, now)
	fp.rate = rate
	gen := s.flowGen.Bump(uint32(f))
	if rate > 0 {
		d := sim.Time(math.Ceil(fp.remaining / rate * float64(sim.Second)))
		s.queue.Push(sim.Event{At: now + d, Entity: uint32(f), Gen: gen, Kind: evFlowDone})
	}
}

// reallocSender shares p's upload capacity equally among its uploads and
// lets each receiver share its download capacity again.
func (s *Shard) reallocSender(p int32, now sim.Time) {
	pp := &s.peers[p]
	if pp.outCount == 0 {
		return
	}
	offer := pp.up / float64(pp.outCount)
	for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
		if s.flows[f].offer != offer {
			s.flows[f].offer = offer
			s.reallocReceiver(s.flows[f].to, now)
		}
	}
}

// reallocReceiver water-fills p's download capacity over its incoming
// flows: a flow whose sender offers less than an equal share gets its
// offer, and the rest is shared again among the others (max-min fairness
// on the receiver's link).
func (s *Shard) reallocReceiver(p int32, now sim.Time) {
	pp := &s.peers[p]
	left, n := pp.down, int(pp.inCount)
	const unfixed = -1.0
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		s.flows[f].share = unfixed
	}
	for n > 0 {
		share := left / float64(n)
		fixed := false
		for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
			if fp := &s.flows[f]; fp.share == unfixed && fp.offer <= share {
				fp.share = fp.offer
				left -= fp.offer
				n--
				fixed = true
			}
		}
		if !fixed {
			for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
				if fp := &s.flows[f]; fp.share == unfixed {
					fp.share = share
				}
			}
			break
		}
	}
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		s.setRate(f, s.flows[f].share, now)
	}
}

// unlink takes f out of both lists and frees it; its sender and receiver
// are re-allocated.
func (s *Shard) unlink(f int32, now sim.Time) {
	fp := &s.flows[f]
	from, to := fp.from, fp.to
	if fp.prevOut >= 0 {
		s.flows[fp.prevOut].nextOut = fp.nextOut
	} else {
		s.peers[from].firstOut = fp.nextOut
	}
	if fp.nextOut >= 0 {
		s.flows[fp.nextOut].prevOut = fp.prevOut
	}
	if fp.prevIn >= 0 {
		s.flows[fp.prevIn].nextIn = fp.nextIn
	} else {
		s.peers[to].firstIn = fp.nextIn
	}
	if fp.nextIn >= 0 {
		s.flows[fp.nextIn].prevIn = fp.prevIn
	}
	s.peers[from].outCount--
	s.peers[to].inCount--
	s.conns[fp.conn].flags &^= flowingBit(int(fp.dir))
	s.flowGen.Bump(uint32(f))
	s.freeFlows = append(s.freeFlows, f)
	s.reallocSender(from, now)
	s.reallocReceiver(to, now)
}

// account books the bytes f moved on both sides and in the rate window.
func (s *Shard) account(f int32, received float64, now sim.Time) {
	fp := &s.flows[f]
	t := s.torrents[s.peers[fp.from].torrent]
	s.peers[fp.from].uploaded += fp.moved
	t.st.bytesUp += fp.moved
	t.st.bytesDown += received
	s.conns[fp.conn].win[fp.dir].add(now, fp.moved)
}

// cancelFlow stops f; the receiver keeps the bytes it got as a partial
// piece unless it is the peer leaving (gone) or already has the piece.
func (s *Shard) cancelFlow(f int32, now sim.Time, gone int32) {
	s.settle(f, now)
	fp := &s.flows[f]
	s.account(f, fp.moved, now)
	to, piece := fp.to, int(fp.piece)
	tp := &s.peers[to]
	if to != gone && !tp.have.has(piece) {
		if done := fp.start + fp.moved; done > 0 {
			tp.partial = append(tp.partial, partialPiece{piece: int32(piece), done: done})
		}
	}
	s.unlink(f, now)
	if !tp.have.has(piece) && !s.receiving(to, piece) {
		tp.requested.clear(piece)
	}
	if to != gone {
		s.mark(to, pendingDownload)
	}
}

// receiving reports whether a flow brings piece to p.
func (s *Shard) receiving(p int32, piece int) bool {
	for f := s.peers[p].firstIn; f >= 0; f = s.flows[f].nextIn {
		if int(s.flows[f].piece) == piece {
			return true
		}
	}
	return false
}

// completeFlow ends f with its piece delivered.
func (s *Shard) completeFlow(f int32, now sim.Time) {
	s.settle(f, now)
	fp := &s.flows[f]
	// The event time is rounded up to a microsecond, so what is left is
	// a rounding residue: the piece is whole.
	fp.moved += fp.remaining
	fp.remaining = 0
	s.account(f, s.torrents[s.peers[fp.to].torrent].pieceBytes(int(fp.piece))-fp.start, now)
	c, d, to, piece := fp.conn, int(fp.dir), fp.to, int(fp.piece)
	s.conns[c].lastPiece[d] = secs(now)
	s.unlink(f, now)
	s.gotPiece(to, piece, now)
}
