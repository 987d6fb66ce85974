package analysis

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// call is one recorder call, so that one data set can be replayed in many
// orders.
type call struct {
	kind string // sample | observe | metric
	name string
	t    sim.Time
	v    float64
}

func (c call) apply(r *Recorder) {
	switch c.kind {
	case "sample":
		r.Sample(c.name, c.t, c.v)
	case "observe":
		r.Observe(c.name, c.v)
	case "metric":
		r.Metric(c.name, c.v)
	}
}

// syntheticCalls returns a data set with ragged series (not every series
// at every time), repeated identical samples, a conflicting metric and
// values that are not exactly representable in decimal.
func syntheticCalls() []call {
	rng := rand.New(rand.NewPCG(7, 11))
	var calls []call
	for i := range 200 {
		t := sim.Time(i) * 30 * sim.Minute
		calls = append(calls, call{"sample", "b.load", t, rng.Float64()})
		if i%3 == 0 {
			calls = append(calls, call{"sample", "a.count", t, float64(i)})
			calls = append(calls, call{"sample", "a.count", t, float64(i)}) // same value: no warning
		}
		calls = append(calls, call{"observe", "wait_s", 0, rng.ExpFloat64() * 100})
	}
	calls = append(calls,
		call{"metric", "x.ratio", 0, 1.0 / 3},
		call{"metric", "x.none", 0, math.NaN()},
		call{"metric", "x.clash", 0, 2},
		call{"metric", "x.clash", 0, 5},
		call{"metric", "x.clash", 0, math.NaN()},
	)
	return calls
}

// outputs renders everything order could leak into.
func outputs(t *testing.T, r *Recorder) string {
	t.Helper()
	r.MetricQuantiles("wait_s", "wait_s")
	sum, err := EncodeSummary(r.Metrics(), Meta{Scenario: "s", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return string(sum) + string(r.EncodeTimeseries()) + strings.Join(r.Warnings(), "\n")
}

func TestRecorderIsOrderIndependent(t *testing.T) {
	calls := syntheticCalls()
	ref := NewRecorder()
	for _, c := range calls {
		c.apply(ref)
	}
	want := outputs(t, ref)

	reversed := NewRecorder()
	for _, c := range slices.Backward(calls) {
		c.apply(reversed)
	}
	if got := outputs(t, reversed); got != want {
		t.Errorf("reversed order changed the output:\n%s\nwant:\n%s", got, want)
	}

	for seed := range uint64(5) {
		shuffled := slices.Clone(calls)
		rand.New(rand.NewPCG(seed, 1)).Shuffle(len(shuffled), func(i, j int) {
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		})
		parallel := NewRecorder()
		var wg sync.WaitGroup
		const workers = 8
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(shuffled); i += workers {
					shuffled[i].apply(parallel)
				}
			})
		}
		wg.Wait()
		if got := outputs(t, parallel); got != want {
			t.Errorf("shuffle seed %d on %d goroutines changed the output", seed, workers)
		}
	}
}

func TestConflictsResolveToLargestWithWarning(t *testing.T) {
	r := NewRecorder()
	r.Metric("m", 3)
	r.Metric("m", math.NaN())
	r.Metric("m", 1)
	r.Sample("s", sim.Second, 4)
	r.Sample("s", sim.Second, 9)
	r.Sample("s", sim.Second, math.NaN())
	if v, _ := r.Value("m"); v != 3 {
		t.Errorf("metric m = %v, want the largest, 3", v)
	}
	if ps := r.Samples("s"); len(ps) != 1 || ps[0].V != 9 {
		t.Errorf("samples of s = %v, want one point with the largest, 9", ps)
	}
	w := r.Warnings()
	if len(w) != 2 || !strings.Contains(w[0], `"m"`) || !strings.Contains(w[1], `"s"`) {
		t.Errorf("warnings = %q, want one for metric m and one for series s", w)
	}
}

func TestFigureKeepsFirstDeclaration(t *testing.T) {
	r := NewRecorder()
	r.Figure(sim.Figure{Name: "b", Title: "first"})
	r.Figure(sim.Figure{Name: "b", Title: "second"})
	r.Figure(sim.Figure{Name: "a", Title: "other"})
	figs := r.Figures()
	if len(figs) != 2 || figs[0].Name != "a" || figs[1].Title != "first" {
		t.Errorf("figures = %+v, want a then b titled first", figs)
	}
	if w := r.Warnings(); len(w) != 1 || !strings.Contains(w[0], `figure "b"`) {
		t.Errorf("warnings = %q, want one about figure b", w)
	}
}

func TestQuantilesMatchEmpiricalDefinition(t *testing.T) {
	// stat.Empirical: the p-quantile is the smallest x_(i) with i/n >= p.
	// For 1..10 in any order: p50 = 5, p90 = 9, p99 = 10, mean 5.5.
	xs := []float64{7, 3, 10, 1, 9, 2, 8, 4, 6, 5}
	q := QuantilesOf(slices.Clone(xs))
	want := Quantiles{N: 10, Mean: 5.5, P50: 5, P90: 9, P99: 10, Max: 10}
	if q != want {
		t.Errorf("QuantilesOf(1..10) = %+v, want %+v", q, want)
	}
	// 1..1000: p99 is the 990th value; p90 the 900th.
	r := NewRecorder()
	for i := 1000; i >= 1; i-- {
		r.Observe("d", float64(i))
	}
	q = r.Quantiles("d")
	if q.P90 != 900 || q.P99 != 990 || q.P50 != 500 || q.Mean != 500.5 || q.Max != 1000 {
		t.Errorf("Quantiles(1..1000) = %+v", q)
	}
	empty := r.Quantiles("missing")
	if empty.N != 0 || !math.IsNaN(empty.P50) || !math.IsNaN(empty.Mean) {
		t.Errorf("Quantiles of nothing = %+v, want N=0 and NaN", empty)
	}
}

func TestNaNAndInfAreNull(t *testing.T) {
	r := NewRecorder()
	r.MetricQuantiles("never", "d")
	r.Metric("inf", math.Inf(1))
	b, err := EncodeSummary(r.Metrics(), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"d.p50", "d.mean", "inf"} {
		if !bytes.Contains(b, []byte(`"`+key+`": null`)) {
			t.Errorf("summary lacks %q: null:\n%s", key, b)
		}
	}
}

func TestReservedKeyIsAnError(t *testing.T) {
	_, err := EncodeSummary([]Metric{{Name: "seed", Value: 1}}, Meta{})
	if err == nil || !strings.Contains(err.Error(), `"seed"`) {
		t.Errorf("err = %v, want one naming the metric seed", err)
	}
}

func TestFormatSeconds(t *testing.T) {
	for _, c := range []struct {
		t    sim.Time
		want string
	}{
		{0, "0"}, {sim.Microsecond, "0.000001"}, {sim.Second / 2, "0.5"},
		{sim.Hour, "3600"}, {sim.Hour + 250*sim.Millisecond, "3600.25"},
		{-1500 * sim.Millisecond, "-1.5"},
	} {
		if got := FormatSeconds(c.t); got != c.want {
			t.Errorf("FormatSeconds(%d) = %q, want %q", c.t, got, c.want)
		}
	}
}
