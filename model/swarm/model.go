package swarm

import (
	"fmt"

	"github.com/swarmecon/swarmecon/sim"
)

// Model is the swarm model of a run: its torrents spread over shards.
type Model struct {
	cfg      Config
	rec      sim.Recorder
	shards   []*Shard
	torrents []*torrent // in configuration order
	finished bool
}

// New builds the torrents of cfg at time 0: initial seeds present, first
// arrivals scheduled. rec receives samples and metrics (Finish).
func New(cfg Config, rec sim.Recorder) (*Model, error) {
	if cfg.Duration <= 0 || cfg.SampleEvery <= 0 {
		return nil, fmt.Errorf("swarm: duration %v and sample interval %v must be positive", cfg.Duration, cfg.SampleEvery)
	}
	if len(cfg.Torrents) == 0 {
		return nil, fmt.Errorf("swarm: no torrent")
	}
	for i := range cfg.Torrents {
		if err := cfg.Torrents[i].validate(); err != nil {
			return nil, fmt.Errorf("swarm: %w", err)
		}
	}
	n := cfg.Shards
	if n <= 0 || n > len(cfg.Torrents) {
		n = len(cfg.Torrents)
	}
	m := &Model{cfg: cfg, rec: rec}
	for i := 0; i < n; i++ {
		m.shards = append(m.shards, &Shard{m: m})
	}
	for i := range cfg.Torrents {
		s := m.shards[i%n]
		t := newTorrent(&m.cfg.Torrents[i], cfg.Seed, cfg.SampleEvery)
		t.local = len(s.torrents)
		s.torrents = append(s.torrents, t)
		m.torrents = append(m.torrents, t)
		for k := 0; k < t.cfg.InitialSeeds; k++ {
			s.join(t, 0, true)
		}
		if t.cfg.InitialSeeds == 0 {
			t.st.deadAt = 0 // no full copy exists, and none can appear
		}
		if at, ok := t.nextArrival(0); ok {
			s.push(sim.Event{At: at, Entity: uint32(t.local), Kind: evArrival})
		}
		s.push(sim.Event{At: 0, Entity: uint32(t.local), Kind: evTick})
	}
	for _, s := range m.shards {
		s.push(sim.Event{At: 0, Kind: evSample})
	}
	m.declareFigures()
	return m, nil
}

// Shards returns the model's logical processes for sim.Run.
func (m *Model) Shards() []sim.Shard {
	out := make([]sim.Shard, len(m.shards))
	for i, s := range m.shards {
		out[i] = s
	}
	return out
}

// Events returns the number of events the shards have handled.
func (m *Model) Events() int64 {
	n := int64(0)
	for _, s := range m.shards {
		n += s.events
	}
	return n
}

// PieceEvents returns the number of flows that completed (a piece, or a
// duplicate of one, delivered).
func (m *Model) PieceEvents() int64 {
	n := int64(0)
	for _, s := range m.shards {
		n += s.pieces
	}
	return n
}

// Peers returns the number of peers present now, seeds included.
func (m *Model) Peers() int {
	n := 0
	for _, t := range m.torrents {
		n += len(t.tracker)
	}
	return n
}

// PendingEvents returns the number of events queued, stale ones included.
func (m *Model) PendingEvents() int {
	n := 0
	for _, s := range m.shards {
		n += s.queue.Len()
	}
	return n
}

// MeanNeighbours returns the mean number of connections of the peers
// present now.
func (m *Model) MeanNeighbours() float64 {
	conns, peers := 0, 0
	for _, s := range m.shards {
		for i := range s.peers {
			if s.peers[i].state != stateFree {
				conns += len(s.peers[i].conns)
				peers++
			}
		}
	}
	return float64(conns) / float64(max(peers, 1))
}

// Finish takes the last sample at the horizon and sets the summary
// metrics. Call it once, after the run reached Duration.
func (m *Model) Finish() error {
	if m.finished {
		return fmt.Errorf("swarm: Finish called twice")
	}
	m.finished = true
	end := m.cfg.Duration
	for _, s := range m.shards {
		s.sample(end)
	}
	if m.cfg.Aggregate != "" {
		m.report(m.cfg.Aggregate, m.torrents)
		return nil
	}
	for _, t := range m.torrents {
		m.report(t.cfg.Name, []*torrent{t})
	}
	return nil
}
