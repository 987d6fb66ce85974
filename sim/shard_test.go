package sim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Kinds of the test shard's events and effects.
const (
	kindTick  = iota // a shard sends part of its balance to a random shard
	kindReact        // a shard reacts to money received
)

// testShard is a small model with its own queue and stream: at random
// times it sends part of its balance to a random shard (itself included),
// and reacts to each receipt by hashing it into its trace and, sometimes,
// sending half of it on.
type testShard struct {
	id, shardCount int
	q              Queue
	rng            Stream
	balance        int64
	trace          uint64   // FNV-1a over everything the shard observed
	applied        []Effect // every effect received, in order
	untils         []Time   // Advance's arguments, in order
}

func newTestShard(seed uint64, id, shardCount int) *testShard {
	s := &testShard{id: id, shardCount: shardCount, rng: NewStream(seed, "test/shard", uint64(id)), balance: 1000, trace: 14695981039346656037}
	s.q.Push(Event{At: Time(s.rng.Exp(40)), Kind: kindTick})
	return s
}

func (s *testShard) observe(vs ...int64) {
	for _, v := range vs {
		s.trace ^= uint64(v)
		s.trace *= 1099511628211
	}
}

func (s *testShard) Advance(until Time, out *Outbox) error {
	s.untils = append(s.untils, until)
	s.q.RunUntil(until, func(e Event) {
		s.observe(int64(e.At), int64(e.Kind), e.Arg, s.balance)
		switch e.Kind {
		case kindTick:
			amount := min(s.balance, int64(s.rng.IntN(200)))
			s.balance -= amount
			out.Emit(Effect{At: e.At, To: s.rng.IntN(s.shardCount), Kind: 1, A: amount, F: s.rng.Float64()})
			s.q.After(Time(s.rng.Exp(40)), Event{Kind: kindTick})
		case kindReact:
			if e.Arg > 1 && s.rng.Bernoulli(0.5) {
				amount := e.Arg / 2
				s.balance -= amount
				out.Emit(Effect{At: e.At, To: s.rng.IntN(s.shardCount), Kind: 2, A: amount})
			}
		}
	})
	return nil
}

func (s *testShard) Apply(e Effect) error {
	s.applied = append(s.applied, e)
	s.balance += e.A
	s.observe(int64(e.At), int64(e.From), int64(e.Seq), int64(e.Kind), e.A, int64(e.F*1e9))
	s.q.After(Time(s.rng.IntN(30)), Event{Kind: kindReact, Arg: e.A})
	return nil
}

