package main

import (
	"container/heap"
	"slices"
	"time"

	"github.com/swarmecon/swarmecon/sim"
)

// kernelResult is what `bench kernel` reports: the hold-model throughput
// of sim.Queue beside a plain container/heap queue of the same events,
// measured in the same process run.
type kernelResult struct {
	Pending            int     // events kept pending during the timed loop
	Events             int     // timed hold operations (one pop and one push each)
	EventsPerS         float64 // sim.Queue, events popped per wall-clock second
	BaselineEventsPerS float64 // container/heap, same events
	Ratio              float64 // EventsPerS / BaselineEventsPerS
}

// holdMean is the mean of the exponential increments of the hold model.
// Only the ratio of the spread of pending times to the queue size matters
// to a queue's speed; one second keeps times well inside int64 microseconds.
const holdMean = float64(sim.Second)

// benchKernel runs the classic hold model (Jones 1986, "An empirical
// comparison of priority-queue and event-set implementations"): prefill
// pending events, then repeat "pop the earliest, push one at its time plus
// an exponential increment" events times. Both queues draw the same
// increments from the same named stream, so they hold the same events in
// the same order; prefill and a warm-up of one pass over the pending
// events are excluded from timing.
//
// The timed events are split into rounds that alternate between the two
// queues, and the figures are medians over rounds: a burst of load from
// another process on a shared machine then spoils one round of each, not
// the whole measurement of one queue.
func benchKernel(pending, events int) kernelResult {
	const rounds = 7
	pending, events = max(pending, 1), max(events, rounds)
	res := kernelResult{Pending: pending, Events: events}
	simHold, heapHold := newSimHold(pending), newHeapHold(pending)
	chunk := events / rounds
	var simRates, heapRates, ratios []float64
	for r := 0; r < rounds; r++ {
		simRate := float64(chunk) / simHold(chunk).Seconds()
		heapRate := float64(chunk) / heapHold(chunk).Seconds()
		simRates, heapRates = append(simRates, simRate), append(heapRates, heapRate)
		ratios = append(ratios, simRate/heapRate)
	}
	res.Events = chunk * rounds
	res.EventsPerS, res.BaselineEventsPerS, res.Ratio = median(simRates), median(heapRates), median(ratios)
	return res
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// holdStream returns the increments' stream; both queues start from it.
func holdStream() sim.Stream { return sim.NewStream(1, "bench/hold", 0) }

func holdIncrement(s *sim.Stream) sim.Time {
	return sim.Time(s.Exp(holdMean))
}

// newSimHold fills a sim.Queue, warms it up, and returns a function that
// times n hold operations on it.
func newSimHold(pending int) func(n int) time.Duration {
	rng := holdStream()
	q := new(sim.Queue)
	for i := 0; i < pending; i++ {
		q.Push(sim.Event{At: holdIncrement(&rng), Entity: uint32(i)})
	}
	hold := func(n int) {
		for i := 0; i < n; i++ {
			e, _ := q.Pop()
			e.At += holdIncrement(&rng)
			q.Push(e)
		}
	}
	hold(pending) // warm-up: buckets reach their steady-state capacity
	return func(n int) time.Duration {
		start := time.Now()
		hold(n)
		return time.Since(start)
	}
}

// heapEvent is the baseline's element: the event plus the sequence number
// that makes its ties FIFO, as sim.Queue's are.
type heapEvent struct {
	ev  sim.Event
	seq uint64
}

// eventHeap is a plain container/heap queue ordered by (time, sequence).
type eventHeap []heapEvent

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].ev.At != h[j].ev.At {
		return h[i].ev.At < h[j].ev.At
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(heapEvent)) }
func (h *eventHeap) Pop() any {
	old := *h
	n := len(old) - 1
	x := old[n]
	*h = old[:n]
	return x
}

// newHeapHold is newSimHold for the container/heap baseline.
func newHeapHold(pending int) func(n int) time.Duration {
	rng := holdStream()
	h := make(eventHeap, 0, pending+1)
	var seq uint64
	push := func(e sim.Event) {
		heap.Push(&h, heapEvent{ev: e, seq: seq})
		seq++
	}
	for i := 0; i < pending; i++ {
		push(sim.Event{At: holdIncrement(&rng), Entity: uint32(i)})
	}
	hold := func(n int) {
		for i := 0; i < n; i++ {
			e := heap.Pop(&h).(heapEvent).ev
			e.At += holdIncrement(&rng)
			push(e)
		}
	}
	hold(pending)
	return func(n int) time.Duration {
		start := time.Now()
		hold(n)
		return time.Since(start)
	}
}
