package plots

import (
	"fmt"
	"image/color"
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
func linesPlot(fig sim.Figure, rec *analysis.Recorder, span sim.Time, bands map[string][]analysis.BandPoint) (*plot.Plot, []string, error) {
	var notes []string
	var curves []curve
	if span <= 0 {
		span = lastSampleTime(fig.Series, rec)
	}
	unit, unitName := timeUnit(span)
	var shades []*plotter.Polygon
	overlayStyles := curveStyles(fig.Series)
	for j, name := range fig.Series {
		pts := rec.Samples(name)
		if band, ok := bands[name]; ok {
			pts = make([]analysis.Point, len(band))
			for i, b := range band {
				pts[i] = analysis.Point{T: b.T, V: b.Mean}
			}
			// The band takes its curve's colour: by series in an
			// overlay of variants, else by position among the curves.
			c := seriesStyle(len(curves)).Color
			if strings.Contains(name, variantSep) {
				c = overlayStyles[j].Color
			}
			shades = append(shades, bandPolygons(band, unitOf(span), c, fig.LogY)...)
		}
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
	for _, sh := range shades {
		p.Add(sh) // under the curves
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

// unitOf is the x unit timeUnit picks for span.
func unitOf(span sim.Time) sim.Time {
	u, _ := timeUnit(span)
	return u
}

// bandPolygons shades a band's 95% interval in a light tint of c,
// one polygon per run of times with an interval (fewer than two values
// at a time, or a bound not drawable on a log axis, breaks the band).
func bandPolygons(band []analysis.BandPoint, unit sim.Time, c color.Color, logY bool) []*plotter.Polygon {
	var out []*plotter.Polygon
	var lo, hi plotter.XYs
	flush := func() {
		if len(lo) > 1 {
			ring := append(plotter.XYs{}, lo...)
			for j := len(hi) - 1; j >= 0; j-- {
				ring = append(ring, hi[j])
			}
			if poly, err := plotter.NewPolygon(ring); err == nil {
				r, g, b, _ := c.RGBA()
				poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
				poly.LineStyle.Width = 0
				out = append(out, poly)
			}
		}
		lo, hi = nil, nil
	}
	for _, b := range band {
		ok := !math.IsNaN(b.Lo) && !math.IsInf(b.Lo, 0) && !math.IsInf(b.Hi, 0) && !(logY && b.Lo <= 0)
		if !ok {
			flush()
			continue
		}
		x := float64(b.T) / float64(unit)
		lo = append(lo, plotter.XY{X: x, Y: b.Lo})
		hi = append(hi, plotter.XY{X: x, Y: b.Hi})
	}
	flush()
	return out
}
