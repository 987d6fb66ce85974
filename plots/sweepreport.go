package plots

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
)

const sweepIntro = "This report summarises a parameter sweep: every cell of the grid ran the same " +
	"replications (replication k of every cell uses the same seed, so cells differ by their " +
	"parameters, not by luck). Values are means over the replications with 95% Student-t " +
	"confidence intervals; sweep.csv beside this file holds every metric of every cell."

// sweepRow is one cell in the report's table.
type sweepRow struct {
	Cell   int
	Values string
	Value  []string // per column metric: mean ± 95% CI half-width
}

// maxSweepColumns bounds the metrics in the report's table of cells;
// sweep.csv holds them all.
const maxSweepColumns = 5

// columns are the metrics the table of cells shows: the drawn metric,
// then the key metrics (as a run report's summary picks them).
func (s *Sweep) columns() []string {
	cols := []string{s.Metric}
	if len(s.Cells) == 0 {
		return cols
	}
	var means []analysis.Metric
	for _, st := range s.Cells[0].Stats {
		means = append(means, analysis.Metric{Name: st.Name, Value: st.Mean})
	}
	for _, m := range keyMetrics(means) {
		if len(cols) < maxSweepColumns && !slices.Contains(cols, m.Name) {
			cols = append(cols, m.Name)
		}
	}
	return cols
}

type sweepView struct {
	S       *Sweep
	Intro   string
	Run     [][2]string
	Summary []string
	Rows    []sweepRow
	Columns []string
	Units   []string // each column's unit, as unitLabel prints it
	FigName string
	Img     template.HTML
	FigErr  string
	CSS     template.CSS
}

// inParens returns " (unit)", or "" for an unknown unit.
func inParens(unit string) string {
	if unit == "" {
		return ""
	}
	return " (" + unit + ")"
}

func metricStat(c analysis.SweepCell, name string) analysis.Stat {
	for _, s := range c.Stats {
		if s.Name == name {
			return s
		}
	}
	return analysis.StatOf(name, nil)
}

func (s *Sweep) cellText(c analysis.SweepCell) string {
	parts := make([]string, len(c.Values))
	for i, v := range c.Values {
		parts[i] = s.Keys[i] + "=" + v
	}
	return strings.Join(parts, " ")
}

// sweepSummary says which cells are best and worst on the metric drawn.
func sweepSummary(s *Sweep) []string {
	best, worst := -1, -1
	dir := analysis.Better(s.Metric)
	for i, c := range s.Cells {
		m := metricStat(c, s.Metric).Mean
		if math.IsNaN(m) {
			continue
		}
		if best < 0 || (dir >= 0 && m > metricStat(s.Cells[best], s.Metric).Mean) || (dir < 0 && m < metricStat(s.Cells[best], s.Metric).Mean) {
			best = i
		}
		if worst < 0 || (dir >= 0 && m < metricStat(s.Cells[worst], s.Metric).Mean) || (dir < 0 && m > metricStat(s.Cells[worst], s.Metric).Mean) {
			worst = i
		}
	}
	if best < 0 {
		return []string{fmt.Sprintf("%s has no value in any cell.", s.Metric)}
	}
	word := map[analysis.Direction][2]string{+1: {"best (highest)", "worst (lowest)"},
		-1: {"best (lowest)", "worst (highest)"}, 0: {"highest", "lowest"}}[dir]
	b, w := metricStat(s.Cells[best], s.Metric), metricStat(s.Cells[worst], s.Metric)
	unit := ""
	if u := unitLabel(s.Meta.UnitOf(s.Metric)); u != "" && u != "ratio" {
		unit = " " + u // "12.5 s"; a ratio reads better bare
	}
	if b.Mean == w.Mean {
		return []string{fmt.Sprintf("%s has the same mean in every cell that has it: %s%s; the swept keys do not move it.", s.Metric, formatValue(b.Mean), unit)}
	}
	withUnit := func(st analysis.Stat) string { // "1.2 ± 0.1 s", "1.2 s (n=1)"
		text := meanCI(st)
		if v, n, ok := strings.Cut(text, " (n="); ok {
			return v + unit + " (n=" + n
		}
		return text + unit
	}
	out := []string{
		fmt.Sprintf("%s is %s at %s: %s.", s.Metric, word[0], s.cellText(s.Cells[best]), withUnit(b)),
		fmt.Sprintf("It is %s at %s: %s.", word[1], s.cellText(s.Cells[worst]), withUnit(w)),
	}
	if s.Replications < 2 {
		out = append(out, "With one replication per cell there are no confidence intervals: run with --replications 10 or more to tell cells apart.")
	}
	if b.N >= 2 && w.N >= 2 && !math.IsNaN(b.CI95[0]) && !math.IsNaN(w.CI95[0]) {
		if b.CI95[0] > w.CI95[1] || b.CI95[1] < w.CI95[0] {
			out = append(out, "Their 95% intervals do not overlap: the grid changes this metric.")
		} else {
			out = append(out, "Their 95% intervals overlap: more replications are needed to tell these cells apart.")
		}
	}
	return out
}

