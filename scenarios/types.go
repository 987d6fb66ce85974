package scenarios

import (
	"io/fs"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// This file is the one place that maps TOML keys to Go names. Each field's
// tags say how the loader reads it:
//
//	toml     the snake_case key
//	kind     size (int64 bytes), rate (float64 bytes/s), share (float64 in
//	         [0, 1]), dist (sim.Dist, with unit duration|size|rate|number),
//	         toml (any TOML value, kept as TOML text); otherwise the Go type
//	         decides: sim.Time is a duration, token.Amount an amount
//	default  the default as a TOML value ('single-quoted' strings)
//	range    bounds in base units, e.g. [0,inf) or (0,1)
//	enum     the allowed strings, |-separated
//	select   marks the key that picks a policy; other keys of the table
//	         with a `for` tag apply only to the policies it lists
//	required the key has no default (with `for`: when it applies)
//	many     a table that may be given once ([t]) or as an array ([[t]])
//	inline   rendered as an inline table by Effective
//	unless   Effective leaves the key out when the named sibling is set
//	with     Effective writes the key only when the named sibling is set
//	doc      one line for `Keys` and the documentation
//
// A pointer to a struct is a table that may be absent (nil).

// Scenario is one loaded, validated scenario with every default filled in.
type Scenario struct {
	Name        string     `toml:"name" required:"" pattern:"name" doc:"scenario name, [a-z0-9-]+"`
	Description string     `toml:"description" default:"''" doc:"free text for the report"`
	Seed        uint64     `toml:"seed" default:"1" doc:"root of every random stream"`
	Duration    sim.Time   `toml:"duration" required:"" range:"(0,inf)" doc:"simulated horizon"`
	SampleEvery sim.Time   `toml:"sample_every" default:"'1h'" range:"(0,inf)" doc:"time-series resolution"`
	Token       Token      `toml:"token" doc:"the token and its ledger"`
	Torrents    []Torrent  `toml:"torrent" doc:"one swarm each"`
	Catalogue   *Catalogue `toml:"catalogue" doc:"many torrents with Zipf popularity"`
	Market      Market     `toml:"market" doc:"BitTorrent Speed style bandwidth market"`
	Storage     Storage    `toml:"storage" doc:"BTFS style storage market"`
	Chain       Chain      `toml:"chain" doc:"proof-of-stake chain"`
	Governance  Governance `toml:"governance" doc:"parameter changes by stake-weighted vote"`
	Expect      []Expect   `toml:"expect" doc:"CI regression checks on summary metrics"`

	// Source holds the scenario file's bytes, File its name and Sets the
	// --set overrides applied, in order.
	Source []byte   `toml:"-"`
	File   string   `toml:"-"`
	Sets   []string `toml:"-"`
	// SHA256 is the hex digest of the effective input: the file's bytes,
	// then "\n" and each set in order, so that a --set changes it.
	SHA256 string `toml:"-"`

	fsys    fs.FS             // where relative data paths (traces, price CSVs) resolve
	dir     string            // the scenario file's folder in fsys
	origins map[string]origin // key path -> where it was written, for Errorf
}

// Token is the [token] table.
type Token struct {
	Symbol        string       `toml:"symbol" default:"'BTT'" doc:"ticker shown in reports"`
	GenesisSupply token.Amount `toml:"genesis_supply" default:"990_000_000_000_000" range:"[0,inf)" doc:"tokens at t=0"`
	Decimals      int          `toml:"decimals" default:"6" range:"[0,38]" doc:"base units per token = 10^decimals"`
	Reserve       token.Amount `toml:"reserve" default:"0" range:"[0,inf)" doc:"tokens of the genesis supply held in reserve"`
	Emission      []Emission   `toml:"emission" many:"" doc:"emission schedules, run together"`
	Price         Price        `toml:"price" doc:"USD price process"`
}

// Emission is one schedule of [token.emission] or [[token.emission]].
type Emission struct {
	Policy              string          `toml:"policy" select:"" default:"'constant'" enum:"none|constant|halving|exponential-decay|target-staking|sqrt-staked|table" doc:"emission schedule"`
	PerYear             token.Amount    `toml:"per_year" for:"constant" default:"0" range:"[0,inf)" doc:"tokens per year"`
	InitialPerYear      token.Amount    `toml:"initial_per_year" for:"halving|exponential-decay" required:"" range:"[0,inf)" doc:"tokens per year at t=0"`
	HalvingEvery        sim.Time        `toml:"halving_every" for:"halving" default:"'4y'" range:"(0,inf)" doc:"time between halvings"`
	HalfLife            sim.Time        `toml:"half_life" for:"exponential-decay" default:"'4y'" range:"(0,inf)" doc:"time for the rate to halve"`
	InflationStart      float64         `toml:"inflation_start" for:"target-staking" default:"0.13" range:"[0,inf)" doc:"annual inflation at t=0 (Cosmos x/mint)"`
	InflationMin        float64         `toml:"inflation_min" for:"target-staking" default:"0.07" range:"[0,inf)" doc:"lowest annual inflation"`
	InflationMax        float64         `toml:"inflation_max" for:"target-staking" default:"0.20" range:"[0,inf)" doc:"highest annual inflation"`
	InflationRateChange float64         `toml:"inflation_rate_change" for:"target-staking" default:"0.13" range:"[0,inf)" doc:"largest yearly change of inflation"`
	GoalBonded          float64         `toml:"goal_bonded" for:"target-staking" default:"0.67" range:"(0,1)" doc:"staked ratio the rate steers to"`
	BaseRewardFactor    float64         `toml:"base_reward_factor" for:"sqrt-staked" default:"64" range:"(0,inf)" doc:"Ethereum BASE_REWARD_FACTOR"`
	Epoch               sim.Time        `toml:"epoch" for:"sqrt-staked" default:"'384s'" range:"(0,inf)" doc:"reward period"`
	Points              []EmissionPoint `toml:"points" for:"table" required:"" doc:"[[time, tokens per year], ...], stepwise, sorted by time"`
	Source              string          `toml:"source" default:"'mint'" enum:"mint|reserve" doc:"mint new tokens or pay out of token.reserve"`
	Recipient           string          `toml:"recipient" default:"'stakers'" enum:"stakers|treasury|hosts|external" doc:"who receives the emission"`
}

// EmissionPoint is one step of a table schedule: PerYear from At on.
type EmissionPoint struct {
	At      sim.Time
	PerYear token.Amount
}

// Price is the [token.price] table.
type Price struct {
	Policy     string  `toml:"policy" select:"" default:"'constant'" enum:"constant|gbm|csv" doc:"price process"`
	USD        float64 `toml:"usd" for:"constant|gbm" default:"0.0000008" range:"[0,inf)" doc:"price in USD (gbm: at t=0)"`
	Drift      float64 `toml:"drift" for:"gbm" default:"0" doc:"annual drift of the log price"`
	Volatility float64 `toml:"volatility" for:"gbm" default:"0" range:"[0,inf)" doc:"annual volatility"`
	Path       string  `toml:"path" kind:"file" for:"csv" required:"" doc:"CSV of time, usd; relative to the scenario file"`
}

// Torrent is one [[torrent]]: a swarm.
type Torrent struct {
	Name         string   `toml:"name" required:"" pattern:"name" doc:"torrent name, [a-z0-9-]+, unique"`
	FileSize     int64    `toml:"file_size" kind:"size" required:"" range:"(0,inf)" doc:"content size"`
	PieceSize    int64    `toml:"piece_size" kind:"size" default:"'1MiB'" range:"(0,inf)" doc:"piece size"`
	InitialSeeds int      `toml:"initial_seeds" default:"1" range:"[1,inf)" doc:"seeds present for the whole run (peers arrive with nothing)"`
	SeedUpload   float64  `toml:"seed_upload" kind:"rate" default:"'10MiB/s'" range:"(0,inf)" doc:"upload capacity of the initial seeds"`
	Arrivals     Arrivals `toml:"arrivals" doc:"peer arrival process"`
	Peers        Peers    `toml:"peers" doc:"peer capacities and churn"`
	Seeding      Seeding  `toml:"seeding" doc:"when finished peers leave"`
	Protocol     Protocol `toml:"protocol" doc:"BitTorrent protocol settings"`
}

// Arrivals is [torrent.arrivals].
type Arrivals struct {
	Process        string   `toml:"process" select:"" default:"'poisson'" enum:"poisson|flash-crowd|decaying|trace" doc:"arrival process"`
	PerHour        float64  `toml:"per_hour" for:"poisson" default:"60.0" range:"(0,inf)" doc:"arrival rate"`
	Peers          int      `toml:"peers" for:"flash-crowd" default:"1000" range:"[1,100000000]" doc:"peers in the crowd"`
	Within         sim.Time `toml:"within" for:"flash-crowd" default:"'0s'" range:"[0,inf)" doc:"crowd spread evenly over this time; 0 = all at t=0"`
	InitialPerHour float64  `toml:"initial_per_hour" for:"decaying" default:"60.0" range:"(0,inf)" doc:"arrival rate at t=0"`
	HalfLife       sim.Time `toml:"half_life" for:"decaying" default:"'1d'" range:"(0,inf)" doc:"time for the rate to halve"`
	Path           string   `toml:"path" kind:"file" for:"trace" required:"" doc:"CSV, one arrival time in seconds a line; relative to the scenario file"`
	Until          sim.Time `toml:"until" default:"'7d'" range:"(0,inf)" doc:"no arrivals at or after this"`
}

// Peers is [torrent.peers].
type Peers struct {
	Upload       sim.Dist `toml:"upload" kind:"dist" unit:"rate" default:"'1MiB/s'" range:"[0,inf)" doc:"upload capacity (0: a free rider, but not every peer)"`
	Download     sim.Dist `toml:"download" kind:"dist" unit:"rate" default:"'4MiB/s'" range:"(0,inf)" doc:"download capacity"`
	AbortPerHour float64  `toml:"abort_per_hour" default:"0.0" range:"[0,inf)" doc:"leecher give-up rate (theta)"`
}

// Seeding is [torrent.seeding].
type Seeding struct {
	Behaviour             string   `toml:"behaviour" select:"" default:"'altruistic'" enum:"altruistic|economic|forever|none" doc:"seeding behaviour"`
	Time                  sim.Dist `toml:"time" kind:"dist" unit:"duration" for:"altruistic|economic" default:"{ dist = 'exponential', mean = '1h' }" range:"[0,inf)" doc:"altruistic seeding time (economic: the floor)"`
	ReservationUSDPerHour sim.Dist `toml:"reservation_usd_per_hour" kind:"dist" unit:"number" for:"economic" default:"0" range:"[0,inf)" doc:"earnings below which an economic seed leaves"`
}

// Protocol is [torrent.protocol].
type Protocol struct {
	UnchokeSlots       int      `toml:"unchoke_slots" default:"4" range:"[1,inf)" doc:"upload slots, one of them optimistic"`
	RechokeInterval    sim.Time `toml:"rechoke_interval" default:"'10s'" range:"(0,inf)" doc:"time between rechokes, 1s to 5m"`
	OptimisticInterval sim.Time `toml:"optimistic_interval" default:"'30s'" range:"(0,inf)" doc:"optimistic unchoke rotation, a multiple of rechoke_interval"`
	SnubTimeout        sim.Time `toml:"snub_timeout" default:"'60s'" range:"(0,inf)" doc:"anti-snubbing timeout, 1s to 1h"`
	PiecePicker        string   `toml:"piece_picker" default:"'rarest-first'" enum:"rarest-first|global-rarest-first|random|sequential" doc:"piece selection"`
	RandomFirstPieces  int      `toml:"random_first_pieces" default:"4" range:"[0,inf)" doc:"pieces picked at random before rarest first"`
	Endgame            bool     `toml:"endgame" default:"true" doc:"request the last pieces from every peer"`
	Numwant            int      `toml:"numwant" default:"50" range:"[1,inf)" doc:"peers asked of the tracker, at most max_connections"`
	MaxConnections     int      `toml:"max_connections" default:"80" range:"[1,255]" doc:"connection limit per peer"`
	AnnounceInterval   sim.Time `toml:"announce_interval" default:"'30m'" range:"(0,inf)" doc:"tracker re-announce interval, at least 1s"`
}

// Catalogue is [catalogue]: many torrents at once.
type Catalogue struct {
	Torrents        int      `toml:"torrents" default:"10_000" range:"[1,10000000]" doc:"number of torrents"`
	ZipfS           float64  `toml:"zipf_s" default:"1.0" range:"[0,inf)" doc:"Zipf exponent of popularity"`
	ArrivalsPerHour float64  `toml:"arrivals_per_hour" default:"40_000.0" range:"(0,inf)" doc:"arrivals over all torrents"`
	FileSize        sim.Dist `toml:"file_size" kind:"dist" unit:"size" default:"{ dist = 'lognormal', median = '500MiB', sigma = 1.0 }" range:"(0,inf)" doc:"content size"`
	PieceSize       int64    `toml:"piece_size" kind:"size" default:"'1MiB'" range:"(0,inf)" doc:"piece size"`
	Peers           Peers    `toml:"peers" doc:"as in [[torrent]]"`
	Seeding         Seeding  `toml:"seeding" doc:"as in [[torrent]]"`
	Protocol        Protocol `toml:"protocol" doc:"as in [[torrent]]"`
}

// Market is [market].
type Market struct {
	Enabled        bool         `toml:"enabled" default:"false" doc:"run the bandwidth market"`
	BidderFraction float64      `toml:"bidder_fraction" kind:"share" default:"0.3" doc:"share of downloaders that bid"`
	Bid            sim.Dist     `toml:"bid" kind:"dist" unit:"number" default:"{ dist = 'lognormal', median = 100, sigma = 1.0 }" range:"[0,inf)" doc:"tokens per GiB"`
	Budget         token.Amount `toml:"budget" default:"10_000" range:"[0,inf)" doc:"tokens escrowed per downloading session"`
	BidFloor       BidFloor     `toml:"bid_floor" inline:"" doc:"which bids count"`
	PayoutCurve    PayoutCurve  `toml:"payout_curve" inline:"" doc:"how a delivered piece pays"`
	PaidSlots      int          `toml:"paid_slots" default:"3" range:"[0,inf)" doc:"unchoke slots auctioned"`
	FreeSlots      int          `toml:"free_slots" default:"1" range:"[0,inf)" doc:"unchoke slots kept for tit-for-tat"`
	Pricing        string       `toml:"pricing" default:"'uniform'" enum:"uniform|pay-as-bid" doc:"what winners pay"`
	Rank           string       `toml:"rank" default:"'bid'" enum:"bid|bid-and-reciprocity" doc:"how a seeder ranks bids"`
	AwareFraction  float64      `toml:"aware_fraction" kind:"share" default:"1.0" doc:"share of clients that take part"`
	Fee            float64      `toml:"fee" kind:"share" default:"0.0" doc:"share of each payment taken as a fee"`
	BurnShare      float64      `toml:"burn_share" kind:"share" default:"0.0" doc:"share of the fee burned"`
	Bidding        Bidding      `toml:"bidding" doc:"bidding strategy"`
}

// BidFloor is market.bid_floor.
type BidFloor struct {
	Policy string  `toml:"policy" select:"" default:"'fixed'" enum:"fixed" doc:"bid floor policy"`
	Value  float64 `toml:"value" for:"fixed" default:"0" range:"[0,inf)" doc:"tokens per GiB"`
}

// PayoutCurve is market.payout_curve.
type PayoutCurve struct {
	Policy string `toml:"policy" select:"" default:"'linear'" enum:"linear" doc:"payout curve policy"`
}

// Bidding is [market.bidding].
type Bidding struct {
	Strategy     string  `toml:"strategy" select:"" default:"'fixed'" enum:"fixed|speed-default|urgency|budget-paced" doc:"bidding strategy"`
	SpendingRate float64 `toml:"spending_rate" for:"speed-default" default:"1.0" range:"(0,inf)" doc:"share of the balance to spend over the bytes left"`
	RebidChange  float64 `toml:"rebid_change" for:"speed-default" default:"0.1" range:"[0,inf)" doc:"relative change that triggers a re-bid"`
}
