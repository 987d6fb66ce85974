package sim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// Shard is a logical process: a part of the model (one swarm, one market, a
// ledger) with its own queue, streams and state, that touches no other
// shard's state. Shards run in parallel within an epoch window and see each
// other's effects only at the barrier that ends it.
type Shard interface {
	// Advance runs the shard's own events with times before until, emitting
	// effects for other shards (or itself) to out in the order it makes
	// them. It runs on a worker goroutine, concurrently with other shards'.
	Advance(until Time, out *Outbox) error
	// Apply receives an effect addressed to the shard, at the barrier, on
	// the coordinating goroutine, with Now at the barrier time: what it
	// schedules in response happens at or after the barrier.
	Apply(e Effect) error
}

// Effect is what one shard does to another: a value with a kind and a
// payload, whose meaning belongs to the caller. The kernel only orders and
// delivers it.
type Effect struct {
	At   Time   // when the sender emitted it, within the epoch
	From int    // the sender's index in Run's shards; set by Emit
	To   int    // the receiver's index in Run's shards
	Seq  uint64 // the sender's emission count over the run; set by Emit
	Kind int32  // the caller's enumeration
	A, B int64
	F    float64
	C    int64 // a third integer word, e.g. the high half of a 128-bit value
}

// compareEffects orders effects for delivery: by (At, From, Seq). From and
// Seq make the order total, so it never depends on how shards were
// scheduled on goroutines.
func compareEffects(a, b Effect) int {
	if c := cmp.Compare(a.At, b.At); c != 0 {
		return c
	}
	if c := cmp.Compare(a.From, b.From); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// Outbox collects one shard's effects during an epoch. Its buffer is kept
// from one epoch to the next, so emitting allocates nothing in steady state.
type Outbox struct {
	shard      int
	shardCount int
	start, end Time // the epoch window [start, end)
	seq        uint64
	effects    []Effect
	err        error        // the first misuse, reported by Run at the barrier
	stop       *atomic.Bool // set when the run's context is done (see Stopped)
}

// ErrStopped is what a shard's Advance returns when it stopped before
// until because the run was asked to stop (see Outbox.Stopped).
var ErrStopped = errors.New("sim: stopped before the end of the epoch")

// Stopped reports whether the run was asked to stop. A shard whose epoch
// may take long checks it now and then and returns ErrStopped, so that an
// interrupted run ends at once instead of at the next barrier. A nil
// outbox is never stopped.
func (o *Outbox) Stopped() bool { return o != nil && o.stop != nil && o.stop.Load() }

// Shard returns the index of the shard the outbox belongs to.
func (o *Outbox) Shard() int { return o.shard }

// Window returns the current epoch window [start, end).
func (o *Outbox) Window() (start, end Time) { return o.start, o.end }

// Emit queues e for delivery at the end of the epoch, setting e.From and
// e.Seq. An effect dated outside the epoch window or addressed to no shard
// is a programming error: Run stops with an error naming it.
func (o *Outbox) Emit(e Effect) {
	if e.At < o.start || e.At >= o.end || e.To < 0 || e.To >= o.shardCount {
		if o.err == nil {
			o.err = fmt.Errorf("sim: shard %d emitted an effect at %v to shard %d; want a time in [%v, %v) and a shard in [0, %d)",
				o.shard, e.At, e.To, o.start, o.end, o.shardCount)
		}
		return
	}
	e.From, e.Seq = o.shard, o.seq
	o.seq++
	o.effects = append(o.effects, e)
}

// Run runs shards from time 0 to until in epochs of length epoch (the last
// one may be shorter). In each epoch [t, t+epoch) every shard's Advance runs
// on one of workers goroutines; then, on the calling goroutine, every
// effect emitted in the epoch is handed to its receiver's Apply in (At,
// From, Seq) order, and barrier, if not nil, is called with the barrier
// time t+epoch, for checks, sampling, progress and cancellation.
//
// Since shards share nothing during an epoch and effects are applied in a
// total order, results do not depend on workers. Run stops at the first
// error: from a shard (the lowest index when several fail in one epoch,
// again independent of workers), an Outbox misuse, or barrier (returned
// as is, so errors.Is works on it). A panic in Advance becomes an error.
func Run(shards []Shard, epoch, until Time, workers int, barrier func(t Time) error) error {
	return RunContext(context.Background(), shards, epoch, until, workers, barrier)
}

// RunContext is Run that stops when ctx is done, returning ctx's error:
// at the next barrier, or sooner in shards that check Outbox.Stopped. The
// shards are then left mid-epoch and must not be used further.
func RunContext(ctx context.Context, shards []Shard, epoch, until Time, workers int, barrier func(t Time) error) error {
	if epoch <= 0 {
		return fmt.Errorf("sim: epoch %v is not positive", epoch)
	}
	if until < 0 {
		return fmt.Errorf("sim: run end %v is negative", until)
	}
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	outs := make([]Outbox, len(shards))
	for i := range outs {
		outs[i] = Outbox{shard: i, shardCount: len(shards), stop: &stop}
	}
	errs := make([]error, len(shards))
	var merged []Effect
	for start := Time(0); start < until; {
		if err := ctx.Err(); err != nil {
			return err
		}
		end := until
		if epoch < until-start {
			end = start + epoch
		}
		for i := range outs {
			outs[i].start, outs[i].end = start, end
			outs[i].effects = outs[i].effects[:0]
		}
		advanceAll(shards, outs, errs, end, workers)
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range shards {
			err := errs[i]
			if err == nil {
				err = outs[i].err
			}
			if err != nil {
				return fmt.Errorf("sim: shard %d in epoch [%v, %v): %w", i, start, end, err)
			}
		}
		merged = merged[:0]
		for i := range outs {
			merged = append(merged, outs[i].effects...)
		}
		slices.SortFunc(merged, compareEffects)
		for _, e := range merged {
			if err := shards[e.To].Apply(e); err != nil {
				return fmt.Errorf("sim: shard %d applying effect %d of shard %d (kind %d, at %v) at %v: %w",
					e.To, e.Seq, e.From, e.Kind, e.At, end, err)
			}
		}
		if barrier != nil {
			if err := barrier(end); err != nil {
				return err
			}
		}
		start = end
	}
	return nil
}

// advanceAll runs every shard's Advance to until on up to workers
// goroutines, which take shards in index order; errs[i] gets shard i's
// error.
func advanceAll(shards []Shard, outs []Outbox, errs []error, until Time, workers int) {
	if workers <= 1 || len(shards) <= 1 {
		for i := range shards {
			errs[i] = advanceOne(shards[i], &outs[i], until)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(shards)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(shards) {
					return
				}
				errs[i] = advanceOne(shards[i], &outs[i], until)
			}
		}()
	}
	wg.Wait()
}

// errPanic marks a panic turned into an error.
var errPanic = errors.New("panic")

// advanceOne calls s.Advance, turning a panic into an error so that it
// reaches Run's caller whatever goroutine it happened on.
func advanceOne(s Shard, out *Outbox, until Time) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v\n%s", errPanic, r, debug.Stack())
		}
	}()
	return s.Advance(until, out)
}