func sweepReport(s *Sweep, figName string, png []byte, figErr error) (md, html []byte, err error) {
	v := sweepView{S: s, Intro: sweepIntro, Summary: sweepSummary(s), FigName: figName, CSS: template.CSS(reportCSS)}
	v.Run = [][2]string{{"Scenario", s.Meta.Scenario}, {"File", s.Meta.File}, {"Scenario SHA-256", s.Meta.SHA256},
		{"Seed of replication 1", fmt.Sprint(s.Meta.Seed)}, {"Replications per cell", fmt.Sprint(s.Replications)},
		{"Simulated duration", formatDuration(s.Meta.Duration)}}
	if len(s.Meta.Sets) > 0 {
		v.Run = append(v.Run, [2]string{"Overrides (--set)", strings.Join(s.Meta.Sets, " ")})
	}
	v.Run = append(v.Run, [2]string{"Grid", fmt.Sprintf("%d cells over %s", len(s.Cells), strings.Join(s.Keys, ", "))},
		[2]string{"swarmecon version", s.Meta.Version})
	v.Columns = s.columns()
	for _, m := range v.Columns {
		v.Units = append(v.Units, unitLabel(s.Meta.UnitOf(m)))
	}
	for i, c := range s.Cells {
		row := sweepRow{Cell: i, Values: s.cellText(c)}
		for _, m := range v.Columns {
			row.Value = append(row.Value, meanCI(metricStat(c, m)))
		}
		v.Rows = append(v.Rows, row)
	}
	caption := fmt.Sprintf("Mean of %s over %d replications per cell with its 95%% confidence interval, against %s.", s.Metric, s.Replications, s.xKey())
	if figErr != nil {
		v.FigErr = fmt.Sprintf("The figure was not drawn: %v.", figErr)
	} else {
		v.Img = imgTag(png, caption)
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "# Sweep: %s\n\n%s\n\n| Sweep | |\n|---|---|\n", mdText(s.Meta.Scenario), sweepIntro)
	for _, r := range v.Run {
		fmt.Fprintf(&b, "| %s | %s |\n", r[0], mdCode(r[1]))
	}
	b.WriteString("\n## Executive summary\n\n")
	for _, l := range v.Summary {
		fmt.Fprintf(&b, "- %s\n", mdText(l))
	}
	b.WriteString("\n## Figure\n\n")
	if figErr != nil {
		b.WriteString(mdText(v.FigErr) + "\n")
	} else {
		fmt.Fprintf(&b, "![%s](plots/%s.png)\n\n*Figure 1. %s against %s.* %s (also as [SVG](plots/%s.svg))\n",
			mdAlt(caption, ""), figName, mdText(s.Metric), mdText(s.xKey()), mdText(caption), figName)
	}
	b.WriteString("\n## Cells\n\nMean ± 95% CI half-width over the replications; sweep.csv has every metric.\n\n| Cell | Parameters |")
	for i, m := range v.Columns {
		fmt.Fprintf(&b, " %s%s |", mdCode(m), strings.ReplaceAll(inParens(v.Units[i]), "|", `\|`))
	}
	b.WriteString("\n|---:|---|" + strings.Repeat("---:|", len(v.Columns)) + "\n")
	for _, r := range v.Rows {
		fmt.Fprintf(&b, "| %d | %s | %s |\n", r.Cell, mdCode(r.Values), strings.Join(r.Value, " | "))
	}
	b.WriteString("\n## Effective base scenario\n\n")
	fence := fenceFor(s.Meta.Effective)
	fmt.Fprintf(&b, "%stoml\n%s\n%s\n", fence, strings.TrimRight(s.Meta.Effective, "\n"), fence)

	var h bytes.Buffer
	if err := sweepTemplate.Execute(&h, v); err != nil {
		return nil, nil, fmt.Errorf("report.html: %w", err)
	}
	return b.Bytes(), h.Bytes(), nil
}

//go:embed sweep.html.tmpl
var sweepSource string

var sweepTemplate = template.Must(template.New("sweep").Parse(sweepSource))
