package main

import (
	"fmt"
	"math/big"
	"strings"
)

// gridAxis is one key of a grid and the values it takes, as --set text.
type gridAxis struct {
	key    string
	values []string
}

// gridFlags is the repeatable --grid (sweep) or --vary (compare) flag:
// key=v1,v2,.. or key=from:to:step (numbers, both ends included).
type gridFlags struct {
	flag string // "grid" or "vary", for messages
	axes []gridAxis
}

func (g *gridFlags) String() string { return fmt.Sprint(g.axes) }

func (g *gridFlags) Set(s string) error {
	key, list, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return fmt.Errorf("%q is not key=v1,v2,.. or key=from:to:step", s)
	}
	for _, a := range g.axes {
		if a.key == key {
			return fmt.Errorf("%s is given twice (give all its values in one --%s)", key, g.flag)
		}
	}
	values, err := axisValues(list)
	if err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	if a, b, ok := repeatedValue(values); ok {
		return fmt.Errorf("%s: %s and %s are the same value: two variants would run the same scenario (give each value once)", key, a, b)
	}
	g.axes = append(g.axes, gridAxis{key: key, values: values})
	return nil
}

// repeatedValue finds two values that are the same, as text or as
// numbers (0.2 and 0.20): they would run one scenario twice.
func repeatedValue(values []string) (a, b string, ok bool) {
	for i, x := range values {
		for _, y := range values[:i] {
			if x == y {
				return y, x, true
			}
			rx, okx := new(big.Rat).SetString(x)
			ry, oky := new(big.Rat).SetString(y)
			if okx && oky && rx.Cmp(ry) == 0 {
				return y, x, true
			}
		}
	}
	return "", "", false
}

// maxAxisValues bounds a from:to:step range, which a typo in step would
// otherwise turn into millions of runs.
const maxAxisValues = 10_000

// axisValues parses v1,v2,.. (commas inside brackets, braces or quotes
// do not split, so distributions and arrays are values) or from:to:step.
func axisValues(list string) ([]string, error) {
	if parts := strings.Split(list, ":"); len(parts) == 3 {
		var r [3]*big.Rat
		numeric := true
		for i, p := range parts {
			r[i], numeric = new(big.Rat).SetString(strings.TrimSpace(p))
			if !numeric {
				break
			}
		}
		if numeric {
			return rangeValues(r[0], r[1], r[2])
		}
	}
	values := splitTop(list)
	for _, v := range values {
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("%q has an empty value (want v1,v2,.. or from:to:step)", list)
		}
	}
	return values, nil
}

// rangeValues lists from, from+step, .. up to to, exactly (no float
// drift: 0.1 steps give 0.3, not 0.30000000000000004).
func rangeValues(from, to, step *big.Rat) ([]string, error) {
	if step.Sign() <= 0 || from.Cmp(to) > 0 {
		return nil, fmt.Errorf("from:to:step needs from <= to and a positive step, got %s:%s:%s",
			from.RatString(), to.RatString(), step.RatString())
	}
	var out []string
	for x := new(big.Rat).Set(from); x.Cmp(to) <= 0; x.Add(x, step) {
		if len(out) == maxAxisValues {
			return nil, fmt.Errorf("from:to:step gives more than %d values", maxAxisValues)
		}
		out = append(out, decimal(x))
	}
	return out, nil
}

// decimal prints x as an exact decimal when it has one, else to 12 digits.
func decimal(x *big.Rat) string {
	if x.IsInt() {
		return x.RatString()
	}
	s := x.FloatString(12)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// splitTop splits s at commas outside brackets, braces and quotes.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote rune
	for i, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// cells lists every combination of the axes' values, the first axis
// varying slowest, as one value per axis.
func (g *gridFlags) cells() [][]string {
	out := [][]string{{}}
	for _, a := range g.axes {
		var next [][]string
		for _, c := range out {
			for _, v := range a.values {
				next = append(next, append(c[:len(c):len(c)], v))
			}
		}
		out = next
	}
	return out
}
