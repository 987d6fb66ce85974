package plots

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
)

// intro is the sentence under the title of both reports.
const intro = "This is the report of one swarmecon simulation run: its key metrics, " +
	"the figures its models asked for and the exact scenario that produced them. " +
	"The same scenario, seed and version reproduce every number; summary.json and " +
	"timeseries.csv beside this file hold the data at full precision."

// replicatedIntro replaces intro for a replicated run.
const replicatedIntro = "This is the report of %d independent replications of one swarmecon scenario: " +
	"each metric's mean over the replications with its 95%% confidence interval, the figures of the " +
	"first replication and the exact scenario that produced them. The same scenario, seed and version " +
	"reproduce every number; summary.json (means), stats.json (mean, sd, interval, n) and " +
	"timeseries.csv beside this file hold the data at full precision."

func (r *report) intro() string {
	if r.Stats != nil {
		return fmt.Sprintf(replicatedIntro, r.Replications)
	}
	return intro
}

// markdown renders report.md. Figures link to plots/NAME.png.
func (r *report) markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Simulation report: %s\n\n%s\n\n", mdText(r.Meta.Scenario), r.intro())
	if d := strings.TrimSpace(r.Meta.Description); d != "" {
		fmt.Fprintf(&b, "%s\n\n", d)
	}

	b.WriteString("| Run | |\n|---|---|\n")
	for _, row := range r.runRows() {
		fmt.Fprintf(&b, "| %s | %s |\n", row[0], mdCode(row[1]))
	}

	b.WriteString("\n## Key metrics\n\n")
	r.mdMetrics(&b, r.Key, "No key metric was produced by this run.")

	if len(r.Figures) > 0 {
		b.WriteString("\n## Figures\n")
		for _, f := range r.Figures {
			fmt.Fprintf(&b, "\n![%s](plots/%s.png)\n\n*Figure %d. %s*", mdAlt(f.Cap, f.Title), f.Name, f.Number, mdText(sentence(f.Title)))
			if f.Cap != "" {
				fmt.Fprintf(&b, " %s", mdText(f.Cap))
			}
			fmt.Fprintf(&b, " (also as [SVG](plots/%s.svg))\n", f.Name)
		}
	}

	if notes := r.allNotes(); len(notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", mdText(n))
		}
	}

	b.WriteString("\n## All metrics\n\n")
	r.mdMetrics(&b, r.All, "This run produced no metrics.")

	b.WriteString("\n## Effective scenario\n\n")
	fence := fenceFor(r.Meta.Effective)
	fmt.Fprintf(&b, "%stoml\n%s\n%s\n", fence, strings.TrimRight(r.Meta.Effective, "\n"), fence)
	return b.Bytes()
}

// runRows lists the run's identity: what to quote to reproduce it.
func (r *report) runRows() [][2]string {
	rows := [][2]string{{"Scenario", r.Meta.Scenario}}
	if r.Meta.File != "" {
		rows = append(rows, [2]string{"File", r.Meta.File})
	}
	rows = append(rows,
		[2]string{"Scenario SHA-256", r.Meta.SHA256},
		[2]string{"Seed", fmt.Sprint(r.Meta.Seed)},
	)
	if r.Stats != nil {
		rows = append(rows, [2]string{"Replications", fmt.Sprintf(
			"%d (replication 1 uses the seed, replication k its own seed derived from it)", r.Replications)})
	}
	rows = append(rows,
		[2]string{"Simulated duration", r.Duration},
	)
	if len(r.Meta.Sets) > 0 {
		rows = append(rows, [2]string{"Overrides (--set)", strings.Join(r.Meta.Sets, " ")})
	}
	return append(rows, [2]string{"swarmecon version", r.Meta.Version})
}

// allNotes is what the reader should know about figures and data.
func (r *report) allNotes() []string {
	return append(append([]string(nil), r.Skipped...), r.Notes...)
}

func (r *report) mdMetrics(b *bytes.Buffer, ms []analysis.Metric, none string) {
	if len(ms) == 0 {
		fmt.Fprintf(b, "%s\n", none)
		return
	}
	b.WriteString("| Metric | " + r.valueHeader() + " | Unit |\n|---|---:|---|\n")
	for _, m := range ms {
		fmt.Fprintf(b, "| %s | %s | %s |\n", mdCode(m.Name), r.valueText(m), mdText(unitLabel(r.Meta.UnitOf(m.Name))))
	}
}

// unitLabel names a documented unit for a table: "1" (a ratio or a
// share) reads as "ratio"; unknown stays empty.
func unitLabel(unit string) string {
	if unit == "1" {
		return "ratio"
	}
	return unit
}

// mdText keeps free text on one line and out of table syntax.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// mdCode renders s as inline code in a table cell; GFM needs the pipe
// escaped even there.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

// mdAlt is an image's alt text: the caption, else the title.
func mdAlt(caption, title string) string {
	if caption == "" {
		caption = title
	}
	return strings.NewReplacer("[", "(", "]", ")").Replace(mdText(caption))
}

// fenceFor returns a code fence longer than any backtick run in s.
func fenceFor(s string) string {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
