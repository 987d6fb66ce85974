package analysis

import (
	"encoding/xml"
	"math"
	"math/rand/v2"
	"testing"
)

// REFERENCES.md §11: t(0.975, n−1) for n = 2…30, to three decimals. The
// half-width of StatOf's interval divided by s/√n is that t.
var tTable = map[int]float64{
	2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306,
	10: 2.262, 11: 2.228, 12: 2.201, 13: 2.179, 14: 2.160, 15: 2.145, 16: 2.131,
	17: 2.120, 18: 2.110, 19: 2.101, 20: 2.093, 21: 2.086, 22: 2.080, 23: 2.074,
	24: 2.069, 25: 2.064, 26: 2.060, 27: 2.056, 28: 2.052, 29: 2.048, 30: 2.045,
}

func TestStudentTTable(t *testing.T) {
	for n := 2; n <= 30; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(i * i % 7) // any sample with spread
		}
		s := StatOf("x", xs)
		got := (s.CI95[1] - s.Mean) / (s.SD / math.Sqrt(float64(n)))
		if math.Abs(got-tTable[n]) > 0.0005 {
			t.Errorf("n=%d: t = %.4f, want %.3f", n, got, tTable[n])
		}
	}
	// The worked example: 10 replications, s = 11.23 → ±8.03.
	if half := tTable[10] * 11.23 / math.Sqrt(10); math.Abs(half-8.03) > 0.005 {
		t.Errorf("example half-width %.3f, want 8.03", half)
	}
}

// REFERENCES.md §11: over 1000 batches of n normal draws, 95% ± 1.5% of
// the intervals cover the true mean. The synthetic "model" is a normal
// distribution with a known mean; batches are seeded, so the test is
// reproducible, and it fails if the interval uses z instead of t (about
// 92% coverage at n = 5) or forgets √n.
func TestCICoverage(t *testing.T) {
	const batches, mean, sd = 1000, 42.0, 3.0
	for _, n := range []int{3, 5, 10, 30} {
		rng := rand.New(rand.NewPCG(uint64(n), 2026))
		covered := 0
		for range batches {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = mean + sd*rng.NormFloat64()
			}
			s := StatOf("x", xs)
			if s.CI95[0] <= mean && mean <= s.CI95[1] {
				covered++
			}
		}
		share := float64(covered) / batches
		if math.Abs(share-0.95) > 0.015 {
			t.Errorf("n=%d: %.1f%% of 95%% intervals cover the mean, want 95 ± 1.5%%", n, 100*share)
		}
	}
}

func TestCompareIdenticalVariantsDifferByZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var runs [][]Metric
	for range 5 {
		runs = append(runs, []Metric{{"a", rng.Float64()}, {"b", 1e9 * rng.NormFloat64()}})
	}
	c, err := Compare([]string{"x", "y"}, [][][]Metric{runs, runs})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Metrics {
		d := m.Diff[1]
		if d.Mean != 0 || d.SD != 0 || d.CI95 != [2]float64{0, 0} || d.N != 5 {
			t.Errorf("%s: identical variants differ: %+v", m.Name, d)
		}
	}
	other := [][]Metric{{{"a", 2}}, {{"a", 3}}, {{"a", 4}}, {{"a", 5}}, {{"a", 6}}}
	c, _ = Compare([]string{"x", "z"}, [][][]Metric{runs, other})
	if c.Metrics[0].Diff[1].Mean == 0 || c.Metrics[1].Stats[1].N != 0 {
		t.Errorf("different variants: %+v", c.Metrics)
	}
	if _, err := c.Encode(); err != nil {
		t.Fatal(err)
	}
}

func TestEvaluateAndRegressions(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	values := map[string]float64{"a": 1, "b": 10, "c": math.NaN()}
	cs := Evaluate([]Expectation{
		{Metric: "a", Max: f(2)},                       // pass
		{Metric: "a", Min: f(1.5)},                     // fail
		{Metric: "b", Equals: f(10.5), Tolerance: 0.5}, // pass: at the edge
		{Metric: "b", Equals: f(11), Tolerance: 0.5},   // fail
		{Metric: "c", Min: f(0)},                       // fail: no value
	}, values)
	want := []bool{true, false, true, false, false}
	for i, c := range cs {
		if c.Pass != want[i] {
			t.Errorf("%s (value %v, bound %s): pass %v, want %v", c.Name, c.Value, c.Bound, c.Pass, want[i])
		}
	}
	rs := Regressions([]Metric{{"a", 1.04}, {"b", 9}, {"gone", 1}, {"c", math.NaN()}}, values, 0.05)
	want = []bool{true, false, false, true}
	for i, c := range rs {
		if c.Pass != want[i] {
			t.Errorf("%s: pass %v, want %v (%s)", c.Name, c.Pass, want[i], c.Why)
		}
	}
	x, err := EncodeJUnit("demo", append(cs, rs...))
	if err != nil {
		t.Fatal(err)
	}
	var suite struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Failure *struct{} `xml:"failure"`
		} `xml:"testcase"`
	}
	if err := xml.Unmarshal(x, &suite); err != nil {
		t.Fatalf("junit does not parse: %v\n%s", err, x)
	}
	if suite.Tests != 9 || suite.Failures != 5 || len(suite.Cases) != 9 {
		t.Errorf("junit: %d tests, %d failures, %d cases; want 9, 5, 9", suite.Tests, suite.Failures, len(suite.Cases))
	}
}

