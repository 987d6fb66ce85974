package swarm

import (
	"slices"
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestFreeListLowestFirst: slots come back lowest first whatever the
// order they were freed in, and cutTail removes exactly the free run at
// the end of the table.
func TestFreeListLowestFirst(t *testing.T) {
	rng := sim.NewStream(1, "test/freelist", 0)
	var h freeList
	var want []int32
	order := make([]int, 500)
	for i := range order {
		order[i] = i
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, i := range order {
		if i%3 != 0 {
			h.push(int32(i))
			want = append(want, int32(i))
		}
	}
	slices.Sort(want)
	for k := range 100 {
		got, ok := h.pop()
		if !ok || got != want[k] {
			t.Fatalf("pop %d = %d, %v; want %d", k, got, ok, want[k])
		}
	}
	// Free 497..499 and 495; 496 is live: the tail run is 497..499.
	h = nil
	for _, i := range []int32{499, 3, 495, 498, 10, 497} {
		h.push(i)
	}
	if k := h.cutTail(500); k != 3 {
		t.Fatalf("cutTail = %d, want 3", k)
	}
	for _, w := range []int32{3, 10, 495} {
		if got, _ := h.pop(); got != w {
			t.Fatalf("after cut, pop = %d, want %d", got, w)
		}
	}
	if _, ok := h.pop(); ok {
		t.Fatal("list not empty after cut")
	}
}
