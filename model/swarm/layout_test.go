package swarm

import (
	"testing"
	"unsafe"
)

// TestRecordSizes guards the memory per peer (bench swarm's bytes per
// concurrent peer): a field added to a hot record shows up here first.
// A peer record of 192 bytes also starts every record on a cache line,
// and a HAVE reads a neighbour's bitfield and count slot from the first.
func TestRecordSizes(t *testing.T) {
	var p peer
	if end := unsafe.Offsetof(p.availSlot) + unsafe.Sizeof(p.availSlot); unsafe.Offsetof(p.have) != 0 || end > 64 {
		t.Errorf("a peer's bitfield and count slot end at byte %d, past its first cache line", end)
	}
	for _, r := range []struct {
		name      string
		got, most uintptr
	}{
		{"peer", unsafe.Sizeof(peer{}), 192},
		{"conn", unsafe.Sizeof(conn{}), 16},
		{"flow", unsafe.Sizeof(flow{}), 80},
		{"activity", unsafe.Sizeof(activity{}), 28},
	} {
		t.Logf("%s: %d bytes", r.name, r.got)
		if r.got > r.most {
			t.Errorf("%s record is %d bytes, more than %d", r.name, r.got, r.most)
		}
	}
}
