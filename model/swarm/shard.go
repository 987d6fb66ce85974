package swarm

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// Event kinds of a swarm shard's queue.
const (
	evArrival   uint16 = iota // Entity: torrent index in the shard
	evFlowDone                // Entity: flow
	evRechoke                 // Entity: peer
	evAnnounce                // Entity: peer
	evAbort                   // Entity: peer
	evSeedLeave               // Entity: peer
	evTick                    // Entity: torrent; availability statistics
	evSample                  // every sample interval
)

// Shard is one logical process running a set of torrents on one queue.
type Shard struct {
	m        *Model
	torrents []*torrent
	queue    sim.Queue

	peers       []peer
	peerGen     sim.Gens
	freePeers   freeList
	conns       []conn
	closedConns int    // records of closed connections in conns (see newConn)
	liveConns   bitset // compactConns scratch
	liveBefore  []int32
	acts        []activity
	freeActs    freeList
	flows       []flow
	flowGen     sim.Gens
	freeFlows   freeList

	freePartials bufPool[*[]partialPiece] // emptied partial-piece lists

	seq       int64       // events pushed (see push)
	ties      []sim.Event // events due at one time, in push order (see Advance)
	pending   []int32     // peers with a pending rechoke or download attempt
	resharing []int32     // peers whose capacities are to be shared again (see reshare)
	nbrs      []neighbour // HAVE scratch
	tied      []int32     // picker scratch: the rarest pieces found so far
	owners    []int32     // compactAvail scratch: the peer holding each count slot

	outShares, inShares []share // water-filling scratch (see share)
	cands               []cand  // choker scratch
	want                []bool  // choker scratch
	events              int64   // live events handled
	pieces              int64   // flows completed (piece events)
	samples             int     // samples taken
}

var _ sim.Shard = (*Shard)(nil)

// Advance runs every event before until, or stops early with
// sim.ErrStopped when the run is asked to stop. Events due at the same time
// run in the order they were pushed, as Arg records it: a flow's
// completion event carries the order of its latest completion time even
// when an older pending event was moved on to it (see reschedule).
func (s *Shard) Advance(until sim.Time, out *sim.Outbox) error {
	for n := 1; s.queue.Peek() < until; n++ {
		if n%4096 == 0 && out.Stopped() {
			return sim.ErrStopped
		}
		e, _ := s.queue.Pop()
		if s.queue.Peek() != e.At {
			s.step(e)
			continue
		}
		s.ties = append(s.ties[:0], e)
		for s.queue.Peek() == e.At {
			x, _ := s.queue.Pop()
			s.ties = append(s.ties, x)
		}
		slices.SortFunc(s.ties, func(a, b sim.Event) int { return cmp.Compare(a.Arg, b.Arg) })
		for _, x := range s.ties {
			s.step(x)
		}
	}
	s.queue.Advance(until)
	s.cutTables()
	return nil
}

// step handles e and what it left pending, then compacts the connection
// table if it is due: between two events no connection id is held.
func (s *Shard) step(e sim.Event) {
	s.handle(e)
	s.drain(e.At)
	s.compactConns()
}

// cutTables drops the free slots at the end of the peer, flow and
// activity tables, the copy-count table's free slots (see compactAvail),
// the connection table's closed records, the tables' spare capacity past
// an eighth (a quarter for the connections, see below), and half of the
// buffers the free lists held unused all epoch, so that memory follows the swarm down after a peak. A stale
// event may still name a dropped slot: its generation, which is kept,
// tells it apart before the slot is read.
func (s *Shard) cutTables() {
	s.peers = shrink(s.peers, len(s.peers)-s.freePeers.cutTail(len(s.peers)))
	s.flows = shrink(s.flows, len(s.flows)-s.freeFlows.cutTail(len(s.flows)))
	s.acts = shrink(s.acts, len(s.acts)-s.freeActs.cutTail(len(s.acts)))
	if s.closedConns > 0 {
		s.renumberConns()
	}
	// Room for an eighth more: the closed records that wait for the next
	// compaction (a sixteenth) and as much growth. A swarm that grows past
	// it grows the table by an eighth mid-epoch (see newConn), which is
	// then under the quarter that makes the next epoch end copy it again.
	if n := len(s.conns); cap(s.conns) > n+n/4 {
		s.conns = append(make([]conn, 0, n+n/8), s.conns...)
	}
	s.freePartials.trim()
	for _, t := range s.torrents {
		s.compactAvail(t)
		t.freeBits.trim()
		for k := range t.freeConns {
			t.freeConns[k].trim()
		}
	}
}

// compactAvail moves the copy counts of t's leechers into the lowest
// slots and cuts the table to them: no event names a slot, so a swarm
// past its peak keeps no holes (a free tail alone would leave most of
// them).
func (s *Shard) compactAvail(t *torrent) {
	if len(t.freeAvail) == 0 {
		return
	}
	owner := s.owners[:0] // the peer holding each slot, or -1
	for range len(t.avail) / t.pieces {
		owner = append(owner, -1)
	}
	for _, p := range t.tracker {
		if a := s.peers[p].availSlot; a != 0 {
			owner[a-1] = p
		}
	}
	live := len(owner) - len(t.freeAvail)
	hi := len(owner) - 1
	for lo := 0; lo < live; lo++ {
		if owner[lo] >= 0 {
			continue
		}
		for owner[hi] < 0 {
			hi--
		}
		copy(t.slotAvail(int32(lo)), t.slotAvail(int32(hi)))
		s.peers[owner[hi]].availSlot = int32(lo) + 1
		owner[lo], owner[hi] = owner[hi], -1
	}
	s.owners = owner[:0]
	t.freeAvail = t.freeAvail[:0]
	t.avail = shrink(t.avail, live*t.pieces)
}

