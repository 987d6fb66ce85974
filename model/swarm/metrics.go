package swarm

import (
	"math"
	"slices"
	"strconv"

	"github.com/swarmecon/swarmecon/sim"
	"gonum.org/v1/gonum/stat"
)

// Metrics lists the summary metrics the swarm model sets in Finish, for
// every torrent NAME (or "all" over a catalogue).
func Metrics() []sim.MetricDoc {
	return []sim.MetricDoc{
		{Name: "swarm.NAME.arrived", Unit: "peers", Doc: "leechers that joined"},
		{Name: "swarm.NAME.completed", Unit: "peers", Doc: "leechers that completed their download"},
		{Name: "swarm.NAME.aborted", Unit: "peers", Doc: "leechers that gave up"},
		{Name: "swarm.NAME.download_time_s.mean", Unit: "s", Doc: "mean time from arrival to completion"},
		{Name: "swarm.NAME.download_time_s.p50", Unit: "s", Doc: "median download time"},
		{Name: "swarm.NAME.download_time_s.p90", Unit: "s", Doc: "90th percentile of download time"},
		{Name: "swarm.NAME.download_time_s.p99", Unit: "s", Doc: "99th percentile of download time"},
		{Name: "swarm.NAME.download_time_s.max", Unit: "s", Doc: "longest download time"},
		{Name: "swarm.NAME.bytes_uploaded", Unit: "bytes", Doc: "bytes sent by all peers (flows that ended)"},
		{Name: "swarm.NAME.bytes_downloaded", Unit: "bytes", Doc: "bytes received by all peers (flows that ended)"},
		{Name: "swarm.NAME.seeds.mean", Unit: "peers", Doc: "time mean of seeds present, initial seeds included"},
		{Name: "swarm.NAME.leechers.mean", Unit: "peers", Doc: "time mean of leechers present"},
		{Name: "swarm.NAME.seed_time_s.mean", Unit: "s", Doc: "mean seeding time of seeds that left"},
		{Name: "swarm.NAME.upload_utilization", Unit: "1", Doc: "bytes uploaded / upload capacity of peers with an interested neighbour"},
		{Name: "swarm.NAME.availability.min_mean", Unit: "copies", Doc: "time mean of the rarest piece's copies"},
		{Name: "swarm.NAME.availability.median_mean", Unit: "copies", Doc: "time mean of the median piece's copies"},
		{Name: "swarm.NAME.dead_at_s", Unit: "s", Doc: "when the last full copy left (null while one exists; all: when every torrent died)"},
		{Name: "swarm.NAME.paid.download_time_s.p50", Unit: "s", Doc: "median download time on paid slots (null without a market)"},
		{Name: "swarm.NAME.free.download_time_s.p50", Unit: "s", Doc: "median download time of peers that did not pay"},
		{Name: "swarm.NAME.peer_events", Unit: "events", Doc: "events the model handled (piece completions, rechokes, announces, churn)"},
	}
}

// Stats is one torrent's (or a catalogue's) results, for tests and
// benchmarks.
type Stats struct {
	Arrived, Completed, Aborted int
	BytesUp, BytesDown          float64
	DownloadTimes               []float64 // seconds, in completion order
	SeedsMean, LeechersMean     float64
	SeedTimeMean                float64 // seconds
	LastSeedLeft                float64 // seconds; when the last seed that was a leecher left (NaN if none did)
	Utilization                 float64
	AvailMinMean, AvailMedMean  float64
	DeadAt                      float64 // seconds; NaN while a full copy exists
	Events                      int64   // events handled
}

// Stats returns the results over the torrents named, or every torrent
// when none is named. Call it after Finish.
func (m *Model) Stats(names ...string) Stats {
	var ts []*torrent
	for _, t := range m.torrents {
		if len(names) == 0 || slices.Contains(names, t.cfg.Name) {
			ts = append(ts, t)
		}
	}
	return m.statsOf(ts)
}

func (m *Model) statsOf(ts []*torrent) Stats {
	var s Stats
	dur := m.cfg.Duration.Seconds()
	var give, seedTime float64
	seedN, dead := 0, 0
	deadAt, lastSeedLeft := 0.0, math.NaN()
	for _, t := range ts {
		st := &t.st
		s.Arrived += st.arrived
		s.Completed += st.completed
		s.Aborted += st.aborted
		s.BytesUp += st.bytesUp
		s.BytesDown += st.bytesDown
		s.Events += st.events
		for _, v := range st.downloadTimes {
			s.DownloadTimes = append(s.DownloadTimes, widen(v))
		}
		s.SeedsMean += st.seedArea / dur
		s.LeechersMean += st.leechArea / dur
		seedTime += st.seedTimeSum
		seedN += st.seedTimeN
		if st.seedTimeN > 0 && !(st.lastSeedLeft.Seconds() <= lastSeedLeft) { // NaN: none yet
			lastSeedLeft = st.lastSeedLeft.Seconds()
		}
		give += st.giveArea
		s.AvailMinMean += st.minArea / dur / float64(len(ts))
		s.AvailMedMean += st.medianArea / dur / float64(len(ts))
		if st.deadAt >= 0 {
			dead++
			deadAt = math.Max(deadAt, st.deadAt.Seconds())
		}
	}
	s.SeedTimeMean = nanDiv(seedTime, float64(seedN))
	s.LastSeedLeft = lastSeedLeft
	s.Utilization = nanDiv(s.BytesUp, give)
	s.DeadAt = math.NaN()
	if dead == len(ts) {
		s.DeadAt = deadAt
	}
	return s
}

