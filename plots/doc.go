// Package plots draws a run's figures with gonum/plot and writes the run's
// output folder: summary.json, timeseries.csv, report.md, a self-contained
// report.html and plots/NAME.png and plots/NAME.svg for every figure a
// model declared. WriteRun is the one call a command needs; Render draws
// a single figure.
//
// Three more outputs build on it. WriteReplicated writes a replicated
// run: summary.json of means, stats.json, and tables with 95% intervals.
// WriteCompare writes a comparison of variants: compare.json, an
// executive summary saying which variant wins each metric, by how much
// and how surely (its paired interval excludes zero or not), and every
// figure overlaid with one colour per series and one dash pattern per
// variant. WriteSweep writes a sweep's sweep.csv and a report with a
// chosen metric's mean and interval against the first swept key.
//
// Figures are described by models in domain-free terms (sim.Figure) and
// drawn here from the data an analysis.Recorder collected: Lines draws
// time series against simulated time, in days for runs longer than three
// days and in hours otherwise; CDF draws empirical distribution functions.
// Every figure uses the same fixed palette (Okabe and Ito's, which stays
// distinguishable to colour-blind readers and in grey print), dash
// patterns that tell series apart without colour, light grid lines and a
// legend placed in the emptiest corner.
//
// A figure that cannot be drawn (no samples, nothing positive on a log
// axis) is skipped with a note in the report; it never fails the run.
//
// Output is deterministic: the same Recorder content gives byte-identical
// PNG and SVG files on one platform. The SVG files name their fonts
// (Liberation) rather than embed them, so a viewer without those fonts
// substitutes similar ones; report.html embeds the PNG renderings, which
// look the same everywhere.
package plots
