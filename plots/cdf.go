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

// maxCDFPoints bounds the steps drawn per distribution; larger samples
// are drawn through evenly spaced ranks, exact at every drawn step.
const maxCDFPoints = 2000

// cdfPlot draws the empirical distribution function of each distribution
// of fig: F(x) = share of observations <= x, as a step function.
func cdfPlot(fig sim.Figure, rec *analysis.Recorder) (*plot.Plot, []string, error) {
	var notes []string
	var curves []curve
	for _, name := range fig.Series {
		all := rec.Observations(name) // sorted
		if len(all) == 0 {
			notes = append(notes, fmt.Sprintf("distribution %q has no observations", name))
			continue
		}
		xs := make([]float64, 0, len(all))
		for _, x := range all {
			if !math.IsInf(x, 0) && !(fig.LogX && x <= 0) {
				xs = append(xs, x)
			}
		}
		if dropped := len(all) - len(xs); dropped > 0 {
			notes = append(notes, fmt.Sprintf("distribution %q: %d of %d observations not drawn (infinite, or not positive on a log axis); the curve is of the rest", name, dropped, len(all)))
		}
		if len(xs) == 0 {
			continue
		}
		c := curve{name: fmt.Sprintf("%s (n=%d)", name, len(all))}
		c.add(ecdfPoints(xs, maxCDFPoints, !fig.LogY))
		curves = append(curves, c)
	}
	if len(curves) == 0 {
		return nil, notes, fmt.Errorf("%w (%s)", errNothingToDraw, strings.Join(fig.Series, ", "))
	}
	xLabel, yLabel := fig.XLabel, fig.YLabel
	if xLabel == "" {
		xLabel = "value"
	}
	if yLabel == "" {
		yLabel = "cumulative share of observations"
	}
	p := newPlot(fig.Title, xLabel, yLabel)
	if fig.LogX {
		logAxis(&p.X)
	}
	if fig.LogY {
		logAxis(&p.Y)
	}
	if err := addCurves(p, curves, plotter.PostStep); err != nil {
		return nil, notes, err
	}
	if fig.LogY {
		frameY(&p.Y)
	} else {
		p.Y.Min, p.Y.Max = 0, 1
	}
	if fig.LogX && p.X.Min == p.X.Max {
		frameY(&p.X) // one distinct positive value: show the decade around it
	}
	placeLegend(p, curves, false)
	return p, notes, nil
}

// ecdfPoints returns the corners of the empirical CDF of the sorted xs,
// to be joined by post-steps: (x_(r), r/n) for ranks r, at most maxPoints
// of them, evenly spaced and always including the last. With fromZero the
// curve starts at (x_(1), 0), so the first step is drawn too.
func ecdfPoints(xs []float64, maxPoints int, fromZero bool) plotter.XYs {
	n := len(xs)
	m := min(n, maxPoints)
	out := make(plotter.XYs, 0, m+1)
	if fromZero {
		out = append(out, plotter.XY{X: xs[0], Y: 0})
	}
	prev := 0
	for k := 1; k <= m; k++ {
		r := (k*n + m - 1) / m // ceil(k n / m), rising to n at k = m
		if r == prev {
			continue
		}
		prev = r
		out = append(out, plotter.XY{X: xs[r-1], Y: float64(r) / float64(n)})
	}
	return out
}