// push queues e and records in its Arg the order of pushes, by which
// Advance runs events due at the same time.
func (s *Shard) push(e sim.Event) {
	s.seq++
	e.Arg = s.seq
	s.queue.Push(e)
}

// Apply refuses effects: no other model acts on a swarm yet.
func (s *Shard) Apply(e sim.Effect) error {
	return fmt.Errorf("swarm: unexpected effect of kind %d from shard %d", e.Kind, e.From)
}

// livePeer reports whether a peer event is still meant for the peer in
// its slot.
func (s *Shard) livePeer(e sim.Event) bool {
	return s.peerGen.Live(e) && s.peers[e.Entity].state != stateFree
}

func (s *Shard) handle(e sim.Event) {
	now := e.At
	switch e.Kind {
	case evArrival:
		s.count(s.torrents[e.Entity])
		s.arrive(s.torrents[e.Entity], now)
	case evFlowDone:
		if s.flowGen.Live(e) && s.flowDue(int32(e.Entity), now) {
			s.count(s.torrents[s.peers[s.receiver(&s.flows[e.Entity])].torrent])
			s.pieces++
			s.completeFlow(int32(e.Entity), now)
		}
	case evRechoke:
		if s.livePeer(e) {
			s.countPeer(e)
			s.scheduledRechoke(int32(e.Entity), now)
		}
	case evAnnounce:
		if s.livePeer(e) {
			s.countPeer(e)
			p := int32(e.Entity)
			s.announce(p, now)
			t := s.torrents[s.peers[p].torrent]
			s.planAnnounce(p, now+t.cfg.Protocol.AnnounceInterval)
		}
	case evAbort:
		if s.livePeer(e) && s.peers[e.Entity].state == stateLeecher {
			s.countPeer(e)
			t := s.torrents[s.peers[e.Entity].torrent]
			t.st.aborted++
			s.leave(int32(e.Entity), now)
		}
	case evSeedLeave:
		if s.livePeer(e) && s.peers[e.Entity].state == stateSeed {
			s.countPeer(e)
			s.reconsiderSeed(int32(e.Entity), now)
		}
	case evTick:
		t := s.torrents[e.Entity]
		t.tick(now)
		s.push(sim.Event{At: now + t.tickEvery, Entity: e.Entity, Kind: evTick})
	case evSample:
		s.sample(now)
		s.push(sim.Event{At: now + s.m.cfg.SampleEvery, Kind: evSample})
	}
}

// count books one handled event to the shard and to t.
func (s *Shard) count(t *torrent) {
	s.events++
	t.st.events++
}

func (s *Shard) countPeer(e sim.Event) { s.count(s.torrents[s.peers[e.Entity].torrent]) }

func (s *Shard) pushPeer(p int32, at sim.Time, kind uint16) {
	s.push(sim.Event{At: at, Entity: uint32(p), Gen: s.peerGen.Of(uint32(p)), Kind: kind})
}

// mark queues p for a rechoke or a download attempt once the current
// event is handled, so that no handler runs inside another.
func (s *Shard) mark(p int32, what uint8) {
	if pp := &s.peers[p]; pp.state != stateFree {
		note(&s.pending, &pp.pending, p, what)
	}
}

// note adds what to a peer's flags and the peer to list when it had none,
// so that each peer is listed once however often it is noted.
func note(list *[]int32, flags *uint8, p int32, what uint8) {
	if *flags == 0 {
		*list = append(*list, p)
	}
	*flags |= what
}

// drain runs the pending rechokes and download attempts until none is
// left; each may queue more (a choke cancels a flow, whose receiver then
// tries elsewhere). Then the peers whose flows changed share their
// capacities again, once each.
func (s *Shard) drain(now sim.Time) {
	for i := 0; i < len(s.pending); i++ {
		p := s.pending[i]
		pp := &s.peers[p]
		what := pp.pending
		pp.pending = 0
		if pp.state == stateFree {
			continue
		}
		if what&pendingRechoke != 0 {
			s.rechoke(p, now, false)
		}
		if s.peers[p].state != stateFree && what&pendingDownload != 0 {
			s.tryDownloads(p, now)
		}
	}
	s.pending = s.pending[:0]
	s.reshareAll(now)
}

// reshareAll shares again the capacities of the peers noted by reshare.
func (s *Shard) reshareAll(now sim.Time) {
	for _, p := range s.resharing {
		pp := &s.peers[p]
		what := pp.reshare
		pp.reshare = 0
		if pp.state == stateFree {
			continue
		}
		if what&reshareUpload != 0 {
			s.reallocSender(p, now)
		}
		if what&reshareDownload != 0 {
			s.reallocReceiverDeep(p, now)
		}
	}
	s.resharing = s.resharing[:0]
}

// reshare notes that p's flows changed: its capacities are shared again
// when the event is handled, once, however many flows started and ended
// meanwhile. Rates hold from the event's time on, so sharing at its end
// is exact, and a piece that completes and is followed at once by the
// next on the same connection leaves the sender's other flows as they
// were instead of raising and lowering them (each change settles a flow
// and may queue an event).
func (s *Shard) reshare(p int32, what uint8) {
	if pp := &s.peers[p]; pp.state != stateFree {
		note(&s.resharing, &pp.reshare, p, what)
	}
}
