package sim

import (
	"fmt"
	"math"
	"math/bits"
)

// Never is a time after every event; Peek returns it when the queue is empty.
const Never Time = math.MaxInt64

// Event is one scheduled happening, stored by value (32 bytes): the queue
// never boxes it in an interface nor wraps it in a closure. The caller gives meaning to
// Kind, Entity and Arg and dispatches on Kind when the event is popped.
//
// Gen supports lazy cancellation: stamp an event with the entity's
// generation (Gens.Of) when scheduling it, bump the generation to cancel
// every pending event of that entity, and skip popped events for which
// Gens.Live is false.
type Event struct {
	At     Time   // when it happens; never before Queue.Now at Push
	Arg    int64  // free argument (an index, an amount, a second entity)
	Entity uint32 // the slot it concerns, for instance an index into Gens
	Gen    uint32 // the entity's generation when the event was scheduled
	Kind   uint16 // what happens; the caller's enumeration
}

// Queue is the pending-event set of one logical process: a monotone radix
// heap over event times with 256-way digits.
//
// Events come out in (At, push order): ties are first in, first out. The
// times popped never decrease, and Now is the time of the last event popped
// (or the time RunUntil or Advance moved it to). Pushing an event before
// Now is a programming error and panics: the past cannot be changed, and
// the radix heap relies on it.
//
// Invariant (the radix heap of Ahuja, Mehlhorn, Orlin and Tarjan 1990,
// "Faster algorithms for the shortest path problem", with byte digits):
// last <= Now and last <= every pending time. A pending event whose time
// first differs from last in byte L (counting from the least significant)
// lies in bucket (L, byte L of its time); level 0 therefore holds events
// whose time is known exactly from the bucket. Buckets are ordered by
// (level, digit), so the least time is in the first non-empty bucket. When
// that bucket is above level 0, Pop moves last up to its least time and
// files its events again, each into a lower level. Events at equal times
// always share one bucket and keep their push order there, so FIFO ties
// need no sequence number.
//
// Costs: Push, Peek, Len and Now are O(1); Pop is O(1) amortised, as an
// event moves down at most once per level, seven times at most and two or
// three times in a typical run. Buckets store events in blocks that return
// to free lists when read, so a queue in steady state allocates nothing.
// Memory: 32 bytes per pending event; per non-empty bucket, a head block
// of 128 bytes and at most one partly filled block of 1 KiB; an index of
// 5 KiB per level in use (five in most runs); and unused blocks until a
// trim at Advance (see pool.trim). With 20,000 events pending at a swarm's
// times, that comes to about 41 bytes per event, against 58 when every
// bucket had 1 KiB blocks and all eight levels were made at once
// (TestQueueHeapPerEvent).
//
// The zero value is an empty queue at time 0. A Queue is not safe for
// concurrent use; each shard owns its own. Do not copy a Queue once used:
// the copy would share its blocks and index; keep a pointer instead.
type Queue struct {
	now    Time
	last   Time                    // the radix base (see the invariant)
	n      int                     // number of pending events
	levels uint8                   // bit L set when level L has a non-empty bucket
	digits [levelCount][4]uint64   // bit d set when bucket (L, d) is not empty
	index  [levelCount]*levelIndex // made when the level is first used
	heads  pool[[headLen]Event]    // the first block of every bucket
	blocks pool[[blockLen]Event]   // the blocks that follow
}

// levelCount is the number of byte digits in a Time.
const levelCount = 8

// Buckets are chains of blocks drawn from free lists, so a bucket that
// fills up for the first time reuses memory that another has released
// instead of growing a slice. A bucket starts with a head block of
// headLen events (128 bytes), and goes on in blocks of blockLen (1 KiB):
// most non-empty buckets hold a few events, and the blocks of one that
// holds many are long enough to be read at the speed of memory (the hold
// benchmark runs as fast with 32 as with 128, a fifth slower with 16).
const (
	headLen  = 4
	blockLen = 32
)

// levelIndex holds the buckets of one level. Most runs never use the top
// ones: an event reaches level 5 only across a multiple of 2^40 µs (about
// twelve days) from last, so levels are made when first used.
type levelIndex struct {
	buckets [256]bucket
	mins    [256]Time // least time in each non-empty bucket
}

// bucket is a FIFO chain of blocks: its events are
// heads[^first][start:], blocks[next][:], ..., blocks[last][:end], in push
// order. A negative id, ^i, names head i; the head, once read, leaves first
// to a block. Its fields mean something only while its digit bit is set.
type bucket struct {
	first, last int32
	start, end  uint8 // blockLen fits in a byte
}

