package plots

import (
	"math"
	"math/rand/v2"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// syntheticMeta describes syntheticRun's made-up run.
func syntheticMeta() analysis.Meta {
	return analysis.Meta{
		Scenario:    "demo",
		Description: "A synthetic run: one flash-crowd swarm, a bandwidth market and a token ledger.",
		SHA256:      "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
		Version:     "v0.0.0-test",
		File:        "scenarios/demo.toml",
		Seed:        42,
		Duration:    30 * sim.Day,
		Sets:        []string{"market.enabled=true", "seed=42"},
		Effective:   "name = \"demo\"\nseed = 42\nduration = \"30d\"\n\n[market]\nenabled = true\n",
	}
}

// syntheticRun fills a recorder with data shaped like a real run's, from a
// fixed seed: swarm populations decaying after a flash crowd, a supply
// that grows, download times that are lognormal, and figures including
// one whose series do not exist and one on log axes.
func syntheticRun() *analysis.Recorder {
	rng := rand.New(rand.NewPCG(1, 2))
	r := analysis.NewRecorder()
	for h := 0; h <= 30*24; h++ {
		t := sim.Time(h) * sim.Hour
		days := t.Seconds() / 86400
		leechers := 900*math.Exp(-days/2) + 20*rng.Float64()
		seeds := 40 + 300*(1-math.Exp(-days))*math.Exp(-days/10) + 5*rng.Float64()
		r.Sample("swarm.demo.leechers", t, math.Round(leechers))
		r.Sample("swarm.demo.seeds", t, math.Round(seeds))
		r.Sample("token.supply", t, 1e9*(1+0.05*days/365))
		if h%24 == 0 {
			r.Sample("market.clearing_price", t, 80+10*math.Sin(days/3))
		}
	}
	for range 3000 {
		r.Observe("swarm.demo.download_time_s", math.Exp(rng.NormFloat64()*0.8+math.Log(900)))
		r.Observe("swarm.demo.paid.download_time_s", math.Exp(rng.NormFloat64()*0.6+math.Log(500)))
	}
	r.MetricQuantiles("swarm.demo.download_time_s", "swarm.demo.download_time_s")
	r.MetricQuantiles("swarm.demo.paid.download_time_s", "swarm.demo.paid.download_time_s")
	r.Metric("swarm.demo.arrived", 4000)
	r.Metric("swarm.demo.completed", 3000)
	r.Metric("swarm.demo.dead_at_s", math.NaN())
	r.Metric("market.paid_share", 0.41234567)
	r.Metric("token.supply.end", 1.0041e9)
	r.Metric("token.inflation.annualized", 0.05)
	r.Metric("token.conservation_error", 0)

	r.Figure(sim.Figure{Name: "swarm-population", Title: "Swarm population",
		Caption: "Seeds and leechers of swarm demo after the flash crowd.",
		Kind:    sim.Lines, Series: []string{"swarm.demo.seeds", "swarm.demo.leechers"},
		YLabel: "peers"})
	r.Figure(sim.Figure{Name: "download-time", Title: "Download time",
		Caption: "Empirical CDF of completed downloads, all versus paid.",
		Kind:    sim.CDF, Series: []string{"swarm.demo.download_time_s", "swarm.demo.paid.download_time_s"},
		XLabel: "download time (s)", LogX: true})
	r.Figure(sim.Figure{Name: "supply", Title: "Token supply", Kind: sim.Lines,
		Series: []string{"token.supply", "market.clearing_price"}, YLabel: "tokens", LogY: true})
	r.Figure(sim.Figure{Name: "storage", Title: "Storage occupancy", Kind: sim.Lines,
		Series: []string{"storage.occupancy"}, YLabel: "share of capacity"})
	return r
}
