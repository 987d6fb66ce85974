package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/swarmecon/swarmecon/analysis"
)

// forestName is the file stem of the comparison's difference figure.
const forestName = "paired-differences"

// maxForestRows bounds the metrics of the difference figure.
const maxForestRows = 12

// forestRows picks the metrics of the difference figure: those of the
// executive summary whose relative difference can be drawn (a non-zero
// reference mean and an interval), most important first.
func forestRows(c *analysis.Comparison, rows []compareRow) []analysis.MetricComparison {
	byName := map[string]analysis.MetricComparison{}
	for _, m := range c.Metrics {
		byName[m.Name] = m
	}
	var out []analysis.MetricComparison
	for _, r := range rows {
		m := byName[r.Name]
		ref := m.Stats[0].Mean
		drawable := ref != 0 && !math.IsNaN(ref) && !math.IsInf(ref, 0)
		for i := 1; i < len(m.Diff) && drawable; i++ {
			drawable = m.Diff[i].N >= 2 && !math.IsNaN(m.Diff[i].CI95[0])
		}
		if drawable && len(out) < maxForestRows {
			out = append(out, m)
		}
	}
	return out
}

// forestPlot draws each metric's paired difference from the first
// variant, in percent of the first variant's mean, with its 95%
// interval: a bar that misses the zero line is a real difference.
func forestPlot(variants []string, ms []analysis.MetricComparison) (*plot.Plot, error) {
	p := newPlot("Paired differences from "+variants[0], "difference (% of "+variants[0]+"'s mean), 95% CI", "")
	n := len(ms)
	names := make([]string, n)
	for j, m := range ms {
		names[j] = m.Name
	}
	labels := distinctLabels(names)
	ticks := make([]plot.Tick, n)
	for j := range ms {
		ticks[j] = plot.Tick{Value: float64(n - 1 - j), Label: labels[j]}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.7}, {X: 0, Y: float64(n) - 0.3}}) // the no-difference line
	if err != nil {
		return nil, err
	}
	zero.LineStyle.Color = palette[6]
	zero.LineStyle.Width = vg.Points(0.8)
	p.Add(zero)
	others := len(variants) - 1
	for i := 1; i < len(variants); i++ {
		var xys plotter.XYs
		var errs plotter.XErrors
		for j, m := range ms {
			ref := math.Abs(m.Stats[0].Mean)
			d := m.Diff[i]
			y := float64(n-1-j) - 0.25*(float64(i-1)-float64(others-1)/2)
			x := 100 * d.Mean / ref
			xys = append(xys, plotter.XY{X: x, Y: y})
			errs = append(errs, struct{ Low, High float64 }{x - 100*d.CI95[0]/ref, 100*d.CI95[1]/ref - x})
		}
		style := seriesStyle(i - 1)
		bars, err := plotter.NewXErrorBars(struct {
			plotter.XYs
			plotter.XErrors
		}{xys, errs})
		if err != nil {
			return nil, err
		}
		bars.LineStyle = style
		pts, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		pts.Color = style.Color
		pts.Shape = draw.CircleGlyph{}
		p.Add(bars, pts)
		if others > 1 {
			p.Legend.Add(variants[i], pts)
		}
	}
	p.Legend.Top = true
	if others > 1 {
		p.Y.Max += 0.45 * float64(others) // room for the legend
	}
	// The zero line is the reference: keep it inside the axis with a
	// margin on both sides, and always label it.
	lo, hi := math.Min(p.X.Min, 0), math.Max(p.X.Max, 0)
	pad := 0.08 * (hi - lo)
	if pad == 0 {
		pad = 1
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.X.Tick.Marker = zeroLabelled{p.X.Tick.Marker}
	return p, nil
}

// zeroLabelled adds a labelled tick at 0 to a ticker's ticks when 0 is
// in range and has none (replacing an unlabelled minor tick there).
type zeroLabelled struct{ plot.Ticker }

func (z zeroLabelled) Ticks(min, max float64) []plot.Tick {
	ticks := z.Ticker.Ticks(min, max)
	if min > 0 || max < 0 {
		return ticks
	}
	out := ticks[:0:0]
	for _, t := range ticks {
		if t.Value == 0 && t.Label != "" {
			return ticks
		}
		if t.Value != 0 {
			out = append(out, t)
		}
	}
	return append(out, plot.Tick{Value: 0, Label: "0"})
}

// forestMargin keeps the longest metric label off the figure's edge.
const forestMargin = 4 * vg.Millimeter

// drawPadded draws p inside c less a margin on every side.
func drawPadded(p *plot.Plot, c draw.Canvas) {
	p.Draw(draw.Crop(c, forestMargin, -forestMargin, forestMargin, -forestMargin))
}

// renderForest draws the difference figure as PNG and SVG.
func renderForest(variants []string, ms []analysis.MetricComparison) (r Rendered, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the difference figure could not be drawn: %v", p)
		}
	}()
	height := max(figHeight, vg.Length(1.2+0.35*float64(len(ms)))*vg.Inch)
	p, err := forestPlot(variants, ms)
	if err != nil {
		return r, err
	}
	r.PNG, r.SVG, err = encode(height, p, func() (*plot.Plot, error) { return forestPlot(variants, ms) }, drawPadded)
	return r, err
}
