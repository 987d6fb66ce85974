package scenarios

import (
	"fmt"
	"math"
	"strings"

	"github.com/swarmecon/swarmecon/model/swarm"
	"github.com/swarmecon/swarmecon/sim"
)

// minProtocolTimer bounds the protocol's timers from below: the swarm
// model keeps unchoke and snub times in whole seconds, and a rechoke or
// announce every microsecond would take the run a lifetime.
const minProtocolTimer = sim.Second

// checkTorrent checks what one [[torrent]] table's keys mean together.
func (d *decoder) checkTorrent(s *Scenario, p string, t Torrent) {
	d.checkPieces(p, t.FileSize, t.PieceSize, t.Protocol)
	d.checkTrace(s, p+".arrivals", t.Arrivals)
	d.checkCrowd(s, p+".arrivals", t.Arrivals)
	d.checkPeers(p+".peers", t.Peers)
	d.checkProtocol(p+".protocol", t.Protocol)
}

// checkCatalogueSizes bounds the catalogue's mean file at MaxPieces
// pieces. Its sizes are drawn, so the run cuts a rare larger draw at that
// many pieces; a mean beyond it would make the cut the rule.
func (d *decoder) checkCatalogueSizes(c *Catalogue) {
	if c.PieceSize <= 0 || d.failed("catalogue.file_size") || c.FileSize.Mean() <= 0 {
		return
	}
	mean := c.FileSize.Mean()
	sizeOf := func(f float64) string { return formatSize(int64(f)) }
	allowed := fmt.Sprintf("a mean of at most %d pieces of piece_size %s", MaxPieces, formatSize(c.PieceSize))
	switch {
	case math.IsInf(mean, 1):
		d.errorf("catalogue.file_size", allowed, "%s has no finite mean", describeDist(c.FileSize, sizeOf))
	case mean/float64(c.PieceSize) > MaxPieces && !d.present["catalogue.file_size"] && d.present["catalogue.piece_size"]:
		d.errorf("catalogue.piece_size", fmt.Sprintf("at least %s, so that the mean file has at most %d pieces", formatSize(int64(math.Ceil(mean/MaxPieces))), MaxPieces),
			"%s cuts the mean file of %s into %.0f pieces", formatSize(c.PieceSize), formatSize(int64(mean)), mean/float64(c.PieceSize))
	case mean/float64(c.PieceSize) > MaxPieces:
		d.errorf("catalogue.file_size", allowed, "%s averages %.0f pieces", describeDist(c.FileSize, sizeOf), mean/float64(c.PieceSize))
	}
}

// checkCrowd refuses a flash crowd spread past the end of its arrivals or
// of the run: the peers due after it would silently never come.
func (d *decoder) checkCrowd(s *Scenario, p string, a Arrivals) {
	if a.Process != "flash-crowd" || a.Within <= 0 || d.failed(p) {
		return
	}
	switch {
	case a.Until > 0 && a.Within > a.Until:
		d.errorf(p+".within", "at most until "+formatDuration(a.Until),
			"%s spreads the crowd past the end of arrivals", formatDuration(a.Within))
	case s.Duration > 0 && a.Within > s.Duration:
		d.errorf(p+".within", "at most duration "+formatDuration(s.Duration),
			"%s spreads the crowd past the end of the run", formatDuration(a.Within))
	}
}

// checkPeers refuses an upload distribution that can only draw 0: every
// peer a free rider leaves the seeds alone to serve, which is a
// client-server run, not a swarm. Some free riders among uploaders are
// a legitimate experiment.
func (d *decoder) checkPeers(p string, peers Peers) {
	if d.failed(p+".upload") || peers.Upload.Max() > 0 {
		return
	}
	d.errorf(p+".upload", "at least one value above 0; 0 is allowed as a class of free riders",
		"%s gives every peer zero upload capacity", describeDist(peers.Upload, formatRate))
}

// checkProtocol checks the protocol settings of a torrent or of the
// catalogue against each other.
func (d *decoder) checkProtocol(p string, pr Protocol) {
	// The choker's timers have a ceiling: the swarm model's snub clocks
	// tell apart a timeout and a round of at most these (clients use 10 s
	// and 60 s). The announce interval has none (most is 0).
	for _, timer := range []struct {
		key     string
		t, most sim.Time
	}{
		{"rechoke_interval", pr.RechokeInterval, swarm.MaxRechokeInterval},
		{"snub_timeout", pr.SnubTimeout, swarm.MaxSnubTimeout},
		{"announce_interval", pr.AnnounceInterval, 0},
	} {
		if timer.t > 0 && timer.t < minProtocolTimer && !d.failed(p+"."+timer.key) {
			d.errorf(p+"."+timer.key, "at least "+formatDuration(minProtocolTimer),
				"%s is finer than the protocol's one-second resolution", formatDuration(timer.t))
		}
		if timer.most > 0 && timer.t > timer.most && !d.failed(p+"."+timer.key) {
			d.errorf(p+"."+timer.key, "at most "+formatDuration(timer.most),
				"%s is longer than the swarm model's choker supports", formatDuration(timer.t))
		}
	}
	rechokeOK := pr.RechokeInterval >= minProtocolTimer && !d.failed(p+".rechoke_interval")
	// Mainline rotates the optimistic unchoke every k-th rechoke round,
	// so only multiples of the round can be honoured.
	if opt := pr.OptimisticInterval; rechokeOK && opt > 0 && !d.failed(p+".optimistic_interval") &&
		(opt < pr.RechokeInterval || opt%pr.RechokeInterval != 0) {
		d.errorf(p+".optimistic_interval", "a multiple of rechoke_interval "+formatDuration(pr.RechokeInterval),
			"%s is not a whole number of rechoke rounds", formatDuration(opt))
	}
	if pr.Numwant > 0 && pr.MaxConnections > 0 && pr.Numwant > pr.MaxConnections &&
		!d.failed(p+".numwant") && !d.failed(p+".max_connections") {
		d.errorf(p+".numwant", fmt.Sprintf("at most max_connections = %d", pr.MaxConnections),
			"%d asks the tracker for more peers than a peer may connect to", pr.Numwant)
	}
}

// failed reports whether the loader already refused path or a key under
// it: its typed value is then a zero that says nothing.
func (d *decoder) failed(path string) bool {
	for _, e := range d.errs {
		if e.Key == path || strings.HasPrefix(e.Key, path+".") {
			return true
		}
	}
	return false
}

// describeDist names a distribution as a message quotes it: a constant
// by its value as the scenario writes it (format gives the unit), others
// by kind.
func describeDist(dist sim.Dist, format func(float64) string) string {
	if dist.Kind() == sim.Constant {
		return fmt.Sprintf("%q", format(dist.Mean()))
	}
	return "a " + dist.Kind().String() + " distribution"
}
