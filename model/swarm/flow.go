package swarm

import (
	"math"

	"github.com/swarmecon/swarmecon/sim"
)

// startFlow starts moving piece from peer[d] of c to peer[1-d], resuming
// any bytes a cancelled flow left. A flow for a piece already requested
// is an endgame duplicate: it brings the whole piece, and the first to
// finish wins.
func (s *Shard) startFlow(c int32, d int, piece int, now sim.Time) {
	cc := &s.conns[c]
	from, to := cc.peer[d], cc.peer[1-d]
	tp := &s.peers[to]
	t := s.torrents[tp.torrent]
	start := 0.0
	if tp.partial != nil {
		l := tp.partial
		for i, pc := range *l {
			if int(pc.piece) == piece {
				start = pc.done
				*l = append((*l)[:i], (*l)[i+1:]...)
				break
			}
		}
	}
	f, ok := s.freeFlows.pop()
	if !ok {
		f = int32(len(s.flows))
		s.flows = append(s.flows, flow{})
		if len(s.flowGen) == int(f) { // a cut table keeps its generations
			s.flowGen = append(s.flowGen, 0)
		}
	}
	dup := tp.req().has(piece)
	if dup {
		tp.set(endgame, true)
	}
	remaining := t.pieceBytes(piece) - start
	fp := &s.flows[f]
	*fp = flow{
		remaining: remaining, last: now, due: sim.Never,
		conn: c, what: uint32(piece) | uint32(d)<<31,
		prevOut: -1, nextOut: s.peers[from].firstOut, prevIn: -1, nextIn: tp.firstIn,
	}
	fp.set(flowDup, dup)
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
	tp.req().set(piece)
	cc.flags |= flowingBit(d)
	s.reshare(from, reshareUpload)
	// The last unrequested piece is requested: endgame starts, and idle
	// connections may now bring duplicates.
	if !dup && t.cfg.Protocol.Endgame && s.allRequested(tp, t) {
		s.mark(to, pendingDownload)
	}
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
	s.reschedule(f)
}

// maxFlowTime bounds a completion time; a slower flow waits for a rate
// change instead of an event decades away.
const maxFlowTime = 100 * sim.Year

// reschedule follows a change of f's rate (f settled at now). A flow
// keeps one pending completion event: a new one only when the
// completion comes earlier (the old one is cancelled by generation);
// when it moves later, the pending event stays and, when it comes due,
// moves itself on to the new time (see flowDue). Rates change often and
// mostly downwards, so this saves most of the stale events that a push
// per change would leave in the queue.
func (s *Shard) reschedule(f int32) {
	fp := &s.flows[f]
	at := fp.completion()
	if at == sim.Never {
		return // stalled: the pending event, if any, will find nothing due
	}
	// The push order this event would have had, for ties (see Advance).
	s.seq++
	fp.seq = s.seq
	if at <= fp.due {
		fp.due = at
		gen := s.flowGen.Bump(uint32(f))
		s.queue.Push(sim.Event{At: at, Arg: fp.seq, Entity: uint32(f), Gen: gen, Kind: evFlowDone})
	}
}

// completion returns when f completes at its rate, from the bytes it had
// left when last settled; Never when it is stalled: below a byte a
// second (a rounding residue of the water-filling) a flow waits for its
// rate to change. Between two rate changes the answer stays the same.
func (fp *flow) completion() sim.Time {
	if fp.rate >= 1 {
		d := math.Ceil(fp.remaining / fp.rate * float64(sim.Second))
		if d < float64(maxFlowTime) {
			return fp.last + sim.Time(d)
		}
	}
	return sim.Never
}

// flowDue handles f's pending completion event at now: it reports
// whether f completes now, and otherwise pushes the event on to f's
// completion time, if it has one.
func (s *Shard) flowDue(f int32, now sim.Time) bool {
	fp := &s.flows[f]
	at := fp.completion()
	if at == now {
		return true
	}
	fp.due = at
	if at != sim.Never {
		s.queue.Push(sim.Event{At: at, Arg: fp.seq, Entity: uint32(f), Gen: s.flowGen.Of(uint32(f)), Kind: evFlowDone})
	}
	return false
}

