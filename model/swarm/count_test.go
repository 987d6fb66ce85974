package swarm

import (
	"testing"

	"github.com/swarmecon/swarmecon/sim"
)

// TestCountBytesReachesTheLimit: 255 neighbours holding every piece, or
// every other one, count 255 next to 128 without carrying into the next
// byte, and leaving takes every count back to 0, for file lengths around
// the word and byte boundaries.
func TestCountBytesReachesTheLimit(t *testing.T) {
	for _, n := range []int{1, 7, 8, 9, 63, 64, 65, 334} {
		all, odd := make(bitset, (n+63)/64), make(bitset, (n+63)/64)
		for i := 0; i < n; i++ {
			all.set(i)
			if i%2 == 1 {
				odd.set(i)
			}
		}
		got := make([]uint8, n)
		// 255 neighbours, every other one holding every piece.
		neighbours := func(count func([]uint8, bitset)) {
			for k := 0; k < 255; k++ {
				count(got, []bitset{all, odd}[k%2])
			}
		}
		neighbours(addAvail)
		for i, c := range got {
			if want := []uint8{128, 255}[i%2]; c != want {
				t.Fatalf("%d pieces: piece %d counts %d, want %d", n, i, c, want)
			}
		}
		neighbours(subAvail)
		for i, c := range got {
			if c != 0 {
				t.Fatalf("%d pieces: piece %d counts %d after all left, want 0", n, i, c)
			}
		}
	}
}

// TestCountBytesMatchesOneByOne: counting a bitfield eight pieces at a
// time gives the counts of adding and removing it piece by piece, for
// every file length (the last pieces are fewer than eight).
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
