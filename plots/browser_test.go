package plots

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/swarmecon/swarmecon/analysis"
)

// chromium finds a headless-capable Chromium. The test is skipped only
// when there is none and CI is unset: under CI (which installs Debian's
// chromium) a missing browser fails the test.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but no chromium is installed (.ci/run installs Debian's chromium)")
	}
	t.Skip("no chromium installed; install it (apt-get install chromium) to run the browser test")
	return ""
}

// imgProbe is added to a copy of a report: after the page has loaded it
// writes each image's loading state and natural width into the DOM,
// which --dump-dom then prints.
const imgProbe = `<script>
window.addEventListener("load", function () {
  var p = document.createElement("pre");
  p.id = "img-probe";
  var outside = Array.prototype.filter.call(
    document.querySelectorAll("[src], link[href], object[data], iframe, embed"), function (e) {
      var u = e.getAttribute("src") || e.getAttribute("href") || e.getAttribute("data") || "";
      return u.indexOf("data:") !== 0;
    }).length;
  p.textContent = Array.prototype.map.call(document.images, function (i) {
    return (i.complete ? "ok" : "pending") + ":" + i.naturalWidth;
  }).join(" ") + " end outside:" + outside;
  document.body.appendChild(p);
});
</script>
</body>`

var probeOut = regexp.MustCompile(`<pre id="img-probe">([^<]*)</pre>`)

// renderInBrowser opens report in headless Chromium, without network or
// any profile, and returns the natural width of each of its images. It
// fails the test if the loaded page refers to anything that is not a
// data: URI (an image, stylesheet, script or frame from elsewhere).
func renderInBrowser(t *testing.T, browser, report string) []int {
	t.Helper()
	html, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(t.TempDir(), "probe.html")
	if err := os.WriteFile(probe, []byte(strings.Replace(string(html), "</body>", imgProbe, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// A bound on a hung browser, not a measurement.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-extensions", "--user-data-dir="+t.TempDir(),
		"--proxy-server=127.0.0.1:9", "--virtual-time-budget=5000",
		"--dump-dom", "file://"+probe)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium on %s: %v", report, err)
	}
	m := probeOut.FindSubmatch(out)
	if m == nil {
		t.Fatalf("chromium did not run the probe on %s; DOM:\n%.2000s", report, out)
	}
	var widths []int
	for _, f := range strings.Fields(string(m[1])) {
		if n, ok := strings.CutPrefix(f, "outside:"); ok && n != "0" {
			t.Errorf("%s fetched %s resources from outside itself", report, n)
		}
		if f == "end" {
			continue
		}
		if strings.HasPrefix(f, "outside:") {
			break
		}
		state, w, _ := strings.Cut(f, ":")
		n, _ := strconv.Atoi(w)
		if state != "ok" {
			n = 0
		}
		widths = append(widths, n)
	}
	return widths
}

// The run, replicated-run, compare and sweep reports render every figure in a real
// browser with no network: each <img> loads with a non-zero width.
func TestReportsRenderInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if err := WriteRun(run, syntheticRun(), syntheticMeta()); err != nil {
		t.Fatal(err)
	}
	replicated := filepath.Join(dir, "replicated")
	stats := analysis.Replications([][]analysis.Metric{syntheticRun().Metrics(), syntheticRun().Metrics()})
	bands := analysis.Bands([]map[string][]analysis.Point{
		{"token.supply": syntheticRun().Samples("token.supply")},
		{"token.supply": syntheticRun().Samples("token.supply")},
	})
	if err := WriteReplicated(replicated, syntheticRun(), stats, bands, syntheticMeta()); err != nil {
		t.Fatal(err)
	}
	rec := syntheticRun()
	// Two replications each, b above a by 10% and 20%: the report gets
	// the figure of paired differences besides the overlays.
	scaled := func(f float64) []analysis.Metric {
		ms := rec.Metrics()
		for i := range ms {
			ms[i].Value *= f
		}
		return ms
	}
	cmp, err := analysis.Compare([]string{"a", "b"}, [][][]analysis.Metric{{scaled(1), scaled(1.01)}, {scaled(1.1), scaled(1.2)}})
	if err != nil {
		t.Fatal(err)
	}
	compare := filepath.Join(dir, "compare")
	vs := []Variant{{Name: "a", Meta: syntheticMeta(), Rec: rec}, {Name: "b", Meta: syntheticMeta(), Rec: syntheticRun()}}
	if err := WriteCompare(compare, cmp, vs); err != nil {
		t.Fatal(err)
	}
	sweep := filepath.Join(dir, "sweep")
	if err := WriteSweep(sweep, syntheticSweep()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dir  string
		figs int
	}{{run, 3}, {replicated, 3}, {compare, 4}, {sweep, 1}} {
		widths := renderInBrowser(t, browser, filepath.Join(c.dir, "report.html"))
		if len(widths) != c.figs {
			t.Errorf("%s: %d images in the browser, want %d", c.dir, len(widths), c.figs)
		}
		for i, w := range widths {
			if w < 100 {
				t.Errorf("%s: image %d did not render (natural width %d)", c.dir, i+1, w)
			}
		}
	}
}

// syntheticSweep is a 3 × 2 grid whose metric rises with the first key.
func syntheticSweep() *Sweep {
	s := &Sweep{Meta: syntheticMeta(), Keys: []string{"market.fee", "market.enabled"}, Replications: 4, Metric: "m"}
	for i, fee := range []string{"0", "0.05", "0.1"} {
		for j, on := range []string{"false", "true"} {
			v := float64(i) + float64(j)/2
			s.Cells = append(s.Cells, analysis.SweepCell{Values: []string{fee, on},
				Stats: []analysis.Stat{analysis.StatOf("m", []float64{v, v + 0.1, v + 0.2, v + 0.1})}})
		}
	}
	return s
}
