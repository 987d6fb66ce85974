package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

func TestDebugUL(t *testing.T) {
	const file = 1 << 30
	tr := homogeneous("qs", file, 1024, mib, 4*mib)
	tr.Arrivals = Arrivals{Process: Poisson, PerHour: 60, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(10 * sim.Minute))}
	m := runModel(t, Config{Seed: 7, Duration: 8 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}, 1)
	s := m.Stats()
	st := m.torrents[0].st
	t.Logf("util(give)=%.3f util(all)=%.3f seeds=%.2f leech=%.2f", s.Utilization, s.BytesUp/((st.seedArea+st.leechArea)*mib), s.SeedsMean, s.LeechersMean)
}

func TestDebugIdle(t *testing.T) {
	const file = 1 << 30
	tr := homogeneous("qs", file, 1024, mib, 4*mib)
	tr.Arrivals = Arrivals{Process: Poisson, PerHour: 60, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(10 * sim.Minute))}
	cfg := Config{Seed: 7, Duration: 8 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}
	m, _ := New(cfg, nopRecorder{})
	s := m.shards[0]
	var n [6]int
	for at := sim.Hour; at < cfg.Duration; at += 7 * sim.Second {
		s.Advance(at, nil)
		for p := range s.peers {
			pp := &s.peers[p]
			if pp.state == stateFree || pp.interestedIn == 0 {
				continue
			}
			n[0]++
			if pp.outCount > 0 {
				n[1]++
				continue
			}
			unchokedInterested := 0
			for _, c := range pp.conns {
				cc := &s.conns[c]
				d := cc.side(int32(p))
				if !cc.is(chokingBit(d)) && cc.is(interestedBit(d)) {
					unchokedInterested++
				}
			}
			if unchokedInterested == 0 {
				n[2]++
			} else {
				n[3]++
			}
			if pp.state == stateLeecher {
				n[4]++
			}
		}
	}
	t.Logf("giving=%d uploading=%d idle-no-unchoked-interested=%d idle-unchoked-but-no-request=%d idle-leechers=%d", n[0], n[1], n[2], n[3], n[4])
}

func TestDebugCap(t *testing.T) {
	const file = 1 << 30
	tr := homogeneous("qs", file, 1024, mib, 4*mib)
	tr.Arrivals = Arrivals{Process: Poisson, PerHour: 60, Until: sim.Never}
	tr.Seeding = SeedAltruistic{Time: sim.ExponentialDist(float64(10 * sim.Minute))}
	cfg := Config{Seed: 7, Duration: 8 * sim.Hour, SampleEvery: sim.Hour, Torrents: []Torrent{tr}}
	m, _ := New(cfg, nopRecorder{})
	s := m.shards[0]
	var capSum, rateSum, offerSum float64
	for at := sim.Hour; at < cfg.Duration; at += 7 * sim.Second {
		s.Advance(at, nil)
		for p := range s.peers {
			pp := &s.peers[p]
			if pp.state == stateFree || pp.outCount == 0 {
				continue
			}
			capSum += pp.up
			for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
				rateSum += s.flows[f].rate
				offerSum += s.flows[f].offer
			}
		}
	}
	t.Logf("rate/cap=%.3f offer/cap=%.3f", rateSum/capSum, offerSum/capSum)
}
