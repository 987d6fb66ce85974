package swarm

import (
	"math"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// torrent is one swarm's shared state: its tracker, the swarm-wide copy
// count of each piece, its random streams and its statistics.
type torrent struct {
	cfg        *Torrent
	pieces     int
	words      int     // uint64 words per bitfield
	lastPiece  float64 // bytes of the last piece
	tracker    []int32 // peer slots present, in no particular order
	global     []int32 // copies of each piece among present peers
	arrivalRng sim.Stream
	capRng     sim.Stream
	churnRng   sim.Stream
	traceNext  int
	decayCum   float64 // expected arrivals so far (decaying)
	serial     uint64  // peers created, for their stream ids
	tickEvery  sim.Time
	seed       uint64
	local      int // index in the shard's torrents

	full      bitset             // every piece, nothing requested: the bitfield all seeds share (see seedBits)
	freeBits  bufPool[bitset]    // 2·words each: have, then requested
	avail     []uint8            // the leechers' copy counts, pieces bytes a slot (see availOf)
	freeAvail freeList           // free slots of avail
	connCaps  []int              // capacity classes of connection lists (see connCaps)
	freeConns []bufPool[[]int32] // per class
	scratch   []int32

	seeds, leechers int // present now (seeds include the initial ones)
	st              stats
}

// stats accumulates one torrent's metrics.
type stats struct {
	arrived, completed, aborted int
	bytesUp, bytesDown          float64
	downloadTimes               []float32 // seconds: 4 bytes a completion, to 7 significant digits
	seedTimeSum                 float64   // seconds, of seeds that left
	seedTimeN                   int
	sojournSum                  float64 // seconds leechers stayed, of those that completed or aborted
	sojournN                    int
	events                      int64 // events handled for this torrent

	lastSeedLeft sim.Time // when the last seed that was a leecher left

	areaAt                sim.Time
	seedArea, leechArea   float64 // peer·seconds
	giveCap               float64 // capacity of peers with an interested neighbour, bytes/s
	giveArea              float64 // bytes they could have uploaded
	availAt               sim.Time
	availMin, availMedian float64
	minArea, medianArea   float64  // copies·seconds
	deadAt                sim.Time // -1 while a full copy exists

	lastUp, lastGive float64 // at the previous sample
	series           [seriesCount][]float64
}

// The time series each torrent records, one value per sample.
const (
	seriesSeeds = iota
	seriesLeechers
	seriesRarest
	seriesMedian
	seriesUp   // bytes uploaded since the previous sample
	seriesGive // bytes that could have been uploaded since then
	seriesCount
)

func newTorrent(cfg *Torrent, seed uint64, sampleEvery sim.Time) *torrent {
	n := cfg.pieceCount()
	t := &torrent{
		cfg:        cfg,
		pieces:     n,
		words:      (n + 63) / 64,
		lastPiece:  float64(cfg.FileSize - int64(n-1)*cfg.PieceSize),
		global:     make([]int32, n),
		arrivalRng: sim.NewStream(seed, "swarm/"+cfg.Name+"/arrivals", 0),
		capRng:     sim.NewStream(seed, "swarm/"+cfg.Name+"/capacity", 0),
		churnRng:   sim.NewStream(seed, "swarm/"+cfg.Name+"/churn", 0),
		seed:       seed,
		connCaps:   connCaps(cfg.Protocol.MaxConnections),
	}
	t.freeConns = make([]bufPool[[]int32], len(t.connCaps))
	t.full = make(bitset, 2*t.words)
	for i := 0; i < n; i++ {
		t.full.set(i)
	}
	// Availability statistics are time means; ten points per sample, and
	// never finer than a rechoke, keep them cheap on large catalogues.
	t.tickEvery = max(cfg.Protocol.RechokeInterval, sampleEvery/10)
	t.st.deadAt = -1
	return t
}

func (t *torrent) pieceBytes(i int) float64 {
	if i == t.pieces-1 {
		return t.lastPiece
	}
	return float64(t.cfg.PieceSize)
}

// settle brings the population and capacity integrals up to now.
func (t *torrent) settle(now sim.Time) {
	dt := (now - t.st.areaAt).Seconds()
	if dt > 0 {
		t.st.seedArea += float64(t.seeds) * dt
		t.st.leechArea += float64(t.leechers) * dt
		t.st.giveArea += t.st.giveCap * dt
	}
	t.st.areaAt = now
}

// nextArrival returns the time of the next arrival, given that every
// arrival up to now has joined, and false when there is none.
func (t *torrent) nextArrival(now sim.Time) (sim.Time, bool) {
	a := &t.cfg.Arrivals
	var at sim.Time
	switch a.Process {
	case Poisson:
		if a.PerHour <= 0 {
			return 0, false
		}
		at = now + sim.Time(math.Ceil(t.arrivalRng.Exp(sim.Hour.Seconds()/a.PerHour)*float64(sim.Second)))
	case FlashCrowd:
		k := t.st.arrived // peers already arrived, the current one included
		if k >= a.Peers {
			return 0, false
		}
		if a.Peers > 1 {
			at = sim.Time(float64(a.Within) * float64(k) / float64(a.Peers))
		}
	case Decaying:
		// Inversion of Λ(t) = λ0·τ·(1 − e^{−t/τ}) (Guo et al. 2005 §4):
		// the next arrival is where Λ grows by an Exp(1) draw.
		tau := a.HalfLife.Seconds() / math.Ln2
		total := a.InitialPerHour / sim.Hour.Seconds() * tau
		t.decayCum += t.arrivalRng.Exp(1)
		if total <= 0 || t.decayCum >= total {
			return 0, false
		}
		at = sim.Time(math.Ceil(-tau * math.Log(1-t.decayCum/total) * float64(sim.Second)))
	case Trace:
		if t.traceNext >= len(a.Trace) {
			return 0, false
		}
		at = a.Trace[t.traceNext]
		t.traceNext++
	}
	if at < now {
		at = now
	}
	if at >= a.Until {
		return 0, false
	}
	return at, true
}

// tick updates the availability statistics: the rarest and the median
// piece's copies among present peers.
func (t *torrent) tick(now sim.Time) {
	dt := (now - t.st.availAt).Seconds()
	t.st.minArea += t.st.availMin * dt
	t.st.medianArea += t.st.availMedian * dt
	t.st.availAt = now
	if len(t.tracker) == 0 {
		t.st.availMin, t.st.availMedian = 0, 0
		return
	}
	t.scratch = append(t.scratch[:0], t.global...)
	slices.Sort(t.scratch)
	t.st.availMin = float64(t.scratch[0])
	t.st.availMedian = float64(t.scratch[len(t.scratch)/2])
	if len(t.scratch)%2 == 0 {
		t.st.availMedian = (float64(t.scratch[len(t.scratch)/2-1]) + float64(t.scratch[len(t.scratch)/2])) / 2
	}
}

// sample appends one value to each time series.
func (t *torrent) sample(now sim.Time) {
	t.settle(now)
	t.tick(now)
	st := &t.st
	st.series[seriesSeeds] = append(st.series[seriesSeeds], float64(t.seeds))
	st.series[seriesLeechers] = append(st.series[seriesLeechers], float64(t.leechers))
	st.series[seriesRarest] = append(st.series[seriesRarest], st.availMin)
	st.series[seriesMedian] = append(st.series[seriesMedian], st.availMedian)
	st.series[seriesUp] = append(st.series[seriesUp], st.bytesUp-st.lastUp)
	st.series[seriesGive] = append(st.series[seriesGive], st.giveArea-st.lastGive)
	st.lastUp, st.lastGive = st.bytesUp, st.giveArea
}

// sample records every torrent's series at now.
func (s *Shard) sample(now sim.Time) {
	for _, t := range s.torrents {
		t.sample(now)
	}
	s.samples++
}
