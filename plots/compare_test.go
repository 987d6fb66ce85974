package plots

import (
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/analysis"
)

func TestVariantLabelsAndStyles(t *testing.T) {
	sep := variantSep
	names := []string{
		"token.price.volatility=0.2" + sep + "swarm.a.seeds",
		"token.price.volatility=0.8" + sep + "swarm.a.seeds",
		"token.price.volatility=0.2" + sep + "swarm.a.leechers",
		"token.price.volatility=0.8" + sep + "swarm.a.leechers",
	}
	want := "volatility=0.2: seeds|volatility=0.8: seeds|volatility=0.2: leechers|volatility=0.8: leechers"
	if got := strings.Join(distinctLabels(names), "|"); got != want {
		t.Errorf("labels %s, want %s", got, want)
	}
	// One series per variant: the legend is the variant (with a CDF's n).
	cdf := []string{"A" + sep + "dl (n=5)", "B" + sep + "dl (n=7)"}
	if got := strings.Join(distinctLabels(cdf), "|"); got != "A (n=5)|B (n=7)" {
		t.Errorf("CDF labels %s", got)
	}
	st := curveStyles(names)
	if st[0].Color != st[1].Color || st[0].Color == st[2].Color {
		t.Error("a series must keep its colour across variants, and series differ")
	}
	if st[0].Dashes != nil || st[1].Dashes == nil || len(st[1].Dashes) != len(st[3].Dashes) {
		t.Error("each variant must have its own dash pattern, the first solid")
	}
}

func TestVerdict(t *testing.T) {
	runs := func(vs ...float64) [][]analysis.Metric {
		var out [][]analysis.Metric
		for _, v := range vs {
			out = append(out, []analysis.Metric{{Name: "swarm.x.download_time_s.p50", Value: v}})
		}
		return out
	}
	a := runs(10, 12, 11, 13)
	for _, c := range []struct {
		b    [][]analysis.Metric
		want string
	}{
		{runs(8, 10, 9, 11), "B wins (lower is better)"},
		{runs(13, 11, 12, 10), "not established (lower is better; best mean A)"},
		{a, "no difference"},
	} {
		cmp, err := analysis.Compare([]string{"A", "B"}, [][][]analysis.Metric{a, c.b})
		if err != nil {
			t.Fatal(err)
		}
		if got := verdict(cmp.Variants, cmp.Metrics[0]); !strings.HasPrefix(got, c.want) {
			t.Errorf("verdict = %q, want it to start %q", got, c.want)
		}
		if got := diffText(cmp.Metrics[0].Diff[1], cmp.Metrics[0].Stats[0].Mean); c.want[0] == 'B' && got != "-2 (-17.4%) [-2, -2]" {
			t.Errorf("difference %q, want -2 (-17.4%%) [-2, -2]", got)
		}
	}
}

// The difference figure takes the summary's metrics that have a non-zero
// reference and an interval, and draws.
func TestForest(t *testing.T) {
	runs := func(vs ...float64) [][]analysis.Metric {
		var out [][]analysis.Metric
		for _, v := range vs {
			out = append(out, []analysis.Metric{{Name: "swarm.x.download_time_s.p50", Value: v}, {Name: "token.burned", Value: 0}})
		}
		return out
	}
	cmp, err := analysis.Compare([]string{"A", "B"}, [][][]analysis.Metric{runs(10, 12, 11), runs(8, 10, 9.5)})
	if err != nil {
		t.Fatal(err)
	}
	ms := forestRows(cmp, compareRows(cmp, analysis.Meta{}.UnitOf))
	if len(ms) != 1 || ms[0].Name != "swarm.x.download_time_s.p50" {
		t.Fatalf("forest rows %v, want the download time only (token.burned has a zero reference)", ms)
	}
	r, err := renderForest(cmp.Variants, ms)
	if err != nil || len(r.PNG) == 0 || len(r.SVG) == 0 {
		t.Errorf("renderForest: %v", err)
	}
}

// The difference figure keeps its zero line inside the axis, labelled,
// even when every difference is on one side of it.
func TestForestZeroLine(t *testing.T) {
	runs := func(vs ...float64) [][]analysis.Metric {
		var out [][]analysis.Metric
		for _, v := range vs {
			out = append(out, []analysis.Metric{{Name: "swarm.patch.paid.download_time_s.p50", Value: v}})
		}
		return out
	}
	for _, b := range [][]float64{{8, 10, 9.5}, {14, 16, 15}, {1000, 1200, 1100}} {
		cmp, err := analysis.Compare([]string{"A", "B"}, [][][]analysis.Metric{runs(10, 12, 11), runs(b...)})
		if err != nil {
			t.Fatal(err)
		}
		p, err := forestPlot(cmp.Variants, cmp.Metrics)
		if err != nil {
			t.Fatal(err)
		}
		if !(p.X.Min < 0 && p.X.Max > 0) {
			t.Errorf("B = %v: x axis [%v, %v] has the zero line on its edge or outside", b, p.X.Min, p.X.Max)
		}
		labelled := false
		for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			labelled = labelled || tk.Value == 0 && tk.Label == "0"
		}
		if !labelled {
			t.Errorf("B = %v: no labelled tick at 0 on [%v, %v]", b, p.X.Min, p.X.Max)
		}
	}
}
