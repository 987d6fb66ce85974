package swarm

import (
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestConfigRefusesWhatTheModelCannotHold: settings the model's records
// have no room for fail at New, not in the run.
func TestConfigRefusesWhatTheModelCannotHold(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Torrent)
		want   string
	}{
		{"pieces", func(tr *Torrent) { tr.PieceSize = 1; tr.FileSize = MaxPieces + 1 }, "pieces, more than"},
		{"snub", func(tr *Torrent) { tr.Protocol.SnubTimeout = MaxSnubTimeout + sim.Second }, "at most"},
		{"rechoke", func(tr *Torrent) {
			tr.Protocol.RechokeInterval, tr.Protocol.OptimisticInterval = 2*MaxRechokeInterval, 2*MaxRechokeInterval
		}, "at most"},
	} {
		tr := homogeneous("t", 64*mib, 64, mib, 4*mib)
		c.change(&tr)
		_, err := New(Config{Seed: 1, Duration: sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, nopRecorder{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: New gave %v, want an error with %q", c.name, err, c.want)
		}
	}
}
