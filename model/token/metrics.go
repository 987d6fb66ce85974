package token

import "github.com/swarmecon/swarmecon/sim"

// Metrics lists the summary metrics the token model sets in Finish, in
// the order `swarmecon list metrics` prints them. A test keeps the two in
// step.
func Metrics() []sim.MetricDoc {
	docs := []sim.MetricDoc{
		{Name: "token.supply.start", Unit: "tokens", Doc: "total supply at t=0"},
		{Name: "token.supply.end", Unit: "tokens", Doc: "total supply at the horizon: genesis + minted - burned"},
		{Name: "token.minted", Unit: "tokens", Doc: "tokens created by minting schedules"},
		{Name: "token.burned", Unit: "tokens", Doc: "tokens destroyed"},
		{Name: "token.inflation.annualized", Unit: "1/year", Doc: "compound yearly growth of the total supply"},
		{Name: "token.conservation_error", Unit: "tokens", Doc: "balances minus (genesis + minted - burned); always 0"},
		{Name: "token.circulating.start", Unit: "tokens", Doc: "supply less the reserve at t=0"},
		{Name: "token.circulating.end", Unit: "tokens", Doc: "supply less the reserve at the horizon"},
		{Name: "token.reserve.end", Unit: "tokens", Doc: "tokens left in the reserve"},
		{Name: "token.circulating.growth.annualized", Unit: "1/year", Doc: "compound yearly growth of the circulating supply"},
		{Name: "token.price_usd.end", Unit: "USD", Doc: "token price at the horizon (when the scenario has a price)"},
	}
	for _, k := range FlowKinds() {
		docs = append(docs, sim.MetricDoc{Name: "token.flow." + k.String(), Unit: "tokens", Doc: "total moved by " + k.String() + " flows"})
	}
	return docs
}
