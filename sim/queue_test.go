package sim

import (
	"container/heap"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// refQueue is the brute-force reference: a slice scanned for the least
// (time, sequence) on every pop.
type refQueue struct {
	pending []refEvent
	seq     uint64
}

type refEvent struct {
	ev  Event
	seq uint64
}

func (r *refQueue) push(e Event) {
	r.pending = append(r.pending, refEvent{e, r.seq})
	r.seq++
}

func (r *refQueue) pop() Event {
	best := 0
	for i, p := range r.pending {
		b := r.pending[best]
		if p.ev.At < b.ev.At || p.ev.At == b.ev.At && p.seq < b.seq {
			best = i
		}
	}
	e := r.pending[best].ev
	r.pending = slices.Delete(r.pending, best, best+1)
	return e
}

// gap draws a time increment whose size ranges from 0 (a tie) to 2^50, so
// that every level of the radix heap is exercised.
func gap(s *Stream) Time {
	switch s.IntN(4) {
	case 0:
		return 0
	case 1:
		return Time(s.IntN(4))
	case 2:
		return Time(s.IntN(1000))
	}
	return Time(s.Uint64N(1 << uint(s.IntN(51))))
}

// TestQueueAgainstReference interleaves random pushes and pops and compares
// every pop, Peek and Len with the reference.
func TestQueueAgainstReference(t *testing.T) {
	for seed := uint64(0); seed < 40; seed++ {
		s := NewStream(seed, "test/queue", 0)
		var q Queue
		var ref refQueue
		for op := 0; op < 3000; op++ {
			if len(ref.pending) == 0 || s.IntN(100) < 55 {
				e := Event{At: q.Now() + gap(&s), Arg: int64(op), Kind: uint16(seed)}
				q.Push(e)
				ref.push(e)
			} else {
				want := ref.pop()
				got, ok := q.Pop()
				if !ok || got != want {
					t.Fatalf("seed %d op %d: Pop = %+v, %v; want %+v", seed, op, got, ok, want)
				}
				if q.Now() != want.At {
					t.Fatalf("seed %d op %d: Now = %d after popping an event at %d", seed, op, q.Now(), want.At)
				}
			}
			if q.Len() != len(ref.pending) {
				t.Fatalf("seed %d op %d: Len = %d, want %d", seed, op, q.Len(), len(ref.pending))
			}
			wantPeek := Never
			if len(ref.pending) > 0 {
				for _, p := range ref.pending {
					wantPeek = min(wantPeek, p.ev.At)
				}
			}
			if got := q.Peek(); got != wantPeek {
				t.Fatalf("seed %d op %d: Peek = %d, want %d", seed, op, got, wantPeek)
			}
		}
	}
}

// TestQueueDrainsSorted pushes everything first and checks that draining
// gives a stable sort by time: ties in push order.
func TestQueueDrainsSorted(t *testing.T) {
	s := NewStream(7, "test/drain", 0)
	var q Queue
	var want []Event
	for i := 0; i < 20000; i++ {
		e := Event{At: Time(s.IntN(500)) << uint(s.IntN(40)), Arg: int64(i)}
		q.Push(e)
		want = append(want, e)
	}
	slices.SortStableFunc(want, func(a, b Event) int {
		switch {
		case a.At < b.At:
			return -1
		case a.At > b.At:
			return 1
		}
		return 0
	})
	for i, w := range want {
		if got, _ := q.Pop(); got != w {
			t.Fatalf("pop %d = %+v, want %+v", i, got, w)
		}
	}
	if _, ok := q.Pop(); ok || q.Len() != 0 || q.Peek() != Never {
		t.Fatalf("queue not empty after draining: Len %d, Peek %d", q.Len(), q.Peek())
	}
}

// TestQueueFIFOTies pushes events at Now while popping events at Now: they
// must come out after those already pending at that time, in push order.
func TestQueueFIFOTies(t *testing.T) {
	var q Queue
	const at = 1 << 40 // far enough to sit in a high level first
	for i := 0; i < 1000; i++ {
		q.Push(Event{At: at, Arg: int64(i)})
		q.Push(Event{At: at + 1, Arg: int64(-i)})
	}
	next := int64(1000)
	for want := int64(0); want < 2000; want++ {
		e, _ := q.Pop()
		if e.At != at || e.Arg != want {
			t.Fatalf("pop %d = %+v, want Arg %d at %d", want, e, want, at)
		}
		if want%2 == 0 {
			q.Push(Event{At: q.Now(), Arg: next})
			next++
		}
	}
	for i := 0; i < 1000; i++ {
		if e, _ := q.Pop(); e.At != at+1 || e.Arg != int64(-i) {
			t.Fatalf("pop = %+v, want Arg %d at %d", e, -i, at+1)
		}
	}
}

func TestQueuePushBeforeNowPanics(t *testing.T) {
	var q Queue
	q.Push(Event{At: 10})
	q.Pop()
	q.Push(Event{At: 10}) // at Now is allowed
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "before Now") {
			t.Fatalf("Push before Now: recovered %v, want a panic naming Now", r)
		}
	}()
	q.Push(Event{At: 9})
}

