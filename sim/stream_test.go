package sim

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites testdata/stream.golden from the current code.
//
// Changing a golden is a reviewed decision: every scenario's results, and
// every golden output of the project, depend on these numbers. Update only
// for a deliberate change of the derivation or of a method, and say so in
// the commit message.
var update = flag.Bool("update", false, "rewrite testdata/stream.golden")

// goldenStreams are the (seed, name, id) triples whose first values are
// pinned; they cover an empty name, id 0 and large seeds and ids.
var goldenStreams = []struct {
	seed uint64
	name string
	id   uint64
}{
	{0, "", 0},
	{1, "arrivals", 0},
	{1, "arrivals", 1},
	{1, "churn", 0},
	{2, "arrivals", 0},
	{1<<64 - 1, "a/very/long/stream/name", 1<<64 - 1},
}

// renderGoldens prints, for each golden stream, its first raw values and
// one value of each convenience method.
func renderGoldens() []byte {
	var b bytes.Buffer
	b.WriteString("# First values of named streams; see the comment on -update in stream_test.go.\n")
	for _, g := range goldenStreams {
		s := NewStream(g.seed, g.name, g.id)
		fmt.Fprintf(&b, "stream seed=%d name=%q id=%d\n", g.seed, g.name, g.id)
		for i := 0; i < 3; i++ {
			fmt.Fprintf(&b, "  Uint64  %#016x\n", s.Uint64())
		}
		fmt.Fprintf(&b, "  Float64 %v\n", s.Float64())
		fmt.Fprintf(&b, "  IntN10  %d\n", s.IntN(10))
		fmt.Fprintf(&b, "  IntN1e9 %d\n", s.IntN(1e9))
		// math.Log may differ in the last bit between architectures.
		fmt.Fprintf(&b, "  Exp2    %.12g\n", s.Exp(2))
	}
	return b.Bytes()
}

func TestStreamGoldens(t *testing.T) {
	path := filepath.Join("testdata", "stream.golden")
	got := renderGoldens()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestStreamGoldens -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("stream values changed; this shifts every result of the project.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestStreamIndependence checks that a stream's numbers depend only on its
// own (seed, name, id): drawing from or creating other streams in between
// changes nothing.
func TestStreamIndependence(t *testing.T) {
	alone := NewStream(5, "service", 3)
	var want [100]uint64
	for i := range want {
		want[i] = alone.Uint64()
	}
	s := NewStream(5, "service", 3)
	others := []Stream{NewStream(5, "service", 4), NewStream(5, "arrivals", 3)}
	for i := range want {
		for j := range others {
			others[j].Uint64()
		}
		others = append(others, NewStream(5, "new", uint64(i)))
		if got := s.Uint64(); got != want[i] {
			t.Fatalf("value %d = %#x with other streams around, %#x alone", i, got, want[i])
		}
	}
}

// TestStreamDistinct checks that nearby (seed, name, id) give distinct
// sequences: their first values never collide.
func TestStreamDistinct(t *testing.T) {
	seen := map[uint64]string{}
	for seed := uint64(0); seed < 8; seed++ {
		for _, name := range []string{"", "a", "b", "ab", "ba", "arrivals", "arrivals2"} {
			for id := uint64(0); id < 64; id++ {
				s := NewStream(seed, name, id)
				first := s.Uint64()
				key := fmt.Sprintf("(%d, %q, %d)", seed, name, id)
				if prev, ok := seen[first]; ok {
					t.Fatalf("streams %s and %s start with the same value %#x", prev, key, first)
				}
				seen[first] = key
			}
		}
	}
}

// TestStreamSource checks that *Stream serves rand.New like any Source and
// that its convenience methods stay in range.
func TestStreamSource(t *testing.T) {
	a, b := NewStream(3, "src", 0), NewStream(3, "src", 0)
	r := rand.New(&a)
	for i := 0; i < 100; i++ {
		if r.Uint64() != b.Uint64() {
			t.Fatal("rand.New(&s) draws differ from s's own")
		}
	}
	counts := make([]int, 7)
	for i := 0; i < 70000; i++ {
		f := a.Float64()
		if f < 0 || f >= 1 {
			t.Fatalf("Float64 = %v, outside [0, 1)", f)
		}
		if x := a.Exp(1); x < 0 {
			t.Fatalf("Exp = %v < 0", x)
		}
		counts[a.IntN(7)]++
	}
	// Each count is binomial(70000, 1/7): mean 10000, sd 92.6; 6 sd apart
	// fails about once in 10^8 runs of a correct generator.
	for v, c := range counts {
		if c < 10000-556 || c > 10000+556 {
			t.Fatalf("IntN(7) gave %d %d times in 70000, want 10000 ± 556", v, c)
		}
	}
	p := []int{0, 1, 2, 3, 4}
	a.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	sum := 0
	for _, v := range p {
		sum += 1 << v
	}
	if sum != 31 {
		t.Fatalf("Shuffle lost elements: %v", p)
	}
}

func TestStreamNoAllocs(t *testing.T) {
	s := NewStream(1, "allocs", 0)
	n := testing.AllocsPerRun(100, func() {
		s = NewStream(1, "allocs", 1)
		_ = s.Uint64() + uint64(s.IntN(10)) + uint64(s.Float64()+s.Exp(1))
	})
	if n != 0 {
		t.Fatalf("stream use allocates %v times, want 0", n)
	}
}
