package sim

// Recorder receives what models observe. analysis implements it; models
// only ever see this interface, so they never import analysis or plots.
//
// Every method may be called from any shard's goroutine. An implementation
// must make its output independent of call order (for example by keying
// samples by (name, time) and sorting before it writes), so that goroutine
// scheduling never reaches a result.
type Recorder interface {
	// Sample records value v of the time series name at time t.
	Sample(name string, t Time, v float64)
	// Observe adds one observation v to the distribution name; the report
	// draws its CDF and the summary its quantiles.
	Observe(name string, v float64)
	// Metric sets the summary metric name. NaN means "no value" (null).
	Metric(name string, v float64)
	// Figure asks for a figure in the report. Calling it twice with the
	// same Name keeps the first.
	Figure(f Figure)
}

// FigureKind says how a Figure draws its series.
type FigureKind int

const (
	// Lines draws time series (Sample) against simulated time.
	Lines FigureKind = iota
	// CDF draws the empirical distribution of observations (Observe).
	CDF
)

// Figure describes a figure of the report in words free of any domain: a
// title, axis labels with units, and the names of the series it draws.
type Figure struct {
	Name    string // file stem under plots/, [a-z0-9-]+
	Title   string
	Caption string // one or two sentences under the figure in the report
	Kind    FigureKind
	Series  []string // time-series names (Lines) or distribution names (CDF)
	XLabel  string   // with its unit; Lines defaults to the simulated time
	YLabel  string   // with its unit
	LogX    bool     // for distributions spanning decades
	LogY    bool
}

// MetricDoc documents one summary metric a model sets, for `list metrics`
// and the documentation.
type MetricDoc struct {
	Name string // dotted, as in summary.json; NAME stands for a torrent's name
	Unit string
	Doc  string
}
