package plots

import (
	"bytes"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var keep = flag.String("keep", "", "also write the synthetic run's output folder here, to look at")

func TestWriteRunSynthetic(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	out := filepath.Join(parent, "run")
	if err := WriteRun(out, syntheticRun(), syntheticMeta()); err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		if err := WriteRun(*keep, syntheticRun(), syntheticMeta()); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if !d.IsDir() {
			rel, _ := filepath.Rel(out, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{
		"plots/download-time.png", "plots/download-time.svg",
		"plots/supply.png", "plots/supply.svg",
		"plots/swarm-population.png", "plots/swarm-population.svg",
		"report.html", "report.md", "summary.json", "timeseries.csv",
	}
	if !slices.Equal(got, want) {
		t.Errorf("output files:\n%q\nwant:\n%q", got, want)
	}
	md := read(t, out, "report.md")
	for _, s := range []string{
		"# Simulation report: demo\n\nThis is the report of one swarmecon simulation run",
		"![Seeds and leechers of swarm demo after the flash crowd.](plots/swarm-population.png)",
		`Figure "storage" (Storage occupancy) was not drawn`,
		"| `swarm.demo.completed` | 3,000 |",
		"| `swarm.demo.dead_at_s` | n/a |",
		"```toml\nname = \"demo\"",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("report.md lacks %q", s)
		}
	}
}

// TestReportHTMLIsSelfContained: report.html must load nothing: no
// http(s) address and every src a data: URI.
func TestReportHTMLIsSelfContained(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "run")
	meta := syntheticMeta()
	meta.Description = `A description with markup: <img src="x.png">` // must be escaped
	if err := WriteRun(out, syntheticRun(), meta); err != nil {
		t.Fatal(err)
	}
	html := read(t, out, "report.html")
	// The embedded images are the PNG files, in the report's order.
	embedded := regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"`).FindAllStringSubmatch(html, -1)
	if len(embedded) != 3 {
		t.Fatalf("report.html embeds %d PNG figures, want 3", len(embedded))
	}
	for i, name := range []string{"download-time", "supply", "swarm-population"} {
		png, err := base64.StdEncoding.DecodeString(embedded[i][1])
		if err != nil || string(png) != read(t, out, "plots/"+name+".png") {
			t.Errorf("figure %d of report.html is not plots/%s.png (%v)", i+1, name, err)
		}
	}
	if strings.Contains(html, `<img src="x.png">`) {
		t.Error("the description's markup reached report.html unescaped")
	}
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`https?://`),
		regexp.MustCompile(`src="[^d]|src="d[^a]`),
		regexp.MustCompile(`<link|@import|url\(`),
	} {
		if loc := bad.FindStringIndex(html); loc != nil {
			t.Errorf("report.html refers to something outside: %q", html[max(0, loc[0]-40):min(len(html), loc[1]+40)])
		}
	}
}

// TestWriteRunIsDeterministic: two writes of the same data, with figures
// drawn on one worker and on eight, give the same bytes in every file.
func TestWriteRunIsDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for i, dir := range []string{a, b} {
		runtime.GOMAXPROCS([]int{1, 8}[i])
		if err := WriteRun(dir, syntheticRun(), syntheticMeta()); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"summary.json", "timeseries.csv", "report.md", "report.html",
		"plots/supply.png", "plots/supply.svg", "plots/download-time.png", "plots/download-time.svg"} {
		if !bytes.Equal([]byte(read(t, a, name)), []byte(read(t, b, name))) {
			t.Errorf("%s differs between two writes of the same run", name)
		}
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWriteRunReplacesOnlyARun: a previous run's folder is replaced
// whole; a folder of something else is left alone with an error.
func TestWriteRunReplacesOnlyARun(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "run")
	if err := WriteRun(out, syntheticRun(), syntheticMeta()); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "plots", "stale.png"), []byte("x"), 0o644)
	if err := WriteRun(out, syntheticRun(), syntheticMeta()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "stale.png")); err == nil {
		t.Error("a file of the previous output survived its replacement")
	}
	if des, _ := os.ReadDir(filepath.Dir(out)); len(des) != 1 {
		t.Errorf("beside the output: %v, want only it (temporary folders left?)", des)
	}

	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "thesis.tex"), []byte("precious"), 0o644)
	if err := WriteRun(other, syntheticRun(), syntheticMeta()); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("err = %v, want a refusal to replace a folder that is not a run", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "thesis.tex")); string(b) != "precious" {
		t.Error("a folder that was not a run's output was touched")
	}
}
