package swarm

import (
	"math"
	"testing"
)

// TestWaterFillIn: a receiver's capacity goes first to the offers below
// an equal share, the rest is shared evenly (max-min fairness).
func TestWaterFillIn(t *testing.T) {
	in := []share{{headroom: 1}, {headroom: 2}, {headroom: 3}}
	waterFillIn(4, in) // 4/3 each: 1 fits; then 3/2 each for the others
	for i, want := range []float64{1, 1.5, 1.5} {
		if in[i].share != want {
			t.Errorf("flow %d gets %g, want %g", i, in[i].share, want)
		}
	}
}

// TestSqueezedReceiver: senders never offer a receiver more than it can
// take, so a receiver is squeezed (its offers above its capacity) only
// by a rounding residue in a run. Offers set by hand drive one through
// it: the rates are the water-filling of the offers while squeezed, a
// flow that ends shares its capacity among the others, and when the
// offers fit again each flow gets its offer.
func TestSqueezedReceiver(t *testing.T) {
	s, p, qs := scripted(t, 3, false)
	s.peers[p].down = 4 * mib
	flows := make([]int32, len(qs))
	for i, q := range qs {
		s.gotPiece(q, 10+i, 0) // p becomes interested in q
		s.peers[q].up = mib
		c := s.connected(p, q)
		cc := &s.conns[c]
		d := cc.side(q)
		cc.flags &^= chokingBit(d)
		s.startFlow(c, d, 10+i, 0)
		flows[i] = s.findFlow(c, d)
	}
	s.reshareAll(0)
	check := func(step string, squeezedWant bool, rates ...float64) {
		t.Helper()
		if err := checkInvariants(s); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if got := s.peers[p].is(squeezed); got != squeezedWant {
			t.Errorf("%s: squeezed %v, want %v", step, got, squeezedWant)
		}
		for i, want := range rates {
			if got := s.flows[flows[i]].rate; math.Abs(got-want*mib) > 1e-6 {
				t.Errorf("%s: flow %d at %g MiB/s, want %g", step, i, got/mib, want)
			}
		}
	}
	check("each sender offers its capacity", false, 1, 1, 1)
	s.setOffer(flows[1], 2*mib, 0)
	s.setOffer(flows[2], 3*mib, 0) // offers 6 MiB/s to 4
	check("offers above capacity", true, 1, 1.5, 1.5)
	s.cancelFlow(flows[0], 0, -1)
	s.reshareAll(0)
	flows = flows[1:]
	check("a flow ended", true, 2, 2)
	s.setOffer(flows[1], 1*mib, 0)
	check("offers fit again", false, 2, 1)
}