// TestQueueRunUntil checks that events strictly before until run, including
// those scheduled on the way, and events at until stay pending.
func TestQueueRunUntil(t *testing.T) {
	var q Queue
	for _, at := range []Time{5, 10, 10, 20} {
		q.Push(Event{At: at})
	}
	var ran []Time
	q.RunUntil(10, func(e Event) {
		ran = append(ran, e.At)
		if e.Kind == 0 {
			q.After(3, Event{Kind: 1}) // at 8: runs
			q.After(5, Event{Kind: 1}) // at 10: stays
		}
	})
	if !slices.Equal(ran, []Time{5, 8}) || q.Now() != 10 || q.Len() != 4 || q.Peek() != 10 {
		t.Fatalf("ran %v, Now %d, Len %d, Peek %d; want [5 8], 10, 4, 10", ran, q.Now(), q.Len(), q.Peek())
	}
	q.Push(Event{At: 10}) // after RunUntil, Now is until: pushing there is fine
	q.RunUntil(100, func(Event) {})
	if q.Len() != 0 || q.Now() != 100 {
		t.Fatalf("after RunUntil(100): Len %d, Now %d", q.Len(), q.Now())
	}
}

func TestQueueAdvance(t *testing.T) {
	var q Queue
	q.Push(Event{At: 50})
	q.Advance(50)
	if q.Now() != 50 {
		t.Fatalf("Now = %d after Advance(50)", q.Now())
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Advance past a pending event did not panic")
		}
	}()
	q.Advance(51)
}

// TestGensCancel schedules events for a few entities, cancels some by
// bumping their generations, and checks that exactly the rest are live.
func TestGensCancel(t *testing.T) {
	gens := make(Gens, 4)
	var q Queue
	for i := uint32(0); i < 4; i++ {
		for k := Time(1); k <= 3; k++ {
			q.Push(Event{At: k * 10, Entity: i, Gen: gens.Of(i)})
		}
	}
	gens.Bump(1)
	gens.Bump(3)
	q.Push(Event{At: 15, Entity: 3, Gen: gens.Of(3)}) // rescheduled after the bump
	live := map[uint32]int{}
	for q.Len() > 0 {
		if e, _ := q.Pop(); gens.Live(e) {
			live[e.Entity]++
		}
	}
	want := map[uint32]int{0: 3, 2: 3, 3: 1}
	if fmt.Sprint(live) != fmt.Sprint(want) {
		t.Fatalf("live events per entity %v, want %v", live, want)
	}
}

