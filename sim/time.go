package sim

import "strconv"

// Time is simulated time in integer microseconds since the start of a run.
// Integers keep event order exact and independent of float rounding.
type Time int64

// Units of simulated time. A year is 365 days, as scenario durations say.
const (
	Microsecond Time = 1
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
	Minute           = 60 * Second
	Hour             = 60 * Minute
	Day              = 24 * Hour
	Year             = 365 * Day
)

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return float64(t) / float64(Second) }

// String prints t in seconds, e.g. "12.5s".
func (t Time) String() string {
	return strconv.FormatFloat(t.Seconds(), 'f', -1, 64) + "s"
}
