package token

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/sim"
)

// PathPrice is a price read from a CSV path, stepwise: the price at t is
// the usd of the last row whose time is at or before t (the first row's
// before it). Rows are `time, usd` with time in seconds from the start,
// strictly increasing; blank lines, lines starting with '#' and a first
// line `time,usd` are skipped.
type PathPrice struct {
	times  []sim.Time
	prices []float64
	next   int // index of the first row after the last At
}

var _ Price = (*PathPrice)(nil)

// CSVError is a bad line of a price CSV: Line is 1-based.
type CSVError struct {
	Line    int
	Msg     string
	Allowed string
}

func (e *CSVError) Error() string {
	return fmt.Sprintf("line %d: %s (%s)", e.Line, e.Msg, e.Allowed)
}

const csvAllowed = "time in seconds, price in USD: two numbers a line, times increasing, prices finite and >= 0"

// ParsePriceCSV reads a price path, naming the first bad line.
func ParsePriceCSV(data []byte) (*PathPrice, error) {
	p := &PathPrice{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' || (len(p.times) == 0 && strings.EqualFold(strings.ReplaceAll(line, " ", ""), "time,usd")) {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != 2 {
			return nil, &CSVError{n, fmt.Sprintf("%q has %d fields", line, len(fields)), csvAllowed}
		}
		secs, err1 := strconv.ParseFloat(strings.TrimSpace(fields[0]), 64)
		usd, err2 := strconv.ParseFloat(strings.TrimSpace(fields[1]), 64)
		switch {
		case err1 != nil || math.IsNaN(secs) || math.IsInf(secs, 0) || secs < 0:
			return nil, &CSVError{n, fmt.Sprintf("time %q is not a number of seconds >= 0", strings.TrimSpace(fields[0])), csvAllowed}
		case err2 != nil || math.IsNaN(usd) || math.IsInf(usd, 0) || usd < 0:
			return nil, &CSVError{n, fmt.Sprintf("price %q is not a finite number >= 0", strings.TrimSpace(fields[1])), csvAllowed}
		}
		t := sim.Time(math.Round(secs * float64(sim.Second)))
		if len(p.times) > 0 && t <= p.times[len(p.times)-1] {
			return nil, &CSVError{n, fmt.Sprintf("time %v is not after the previous row's %v", t, p.times[len(p.times)-1]), csvAllowed}
		}
		p.times = append(p.times, t)
		p.prices = append(p.prices, usd)
	}
	if len(p.times) == 0 {
		return nil, &CSVError{1, "the file has no rows", csvAllowed}
	}
	return p, nil
}

// At returns the price in force at t; calls come with t non-decreasing.
func (p *PathPrice) At(t sim.Time) float64 {
	for p.next < len(p.times) && p.times[p.next] <= t {
		p.next++
	}
	if p.next == 0 {
		return p.prices[0]
	}
	return p.prices[p.next-1]
}
