package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

const mib = 1 << 20

// nopRecorder discards what the model records.
type nopRecorder struct{}

func (nopRecorder) Sample(string, sim.Time, float64) {}
func (nopRecorder) Observe(string, float64)          {}
func (nopRecorder) Metric(string, float64)           {}
func (nopRecorder) Figure(sim.Figure)                {}

// defaultProtocol is the scenario defaults.
func defaultProtocol() Protocol {
	return Protocol{
		UnchokeSlots: 4, RechokeInterval: 10 * sim.Second, OptimisticInterval: 30 * sim.Second,
		SnubTimeout: 60 * sim.Second, Picker: RarestFirst, RandomFirstPieces: 4, Endgame: true,
		Numwant: 50, MaxConnections: 80, AnnounceInterval: 30 * sim.Minute,
	}
}

// homogeneous is a torrent of identical peers.
func homogeneous(name string, file int64, pieces int, up, down float64) Torrent {
	return Torrent{
		Name: name, FileSize: file, PieceSize: file / int64(pieces), InitialSeeds: 1, SeedUpload: up,
		Upload: sim.ConstantDist(up), Download: sim.ConstantDist(down),
		Seeding: SeedForever{}, Protocol: defaultProtocol(),
		Arrivals: Arrivals{Until: sim.Never},
	}
}

// runModel runs cfg to its horizon with the given workers.
func runModel(t testing.TB, cfg Config, workers int) *Model {
	t.Helper()
	m, err := New(cfg, nopRecorder{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.Run(m.Shards(), cfg.SampleEvery, cfg.Duration, workers, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	return m
}
