package token

// MetricDoc documents one summary metric a model sets.
type MetricDoc struct {
	Name, Unit, Doc string
}

// Metrics lists the summary metrics the token model sets in Finish, in
// the order `swarmecon list metrics` prints them. A test keeps the two in
// step.
func Metrics() []MetricDoc {
	docs := []MetricDoc{
		{"token.supply.start", "tokens", "total supply at t=0"},
		{"token.supply.end", "tokens", "total supply at the horizon: genesis + minted - burned"},
		{"token.minted", "tokens", "tokens created by minting schedules"},
		{"token.burned", "tokens", "tokens destroyed"},
		{"token.inflation.annualized", "1/year", "compound yearly growth of the total supply"},
		{"token.conservation_error", "tokens", "balances minus (genesis + minted - burned); always 0"},
		{"token.circulating.start", "tokens", "supply less the reserve at t=0"},
		{"token.circulating.end", "tokens", "supply less the reserve at the horizon"},
		{"token.reserve.end", "tokens", "tokens left in the reserve"},
		{"token.circulating.growth.annualized", "1/year", "compound yearly growth of the circulating supply"},
		{"token.price_usd.end", "USD", "token price at the horizon (when the scenario has a price)"},
	}
	for _, k := range FlowKinds() {
		docs = append(docs, MetricDoc{"token.flow." + k.String(), "tokens", "total moved by " + k.String() + " flows"})
	}
	return docs
}
