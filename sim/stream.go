package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Stream is a named random stream: a PCG generator (math/rand/v2) whose
// state is derived from (scenario seed, stream name, entity id) alone.
// Adding an entity or a stream therefore never shifts another's numbers,
// and a model holds each stream by value inside the entity that uses it.
//
// *Stream implements rand.Source, so rand.New(&s) and gonum's distuv Src
// accept it. Its own methods allocate nothing and give the same numbers on
// every platform. A Stream is not safe for concurrent use.
//
// The zero Stream is valid (a fixed sequence) but every real stream should
// come from NewStream.
type Stream struct {
	pcg rand.PCG
}

var _ rand.Source = (*Stream)(nil)

// NewStream returns the stream named name for entity id under the scenario
// seed. Streams of distinct (seed, name, id) are independent for practical
// purposes: the three are hashed (FNV-1a over the name, SplitMix64 mixing)
// into the generator's 128-bit state.
func NewStream(seed uint64, name string, id uint64) Stream {
	k := mix64(seed + golden)
	k = mix64(k ^ fnv1a(name))
	k = mix64(k ^ id)
	var s Stream
	s.pcg.Seed(mix64(k+golden), mix64(k+golden+golden))
	return s
}

// golden is 2^64 / φ, SplitMix64's increment.
const golden uint64 = 0x9e3779b97f4a7c15

// mix64 is SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection
// of uint64 in which every input bit affects every output bit.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// fnv1a is the 64-bit FNV-1a hash of s.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Uint64 returns a uniformly distributed 64-bit value.
func (s *Stream) Uint64() uint64 { return s.pcg.Uint64() }

// Float64 returns a uniform value in [0, 1) with 53 random bits.
func (s *Stream) Float64() float64 {
	return float64(s.pcg.Uint64()<<11>>11) / (1 << 53)
}

// IntN returns a uniform value in [0, n). It panics if n <= 0.
func (s *Stream) IntN(n int) int {
	if n <= 0 {
		panic("sim: Stream.IntN with n <= 0")
	}
	return int(s.uint64n(uint64(n)))
}

// Uint64N returns a uniform value in [0, n). It panics if n == 0.
func (s *Stream) Uint64N(n uint64) uint64 {
	if n == 0 {
		panic("sim: Stream.Uint64N with n == 0")
	}
	return s.uint64n(n)
}

// uint64n is Lemire's multiply-and-reject method ("Fast random integer
// generation in an interval", 2019), unbiased. Unlike math/rand/v2 it uses
// the 64-bit path on every platform, so results do not depend on word size.
func (s *Stream) uint64n(n uint64) uint64 {
	if n&(n-1) == 0 {
		return s.pcg.Uint64() & (n - 1)
	}
	hi, lo := bits.Mul64(s.pcg.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.pcg.Uint64(), n)
		}
	}
	return hi
}

// Bernoulli returns true with probability p.
func (s *Stream) Bernoulli(p float64) bool { return s.Float64() < p }

// Exp returns an exponentially distributed value with the given mean, by
// inversion: -mean·ln(1-U) with U uniform in [0, 1), so the result is
// finite and >= 0.
//
// NB: math.Log is assembly on amd64; its results are correctly rounded in
// all practical cases but Go does not promise bit-equality across
// architectures.
func (s *Stream) Exp(mean float64) float64 {
	return -mean * math.Log(1-s.Float64())
}

// Shuffle permutes n elements with the Fisher-Yates algorithm, calling swap
// to exchange elements i and j.
func (s *Stream) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, int(s.uint64n(uint64(i+1))))
	}
}
