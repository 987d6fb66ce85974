package token

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

var (
	bigMax = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1))
	bigMin = new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 127))
)

// toBig is the reference reading of an Amount's two words.
func toBig(a Amount) *big.Int {
	b := new(big.Int).SetUint64(a.hi)
	b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(a.lo))
	if a.neg() {
		b.Sub(b, new(big.Int).Lsh(big.NewInt(1), 128))
	}
	return b
}

func fits(b *big.Int) bool { return b.Cmp(bigMin) >= 0 && b.Cmp(bigMax) <= 0 }

// samples returns edge values and seeded random amounts of every width,
// so that carries across the word boundary and the sign bit are covered.
func samples() []Amount {
	out := []Amount{{}, FromInt64(1), FromInt64(-1), MaxAmount, MinAmount,
		FromInt64(math.MaxInt64), FromInt64(math.MinInt64),
		{hi: 0, lo: math.MaxUint64}, {hi: 1, lo: 0}, {hi: math.MaxUint64, lo: 0}}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		bitsHi := rng.IntN(65)
		a := Amount{hi: rng.Uint64() >> (64 - bitsHi), lo: rng.Uint64()}
		if bitsHi == 0 {
			a.hi = 0
			a.lo >>= rng.IntN(64)
		}
		if rng.IntN(2) == 0 {
			a.hi, a.lo = ^a.hi, ^a.lo // negative of similar size
		}
		out = append(out, a)
	}
	return out
}

func int64Samples() []int64 {
	out := []int64{0, 1, -1, 2, 7, 10, -10, math.MaxInt64, math.MinInt64, 1e18}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 40 {
		out = append(out, int64(rng.Uint64())>>rng.IntN(64))
	}
	return out
}

func TestAddSubCmpAgainstBig(t *testing.T) {
	all := samples()
	for _, a := range all {
		for _, b := range all {
			A, B := toBig(a), toBig(b)
			want := new(big.Int).Add(A, B)
			got, ok := a.Add(b)
			if ok != fits(want) || ok && toBig(got).Cmp(want) != 0 {
				t.Fatalf("%v + %v = %v, %v; want %v", A, B, toBig(got), ok, want)
			}
			want.Sub(A, B)
			got, ok = a.Sub(b)
			if ok != fits(want) || ok && toBig(got).Cmp(want) != 0 {
				t.Fatalf("%v - %v = %v, %v; want %v", A, B, toBig(got), ok, want)
			}
			if c := a.Cmp(b); c != A.Cmp(B) {
				t.Fatalf("Cmp(%v, %v) = %d", A, B, c)
			}
		}
	}
}

func TestMulQuoFracAgainstBig(t *testing.T) {
	for _, a := range samples() {
		A := toBig(a)
		if a.Sign() != A.Sign() {
			t.Fatalf("Sign(%v) = %d", A, a.Sign())
		}
		neg, ok := a.Neg()
		if want := new(big.Int).Neg(A); ok != fits(want) || ok && toBig(neg).Cmp(want) != 0 {
			t.Fatalf("Neg(%v) = %v, %v", A, toBig(neg), ok)
		}
		for _, n := range int64Samples() {
			N := big.NewInt(n)
			want := new(big.Int).Mul(A, N)
			got, ok := a.MulInt64(n)
			if ok != fits(want) || ok && toBig(got).Cmp(want) != 0 {
				t.Fatalf("%v × %d = %v, %v; want %v", A, n, toBig(got), ok, want)
			}
			q, r, ok := a.QuoRem(n)
			checkQuo(t, A, big.NewInt(1), n, q, r, ok)
			for _, d := range []int64{1, -3, 7, 1e6, math.MaxInt64, math.MinInt64} {
				q, r, ok := a.MulFrac(n, d)
				checkQuo(t, A, N, d, q, r, ok)
			}
		}
	}
}

// checkQuo compares q, r with big.Int's QuoRem of a×num by den, which
// truncates toward zero as Go does.
func checkQuo(t *testing.T, a, num *big.Int, den int64, q Amount, r int64, ok bool) {
	t.Helper()
	if den == 0 {
		if ok {
			t.Fatalf("division of %v by zero reported ok", a)
		}
		return
	}
	prod := new(big.Int).Mul(a, num)
	wantQ, wantR := new(big.Int).QuoRem(prod, big.NewInt(den), new(big.Int))
	if ok != fits(wantQ) {
		t.Fatalf("%v×%v/%d: ok = %v, quotient %v", a, num, den, ok, wantQ)
	}
	if ok && (toBig(q).Cmp(wantQ) != 0 || wantR.Int64() != r) {
		t.Fatalf("%v×%v/%d = %v rem %d; want %v rem %v", a, num, den, toBig(q), r, wantQ, wantR)
	}
}

