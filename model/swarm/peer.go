package swarm

import (
	"math"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// arrive joins one peer of t and schedules the next arrival.
func (s *Shard) arrive(t *torrent, now sim.Time) {
	s.join(t, now, false)
	if at, ok := t.nextArrival(now); ok {
		s.push(sim.Event{At: at, Entity: uint32(t.local), Kind: evArrival})
	}
}

// join adds a peer to t: a leecher, or a permanent seed.
func (s *Shard) join(t *torrent, now sim.Time, permanent bool) int32 {
	p, ok := s.freePeers.pop()
	if !ok {
		p = int32(len(s.peers))
		s.peers = append(s.peers, peer{})
		if len(s.peerGen) == int(p) { // a cut table keeps its generations
			s.peerGen = append(s.peerGen, 0)
		}
	}
	pp := &s.peers[p]
	*pp = peer{
		conns:   t.takeConnList(0),
		rng:     sim.NewStream(t.seed, "swarm/"+t.cfg.Name+"/peer", t.serial),
		since:   now,
		torrent: int32(t.local), firstOut: -1, firstIn: -1,
		trackerPos: int32(len(t.tracker)),
	}
	t.serial++
	t.settle(now)
	if permanent {
		pp.state = statePermanent
		pp.have = t.seedBits()
		pp.up, pp.down = t.cfg.SeedUpload, t.cfg.SeedUpload
		for i := 0; i < t.pieces; i++ {
			t.global[i]++
		}
		pp.haveCount = int32(t.pieces)
		t.seeds++
	} else {
		pp.state = stateLeecher
		pp.have = t.takeBits()
		pp.availSlot = t.takeAvail() // a seed picks nothing: only leechers count copies
		pp.up = math.Max(0, t.cfg.Upload.Sample(&t.capRng))
		pp.down = math.Max(1, t.cfg.Download.Sample(&t.capRng))
		t.leechers++
		t.st.arrived++
		if th := t.cfg.AbortPerHour; th > 0 {
			d := sim.Time(math.Ceil(t.churnRng.Exp(sim.Hour.Seconds()/th) * float64(sim.Second)))
			s.pushPeer(p, now+d, evAbort)
		}
	}
	t.tracker = append(t.tracker, p)
	pr := t.cfg.Protocol
	s.announce(p, now)
	s.planAnnounce(p, now+pr.AnnounceInterval)
	// Rechoke phases are spread so that peers do not act in lockstep.
	pp.nextRechoke = now + sim.Time(pp.rng.Uint64N(uint64(pr.RechokeInterval)))
	s.pushPeer(p, pp.nextRechoke, evRechoke)
	s.queueAnnounce(p)
	return p
}

// leave removes peer p: its connections close, its flows stop, and its
// pieces leave the swarm.
func (s *Shard) leave(p int32, now sim.Time) {
	pp := &s.peers[p]
	t := s.torrents[pp.torrent]
	t.settle(now)
	for len(pp.conns) > 0 {
		s.disconnect(connOf(pp.conns[len(pp.conns)-1]), now, p)
	}
	switch pp.state {
	case stateLeecher:
		t.leechers--
		t.st.sojournSum += (now - pp.since).Seconds()
		t.st.sojournN++
	case stateSeed:
		t.seeds--
		t.st.seedTimeSum += (now - pp.since).Seconds()
		t.st.seedTimeN++
		t.st.lastSeedLeft = now
	case statePermanent:
		t.seeds--
	}
	dead := false
	for i := 0; i < t.pieces; i++ {
		if pp.have.has(i) {
			t.global[i]--
			if t.global[i] == 0 {
				dead = true
			}
		}
	}
	if dead && t.st.deadAt < 0 && t.seeds == 0 {
		t.st.deadAt = now
	}
	// The tracker list is unordered: the last entry takes p's place.
	last := t.tracker[len(t.tracker)-1]
	t.tracker[pp.trackerPos] = last
	s.peers[last].trackerPos = pp.trackerPos
	t.tracker = t.tracker[:len(t.tracker)-1]
	s.giveBufs(t, pp)
	*pp = peer{state: stateFree, firstOut: -1, firstIn: -1}
	s.peerGen.Bump(uint32(p))
	s.freePeers.push(p)
}

// complete makes leecher p a seed.
func (s *Shard) complete(p int32, now sim.Time) {
	pp := &s.peers[p]
	t := s.torrents[pp.torrent]
	t.settle(now)
	t.leechers--
	t.seeds++
	t.st.completed++
	t.st.downloadTimes = append(t.st.downloadTimes, float32((now - pp.since).Seconds()))
	t.st.sojournSum += (now - pp.since).Seconds()
	t.st.sojournN++
	pp.state = stateSeed
	pp.since = now
	t.giveAvail(pp.availSlot)
	pp.availSlot = 0
	s.givePartial(pp)
	t.giveBits(pp.have)
	pp.have = t.seedBits()
	// Two seeds have nothing to say to each other: mainline drops them.
	for i := len(pp.conns) - 1; i >= 0; i-- {
		c := connOf(pp.conns[i])
		q := s.conns[c].peer[1-s.conns[c].side(p)]
		if st := s.peers[q].state; st == stateSeed || st == statePermanent {
			s.disconnect(c, now, -1)
		} else {
			s.conns[c].flags |= seedBit(s.conns[c].side(p))
			s.tagSeedEntry(q, c)
		}
	}
	s.mark(p, pendingRechoke)
	stay := t.cfg.Seeding.Stay(s.seedView(p, now), &t.churnRng)
	if stay != Forever {
		s.pushPeer(p, now+stay, evSeedLeave)
	}
}

// tagSeedEntry marks c in q's list as leading to a seed.
func (s *Shard) tagSeedEntry(q, c int32) {
	l := s.peers[q].conns
	for i, e := range l {
		if e == c {
			l[i] = e | seedEntry
			return
		}
	}
}

func (s *Shard) seedView(p int32, now sim.Time) SeedView {
	pp := &s.peers[p]
	return SeedView{Torrent: s.torrents[pp.torrent].cfg.Name, Peer: uint32(p), Now: now, Since: pp.since, Uploaded: pp.uploaded}
}

// reconsiderSeed asks the seeding behaviour whether seed p leaves now.
func (s *Shard) reconsiderSeed(p int32, now sim.Time) {
	t := s.torrents[s.peers[p].torrent]
	more := t.cfg.Seeding.Reconsider(s.seedView(p, now), &t.churnRng)
	switch {
	case more <= 0:
		s.leave(p, now)
	case more != Forever:
		s.pushPeer(p, now+more, evSeedLeave)
	}
}

// takeBits returns a zeroed have bitfield, with the req bitfield in its
// capacity (see peer.req).
func (t *torrent) takeBits() bitset {
	if b, ok := t.freeBits.take(); ok {
		clear(b)
		return b[:t.words]
	}
	return make(bitset, t.words, 2*t.words)
}

// seedBits returns the bitfield every seed of t shares: a seed holds
// every piece and requests none, and nothing writes to its bitfield
// (a piece it holds is never brought to it), so seeds, about half of a
// swarm, need none of their own.
func (t *torrent) seedBits() bitset { return t.full[:t.words] }

// giveBits returns a leecher's bitfield to the free list.
func (t *torrent) giveBits(b bitset) {
	if &b[0] != &t.full[0] {
		t.freeBits.give(b[:2*t.words:2*t.words], t.freeCap())
	}
}

// takeAvail returns 1 + a slot of zeroed copy counts in t.avail: a free
// one when there is one (epoch ends move the counts down into the free
// slots, see compactAvail), else a new one at the end.
func (t *torrent) takeAvail() int32 {
	slot, ok := t.freeAvail.pop()
	if !ok {
		slot = int32(len(t.avail) / t.pieces)
		t.avail = slices.Grow(t.avail, t.pieces)[:len(t.avail)+t.pieces]
	}
	clear(t.slotAvail(slot))
	return slot + 1
}

// availOf returns p's copy counts, nil for a seed. They move when the
// table grows: hold them only while no peer joins.
func (t *torrent) availOf(pp *peer) []uint8 {
	if pp.availSlot == 0 {
		return nil
	}
	return t.slotAvail(pp.availSlot - 1)
}

func (t *torrent) slotAvail(slot int32) []uint8 {
	i := int(slot) * t.pieces
	return t.avail[i : i+t.pieces : i+t.pieces]
}

// giveBufs returns a departing peer's slices to the free lists.
func (s *Shard) giveBufs(t *torrent, pp *peer) {
	t.giveBits(pp.have)
	t.giveConnList(pp.conns)
	t.giveAvail(pp.availSlot)
	s.givePartial(pp)
}

func (t *torrent) giveAvail(slot int32) {
	if slot != 0 {
		t.freeAvail.push(slot - 1)
	}
}

// freeCap bounds each free list: enough for the swarm's ups and downs,
// while a swarm that shrank for good hands its memory back.
func (t *torrent) freeCap() int { return 64 + len(t.tracker)/16 }

// givePartial keeps a peer's emptied partial-piece list for the next
// peer that needs one.
func (s *Shard) givePartial(pp *peer) {
	if pp.partial != nil {
		*pp.partial = (*pp.partial)[:0]
		s.freePartials.give(pp.partial, 64+len(s.peers)/4)
	}
	pp.partial = nil
}

// addPartial records that p holds done bytes of piece.
func (s *Shard) addPartial(pp *peer, piece int, done float64) {
	if pp.partial == nil {
		if l, ok := s.freePartials.take(); ok {
			pp.partial = l
		} else {
			pp.partial = new([]partialPiece)
		}
	}
	*pp.partial = append(*pp.partial, partialPiece{piece: int32(piece), done: done})
}
