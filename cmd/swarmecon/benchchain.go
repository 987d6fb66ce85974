package main

import (
	"fmt"
	"time"

	"github.com/swarmecon/swarmecon/model/chain"
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// benchChainCmd runs 10^3 validators and 10^6 delegators for one
// simulated year at 1-day reward epochs: a 10% constant mint to stakers,
// yield-seeking stakers (so stake is restaked and unbonded every epoch),
// slashing on, samples every 30 days.
func benchChainCmd(e *env, asJSON bool) error {
	const validators, delegators = 1000, 1_000_000
	start := time.Now()
	rec := discardRecorder{}
	genesis, _ := token.ParseAmount("1e9", 18)
	perYear, _ := token.ParseAmount("1e8", 18)
	tok, err := token.NewModel(token.Config{
		Decimals: 18, Genesis: genesis, Step: sim.Day, SampleEvery: 30 * sim.Day, Duration: sim.Year,
		Emissions: []token.Emission{{Name: "mint", Schedule: token.Constant{PerYear: perYear}, Recipient: token.Stakers}},
	}, rec)
	if err != nil {
		return err
	}
	ch, err := chain.New(chain.Config{
		Validators: validators, Delegators: delegators, InitialStakedRatio: 0.5,
		BlockTime: 5 * sim.Second, RewardEpoch: sim.Day, Unbonding: 21 * sim.Day,
		Uptime: sim.UniformDist(0.97, 1), Behaviour: chain.YieldSeeking, DoubleSignPerYear: doubleSignPerYear,
		Params: chain.Params{Commission: 0.05, DowntimeSlash: 0.0001, DoubleSignSlash: 0.05, Slashing: true,
			OpportunityAPR: 0.15, Elasticity: 1},
		Seed: 1, SampleEvery: 30 * sim.Day, Duration: sim.Year, Decimals: 18, GiniLimit: 0,
	}, tok, rec)
	if err != nil {
		return err
	}
	epochs := int64(0)
	err = sim.Run([]sim.Shard{tok}, 30*sim.Day, sim.Year, 1, func(sim.Time) error {
		epochs++
		if err := tok.Check(epochs); err != nil {
			return err
		}
		return ch.Check(epochs)
	})
	if err == nil {
		err = tok.Finish()
	}
	if err == nil {
		err = ch.Finish()
	}
	if err != nil {
		return err
	}
	wall := time.Since(start).Seconds()
	rss := peakRSS()
	if asJSON {
		return printJSON(e, struct {
			Bench        string  `json:"bench"`
			Validators   int     `json:"validators"`
			Delegators   int     `json:"delegators"`
			WallS        float64 `json:"wall_s"`
			PeakRSSBytes int64   `json:"peak_rss_bytes"`
		}{"chain", validators, delegators, wall, rss})
	}
	fmt.Fprintf(e.stdout, "chain: %d validators, %d delegators, one year of 1-day reward epochs\n", validators, delegators)
	fmt.Fprintf(e.stdout, "  wall            %12.2f s\n  peak RSS        %12d bytes\n", wall, rss)
	return nil
}

// discardRecorder drops everything: the bench measures the model.
type discardRecorder struct{}

func (discardRecorder) Sample(string, sim.Time, float64) {}
func (discardRecorder) Observe(string, float64)          {}
func (discardRecorder) Metric(string, float64)           {}
func (discardRecorder) Figure(sim.Figure)                {}
