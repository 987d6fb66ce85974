package scenarios

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/swarmecon/swarmecon/model/token"
)

// MaxSamples bounds the samples of each time series: every series keeps
// them all for the report, so a microsecond resolution over a year would
// exhaust memory instead of failing with a message.
const MaxSamples = 1_000_000

// crossCheck finds values that are valid alone but not together. It runs
// after decoding, on the typed scenario; a value that failed to decode is
// zero there, so each check skips what it cannot judge.
func (d *decoder) crossCheck(s *Scenario) {
	if s.SampleEvery > s.Duration && s.Duration > 0 {
		d.errorf("sample_every", "at most duration "+formatDuration(s.Duration),
			"%s is longer than the run", formatDuration(s.SampleEvery))
	}
	if s.SampleEvery > 0 && s.Duration/s.SampleEvery > MaxSamples {
		least := (s.Duration + MaxSamples - 1) / MaxSamples
		d.errorf("sample_every", fmt.Sprintf("at least %s, at most %d samples over %s", formatDuration(least), MaxSamples, formatDuration(s.Duration)),
			"%s takes %d samples of every series", formatDuration(s.SampleEvery), s.Duration/s.SampleEvery)
	}
	d.checkToken(s)
	seen := map[string]int{}
	for i, t := range s.Torrents {
		p := "torrent." + strconv.Itoa(i)
		if first, dup := seen[t.Name]; dup && t.Name != "" {
			d.errorf(p+".name", "unique torrent names",
				"%q is already the name of torrent.%d", t.Name, first)
		} else {
			seen[t.Name] = i
		}
		d.checkTorrent(s, p, t)
	}
	if c := s.Catalogue; c != nil {
		if c.PieceSize > 0 && c.FileSize.Mean() > 0 && c.FileSize.Max() < float64(c.PieceSize) {
			d.errorf("catalogue.piece_size", "at most the largest file_size",
				"%s is larger than every file", formatSize(c.PieceSize))
		}
		d.checkCatalogueSizes(c)
		d.checkPeers("catalogue.peers", c.Peers)
		d.checkProtocol("catalogue.protocol", c.Protocol)
	}
	d.checkStorage(s)
	for i, e := range s.Expect {
		d.checkExpect("expect."+strconv.Itoa(i), e)
	}
}

func (d *decoder) checkToken(s *Scenario) {
	t := s.Token
	if t.Price.Policy == "csv" && t.Price.Path != "" {
		d.checkPriceCSV(s)
	}
	if t.Reserve.Cmp(t.GenesisSupply) > 0 {
		d.errorf("token.reserve", "at most genesis_supply "+t.GenesisSupply.Text(t.Decimals),
			"%s is larger than the genesis supply", t.Reserve.Text(t.Decimals))
	}
	for i, e := range t.Emission {
		p := "token.emission"
		if _, ok := d.origins[p+"."+strconv.Itoa(i)]; ok {
			p += "." + strconv.Itoa(i)
		}
		if e.Policy == "target-staking" && e.InflationMin > e.InflationMax {
			d.errorf(p+".inflation_min", "inflation_min at most inflation_max",
				"%s is greater than inflation_max %s", formatNumber(e.InflationMin), formatNumber(e.InflationMax))
		}
	}
}

// MaxPieces bounds the pieces of one file: every peer holds a bitfield and
// a copy count per piece, so a file cut into billions of pieces would
// exhaust memory instead of failing with a message. Real torrents stay
// far below it (a 90 GB patch in 1 MiB pieces has 92,160).
const MaxPieces = 1 << 20

// checkPieces checks a torrent's piece geometry.
func (d *decoder) checkPieces(p string, fileSize, pieceSize int64, proto Protocol) {
	if fileSize <= 0 || pieceSize <= 0 {
		return
	}
	if pieceSize > fileSize {
		d.errorf(p+".piece_size", "at most file_size "+formatSize(fileSize),
			"%s is larger than the file", formatSize(pieceSize))
		return
	}
	pieces := (fileSize + pieceSize - 1) / pieceSize
	if pieces > MaxPieces {
		d.errorf(p+".piece_size", fmt.Sprintf("at least %s, so that the file has at most %d pieces", formatSize((fileSize+MaxPieces-1)/MaxPieces), MaxPieces),
			"%s cuts the file into %d pieces", formatSize(pieceSize), pieces)
		return
	}
	if int64(proto.RandomFirstPieces) > pieces {
		d.errorf(p+".protocol.random_first_pieces", fmt.Sprintf("at most the %d pieces of the file", pieces),
			"%d is more than the file's pieces", proto.RandomFirstPieces)
	}
}

func (d *decoder) checkStorage(s *Scenario) {
	st := s.Storage
	if d.present["storage.sla.replication"] && d.present["storage.sla.erasure"] {
		d.errorf("storage.sla.erasure", "either replication or erasure",
			"is set together with storage.sla.replication")
		return
	}
	if e := st.SLA.Erasure; e != nil {
		s.Storage.SLA.Replication = 0
		if e.Data > 0 && st.Hosts > 0 && e.Data+e.Parity > st.Hosts {
			d.errorf("storage.sla.erasure", fmt.Sprintf("at most storage.hosts = %d shards", st.Hosts),
				"%d shards need as many distinct hosts", e.Data+e.Parity)
		}
	} else if st.Hosts > 0 && st.SLA.Replication > st.Hosts {
		d.errorf("storage.sla.replication", fmt.Sprintf("at most storage.hosts = %d", st.Hosts),
			"%d copies need as many distinct hosts", st.SLA.Replication)
	}
}

func (d *decoder) checkExpect(p string, e Expect) {
	switch {
	case e.Min == nil && e.Max == nil && e.Equals == nil:
		d.errorf(p, "min and/or max, or equals with tolerance", "gives no bound")
	case e.Equals != nil && (e.Min != nil || e.Max != nil):
		d.errorf(p+".equals", "min and/or max, or equals with tolerance", "is given together with min or max")
	case e.Min != nil && e.Max != nil && *e.Min > *e.Max:
		d.errorf(p+".min", "min at most max", "%s is greater than max %s", formatNumber(*e.Min), formatNumber(*e.Max))
	case e.Equals == nil && d.present[p+".tolerance"]:
		d.errorf(p+".tolerance", "tolerance only with equals", "is given without equals")
	}
}

// checkPriceCSV reads the price path and reports its first bad line at
// that line of the CSV file.
func (d *decoder) checkPriceCSV(s *Scenario) {
	data, err := s.ReadData(s.Token.Price.Path)
	if err != nil {
		d.errorf("token.price.path", "a readable CSV file", "cannot read %q: %v", s.Token.Price.Path, errText(err))
		return
	}
	if _, err := token.ParsePriceCSV(data); err != nil {
		var ce *token.CSVError
		if !errors.As(err, &ce) {
			d.errorf("token.price.path", "", "%v", err)
			return
		}
		d.errs = append(d.errs, &Error{File: s.Token.Price.Path, Line: ce.Line, Key: "token.price.path", Msg: ce.Msg, Allowed: ce.Allowed})
	}
}
