package analysis

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strconv"

	"github.com/swarmecon/swarmecon/sim"
)

// EncodeTimeseries returns timeseries.csv in wide form: a time_s column,
// then one column per series sorted by name; one row per distinct sample
// time, ascending. A cell is empty when its series has no sample at that
// time or the sample is NaN. Times are exact decimal seconds (from integer
// microseconds) and values use strconv's shortest round-trip form, so the
// bytes depend only on the data. Lines end in "\n".
func (r *Recorder) EncodeTimeseries() []byte {
	names := r.Series()
	cols := make([][]Point, len(names))
	var times []sim.Time
	for i, name := range names {
		cols[i] = r.Samples(name)
		for _, p := range cols[i] {
			times = append(times, p.T)
		}
	}
	slices.Sort(times)
	times = slices.Compact(times)

	var buf bytes.Buffer
	w := csv.NewWriter(&buf) // quotes series names with commas or quotes
	row := make([]string, 1+len(names))
	row[0] = "time_s"
	copy(row[1:], names)
	w.Write(row)
	next := make([]int, len(names)) // per column, index of its next sample
	for _, t := range times {
		row[0] = FormatSeconds(t)
		for i, col := range cols {
			row[1+i] = ""
			if j := next[i]; j < len(col) && col[j].T == t {
				row[1+i] = FormatFloat(col[j].V)
				next[i]++
			}
		}
		w.Write(row)
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// FormatSeconds prints t as exact decimal seconds: 0, 0.5, 3600,
// 0.000001. Unlike t.Seconds() it never rounds.
func FormatSeconds(t sim.Time) string {
	neg := t < 0
	u := uint64(t)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u/uint64(sim.Second), 10)
	if frac := u % uint64(sim.Second); frac != 0 {
		f := strconv.FormatUint(frac+uint64(sim.Second), 10)[1:] // zero-padded to 6 digits
		s += "." + string(bytes.TrimRight([]byte(f), "0"))
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FormatFloat prints v in the shortest form that reads back as v; NaN is
// the empty string, infinities are +Inf and -Inf.
func FormatFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
