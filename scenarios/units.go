package scenarios

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/sim"
)

// Values with units are a decimal number, an optional space and a unit:
// "250ms", "1.5h", "16KiB", "8Mbit/s". Decimals are allowed as long as the
// result is a whole number of microseconds (durations) or bytes (sizes);
// rates may be fractional. Exponents are short ("1e3h") so that no input
// can ask for a huge number.
var quantityPattern = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?) ?([A-Za-zµ/]+)$`)

var durationUnits = map[string]int64{
	"us": 1, "µs": 1, "ms": int64(sim.Millisecond), "s": int64(sim.Second),
	"m": int64(sim.Minute), "h": int64(sim.Hour), "d": int64(sim.Day), "y": int64(sim.Year),
}

var sizeUnits = map[string]int64{
	"B": 1, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15,
	"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40, "PiB": 1 << 50,
}

// bitUnits are rates in bits per second, converted to bytes per second.
var bitUnits = map[string]float64{
	"bit": 1, "kbit": 1e3, "Kbit": 1e3, "Mbit": 1e6, "Gbit": 1e9, "Tbit": 1e12,
}

const (
	allowedDuration = `a string such as "250ms", "10s", "30m", "1.5h", "7d", "1y"; units us, ms, s, m, h, d, y = 365 d`
	allowedSize     = `a string such as "16KiB", "1MiB", "90GB"; units B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB`
	allowedRate     = `a string such as "1MiB/s", "8Mbit/s"; a size unit or bit, kbit, Mbit, Gbit, Tbit, then /s`
)

// splitQuantity returns the exact number and the unit of s.
func splitQuantity(s string) (*big.Rat, string, bool) {
	m := quantityPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, "", false
	}
	r, ok := new(big.Rat).SetString(m[1])
	return r, m[2], ok
}

// exactInt returns r × factor as an int64 when it is a whole number that fits.
func exactInt(r *big.Rat, factor int64) (int64, string) {
	v := new(big.Rat).Mul(r, new(big.Rat).SetInt64(factor))
	if !v.IsInt() {
		return 0, "is not a whole number of"
	}
	if !v.Num().IsInt64() {
		return 0, "is too large"
	}
	return v.Num().Int64(), ""
}

func parseDuration(s string) (sim.Time, string) {
	r, unit, ok := splitQuantity(s)
	factor, known := durationUnits[unit]
	if !ok || !known {
		return 0, "is not a duration"
	}
	v, problem := exactInt(r, factor)
	if problem == "is not a whole number of" {
		problem += " microseconds"
	}
	return sim.Time(v), problem
}

func parseSize(s string) (int64, string) {
	r, unit, ok := splitQuantity(s)
	factor, known := sizeUnits[unit]
	if !ok || !known {
		return 0, "is not a size"
	}
	v, problem := exactInt(r, factor)
	if problem == "is not a whole number of" {
		problem += " bytes"
	}
	return v, problem
}

func parseRate(s string) (float64, string) {
	r, unit, ok := splitQuantity(s)
	per, isRate := strings.CutSuffix(unit, "/s")
	if !ok || !isRate {
		return 0, "is not a rate"
	}
	f, _ := r.Float64()
	if factor, ok := sizeUnits[per]; ok {
		return f * float64(factor), ""
	}
	if factor, ok := bitUnits[per]; ok {
		return f * factor / 8, ""
	}
	return 0, "is not a rate"
}

// formatDuration writes t in the largest unit that divides it exactly.
func formatDuration(t sim.Time) string {
	if t == 0 {
		return "0s"
	}
	for _, u := range []string{"y", "d", "h", "m", "s", "ms"} {
		if f := sim.Time(durationUnits[u]); t%f == 0 && t != 0 {
			return strconv.FormatInt(int64(t/f), 10) + u
		}
	}
	return strconv.FormatInt(int64(t), 10) + "us"
}

// formatSize writes n bytes in the largest SI or IEC unit that divides it.
func formatSize(n int64) string {
	// Largest factor first.
	for _, u := range []string{"PiB", "PB", "TiB", "TB", "GiB", "GB", "MiB", "MB", "KiB", "kB"} {
		if f := sizeUnits[u]; n != 0 && n%f == 0 {
			return strconv.FormatInt(n/f, 10) + u
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// formatRate writes r bytes/s exactly, as a size per second.
func formatRate(r float64) string {
	if r == math.Trunc(r) && math.Abs(r) < 1<<62 {
		return formatSize(int64(r)) + "/s"
	}
	return strconv.FormatFloat(r, 'g', -1, 64) + "B/s"
}

// formatNumber writes f so that TOML reads it back as the same float.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 0):
		return strings.Replace(strconv.FormatFloat(f, 'g', -1, 64), "Inf", "inf", 1)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case map[string]any:
		return "a table"
	case []map[string]any, []any:
		return "an array"
	}
	return fmt.Sprint(v)
}
