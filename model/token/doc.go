// Package token is the ledger every model settles on, its emission
// schedules and its price processes.
//
// Concepts. Amount is a signed 128-bit integer number of base units
// (10^decimals base units make one token), with overflow-checked
// operations that never allocate, exact decimal parsing and printing, and
// division that hands back its remainder so that no base unit is ever
// rounded away silently. 128 bits hold BTT's real supply, 990×10^12
// tokens, even at 18 decimals (about 9.9×10^32 base units, under the limit
// of about 1.7×10^38). The Ledger is double-entry: system accounts
// (treasury, reserve, fee pool, escrow, external holders, remainder,
// stakers) and one account per actor; mint, burn and transfer are its
// only flows, each journaled by kind.
//
// State. Model is the token shard: the ledger, the emissions (each a
// Schedule paying by minting or out of the reserve, which stops paying
// when the reserve is empty) and the processes settling inside the shard
// (the chain). Other shards pay through TransferEffect, MintEffect and
// BurnEffect, booked at the epoch barrier.
//
// Formulas. Σ balances == genesis + minted − burned, checked at every
// barrier (Check names the epoch and the last flow). Schedules
// (REFERENCES.md §7, §8, §12): Constant, Halving and Table are exact
// cumulative amounts differenced step by step; ExponentialDecay is the
// closed form in float64 (1e−15 relative); TargetStaking is Cosmos x/mint
// block by block in its 18-decimal fixed point; SqrtStaked is Ethereum's
// Σ base rewards per epoch. Prices: ConstantPrice, GBM (exact log-normal
// steps on its own stream) and PathPrice (a stepwise CSV path).
//
// Metrics: see Metrics.
package token