// pool holds the blocks of one size, each named by an id, with a free list
// and the link to the block that follows each in its bucket.
type pool[B any] struct {
	blocks []*B    // every block ever made, by id
	next   []int32 // next[id] follows block id in its bucket
	free   []int32 // ids of unused blocks
	spare  []int32 // ids whose block was handed back to the heap (see trim)
	idle   int     // the fewest unused blocks since the last trim
}

// alloc returns the id of an unused block.
func (p *pool[B]) alloc() int32 {
	if n := len(p.free); n > 0 {
		id := p.free[n-1]
		p.free = p.free[:n-1]
		p.idle = min(p.idle, n-1)
		return id
	}
	p.idle = 0
	if n := len(p.spare); n > 0 {
		id := p.spare[n-1]
		p.spare = p.spare[:n-1]
		p.blocks[id] = new(B)
		return id
	}
	p.blocks = append(p.blocks, new(B))
	p.next = append(p.next, 0)
	return int32(len(p.blocks) - 1)
}

// release puts block id back on the free list.
func (p *pool[B]) release(id int32) { p.free = append(p.free, id) }

// trim hands back to the heap the unused blocks that stayed unused since
// the last trim, beyond a margin of a sixteenth of those in use, so that a
// queue that once held many more events (the peak of a flash crowd) does
// not keep their memory for the rest of the run, while one that rises and
// falls within an interval still finds its blocks at hand.
func (p *pool[B]) trim() {
	inUse := len(p.blocks) - len(p.free) - len(p.spare)
	for n := p.idle - (16 + inUse/16); n > 0; n-- {
		id := p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		p.blocks[id] = nil
		p.spare = append(p.spare, id)
	}
	p.idle = len(p.free)
}

// Now returns the current simulated time.
func (q *Queue) Now() Time { return q.now }

// Len returns the number of pending events, stale ones included.
func (q *Queue) Len() int { return q.n }

// Push schedules e at e.At. It panics if e.At is before Now.
func (q *Queue) Push(e Event) {
	if e.At < q.now {
		panic(fmt.Sprintf("sim: Push at %d before Now %d (the past cannot be scheduled)", e.At, q.now))
	}
	q.put(e)
	q.n++
}

// After schedules e at Now + d, overwriting e.At. It panics if d < 0.
func (q *Queue) After(d Time, e Event) {
	e.At = q.now + d
	q.Push(e)
}

// put appends e to its bucket relative to last.
func (q *Queue) put(e Event) {
	level := uint(bits.Len64(uint64(e.At^q.last)|1)-1) >> 3
	digit := uint(uint8(uint64(e.At) >> (8 * level)))
	lv := q.index[level]
	if w := &q.digits[level][digit>>6]; *w&(1<<(digit&63)) == 0 {
		*w |= 1 << (digit & 63)
		q.levels |= 1 << level
		if lv == nil {
			lv = new(levelIndex)
			q.index[level] = lv
		}
		lv.mins[digit] = e.At
		id := ^q.heads.alloc()
		lv.buckets[digit] = bucket{first: id, last: id}
	} else if e.At < lv.mins[digit] {
		lv.mins[digit] = e.At
	}
	bk := &lv.buckets[digit]
	if bk.last < 0 {
		if bk.end < headLen {
			q.heads.blocks[^bk.last][bk.end] = e
			bk.end++
			return
		}
		id := q.blocks.alloc()
		q.heads.next[^bk.last] = id
		bk.last, bk.end = id, 0
	} else if bk.end == blockLen {
		id := q.blocks.alloc()
		q.blocks.next[bk.last] = id
		bk.last, bk.end = id, 0
	}
	q.blocks.blocks[bk.last][bk.end] = e
	bk.end++
}

// first returns the first non-empty bucket. The queue must not be empty.
func (q *Queue) first() (level, digit uint) {
	level = uint(bits.TrailingZeros8(q.levels))
	w := &q.digits[level]
	for i := uint(0); ; i++ {
		if w[i] != 0 {
			return level, i<<6 | uint(bits.TrailingZeros64(w[i]))
		}
	}
}

// drop marks bucket (level, digit) empty; its blocks are the caller's.
func (q *Queue) drop(level, digit uint) {
	w := &q.digits[level]
	w[digit>>6] &^= 1 << (digit & 63)
	if w[0]|w[1]|w[2]|w[3] == 0 {
		q.levels &^= 1 << level
	}
}

