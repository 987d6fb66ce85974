package scenarios

import (
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// Storage is [storage]. See types.go for the tags.
type Storage struct {
	Enabled      bool         `toml:"enabled" default:"false" doc:"run the storage market"`
	Hosts        int          `toml:"hosts" default:"1000" range:"[1,10000000]" doc:"storage hosts"`
	HostCapacity int64        `toml:"host_capacity" kind:"size" default:"'4TiB'" range:"(0,inf)" doc:"capacity of each host"`
	Collateral   token.Amount `toml:"collateral" default:"100_000" range:"[0,inf)" doc:"tokens per host"`
	Demand       Demand       `toml:"demand" doc:"what renters store"`
	SLA          SLA          `toml:"sla" doc:"redundancy, proofs and penalties"`
	Placement    Placement    `toml:"placement" doc:"which hosts get replicas"`
	Failures     Failures     `toml:"failures" doc:"host outages and latency"`
}

// Demand is [storage.demand].
type Demand struct {
	ObjectsPerDay    float64      `toml:"objects_per_day" default:"1000.0" range:"[0,inf)" doc:"objects stored per day"`
	ObjectSize       sim.Dist     `toml:"object_size" kind:"dist" unit:"size" default:"{ dist = 'lognormal', median = '1GiB', sigma = 1.0 }" range:"(0,inf)" doc:"object size"`
	Contract         sim.Time     `toml:"contract" default:"'180d'" range:"(0,inf)" doc:"contract length"`
	PricePerGiBMonth token.Amount `toml:"price_per_gib_month" default:"10" range:"[0,inf)" doc:"tokens per GiB per 30 days"`
}

// SLA is [storage.sla]. Exactly one of Replication (whole copies) and
// Erasure (k-of-n shards) is in force: Erasure is nil when copies are
// used, and Replication is 0 when Erasure is set.
type SLA struct {
	Replication         int      `toml:"replication" unless:"erasure" default:"3" range:"[1,inf)" doc:"whole copies on distinct hosts"`
	Erasure             *Erasure `toml:"erasure" inline:"" doc:"instead of replication: { data = k, parity = m } shards on distinct hosts"`
	Payment             string   `toml:"payment" default:"'per-proof'" enum:"per-proof|monthly|upfront" doc:"when hosts are paid"`
	WarnLimit           int      `toml:"warn_limit" default:"7" range:"[0,inf)" doc:"late answers before a contract is cancelled"`
	ProofInterval       sim.Time `toml:"proof_interval" default:"'24h'" range:"(0,inf)" doc:"time between challenges"`
	MaxRetrievalLatency sim.Time `toml:"max_retrieval_latency" default:"'2s'" range:"(0,inf)" doc:"slower answers are late"`
	GraceFailures       int      `toml:"grace_failures" default:"2" range:"[0,inf)" doc:"failed proofs before a breach"`
	PenaltyFraction     float64  `toml:"penalty_fraction" kind:"share" default:"0.1" doc:"share of collateral slashed per breach"`
	Repair              bool     `toml:"repair" default:"true" doc:"re-replicate after a breach"`
}

// Erasure is storage.sla.erasure.
type Erasure struct {
	Data   int `toml:"data" required:"" range:"[1,inf)" doc:"shards needed to rebuild an object"`
	Parity int `toml:"parity" required:"" range:"[0,inf)" doc:"extra shards"`
}

// Placement is [storage.placement].
type Placement struct {
	Policy   string  `toml:"policy" select:"" default:"'random'" enum:"random|reputation|cheapest|btfs-score" doc:"placement policy"`
	MinScore float64 `toml:"min_score" for:"btfs-score" default:"8.0" range:"[0,10]" doc:"hosts scoring under it get no contracts"`
}

// Failures is [storage.failures].
type Failures struct {
	TransientMTBF sim.Time `toml:"transient_mtbf" default:"'30d'" range:"(0,inf)" doc:"mean time between outages"`
	TransientMTTR sim.Time `toml:"transient_mttr" default:"'2h'" range:"(0,inf)" doc:"mean outage length"`
	PermanentMTBF sim.Time `toml:"permanent_mtbf" default:"'3y'" range:"(0,inf)" doc:"mean time to a permanent failure"`
	Latency       sim.Dist `toml:"latency" kind:"dist" unit:"duration" default:"{ dist = 'lognormal', median = '200ms', sigma = 0.5 }" range:"[0,inf)" doc:"answer latency"`
}

// Chain is [chain]. The checkpoint keys apply when rewards = "checkpoint".
type Chain struct {
	Enabled            bool         `toml:"enabled" default:"false" doc:"run the chain"`
	Validators         int          `toml:"validators" default:"100" range:"[1,1000000]" doc:"validators"`
	Delegators         int          `toml:"delegators" default:"10_000" range:"[0,100000000]" doc:"delegators"`
	InitialStakedRatio float64      `toml:"initial_staked_ratio" kind:"share" default:"0.5" doc:"share of supply staked at t=0"`
	BlockTime          sim.Time     `toml:"block_time" default:"'2s'" range:"(0,inf)" doc:"time between blocks"`
	RewardEpoch        sim.Time     `toml:"reward_epoch" default:"'1d'" range:"(0,inf)" doc:"time between reward payments"`
	Unbonding          sim.Time     `toml:"unbonding" default:"'21d'" range:"[0,inf)" doc:"unbonding period"`
	Commission         float64      `toml:"commission" kind:"share" default:"0.05" doc:"validator commission"`
	Uptime             sim.Dist     `toml:"uptime" kind:"dist" unit:"number" default:"0.999" range:"[0,1]" doc:"share of blocks and checkpoints a validator signs"`
	DowntimeSlash      float64      `toml:"downtime_slash" kind:"share" default:"0.0001" doc:"share of stake slashed for downtime"`
	DoubleSignSlash    float64      `toml:"double_sign_slash" kind:"share" default:"0.05" doc:"share of stake slashed for double signing"`
	Slashing           bool         `toml:"slashing" default:"true" doc:"slashing on (BTTC mainnet: off)"`
	MaxValidators      int          `toml:"max_validators" default:"0" range:"[0,inf)" doc:"cap on the active set; 0 = none"`
	Quorum             string       `toml:"quorum" default:"'stake'" enum:"stake|headcount" doc:"how signatures are counted"`
	Rewards            string       `toml:"rewards" select:"" default:"'epoch'" enum:"epoch|checkpoint" doc:"reward scheme"`
	CheckpointInterval sim.Time     `toml:"checkpoint_interval" for:"checkpoint" default:"'30m'" range:"(0,inf)" doc:"time between checkpoints"`
	CheckpointReward   token.Amount `toml:"checkpoint_reward" for:"checkpoint" default:"29_761_460" range:"[0,inf)" doc:"tokens per 1024 blocks with every validator signing"`
	ProposerBonus      float64      `toml:"proposer_bonus" kind:"share" for:"checkpoint" default:"0.1" doc:"share of a checkpoint reward to its proposer"`
	CheckpointSource   string       `toml:"checkpoint_source" for:"checkpoint" default:"'reserve'" enum:"reserve|mint" doc:"where checkpoint rewards come from"`
	Delegation         string       `toml:"delegation" default:"'stake-weighted'" enum:"stake-weighted|yield-seeking|random" doc:"how delegators pick validators"`
	Staking            Staking      `toml:"staking" doc:"delegator behaviour"`
}

// Staking is [chain.staking].
type Staking struct {
	Behaviour      string  `toml:"behaviour" select:"" default:"'fixed'" enum:"fixed|yield-seeking" doc:"staking behaviour"`
	OpportunityAPR float64 `toml:"opportunity_apr" for:"yield-seeking" default:"0.05" range:"[0,inf)" doc:"yield available elsewhere"`
	Elasticity     float64 `toml:"elasticity" for:"yield-seeking" default:"1.0" range:"[0,inf)" doc:"response of the staked ratio to the yield gap"`
}

// Governance is [governance].
type Governance struct {
	Proposals []Proposal `toml:"proposal" doc:"proposals, each voted at its time"`
}

// Proposal is one [[governance.proposal]]. To is the new value as TOML
// text, checked against the key named by Set like a --set.
type Proposal struct {
	At        sim.Time `toml:"at" required:"" range:"[0,inf)" doc:"when the vote happens"`
	Set       string   `toml:"set" required:"" doc:"key path to change, as for --set"`
	To        string   `toml:"to" kind:"toml" required:"" doc:"new value"`
	Quorum    float64  `toml:"quorum" kind:"share" default:"0.334" doc:"share of stake that must vote"`
	Threshold float64  `toml:"threshold" kind:"share" default:"0.5" doc:"share of the votes that must approve"`
}

// Expect is one [[expect]]: a bound on a summary metric. Min, Max and
// Equals are nil when not given.
type Expect struct {
	Metric    string   `toml:"metric" required:"" pattern:"metric" doc:"summary metric name"`
	Min       *float64 `toml:"min" doc:"lowest passing value"`
	Max       *float64 `toml:"max" doc:"highest passing value"`
	Equals    *float64 `toml:"equals" doc:"expected value, within tolerance"`
	Tolerance float64  `toml:"tolerance" with:"equals" default:"0" range:"[0,inf)" doc:"allowed distance from equals"`
}