// widen returns the float64 nearest the shortest decimal that reads back
// as v, so that a time kept in 4 bytes reports as 299.04327, not as
// 299.04327392578125.
func widen(v float32) float64 {
	x, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
	return x
}

func nanDiv(a, b float64) float64 {
	if b <= 0 {
		return math.NaN()
	}
	return a / b
}

// quantile is the empirical quantile analysis uses (gonum's Empirical).
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	return stat.Quantile(p, stat.Empirical, sorted, nil)
}

// report sets the metrics, observations and time series of ts under
// swarm.name.
func (m *Model) report(name string, ts []*torrent) {
	pre := "swarm." + name + "."
	s := m.statsOf(ts)
	r := m.rec
	r.Metric(pre+"arrived", float64(s.Arrived))
	r.Metric(pre+"completed", float64(s.Completed))
	r.Metric(pre+"aborted", float64(s.Aborted))
	dts := slices.Clone(s.DownloadTimes)
	for _, v := range dts {
		r.Observe(pre+"download_time_s", v)
	}
	slices.Sort(dts)
	mean := math.NaN()
	if len(dts) > 0 {
		mean = stat.Mean(dts, nil)
	}
	r.Metric(pre+"download_time_s.mean", mean)
	r.Metric(pre+"download_time_s.p50", quantile(dts, 0.5))
	r.Metric(pre+"download_time_s.p90", quantile(dts, 0.9))
	r.Metric(pre+"download_time_s.p99", quantile(dts, 0.99))
	r.Metric(pre+"download_time_s.max", quantile(dts, 1))
	r.Metric(pre+"bytes_uploaded", math.Round(s.BytesUp))
	r.Metric(pre+"bytes_downloaded", math.Round(s.BytesDown))
	r.Metric(pre+"seeds.mean", s.SeedsMean)
	r.Metric(pre+"leechers.mean", s.LeechersMean)
	r.Metric(pre+"seed_time_s.mean", s.SeedTimeMean)
	r.Metric(pre+"upload_utilization", s.Utilization)
	r.Metric(pre+"availability.min_mean", s.AvailMinMean)
	r.Metric(pre+"availability.median_mean", s.AvailMedMean)
	r.Metric(pre+"dead_at_s", s.DeadAt)
	r.Metric(pre+"paid.download_time_s.p50", math.NaN())
	r.Metric(pre+"free.download_time_s.p50", quantile(dts, 0.5))
	r.Metric(pre+"peer_events", float64(s.Events))
	m.reportSeries(pre, ts)
}

// reportSeries sums the torrents' samples (means for copy counts) and
// records them.
func (m *Model) reportSeries(pre string, ts []*torrent) {
	n := len(ts[0].st.series[seriesSeeds])
	for k := 0; k < n; k++ {
		at := sim.Time(k) * m.cfg.SampleEvery
		if k == n-1 {
			at = m.cfg.Duration
		}
		var seeds, leech, rarest, median, up, give float64
		for _, t := range ts {
			sr := &t.st.series
			seeds += sr[seriesSeeds][k]
			leech += sr[seriesLeechers][k]
			rarest += sr[seriesRarest][k] / float64(len(ts))
			median += sr[seriesMedian][k] / float64(len(ts))
			up += sr[seriesUp][k]
			give += sr[seriesGive][k]
		}
		m.rec.Sample(pre+"seeds", at, seeds)
		m.rec.Sample(pre+"leechers", at, leech)
		m.rec.Sample(pre+"rarest_copies", at, rarest)
		m.rec.Sample(pre+"median_copies", at, median)
		if k > 0 {
			m.rec.Sample(pre+"upload_utilization", at, nanDiv(up, give))
		}
	}
}

// declareFigures asks for the report's swarm figures.
func (m *Model) declareFigures() {
	names := []string{m.cfg.Aggregate}
	if m.cfg.Aggregate == "" {
		names = names[:0]
		for _, t := range m.torrents {
			names = append(names, t.cfg.Name)
		}
	}
	for _, n := range names {
		pre := "swarm." + n + "."
		m.rec.Figure(sim.Figure{
			Name: "swarm-" + n + "-population", Title: n + ": seeds and leechers",
			Caption: "Peers present in the swarm over time; initial seeds count as seeds.",
			Kind:    sim.Lines, Series: []string{pre + "seeds", pre + "leechers"}, YLabel: "peers",
		})
		m.rec.Figure(sim.Figure{
			Name: "swarm-" + n + "-download-time", Title: n + ": download time",
			Caption: "Empirical distribution of the time from arrival to completion, completed leechers only.",
			Kind:    sim.CDF, Series: []string{pre + "download_time_s"}, XLabel: "download time (s)", YLabel: "share of completed peers", LogX: true,
		})
		m.rec.Figure(sim.Figure{
			Name: "swarm-" + n + "-availability", Title: n + ": piece availability",
			Caption: "Copies of the rarest and of the median piece among present peers; the swarm is dead when the rarest reaches 0 with no seed.",
			Kind:    sim.Lines, Series: []string{pre + "rarest_copies", pre + "median_copies"}, YLabel: "copies",
		})
		m.rec.Figure(sim.Figure{
			Name: "swarm-" + n + "-utilization", Title: n + ": upload utilization",
			Caption: "Bytes uploaded over the upload capacity of peers that had an interested neighbour, per sample interval.",
			Kind:    sim.Lines, Series: []string{pre + "upload_utilization"}, YLabel: "share of capacity",
		})
	}
}
