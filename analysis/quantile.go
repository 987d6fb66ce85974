package analysis

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Quantiles summarises one distribution. With no observations N is 0 and
// every value is NaN, which summary.json writes as null.
type Quantiles struct {
	N    int
	Mean float64
	P50  float64
	P90  float64
	P99  float64
	Max  float64
}

// QuantilesOf summarises xs, which it sorts in place. Quantiles use
// gonum's stat.Empirical estimator: the p-quantile is the smallest
// observation x with at least a share p of the observations <= x, so
// every reported quantile is an observed value. The mean is summed in
// sorted order, which makes it independent of the order of observations.
func QuantilesOf(xs []float64) Quantiles {
	if len(xs) == 0 {
		nan := math.NaN()
		return Quantiles{Mean: nan, P50: nan, P90: nan, P99: nan, Max: nan}
	}
	slices.Sort(xs)
	q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, xs, nil) }
	return Quantiles{
		N:    len(xs),
		Mean: stat.Mean(xs, nil),
		P50:  q(0.5),
		P90:  q(0.9),
		P99:  q(0.99),
		Max:  xs[len(xs)-1],
	}
}

// Quantiles summarises the distribution name (see QuantilesOf).
func (r *Recorder) Quantiles(name string) Quantiles {
	r.mu.Lock()
	defer r.mu.Unlock()
	return QuantilesOf(r.sortedObs(name)) // already sorted: no copy needed
}

// MetricQuantiles sets the metrics prefix.mean, prefix.p50, prefix.p90,
// prefix.p99 and prefix.max from the distribution dist, the naming
// SCENARIO.md uses (e.g. swarm.NAME.download_time_s.p50). A distribution
// with no observations gives null metrics, so the names always exist.
func (r *Recorder) MetricQuantiles(dist, prefix string) {
	q := r.Quantiles(dist)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.setMetric(prefix+".mean", q.Mean)
	r.setMetric(prefix+".p50", q.P50)
	r.setMetric(prefix+".p90", q.P90)
	r.setMetric(prefix+".p99", q.P99)
	r.setMetric(prefix+".max", q.Max)
}
