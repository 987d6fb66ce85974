package plots

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

func TestECDFPointsAreExactSteps(t *testing.T) {
	xs := []float64{1, 2, 2, 5}
	got := ecdfPoints(xs, 100, true)
	want := plotter.XYs{{X: 1, Y: 0}, {X: 1, Y: 0.25}, {X: 2, Y: 0.5}, {X: 2, Y: 0.75}, {X: 5, Y: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("ecdfPoints(%v) = %v, want %v", xs, got, want)
	}
	// Thinned: every drawn corner is still a point of the true ECDF, and
	// the curve still ends at (max, 1).
	big := make([]float64, 10007)
	for i := range big {
		big[i] = float64(i * i)
	}
	pts := ecdfPoints(big, 50, false)
	if len(pts) != 50 {
		t.Errorf("thinned to %d points, want 50", len(pts))
	}
	for _, p := range pts {
		rank := int(math.Round(p.Y * float64(len(big))))
		if big[rank-1] != p.X {
			t.Errorf("point %v is not on the ECDF (x_(%d) = %v)", p, rank, big[rank-1])
		}
	}
	if last := pts[len(pts)-1]; last.X != big[len(big)-1] || last.Y != 1 {
		t.Errorf("last point %v, want (%v, 1)", last, big[len(big)-1])
	}
}

func TestThinKeepsExtremes(t *testing.T) {
	var xys plotter.XYs
	for i := range 10000 {
		xys = append(xys, plotter.XY{X: float64(i), Y: math.Sin(float64(i) / 50)})
	}
	xys[1234].Y, xys[8765].Y = 7, -7 // spikes a plot must not lose
	out := thin(xys, 400)
	if len(out) > 400 {
		t.Errorf("thin kept %d points, want at most 400", len(out))
	}
	if !slices.Contains(out, xys[1234]) || !slices.Contains(out, xys[8765]) {
		t.Error("thin dropped a spike")
	}
	if !slices.IsSortedFunc(out, func(a, b plotter.XY) int { return int(a.X - b.X) }) {
		t.Error("thin broke the x order")
	}
}

func TestDistinctLabels(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"swarm.demo.seeds", "swarm.demo.leechers"}, []string{"seeds", "leechers"}},
		{[]string{"swarm.a.seeds", "swarm.b.seeds"}, []string{"a.seeds", "b.seeds"}},
		{[]string{"token.supply", "market.price"}, []string{"token.supply", "market.price"}},
		{[]string{"only.one"}, []string{"only.one"}},
		{[]string{"a.b", "a.b.c"}, []string{"b", "b.c"}},
	} {
		if got := distinctLabels(c.in); !slices.Equal(got, c.want) {
			t.Errorf("distinctLabels(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLinesUnitFollowsRunLength(t *testing.T) {
	for _, c := range []struct {
		span sim.Time
		unit string
	}{{3 * sim.Day, "hours"}, {3*sim.Day + sim.Second, "days"}, {0, "hours"}} {
		r := analysis.NewRecorder()
		r.Sample("x", sim.Hour, 1)
		r.Sample("x", 2*sim.Hour, 2)
		out, err := Render(sim.Figure{Name: "f", Kind: sim.Lines, Series: []string{"x"}}, r, c.span)
		if err != nil {
			t.Fatal(err)
		}
		if label := "simulated time (" + c.unit + ")"; !strings.Contains(string(out.SVG), label) {
			t.Errorf("span %v: the x axis is not labelled %q", c.span, label)
		}
	}
}

// TestRenderDegenerateData: inputs that make gonum/plot panic or fail
// must give a figure or a reason, never a crash.
func TestRenderDegenerateData(t *testing.T) {
	r := analysis.NewRecorder()
	r.Sample("gappy", 0, 1)
	r.Sample("gappy", sim.Hour, math.NaN())
	r.Sample("gappy", 2*sim.Hour, 3)
	r.Sample("flat", 0, 5)
	r.Sample("flat", sim.Hour, 5)
	r.Sample("signed", 0, -1)
	r.Sample("signed", sim.Hour, math.Inf(1))
	r.Sample("signed", 2*sim.Hour, 2)
	r.Observe("same", 4)
	r.Observe("same", 4)
	r.Observe("negative", -3)
	for _, c := range []struct {
		fig      sim.Figure
		wantErr  string // "" means drawn
		wantNote string
	}{
		{sim.Figure{Name: "gap", Kind: sim.Lines, Series: []string{"gappy"}}, "", ""},
		{sim.Figure{Name: "flat-log", Kind: sim.Lines, Series: []string{"flat"}, LogY: true}, "", ""},
		{sim.Figure{Name: "signed-log", Kind: sim.Lines, Series: []string{"signed"}, LogY: true}, "", "2 samples not drawn"},
		{sim.Figure{Name: "one-value", Kind: sim.CDF, Series: []string{"same"}, LogX: true}, "", ""},
		{sim.Figure{Name: "neg-log", Kind: sim.CDF, Series: []string{"negative"}, LogX: true}, "has data", "1 of 1 observations not drawn"},
		{sim.Figure{Name: "missing", Kind: sim.Lines, Series: []string{"nope"}}, "has data", "no samples"},
		{sim.Figure{Name: "Bad Name", Kind: sim.Lines, Series: []string{"flat"}}, "not a file stem", ""},
		{sim.Figure{Name: "kind", Kind: 7, Series: []string{"flat"}}, "unknown kind", ""},
	} {
		out, err := Render(c.fig, r, sim.Day)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.fig.Name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: err = %v, want one containing %q", c.fig.Name, err, c.wantErr)
		case err == nil && (len(out.PNG) == 0 || len(out.SVG) == 0):
			t.Errorf("%s: drawn without images", c.fig.Name)
		}
		if c.wantErr == "has data" && !errors.Is(err, errNothingToDraw) {
			t.Errorf("%s: err = %v, want errNothingToDraw", c.fig.Name, err)
		}
		if c.wantNote != "" && !strings.Contains(strings.Join(out.Notes, "\n"), c.wantNote) {
			t.Errorf("%s: notes %q lack %q", c.fig.Name, out.Notes, c.wantNote)
		}
	}
}
