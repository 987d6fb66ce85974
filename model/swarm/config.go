package swarm

import (
	"fmt"

	"github.com/swarmecon/swarmecon/sim"
)

// Process names an arrival process.
type Process uint8

// The arrival processes of [torrent.arrivals].
const (
	Poisson    Process = iota // constant rate PerHour
	FlashCrowd                // Peers at t=0, or spread evenly over Within
	Decaying                  // rate InitialPerHour·2^(−t/HalfLife) (Guo et al. 2005)
	Trace                     // the times in Trace
)

// Picker names a piece selection strategy.
type Picker uint8

// The piece pickers of protocol.piece_picker.
const (
	RarestFirst       Picker = iota // local rarest first: copies among the peer's neighbours
	GlobalRarestFirst               // copies in the whole swarm (an oracle, for comparison)
	RandomPiece                     // uniform among the pieces the neighbour can give
	Sequential                      // lowest index first
)

// Arrivals configures when peers join a torrent.
type Arrivals struct {
	Process        Process
	PerHour        float64    // Poisson
	Peers          int        // FlashCrowd
	Within         sim.Time   // FlashCrowd: spread; 0 = all at t=0
	InitialPerHour float64    // Decaying
	HalfLife       sim.Time   // Decaying
	Trace          []sim.Time // Trace: sorted arrival times
	Until          sim.Time   // no arrivals at or after this
}

// Protocol holds the BitTorrent settings of [torrent.protocol].
type Protocol struct {
	UnchokeSlots       int // regular slots + 1 optimistic
	RechokeInterval    sim.Time
	OptimisticInterval sim.Time
	SnubTimeout        sim.Time
	Picker             Picker
	RandomFirstPieces  int
	Endgame            bool
	Numwant            int
	MaxConnections     int // at most 255: availability counts are bytes
	AnnounceInterval   sim.Time
}

// Torrent configures one swarm.
type Torrent struct {
	Name         string
	FileSize     int64 // bytes
	PieceSize    int64 // bytes; the last piece holds the remainder
	InitialSeeds int   // present from t=0 for the whole run
	SeedUpload   float64
	Arrivals     Arrivals
	Upload       sim.Dist // bytes/s; 0 is a free rider
	Download     sim.Dist // bytes/s, positive
	AbortPerHour float64  // leecher give-up rate θ
	Seeding      Seeding
	Protocol     Protocol
}

// Config is everything the swarm model needs from a scenario.
type Config struct {
	Seed        uint64
	Duration    sim.Time
	SampleEvery sim.Time
	Torrents    []Torrent
	// Shards is how many logical processes share the torrents (torrent i
	// runs on shard i mod Shards); 0 means one per torrent.
	Shards int
	// Aggregate, when set (a catalogue), reports only the totals over all
	// torrents under swarm.<Aggregate>.*, not each torrent's.
	Aggregate string
}

// maxConnectionsLimit bounds max_connections: per-peer availability counts
// are bytes, which keeps a peer under 2 KiB at 256 pieces.
const maxConnectionsLimit = 255

// MaxPieces bounds a file's pieces (the scenario loader's bound too): a
// flow keeps its piece in 29 bits, and every peer a bitfield and counts.
const MaxPieces = 1 << 20

// pieceCount returns the number of pieces of t.
func (t *Torrent) pieceCount() int { return int((t.FileSize + t.PieceSize - 1) / t.PieceSize) }

// validate checks what the loader cannot know: the limits of this model.
func (t *Torrent) validate() error {
	p := t.Protocol
	switch {
	case t.FileSize <= 0 || t.PieceSize <= 0:
		return fmt.Errorf("torrent %q: file and piece sizes must be positive", t.Name)
	case p.UnchokeSlots < 1:
		return fmt.Errorf("torrent %q: unchoke_slots %d must be at least 1", t.Name, p.UnchokeSlots)
	case p.Numwant < 1:
		return fmt.Errorf("torrent %q: numwant %d must be at least 1", t.Name, p.Numwant)
	case p.MaxConnections < 1 || p.MaxConnections > maxConnectionsLimit:
		return fmt.Errorf("torrent %q: max_connections %d must be in [1, %d]", t.Name, p.MaxConnections, maxConnectionsLimit)
	case p.RechokeInterval <= 0 || p.OptimisticInterval <= 0 || p.SnubTimeout <= 0 || p.AnnounceInterval <= 0:
		return fmt.Errorf("torrent %q: protocol intervals must be positive", t.Name)
	case p.RechokeInterval > MaxRechokeInterval:
		return fmt.Errorf("torrent %q: rechoke_interval must be at most %v s", t.Name, MaxRechokeInterval.Seconds())
	case p.SnubTimeout > MaxSnubTimeout:
		return fmt.Errorf("torrent %q: snub_timeout must be at most %v s", t.Name, MaxSnubTimeout.Seconds())
	case t.pieceCount() > MaxPieces:
		return fmt.Errorf("torrent %q: %d pieces, more than %d", t.Name, t.pieceCount(), MaxPieces)
	case p.RandomFirstPieces > t.pieceCount():
		return fmt.Errorf("torrent %q: random_first_pieces %d is more than the %d pieces", t.Name, p.RandomFirstPieces, t.pieceCount())
	case t.SeedUpload <= 0 && t.InitialSeeds > 0:
		return fmt.Errorf("torrent %q: seed_upload must be positive", t.Name)
	case t.Download.Kind() == sim.Constant && t.Download.Mean() <= 0:
		return fmt.Errorf("torrent %q: download capacity must be positive", t.Name)
	case t.Seeding == nil:
		return fmt.Errorf("torrent %q: no seeding behaviour", t.Name)
	}
	for i := 1; i < len(t.Arrivals.Trace); i++ {
		if t.Arrivals.Trace[i] < t.Arrivals.Trace[i-1] {
			return fmt.Errorf("torrent %q: trace arrival %d is before arrival %d", t.Name, i+1, i)
		}
	}
	return nil
}
