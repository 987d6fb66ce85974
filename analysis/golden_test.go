package analysis

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// Changing a golden file is a reviewed decision: summary.json and
// timeseries.csv are read by users' scripts and CI.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenRecorder holds a little of everything the formats must handle:
// ragged series, a NaN sample, a series name that needs CSV quoting,
// sub-second times, a null metric and awkward floats.
func goldenRecorder() *Recorder {
	r := NewRecorder()
	r.Sample("swarm.demo.seeds", 0, 1)
	r.Sample("swarm.demo.seeds", sim.Hour, 3)
	r.Sample("swarm.demo.seeds", 2*sim.Hour, math.NaN())
	r.Sample("swarm.demo.leechers", sim.Hour, 12)
	r.Sample("swarm.demo.leechers", 90*sim.Minute+250*sim.Millisecond, 0.1)
	r.Sample(`odd,"name"`, 2*sim.Hour, -2.5e-7)
	r.Metric("swarm.demo.completed", 17)
	r.Metric("token.inflation.annualized", 1.0/3)
	r.Metric("token.supply.end", 990e12)
	r.Metric("swarm.demo.dead_at_s", math.NaN())
	for _, v := range []float64{3, 1, 2} {
		r.Observe("dl", v)
	}
	r.MetricQuantiles("dl", "swarm.demo.download_time_s")
	return r
}

func TestGoldenFormats(t *testing.T) {
	r := goldenRecorder()
	sum, err := EncodeSummary(r.Metrics(), Meta{
		Scenario: "demo", SHA256: "ab12", Seed: math.MaxUint64, Version: "v0.0.0-test",
	})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "summary.golden.json", sum)
	checkGolden(t, "timeseries.golden.csv", r.EncodeTimeseries())
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}
