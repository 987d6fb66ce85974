package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestCountBytesMatchesOneByOne: counting a bitfield eight pieces at a
// time gives the counts of adding and removing it piece by piece, for
// every file length (the last pieces are fewer than eight) and counts
// up to 255.
func TestCountBytesMatchesOneByOne(t *testing.T) {
	rng := sim.NewStream(1, "test/count", 0)
	for n := 1; n <= 200; n++ {
		want := make([]int, n)
		got := make([]uint8, n)
		var held []bitset
		for step := 0; step < 600; step++ {
			if len(held) > 0 && (len(held) == 255 || rng.IntN(5) == 0) {
				b := held[len(held)-1]
				held = held[:len(held)-1]
				subAvail(got, b)
				for i := 0; i < n; i++ {
					if b.has(i) {
						want[i]--
					}
				}
			} else {
				b := make(bitset, (n+63)/64)
				for i := 0; i < n; i++ {
					if rng.IntN(4) != 0 {
						b.set(i)
						want[i]++
					}
				}
				held = append(held, b)
				addAvail(got, b)
			}
			for i := range want {
				if int(got[i]) != want[i] {
					t.Fatalf("%d pieces, step %d: piece %d counts %d, want %d", n, step, i, got[i], want[i])
				}
			}
		}
	}
}
