package main

import (
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/swarmecon/swarmecon/model/swarm"
	"github.com/swarmecon/swarmecon/sim"
)

const mib = 1 << 20

// benchSwarmPeers are the swarm sizes `bench swarm` runs: peers that pass
// through one poisson swarm.
var benchSwarmPeers = []int{10_000, 100_000}

// benchFlashPeers is the flash crowd whose last completion is compared
// with the Kumar–Ross bound.
const benchFlashPeers = 1000

// nopRecorder discards what a benchmarked model records.
type nopRecorder struct{}

func (nopRecorder) Sample(string, sim.Time, float64) {}
func (nopRecorder) Observe(string, float64)          {}
func (nopRecorder) Metric(string, float64)           {}
func (nopRecorder) Figure(sim.Figure)                {}

// benchTorrent is the benchmark's swarm: 256 MiB in 256 pieces, peers
// with 1 MiB/s up and 4 MiB/s down, local rarest first, one 10 MiB/s
// seed, seeds staying 2 min on average (upload-limited: most peers are
// leechers). Peers use the client defaults, 50 asked of the tracker and
// up to 80 accepted: at steady state they have 47 neighbours on average,
// the target's 50 within the spread of a real swarm.
func benchTorrent() swarm.Torrent {
	return swarm.Torrent{
		Name: "bench", FileSize: 256 * mib, PieceSize: mib, InitialSeeds: 1, SeedUpload: 10 * mib,
		Upload: sim.ConstantDist(mib), Download: sim.ConstantDist(4 * mib),
		Seeding: swarm.SeedAltruistic{Time: sim.ExponentialDist(float64(2 * sim.Minute))},
		Protocol: swarm.Protocol{
			UnchokeSlots: 4, RechokeInterval: 10 * sim.Second, OptimisticInterval: 30 * sim.Second,
			SnubTimeout: 60 * sim.Second, Picker: swarm.RarestFirst, RandomFirstPieces: 4, Endgame: true,
			Numwant: 50, MaxConnections: 80, AnnounceInterval: 30 * sim.Minute,
		},
	}
}

type swarmBench struct {
	Bench           string  `json:"bench"`
	Peers           int     `json:"peers"`
	Pieces          int     `json:"pieces"`
	WallS           float64 `json:"wall_s"`
	PeerEventsPerS  float64 `json:"peer_events_per_s"`
	PeakRSSBytes    int64   `json:"peak_rss_bytes"`
	BytesPerPeer    float64 `json:"bytes_per_peer"`
	AllocsPerPiece  float64 `json:"allocs_per_piece_event"`
	ConcurrentPeers int     `json:"concurrent_peers"`
	Neighbours      float64 `json:"neighbours_mean"`
	PendingEvents   int     `json:"pending_events"`
	Events          int64   `json:"events"`
	// The container/heap baseline of `bench kernel`, run beside the swarm
	// in the same process (see swarmBaseline), and the swarm's peer events
	// per second over its events per second: this machine's speed moves
	// by up to 2× from minute to minute, and the ratio moves much less.
	BaselineEventsPerS float64 `json:"baseline_events_per_s"`
	Ratio              float64 `json:"ratio"`
}

// swarmBaselinePending is the baseline queue's size: about the events a
// 10^5-peer swarm keeps pending.
const swarmBaselinePending = 20_000

// swarmBaseline times the container/heap hold model in chunks before and
// after the swarm run (run), and returns its median rate.
func swarmBaseline(run func() error) (float64, error) {
	const chunks, chunk = 3, 300_000
	hold := newHeapHold(swarmBaselinePending)
	var rates []float64
	measure := func() {
		for range chunks {
			rates = append(rates, chunk/hold(chunk).Seconds())
		}
	}
	measure()
	err := run()
	measure()
	return median(rates), err
}

// benchSwarmRun sends n peers through a poisson swarm over two hours
// and measures, at barriers in the second hour (steady state), the heap
// per present peer and the allocations per piece event.
func benchSwarmRun(n int) (swarmBench, error) {
	const dur, epoch = 2 * sim.Hour, 5 * sim.Minute
	tr := benchTorrent()
	tr.Arrivals = swarm.Arrivals{Process: swarm.Poisson, PerHour: float64(n) / dur.Seconds() * 3600, Until: sim.Never}
	cfg := swarm.Config{Seed: 1, Duration: dur, SampleEvery: epoch, Torrents: []swarm.Torrent{tr}}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	m, err := swarm.New(cfg, nopRecorder{})
	if err != nil {
		return swarmBench{}, err
	}
	r := swarmBench{Bench: "swarm", Pieces: 256}
	var mallocs uint64
	var pieces int64
	start := time.Now()
	barrier := func(t sim.Time) error {
		var ms runtime.MemStats
		switch t {
		case dur / 2:
			// The heap at steady state, less what was there before the
			// model, per peer present.
			runtime.GC()
			runtime.ReadMemStats(&ms)
			r.ConcurrentPeers = m.Peers()
			r.Neighbours = m.MeanNeighbours()
			r.PendingEvents = m.PendingEvents()
			r.BytesPerPeer = float64(ms.HeapAlloc-base.HeapAlloc) / float64(max(r.ConcurrentPeers, 1))
			mallocs, pieces = ms.Mallocs, m.PieceEvents()
		case dur/2 + 6*epoch:
			runtime.ReadMemStats(&ms)
			r.AllocsPerPiece = float64(ms.Mallocs-mallocs) / float64(max(m.PieceEvents()-pieces, 1))
		}
		return nil
	}
	if err := sim.Run(m.Shards(), epoch, dur, 1, barrier); err != nil {
		return r, err
	}
	r.WallS = time.Since(start).Seconds()
	if err := m.Finish(); err != nil {
		return r, err
	}
	st := m.Stats()
	r.Peers = st.Arrived
	r.Events = m.Events()
	r.PeerEventsPerS = float64(r.Events) / r.WallS
	r.PeakRSSBytes = peakRSS()
	return r, nil
}

