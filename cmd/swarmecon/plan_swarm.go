package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/swarmecon/swarmecon/model/swarm"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// catalogueShards is how many logical processes a catalogue's torrents
// spread over: enough for the cores of one machine, few enough that each
// has many torrents to keep it busy. Fixed, so results never depend on
// the machine.
const catalogueShards = 16

// buildSwarm builds the swarm model of the [[torrent]] tables or of the
// [catalogue], or nothing when the scenario has neither.
func buildSwarm(b *build) (*part, error) {
	sc := b.sc
	cfg := swarm.Config{Seed: sc.Seed, Duration: sc.Duration, SampleEvery: sc.SampleEvery}
	for i, t := range sc.Torrents {
		st, err := swarmTorrent(sc, i, t)
		if err != nil {
			return nil, err
		}
		cfg.Torrents = append(cfg.Torrents, st)
	}
	if c := sc.Catalogue; c != nil {
		cfg.Torrents = append(cfg.Torrents, catalogueTorrents(sc, c)...)
		cfg.Aggregate = "all"
		cfg.Shards = catalogueShards
	}
	if len(cfg.Torrents) == 0 {
		return nil, nil
	}
	m, err := swarm.New(cfg, b.rec)
	if err != nil {
		return nil, err
	}
	return &part{name: "swarm", shards: m.Shards(), finish: m.Finish}, nil
}

// swarmTorrent maps torrent i of the scenario to the model's terms.
func swarmTorrent(sc *scenarios.Scenario, i int, t scenarios.Torrent) (swarm.Torrent, error) {
	st := swarm.Torrent{
		Name: t.Name, FileSize: t.FileSize, PieceSize: t.PieceSize,
		InitialSeeds: t.InitialSeeds, SeedUpload: t.SeedUpload,
		Upload: t.Peers.Upload, Download: t.Peers.Download, AbortPerHour: t.Peers.AbortPerHour,
		Seeding: seedingPolicy(t.Seeding), Protocol: swarmProtocol(t.Protocol),
	}
	a := t.Arrivals
	st.Arrivals = swarm.Arrivals{
		PerHour: a.PerHour, Peers: a.Peers, Within: a.Within,
		InitialPerHour: a.InitialPerHour, HalfLife: a.HalfLife, Until: a.Until,
	}
	switch a.Process {
	case "poisson":
		st.Arrivals.Process = swarm.Poisson
	case "flash-crowd":
		st.Arrivals.Process = swarm.FlashCrowd
	case "decaying":
		st.Arrivals.Process = swarm.Decaying
	case "trace":
		st.Arrivals.Process = swarm.Trace
		data, err := sc.ReadData(a.Path)
		if err != nil {
			return st, inputError{fmt.Errorf("%s: torrent.%d.arrivals.path: %w", scenarioName(sc), i, err)}
		}
		times, err := scenarios.ParseTrace(a.Path, "torrent."+strconv.Itoa(i)+".arrivals.path", data)
		if err != nil {
			return st, inputError{err}
		}
		st.Arrivals.Trace = times
	}
	return st, nil
}

func seedingPolicy(s scenarios.Seeding) swarm.Seeding {
	switch s.Behaviour {
	case "forever":
		return swarm.SeedForever{}
	case "none":
		return swarm.SeedNone{}
	}
	return swarm.SeedAltruistic{Time: s.Time}
}

func swarmProtocol(p scenarios.Protocol) swarm.Protocol {
	out := swarm.Protocol{
		UnchokeSlots: p.UnchokeSlots, RechokeInterval: p.RechokeInterval,
		OptimisticInterval: p.OptimisticInterval, SnubTimeout: p.SnubTimeout,
		RandomFirstPieces: p.RandomFirstPieces, Endgame: p.Endgame,
		Numwant: p.Numwant, MaxConnections: p.MaxConnections, AnnounceInterval: p.AnnounceInterval,
	}
	switch p.PiecePicker {
	case "global-rarest-first":
		out.Picker = swarm.GlobalRarestFirst
	case "random":
		out.Picker = swarm.RandomPiece
	case "sequential":
		out.Picker = swarm.Sequential
	}
	return out
}

// catalogueTorrents makes the catalogue's torrents: Zipf popularity
// p_k = k^−s / H_{N,s} (REFERENCES §13) splits the arrival rate, and each
// torrent's size is drawn from file_size (between one piece and
// scenarios.MaxPieces pieces). Each starts with one seed as
// fast as a peer on average, since the catalogue names no seed capacity.
func catalogueTorrents(sc *scenarios.Scenario, c *scenarios.Catalogue) []swarm.Torrent {
	h := 0.0
	for k := 1; k <= c.Torrents; k++ {
		h += math.Pow(float64(k), -c.ZipfS)
	}
	sizes := sim.NewStream(sc.Seed, "swarm/catalogue/file_size", 0)
	seedUpload := math.Max(c.Peers.Upload.Mean(), 1)
	width := len(strconv.Itoa(c.Torrents))
	// A rare draw from a long tail is cut at the most pieces a file may
	// have (the loader bounds the mean file well below it), rather than
	// overflow a size or exhaust memory.
	largest := math.Min(float64(scenarios.MaxPieces)*float64(c.PieceSize), 1<<62)
	out := make([]swarm.Torrent, 0, c.Torrents)
	for k := 1; k <= c.Torrents; k++ {
		size := int64(math.Min(math.Max(math.Round(c.FileSize.Sample(&sizes)), float64(c.PieceSize)), largest))
		proto := swarmProtocol(c.Protocol)
		pieces := int((size + c.PieceSize - 1) / c.PieceSize)
		proto.RandomFirstPieces = min(proto.RandomFirstPieces, pieces)
		out = append(out, swarm.Torrent{
			Name:     fmt.Sprintf("c%0*d", width, k),
			FileSize: size, PieceSize: c.PieceSize, InitialSeeds: 1, SeedUpload: seedUpload,
			Arrivals: swarm.Arrivals{Process: swarm.Poisson, PerHour: c.ArrivalsPerHour * math.Pow(float64(k), -c.ZipfS) / h, Until: sim.Never},
			Upload:   c.Peers.Upload, Download: c.Peers.Download, AbortPerHour: c.Peers.AbortPerHour,
			Seeding: seedingPolicy(c.Seeding), Protocol: proto,
		})
	}
	return out
}

// requireBuiltSwarm refuses the swarm features not built yet, at the
// line that asks for them.
func requireBuiltSwarm(sc *scenarios.Scenario) error {
	type seeding struct{ key, behaviour string }
	var all []seeding
	for i, t := range sc.Torrents {
		all = append(all, seeding{sc.ElemPath("torrent", i) + ".seeding.behaviour", t.Seeding.Behaviour})
	}
	if c := sc.Catalogue; c != nil {
		all = append(all, seeding{"catalogue.seeding.behaviour", c.Seeding.Behaviour})
	}
	for _, s := range all {
		if s.behaviour == "economic" {
			return inputError{sc.Errorf(s.key, `"economic" comes with the market model, not built yet`,
				"this version runs altruistic, forever, none")}
		}
	}
	return nil
}
