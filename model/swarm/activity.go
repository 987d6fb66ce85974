package swarm

import "github.com/swarmecon/swarmecon/sim"

// activity is what a connection needs only while data may move on it: its
// rate window and when each end last unchoked the other. A peer unchokes
// 4 of its 30 to 80 neighbours, so most connections are choked both ways
// and idle; their records would be zeros. The records live in their own
// table, made at a connection's first unchoke or byte and handed back by
// its ends' chokers once nothing in them can be read again (see dropIdle).
type activity struct {
	win        window    // bytes over the last 20 s, per direction
	unchokedAt [2]uint32 // second peer[d] last unchoked peer[1-d]; read only while it still does
}

// activityOf returns c's activity record, making one when c has none. A
// new record reads as an old one whose window has emptied.
func (s *Shard) activityOf(c int32) *activity {
	cc := &s.conns[c]
	if cc.act == 0 {
		a, ok := s.freeActs.pop()
		if !ok {
			a = int32(len(s.acts))
			s.acts = append(s.acts, activity{})
		}
		s.acts[a] = activity{}
		cc.act = a + 1
	}
	return &s.acts[cc.act-1]
}

// rate returns the bytes/s of direction d of c over the last 20 s.
func (s *Shard) rate(c int32, d int, now sim.Time) float64 {
	if a := s.conns[c].act; a != 0 {
		return s.acts[a-1].win.rate(d, now)
	}
	return 0
}

// dropIdle hands back c's activity record once nothing in it can be read
// again: both directions are choked (so no flow runs and no unchoke time
// is read) and the rate window gives 0 in both.
func (s *Shard) dropIdle(c int32, now sim.Time) {
	cc := &s.conns[c]
	if cc.act == 0 || cc.flags&(chokingBit(0)|chokingBit(1)) != chokingBit(0)|chokingBit(1) {
		return
	}
	if slotOf(now) <= s.acts[cc.act-1].win.slot+1 {
		return
	}
	s.releaseActivity(cc)
}

func (s *Shard) releaseActivity(cc *conn) {
	if cc.act != 0 {
		s.freeActs.push(cc.act - 1)
		cc.act = 0
	}
}
