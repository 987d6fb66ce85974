package swarm

import (
	"cmp"
	"math"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// minUploads is mainline 4.x's min_uploads: the optimistic walk goes on
// until this many interested peers are unchoked (and at least one).
const minUploads = 2

// cand is a neighbour as a choker ranks it.
type cand struct {
	rate   float64 // bytes/s: from it (leecher) or to it (seed)
	pos    int32   // position in the choker list
	at     uint32  // second of its last unchoke (seed state)
	recent bool    // unchoked in the last three rounds (seed state)
}

// byRate ranks the fastest first, then by list position.
func byRate(a, b cand) int {
	if c := cmp.Compare(b.rate, a.rate); c != 0 {
		return c
	}
	return cmp.Compare(a.pos, b.pos)
}

// selectFirst moves the k first of cands by order to the front, in that
// order; the rest stay in no particular order. A leecher unchokes a few
// of its dozens of candidates at each round, and sorting them all was a
// fifth of its round; with many unchoke slots, sorting is quicker.
func selectFirst(cands []cand, k int, order func(a, b cand) int) {
	if k > 8 {
		slices.SortFunc(cands, order)
		return
	}
	for i := 0; i < k; i++ {
		best := i
		for j := i + 1; j < len(cands); j++ {
			if order(cands[j], cands[best]) < 0 {
				best = j
			}
		}
		cands[i], cands[best] = cands[best], cands[i]
	}
}

// bySeedOrder ranks as the seed-state choker does: the recently
// unchoked first, most recent first, then by upload rate to them. Equal
// rates (common: a seed gives its unchoked peers equal shares) go to the
// more recently unchoked, so that the peer served longest is the one cut
// and service time, not list position, decides; then the list position.
func bySeedOrder(a, b cand) int {
	if a.recent != b.recent {
		if a.recent {
			return -1
		}
		return 1
	}
	if a.recent {
		if c := cmp.Compare(b.at, a.at); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(b.rate, a.rate); c != 0 {
		return c
	}
	if c := cmp.Compare(b.at, a.at); c != 0 {
		return c
	}
	return cmp.Compare(a.pos, b.pos)
}

// scheduledRechoke runs p's periodic rechoke, re-announces when p is
// short of neighbours, and schedules the next round. A seed that nobody
// wants anything from, and that knows enough of the leechers, sleeps
// instead: its rounds would change nothing, and wake re-joins them when a
// neighbour becomes interested.
func (s *Shard) scheduledRechoke(p int32, now sim.Time) {
	pp := &s.peers[p]
	t := s.torrents[pp.torrent]
	pr := t.cfg.Protocol
	pp.nextRechoke = now + pr.RechokeInterval
	// A seed can only connect to leechers, so it counts only them.
	want := min(pr.Numwant/2, len(t.tracker)-1)
	if pp.state != stateLeecher {
		want = min(pr.Numwant/2, t.leechers)
	}
	short := len(pp.conns) < want
	if pp.state != stateLeecher && pp.interestedIn == 0 && !short {
		pp.round++
		pp.set(sleeping, true)
		s.queueAnnounce(p)
		return
	}
	s.rechoke(p, now, true)
	if short && now-pp.lastAnnounce >= reannounceGap {
		s.announce(p, now)
	}
	s.pushPeer(p, pp.nextRechoke, evRechoke)
	s.queueAnnounce(p)
}

// planAnnounce sets p's next periodic announce, in the push order of
// now (see Shard.push). Most peers leave before their first announce
// (30 min by default), so the event enters the queue only when its time
// comes before the peer's next rechoke round, or the peer sleeps: a peer
// that leaves earlier leaves no stale event behind.
func (s *Shard) planAnnounce(p int32, at sim.Time) {
	pp := &s.peers[p]
	s.seq++
	pp.announceAt, pp.announceSeq = at, s.seq
	pp.set(announceQueued, false)
	s.queueAnnounce(p)
}

// queueAnnounce pushes p's planned announce when nothing else of p comes
// before it: p sleeps, or its next round (at nextRechoke, pending) comes
// later.
func (s *Shard) queueAnnounce(p int32) {
	pp := &s.peers[p]
	if pp.is(announceQueued) || (!pp.is(sleeping) && pp.announceAt > pp.nextRechoke) {
		return
	}
	pp.set(announceQueued, true)
	s.queue.Push(sim.Event{At: pp.announceAt, Arg: pp.announceSeq, Entity: uint32(p), Gen: s.peerGen.Of(uint32(p)), Kind: evAnnounce})
}

// wake schedules a sleeping seed's next round on its own 10 s grid,
// counting the rounds it slept through, so that its rotation keeps the
// phase it would have had awake.
func (s *Shard) wake(p int32, now sim.Time) {
	pp := &s.peers[p]
	if !pp.is(sleeping) {
		return
	}
	pp.set(sleeping, false)
	iv := s.torrents[pp.torrent].cfg.Protocol.RechokeInterval
	if now >= pp.nextRechoke {
		k := (now-pp.nextRechoke)/iv + 1
		pp.round += int32(k - 1) // the slept rounds; the one at nextRechoke was counted
		pp.nextRechoke += k * iv
	}
	s.pushPeer(p, pp.nextRechoke, evRechoke)
}

// rechoke runs the choker of p: the leecher algorithm or the seed-state
// one. scheduled is false for the immediate rechokes that an unchoked
// peer's leaving or change of interest triggers.
func (s *Shard) rechoke(p int32, now sim.Time, scheduled bool) {
	switch s.peers[p].state {
	case stateLeecher:
		s.rechokeLeecher(p, now, scheduled)
	case stateSeed, statePermanent:
		s.rechokeSeed(p, now, scheduled)
	}
}

// rechokeLeecher is mainline's Choker._rechoke (REFERENCES §4, leecher
// state).
func (s *Shard) rechokeLeecher(p int32, now sim.Time, scheduled bool) {
	pp := &s.peers[p]
	pr := &s.torrents[pp.torrent].cfg.Protocol
	if scheduled {
		pp.round++
		// Step 2: every optimistic interval the first choked and
		// interested peer moves to the head: the new optimistic unchoke.
		if pp.round%optimisticRounds(pr) == 0 {
			for j, e := range pp.conns {
				c := connOf(e)
				cc := &s.conns[c]
				d := cc.side(p)
				if cc.is(chokingBit(d)) && cc.is(interestedBit(d)) {
					rotate(pp.conns, j)
					break
				}
			}
		}
	}
	// Steps 3-5: interested peers not snubbing us, by download rate.
	s.bookIncoming(p, now, pr.SnubTimeout)
	snub := int64(pr.SnubTimeout / sim.Second)
	s.cands = s.cands[:0]
	for j, e := range pp.conns {
		if e < 0 {
			// A seed wants nothing of p, so it is no candidate, and its
			// snub clock (which only ranks candidates) needs no bound.
			continue
		}
		c := connOf(e)
		cc := &s.conns[c]
		d := cc.side(p)
		snubbed := clockAge(cc.clock(1-d), now) > snub
		if snubbed {
			// The clock stays just past the timeout, so that its age never
			// wraps (see snubClock).
			cc.setClock(1-d, clockAt(now)-snubClock(snub+1))
		}
		if snubbed || !cc.is(interestedBit(d)) {
			continue
		}
		s.cands = append(s.cands, cand{rate: s.rate(c, 1-d, now), pos: int32(j)})
	}
	regular := min(len(s.cands), pr.UnchokeSlots-1)
	selectFirst(s.cands, regular, byRate)
	want := s.wantFor(len(pp.conns))
	for _, cd := range s.cands[:regular] {
		want[cd.pos] = true
	}
	// Step 6: the optimistic walk from the head of the list.
	count, hit := regular, false
	for j, e := range pp.conns {
		c := connOf(e)
		if count >= min(minUploads, pr.UnchokeSlots) && hit {
			break
		}
		if want[j] {
			continue
		}
		want[j] = true
		if e < 0 {
			continue // a seed is not interested
		}
		cc := &s.conns[c]
		if cc.is(interestedBit(cc.side(p))) {
			count++
			hit = true
		}
	}
	s.applyChoke(p, want, now)
}

// optimisticRounds is the number of rechokes per optimistic rotation.
func optimisticRounds(pr *Protocol) int32 {
	return int32(max(1, pr.OptimisticInterval/pr.RechokeInterval))
}

// rechokeSeed is mainline 4.x's Choker._rechoke_seed (REFERENCES §4,
// seed state): service time, not rate, decides whom a seed serves.
func (s *Shard) rechokeSeed(p int32, now sim.Time, scheduled bool) {
	pp := &s.peers[p]
	pr := &s.torrents[pp.torrent].cfg.Protocol
	slots := pr.UnchokeSlots
	want := s.wantFor(len(pp.conns))
	kept := 0
	if scheduled {
		pp.round++
		i := (slots + 2) / 3
		fresh := max(0, (i+int(pp.round%3))/3-int(pp.unchokesBtw))
		pp.unchokesBtw = 0
		s.bookOutgoing(p, now)
		recent := uint32(3 * pr.RechokeInterval / sim.Second)
		sec := secs(now)
		s.cands = s.cands[:0]
		for j, e := range pp.conns {
			c := connOf(e)
			cc := &s.conns[c]
			d := cc.side(p)
			if cc.is(chokingBit(d)) || !cc.is(interestedBit(d)) {
				continue
			}
			a := &s.acts[cc.act-1] // unchoked: it has a record
			at := a.unchokedAt[d]
			s.cands = append(s.cands, cand{rate: a.win.rate(d, now), pos: int32(j), at: at, recent: sec-at < recent})
		}
		slices.SortFunc(s.cands, bySeedOrder)
		kept = min(len(s.cands), max(0, slots-fresh))
		for _, cd := range s.cands[:kept] {
			want[cd.pos] = true
		}
		// Those cut this round are not unchoked again at once.
		for _, cd := range s.cands[kept:] {
			want[cd.pos] = false
		}
	} else {
		for j, e := range pp.conns {
			c := connOf(e)
			cc := &s.conns[c]
			d := cc.side(p)
			if !cc.is(chokingBit(d)) {
				want[j] = true
				if cc.is(interestedBit(d)) {
					kept++
				}
			}
		}
	}
	// Step 4: fill free slots in list order, then rotate past the last.
	last := -1
	for j, e := range pp.conns {
		c := connOf(e)
		if kept >= slots {
			break
		}
		cc := &s.conns[c]
		d := cc.side(p)
		if want[j] || !cc.is(chokingBit(d)) || !cc.is(interestedBit(d)) {
			continue
		}
		want[j] = true
		kept++
		last = j
		if !scheduled {
			// It saturates: a round reads it only against a third of a
			// third of the slots, and no seed unchokes 65,535 times
			// between two rounds of at most 5 minutes.
			if pp.unchokesBtw < math.MaxUint16 {
				pp.unchokesBtw++
			}
		}
	}
	s.applyChoke(p, want, now)
	if last >= 0 {
		rotate(pp.conns, last+1)
	}
}

// blockBytes is the unit in which a client requests, receives and
// counts data (BEP 3, mainline): a piece arrives block by block.
const blockBytes = 16 << 10

// bookIncoming brings the download rates and snub clocks p's choker reads
// up to now, as a client counting blocks on arrival would see them: each
// running download books the bytes it moved so far (see bookProgress),
// and one whose rate delivers a block per snub timeout got its last block
// at most a block's time ago, when its snub clock restarts.
func (s *Shard) bookIncoming(p int32, now, snubTimeout sim.Time) {
	for f := s.peers[p].firstIn; f >= 0; f = s.flows[f].nextIn {
		s.bookProgress(f, now)
		fp := &s.flows[f]
		if fp.rate*snubTimeout.Seconds() < blockBytes {
			continue
		}
		ago := sim.Time(blockBytes / fp.rate * float64(sim.Second))
		if ago > now {
			continue // before the run: the connection's start set the clock
		}
		cc := &s.conns[fp.conn]
		if at := clockAt(now - ago); clockAge(at, now) < clockAge(cc.clock(fp.dir()), now) {
			cc.setClock(fp.dir(), at)
		}
	}
}

// bookOutgoing brings the upload rates p's seed choker reads up to now.
func (s *Shard) bookOutgoing(p int32, now sim.Time) {
	for f := s.peers[p].firstOut; f >= 0; f = s.flows[f].nextOut {
		s.bookProgress(f, now)
	}
}

// wantFor returns a cleared scratch of n flags.
func (s *Shard) wantFor(n int) []bool {
	if cap(s.want) < n {
		s.want = make([]bool, n, 2*n)
	}
	s.want = s.want[:n]
	clear(s.want)
	return s.want
}

// applyChoke chokes and unchokes p's neighbours as want says. A choke
// stops the flow to that neighbour; an unchoke lets it request. It also
// hands back the activity records of connections gone idle: every
// connection has a leecher at one end, which rechokes every round.
func (s *Shard) applyChoke(p int32, want []bool, now sim.Time) {
	for j, e := range s.peers[p].conns {
		c := connOf(e)
		cc := &s.conns[c]
		d := cc.side(p)
		choking := cc.is(chokingBit(d))
		switch {
		case want[j] && choking:
			cc.flags &^= chokingBit(d)
			s.activityOf(c).unchokedAt[d] = secs(now)
			cc.setClock(d, clockAt(now))
			if cc.is(interestedBit(d)) {
				s.mark(cc.peer[1-d], pendingDownload)
			}
		case !want[j] && !choking:
			cc.flags |= chokingBit(d)
			if cc.is(flowingBit(d)) {
				s.cancelFlow(s.findFlow(c, d), now, -1)
			}
		}
		s.dropIdle(c, now)
	}
}

// rotate turns xs left by k: xs[k] becomes the head.
func rotate(xs []int32, k int) {
	if k <= 0 || k >= len(xs) {
		return
	}
	slices.Reverse(xs[:k])
	slices.Reverse(xs[k:])
	slices.Reverse(xs)
}
