package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDistMoments compares sample moments from a fixed seed with the
// closed forms (exponential: mean m, variance m²; lognormal: mean
// median·e^{σ²/2}, variance (e^{σ²}-1)·e^{σ²}·median²; uniform: mean
// (a+b)/2, variance (b-a)²/12). With n = 200 000 draws the standard error
// of each sample mean is under 0.5% of it, so a 2% tolerance fails only on
// a real error, never by chance at this seed.
func TestDistMoments(t *testing.T) {
	const n, tolerance = 200_000, 0.02
	for _, tc := range []struct {
		d        Dist
		mean     float64
		variance float64
	}{
		{ConstantDist(7), 7, 0},
		{ExponentialDist(3.6e9), 3.6e9, 3.6e9 * 3.6e9},
		{LognormalDist(500, 1), 500 * math.Exp(0.5), (math.E - 1) * math.E * 500 * 500},
		{LognormalDist(2, 0), 2, 0},
		{UniformDist(10, 30), 20, 400.0 / 12},
		{ClassesDist([]float64{1, 10, 100}, []float64{0.5, 0.3, 0.2}), 0.5 + 3 + 20,
			0.5*1 + 0.3*100 + 0.2*10000 - 23.5*23.5},
	} {
		src := rand.NewPCG(1, 2)
		sum, sumSq := 0.0, 0.0
		for range n {
			x := tc.d.Sample(src)
			if x < tc.d.Min() || x > tc.d.Max() {
				t.Fatalf("%v: sample %g outside [%g, %g]", tc.d, x, tc.d.Min(), tc.d.Max())
			}
			sum += x
			sumSq += x * x
		}
		mean := sum / n
		variance := sumSq/n - mean*mean
		if math.Abs(mean-tc.mean) > tolerance*tc.mean {
			t.Errorf("%v: sample mean %g, want %g", tc.d, mean, tc.mean)
		}
		if math.Abs(variance-tc.variance) > 3*tolerance*tc.variance+1e-9*tc.mean*tc.mean {
			t.Errorf("%v: sample variance %g, want %g", tc.d, variance, tc.variance)
		}
		if math.Abs(tc.d.Mean()-tc.mean) > 1e-12*tc.mean {
			t.Errorf("%v: Mean() = %g, want %g", tc.d, tc.d.Mean(), tc.mean)
		}
	}
}

func TestClassesFrequencies(t *testing.T) {
	d := ClassesDist([]float64{5, 6, 7}, []float64{0.25, 0, 0.75})
	src := rand.NewPCG(9, 9)
	counts := map[float64]int{}
	for range 100_000 {
		counts[d.Sample(src)]++
	}
	if counts[6] != 0 || math.Abs(float64(counts[5])/1e5-0.25) > 0.01 {
		t.Fatalf("class counts %v, want about 25%% fives and no sixes", counts)
	}
	if d.Min() != 5 || d.Max() != 7 {
		t.Fatalf("Min, Max = %g, %g; want 5, 7 (zero-weight classes excluded)", d.Min(), d.Max())
	}
}

func TestDistValidate(t *testing.T) {
	for _, tc := range []struct {
		d  Dist
		ok bool
	}{
		{ConstantDist(0), true},
		{ExponentialDist(0), false},
		{LognormalDist(1, -1), false},
		{LognormalDist(0, 1), false},
		{UniformDist(3, 2), false},
		{UniformDist(2, 2), true},
		{ClassesDist([]float64{1, 2}, []float64{0.5, 0.5}), true},
		{ClassesDist([]float64{1, 2}, []float64{0.5, 0.6}), false},
		{ClassesDist([]float64{1, 2}, []float64{1}), false},
		{ClassesDist(nil, nil), false},
		{ConstantDist(math.NaN()), false},
	} {
		if err := tc.d.Validate(); (err == nil) != tc.ok {
			t.Errorf("%v.Validate() = %v, want ok %v", tc.d, err, tc.ok)
		}
	}
}

func TestDistString(t *testing.T) {
	if got := LognormalDist(500, 1).String(); got != "lognormal(median=500, sigma=1)" {
		t.Fatalf("String() = %q", got)
	}
	var zero Dist
	if zero.Sample(rand.NewPCG(1, 1)) != 0 || zero.Mean() != 0 {
		t.Fatal("the zero Dist is not the constant 0")
	}
}
