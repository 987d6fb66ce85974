package sim

import (
	"runtime"
	"testing"
)

// swarmDelay draws how far ahead a swarm schedules an event of the given
// class (0 to 99), each class a share of the pending set: piece and flow
// completions a few seconds ahead, choking rounds, timeouts and seeding
// times, and tracker announces. An event popped is pushed again in its
// class, so the shares hold and the pending times keep the shape measured
// in the swarm benchmark at 10^5 peers: median about 2 s, 90th percentile
// about 8 s, 95th about a minute, a tail to half an hour.
func swarmDelay(s *Stream, class uint32) Time {
	switch {
	case class < 86:
		return Time(s.Uint64N(uint64(8 * Second)))
	case class < 92:
		return Time(s.Uint64N(uint64(20 * Second)))
	case class < 99:
		return 30*Second + Time(s.Uint64N(uint64(270*Second)))
	}
	return 25*Minute + Time(s.Uint64N(uint64(5*Minute)))
}

// heldQueue keeps TestQueueHeapPerEvent's queue on the heap, where
// ReadMemStats counts it.
var heldQueue *Queue

// TestQueueHeapPerEvent holds 20,000 events pending with swarm-like times
// for a simulated hour, with an Advance every five minutes as the epoch
// barriers do, and measures the heap the queue holds at each barrier: the
// events' 32 bytes plus the overhead of partly filled blocks, unused
// blocks kept for reuse and the fixed index.
func TestQueueHeapPerEvent(t *testing.T) {
	const pending, epoch, epochs = 20_000, 5 * Minute, 12
	s := NewStream(1, "test/queue-mem", 0)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	q := new(Queue)
	heldQueue = q // on the heap, as in a shard, not on this test's stack
	defer func() { heldQueue = nil }()
	for i := range uint32(pending) {
		// Start each event part of the way through its delay, as if the
		// queue had been running for a while.
		at := Time(s.Uint64N(uint64(swarmDelay(&s, i%100)) + 1))
		q.Push(Event{At: at, Entity: i % 100})
	}
	worst := 0.0
	for i := Time(1); i <= epochs; i++ {
		for q.Peek() < i*epoch {
			e, _ := q.Pop()
			e.At += swarmDelay(&s, e.Entity)
			q.Push(e)
		}
		q.Advance(i * epoch)
		if i <= epochs/2 {
			continue // the announces' half hour is not yet in steady state
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		worst = max(worst, float64(after.HeapAlloc-before.HeapAlloc)/pending)
	}
	t.Logf("heap per pending event: %.1f bytes at worst over the last %d barriers (32 are the event)", worst, epochs/2)
	// 41.3 bytes were measured when this test was written: the events, a
	// 128-byte head per non-empty bucket (a few hundred of them), the partly
	// filled last blocks of the buckets holding more than four events, the
	// unused blocks kept for the next peak and five 5 KiB levels of index.
	// The bound leaves a tenth for changes in the mix; the queue that gave
	// every bucket 1 KiB blocks and made all eight levels at once measured
	// 58.5.
	if worst > 45 {
		t.Errorf("the queue holds %.1f bytes of heap per pending event, want at most 45", worst)
	}
}
