package token

import (
	"math"
	"math/big"
	"math/bits"
)

// Wide arithmetic for what does not fit in 128 bits on the way: products
// of two amounts (a stake share of a reward) and the 18-decimal fixed point
// of Cosmos x/mint. It uses math/big; callers keep a scratch value so that
// the big.Int buffers are reused rather than allocated per call.

// The conversions below read big.Int words as 64-bit; this fails to compile
// on a 32-bit platform rather than misread them.
const _ = uint(bits.UintSize - 64)

// Big sets z to a and returns z.
func (a Amount) Big(z *big.Int) *big.Int {
	m := a.magnitude()
	z.SetBits(append(z.Bits()[:0], big.Word(m.lo), big.Word(m.hi)))
	if a.neg() {
		z.Neg(z)
	}
	return z
}

// AmountFromBig returns x as an Amount; ok is false when it does not fit.
func AmountFromBig(x *big.Int) (Amount, bool) {
	if x.BitLen() > 128 {
		return Amount{}, false
	}
	var m u128
	w := x.Bits()
	if len(w) > 0 {
		m.lo = uint64(w[0])
	}
	if len(w) > 1 {
		m.hi = uint64(w[1])
	}
	return fromMagnitude(m, x.Sign() < 0)
}

// AmountFromFloat returns ⌊f⌋ base units for a non-negative finite f, with
// ok false when it does not fit. Every float64 at or above 2^53 is an
// integer, so the split into two words is exact.
func AmountFromFloat(f float64) (Amount, bool) {
	if !(f >= 0) || f >= 0x1p127 {
		return Amount{}, false
	}
	f = math.Floor(f)
	hi := math.Floor(f / 0x1p64)
	lo := f - hi*0x1p64
	return Amount{hi: uint64(hi), lo: uint64(lo)}, true
}

// MulDiv computes ⌊a × num / den⌋ for amounts with a 256-bit intermediate,
// and the remainder. Keep one per goroutine: it reuses its buffers.
type MulDiv struct {
	x, y, z, r big.Int
}

// Do returns q = ⌊a×num/den⌋ (truncated toward zero) and r = a×num − q×den;
// ok is false when den is zero or q does not fit.
func (m *MulDiv) Do(a, num, den Amount) (q, r Amount, ok bool) {
	if den.IsZero() {
		return Amount{}, Amount{}, false
	}
	a.Big(&m.x)
	num.Big(&m.y)
	m.x.Mul(&m.x, &m.y)
	den.Big(&m.z)
	m.x.QuoRem(&m.x, &m.z, &m.r)
	q, ok1 := AmountFromBig(&m.x)
	r, ok2 := AmountFromBig(&m.r)
	return q, r, ok1 && ok2
}

// DoScaled returns ⌊a × mul × num / (div × den)⌋, truncated toward zero,
// with every product held in big integers: ok is false only when div or
// den is zero or the quotient itself does not fit.
func (m *MulDiv) DoScaled(a Amount, mul, div int64, num, den Amount) (q Amount, ok bool) {
	if div == 0 || den.IsZero() {
		return Amount{}, false
	}
	a.Big(&m.x)
	m.x.Mul(&m.x, m.r.SetInt64(mul))
	m.x.Mul(&m.x, num.Big(&m.y))
	den.Big(&m.z)
	m.z.Mul(&m.z, m.r.SetInt64(div))
	m.x.Quo(&m.x, &m.z)
	return AmountFromBig(&m.x)
}

// Pow10 returns 10^n base units, n in [0, MaxDecimals].
func Pow10(n int) Amount {
	a := FromInt64(1)
	for i := 0; i < n; i++ {
		a, _ = a.MulInt64(10) // 10^38 < 2^127: fits for n ≤ MaxDecimals
	}
	return a
}
