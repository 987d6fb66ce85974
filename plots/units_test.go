package plots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/analysis"
)

// unitsMeta documents units the way cmd passes the models' lists in.
func unitsMeta() analysis.Meta {
	m := syntheticMeta()
	m.Units = map[string]string{"swarm.NAME.completed": "peers", "m": "s", "token.burned": "tokens"}
	return m
}

// The metrics tables of run, compare and sweep reports show each
// metric's unit where the caller documents one.
func TestReportsShowUnits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	if err := WriteRun(out, syntheticRun(), unitsMeta()); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	if !strings.Contains(string(md), "| Metric | Value | Unit |") || !strings.Contains(string(md), "| `swarm.demo.completed` | 3,000 | peers |") {
		t.Errorf("report.md has no unit column:\n%s", md)
	}
	if !strings.Contains(string(html), "<th>Unit</th>") || !strings.Contains(string(html), "<td>peers</td>") {
		t.Error("report.html has no unit column")
	}

	runs := [][]analysis.Metric{{{Name: "token.burned", Value: 1}}, {{Name: "token.burned", Value: 2}}}
	cmp, err := analysis.Compare([]string{"A", "B"}, [][][]analysis.Metric{runs[:1], runs[1:]})
	if err != nil {
		t.Fatal(err)
	}
	rows := compareRows(cmp, unitsMeta().UnitOf)
	r := &compareReport{C: cmp, Variants: []Variant{{Name: "A", Meta: unitsMeta()}, {Name: "B", Meta: unitsMeta()}}, Rows: rows}
	if got := string(r.markdown()); !strings.Contains(got, "| Metric | Unit |") || !strings.Contains(got, "| `token.burned` | tokens |") {
		t.Errorf("compare report.md has no unit column:\n%s", got)
	}

	sw := syntheticSweep()
	sw.Meta = unitsMeta()
	smd, shtml, err := sweepReport(sw, "m", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(smd), "`m` (s) |") || !strings.Contains(string(shtml), "<code>m</code> (s)</th>") {
		t.Errorf("sweep report has no unit in the cells table:\n%s", smd)
	}
	one := syntheticSweep()
	one.Meta, one.Replications = unitsMeta(), 1
	for i := range one.Cells {
		one.Cells[i].Stats = []analysis.Stat{analysis.StatOf("m", []float64{float64(i)})}
	}
	omd, _, err := sweepReport(one, "m", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(smd), "0.12992 s.\n") || !strings.Contains(string(omd), ": 5 s (n=1).\n") {
		t.Errorf("sweep summary gives no unit:\n%s\n%s", smd, omd)
	}
}
