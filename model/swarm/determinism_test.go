package swarm

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// textRecorder keeps every call as a line; Text sorts them, as the
// analysis recorder orders what it writes.
type textRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *textRecorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}
func (r *textRecorder) Sample(n string, t sim.Time, v float64) { r.add("S %s %d %v", n, t, v) }
func (r *textRecorder) Observe(n string, v float64)            { r.add("O %s %v", n, v) }
func (r *textRecorder) Metric(n string, v float64)             { r.add("M %s %v", n, v) }
func (r *textRecorder) Figure(f sim.Figure)                    { r.add("F %s", f.Name) }
func (r *textRecorder) Text() string {
	slices.Sort(r.lines)
	return strings.Join(r.lines, "\n")
}

// TestDeterministicAcrossWorkers runs several torrents over three shards
// with 1, 2 and 8 workers: the recorded output must be byte-identical,
// and another seed must change it.
func TestDeterministicAcrossWorkers(t *testing.T) {
	run := func(seed uint64, workers int) string {
		var ts []Torrent
		for i, proc := range []Process{Poisson, FlashCrowd, Decaying, Poisson} {
			tr := homogeneous(fmt.Sprintf("t%d", i), 64*mib, 128, mib, 4*mib)
			tr.Upload = sim.LognormalDist(mib, 0.7)
			tr.AbortPerHour = 1
			tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(10 * sim.Minute))}
			tr.Arrivals = Arrivals{Process: proc, PerHour: 100, Peers: 150, InitialPerHour: 200, HalfLife: sim.Hour, Until: sim.Never}
			ts = append(ts, tr)
		}
		rec := &textRecorder{}
		cfg := Config{Seed: seed, Duration: 3 * sim.Hour, SampleEvery: 15 * sim.Minute, Torrents: ts, Shards: 3}
		m, err := New(cfg, rec)
		if err != nil {
			t.Fatal(err)
		}
		if err := sim.Run(m.Shards(), cfg.SampleEvery, cfg.Duration, workers, nil); err != nil {
			t.Fatal(err)
		}
		if err := m.Finish(); err != nil {
			t.Fatal(err)
		}
		return rec.Text()
	}
	one := run(1, 1)
	for _, w := range []int{2, 8} {
		if got := run(1, w); got != one {
			t.Errorf("seed 1: %d workers give other output than 1 worker", w)
		}
	}
	if run(2, 2) == one {
		t.Error("seeds 1 and 2 give the same output")
	}
	if !strings.Contains(one, "M swarm.t1.arrived 150") {
		t.Error("the flash crowd of t1 did not arrive whole")
	}
}

// TestEpochsDoNotMatter: a swarm run alone gives the same output whatever
// the epoch length, although the tables are cut at epoch ends (so at other
// times) and the connection table is compacted between events. A flash
// crowd that leaves makes the tables shrink: the test checks that they
// did.
func TestEpochsDoNotMatter(t *testing.T) {
	run := func(epoch sim.Time) (string, int, int) {
		tr := homogeneous("crowd", 32*mib, 64, mib, 4*mib)
		tr.Upload = sim.LognormalDist(mib, 0.7)
		tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(5 * sim.Minute))}
		tr.Arrivals = Arrivals{Process: FlashCrowd, Peers: 600, Within: 5 * sim.Minute, Until: sim.Never}
		rec := &textRecorder{}
		cfg := Config{Seed: 4, Duration: 2 * sim.Hour, SampleEvery: 10 * sim.Minute, Torrents: []Torrent{tr}}
		m, err := New(cfg, rec)
		if err != nil {
			t.Fatal(err)
		}
		peak := 0
		barrier := func(sim.Time) error {
			peak = max(peak, len(m.shards[0].conns)) // free slots included
			return nil
		}
		if err := sim.Run(m.Shards(), epoch, cfg.Duration, 1, barrier); err != nil {
			t.Fatal(err)
		}
		if err := m.Finish(); err != nil {
			t.Fatal(err)
		}
		return rec.Text(), peak, len(m.shards[0].conns) + len(m.shards[0].peers)
	}
	long, _, _ := run(2 * sim.Hour)
	short, peak, left := run(sim.Minute)
	if short != long {
		t.Error("one-minute epochs give other output than one two-hour epoch")
	}
	if peak < 1024 || left > peak/4 {
		t.Errorf("the tables did not shrink: %d connections at the peak, %d connections and peers left", peak, left)
	}
}
