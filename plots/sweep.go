package plots

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/swarmecon/swarmecon/analysis"
)

// Sweep is a finished parameter sweep as its report shows it.
type Sweep struct {
	Meta         analysis.Meta // the base scenario (before the grid's overrides)
	Keys         []string      // swept keys, the first varying slowest
	Cells        []analysis.SweepCell
	Replications int
	Metric       string // the metric drawn against Keys[X]
	Unit         string // its unit, "" when unknown
	X            int    // index in Keys of the key on the x axis
}

// xKey is the swept key on the figure's x axis.
func (s *Sweep) xKey() string { return s.Keys[s.X] }

// XKey is xKey for the HTML template.
func (s *Sweep) XKey() string { return s.xKey() }

// WriteSweep writes a sweep's summary files into dir, each atomically:
// sweep.csv (analysis.EncodeSweepCSV), report.md, report.html and
// plots/sweep-METRIC.png and .svg, the chosen metric's mean with its 95%
// interval against the swept key Keys[X], one curve per combination of
// the other keys. The units' folders are the caller's.
func WriteSweep(dir string, s *Sweep) error {
	csv := analysis.EncodeSweepCSV(s.Keys, s.Cells)
	fig, figErr := renderSweepFigure(s)
	name := "sweep-" + strings.NewReplacer(".", "-", "_", "-").Replace(s.Metric)
	files := []outFile{{"sweep.csv", csv}}
	if figErr == nil {
		files = append(files, outFile{"plots/" + name + ".png", fig.PNG}, outFile{"plots/" + name + ".svg", fig.SVG})
	}
	md, html, err := sweepReport(s, name, fig.PNG, figErr)
	if err != nil {
		return err
	}
	files = append(files, outFile{"report.md", md}, outFile{"report.html", html})
	for _, f := range files {
		if err := analysis.WriteFileAtomic(filepath.Join(dir, filepath.FromSlash(f.path)), f.data); err != nil {
			return err
		}
	}
	return nil
}

// sweepLine is one curve of the sweep figure.
type sweepLine struct {
	label string
	xys   plotter.XYs
	errs  plotter.YErrors
}

// sweepLines groups the cells by the values of the keys other than the
// x key and places each cell at its x key's value (numeric keys) or its
// position (other keys, whose values become the tick labels).
func sweepLines(s *Sweep) ([]sweepLine, []string, bool) {
	var xvals []string
	seen := map[string]int{}
	numeric := true
	for _, c := range s.Cells {
		xv := c.Values[s.X]
		if _, ok := seen[xv]; !ok {
			seen[xv] = len(xvals)
			xvals = append(xvals, xv)
			if _, err := strconv.ParseFloat(xv, 64); err != nil {
				numeric = false
			}
		}
	}
	var lines []sweepLine
	index := map[string]int{}
	for _, c := range s.Cells {
		var parts []string
		for i, v := range c.Values {
			if i != s.X {
				parts = append(parts, shortKey(s.Keys[i])+"="+v)
			}
		}
		label := strings.Join(parts, " ")
		li, ok := index[label]
		if !ok {
			li = len(lines)
			index[label] = li
			lines = append(lines, sweepLine{label: label})
		}
		st := analysis.StatOf(s.Metric, nil)
		for _, x := range c.Stats {
			if x.Name == s.Metric {
				st = x
			}
		}
		if math.IsNaN(st.Mean) || math.IsInf(st.Mean, 0) {
			continue
		}
		x := float64(seen[c.Values[s.X]])
		if numeric {
			x, _ = strconv.ParseFloat(c.Values[s.X], 64)
		}
		half := 0.0
		if !math.IsNaN(st.CI95[1]) {
			half = st.CI95[1] - st.Mean
		}
		lines[li].xys = append(lines[li].xys, plotter.XY{X: x, Y: st.Mean})
		lines[li].errs = append(lines[li].errs, struct{ Low, High float64 }{half, half})
	}
	return lines, xvals, numeric
}

// shortKey is a key's last segment: "volatility" for token.price.volatility.
func shortKey(k string) string { return k[strings.LastIndexByte(k, '.')+1:] }

func sweepPlot(s *Sweep) (*plot.Plot, error) {
	lines, xvals, numeric := sweepLines(s)
	yLabel := s.Metric + " (mean, 95% CI)"
	if s.Unit != "" {
		yLabel = s.Metric + " (" + s.Unit + "; mean, 95% CI)"
	}
	p := newPlot(s.Metric+" against "+shortKey(s.xKey()), s.xKey(), yLabel)
	// Curves are dodged sideways by a sliver each, so that the intervals
	// of cells at one x value do not hide each other.
	span := float64(len(xvals) - 1)
	if numeric {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range xvals {
			x, _ := strconv.ParseFloat(v, 64)
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		span = hi - lo
	}
	for i := range lines {
		dx := (float64(i) - float64(len(lines)-1)/2) * 0.012 * span
		for j := range lines[i].xys {
			lines[i].xys[j].X += dx
		}
	}
	drawn := 0
	for i, l := range lines {
		if len(l.xys) == 0 {
			continue
		}
		drawn++
		line, points, err := plotter.NewLinePoints(l.xys)
		if err != nil {
			return nil, err
		}
		line.LineStyle = seriesStyle(i)
		points.Color = seriesStyle(i).Color
		points.Shape = draw.CircleGlyph{}
		bars, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{l.xys, l.errs})
		if err != nil {
			return nil, err
		}
		bars.LineStyle = seriesStyle(i)
		bars.LineStyle.Dashes = nil
		p.Add(line, points, bars)
		if l.label != "" {
			p.Legend.Add(l.label, line)
		}
	}
	if drawn == 0 {
		return nil, fmt.Errorf("%w (metric %s has no value in any cell)", errNothingToDraw, s.Metric)
	}
	if !numeric {
		ticks := make([]plot.Tick, len(xvals))
		for i, v := range xvals {
			ticks[i] = plot.Tick{Value: float64(i), Label: v}
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Min, p.X.Max = -0.5, float64(len(xvals))-0.5
	}
	p.Legend.Top = true
	if entries := len(lines); entries > 1 {
		raiseTop(&p.Y, 0.07*float64(entries)+0.03) // room for the legend
	}
	if margin := 0.04 * (p.X.Max - p.X.Min); numeric && margin > 0 {
		p.X.Min, p.X.Max = p.X.Min-margin, p.X.Max+margin
	}
	return p, nil
}

// renderSweepFigure draws the sweep figure as PNG and SVG; gonum/plot
// panics become errors, as in Render.
func renderSweepFigure(s *Sweep) (r Rendered, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the sweep figure could not be drawn: %v", p)
		}
	}()
	p, err := sweepPlot(s)
	if err != nil {
		return r, err
	}
	r.PNG, r.SVG, err = encode(figHeight, p, func() (*plot.Plot, error) { return sweepPlot(s) }, (*plot.Plot).Draw)
	return r, err
}
