package chain

import (
	"math"
	"testing"
)

// REFERENCES.md §10 (Srinivasan & Lee 2017; CometBFT thresholds): stakes
// 20,15,12,10,8,7,6,5,5,4,3,2,1,1,1 give NC = 2 at 1/3, 4 at 1/2, 6 at 2/3.
func TestNakamotoReferenceVector(t *testing.T) {
	stakes := []float64{1, 5, 20, 15, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1, 1}
	for _, c := range []struct {
		phi  float64
		want int
	}{{1.0 / 3, 2}, {0.5, 4}, {2.0 / 3, 6}} {
		if got := Nakamoto(stakes, c.phi); got != c.want {
			t.Errorf("NC at %.3f = %d, want %d", c.phi, got, c.want)
		}
	}
	if Nakamoto(nil, 1.0/3) != 0 || Nakamoto([]float64{7}, 1.0/3) != 1 {
		t.Errorf("empty or single-holder cases wrong")
	}
}

// Gini: [1,2,3,4,10] gives 0.40; the stake list 0.4347; equal holdings 0;
// one holder of everything (n−1)/n.
func TestGiniReferenceVectors(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{10, 1, 3, 2, 4}, 0.40},
		{[]float64{20, 15, 12, 10, 8, 7, 6, 5, 5, 4, 3, 2, 1, 1, 1}, 0.4347},
		{[]float64{5, 5, 5, 5}, 0},
		{[]float64{0, 0, 0, 9}, 0.75},
	} {
		t.Logf("Gini(%v) = %.5f, reference %.4f (tolerance 5e-5)", c.xs, Gini(c.xs), c.want)
		if got := Gini(c.xs); math.Abs(got-c.want) > 5e-5 {
			t.Errorf("Gini = %.5f, want %.4f", got, c.want)
		}
	}
}
