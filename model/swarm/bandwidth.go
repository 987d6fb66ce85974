package swarm

import "github.com/swarmecon/swarmecon/sim"

// This file shares capacities among flows: senders over their uploads,
// receivers over their downloads, both by water-filling (see doc.go,
// Bandwidth).

// reallocSender shares p's upload capacity among its uploads by
// water-filling: no upload is offered more than its receiver can take
// beside its other downloads (its headroom), and what one cannot take is
// shared among the others. Each receiver then shares its download
// capacity again.
func (s *Shard) reallocSender(p int32, now sim.Time) {
	pp := &s.peers[p]
	if pp.outCount == 0 {
		return
	}
	equal := pp.up / float64(pp.outCount)
	tight := false
	for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
		fp := &s.flows[f]
		fp.headroom = s.peers[fp.to].down - s.peers[fp.to].inRate + fp.rate
		fp.share = equal
		fp.held = false
		if fp.headroom < equal {
			tight = true
		}
	}
	if tight {
		s.waterFillOut(pp)
	}
	for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
		if fp := &s.flows[f]; fp.offer != fp.share {
			s.setOffer(f, fp.share, now)
		}
	}
}

// setOffer changes what f's sender offers. When the receiver's offers
// fit its capacity before and after, every flow there gets its offer and
// only f changes; otherwise the receiver shares its capacity again.
func (s *Shard) setOffer(f int32, offer float64, now sim.Time) {
	fp := &s.flows[f]
	rp := &s.peers[fp.to]
	before := rp.offerSum
	rp.offerSum += offer - fp.offer
	fp.offer = offer
	if before <= rp.down && rp.offerSum <= rp.down {
		rp.inRate += offer - fp.rate
		s.setRate(f, offer, now)
		return
	}
	s.reallocReceiver(fp.to, now)
}

// waterFillOut sets the shares of pp's uploads when some receiver cannot
// take an equal share: those get their headroom (and are held back), the
// rest share what is left.
func (s *Shard) waterFillOut(pp *peer) {
	const unfixed = -1.0
	for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
		s.flows[f].share = unfixed
	}
	left, n := pp.up, int(pp.outCount)
	for n > 0 {
		share := left / float64(n)
		fixed := false
		for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
			if fp := &s.flows[f]; fp.share == unfixed && fp.headroom <= share {
				fp.share = max(fp.headroom, 0)
				fp.held = true
				left -= fp.share
				n--
				fixed = true
			}
		}
		if !fixed {
			for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
				if fp := &s.flows[f]; fp.share == unfixed {
					fp.share = share
				}
			}
			return
		}
	}
}

// reallocReceiverDeep re-allocates p, and when p is left with spare
// download capacity lets the senders that held back for p's sake share
// again, so that they can give p more.
func (s *Shard) reallocReceiverDeep(p int32, now sim.Time) {
	s.reallocReceiver(p, now)
	pp := &s.peers[p]
	if pp.inRate >= pp.down*(1-1e-9) {
		return
	}
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		if s.flows[f].held {
			s.reallocSender(s.flows[f].from, now)
		}
	}
}

// reallocReceiver water-fills p's download capacity over its incoming
// flows: a flow whose sender offers less than an equal share gets its
// offer, and the rest is shared again among the others (max-min fairness
// on the receiver's link). When the offers fit, each gets its offer.
func (s *Shard) reallocReceiver(p int32, now sim.Time) {
	pp := &s.peers[p]
	sum := 0.0
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		s.flows[f].share = s.flows[f].offer
		sum += s.flows[f].offer
	}
	pp.offerSum = sum
	if sum > pp.down {
		s.waterFillIn(pp)
	}
	pp.inRate = 0
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		s.setRate(f, s.flows[f].share, now)
		pp.inRate += s.flows[f].share
	}
}

// waterFillIn sets the shares of pp's downloads when the offers exceed
// its capacity.
func (s *Shard) waterFillIn(pp *peer) {
	const unfixed = -1.0
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		s.flows[f].share = unfixed
	}
	left, n := pp.down, int(pp.inCount)
	for n > 0 {
		share := left / float64(n)
		fixed := false
		for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
			if fp := &s.flows[f]; fp.share == unfixed && fp.offer <= share {
				fp.share = fp.offer
				left -= fp.offer
				n--
				fixed = true
			}
		}
		if !fixed {
			for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
				if fp := &s.flows[f]; fp.share == unfixed {
					fp.share = share
				}
			}
			return
		}
	}
}
