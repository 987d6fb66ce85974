package scenarios

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/swarmecon/swarmecon/sim"
)

// distParams lists the keys of each distribution's inline table.
var distParams = map[string][]string{
	"constant":    {"value"},
	"exponential": {"mean"},
	"lognormal":   {"median", "sigma"},
	"uniform":     {"min", "max"},
	"classes":     {"values", "weights"},
}

// dist reads a plain value (a constant) or an inline table
// { dist = "...", ... } whose values are in f.unit.
func (d *decoder) dist(p string, v any, f field) (sim.Dist, bool) {
	m, isTable := v.(map[string]any)
	if !isTable {
		x, ok := d.unitValue(p, v, f.unit)
		if !ok {
			return sim.Dist{}, false
		}
		return d.distRange(p, v, sim.ConstantDist(x), f)
	}
	kind, ok := m["dist"].(string)
	if _, given := m["dist"]; !given {
		d.errorf(p+".dist", "one of "+strings.Join(sim.DistKinds(), ", "), "is required")
		return sim.Dist{}, false
	}
	names, known := distParams[kind]
	if !ok || !known {
		d.errorf(p+".dist", "known: "+strings.Join(sim.DistKinds(), ", "), "unknown distribution %s", describe(m["dist"]))
		return sim.Dist{}, false
	}
	good := true
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != "dist" && !slices.Contains(names, k) {
			d.errorf(p+"."+k, fmt.Sprintf("a %s distribution takes %s", kind, strings.Join(names, ", ")), "unknown key")
			good = false
		}
	}
	for _, k := range names {
		if _, given := m[k]; !given {
			d.errorf(p+"."+k, fmt.Sprintf("a %s distribution takes %s", kind, strings.Join(names, ", ")), "is required")
			good = false
		}
	}
	if !good {
		return sim.Dist{}, false
	}
	var out sim.Dist
	switch kind {
	case "constant", "exponential":
		x, ok := d.unitValue(p+"."+names[0], m[names[0]], f.unit)
		if !ok {
			return sim.Dist{}, false
		}
		if kind == "exponential" && x <= 0 {
			d.errorf(p+".mean", "more than 0", "%s is not positive", describe(m["mean"]))
			return sim.Dist{}, false
		}
		out = sim.ConstantDist(x)
		if kind == "exponential" {
			out = sim.ExponentialDist(x)
		}
	case "lognormal":
		median, ok1 := d.unitValue(p+".median", m["median"], f.unit)
		sigma, ok2 := d.unitValue(p+".sigma", m["sigma"], "number")
		switch {
		case !ok1 || !ok2:
			return sim.Dist{}, false
		case median <= 0:
			d.errorf(p+".median", "more than 0", "%s is not positive", describe(m["median"]))
			return sim.Dist{}, false
		case sigma < 0:
			d.errorf(p+".sigma", "at least 0", "%s is negative", describe(m["sigma"]))
			return sim.Dist{}, false
		}
		out = sim.LognormalDist(median, sigma)
	case "uniform":
		lo, ok1 := d.unitValue(p+".min", m["min"], f.unit)
		hi, ok2 := d.unitValue(p+".max", m["max"], f.unit)
		if !ok1 || !ok2 {
			return sim.Dist{}, false
		}
		if lo > hi {
			d.errorf(p+".min", "min at most max", "min %s is greater than max %s", describe(m["min"]), describe(m["max"]))
			return sim.Dist{}, false
		}
		out = sim.UniformDist(lo, hi)
	case "classes":
		var ok bool
		if out, ok = d.classes(p, m, f); !ok {
			return sim.Dist{}, false
		}
	}
	if err := out.Validate(); err != nil {
		d.errorf(p, "a valid "+kind+" distribution", "%v", err)
		return sim.Dist{}, false
	}
	return d.distRange(p, v, out, f)
}

// classes reads { dist = "classes", values = [...], weights = [...] }.
func (d *decoder) classes(p string, m map[string]any, f field) (sim.Dist, bool) {
	const allowed = "one weight per value, each at least 0, summing to 1"
	rawValues, ok1 := m["values"].([]any)
	rawWeights, ok2 := m["weights"].([]any)
	if !ok1 || !ok2 {
		d.errorf(p, "values and weights as arrays", "values and weights must be arrays")
		return sim.Dist{}, false
	}
	if len(rawValues) == 0 || len(rawValues) != len(rawWeights) {
		d.errorf(p+".weights", allowed, "%d weights for %d values", len(rawWeights), len(rawValues))
		return sim.Dist{}, false
	}
	values := make([]float64, len(rawValues))
	weights := make([]float64, len(rawWeights))
	sum := 0.0
	for i := range rawValues {
		var ok bool
		if values[i], ok = d.unitValue(p+".values", rawValues[i], f.unit); !ok {
			return sim.Dist{}, false
		}
		w, ok := number(rawWeights[i])
		if !ok || w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			d.errorf(p+".weights", allowed, "weight %s is not a probability", describe(rawWeights[i]))
			return sim.Dist{}, false
		}
		weights[i] = w
		sum += w
	}
	if math.Abs(sum-1) > 1e-9 {
		d.errorf(p+".weights", allowed, "weights sum to %s", formatNumber(sum))
		return sim.Dist{}, false
	}
	return sim.ClassesDist(values, weights), true
}

// unitValue reads one parameter in the distribution's unit.
func (d *decoder) unitValue(p string, v any, unit string) (float64, bool) {
	if unit != "number" {
		return d.quantity(p, v, unit)
	}
	x, ok := number(v)
	if !ok {
		d.wrongType(p, v, "a number")
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.errorf(p, "a finite number", "%s is not finite", describe(v))
		return 0, false
	}
	return x, true
}

// distRange checks that every value the distribution can yield is within
// f's bounds. Exponential and lognormal only approach 0, so an open bound
// at 0 admits them; they have no upper bound.
func (d *decoder) distRange(p string, v any, dist sim.Dist, f field) (sim.Dist, bool) {
	if !f.hasRange {
		return dist, true
	}
	lo, hi := dist.Min(), dist.Max()
	reachesLo := dist.Kind() != sim.Exponential && dist.Kind() != sim.Lognormal
	what := "a " + dist.Kind().String() + " distribution"
	if dist.Kind() == sim.Constant {
		if m, ok := v.(map[string]any); ok {
			v = m["value"]
		}
		if !f.rng.contains(lo) {
			d.errorf(p, f.rng.String(), "%s is out of range", describe(v))
			return sim.Dist{}, false
		}
		return dist, true
	}
	switch {
	case lo < f.rng.lo || lo == f.rng.lo && f.rng.loOpen && reachesLo:
		d.errorf(p, f.rng.String(), "%s goes as low as %s", what, formatNumber(lo))
	case math.IsInf(hi, 1) && !math.IsInf(f.rng.hi, 1):
		d.errorf(p, f.rng.String(), "%s has no upper bound", what)
	case !math.IsInf(f.rng.hi, 1) && (hi > f.rng.hi || hi == f.rng.hi && f.rng.hiOpen):
		d.errorf(p, f.rng.String(), "%s goes as high as %s", what, formatNumber(hi))
	default:
		return dist, true
	}
	return sim.Dist{}, false
}
