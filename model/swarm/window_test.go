package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// window holds one torrent's statistics over [from, to): the run's
// totals at to minus those at from.
type windowStats struct {
	seconds         float64
	arrived         int
	seedsMean       float64 // time mean, initial seeds included
	leechersMean    float64
	downloadTimes   []float64 // of peers that completed in the window
	seedTimeMean    float64   // of seeds that left in the window
	seedDepartures  int
	leechDepartures int
	sojournMean     float64 // of leechers that completed or aborted in the window
	bytesUp, bytesD float64
}

// runWindow runs a one-torrent cfg to its horizon and measures from
// warm on, advancing the shards by hand to take the snapshot.
func runWindow(t *testing.T, cfg Config, warm sim.Time) (windowStats, *Model) {
	t.Helper()
	m, err := New(cfg, nopRecorder{})
	if err != nil {
		t.Fatal(err)
	}
	s := m.shards[0]
	tr := s.torrents[0]
	if err := s.Advance(warm, nil); err != nil {
		t.Fatal(err)
	}
	tr.settle(warm)
	before := tr.st
	nDone := len(tr.st.downloadTimes)
	if err := s.Advance(cfg.Duration, nil); err != nil {
		t.Fatal(err)
	}
	tr.settle(cfg.Duration)
	after := tr.st
	w := windowStats{
		seconds:        (cfg.Duration - warm).Seconds(),
		arrived:        after.arrived - before.arrived,
		seedDepartures: after.seedTimeN - before.seedTimeN,
		bytesUp:        after.bytesUp, bytesD: after.bytesDown,
	}
	for _, v := range after.downloadTimes[nDone:] {
		w.downloadTimes = append(w.downloadTimes, widen(v))
	}
	w.seedsMean = (after.seedArea - before.seedArea) / w.seconds
	w.leechersMean = (after.leechArea - before.leechArea) / w.seconds
	w.seedTimeMean = (after.seedTimeSum - before.seedTimeSum) / float64(w.seedDepartures)
	w.leechDepartures = after.sojournN - before.sojournN
	w.sojournMean = (after.sojournSum - before.sojournSum) / float64(w.leechDepartures)
	return w, m
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
