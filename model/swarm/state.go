package swarm

import (
	"math"
	"math/bits"

	"github.com/swarmecon/swarmecon/sim"
)

// bitset is a packed set of piece indices.
type bitset []uint64

func (b bitset) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) clear(i int)    { b[i>>6] &^= 1 << (uint(i) & 63) }

// wants reports whether other holds a piece that b lacks.
func (b bitset) wants(other bitset) bool {
	for w, o := range other {
		if o&^b[w] != 0 {
			return true
		}
	}
	return false
}

// count returns the number of set bits.
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// peerState is where a peer is in its life.
type peerState uint8

const (
	stateFree      peerState = iota // the slot is unused
	stateLeecher                    // downloading
	stateSeed                       // completed, seeding per its behaviour
	statePermanent                  // an initial seed, present for the whole run
)

// partialPiece is a piece of which a cancelled flow left some bytes.
type partialPiece struct {
	piece int32
	done  float64 // bytes already received
}

// peer is one peer of one torrent, in a shard's peer table. A leecher's
// bitfield and connection list come from the torrent's free lists, and
// its copy counts from a slot of the torrent's table, so a peer that
// leaves hands its memory to the next arrival; seeds share one bitfield
// (see seedBits).
type peer struct {
	have    bitset          // pieces held; its capacity holds req (see req)
	conns   []int32         // list entries (see seedEntry; connOf gives the id), in the choker's list order
	partial *[]partialPiece // pieces started and left; nil for most peers
	// A HAVE reads have and availSlot of each neighbour: both lie in the
	// record's first cache line.
	availSlot int32      // 1 + its copy counts' slot in the torrent's avail (see availOf); 0 for a seed
	torrent   int32      // index in the shard's torrents
	rng       sim.Stream // piece ties, list positions, tracker draws

	up, down     float64  // capacities, bytes/s
	uploaded     float64  // bytes uploaded over the peer's life
	inRate       float64  // sum of the incoming flows' rates, bytes/s
	offerSum     float64  // sum of what their senders offer, bytes/s
	since        sim.Time // a leecher's arrival, a seed's completion
	lastAnnounce sim.Time
	nextRechoke  sim.Time // the next round on the peer's rechoke grid
	announceAt   sim.Time // the next periodic announce (see planAnnounce)
	announceSeq  int64    // its push order

	trackerPos   int32 // position in the torrent's tracker list
	firstOut     int32 // head of the outgoing flow list, -1 when none
	firstIn      int32 // head of the incoming flow list
	haveCount    int32
	round        int32  // scheduled rechokes so far
	unchokesBtw  uint16 // seed state: unchokes made between rounds (saturating)
	outCount     uint16 // flows, at most one per connection direction
	inCount      uint16
	interestedIn uint16 // neighbours interested in this peer

	state   peerState
	pending uint8 // pendingRechoke | pendingDownload
	reshare uint8 // reshareUpload | reshareDownload (see Shard.reshare)
	marks   uint8 // endgame | sleeping | announceQueued | squeezed | heldBack
}

// Marks of a peer, one bit each so that the record is 192 bytes: three
// cache lines, each record starting on one, so that a HAVE reads the
// bitfield and the counts' slot of a neighbour from a single line (the
// record's first).
const (
	endgame        uint8 = 1 << iota // an endgame duplicate was started: a piece may come twice
	sleeping                         // a seed with no round scheduled (see wake)
	announceQueued                   // the announce at announceAt is in the queue
	squeezed                         // the offers exceed the download capacity: the rates are its water-filling
	heldBack                         // an incoming flow may be held back (see flowHeld)
)

func (p *peer) is(mark uint8) bool { return p.marks&mark != 0 }

func (p *peer) set(mark uint8, on bool) {
	if on {
		p.marks |= mark
	} else {
		p.marks &^= mark
	}
}

// req returns the pieces with an incoming flow: the words after have's,
// in the same allocation, so the peer record keeps one slice for both.
func (p *peer) req() bitset {
	w := len(p.have)
	return p.have[w : 2*w : 2*w]
}

// partials returns the pieces p started and left.
func (p *peer) partials() []partialPiece {
	if p.partial == nil {
		return nil
	}
	return *p.partial
}

const (
	pendingRechoke  uint8 = 1
	pendingDownload uint8 = 2
)

const (
	reshareUpload   uint8 = 1 // the peer's upload capacity is shared again
	reshareDownload uint8 = 2 // its download capacity is shared again
)

// conn is one connection; direction d carries data from peer[d] to
// peer[1-d]. 16 bytes, shared by its two ends, so that four share a
// cache line and none straddles two. The ends and the flags are what a
// HAVE reads; what only a connection that moves data needs (its rate
// window, its unchoke times) is in an activity record.
type conn struct {
	peer  [2]int32
	flags uint32 // the flag bits below, then the two snub clocks (see clock)
	act   int32  // 1 + index of the activity record; 0 when it has none (see activityOf)
}

// Flag bits of a conn, per direction d. They take the low byte of
// conn.flags; the snub clocks take the rest.
func chokingBit(d int) uint32    { return 1 << d }       // peer[d] chokes peer[1-d]
func interestedBit(d int) uint32 { return 1 << (2 + d) } // peer[1-d] is interested in peer[d]
func flowingBit(d int) uint32    { return 1 << (4 + d) } // a flow runs from peer[d] to peer[1-d]
func seedBit(d int) uint32       { return 1 << (6 + d) } // peer[d] is a seed

func (c *conn) is(bit uint32) bool { return c.flags&bit != 0 }

// A connection list entry is a connection id whose top bit is set when the
// neighbour at the other end is a seed. A HAVE skips seed neighbours (see
// gotPiece), and the entry lets it do so without reading their
// connections, which lie far apart: half the neighbours of a leecher are
// seeds in a steady swarm.
const seedEntry int32 = math.MinInt32