// runTestShards runs shardCount test shards and returns a transcript of
// everything observable: balances at each barrier and final traces.
func runTestShards(t *testing.T, seed uint64, shardCount, workers int, epoch, until Time) (string, []*testShard) {
	t.Helper()
	shards := make([]Shard, shardCount)
	ts := make([]*testShard, shardCount)
	for i := range shards {
		ts[i] = newTestShard(seed, i, shardCount)
		shards[i] = ts[i]
	}
	var b strings.Builder
	err := Run(shards, epoch, until, workers, func(now Time) error {
		var total int64
		fmt.Fprintf(&b, "%d:", now)
		for _, s := range ts {
			total += s.balance
			fmt.Fprintf(&b, " %d", s.balance)
		}
		b.WriteString("\n")
		if total != int64(1000*shardCount) {
			return fmt.Errorf("at %v: balances sum to %d, want %d", now, total, 1000*shardCount)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed %d, %d workers: %v", seed, workers, err)
	}
	for _, s := range ts {
		fmt.Fprintf(&b, "shard %d: trace %#x, %d effects\n", s.id, s.trace, len(s.applied))
	}
	return b.String(), ts
}

// TestRunWorkersIdentical is the metamorphic test: one input, several worker
// counts, byte-identical transcripts.
func TestRunWorkersIdentical(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		want, _ := runTestShards(t, seed, 7, 1, 100, 5050)
		for _, workers := range []int{2, 8} {
			got, _ := runTestShards(t, seed, 7, workers, 100, 5050)
			if got != want {
				t.Fatalf("seed %d: %d workers differ from 1 worker:\n%s\nwant:\n%s", seed, workers, got, want)
			}
		}
	}
}

// TestRunDelivery checks the epochs passed to Advance and that each shard
// receives its effects in (At, From, Seq) order, inside the epoch just
// ended, and only those addressed to it.
func TestRunDelivery(t *testing.T) {
	_, ts := runTestShards(t, 9, 4, 2, 100, 950)
	wantUntils := []Time{100, 200, 300, 400, 500, 600, 700, 800, 900, 950}
	total := 0
	for _, s := range ts {
		if !slices.Equal(s.untils, wantUntils) {
			t.Fatalf("shard %d advanced to %v, want %v", s.id, s.untils, wantUntils)
		}
		total += len(s.applied)
		for i, e := range s.applied {
			if e.To != s.id {
				t.Fatalf("shard %d received %+v", s.id, e)
			}
			if i > 0 && compareEffects(s.applied[i-1], e) >= 0 {
				t.Fatalf("shard %d received %+v after %+v", s.id, e, s.applied[i-1])
			}
		}
	}
	if total < 50 {
		t.Fatalf("only %d effects delivered; the test exercises too little", total)
	}
}

// failingShard fails or misbehaves in its first Advance.
type failingShard struct{ how string }

func (f failingShard) Advance(until Time, out *Outbox) error {
	switch f.how {
	case "error":
		return fmt.Errorf("broken %d", out.Shard())
	case "panic":
		panic("boom")
	case "late":
		out.Emit(Effect{At: until, To: 0})
	case "nowhere":
		out.Emit(Effect{At: until - 1, To: 5})
	}
	return nil
}

func (failingShard) Apply(Effect) error { return nil }

func TestRunErrors(t *testing.T) {
	cases := []struct {
		shards []Shard
		want   string
	}{
		{[]Shard{failingShard{}, failingShard{"error"}, failingShard{"error"}}, "shard 1 in epoch [0s, 0.00001s): broken 1"},
		{[]Shard{failingShard{"panic"}}, "shard 0 in epoch [0s, 0.00001s): panic: boom"},
		{[]Shard{failingShard{"late"}}, "emitted an effect at 0.00001s to shard 0; want a time in [0s, 0.00001s)"},
		{[]Shard{failingShard{"nowhere"}}, "to shard 5; want a time in [0s, 0.00001s) and a shard in [0, 1)"},
	}
	for _, c := range cases {
		for _, workers := range []int{1, 3} {
			err := Run(c.shards, 10, 100, workers, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%d workers: Run error %v, want one containing %q", workers, err, c.want)
			}
		}
	}
	stop := errors.New("stop")
	calls := 0
	err := Run([]Shard{failingShard{}}, 10, 100, 1, func(now Time) error {
		calls++
		if now == 30 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("barrier stop: err %v after %d barriers, want stop after 3", err, calls)
	}
	if err := Run(nil, 0, 100, 1, nil); err == nil {
		t.Fatal("epoch 0 accepted")
	}
}

// countingShard runs one event per time unit, cancelling the run's
// context at cancelAt (Ctrl-C arriving mid-epoch), until told to stop.
type countingShard struct {
	done     Time
	cancelAt Time
	cancel   context.CancelFunc
}

func (c *countingShard) Advance(until Time, out *Outbox) error {
	for ; c.done < until; c.done++ {
		if c.done == c.cancelAt && c.cancel != nil {
			c.cancel()
		}
		if c.done%100 == 0 && out.Stopped() {
			return ErrStopped
		}
	}
	return nil
}
func (c *countingShard) Apply(Effect) error { return nil }

// TestRunContextStops: a context cancelled during an epoch stops a shard
// that checks Outbox.Stopped long before the epoch's end, and the run
// returns the context's error; one cancelled at a barrier stops the run
// there, and one cancelled before the run runs nothing.
func TestRunContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &countingShard{cancelAt: 500, cancel: cancel}
	const epoch = 1 << 50 // far more events than the test could run
	err := RunContext(ctx, []Shard{c}, epoch, 2*epoch, 1, nil)
	if !errors.Is(err, context.Canceled) || c.done >= epoch {
		t.Fatalf("cancelled mid-epoch: err %v after %d events", err, c.done)
	}
	ctx, cancel = context.WithCancel(context.Background())
	c = &countingShard{cancelAt: -1}
	err = RunContext(ctx, []Shard{c}, 1000, 10_000, 2, func(t Time) error {
		if t == 3000 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || c.done != 3000 {
		t.Fatalf("cancelled at the barrier at 3000: err %v, %d events run", err, c.done)
	}
	c = &countingShard{cancelAt: -1}
	if err := RunContext(ctx, []Shard{c}, 1000, 5000, 1, nil); !errors.Is(err, context.Canceled) || c.done != 0 {
		t.Fatalf("cancelled before the run: err %v, %d events run", err, c.done)
	}
	if err := Run([]Shard{&countingShard{cancelAt: -1}}, 1000, 5000, 1, nil); err != nil {
		t.Fatalf("Run without a context: %v", err)
	}
}