// unlink takes f out of both lists and frees it; its sender and receiver
// share their capacities again once the event is handled.
func (s *Shard) unlink(f int32, now sim.Time) {
	fp := &s.flows[f]
	from, to := s.ends(fp)
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
	tp := &s.peers[to]
	tp.inCount--
	// While the offers fit, each rate is its offer and the two sums move
	// alike (see reallocReceiverDeep); a peer left without flows starts
	// again from exact zeros.
	tp.offerSum -= fp.offer
	tp.inRate -= fp.rate
	if tp.inCount == 0 {
		tp.offerSum, tp.inRate = 0, 0
	}
	s.conns[fp.conn].flags &^= flowingBit(fp.dir())
	s.flowGen.Bump(uint32(f))
	s.freeFlows.push(f)
	s.reshare(from, reshareUpload)
	s.reshare(to, reshareDownload)
}

// ends returns f's sender and receiver: its connection's ends, in the
// order of its direction.
func (s *Shard) ends(fp *flow) (from, to int32) {
	cc := &s.conns[fp.conn]
	d := fp.dir()
	return cc.peer[d], cc.peer[1-d]
}

func (s *Shard) sender(fp *flow) int32   { return s.conns[fp.conn].peer[fp.dir()] }
func (s *Shard) receiver(fp *flow) int32 { return s.conns[fp.conn].peer[1-fp.dir()] }

// account books the bytes f moved on both sides and in the rate window.
func (s *Shard) account(f int32, now sim.Time) {
	fp := &s.flows[f]
	sp := &s.peers[s.sender(fp)]
	t := s.torrents[sp.torrent]
	sp.uploaded += fp.moved
	t.st.bytesUp += fp.moved
	t.st.bytesDown += fp.moved
	s.activityOf(fp.conn).win.add(fp.dir(), now, fp.moved)
}

// bookProgress books the bytes f has moved since they were last booked,
// as if its blocks had been counted on arrival, so that a rate read now
// sees them. f's settlement (last, remaining), and so its completion
// time, stays as it was: moved goes negative by what is booked ahead of
// it, and the next settle or account makes up the difference, so that no
// byte is booked twice.
func (s *Shard) bookProgress(f int32, now sim.Time) {
	fp := &s.flows[f]
	ahead := 0.0
	if dt := (now - fp.last).Seconds(); dt > 0 && fp.rate > 0 {
		ahead = math.Min(fp.rate*dt, fp.remaining)
	}
	if fp.moved+ahead <= 0 {
		return
	}
	fp.moved += ahead
	s.account(f, now)
	fp.moved = -ahead
}

// cancelFlow stops f. The receiver keeps what it got as a partial piece,
// unless it is the peer leaving (gone), already holds the piece, or an
// endgame duplicate still brings it (which then becomes the flow of
// record).
func (s *Shard) cancelFlow(f int32, now sim.Time, gone int32) {
	s.settle(f, now)
	fp := &s.flows[f]
	s.account(f, now)
	to, piece, left, dup := s.receiver(fp), fp.piece(), fp.remaining, fp.dup()
	tp := &s.peers[to]
	s.unlink(f, now)
	if tp.have.has(piece) || to == gone {
		return
	}
	s.mark(to, pendingDownload)
	if dup {
		return
	}
	if other := s.incoming(to, piece, true); other >= 0 {
		s.flows[other].set(flowDup, false)
		return
	}
	tp.req().clear(piece)
	t := s.torrents[tp.torrent]
	if done := t.pieceBytes(piece) - left; done > 0 {
		s.addPartial(tp, piece, done)
	}
}

// incoming returns a flow bringing piece to p, or -1; endgame duplicates
// count only when dups is set.
func (s *Shard) incoming(p int32, piece int, dups bool) int32 {
	for f := s.peers[p].firstIn; f >= 0; f = s.flows[f].nextIn {
		if s.flows[f].piece() == piece && (dups || !s.flows[f].dup()) {
			return f
		}
	}
	return -1
}

// completeFlow ends f with its piece delivered.
func (s *Shard) completeFlow(f int32, now sim.Time) {
	s.settle(f, now)
	fp := &s.flows[f]
	// The event time is rounded up to a microsecond, so what is left is
	// a rounding residue: the part is whole.
	fp.moved += fp.remaining
	fp.remaining = 0
	s.account(f, now)
	c, d, to, piece := fp.conn, fp.dir(), s.receiver(fp), fp.piece()
	s.conns[c].setClock(d, clockAt(now))
	s.unlink(f, now)
	s.gotPiece(to, piece, now) // a duplicate brings the whole piece too
	// The connection is idle again. The others are tried only when
	// something changes for them: a HAVE, an unchoke, a change of
	// interest, a cancelled flow, or endgame starting (startFlow). A
	// leecher still has c: only a new seed closes connections.
	if s.peers[to].state == stateLeecher {
		s.tryConn(to, c, now)
	}
}