func TestTextParseRoundTrip(t *testing.T) {
	for _, a := range samples() {
		for _, dec := range []int{0, 1, 6, 18, MaxDecimals} {
			text := a.Text(dec)
			back, err := ParseAmount(text, dec)
			if err != nil || back != a {
				t.Fatalf("ParseAmount(%q, %d) = %v, %v; want %v", text, dec, toBig(back), err, toBig(a))
			}
			// The reference: the base units over 10^dec, as an exact rational.
			want := new(big.Rat).SetFrac(toBig(a), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil))
			got, _ := new(big.Rat).SetString(text)
			if got.Cmp(want) != 0 || strings.HasSuffix(text, ".") || strings.Contains(text, ".") && strings.HasSuffix(text, "0") {
				t.Fatalf("Text(%v, %d) = %q", toBig(a), dec, text)
			}
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		text     string
		decimals int
		want     string // base units, or the error
	}{
		{"990000000000000", 18, "990000000000000000000000000000000"},
		{"0.125", 3, "125"},
		{"-0.125", 6, "-125000"},
		{"1e6", 0, "1000000"},
		{"1.5E-1", 1, "ERR fraction"},
		{"1.5E-1", 2, "15"},
		{"+7.", 0, "7"},
		{".5", 1, "5"},
		{"0.0000001", 6, "ERR fraction"},
		{"0.10000000", 1, "1"},
		{"170141183460469231731687303715884105727", 0, "170141183460469231731687303715884105727"},
		{"170141183460469231731687303715884105728", 0, "ERR overflow"},
		{"-170141183460469231731687303715884105728", 0, "-170141183460469231731687303715884105728"},
		{"1e9999", 0, "ERR overflow"},
		{"0e9999", 0, "0"},
		{"1e-9999", 6, "ERR fraction"},
		{"1e99999", 0, "ERR syntax"},
		{"", 0, "ERR syntax"},
		{".", 0, "ERR syntax"},
		{"1_000", 0, "ERR syntax"},
		{"0x10", 0, "ERR syntax"},
		{"1e", 0, "ERR syntax"},
		{"NaN", 0, "ERR syntax"},
	} {
		a, err := ParseAmount(tc.text, tc.decimals)
		got := a.String()
		switch {
		case errors.Is(err, ErrOverflow):
			got = "ERR overflow"
		case errors.Is(err, ErrFraction):
			got = "ERR fraction"
		case errors.Is(err, ErrSyntax):
			got = "ERR syntax"
		case err != nil:
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("ParseAmount(%q, %d) = %s; want %s", tc.text, tc.decimals, got, tc.want)
		}
	}
}

func TestFloat64(t *testing.T) {
	for _, a := range samples() {
		want, _ := new(big.Float).SetInt(toBig(a)).Float64()
		got := a.Float64()
		if got != want && math.Abs(got-want) > math.Abs(want)*0x1p-52 {
			t.Fatalf("Float64(%v) = %g; want %g", toBig(a), got, want)
		}
	}
}

func TestInt64(t *testing.T) {
	for _, a := range samples() {
		n, ok := a.Int64()
		A := toBig(a)
		if ok != A.IsInt64() || ok && n != A.Int64() {
			t.Fatalf("Int64(%v) = %d, %v", A, n, ok)
		}
	}
}

func TestArithmeticDoesNotAllocate(t *testing.T) {
	a, b := FromInt64(123456789), MaxAmount
	allocs := testing.AllocsPerRun(100, func() {
		s, _ := a.Add(b)
		s, _ = s.Sub(a)
		s, _ = s.MulInt64(-3)
		s, _, _ = s.MulFrac(7, 9)
		s, _, _ = s.QuoRem(11)
		_ = s.Cmp(a)
	})
	if allocs != 0 {
		t.Fatalf("arithmetic allocates %v times per run", allocs)
	}
}
