package swarm

import "github.com/swarmecon/swarmecon/sim"

// This file shares capacities among flows: senders over their uploads,
// receivers over their downloads, both by water-filling (see doc.go,
// Bandwidth).

// share is water-filling scratch: one flow of the peer being allocated,
// what its other end could take (headroom) and its share. A sender's and
// a receiver's allocation each have their own, as the first calls the
// second (setOffer) while its scratch is still in use.
type share struct {
	flow     int32
	headroom float64
	share    float64
}

// unfixed marks a share the water-filling has not set yet.
const unfixed = -1.0

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
	out := s.outShares[:0]
	for f := pp.firstOut; f >= 0; f = s.flows[f].nextOut {
		fp := &s.flows[f]
		fp.set(flowHeld, false)
		rp := &s.peers[s.receiver(fp)]
		sh := share{flow: f, headroom: rp.down - rp.inRate + fp.rate, share: equal}
		if sh.headroom < equal {
			tight = true
		}
		out = append(out, sh)
	}
	s.outShares = out
	if tight {
		s.waterFillOut(pp.up, out)
	}
	for _, sh := range out {
		if fp := &s.flows[sh.flow]; fp.offer != sh.share {
			s.setOffer(sh.flow, sh.share, now)
		}
	}
}

// setOffer changes what f's sender offers. When the receiver's offers
// fit its capacity before and after, every flow there gets its offer and
// only f changes; otherwise the receiver shares its capacity again.
func (s *Shard) setOffer(f int32, offer float64, now sim.Time) {
	fp := &s.flows[f]
	to := s.receiver(fp)
	rp := &s.peers[to]
	before := rp.offerSum
	rp.offerSum += offer - fp.offer
	fp.offer = offer
	if before <= rp.down && rp.offerSum <= rp.down {
		rp.inRate += offer - fp.rate
		s.setRate(f, offer, now)
		return
	}
	s.reallocReceiver(to, now)
}

// waterFillOut sets the shares of a sender's uploads when some receiver
// cannot take an equal share: those get their headroom (and are held
// back), the rest share what is left.
func (s *Shard) waterFillOut(up float64, out []share) {
	for i := range out {
		out[i].share = unfixed
	}
	left, n := up, len(out)
	for n > 0 {
		even := left / float64(n)
		fixed := false
		for i := range out {
			if sh := &out[i]; sh.share == unfixed && sh.headroom <= even {
				sh.share = max(sh.headroom, 0)
				fp := &s.flows[sh.flow]
				fp.set(flowHeld, true)
				s.peers[s.receiver(fp)].set(heldBack, true)
				left -= sh.share
				n--
				fixed = true
			}
		}
		if !fixed {
			for i := range out {
				if out[i].share == unfixed {
					out[i].share = even
				}
			}
			return
		}
	}
}

// reallocReceiverDeep re-allocates p, and when p is left with spare
// download capacity lets the senders that held back for p's sake share
// again, so that they can give p more.
//
// Only flows that ended call for it (unlink), and they took their offers
// and rates out of the sums. When the offers fitted before, every other
// flow still gets its offer, so the incoming list, whose flows lie far
// apart, need not be walked (as it was in a tenth of a run); nor for
// held senders when none was held back since the last walk.
func (s *Shard) reallocReceiverDeep(p int32, now sim.Time) {
	pp := &s.peers[p]
	if pp.is(squeezed) {
		s.reallocReceiver(p, now)
	}
	if !pp.is(heldBack) || pp.inRate >= pp.down*(1-1e-9) {
		return
	}
	pp.set(heldBack, false) // a sender that holds back again marks it again
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		if s.flows[f].held() {
			s.reallocSender(s.sender(&s.flows[f]), now)
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
	in := s.inShares[:0]
	for f := pp.firstIn; f >= 0; f = s.flows[f].nextIn {
		offer := s.flows[f].offer
		in = append(in, share{flow: f, headroom: offer, share: offer})
		sum += offer
	}
	s.inShares = in
	pp.offerSum = sum
	pp.set(squeezed, sum > pp.down)
	if sum > pp.down {
		waterFillIn(pp.down, in)
	}
	pp.inRate = 0
	for _, sh := range in {
		s.setRate(sh.flow, sh.share, now)
		pp.inRate += sh.share
	}
}

// waterFillIn sets the shares of a receiver's downloads when the offers
// (kept in headroom) exceed its capacity.
func waterFillIn(down float64, in []share) {
	for i := range in {
		in[i].share = unfixed
	}
	left, n := down, len(in)
	for n > 0 {
		even := left / float64(n)
		fixed := false
		for i := range in {
			if sh := &in[i]; sh.share == unfixed && sh.headroom <= even {
				sh.share = sh.headroom
				left -= sh.headroom
				n--
				fixed = true
			}
		}
		if !fixed {
			for i := range in {
				if in[i].share == unfixed {
					in[i].share = even
				}
			}
			return
		}
	}
}
