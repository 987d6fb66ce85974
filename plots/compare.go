package plots

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// Variant is one variant of a comparison: its name, the run it stands
// for, and the recorder of its first replication, whose series and
// distributions the overlaid figures draw.
type Variant struct {
	Name string
	Meta analysis.Meta
	Rec  *analysis.Recorder
	// Bands, when it holds a series, draws it in the overlays as its
	// mean over the variant's replications with a 95% band (see
	// analysis.Bands); other series come from Rec.
	Bands map[string][]analysis.BandPoint
}

// WriteCompare writes a comparison's output folder dir:
//
//	compare.json   per metric, each variant's {mean, sd, ci95, n} and the
//	               paired difference from the first (analysis.Comparison.Encode)
//	report.md      executive summary (who wins each key metric, by how
//	report.html    much, how sure), overlaid figures, per-variant tables
//	plots/*.png|svg
//
// Every figure that all variants declared is drawn once with one curve
// per variant and series. The folder is replaced atomically, as WriteRun
// does, and only if it is empty or a previous comparison.
func WriteCompare(dir string, c *analysis.Comparison, vs []Variant) error {
	if err := replaceableBy(dir, "compare.json"); err != nil {
		return err
	}
	js, err := c.Encode()
	if err != nil {
		return err
	}
	files := []outFile{{"compare.json", js}}
	rep := &compareReport{C: c, Variants: vs, Duration: formatDuration(vs[0].Meta.Duration)}
	rep.Rows = compareRows(c, vs[0].Meta.UnitOf)
	if rep.replications() < 2 {
		rep.Notes = append(rep.Notes, "With one replication per variant there are no confidence intervals, so no verdict can say a difference is real: run with --replications 10 or more.")
	}
	if ms := forestRows(c, rep.keyRows()); len(ms) > 0 {
		if d, err := renderForest(c.Variants, ms); err != nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("The figure of paired differences was not drawn: %v.", err))
		} else {
			rep.Figures = append(rep.Figures, figureEntry{Number: 1, Name: forestName,
				Title: "Paired differences from " + c.Variants[0],
				Cap: "Each key metric's difference from " + c.Variants[0] + ", replication by replication, as a share of " +
					c.Variants[0] + "'s mean, with its 95% confidence interval. A bar that does not cross the zero line is a real difference.",
				PNG: d.PNG})
			files = append(files, outFile{"plots/" + forestName + ".png", d.PNG}, outFile{"plots/" + forestName + ".svg", d.SVG})
		}
	}
	figs, merged, bands := overlay(vs)
	drawn := renderAll(figs, merged, vs[0].Meta, bands)
	for i, fig := range figs {
		d := drawn[i]
		if d.err != nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("Figure %q (%s) was not drawn: %v.", fig.Name, fig.Title, d.err))
			continue
		}
		rep.Figures = append(rep.Figures, figureEntry{Number: len(rep.Figures) + 1,
			Name: fig.Name, Title: fig.Title, Cap: fig.Caption, PNG: d.PNG})
		files = append(files, outFile{"plots/" + fig.Name + ".png", d.PNG}, outFile{"plots/" + fig.Name + ".svg", d.SVG})
	}
	html, err := rep.html()
	if err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	files = append(files, outFile{"report.md", rep.markdown()}, outFile{"report.html", html})
	return analysis.WriteDirAtomic(dir, func(tmp string) error {
		if err := os.Mkdir(filepath.Join(tmp, "plots"), 0o755); err != nil {
			return err
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(tmp, f.path), f.data, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
}

// variantSep joins a variant's name to a series name in the merged
// recorder; distinctLabels turns it into the legend "variant: series".
const variantSep = "\x00"

// overlay merges the variants' first replications into one recorder, each
// series and distribution renamed "variant\x00name", and their bands
// likewise, and returns the figures every variant declared, each with
// one series per variant and original series, variant by variant.
func overlay(vs []Variant) ([]sim.Figure, *analysis.Recorder, map[string][]analysis.BandPoint) {
	merged := analysis.NewRecorder()
	bands := map[string][]analysis.BandPoint{}
	for _, v := range vs {
		for s, b := range v.Bands {
			bands[v.Name+variantSep+s] = b
		}
		for _, s := range v.Rec.Series() {
			for _, p := range v.Rec.Samples(s) {
				merged.Sample(v.Name+variantSep+s, p.T, p.V)
			}
		}
		for _, d := range v.Rec.Distributions() {
			for _, x := range v.Rec.Observations(d) {
				merged.Observe(v.Name+variantSep+d, x)
			}
		}
	}
	var figs []sim.Figure
	for _, f := range vs[0].Rec.Figures() {
		inAll := true
		for _, v := range vs[1:] {
			inAll = inAll && slices.ContainsFunc(v.Rec.Figures(), func(g sim.Figure) bool { return g.Name == f.Name })
		}
		if !inAll {
			continue
		}
		var series []string
		for _, s := range f.Series {
			for _, v := range vs {
				series = append(series, v.Name+variantSep+s)
			}
		}
		f.Series = series
		what := " One curve per variant: its first replication (all variants share its seed)."
		if f.Kind == sim.Lines && len(bands) > 0 {
			what = " One curve per variant: its mean over the replications, in a shaded 95% confidence band."
		}
		f.Caption = strings.TrimSpace(f.Caption + what)
		figs = append(figs, f)
	}
	return figs, merged, bands
}

// variantLabels labels curves named "variant\x00series": the variant
// alone when every curve shows the same series, else "variant: series"
// with the series' shared prefix stripped.
func variantLabels(names []string) []string {
	vars := make([]string, len(names))
	series := make([]string, len(names))
	same := true
	for i, n := range names {
		vars[i], series[i], _ = strings.Cut(n, variantSep)
		same = same && baseName(series[i]) == baseName(series[0])
	}
	labels := distinctLabels(series)
	vars = shortVariants(vars)
	for i := range names {
		if same {
			labels[i] = vars[i] + strings.TrimPrefix(series[i], baseName(series[i]))
		} else {
			labels[i] = vars[i] + ": " + labels[i]
		}
	}
	return labels
}

// shortVariants drops the dotted key prefix that all variant names share
// before their first "=", so that a legend reads "volatility=0.2" for
// the variant token.price.volatility=0.2.
func shortVariants(vars []string) []string {
	prefix := vars[0]
	if i := strings.IndexByte(prefix, '='); i >= 0 {
		prefix = prefix[:i]
	}
	prefix = prefix[:strings.LastIndexByte(prefix, '.')+1]
	for _, v := range vars {
		for !strings.HasPrefix(v, prefix) {
			prefix = prefix[:strings.LastIndexByte(prefix[:len(prefix)-1], '.')+1]
		}
	}
	out := make([]string, len(vars))
	for i, v := range vars {
		out[i] = strings.TrimPrefix(v, prefix)
	}
	return out
}

// baseName drops a CDF curve's " (n=…)" suffix.
func baseName(s string) string {
	if i := strings.LastIndex(s, " (n="); i >= 0 {
		return s[:i]
	}
	return s
}

// compareRow is one metric of the comparison as the report shows it.
type compareRow struct {
	Name    string
	Unit    string   // as unitLabel prints it; "" when unknown
	Key     bool     // in the executive summary
	Values  []string // per variant: mean ± half-width
	Diffs   []string // per variant after the first: difference and interval
	Verdict string   // who wins and how sure (the paired interval excludes zero)
}

// compareRows turns a comparison into report rows; key metrics (those
// the run report's executive summary shows) first, in that order.
// unitOf gives a metric's unit (analysis.Meta.UnitOf).
func compareRows(c *analysis.Comparison, unitOf func(string) string) []compareRow {
	means := make([]analysis.Metric, len(c.Metrics))
	for i, m := range c.Metrics {
		means[i] = analysis.Metric{Name: m.Name, Value: m.Stats[0].Mean}
	}
	key := map[string]bool{}
	for _, m := range keyMetrics(means) {
		key[m.Name] = true
	}
	var rows []compareRow
	for _, m := range c.Metrics {
		r := compareRow{Name: m.Name, Unit: unitLabel(unitOf(m.Name)), Key: key[m.Name]}
		for i, s := range m.Stats {
			r.Values = append(r.Values, meanCI(s))
			if i > 0 {
				r.Diffs = append(r.Diffs, diffText(m.Diff[i], m.Stats[0].Mean))
			}
		}
		r.Verdict = verdict(c.Variants, m)
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b compareRow) int {
		switch {
		case a.Key == b.Key:
			return 0
		case a.Key:
			return -1
		}
		return 1
	})
	return rows
}

func meanCI(s analysis.Stat) string {
	if s.N < 2 || math.IsNaN(s.CI95[1]) {
		return fmt.Sprintf("%s (n=%d)", formatValue(s.Mean), s.N)
	}
	return fmt.Sprintf("%s ± %s", formatValue(s.Mean), formatValue(s.CI95[1]-s.Mean))
}

// diffText is a paired difference d from a reference mean ref: its
// mean, relative change and 95% interval.
func diffText(d analysis.Stat, ref float64) string {
	rel := ""
	if ref != 0 && !math.IsNaN(ref) && !math.IsNaN(d.Mean) && d.Mean != 0 {
		rel = fmt.Sprintf(" (%+.3g%%)", 100*d.Mean/math.Abs(ref))
	}
	if d.N < 2 || math.IsNaN(d.CI95[0]) {
		return fmt.Sprintf("%s%s, no interval (n=%d)", signed(d.Mean), rel, d.N)
	}
	return fmt.Sprintf("%s%s [%s, %s]", signed(d.Mean), rel, formatValue(d.CI95[0]), formatValue(d.CI95[1]))
}

func signed(v float64) string {
	if v > 0 {
		return "+" + formatValue(v)
	}
	return formatValue(v)
}

// verdict says, for one metric, which variant wins, if any surely does.
// The best variant is the one with the best mean (by analysis.Better;
// "highest" when the metric has no better direction). Sureness is the
// paired interval against the first variant: it excludes zero or not.
func verdict(names []string, m analysis.MetricComparison) string {
	dir := analysis.Better(m.Name)
	best, allSame := 0, true
	for i, s := range m.Stats {
		if math.IsNaN(s.Mean) {
			continue
		}
		if m.Diff[i].Mean != 0 || m.Diff[i].SD != 0 && !math.IsNaN(m.Diff[i].SD) {
			allSame = false
		}
		b := m.Stats[best].Mean
		if math.IsNaN(b) || (dir >= 0 && s.Mean > b) || (dir < 0 && s.Mean < b) {
			best = i
		}
	}
	if allSame {
		return "no difference: every variant gives the same value in every replication"
	}
	real := make([]bool, len(names))
	for i := 1; i < len(names); i++ {
		d := m.Diff[i]
		real[i] = d.N >= 2 && !math.IsNaN(d.CI95[0]) && (d.CI95[0] > 0 || d.CI95[1] < 0)
	}
	// The best variant is established when its paired difference from the
	// first excludes zero, or, when the first is best, when some other
	// variant is surely worse.
	sure := real[best]
	if best == 0 {
		sure = slices.Contains(real, true)
	}
	better := map[analysis.Direction]string{+1: "higher is better", -1: "lower is better"}[dir]
	switch {
	case dir == 0 && sure:
		return names[best] + " highest"
	case dir == 0:
		return names[best] + " highest, not established"
	case sure:
		return fmt.Sprintf("%s wins (%s)", names[best], better)
	}
	return fmt.Sprintf("not established (%s; best mean %s)", better, names[best])
}
