// Package sim is swarmecon's deterministic discrete-event kernel: simulated
// time, the event queue, named random streams, and shards that run in
// parallel between epoch barriers. It knows no domain word, opens no file
// and never reads the wall clock; models build on it.
//
// # Time and events
//
// Time is an integer count of microseconds. A Queue holds Events by value
// and pops them in (time, push order), so ties are first in, first out.
// Times popped never decrease; scheduling before Now panics, as it can only
// be a programming error. An Event carries a Kind the caller dispatches on,
// an Entity, a free Arg and a Gen: to cancel an entity's pending events,
// bump its counter in Gens and drop events that are no longer Live when
// they pop. A typical loop:
//
//	q.RunUntil(until, func(e sim.Event) {
//		if !gens.Live(e) {
//			return // cancelled
//		}
//		switch e.Kind { ... }
//	})
//
// RunUntil runs the events strictly before until, as SimPy's run(until)
// does, and leaves Now at until.
//
// # Randomness
//
// All randomness comes from Streams, each derived from (scenario seed,
// stream name, entity id) alone, so adding an entity or a stream never
// changes another's numbers. Hold a Stream by value in the entity that
// draws from it; pass &stream wherever a math/rand/v2 Source is wanted.
//
// # Shards
//
// A model may split into Shards, logical processes that share no state.
// Run advances all of them through an epoch in parallel, then, on the
// calling goroutine, delivers the Effects they emitted in (time, sender,
// sequence) order and calls a barrier hook. Because nothing crosses
// between shards inside an epoch and delivery order is total, results do
// not depend on the number of worker goroutines.
package sim
