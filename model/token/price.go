package token

import (
	"math"
	"math/rand/v2"

	"github.com/swarmecon/swarmecon/sim"
)

// Price is a USD price process, advanced in time order.
type Price interface {
	// At returns the price in USD at time t; calls come with t non-decreasing.
	At(t sim.Time) float64
}

// ConstantPrice never moves.
type ConstantPrice float64

// At returns the constant price.
func (p ConstantPrice) At(sim.Time) float64 { return float64(p) }

// GBM is geometric Brownian motion with annual drift μ and volatility σ:
//
//	S(t+Δ) = S(t) · exp((μ − σ²/2)·Δ + σ·√Δ·Z),  Z ~ N(0, 1), Δ in years
//
// which is the exact solution of dS = μS dt + σS dW over each step, so the
// distribution of S(t) does not depend on how often At is called.
type GBM struct {
	price, drift, volatility float64
	at                       sim.Time
	stream                   sim.Stream
	rng                      *rand.Rand // draws from stream
}

// NewGBM starts a GBM at usd with its own random stream.
func NewGBM(usd, drift, volatility float64, stream sim.Stream) *GBM {
	g := &GBM{price: usd, drift: drift, volatility: volatility, stream: stream}
	g.rng = rand.New(&g.stream)
	return g
}

// At advances the path to t and returns the price there.
func (g *GBM) At(t sim.Time) float64 {
	if t <= g.at {
		return g.price
	}
	years := float64(t-g.at) / float64(sim.Year)
	z := g.rng.NormFloat64()
	g.price *= math.Exp((g.drift-g.volatility*g.volatility/2)*years + g.volatility*math.Sqrt(years)*z)
	g.at = t
	return g.price
}
