package plots

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// WriteRun writes a run's output folder dir from the data rec collected:
//
//	summary.json      every metric plus scenario, scenario_sha256, seed, version
//	timeseries.csv    time_s, then one column per series
//	report.md         the report, figures linked from plots/
//	report.html       the same report in one self-contained file
//	plots/NAME.png    each drawn figure, and plots/NAME.svg
//
// Everything is rendered in memory first and then written into a fresh
// temporary folder beside dir that replaces dir in one step (see
// analysis.WriteDirAtomic): an interrupted run leaves the old folder or
// the new one, complete. If anything fails, nothing is written. Call it
// once the run has finished and nothing records any more.
func WriteRun(dir string, rec *analysis.Recorder, meta analysis.Meta) error {
	return writeRun(dir, rec, nil, nil, meta)
}

// WriteReplicated writes the output folder of a replicated run: as
// WriteRun, except that summary.json holds each metric's mean over the
// replications, stats.json holds {mean, sd, ci95, n} per metric (see
// analysis.EncodeStats), and the report's tables show means with their
// 95% intervals. Time-series figures draw each series found in bands
// (analysis.Bands) as its mean over the replications in a shaded 95%
// band; other figures and timeseries.csv come from first, the recorder
// of the first replication (the one run with the scenario's seed), and
// the report says so.
func WriteReplicated(dir string, first *analysis.Recorder, stats []analysis.Stat, bands map[string][]analysis.BandPoint, meta analysis.Meta) error {
	if stats == nil {
		stats = []analysis.Stat{}
	}
	return writeRun(dir, first, stats, bands, meta)
}

func writeRun(dir string, rec *analysis.Recorder, stats []analysis.Stat, bands map[string][]analysis.BandPoint, meta analysis.Meta) error {
	if err := replaceable(dir); err != nil {
		return err
	}
	files, err := renderRun(rec, stats, bands, meta)
	if err != nil {
		return err
	}
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

// replaceable guards against replacing a folder that is not a previous
// run's output: "-o ." or a typo naming a folder of documents would
// otherwise be swapped away. A missing or empty folder, or one holding a
// summary.json, may be replaced.
func replaceable(dir string) error { return replaceableBy(dir, "summary.json") }

// replaceableBy is replaceable for outputs marked by the file marker
// (compare.json of a comparison).
func replaceableBy(dir, marker string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output folder %s: %w", dir, err)
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
		return nil
	}
	return fmt.Errorf("output folder %s: exists and holds no %s, so it is not a previous output of this command; refusing to replace it (choose a new or empty folder)", dir, marker)
}

type outFile struct {
	path string // slash-separated, relative to the output folder
	data []byte
}

// renderRun produces every output file's content, in a fixed order.
func renderRun(rec *analysis.Recorder, stats []analysis.Stat, bands map[string][]analysis.BandPoint, meta analysis.Meta) ([]outFile, error) {
	all := rec.Metrics()
	if stats != nil {
		all = analysis.MeanMetrics(stats)
	}
	summary, err := analysis.EncodeSummary(all, meta)
	if err != nil {
		return nil, err
	}
	rep := &report{
		Meta:     meta,
		Key:      keyMetrics(all),
		All:      all,
		Duration: formatDuration(meta.Duration),
	}
	files := []outFile{
		{"summary.json", summary},
		{"timeseries.csv", rec.EncodeTimeseries()},
	}
	if stats != nil {
		js, err := analysis.EncodeStats(stats)
		if err != nil {
			return nil, err
		}
		files = append(files, outFile{"stats.json", js})
		rep.Stats = map[string]analysis.Stat{}
		for _, s := range stats {
			rep.Stats[s.Name] = s
			rep.Replications = max(rep.Replications, s.N)
		}
		what := "Figures and timeseries.csv show"
		if len(bands) > 0 {
			what = "Time-series figures show each series' mean over the replications in a shaded 95% confidence band; " +
				"distribution figures and timeseries.csv show"
		}
		rep.Notes = append(rep.Notes, what+" the first replication (the scenario's seed); "+
			"the tables show means over the replications with 95% Student-t confidence intervals (stats.json).")
	}

	figs := rec.Figures()
	drawn := renderAll(figs, rec, meta, bands)
	for i, fig := range figs {
		d := drawn[i]
		if d.err != nil {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("Figure %q (%s) was not drawn: %v.", fig.Name, fig.Title, d.err))
			continue
		}
		for _, n := range d.Notes {
			rep.Notes = append(rep.Notes, fmt.Sprintf("Figure %q: %s.", fig.Name, n))
		}
		caption := fig.Caption
		if fig.Kind == sim.Lines && slices.ContainsFunc(fig.Series, func(s string) bool { _, ok := bands[s]; return ok }) {
			caption = strings.TrimSpace(caption + " Mean over the replications; the shaded band is its 95% confidence interval.")
		}
		rep.Figures = append(rep.Figures, figureEntry{
			Number: len(rep.Figures) + 1,
			Name:   fig.Name, Title: fig.Title, Cap: caption,
			PNG: d.PNG,
		})
		files = append(files,
			outFile{"plots/" + fig.Name + ".png", d.PNG},
			outFile{"plots/" + fig.Name + ".svg", d.SVG})
	}
	for _, w := range rec.Warnings() {
		rep.Notes = append(rep.Notes, "Recorder: "+w+".")
	}

	html, err := rep.html()
	if err != nil {
		return nil, fmt.Errorf("report.html: %w", err)
	}
	return append(files,
		outFile{"report.md", rep.markdown()},
		outFile{"report.html", html}), nil
}

type drawnFigure struct {
	Rendered
	err error
}

// renderAll draws the figures on all cores. Each figure is drawn alone
// from read-only data into its own slot, so the result does not depend on
// the number of workers or their timing.
func renderAll(figs []sim.Figure, rec *analysis.Recorder, meta analysis.Meta, bands map[string][]analysis.BandPoint) []drawnFigure {
	out := make([]drawnFigure, len(figs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(figs)) {
		wg.Go(func() {
			for i := range next {
				r, err := render(figs[i], rec, meta.Duration, bands)
				out[i] = drawnFigure{r, err}
			}
		})
	}
	for i := range figs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
