// Package chain is a proof-of-stake chain settling on the token ledger.
//
// Concepts. Validators (self stake, commission, uptime) and delegators
// (who pick a validator by a delegation policy) bond tokens; the active
// set is the largest validators by stake, capped at MaxValidators. Rewards
// come either every reward epoch from the emissions addressed to stakers
// plus fees (Rewards = Epoch), or BTTC style per checkpoint (Rewards =
// Checkpoint). Validators take their commission; the rest goes to their
// stakers by stake. Offline validators miss rewards and, with slashing
// on, are slashed and jailed; double signing is slashed and tombstoned.
// Unbonded tokens wait out the unbonding period. Governance proposals
// change a named parameter of the running scenario by stake-weighted vote.
//
// State. The ledger holds every token: each validator's bonded stake in a
// pool account, rewards not yet paid in the chain's rewards account,
// unbonding tokens in the unbonding account, and each staker's liquid
// tokens in its own account. The chain keeps per-staker stakes whose sums
// equal the pool balances; Check verifies that at every barrier.
//
// Formulas. Checkpoint reward = ⌊base × blocks × signing stake /
// (1024 × total active stake)⌋, a proposer bonus share of it to the
// proposer, the rest to the signers by stake; accepted with ⌊2n/3⌋+1
// signers (head count) or more than 2/3 of the stake. Every split floors
// and books what is left over to the ledger's Remainder account, so no
// base unit is lost. APR = stakers' rewards of an epoch / bonded × epochs
// a year; real APR = (1 + APR) / (1 + inflation) − 1. Nakamoto
// coefficient at 1/3 and Gini as in REFERENCES.md §10.
//
// Parameters (scenario keys under [chain], defaults there):
//
//	validators, delegators, initial_staked_ratio   genesis population and stake
//	block_time, reward_epoch, unbonding            time steps
//	commission, uptime                             per validator (commission drawn in [0, 2×mean])
//	downtime_slash, double_sign_slash, slashing    penalties; slashing = false turns both off
//	max_validators, quorum                         active set cap; checkpoint acceptance rule
//	rewards, checkpoint_*, proposer_bonus          epoch or BTTC checkpoint rewards
//	delegation                                     stake-weighted | yield-seeking | random
//	staking.behaviour, opportunity_apr, elasticity fixed or yield-seeking stakers
//
// Assumptions that are not keys: at genesis validators self-stake a fifth
// of the bonded tokens (all of it without delegators), split by lognormal
// weights (σ = 1; delegators σ = 1.5); a validator is either online for a
// whole reward epoch or offline for it (with its uptime as the chance of
// online), and offline means missing the slashing window: it is slashed
// and jailed for the next epoch as well; double signs come at
// DoubleSignPerYear per validator; a voting validator approves a proposal
// with chance Support and votes its delegators' stake.
//
// Overflow: every Amount the chain keeps (stakes, pools, pending rewards,
// unbonding, and their sums) is a part of tokens held on the ledger, which
// refuses any flow that would take the supply past 128 bits; so these sums
// fit, a share (MulFrac by a fraction at most 1) is at most its whole, and
// a part taken from its whole is non-negative. Where the code ignores an
// overflow flag it is one of these cases, noted there as "part of the
// ledger". What is not bounded so (a validator's earnings over the run)
// is checked and stops the run with an error.
//
// Metrics: see Metrics.
package chain
