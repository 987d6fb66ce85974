// Package swarm simulates BitTorrent swarms at the level of pieces and
// flows: every peer runs the mainline client's algorithms, and swarm
// health (download times, seeds, piece availability) emerges from them.
//
// # Concepts
//
// A torrent is a file cut into pieces. Peers arrive (poisson, flash crowd,
// exponentially decaying as Guo et al. 2005 measured, or from a trace),
// announce to the torrent's tracker, which hands them numwant random
// peers, and connect up to max_connections. Each connection carries, in
// both directions, the choke and interest flags of BEP 3, a byte count
// over a 20 s window (the rate estimate the chokers rank by), the time
// data last arrived (anti-snubbing) and the time of the last unchoke (the
// seed-state choker). A client counts 16 KiB blocks as they arrive, so a
// choker reads the bytes a running flow has moved so far, and a flow that
// brings a block per snub_timeout keeps its sender from being snubbed.
//
// Every rechoke_interval a leecher runs the mainline leecher choker and a
// seed the mainline seed-state choker (Legout et al. 2006), as REFERENCES
// §4 transcribes them: regular slots by download rate, one optimistic
// unchoke rotated every optimistic_interval with newcomers inserted three
// times as likely at the head of the list; seeds favour the peers they
// unchoked most recently. A peer unchoked by a neighbour that has a piece
// it lacks picks one: strict priority for partly downloaded pieces,
// random_first_pieces at random, then the rarest among its own neighbours
// (counts kept incrementally from bitfields and HAVE messages), and
// endgame duplicates once every missing piece is requested.
//
// # Bandwidth
//
// A transfer is a flow: one piece over one connection (an endgame
// duplicate brings the whole piece again, and the first to finish
// cancels the others). A sender shares its upload capacity among its
// active uploads by water-filling, offering none more than its receiver
// can take beside its other downloads; a receiver shares its download
// capacity among the offers it gets, again by water-filling (while the
// offers fit, each flow gets its offer, so one that ends leaves the
// receiver's other rates as they are). When flows start or end, their
// senders and receivers share again once the event is handled, so that
// a piece followed at once by the next on the same connection leaves the
// sender's other flows untouched; the flows whose rate changes are
// settled (bytes moved so far) and their completion times computed
// again. A flow keeps one pending completion event: an earlier
// completion replaces it (the old one is cancelled by generation), a
// later one leaves it to move itself on when it comes due. Events carry
// their push order, and events due at the same time run in that order,
// so the results are those of a push per change. A sender that held back
// for a saturated receiver shares again when a flow to that receiver
// ends.
//
// NB: max-min fairness is computed locally (a sender, its receivers, and
// the senders held back by them), not over the whole swarm: when another
// sender lowers its offer, the held senders wait for that receiver's
// next flow to end before they offer more; and a piece
// moves over one connection at a time, where mainline spreads its blocks
// over several peers.
//
// # State
//
// Peers, connections, flows and activity records live in flat slices of
// compact structs; peer, flow and activity slots are reused through free
// lists and connection ids are compacted, so the hot path (a piece
// completing, a HAVE reaching the neighbours, a rechoke) allocates
// nothing. A connection is 16 bytes (ends, flags, 12-bit snub clocks);
// its rate window and unchoke times sit in an activity record that only
// the few connections moving data hold. A peer's list entry for a
// connection says whether the neighbour is a seed, so a HAVE passes seed
// neighbours by without reading their connections. Connection ids are
// handed out in order, so the connections of one announce share cache
// lines, and closed ones are compacted out between events. Memory follows
// the swarm down after a peak: seeds keep no availability counts and
// share one bitfield, free lists hand back at each epoch end half of what
// they held unused all epoch, connection lists move between capacity classes
// as neighbours come and go, and peer and flow slots are reused lowest
// first so that the free tail of their tables can be cut (events name
// them by slot, so they are not renumbered).
//
// One Shard runs any number of torrents on one event queue; a catalogue
// of torrents spreads over several shards. A seed that no neighbour is
// interested in sleeps (no rechoke rounds) until one is.
//
// Random numbers come from named streams: swarm/NAME/arrivals (arrival
// times), swarm/NAME/capacity (peer capacities, in arrival order),
// swarm/NAME/churn (abort and seeding times) and swarm/NAME/peer with the
// peer's serial number (piece ties, list positions, tracker draws).
//
// # Metrics
//
// For every torrent NAME, swarm.NAME.* as SCENARIO.md lists them (see
// Metrics), and swarm.all.* over a catalogue; time series of seeds,
// leechers, the rarest piece's copies and upload utilisation; figures of
// the population over time, the download-time CDF and piece availability.
package swarm
