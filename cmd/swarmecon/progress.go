package main

import (
	"github.com/schollz/progressbar/v3"

	"github.com/swarmecon/swarmecon/sim"
)

// progress shows how far a run has got in simulated time, on stderr, only
// when stderr is a terminal and --quiet is off.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(e *env, quiet bool, horizon sim.Time) *progress {
	if quiet || !e.terminal {
		return &progress{}
	}
	days := int64(horizon / sim.Day)
	if horizon%sim.Day != 0 {
		days++
	}
	return &progress{bar: progressbar.NewOptions64(days,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("simulating"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("sim-days"),
		progressbar.OptionShowIts(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)}
}

// update sets the bar to simulated time t.
func (p *progress) update(t sim.Time) {
	if p.bar != nil {
		_ = p.bar.Set64(int64(t / sim.Day))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