// Peek returns the time of the next event, or Never if the queue is empty.
func (q *Queue) Peek() Time {
	if q.levels == 0 {
		return Never
	}
	level, digit := q.first()
	return q.index[level].mins[digit]
}

// Pop removes and returns the next event and advances Now to its time. The
// boolean is false, and Now unchanged, when the queue is empty.
func (q *Queue) Pop() (Event, bool) {
	if q.levels == 0 {
		return Event{}, false
	}
	level, digit := q.first()
	if level > 0 {
		q.refill(level, digit)
		_, digit = q.first()
	}
	bk := &q.index[0].buckets[digit]
	var e Event
	if bk.first < 0 {
		head := ^bk.first
		e = q.heads.blocks[head][bk.start]
		bk.start++
		if bk.first == bk.last && bk.start == bk.end {
			q.heads.release(head)
			q.drop(0, digit)
		} else if bk.start == headLen {
			q.heads.release(head)
			bk.first, bk.start = q.heads.next[head], 0
		}
	} else {
		e = q.blocks.blocks[bk.first][bk.start]
		bk.start++
		if bk.first == bk.last && bk.start == bk.end {
			q.blocks.release(bk.first)
			q.drop(0, digit)
		} else if bk.start == blockLen {
			q.blocks.release(bk.first)
			bk.first, bk.start = q.blocks.next[bk.first], 0
		}
	}
	q.n--
	q.now = e.At
	return e, true
}

// refill moves last up to the least time in bucket (level, digit), the
// first non-empty one, and files its events again. Each lands in a lower
// level, and those at the new last in level 0. Reading the chain in order
// keeps equal times in push order. A block goes back to the free list as
// soon as it is read, so the puts that follow reuse it while it is cached.
func (q *Queue) refill(level, digit uint) {
	lv := q.index[level]
	q.last = lv.mins[digit]
	bk := lv.buckets[digit]
	q.drop(level, digit)
	id, start := bk.first, bk.start
	if id < 0 {
		head := ^id
		q.refile(q.heads.blocks[head][:], start, id == bk.last, bk.end)
		q.heads.release(head)
		if id == bk.last {
			return
		}
		id, start = q.heads.next[head], 0
	}
	for ; ; start = 0 {
		q.refile(q.blocks.blocks[id][:], start, id == bk.last, bk.end)
		q.blocks.release(id)
		if id == bk.last {
			return
		}
		id = q.blocks.next[id]
	}
}

// refile files the events of one block of a bucket again, from start to
// the block's end, or to end in the bucket's last block.
func (q *Queue) refile(blk []Event, start uint8, last bool, end uint8) {
	if last {
		blk = blk[:end]
	}
	for _, e := range blk[start:] {
		q.put(e)
	}
}

// Advance moves Now forward to t without running anything. It panics if an
// event is pending before t or if t is before Now.
func (q *Queue) Advance(t Time) {
	if t < q.now {
		panic(fmt.Sprintf("sim: Advance to %d before Now %d", t, q.now))
	}
	if p := q.Peek(); p < t {
		panic(fmt.Sprintf("sim: Advance to %d would skip an event at %d", t, p))
	}
	q.now = t
	q.heads.trim()
	q.blocks.trim()
}

// RunUntil pops and hands to handle every event with At < until, in order,
// including events that handle schedules before until; events at exactly
// until stay pending (as in SimPy's run(until)). Then Now becomes until if
// it was earlier. handle may Push to q.
func (q *Queue) RunUntil(until Time, handle func(Event)) {
	for q.Peek() < until {
		e, _ := q.Pop()
		handle(e)
	}
	if q.now < until {
		q.now = until
	}
}

// Gens holds one generation counter per entity slot for lazy cancellation:
// instead of removing an entity's pending events from the queue, bump its
// generation, and drop events whose Gen no longer matches when they pop.
// Grow it with append(g, 0) when an entity is added.
type Gens []uint32

// Of returns entity i's current generation, to stamp on a new event.
func (g Gens) Of(i uint32) uint32 { return g[i] }

// Bump cancels all of entity i's pending events and returns its new
// generation. A counter wraps after 2^32 bumps; an event would have to stay
// pending across all of them to be revived.
func (g Gens) Bump(i uint32) uint32 {
	g[i]++
	return g[i]
}

// Live reports whether e was scheduled in its entity's current generation.
func (g Gens) Live(e Event) bool { return g[e.Entity] == e.Gen }
