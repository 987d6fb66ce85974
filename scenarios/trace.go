package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/sim"
)

// traceAllowed says what an arrivals trace may hold.
const traceAllowed = "one arrival time in seconds a line, non-negative and sorted; blank lines and # comments are skipped"

// ParseTrace reads an arrivals trace: one arrival time in seconds a line
// (the first comma-separated field; a first line that is not a number is
// taken for a header). Errors point at the trace file's line and name key,
// the scenario key that names the file.
func ParseTrace(file, key string, data []byte) ([]sim.Time, error) {
	var out []sim.Time
	var errs Errors
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &Error{File: file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...), Allowed: traceAllowed})
	}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		field, _, _ := strings.Cut(line, ",")
		field = strings.TrimSpace(field)
		v, err := strconv.ParseFloat(field, 64)
		switch {
		case err != nil && i == 0 && len(out) == 0:
			continue // a header
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			fail(i+1, "%q is not a number of seconds", field)
		case v < 0:
			fail(i+1, "%s is negative", field)
		case v*float64(sim.Second) >= math.MaxInt64/2:
			fail(i+1, "%s is too large", field)
		default:
			at := sim.Time(math.Round(v * float64(sim.Second)))
			if n := len(out); n > 0 && at < out[n-1] {
				fail(i+1, "%s is before the previous arrival %s", field, strconv.FormatFloat(out[n-1].Seconds(), 'f', -1, 64))
			}
			out = append(out, at)
		}
		if len(errs) > 0 {
			return nil, errs // the first problem is enough: the rest may follow from it
		}
	}
	return out, nil
}

// checkTrace reads a torrent's trace file, which the loader found exists,
// and reports its first bad line.
func (d *decoder) checkTrace(s *Scenario, p string, a Arrivals) {
	if a.Process != "trace" || a.Path == "" {
		return
	}
	data, err := s.ReadData(a.Path)
	if err != nil {
		d.errorf(p+".path", "a readable file", "cannot read %q: %v", a.Path, errText(err))
		return
	}
	times, err := ParseTrace(a.Path, p+".path", data)
	switch {
	case err != nil:
		d.errs = append(d.errs, err.(Errors)...)
	case len(times) == 0:
		d.errorf(p+".path", traceAllowed, "the file holds no arrival time")
	case a.Until > 0 && times[0] >= a.Until:
		d.errorf(p+".path", "an arrival before until "+formatDuration(a.Until),
			"its first arrival, at %s, is not before until", formatDuration(times[0]))
	case s.Duration > 0 && times[0] >= s.Duration:
		d.errorf(p+".path", "an arrival before duration "+formatDuration(s.Duration),
			"its first arrival, at %s, is not before the run ends", formatDuration(times[0]))
	}
}
