package analysis

import (
	"math"
	"strings"
	"testing"
)

// Reference: Student's t quantile t(0.975, 4) = 2.776445 (any t table,
// e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2). For 1..5 the mean is 3 and
// the sample SD is sqrt(2.5), so the half-width is
// 2.776445 * sqrt(2.5) / sqrt(5) = 1.963243.
func TestStatOfAgainstTTable(t *testing.T) {
	const tol = 1e-6
	s := StatOf("x", []float64{4, 2, 5, 1, 3})
	if s.N != 5 || s.Mean != 3 || math.Abs(s.SD-math.Sqrt(2.5)) > tol {
		t.Errorf("StatOf(1..5) = %+v, want n 5, mean 3, sd sqrt(2.5)", s)
	}
	if math.Abs(s.CI95[0]-(3-1.963243)) > tol || math.Abs(s.CI95[1]-(3+1.963243)) > tol {
		t.Errorf("ci95 = %v, want 3 ± 1.963243", s.CI95)
	}
	one := StatOf("x", []float64{7})
	if one.Mean != 7 || !math.IsNaN(one.SD) || !math.IsNaN(one.CI95[0]) {
		t.Errorf("StatOf of one value = %+v, want mean 7 and no spread", one)
	}
}

func TestReplicationsAndPaired(t *testing.T) {
	a := [][]Metric{{{"m", 1}, {"gone", math.NaN()}}, {{"m", 2}}, {{"m", 3}}}
	b := [][]Metric{{{"m", 2}}, {{"m", 4}}, {{"m", 6}, {"only_b", 1}}}
	st := Replications(a)
	if len(st) != 2 || st[0].Name != "gone" || st[0].N != 0 || st[1].Mean != 2 || st[1].N != 3 {
		t.Errorf("Replications = %+v", st)
	}
	d, err := Paired(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// Differences 1, 2, 3: mean 2, sd 1; "gone" has no pair with a value
	// in b and only_b none in a.
	if len(d) != 1 || d[0].Name != "m" || d[0].Mean != 2 || d[0].SD != 1 {
		t.Errorf("Paired = %+v, want m: mean 2, sd 1", d)
	}
	if _, err := Paired(a, b[:2]); err == nil {
		t.Error("Paired accepted 3 replications against 2")
	}
	js, err := EncodeStats(st)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "gone": {
    "mean": null,
    "sd": null,
    "ci95": [
      null,
      null
    ],
    "n": 0
  },`
	if !strings.HasPrefix(string(js), want) || !strings.HasSuffix(string(js), "}\n") {
		t.Errorf("stats.json:\n%s\nwant it to start with:\n%s", js, want)
	}
}
