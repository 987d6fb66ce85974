package analysis

import (
	"maps"
	"math"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// BandPoint is a time series' value at time T summarised over
// replications: the mean, its 95% Student-t interval [Lo, Hi] (NaN with
// fewer than two values) and N, the replications with a value at T.
type BandPoint struct {
	T            sim.Time
	Mean, Lo, Hi float64
	N            int
}

// Bands summarises time series over replications: reps[k] holds
// replication k's samples of each series. At every time at which any
// replication has a sample, the replications with a value there (not
// NaN) give the mean and interval, in replication order, so the result
// does not depend on how the replications were scheduled.
func Bands(reps []map[string][]Point) map[string][]BandPoint {
	names := map[string]bool{}
	for _, r := range reps {
		for name := range r {
			names[name] = true
		}
	}
	out := make(map[string][]BandPoint, len(names))
	for _, name := range slices.Sorted(maps.Keys(names)) {
		byTime := map[sim.Time][]float64{}
		for _, r := range reps {
			for _, p := range r[name] {
				if !math.IsNaN(p.V) {
					byTime[p.T] = append(byTime[p.T], p.V)
				}
			}
		}
		var band []BandPoint
		for _, t := range slices.Sorted(maps.Keys(byTime)) {
			s := StatOf(name, byTime[t])
			band = append(band, BandPoint{T: t, Mean: s.Mean, Lo: s.CI95[0], Hi: s.CI95[1], N: s.N})
		}
		out[name] = band
	}
	return out
}
