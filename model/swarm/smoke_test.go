package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

func TestSmokeFlash(t *testing.T) {
	tr := homogeneous("f", 256*mib, 256, 1*mib, 4*mib)
	tr.SeedUpload = 10 * mib
	tr.Arrivals = Arrivals{Process: FlashCrowd, Peers: 200, Until: sim.Never}
	m := runModel(t, Config{Seed: 1, Duration: 2 * sim.Hour, SampleEvery: 10 * sim.Minute, Torrents: []Torrent{tr}}, 1)
	s := m.Stats()
	last := 0.0
	for _, v := range s.DownloadTimes {
		last = max(last, v)
	}
	t.Logf("%+v last=%v events=%d", s.Completed, last, m.Events())
}
