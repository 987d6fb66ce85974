package plots

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/swarmecon/swarmecon/analysis"
)

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {3000, "3,000"}, {-1234567, "-1,234,567"}, {990e12, "990,000,000,000,000"},
		{2529.46, "2,529.5"}, {0.412345678, "0.41235"}, {1e-7, "1e-07"},
		{math.NaN(), "n/a"}, {math.Inf(-1), "-Inf"}, {1e20, "1e+20"},
	} {
		if got := formatValue(c.v); got != c.want {
			t.Errorf("formatValue(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestKeyMetricsCatalogueShowsOnlyAll(t *testing.T) {
	var all []analysis.Metric
	for _, name := range []string{"a", "all", "b", "c", "d", "e"} {
		all = append(all, analysis.Metric{Name: "swarm." + name + ".completed", Value: 1})
	}
	all = append(all, analysis.Metric{Name: "token.inflation.annualized", Value: 0.02})
	got := keyMetrics(all)
	if len(got) != 2 || got[0].Name != "swarm.all.completed" || got[1].Name != "token.inflation.annualized" {
		t.Errorf("keyMetrics = %v, want swarm.all.completed then token.inflation.annualized", got)
	}
	if got := keyMetrics(all[:3]); len(got) != 3 {
		t.Errorf("with 3 swarms keyMetrics = %v, want all three", got)
	}
}

func TestMarkdownFenceOutgrowsBackticks(t *testing.T) {
	if got := fenceFor("a = \"```\"\nb = \"````\""); got != "`````" {
		t.Errorf("fenceFor = %q, want five backticks", got)
	}
}

// TestWriteRunFailureCreatesNothing: an output that cannot be encoded
// fails before anything, even the parent folder, is created.
func TestWriteRunFailureCreatesNothing(t *testing.T) {
	root := t.TempDir()
	r := analysis.NewRecorder()
	r.Metric("seed", 1) // collides with summary.json's own key
	if err := WriteRun(filepath.Join(root, "new", "run"), r, analysis.Meta{}); err == nil {
		t.Fatal("WriteRun succeeded with a metric named seed")
	}
	if des, _ := os.ReadDir(root); len(des) != 0 {
		t.Errorf("a failed WriteRun left %v", des)
	}
}
