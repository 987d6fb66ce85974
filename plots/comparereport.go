package plots

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
)

// compareReport is what report.md and report.html of a comparison show.
type compareReport struct {
	C        *analysis.Comparison
	Variants []Variant
	Rows     []compareRow
	Figures  []figureEntry
	Notes    []string
	Duration string
}

const compareIntro = "This report compares variants of one scenario run with common random numbers: " +
	"replication k of every variant uses the same seed, so differences come from the variants, " +
	"not from luck. Each difference is paired replication by replication against the first variant, " +
	"with its 95% Student-t confidence interval; an interval that excludes zero is a real difference. " +
	"compare.json beside this file holds every number at full precision."

// maxSummaryRows bounds the executive summary.
const maxSummaryRows = 16

// keyRows are the rows of the executive summary: the key metrics that
// differ between variants, then other metrics that differ, then key
// metrics that do not (so the reader sees they were looked at).
func (r *compareReport) keyRows() []compareRow {
	var keyDiff, otherDiff, keySame []compareRow
	for _, row := range r.Rows {
		same := strings.HasPrefix(row.Verdict, "no difference")
		switch {
		case row.Key && !same:
			keyDiff = append(keyDiff, row)
		case !same:
			otherDiff = append(otherDiff, row)
		case row.Key:
			keySame = append(keySame, row)
		}
	}
	out := append(append(keyDiff, otherDiff...), keySame...)
	return out[:min(len(out), maxSummaryRows)]
}

func (r *compareReport) replications() int {
	n := 0
	for _, m := range r.C.Metrics {
		for _, s := range m.Stats {
			n = max(n, s.N)
		}
	}
	return n
}

// variantRows describe each variant: what to quote to reproduce it.
func (r *compareReport) variantRows() [][3]string {
	var rows [][3]string
	for _, v := range r.Variants {
		sets := strings.Join(v.Meta.Sets, " ")
		if sets == "" {
			sets = "(none)"
		}
		rows = append(rows, [3]string{v.Name, v.Meta.File + " " + sets, v.Meta.SHA256})
	}
	return rows
}

func (r *compareReport) markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Comparison: %s\n\n%s\n\n", mdText(strings.Join(r.C.Variants, " vs ")), compareIntro)
	fmt.Fprintf(&b, "Seed %d, %d replication(s) per variant, simulated duration %s, swarmecon %s.\n\n",
		r.Variants[0].Meta.Seed, r.replications(), r.Duration, mdText(r.Variants[0].Meta.Version))
	b.WriteString("| Variant | Scenario and overrides | Scenario SHA-256 |\n|---|---|---|\n")
	for _, row := range r.variantRows() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdText(row[0]), mdCode(row[1]), mdCode(row[2]))
	}
	b.WriteString("\n## Executive summary\n\n")
	rows := r.keyRows()
	if len(rows) == 0 {
		b.WriteString("The variants give identical results on every metric.\n")
	} else {
		b.WriteString(summaryNote + "\n\n")
		r.mdTable(&b, rows, true)
	}
	if len(r.Figures) > 0 {
		b.WriteString("\n## Figures\n")
		for _, f := range r.Figures {
			fmt.Fprintf(&b, "\n![%s](plots/%s.png)\n\n*Figure %d. %s* %s (also as [SVG](plots/%s.svg))\n",
				mdAlt(f.Cap, f.Title), f.Name, f.Number, mdText(sentence(f.Title)), mdText(f.Cap), f.Name)
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", mdText(n))
		}
	}
	b.WriteString("\n## All metrics\n\nMean ± 95% CI half-width per variant; difference from " + mdText(r.C.Variants[0]) + " with its 95% CI.\n\n")
	r.mdTable(&b, r.Rows, false)
	b.WriteString("\n## Effective scenarios\n")
	for _, v := range r.Variants {
		eff := v.Meta.Effective
		fence := fenceFor(eff)
		fmt.Fprintf(&b, "\n### %s\n\n%stoml\n%s\n%s\n", mdText(v.Name), fence, strings.TrimRight(eff, "\n"), fence)
	}
	return b.Bytes()
}

// summaryNote explains the executive summary's table.
const summaryNote = "Each variant's mean ± 95% CI half-width; its paired difference from the first " +
	"variant with the relative change and the 95% CI; and the verdict: a variant wins only when " +
	"the interval of its difference excludes zero."

// mdTable writes rows as a Markdown table, with the verdict column when
// verdict is set.
func (r *compareReport) mdTable(b *bytes.Buffer, rows []compareRow, verdict bool) {
	b.WriteString("| Metric | Unit |")
	for _, v := range r.C.Variants {
		fmt.Fprintf(b, " %s |", mdText(v))
	}
	for _, v := range r.C.Variants[1:] {
		fmt.Fprintf(b, " %s − %s |", mdText(v), mdText(r.C.Variants[0]))
	}
	cols := 2*len(r.C.Variants) - 1
	if verdict {
		b.WriteString(" Verdict |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---:|", cols))
	if verdict {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s |", mdCode(row.Name), mdText(row.Unit), strings.Join(row.Values, " | "), strings.Join(row.Diffs, " | "))
		if verdict {
			fmt.Fprintf(b, " %s |", mdText(row.Verdict))
		}
		b.WriteString("\n")
	}
}

//go:embed compare.html.tmpl
var compareSource string

var compareTemplate = template.Must(template.New("compare").Parse(compareSource))

func (r *compareReport) html() ([]byte, error) {
	type fig struct {
		Number           int
		Name, Title, Cap string
		Img              template.HTML
	}
	d := struct {
		CSS       template.CSS
		R         *compareReport
		Intro     string
		Replicas  int
		Variants  [][3]string
		Key, All  []compareRow
		DiffHeads []string
		Figures   []fig
		Note      string
	}{Note: summaryNote, CSS: template.CSS(reportCSS), R: r, Intro: compareIntro, Replicas: r.replications(),
		Variants: r.variantRows(), Key: r.keyRows(), All: r.Rows}
	for _, v := range r.C.Variants[1:] {
		d.DiffHeads = append(d.DiffHeads, v+" − "+r.C.Variants[0])
	}
	for _, f := range r.Figures {
		d.Figures = append(d.Figures, fig{f.Number, f.Name, sentence(f.Title), f.Cap, imgTag(f.PNG, mdAlt(f.Cap, f.Title))})
	}
	var b bytes.Buffer
	if err := compareTemplate.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
