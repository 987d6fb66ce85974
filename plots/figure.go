package plots

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// errNothingToDraw marks a figure none of whose series has data.
var errNothingToDraw = errors.New("none of its series has data")

// figureName is the file stem sim.Figure documents.
var figureName = regexp.MustCompile(`^[a-z0-9-]+$`)

// Rendered is one drawn figure: its images and what was left out of it.
type Rendered struct {
	PNG, SVG []byte
	Notes    []string // series skipped or values not drawn, for the report
}

// Render draws fig from rec's data as PNG and SVG. span is the run's
// simulated length (the x extent of Lines figures; 0 means "up to the
// last sample"). A figure that has nothing to draw, has an invalid name
// or that gonum/plot fails on returns an error saying why, and the
// report notes it instead of the figure; Notes are returned either way.
func Render(fig sim.Figure, rec *analysis.Recorder, span sim.Time) (r Rendered, err error) {
	return render(fig, rec, span, nil)
}

// render is Render; bands, when it holds a series of a Lines figure,
// draws that series as its mean over replications inside a shaded 95%
// confidence band instead of rec's samples.
func render(fig sim.Figure, rec *analysis.Recorder, span sim.Time, bands map[string][]analysis.BandPoint) (r Rendered, err error) {
	if !figureName.MatchString(fig.Name) {
		return r, fmt.Errorf("figure name %q is not a file stem ([a-z0-9-]+)", fig.Name)
	}
	if len(fig.Series) == 0 {
		return r, fmt.Errorf("figure %q names no series", fig.Name)
	}
	// gonum/plot panics on some inputs (for example a degenerate log
	// axis). A figure is never worth a failed run, so a panic becomes
	// this figure's error.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("figure %q could not be drawn: %v", fig.Name, p)
		}
	}()
	build := func() (*plot.Plot, []string, error) {
		switch fig.Kind {
		case sim.Lines:
			return linesPlot(fig, rec, span, bands)
		case sim.CDF:
			return cdfPlot(fig, rec)
		}
		return nil, nil, fmt.Errorf("figure %q has unknown kind %d", fig.Name, fig.Kind)
	}
	p, notes, err := build()
	r.Notes = notes
	if err != nil {
		return r, err
	}
	r.PNG, r.SVG, err = encode(figHeight, p, func() (*plot.Plot, error) {
		p, _, err := build()
		return p, err
	}, (*plot.Plot).Draw)
	return r, err
}

// encode draws p as a PNG, then a second plot from rebuild as an SVG, both
// figWidth wide and height high, each through drawTo. The plot is built
// once per format because drawing may adjust a plot's axes, and the two
// images must not depend on which came first.
func encode(height vg.Length, p *plot.Plot, rebuild func() (*plot.Plot, error), drawTo func(*plot.Plot, draw.Canvas)) (pngBytes, svgBytes []byte, err error) {
	img := vgimg.NewWith(vgimg.UseWH(figWidth, height), vgimg.UseDPI(pngDPI))
	drawTo(p, draw.New(img))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, nil, err
	}
	pngBytes = bytes.Clone(buf.Bytes())
	if p, err = rebuild(); err != nil {
		return nil, nil, err
	}
	svg := vgsvg.New(figWidth, height)
	drawTo(p, draw.New(svg))
	buf.Reset()
	if _, err := svg.WriteTo(&buf); err != nil {
		return nil, nil, err
	}
	return pngBytes, buf.Bytes(), nil
}

// curve is one legend entry: a series drawn as one or more line segments
// (a NaN sample breaks the line).
type curve struct {
	name     string // the series name
	label    string // its legend entry, set by addCurves
	segments []plotter.XYs
}

func (c *curve) add(seg plotter.XYs) {
	if len(seg) > 0 {
		c.segments = append(c.segments, thin(seg, maxLinePoints))
	}
}

// addCurves adds each curve in its series style, with one legend entry
// per curve labelled by what sets it apart from the others.
func addCurves(p *plot.Plot, curves []curve, step plotter.StepKind) error {
	names := make([]string, len(curves))
	for i, c := range curves {
		names[i] = c.name
	}
	labels := distinctLabels(names)
	for i := range curves {
		curves[i].label = labels[i]
	}
	styles := curveStyles(names)
	for i, c := range curves {
		for j, seg := range c.segments {
			l, err := plotter.NewLine(seg)
			if err != nil {
				return err
			}
			l.LineStyle = styles[i]
			l.StepStyle = step
			p.Add(l)
			if j == 0 {
				p.Legend.Add(c.label, l)
			}
		}
	}
	return nil
}

// curveStyles gives each curve its series style, except in an overlay
// of variants ("variant\x00series" names), where a series keeps one
// colour and each variant has its own dash pattern: curves that coincide
// (variants that do not differ) stay visible, and a reader matches
// colours to series and dashes to variants.
func curveStyles(names []string) []draw.LineStyle {
	out := make([]draw.LineStyle, len(names))
	variants, series := map[string]int{}, map[string]int{}
	for i, n := range names {
		v, s, ok := strings.Cut(n, variantSep)
		if !ok {
			out[i] = seriesStyle(i)
			continue
		}
		s = baseName(s)
		if _, seen := variants[v]; !seen {
			variants[v] = len(variants)
		}
		if _, seen := series[s]; !seen {
			series[s] = len(series)
		}
		out[i] = seriesStyle(series[s] % len(palette))
		out[i].Dashes = variantDashes[variants[v]%len(variantDashes)]
	}
	return out
}

