package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/swarmecon/swarmecon/sim"
)

// Recorder collects what models observe during a run. It implements
// sim.Recorder, is safe for concurrent use, and its accessors return data
// sorted so that no result depends on the order of the calls.
//
// The zero value is not ready; use NewRecorder.
type Recorder struct {
	mu      sync.Mutex
	samples map[string][]Point    // unsorted until read
	obs     map[string][]float64  // unsorted until read
	metrics map[string]float64    // resolved by maxWins on conflict
	clashes map[string]int        // metric name -> conflicting sets
	sampDup map[string]int        // series -> conflicting samples merged
	figures map[string]sim.Figure // first declaration kept
	figDup  map[string]bool       // figure declared again, differently
	bad     map[string]bool       // rejected calls, as warning text
}

var _ sim.Recorder = (*Recorder)(nil)

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{
		samples: make(map[string][]Point),
		obs:     make(map[string][]float64),
		metrics: make(map[string]float64),
		clashes: make(map[string]int),
		sampDup: make(map[string]int),
		figures: make(map[string]sim.Figure),
		figDup:  make(map[string]bool),
		bad:     make(map[string]bool),
	}
}

// Point is one sample of a time series.
type Point struct {
	T sim.Time
	V float64
}

// Metric is one named summary value; NaN means "no value".
type Metric struct {
	Name  string
	Value float64
}

// Sample records value v of the time series name at time t. Two samples
// of one series at the same time keep the larger value (see maxWins).
func (r *Recorder) Sample(name string, t sim.Time, v float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "" {
		r.bad["a time-series sample without a name was ignored"] = true
		return
	}
	r.samples[name] = append(r.samples[name], Point{T: t, V: v})
}

// Observe adds observation v to the distribution name. NaN observations
// are dropped with a warning: a distribution has no "missing" value.
func (r *Recorder) Observe(name string, v float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case name == "":
		r.bad["an observation without a distribution name was ignored"] = true
		return
	case math.IsNaN(v):
		r.bad[fmt.Sprintf("NaN observations of %q were ignored", name)] = true
		return
	}
	r.obs[name] = append(r.obs[name], v)
}

// Metric sets the summary metric name. Setting a metric again to the same
// value is harmless; setting it to a different value keeps the larger one
// and adds a warning, because "the last call wins" would depend on
// goroutine timing.
func (r *Recorder) Metric(name string, v float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.setMetric(name, v)
}

func (r *Recorder) setMetric(name string, v float64) {
	if name == "" {
		r.bad["a metric without a name was ignored"] = true
		return
	}
	old, ok := r.metrics[name]
	if !ok {
		r.metrics[name] = v
		return
	}
	if sameFloat(old, v) {
		return
	}
	r.clashes[name]++
	r.metrics[name] = maxWins(old, v)
}

// Figure declares a figure of the report. The first declaration of a name
// is kept; a later, different one is reported as a warning. Declare
// figures while setting a model up, before shards run in parallel, so
// that "first" is well defined.
func (r *Recorder) Figure(f sim.Figure) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.figures[f.Name]
	if !ok {
		f.Series = slices.Clone(f.Series)
		r.figures[f.Name] = f
		return
	}
	if !sameFigure(old, f) {
		r.figDup[f.Name] = true
	}
}

// maxWins resolves two values given for one key in an order-independent
// way: the larger wins and NaN (no value) loses to any number.
func maxWins(a, b float64) float64 {
	switch {
	case math.IsNaN(a):
		return b
	case math.IsNaN(b):
		return a
	}
	return math.Max(a, b)
}

// sameFloat reports whether a and b are the same value, NaN included.
func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

func sameFigure(a, b sim.Figure) bool {
	return a.Name == b.Name && a.Title == b.Title && a.Caption == b.Caption &&
		a.Kind == b.Kind && slices.Equal(a.Series, b.Series) &&
		a.XLabel == b.XLabel && a.YLabel == b.YLabel &&
		a.LogX == b.LogX && a.LogY == b.LogY
}

// sortPoints orders points by time, then value, and keeps one point per
// time: the one maxWins picks. It reports how many duplicates it merged.
func sortPoints(ps []Point) ([]Point, int) {
	slices.SortFunc(ps, func(a, b Point) int {
		if c := cmp.Compare(a.T, b.T); c != 0 {
			return c
		}
		return cmp.Compare(a.V, b.V) // NaN sorts first, so the last is maxWins
	})
	out := ps[:0]
	dups := 0
	for i, p := range ps {
		if i+1 < len(ps) && ps[i+1].T == p.T {
			if !sameFloat(ps[i+1].V, p.V) {
				dups++
			}
			continue
		}
		out = append(out, p)
	}
	return out, dups
}
