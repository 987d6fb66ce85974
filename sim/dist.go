package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names the shape of a Dist.
type DistKind uint8

// The shapes a Dist can take, as scenarios name them.
const (
	Constant DistKind = iota
	Exponential
	Lognormal
	Uniform
	Classes
)

var distKindNames = [...]string{"constant", "exponential", "lognormal", "uniform", "classes"}

// String returns the name scenarios use for k.
func (k DistKind) String() string {
	if int(k) < len(distKindNames) {
		return distKindNames[k]
	}
	return "DistKind(" + strconv.Itoa(int(k)) + ")"
}

// DistKinds lists every kind's name, in declaration order.
func DistKinds() []string { return append([]string(nil), distKindNames[:]...) }

// Dist is a distribution of one quantity, in whatever base unit its caller
// chose (microseconds for durations, bytes for sizes, plain numbers...); it
// knows no unit itself. It is a small value: copy it freely. The class
// slices are shared between copies and never modified.
//
// The zero Dist is the constant 0.
type Dist struct {
	kind DistKind
	a, b float64 // constant: value; exponential: mean; lognormal: median, sigma; uniform: min, max

	values     []float64 // classes
	weights    []float64 // classes, as given
	cumulative []float64 // classes: running sums of weights, for sampling
}

// ConstantDist always yields v.
func ConstantDist(v float64) Dist { return Dist{kind: Constant, a: v} }

// ExponentialDist has the given mean (rate 1/mean).
func ExponentialDist(mean float64) Dist { return Dist{kind: Exponential, a: mean} }

// LognormalDist has the given median e^mu and shape sigma: its logarithm
// is normal with mean ln(median) and standard deviation sigma.
func LognormalDist(median, sigma float64) Dist {
	return Dist{kind: Lognormal, a: median, b: sigma}
}

// UniformDist is uniform on [min, max].
func UniformDist(min, max float64) Dist { return Dist{kind: Uniform, a: min, b: max} }

// ClassesDist yields values[i] with probability weights[i]. The weights
// should sum to 1 (Validate checks); they are copied.
func ClassesDist(values, weights []float64) Dist {
	d := Dist{kind: Classes,
		values:  append([]float64(nil), values...),
		weights: append([]float64(nil), weights...),
	}
	sum := 0.0
	for _, w := range d.weights {
		sum += w
		d.cumulative = append(d.cumulative, sum)
	}
	return d
}

// Kind returns the shape of d.
func (d Dist) Kind() DistKind { return d.kind }

// DistParam is one named parameter of a Dist. Scaled parameters are in
// the caller's unit; the others (sigma) are pure numbers.
type DistParam struct {
	Name   string
	Value  float64
	Scaled bool
}

// Params returns d's scalar parameters under the names scenarios use, in
// their documented order; for classes it returns none (see ClassTable).
func (d Dist) Params() []DistParam {
	switch d.kind {
	case Constant:
		return []DistParam{{"value", d.a, true}}
	case Exponential:
		return []DistParam{{"mean", d.a, true}}
	case Lognormal:
		return []DistParam{{"median", d.a, true}, {"sigma", d.b, false}}
	case Uniform:
		return []DistParam{{"min", d.a, true}, {"max", d.b, true}}
	}
	return nil
}

// ClassTable returns copies of the values and weights of a classes Dist.
func (d Dist) ClassTable() (values, weights []float64) {
	return append([]float64(nil), d.values...), append([]float64(nil), d.weights...)
}

// Validate reports parameters that make d meaningless: non-finite values,
// a non-positive mean or median, a negative sigma, min above max, or
// class weights that are negative, mismatched or do not sum to 1 (within
// 1e-9).
func (d Dist) Validate() error {
	for _, v := range append([]float64{d.a, d.b}, d.values...) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("parameters must be finite numbers")
		}
	}
	switch d.kind {
	case Exponential:
		if d.a <= 0 {
			return fmt.Errorf("mean %g must be positive", d.a)
		}
	case Lognormal:
		if d.a <= 0 {
			return fmt.Errorf("median %g must be positive", d.a)
		}
		if d.b < 0 {
			return fmt.Errorf("sigma %g must not be negative", d.b)
		}
	case Uniform:
		if d.a > d.b {
			return fmt.Errorf("min %g is greater than max %g", d.a, d.b)
		}
	case Classes:
		if len(d.values) == 0 || len(d.values) != len(d.weights) {
			return fmt.Errorf("%d values but %d weights", len(d.values), len(d.weights))
		}
		sum := 0.0
		for _, w := range d.weights {
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				return fmt.Errorf("weight %g is not a probability", w)
			}
			sum += w
		}
		if math.Abs(sum-1) > 1e-9 {
			return fmt.Errorf("weights sum to %g, not 1", sum)
		}
	}
	return nil
}

// Sample draws one value from d using src. It consumes a fixed number of
// draws per kind (none for constant), so a stream's use stays predictable.
func (d Dist) Sample(src rand.Source) float64 {
	switch d.kind {
	case Exponential:
		return distuv.Exponential{Rate: 1 / d.a, Src: src}.Rand()
	case Lognormal:
		return distuv.LogNormal{Mu: math.Log(d.a), Sigma: d.b, Src: src}.Rand()
	case Uniform:
		return distuv.Uniform{Min: d.a, Max: d.b, Src: src}.Rand()
	case Classes:
		if len(d.cumulative) == 0 {
			return 0
		}
		u := rand.New(src).Float64() * d.cumulative[len(d.cumulative)-1]
		i := sort.Search(len(d.cumulative), func(i int) bool { return d.cumulative[i] > u })
		return d.values[min(i, len(d.values)-1)]
	}
	return d.a
}

// Mean returns the expected value:
//
//	lognormal: median × exp(sigma²/2); classes: Σ values[i] × weights[i].
func (d Dist) Mean() float64 {
	switch d.kind {
	case Lognormal:
		return distuv.LogNormal{Mu: math.Log(d.a), Sigma: d.b}.Mean()
	case Uniform:
		return (d.a + d.b) / 2
	case Classes:
		sum := 0.0
		for i, v := range d.values {
			sum += float64(v * d.weights[i])
		}
		return sum
	}
	return d.a // constant value, exponential mean
}

// Min returns the smallest value d can yield (0 for exponential and
// lognormal, which approach it).
func (d Dist) Min() float64 {
	switch d.kind {
	case Exponential, Lognormal:
		return 0
	case Classes:
		return d.classBound(-1)
	}
	return d.a
}

// Max returns the largest value d can yield: +Inf for exponential and
// lognormal.
func (d Dist) Max() float64 {
	switch d.kind {
	case Exponential, Lognormal:
		return math.Inf(1)
	case Uniform:
		return d.b
	case Classes:
		return d.classBound(1)
	}
	return d.a
}

// classBound returns the least (sign -1) or greatest (+1) value that has
// a positive weight.
func (d Dist) classBound(sign float64) float64 {
	best := math.NaN()
	for i, v := range d.values {
		if d.weights[i] > 0 && (math.IsNaN(best) || sign*v > sign*best) {
			best = v
		}
	}
	return best
}

// String prints d with its parameters in the caller's unit, e.g.
// "lognormal(median=500, sigma=1)".
func (d Dist) String() string {
	var b strings.Builder
	b.WriteString(d.kind.String())
	b.WriteByte('(')
	if d.kind == Classes {
		fmt.Fprintf(&b, "values=%v, weights=%v", d.values, d.weights)
	}
	for i, p := range d.Params() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name + "=" + strconv.FormatFloat(p.Value, 'g', -1, 64))
	}
	b.WriteByte(')')
	return b.String()
}