func TestDecodeSummaryRoundTrip(t *testing.T) {
	ms := []Metric{{"a", 1.5}, {"b", math.NaN()}}
	data, err := EncodeSummary(ms, Meta{Scenario: "s", SHA256: "ab", Seed: 3, Version: "v"})
	if err != nil {
		t.Fatal(err)
	}
	got, meta, err := DecodeSummary(data)
	if err != nil || meta.SHA256 != "ab" || len(got) != 2 || got[0].Value != 1.5 || !math.IsNaN(got[1].Value) {
		t.Errorf("DecodeSummary = %v, %+v, %v", got, meta, err)
	}
	if _, _, err := DecodeSummary([]byte(`{"a": "x", "scenario_sha256": "y"}`)); err == nil {
		t.Error("a string metric was accepted")
	}
}

func TestBands(t *testing.T) {
	reps := []map[string][]Point{
		{"s": {{0, 1}, {10, 2}}},
		{"s": {{0, 3}, {10, math.NaN()}}, "only": {{5, 7}}},
		{"s": {{0, 5}}},
	}
	b := Bands(reps)
	s := b["s"]
	if len(s) != 2 || s[0].Mean != 3 || s[0].N != 3 || s[1].Mean != 2 || s[1].N != 1 || !math.IsNaN(s[1].Lo) {
		t.Errorf("band of s = %+v", s)
	}
	// Mean 3, sd 2, n 3: half-width t(0.975,2)·2/√3 = 4.303·1.1547.
	if half := s[0].Hi - 3; math.Abs(half-4.302653*2/math.Sqrt(3)) > 1e-5 {
		t.Errorf("half-width %v", half)
	}
	if o := b["only"]; len(o) != 1 || o[0].Mean != 7 {
		t.Errorf("band of only = %+v", o)
	}
}

func TestBetter(t *testing.T) {
	for name, want := range map[string]Direction{
		"swarm.patch.download_time_s.p50":    -1,
		"swarm.all.paid.download_time_s.p50": -1,
		"swarm.patch.completed":              +1,
		"swarm.patch.availability.min_mean":  +1,
		"storage.objects_lost":               -1,
		"storage.retrieval.success_rate":     +1,
		"storage.retrieval.latency_s.p99":    -1,
		"token.supply.end":                   0,
		"token.conservation_error":           -1,
		"swarm.patch.dead_at_s":              0,
		"chain.nakamoto_coefficient":         +1,
		"market.earnings.seeders.mean":       +1,
	} {
		if got := Better(name); got != want {
			t.Errorf("Better(%s) = %d, want %d", name, got, want)
		}
	}
}

// REFERENCES.md §11: under common random numbers the paired interval of
// a difference is far narrower than the intervals of the two policies.
// Here both policies see the same per-replication noise (sd 10) and B
// adds 2 ± 0.5: the paired interval is about 2 ± 0.4, while each
// policy's own is about ± 7.
func TestPairedIntervalIsNarrowerUnderCRN(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var a, b [][]Metric
	for range 10 {
		shared := 10 * rng.NormFloat64()
		a = append(a, []Metric{{"m", 800 + shared}})
		b = append(b, []Metric{{"m", 802 + shared + 0.5*rng.NormFloat64()}})
	}
	d, err := Paired(a, b)
	if err != nil {
		t.Fatal(err)
	}
	pairedHalf := d[0].CI95[1] - d[0].Mean
	ownHalf := Replications(a)[0].CI95[1] - Replications(a)[0].Mean
	if !(d[0].CI95[0] > 0) || pairedHalf > ownHalf/5 {
		t.Errorf("paired difference %v ± %v (own intervals ± %v): want it to exclude zero and be far narrower", d[0].Mean, pairedHalf, ownHalf)
	}
}
