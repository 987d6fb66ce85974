package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// maxLinePoints bounds the points drawn per series: beyond it, samples are
// thinned to each bucket's extremes, which keeps peaks visible and the
// SVG small (a year sampled every minute is half a million points).
const maxLinePoints = 4000

// timeUnit picks the x unit of a Lines figure: days for runs longer than
// three days, hours otherwise.
func timeUnit(span sim.Time) (sim.Time, string) {
	if span > 3*sim.Day {
		return sim.Day, "days"
	}
	return sim.Hour, "hours"
}

// linesPlot draws the time series of fig against simulated time. span is
// the run's length; the x axis always covers [0, span]. fig.XLabel, if
// set, names the axis and the unit is appended to it.
func linesPlot(fig sim.Figure, rec *analysis.Recorder, span sim.Time) (*plot.Plot, []string, error) {
	var notes []string
	var curves []curve
	if span <= 0 {
		span = lastSampleTime(fig.Series, rec)
	}
	unit, unitName := timeUnit(span)
	for _, name := range fig.Series {
		pts := rec.Samples(name)
		if len(pts) == 0 {
			notes = append(notes, fmt.Sprintf("series %q has no samples", name))
			continue
		}
		c := curve{name: name}
		var seg plotter.XYs
		dropped := 0
		for _, p := range pts {
			x := float64(p.T) / float64(unit)
			// NaN means "no value": it breaks the line instead of
			// drawing a fake zero or bridging the gap.
			if math.IsNaN(p.V) || math.IsInf(p.V, 0) || (fig.LogY && p.V <= 0) {
				if !math.IsNaN(p.V) {
					dropped++
				}
				c.add(seg)
				seg = nil
				continue
			}
			seg = append(seg, plotter.XY{X: x, Y: p.V})
		}
		c.add(seg)
		if dropped > 0 {
			notes = append(notes, fmt.Sprintf("series %q: %d samples not drawn (infinite, or not positive on a log axis)", name, dropped))
		}
		if len(c.segments) > 0 {
			curves = append(curves, c)
		}
	}
	if len(curves) == 0 {
		return nil, notes, fmt.Errorf("%w (%s)", errNothingToDraw, strings.Join(fig.Series, ", "))
	}
	xLabel := "simulated time"
	if fig.XLabel != "" {
		xLabel = fig.XLabel
	}
	p := newPlot(fig.Title, xLabel+" ("+unitName+")", fig.YLabel)
	if fig.LogY {
		logAxis(&p.Y)
	}
	if err := addCurves(p, curves, plotter.NoStep); err != nil {
		return nil, notes, err
	}
	p.X.Min, p.X.Max = 0, float64(span)/float64(unit)
	frameY(&p.Y)
	placeLegend(p, curves, true)
	return p, notes, nil
}

// lastSampleTime is the x extent when the run's length is unknown.
func lastSampleTime(series []string, rec *analysis.Recorder) sim.Time {
	var last sim.Time
	for _, name := range series {
		if pts := rec.Samples(name); len(pts) > 0 {
			last = max(last, pts[len(pts)-1].T)
		}
	}
	return last
}

// thin reduces xys to about maxPoints points by keeping, for each bucket
// of consecutive points, its lowest and highest point in x order.
func thin(xys plotter.XYs, maxPoints int) plotter.XYs {
	if len(xys) <= maxPoints {
		return xys
	}
	buckets := maxPoints / 2
	size := (len(xys) + buckets - 1) / buckets
	out := make(plotter.XYs, 0, 2*buckets)
	for start := 0; start < len(xys); start += size {
		b := xys[start:min(start+size, len(xys))]
		lo, hi := 0, 0
		for i, p := range b {
			if p.Y < b[lo].Y {
				lo = i
			}
			if p.Y > b[hi].Y {
				hi = i
			}
		}
		out = append(out, b[min(lo, hi)])
		if lo != hi {
			out = append(out, b[max(lo, hi)])
		}
	}
	return out
}