// connOf returns the connection id of a list entry.
func connOf(e int32) int32 { return e & math.MaxInt32 }

// entryOf returns the list entry of connection c to a neighbour that is a
// seed or not.
func entryOf(c int32, seed bool) int32 {
	if seed {
		return c | seedEntry
	}
	return c
}

// clock returns peer[1-d]'s snub clock on peer[d].
func (c *conn) clock(d int) snubClock {
	return snubClock(c.flags>>(8+clockBits*d)) & clockMask
}

func (c *conn) setClock(d int, v snubClock) {
	at := 8 + clockBits*d
	c.flags = c.flags&^(uint32(clockMask)<<at) | uint32(v&clockMask)<<at
}

// side returns the direction whose sender is p.
func (c *conn) side(p int32) int {
	if c.peer[0] == p {
		return 0
	}
	return 1
}

// rateWindow is the rate estimate's span: mainline's max_rate_period.
const rateWindow = 20 * sim.Second

// window counts a connection's bytes, per direction, in two consecutive
// half-window slots, so that the bytes of the last 10 to 20 s are known
// without a per-transfer log. Both directions share the slot number:
// moving a count on to a later slot changes no rate it gives, so an add
// in one direction moves both.
type window struct {
	slot      uint32    // the half-window the cur counts belong to
	cur, prev [2]uint32 // bytes (saturating), per direction
}

func slotOf(t sim.Time) uint32 { return uint32(t / (rateWindow / 2)) }

func (w *window) add(d int, t sim.Time, bytes float64) {
	s := slotOf(t)
	switch {
	case s == w.slot:
	case s == w.slot+1:
		w.prev, w.cur = w.cur, [2]uint32{}
	default:
		w.prev, w.cur = [2]uint32{}, [2]uint32{}
	}
	w.slot = s
	v := uint64(w.cur[d]) + uint64(bytes)
	w.cur[d] = uint32(min(v, 1<<32-1))
}

// rate returns direction d's bytes/s over the last two slots.
func (w *window) rate(d int, t sim.Time) float64 {
	switch slotOf(t) {
	case w.slot:
		return float64(uint64(w.cur[d])+uint64(w.prev[d])) / rateWindow.Seconds()
	case w.slot + 1:
		return float64(w.cur[d]) / rateWindow.Seconds()
	}
	return 0
}

// flow is one piece moving over one connection direction. 80 bytes: its
// ends are read from its connection rather than kept twice. The lists
// are doubly linked: unlinking a flow was a tenth of the run time when
// they were singly linked.
type flow struct {
	remaining float64 // bytes still to move
	moved     float64 // bytes moved and not yet booked; negative when booked ahead (see bookProgress)
	offer     float64 // the sender's share for it, bytes/s
	rate      float64 // what it gets, bytes/s
	last      sim.Time
	due       sim.Time // of the pending completion event; Never when none
	seq       int64    // push order of the latest completion time (see Shard.push)
	conn      int32    // its ends are the sender and receiver (see Shard.ends)
	nextOut   int32    // sender's list
	prevOut   int32
	nextIn    int32 // receiver's list
	prevIn    int32
	what      uint32 // the piece, the direction and two flags (see flowPiece)
}

// The bits of flow.what: the record is 8 bytes smaller than with them in
// fields of their own. Pieces are at most MaxPieces.
const (
	flowPiece uint32 = 1<<29 - 1
	flowDup   uint32 = 1 << 29 // an endgame duplicate of a requested piece
	flowHeld  uint32 = 1 << 30 // the sender offers less than an equal share: the receiver's headroom
	flowDir   uint32 = 1 << 31 // set: the connection's direction 1
)

func (f *flow) piece() int { return int(f.what & flowPiece) }
func (f *flow) dir() int   { return int(f.what >> 31) }
func (f *flow) dup() bool  { return f.what&flowDup != 0 }
func (f *flow) held() bool { return f.what&flowHeld != 0 }

func (f *flow) set(bit uint32, on bool) {
	if on {
		f.what |= bit
	} else {
		f.what &^= bit
	}
}

func secs(t sim.Time) uint32 { return uint32(t / sim.Second) }

// MaxRechokeInterval and MaxSnubTimeout bound the choker's timers
// (clients use 10 s and 60 s), so that the snub clocks fit in 12 bits.
const (
	MaxRechokeInterval = 5 * sim.Minute
	MaxSnubTimeout     = sim.Hour
)

// snubClock is the second a receiver last got a piece from a sender (or
// its snub clock's reset), modulo 2^12: both clocks and the flags share
// one word of the connection. Ages computed modulo 2^12 are exact below
// 4096 s, and the receiver's choker keeps them there: every round of a
// leecher (the only peer that reads them) moves each of its clocks that
// is past the timeout up to just past it, which decides the same (see
// rechokeLeecher), so no clock is read older than a timeout, a second and
// a round (clockSpan).
type snubClock = uint16

const (
	clockBits = 12
	clockMask = 1<<clockBits - 1
	// clockSpan is how old a clock may be when it is read.
	clockSpan = MaxSnubTimeout + sim.Second + MaxRechokeInterval
	// A compile-time check that clockSpan fits: the constant is negative,
	// and the conversion fails, when it does not.
	_ = uint64(1<<clockBits*sim.Second - clockSpan - 1)
)

func clockAt(t sim.Time) snubClock { return snubClock(t/sim.Second) & clockMask }

// clockAge returns the seconds from c to now.
func clockAge(c snubClock, now sim.Time) int64 { return int64((clockAt(now) - c) & clockMask) }
