// Package analysis turns what a run observed into numbers and files.
//
// Its Recorder implements sim.Recorder: models push time-series samples,
// observations of distributions, summary metrics and figure requests into
// it from any shard's goroutine. Nothing it writes depends on the order of
// those calls: samples are sorted by (series, time), observations are
// sorted before any statistic is taken, metrics and series are sorted by
// name, and a value set twice is resolved by a fixed rule (the larger one
// wins) and reported as a warning rather than by whichever call came last.
//
// The package also encodes the machine-readable outputs of a run
// (summary.json, timeseries.csv) in a byte-stable format, and writes files
// and whole output folders atomically: an interrupted write leaves the
// complete old content or the complete new one, never a mix.
//
// For replicated runs it summarises each metric over replications (mean,
// standard deviation, 95% Student-t interval: stats.json); for
// comparisons under common random numbers it summarises the paired
// differences (Compare: compare.json); for sweeps it encodes one row per
// cell (sweep.csv). For CI it evaluates a scenario's expectations and a
// baseline's tolerance (Evaluate, Regressions) and writes JUnit XML.
//
// Figures and the human-readable report live in package plots, which
// builds on this one.
package analysis
