package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure size and resolution. 6.4 × 4 inches is a single-column figure
// that stays legible when scaled to a two-column paper; 200 dpi keeps the
// PNG sharp on high-density screens.
const (
	figWidth  = 6.4 * vg.Inch
	figHeight = 4 * vg.Inch
	pngDPI    = 200
)

// Font sizes in points, as a journal figure would use them.
const (
	titleSize  = 12
	labelSize  = 11
	tickSize   = 9.5
	legendSize = 9.5
)

// palette is Okabe & Ito (2008), "Color Universal Design": distinct for
// the common forms of colour blindness. Its yellow is left out: it is
// unreadable as a thin line on white.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
}

// dashes cycle once per round of the palette, so the 8th series differs
// from the 1st by its dash pattern, and series stay apart in grey print.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)},
}

// seriesStyle returns the line style of the i-th series of a figure.
func seriesStyle(i int) draw.LineStyle {
	return draw.LineStyle{
		Color:  palette[i%len(palette)],
		Width:  vg.Points(1.6),
		Dashes: dashes[(i/len(palette))%len(dashes)],
	}
}

var gridColor = color.Gray{Y: 0xE0}

// newPlot returns an empty plot with the house style: serif text sized
// for print, thin dark axes, light grid lines under the data.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(plot.DefaultFont, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(plot.DefaultFont, labelSize)
		ax.Tick.Label.Font = font.From(plot.DefaultFont, tickSize)
		ax.LineStyle.Width = vg.Points(0.8)
		ax.Tick.LineStyle.Width = vg.Points(0.8)
		ax.Padding = vg.Points(2)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(plot.DefaultFont, legendSize)
	p.Legend.ThumbnailWidth = vg.Points(24)
	p.Legend.Padding = vg.Points(1)
	grid := plotter.NewGrid()
	grid.Vertical.Color = gridColor
	grid.Vertical.Width = vg.Points(0.5)
	grid.Horizontal = grid.Vertical
	p.Add(grid)
	return p
}

// logAxis switches ax to a log scale with decade labels.
func logAxis(ax *plot.Axis) {
	ax.Scale = plot.LogScale{}
	ax.Tick.Marker = plot.TickerFunc(decadeTicks)
}

// decadeTicks is plot.LogTicks with shorter labels: plain numbers from
// 0.001 to 10000 and "1e9" beyond, instead of a mix of "100000" and
// "1e+06". (The plot fonts have no superscript minus or nine, so 10⁹
// cannot be written.)
func decadeTicks(lo, hi float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	inRange := 0
	for _, t := range ticks {
		if t.Label != "" && t.Value >= lo && t.Value <= hi {
			inRange++
		}
	}
	if inRange < 2 {
		// Less than two decades shown: tick 1 to 9 times each power of
		// ten and label 1, 2 and 5 times it, or the axis would carry one
		// number or none.
		ticks = nil
		for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
			for m := 1.0; m <= 9; m++ {
				t := plot.Tick{Value: m * math.Pow(10, e)}
				if m == 1 || m == 2 || m == 5 {
					t.Label = "x" // formatted below
				}
				ticks = append(ticks, t)
			}
		}
	}
	for i, t := range ticks {
		if t.Label == "" {
			continue
		}
		exp := math.Floor(math.Log10(t.Value) + 1e-9)
		mant := math.Round(t.Value / math.Pow(10, exp))
		switch {
		case exp >= 0 && exp <= 4:
			ticks[i].Label = strconv.FormatFloat(mant*math.Pow(10, exp), 'f', 0, 64)
		case exp >= -3 && exp < 0:
			ticks[i].Label = strconv.FormatFloat(t.Value, 'f', int(-exp), 64)
		default:
			ticks[i].Label = strconv.FormatFloat(mant, 'f', 0, 64) + "e" + strconv.Itoa(int(exp))
		}
	}
	return ticks
}
