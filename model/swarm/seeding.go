package swarm

import (
	"math"

	"github.com/swarmecon/swarmecon/sim"
)

// Forever is a seeding time that never ends.
const Forever sim.Time = sim.Never

// SeedView is what a seeding behaviour sees of a seed.
type SeedView struct {
	Torrent  string   // the torrent's name
	Peer     uint32   // the peer's slot in its shard
	Now      sim.Time // the time of the decision
	Since    sim.Time // when the peer completed its download
	Uploaded float64  // bytes the peer has uploaded since it joined
}

// Seeding decides when a peer that completed its download leaves. The
// market's economic behaviour implements it with the seed's earnings; the
// ones here need nothing but time.
type Seeding interface {
	// Stay returns how long a peer that just completed seeds before
	// Reconsider is asked (0: leave at once; Forever: never ask).
	Stay(v SeedView, rng *sim.Stream) sim.Time
	// Reconsider returns 0 to leave now, or how much longer to stay.
	Reconsider(v SeedView, rng *sim.Stream) sim.Time
}

// SeedForever keeps every seed to the end of the run.
type SeedForever struct{}

// SeedNone makes peers leave as soon as they complete.
type SeedNone struct{}

// SeedAltruistic keeps a seed for a time drawn from Time (microseconds).
type SeedAltruistic struct{ Time sim.Dist }

var (
	_ Seeding = SeedForever{}
	_ Seeding = SeedNone{}
	_ Seeding = SeedAltruistic{}
)

func (SeedForever) Stay(SeedView, *sim.Stream) sim.Time       { return Forever }
func (SeedForever) Reconsider(SeedView, *sim.Stream) sim.Time { return Forever }
func (SeedNone) Stay(SeedView, *sim.Stream) sim.Time          { return 0 }
func (SeedNone) Reconsider(SeedView, *sim.Stream) sim.Time    { return 0 }

// Stay draws the seeding time.
func (a SeedAltruistic) Stay(_ SeedView, rng *sim.Stream) sim.Time {
	v := a.Time.Sample(rng)
	if !(v > 0) {
		return 0
	}
	if v >= float64(math.MaxInt64/2) {
		return Forever
	}
	return sim.Time(math.Ceil(v))
}

// Reconsider leaves: the drawn time was the whole stay.
func (SeedAltruistic) Reconsider(SeedView, *sim.Stream) sim.Time { return 0 }
