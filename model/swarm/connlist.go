package swarm

// A peer's connection list grows through capacity classes, each about a
// quarter more than the one before (8, 12, 16, 20, 28, 36, 48, 60, ...) up
// to max_connections, and lists of each class are reused through the
// torrent's free lists. A list made at max_connections wasted a third of
// itself or more on a peer with the usual 30 to 50 neighbours; a class
// wastes a tenth on average, and growing by taking the next class from a
// free list allocates nothing in a steady swarm.

// connCaps returns the capacity classes for at most max connections.
func connCaps(max int) []int {
	caps := []int{min(8, max)}
	for c := caps[0]; c < max; {
		c = min(max, (c+c/4+3)&^3)
		caps = append(caps, c)
	}
	return caps
}

// connClass returns the index of capacity c among t's classes.
func (t *torrent) connClass(c int) int {
	for k, x := range t.connCaps {
		if x == c {
			return k
		}
	}
	panic("swarm: connection list of no capacity class")
}

// takeConnList returns an empty list of class k.
func (t *torrent) takeConnList(k int) []int32 {
	if l, ok := t.freeConns[k].take(); ok {
		return l[:0]
	}
	return make([]int32, 0, t.connCaps[k])
}

// giveConnList keeps l for a later peer. In a steady swarm each class
// gets back about as many lists as it hands out (a peer growing into a
// class returns one of the class below; a peer leaving, one of its own),
// so a class needs only room for the swarm's ups and downs: half of what
// the other free lists keep.
func (t *torrent) giveConnList(l []int32) {
	t.freeConns[t.connClass(cap(l))].give(l[:0], t.freeCap()/2)
}

// fitConns moves p's list down a class once it would fit two classes
// down: a peer that had many neighbours and lost them (most do, as they
// complete and leave) does not keep its largest list. The gap of a class
// keeps a peer whose count wavers from moving back and forth.
func (s *Shard) fitConns(pp *peer) {
	t := s.torrents[pp.torrent]
	k := t.connClass(cap(pp.conns))
	if k < 2 || len(pp.conns) > t.connCaps[k-2] {
		return
	}
	t.moveConns(pp, k-1)
}

// roomForConn makes room for one more entry in p's list, moving it to the
// next class when it is full. The connect path never asks past
// max_connections.
func (s *Shard) roomForConn(pp *peer) {
	if len(pp.conns) < cap(pp.conns) {
		return
	}
	t := s.torrents[pp.torrent]
	t.moveConns(pp, t.connClass(cap(pp.conns))+1)
}

// moveConns moves p's list into one of class k, handing the old back.
func (t *torrent) moveConns(pp *peer, k int) {
	l := append(t.takeConnList(k), pp.conns...)
	t.giveConnList(pp.conns)
	pp.conns = l
}