// TestQueueSteadyStateAllocs runs the hold model once to size the queue,
// then checks that holding again allocates nothing.
func TestQueueSteadyStateAllocs(t *testing.T) {
	s := NewStream(1, "test/allocs", 0)
	var q Queue
	for i := 0; i < 10000; i++ {
		q.Push(Event{At: Time(s.Exp(1e6))})
	}
	hold := func() {
		for i := 0; i < 10000; i++ {
			e, _ := q.Pop()
			e.At += Time(s.Exp(1e6))
			q.Push(e)
		}
	}
	hold()
	if n := testing.AllocsPerRun(5, hold); n != 0 {
		t.Fatalf("hold allocates %v times per 10^4 events, want 0", n)
	}
}

// stdHeap is container/heap's reference for FuzzQueue.
type stdHeap []refEvent

func (h stdHeap) Len() int { return len(h) }
func (h stdHeap) Less(i, j int) bool {
	return h[i].ev.At < h[j].ev.At || h[i].ev.At == h[j].ev.At && h[i].seq < h[j].seq
}
func (h stdHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *stdHeap) Push(x any)   { *h = append(*h, x.(refEvent)) }
func (h *stdHeap) Pop() any {
	x := (*h)[len(*h)-1]
	*h = (*h)[:len(*h)-1]
	return x
}

// FuzzQueue reads operations from the input, three bytes each: an opcode
// byte (even: push, odd: pop) and a 16-bit gap whose top bits pick a shift,
// and compares the queue with container/heap.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 1, 0, 0})
	f.Add([]byte{0, 0xff, 0xff, 2, 0x12, 0x34, 4, 0, 0, 1, 0, 0, 3, 0, 0, 5, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var q Queue
		var h stdHeap
		var seq uint64
		for i := 0; i+3 <= len(ops); i += 3 {
			g := binary.BigEndian.Uint16(ops[i+1:])
			if ops[i]%2 == 0 {
				if q.Now() > 1<<61 {
					continue // keep clear of overflow
				}
				e := Event{At: q.Now() + Time(g&0x3ff)<<(g>>10*3%42), Arg: int64(i)}
				q.Push(e)
				heap.Push(&h, refEvent{e, seq})
				seq++
				continue
			}
			got, ok := q.Pop()
			if !ok {
				if h.Len() != 0 {
					t.Fatalf("op %d: queue empty, heap holds %d", i/3, h.Len())
				}
				continue
			}
			if want := heap.Pop(&h).(refEvent).ev; got != want {
				t.Fatalf("op %d: Pop = %+v, want %+v", i/3, got, want)
			}
		}
		for h.Len() > 0 {
			want := heap.Pop(&h).(refEvent).ev
			if got, _ := q.Pop(); got != want {
				t.Fatalf("drain: Pop = %+v, want %+v", got, want)
			}
		}
	})
}

// TestQueueTrimAfterPeak: blocks left unused for a whole interval after a
// peak go back to the heap at the next Advance, and a queue that rises
// again to its earlier size gets them back.
func TestQueueTrimAfterPeak(t *testing.T) {
	var q Queue
	for i := range 100_000 {
		q.Push(Event{At: Time(i)})
	}
	q.RunUntil(100_000, func(Event) {})
	peak := len(q.blocks.blocks)
	q.Advance(100_001) // the peak's blocks were in use during this interval
	q.Advance(100_002) // and idle during this one
	held := 0
	for _, b := range q.blocks.blocks {
		if b != nil {
			held++
		}
	}
	for _, b := range q.heads.blocks {
		if b != nil {
			held++
		}
	}
	if held > 2*16 {
		t.Fatalf("%d of %d blocks still held after an idle interval", held, peak+len(q.heads.blocks))
	}
	for i := range 100_000 {
		q.Push(Event{At: 200_000 + Time(i)})
	}
	n := 0
	q.RunUntil(400_000, func(e Event) {
		if e.At != 200_000+Time(n) {
			t.Fatalf("event %d at %d", n, e.At)
		}
		n++
	})
	// The second wave lies in other buckets, whose heads hold other
	// events, so it needs a few more blocks than the first, not a new set.
	if n != 100_000 || len(q.blocks.blocks) > peak+peak/64 {
		t.Fatalf("refilled: %d events, %d block ids (peak %d)", n, len(q.blocks.blocks), peak)
	}
}
