package analysis

import (
	"fmt"
	"maps"
	"slices"

	"github.com/swarmecon/swarmecon/sim"
)

// Series returns the names of all time series, sorted.
func (r *Recorder) Series() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.samples))
}

// Samples returns the samples of series name sorted by time, one per
// time, or nil if there are none.
func (r *Recorder) Samples(name string) []Point {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sortedSamples(name))
}

// sortedSamples sorts and de-duplicates the stored series in place, which
// is idempotent, and returns it. The caller holds r.mu.
func (r *Recorder) sortedSamples(name string) []Point {
	ps, ok := r.samples[name]
	if !ok {
		return nil
	}
	ps, dups := sortPoints(ps)
	r.samples[name] = ps
	r.sampDup[name] += dups
	return ps
}

// Distributions returns the names of all observed distributions, sorted.
func (r *Recorder) Distributions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.obs))
}

// Observations returns a sorted copy of the observations of name.
func (r *Recorder) Observations(name string) []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sortedObs(name))
}

func (r *Recorder) sortedObs(name string) []float64 {
	xs := r.obs[name]
	slices.Sort(xs) // NaN never stored, so the order is total
	return xs
}

// Metrics returns every metric sorted by name.
func (r *Recorder) Metrics() []Metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Metric, 0, len(r.metrics))
	for _, name := range slices.Sorted(maps.Keys(r.metrics)) {
		out = append(out, Metric{Name: name, Value: r.metrics[name]})
	}
	return out
}

// Value returns metric name and whether it was set.
func (r *Recorder) Value(name string) (float64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.metrics[name]
	return v, ok
}

// Figures returns the declared figures sorted by name, so the report's
// order never depends on which shard declared first.
func (r *Recorder) Figures() []sim.Figure {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]sim.Figure, 0, len(r.figures))
	for _, name := range slices.Sorted(maps.Keys(r.figures)) {
		f := r.figures[name]
		f.Series = slices.Clone(f.Series)
		out = append(out, f)
	}
	return out
}

// Warnings returns, sorted, what the recorder had to resolve or ignore:
// conflicting metric values, conflicting samples at one time, figures
// declared twice differently and rejected calls. A correct model causes
// none; the report lists them so that a model bug is seen, not hidden.
func (r *Recorder) Warnings() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for name, n := range r.clashes {
		out = append(out, fmt.Sprintf("metric %q was set to %d different values; the largest was kept", name, n+1))
	}
	for name := range r.samples {
		r.sortedSamples(name)
	}
	for name, dups := range r.sampDup {
		if dups > 0 {
			out = append(out, fmt.Sprintf("series %q had %d samples at an already sampled time with a different value; the largest was kept", name, dups))
		}
	}
	for name := range r.figDup {
		out = append(out, fmt.Sprintf("figure %q was declared twice with different content; the first declaration was kept", name))
	}
	for msg := range r.bad {
		out = append(out, msg)
	}
	slices.Sort(out)
	return out
}
