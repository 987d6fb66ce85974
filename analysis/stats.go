package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Stat summarises one metric over independent replications.
//
// CI95 is the two-sided 95% Student-t interval of the mean,
// mean ± t(0.975, N-1)·SD/√N, which assumes the replications are
// independent and their mean roughly normal. With N < 2 there is no
// spread, so SD and CI95 are NaN (null in stats.json). Replications in
// which the metric is NaN (no value) are left out of N.
type Stat struct {
	Name string
	Mean float64
	SD   float64
	CI95 [2]float64
	N    int
}

// Replications summarises each metric over runs, one []Metric per
// replication in replication order (the order fixes the float sums).
// The result is sorted by name; a metric missing from some runs is
// summarised over those that have it.
func Replications(runs [][]Metric) []Stat {
	values := map[string][]float64{}
	for _, run := range runs {
		for _, m := range run {
			if _, ok := values[m.Name]; !ok {
				values[m.Name] = nil
			}
			if !math.IsNaN(m.Value) {
				values[m.Name] = append(values[m.Name], m.Value)
			}
		}
	}
	out := make([]Stat, 0, len(values))
	for _, name := range slices.Sorted(maps.Keys(values)) {
		out = append(out, StatOf(name, values[name]))
	}
	return out
}

// Paired summarises, metric by metric, the differences b[i] - a[i] of
// two policies run with common random numbers: replication i of a and of
// b share a seed, so their difference cancels the noise they share and
// its interval is narrower than the difference of two intervals. A
// metric counts in replication i only when both runs have a value.
func Paired(a, b [][]Metric) ([]Stat, error) {
	if len(a) != len(b) {
		return nil, fmt.Errorf("paired comparison: %d replications against %d (they must pair up)", len(a), len(b))
	}
	diffs := make([][]Metric, len(a))
	for i := range a {
		av := map[string]float64{}
		for _, m := range a[i] {
			av[m.Name] = m.Value
		}
		for _, m := range b[i] {
			if x, ok := av[m.Name]; ok {
				diffs[i] = append(diffs[i], Metric{Name: m.Name, Value: m.Value - x})
			}
		}
	}
	return Replications(diffs), nil
}

// StatOf summarises the values xs (no NaN) of one metric, in order.
func StatOf(name string, xs []float64) Stat {
	nan := math.NaN()
	s := Stat{Name: name, Mean: nan, SD: nan, CI95: [2]float64{nan, nan}, N: len(xs)}
	switch len(xs) {
	case 0:
		return s
	case 1:
		s.Mean = xs[0]
		return s
	}
	s.Mean, s.SD = stat.MeanStdDev(xs, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.975)
	half := t * s.SD / math.Sqrt(float64(len(xs)))
	s.CI95 = [2]float64{s.Mean - half, s.Mean + half}
	return s
}

// MeanMetrics returns each Stat's mean as a Metric: summary.json of a
// replicated run holds the means under the metrics' own names.
func MeanMetrics(stats []Stat) []Metric {
	out := make([]Metric, len(stats))
	for i, s := range stats {
		out[i] = Metric{Name: s.Name, Value: s.Mean}
	}
	return out
}

// EncodeStats returns stats.json: {"NAME": {"mean", "sd", "ci95": [lo,
// hi], "n"}} with keys sorted, NaN as null, two-space indent and a
// trailing newline, byte-stable like summary.json.
func EncodeStats(stats []Stat) ([]byte, error) {
	type entry struct {
		Mean *float64    `json:"mean"`
		SD   *float64    `json:"sd"`
		CI95 [2]*float64 `json:"ci95"`
		N    int         `json:"n"`
	}
	obj := make(map[string]entry, len(stats))
	for _, s := range stats {
		obj[s.Name] = entry{Mean: orNull(s.Mean), SD: orNull(s.SD),
			CI95: [2]*float64{orNull(s.CI95[0]), orNull(s.CI95[1])}, N: s.N}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(obj); err != nil {
		return nil, fmt.Errorf("stats.json: %w", err)
	}
	return buf.Bytes(), nil
}

// orNull maps NaN and ±Inf, which JSON cannot hold, to null.
func orNull(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
