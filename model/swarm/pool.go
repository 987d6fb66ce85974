package swarm

// bufPool keeps emptied buffers (bitfields, lists) for the next
// peer that needs one, up to a bound the caller gives. At each epoch end
// (trim) it lets go of half of the buffers it held unused all epoch: a
// swarm past its peak does not keep the peak's buffers for good, and a
// steady one keeps what its ups and downs take, so that joining and
// connecting allocate next to nothing.
type bufPool[T any] struct {
	items []T
	low   int // the fewest items held since the last trim
}

// take returns a buffer, or false when the pool is empty.
func (p *bufPool[T]) take() (T, bool) {
	var zero T
	n := len(p.items)
	if n == 0 {
		return zero, false
	}
	x := p.items[n-1]
	p.items[n-1] = zero // the pool no longer holds it
	p.items = p.items[:n-1]
	p.low = min(p.low, n-1)
	return x, true
}

// give keeps x when the pool holds fewer than bound buffers.
func (p *bufPool[T]) give(x T, bound int) {
	if len(p.items) < bound {
		p.items = append(p.items, x)
	}
}

// trim drops half of the buffers no take reached since the last trim.
func (p *bufPool[T]) trim() {
	n := len(p.items)
	drop := p.low / 2
	clear(p.items[n-drop:])
	p.items = p.items[:n-drop]
	p.low = len(p.items)
}