type flashBench struct {
	Bench           string  `json:"bench"`
	Peers           int     `json:"peers"`
	LastCompletionS float64 `json:"last_completion_s"`
	KumarRossBoundS float64 `json:"kumar_ross_bound_s"`
	Ratio           float64 `json:"ratio"`
}

// benchFlashRun lets a flash crowd of n peers download from one seed,
// staying until the end, and compares the last completion with the
// Kumar–Ross minimum distribution time max{F/us, F/d, nF/(us + Σu)}.
func benchFlashRun(n int) (flashBench, error) {
	tr := benchTorrent()
	tr.Seeding = swarm.SeedForever{}
	tr.Arrivals = swarm.Arrivals{Process: swarm.FlashCrowd, Peers: n, Until: sim.Never}
	cfg := swarm.Config{Seed: 1, Duration: 2 * sim.Hour, SampleEvery: 10 * sim.Minute, Torrents: []swarm.Torrent{tr}}
	m, err := swarm.New(cfg, nopRecorder{})
	if err != nil {
		return flashBench{}, err
	}
	if err := sim.Run(m.Shards(), cfg.SampleEvery, cfg.Duration, 1, nil); err != nil {
		return flashBench{}, err
	}
	if err := m.Finish(); err != nil {
		return flashBench{}, err
	}
	st := m.Stats()
	if st.Completed != n {
		return flashBench{}, fmt.Errorf("bench flash-crowd: %d of %d peers completed", st.Completed, n)
	}
	F, us, u, d := float64(tr.FileSize), tr.SeedUpload, tr.Upload.Mean(), tr.Download.Mean()
	bound := max(F/us, F/d, float64(n)*F/(us+float64(n)*u))
	last := slices.Max(st.DownloadTimes)
	return flashBench{Bench: "flash-crowd", Peers: n, LastCompletionS: last, KumarRossBoundS: bound, Ratio: last / bound}, nil
}

// benchSwarmCmd runs the swarm benchmarks: throughput and memory at each
// size, then the flash-crowd ratio.
func benchSwarmCmd(e *env, asJSON bool) error {
	for _, n := range benchSwarmPeers {
		var r swarmBench
		base, err := swarmBaseline(func() (err error) {
			r, err = benchSwarmRun(n)
			return err
		})
		if err != nil {
			return err
		}
		r.BaselineEventsPerS, r.Ratio = base, r.PeerEventsPerS/base
		if asJSON {
			if err := printJSON(e, r); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "swarm: %d peers through a poisson swarm (256 pieces, 50 asked of the tracker, local rarest first)\n", r.Peers)
		fmt.Fprintf(e.stdout, "  wall time          %12.2f s\n", r.WallS)
		fmt.Fprintf(e.stdout, "  peer events        %12d (%.0f/s)\n", r.Events, r.PeerEventsPerS)
		fmt.Fprintf(e.stdout, "  container/heap     %12.0f events/s (baseline, same run)\n", r.BaselineEventsPerS)
		fmt.Fprintf(e.stdout, "  ratio              %12.3f\n", r.Ratio)
		fmt.Fprintf(e.stdout, "  concurrent peers   %12d (at the midpoint, %.1f neighbours each on average)\n", r.ConcurrentPeers, r.Neighbours)
		fmt.Fprintf(e.stdout, "  heap per peer      %12.0f bytes\n", r.BytesPerPeer)
		fmt.Fprintf(e.stdout, "  allocs per piece   %12.4f\n", r.AllocsPerPiece)
		fmt.Fprintf(e.stdout, "  peak RSS           %12d bytes (process)\n", r.PeakRSSBytes)
	}
	f, err := benchFlashRun(benchFlashPeers)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(e, f)
	}
	fmt.Fprintf(e.stdout, "flash-crowd: %d peers, one seed\n", f.Peers)
	fmt.Fprintf(e.stdout, "  last completion    %12.1f s\n  Kumar–Ross bound   %12.1f s\n  ratio              %12.3f\n", f.LastCompletionS, f.KumarRossBoundS, f.Ratio)
	return nil
}