// variantDashes tell variants apart in an overlay: solid, long dashes,
// dots, dash-dot.
var variantDashes = [][]vg.Length{
	nil,
	{vg.Points(7), vg.Points(4)},
	{vg.Points(1.5), vg.Points(2.5)},
	{vg.Points(7), vg.Points(2.5), vg.Points(1.5), vg.Points(2.5)},
}

// distinctLabels strips the dotted prefix all names share, so that a
// legend reads "seeds, leechers" rather than repeating "swarm.demo.".
func distinctLabels(names []string) []string {
	if len(names) > 0 && strings.Contains(names[0], variantSep) {
		return variantLabels(names)
	}
	if len(names) < 2 {
		return names
	}
	prefix := names[0][:strings.LastIndex(names[0], ".")+1]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, prefix) {
			prefix = prefix[:strings.LastIndex(prefix[:len(prefix)-1], ".")+1]
		}
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimPrefix(n, prefix)
		if out[i] == "" {
			return names
		}
	}
	return out
}

// legendBox estimates the legend's size as fractions of the data area,
// from the entries' text extents and the area left after the title and
// axes (about 70 points across and 80 down).
func legendBox(p *plot.Plot, curves []curve) (w, h float64) {
	sty := p.Legend.TextStyle
	var textW vg.Length
	for _, c := range curves {
		textW = max(textW, sty.Rectangle(" "+c.label).Max.X)
	}
	entryH := sty.Rectangle("Xg").Size().Y + p.Legend.Padding
	w = float64(textW+p.Legend.ThumbnailWidth+vg.Points(12)) / float64(figWidth-vg.Points(70))
	h = float64(entryH*vg.Length(len(curves))+vg.Points(8)) / float64(figHeight-vg.Points(80))
	return min(w, 1), min(h, 1)
}

// placeLegend puts the legend in the corner of the data area that the
// curves cross least, preferring top right, then top left, bottom right,
// bottom left. If every corner is crossed and makeRoom is set, it raises
// the top of the y axis to leave an empty band for the legend, as one
// would by hand; the CDF's fixed [0, 1] axis does not allow that.
func placeLegend(p *plot.Plot, curves []curve, makeRoom bool) {
	boxW, boxH := legendBox(p, curves)
	corners := []struct{ top, left bool }{{true, false}, {true, true}, {false, false}, {false, true}}
	best, bestLen := 0, math.Inf(1)
	for i, c := range corners {
		inside := func(x, y float64) bool {
			inX := (c.left && x <= boxW) || (!c.left && x >= 1-boxW)
			inY := (c.top && y >= 1-boxH) || (!c.top && y <= boxH)
			return inX && inY
		}
		if l := lengthInside(p, curves, inside); l < bestLen {
			best, bestLen = i, l
		}
	}
	if bestLen > 0 && makeRoom {
		raiseTop(&p.Y, boxH+0.02)
		best = 0
	}
	p.Legend.Top, p.Legend.Left = corners[best].top, corners[best].left
	p.Legend.XOffs = -6
	if p.Legend.Left {
		p.Legend.XOffs = 6
	}
	p.Legend.YOffs = -4
	if !p.Legend.Top {
		p.Legend.YOffs = 4
	}
}

// lengthInside sums, in axis fractions, the length of the curves' pieces
// whose midpoints lie inside a region: how much of the data a legend
// there would hide. Lone points count as a short piece.
func lengthInside(p *plot.Plot, curves []curve, inside func(x, y float64) bool) float64 {
	total := 0.0
	for _, cv := range curves {
		for _, seg := range cv.segments {
			for i := range seg {
				x0, y0 := p.X.Norm(seg[i].X), p.Y.Norm(seg[i].Y)
				x1, y1 := x0, y0
				if i+1 < len(seg) {
					x1, y1 = p.X.Norm(seg[i+1].X), p.Y.Norm(seg[i+1].Y)
				} else if len(seg) > 1 {
					continue
				}
				if inside((x0+x1)/2, (y0+y1)/2) {
					total += max(math.Abs(x1-x0)+math.Abs(y1-y0), 0.001)
				}
			}
		}
	}
	return total
}

// raiseTop extends an axis upward so that the data keep the lower
// 1-share of it, on a linear or a log scale.
func raiseTop(ax *plot.Axis, share float64) {
	if _, isLog := ax.Scale.(plot.LogScale); isLog {
		ax.Max = ax.Min * math.Pow(ax.Max/ax.Min, 1/(1-share))
		return
	}
	ax.Max += (ax.Max - ax.Min) * share / (1 - share)
}

// frameY sets the y range around the data: a non-negative series that
// comes near zero gets zero as its baseline, so magnitudes read
// honestly, and a constant series gets a visible range. Degenerate log
// ranges, which gonum/plot cannot draw, become one decade.
func frameY(ax *plot.Axis) {
	if _, isLog := ax.Scale.(plot.LogScale); isLog {
		if ax.Min == ax.Max {
			ax.Min, ax.Max = ax.Min/math.Sqrt(10), ax.Max*math.Sqrt(10)
		}
		return
	}
	if ax.Min >= 0 && ax.Min <= 0.25*ax.Max {
		ax.Min = 0
	}
	if ax.Min == ax.Max {
		ax.Min, ax.Max = ax.Min-1, ax.Max+1
		if ax.Min < 0 && ax.Max-1 >= 0 {
			ax.Min = 0
		}
	}
}
