package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Comparison holds variants of one scenario run under common random
// numbers: replication k of every variant used the same seed, so the
// difference between two variants in replication k is free of the noise
// they share (REFERENCES §11, paired intervals).
type Comparison struct {
	Variants []string           // variant names, the first is the reference
	Metrics  []MetricComparison // sorted by name
}

// MetricComparison is one metric across the variants of a Comparison.
type MetricComparison struct {
	Name string
	// Stats[i] summarises variant i over its replications.
	Stats []Stat
	// Diff[i] summarises the paired differences variant i − variant 0
	// replication by replication; Diff[0] is all zero by construction.
	Diff []Stat
}

// Compare summarises runs[i][k], the metrics of variant i in replication
// k, metric by metric. Every variant must have the same number of
// replications, paired by index. A metric produced by some variants only
// is kept: the others have N = 0 for it.
func Compare(names []string, runs [][][]Metric) (*Comparison, error) {
	if len(names) != len(runs) || len(names) == 0 {
		return nil, fmt.Errorf("comparison: %d names for %d variants", len(names), len(runs))
	}
	per := make([]map[string]Stat, len(runs))
	diffs := make([]map[string]Stat, len(runs))
	all := map[string]bool{}
	for i, r := range runs {
		per[i] = map[string]Stat{}
		for _, s := range Replications(r) {
			per[i][s.Name] = s
			all[s.Name] = true
		}
		d, err := Paired(runs[0], r)
		if err != nil {
			return nil, fmt.Errorf("variant %s: %w", names[i], err)
		}
		diffs[i] = map[string]Stat{}
		for _, s := range d {
			diffs[i][s.Name] = s
		}
	}
	c := &Comparison{Variants: slices.Clone(names)}
	for _, name := range slices.Sorted(maps.Keys(all)) {
		mc := MetricComparison{Name: name}
		for i := range runs {
			mc.Stats = append(mc.Stats, statOr(per[i], name))
			mc.Diff = append(mc.Diff, statOr(diffs[i], name))
		}
		c.Metrics = append(c.Metrics, mc)
	}
	return c, nil
}

// statOr returns m[name], or an empty Stat (N = 0, NaN values).
func statOr(m map[string]Stat, name string) Stat {
	if s, ok := m[name]; ok {
		return s
	}
	return StatOf(name, nil)
}

// Encode returns compare.json:
//
//	{"variants": ["A", "B"],
//	 "metrics": {"NAME": {
//	     "variants": [{"name", "mean", "sd", "ci95": [lo, hi], "n"}, ...],
//	     "diff":     [{"name", "mean", "sd", "ci95": [lo, hi], "n"}, ...]}}}
//
// diff[i] is variant i minus the first variant, paired by replication
// (diff[0] is zero). NaN is null; keys sorted; byte-stable.
func (c *Comparison) Encode() ([]byte, error) {
	type entry struct {
		Name string      `json:"name"`
		Mean *float64    `json:"mean"`
		SD   *float64    `json:"sd"`
		CI95 [2]*float64 `json:"ci95"`
		N    int         `json:"n"`
	}
	conv := func(names []string, ss []Stat) []entry {
		out := make([]entry, len(ss))
		for i, s := range ss {
			out[i] = entry{Name: names[i], Mean: orNull(s.Mean), SD: orNull(s.SD),
				CI95: [2]*float64{orNull(s.CI95[0]), orNull(s.CI95[1])}, N: s.N}
		}
		return out
	}
	type metric struct {
		Variants []entry `json:"variants"`
		Diff     []entry `json:"diff"`
	}
	obj := struct {
		Variants []string          `json:"variants"`
		Metrics  map[string]metric `json:"metrics"`
	}{Variants: c.Variants, Metrics: map[string]metric{}}
	for _, m := range c.Metrics {
		obj.Metrics[m.Name] = metric{Variants: conv(c.Variants, m.Stats), Diff: conv(c.Variants, m.Diff)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(obj); err != nil {
		return nil, fmt.Errorf("compare.json: %w", err)
	}
	return buf.Bytes(), nil
}

// Direction says which way a metric is better: +1 higher, -1 lower, 0
// neither (a level, such as a supply, that is not good or bad in itself).
type Direction int

// Better guesses, from the metric's name, which way it is better. The
// rules follow SCENARIO.md's names: times, losses, failures and errors
// are better low; completions, availability, success and earnings high.
// A swarm's dead_at_s has no direction: its mean covers only the
// replications in which the swarm died.
func Better(metric string) Direction {
	last := metric[strings.LastIndexByte(metric, '.')+1:]
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(metric, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("download_time", "aborted", "objects_lost", "objects_degraded", "challenge_failures",
		"breaches", "penalties", "contracts_cancelled", "conservation_error", "latency", "slashed"):
		return -1
	case has("completed", "availability", "success_rate", "upload_utilization", "earnings",
		"host_profit", "nakamoto_coefficient", "seeds.mean", "seed_time"):
		return +1
	case last == "bytes_downloaded" || last == "bytes_uploaded":
		return +1
	}
	return 0
}
