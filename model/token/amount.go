package token

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
)

// Amount is a signed 128-bit integer number of base units, in two's
// complement over two words. The zero value is zero. Every operation that
// can overflow reports it with ok == false instead of wrapping, because a
// wrapped balance would break conservation without a trace.
type Amount struct {
	hi uint64 // high word; its top bit is the sign
	lo uint64
}

// MaxDecimals is the most decimals an Amount can carry while still holding
// one whole token (10^38 < 2^127).
const MaxDecimals = 38

var (
	// MaxAmount is 2^127 - 1 base units.
	MaxAmount = Amount{hi: 1<<63 - 1, lo: 1<<64 - 1}
	// MinAmount is -2^127 base units.
	MinAmount = Amount{hi: 1 << 63}
)

// FromInt64 returns n base units.
func FromInt64(n int64) Amount {
	return Amount{hi: uint64(n >> 63), lo: uint64(n)}
}

// Int64 returns a as an int64, with ok == false when it does not fit.
func (a Amount) Int64() (n int64, ok bool) {
	n = int64(a.lo)
	return n, a.hi == uint64(n>>63)
}

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case int64(a.hi) < 0:
		return -1
	case a.hi == 0 && a.lo == 0:
		return 0
	}
	return 1
}

// IsZero reports whether a is zero.
func (a Amount) IsZero() bool { return a.hi == 0 && a.lo == 0 }

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Amount) Cmp(b Amount) int {
	switch {
	case int64(a.hi) < int64(b.hi):
		return -1
	case a.hi != b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// Add returns a + b; ok is false on overflow.
func (a Amount) Add(b Amount) (sum Amount, ok bool) {
	var carry uint64
	sum.lo, carry = bits.Add64(a.lo, b.lo, 0)
	sum.hi, _ = bits.Add64(a.hi, b.hi, carry)
	// Overflow only when both operands share a sign the sum lacks.
	return sum, !(a.neg() == b.neg() && sum.neg() != a.neg())
}

// Sub returns a - b; ok is false on overflow.
func (a Amount) Sub(b Amount) (diff Amount, ok bool) {
	var borrow uint64
	diff.lo, borrow = bits.Sub64(a.lo, b.lo, 0)
	diff.hi, _ = bits.Sub64(a.hi, b.hi, borrow)
	return diff, !(a.neg() != b.neg() && diff.neg() != a.neg())
}

// Neg returns -a; ok is false only for MinAmount.
func (a Amount) Neg() (Amount, bool) {
	return Amount{}.Sub(a)
}

// MulInt64 returns a × m; ok is false on overflow.
func (a Amount) MulInt64(m int64) (Amount, bool) {
	q, _, ok := a.MulFrac(m, 1)
	return q, ok
}

// QuoRem divides a by d, truncating toward zero as Go's / and % do:
// a = q×d + r with |r| < |d| and r carrying a's sign. ok is false when d
// is zero or the quotient overflows (MinAmount / -1).
func (a Amount) QuoRem(d int64) (q Amount, r int64, ok bool) {
	return a.MulFrac(1, d)
}

// MulFrac returns a × num / den without intermediate overflow, truncated
// toward zero, and the remainder: a×num = q×den + r, |r| < |den|, r
// carrying the sign of a×num. The ledger credits r to an explicit account
// so that splitting a payment never loses a base unit. ok is false when
// den is zero or q overflows.
func (a Amount) MulFrac(num, den int64) (q Amount, r int64, ok bool) {
	if den == 0 {
		return Amount{}, 0, false
	}
	prodNeg := a.neg() != (num < 0)
	quoNeg := prodNeg != (den < 0)
	m := a.magnitude()
	n := absInt64(num)
	d := absInt64(den)

	// 192-bit product m × n in words w2:w1:w0.
	h0, w0 := bits.Mul64(m.lo, n)
	h1, l1 := bits.Mul64(m.hi, n)
	w1, carry := bits.Add64(h0, l1, 0)
	w2 := h1 + carry

	// Long division by one word, most significant word first.
	q2, rem := bits.Div64(0, w2, d)
	q1, rem := bits.Div64(rem, w1, d)
	q0, rem := bits.Div64(rem, w0, d)
	if q2 != 0 {
		return Amount{}, 0, false
	}
	q, ok = fromMagnitude(u128{hi: q1, lo: q0}, quoNeg && (q1|q0) != 0)
	if !ok {
		return Amount{}, 0, false
	}
	// rem < d <= 2^63, so it fits in an int64 with either sign.
	r = int64(rem)
	if prodNeg {
		r = -r
	}
	return q, r, true
}

// Float64 returns a as the nearest float64 or one ulp from it (the two
// words are rounded separately); for display and statistics only, never
// for ledger arithmetic.
func (a Amount) Float64() float64 {
	m := a.magnitude()
	f := float64(m.hi)*0x1p64 + float64(m.lo)
	if a.neg() {
		return -f
	}
	return f
}

// Text returns a as an exact decimal number of tokens at the given
// decimals, without trailing zeros: "990000000000000", "-0.125", "0".
func (a Amount) Text(decimals int) string {
	digits := a.magnitude().decimal()
	if decimals > 0 {
		if len(digits) <= decimals {
			digits = strings.Repeat("0", decimals-len(digits)+1) + digits
		}
		point := len(digits) - decimals
		frac := strings.TrimRight(digits[point:], "0")
		digits = digits[:point]
		if frac != "" {
			digits += "." + frac
		}
	}
	if a.neg() {
		return "-" + digits
	}
	return digits
}

// String prints a in base units.
func (a Amount) String() string { return a.Text(0) }

// Errors of ParseAmount, to be tested with errors.Is.
var (
	ErrSyntax   = errors.New("is not a decimal number")
	ErrOverflow = errors.New("overflows the ledger's signed 128-bit base units")
	ErrFraction = errors.New("is not a whole number of base units")
)

// ParseAmount parses a decimal number of whole tokens, such as
// "990000000000000", "-0.125" or "1.5e6", into base units at the given
// decimals (0 to MaxDecimals). It is exact: it fails with ErrFraction when
// the number has digits below one base unit rather than round them, and
// with ErrOverflow when the result does not fit in 128 signed bits.
func ParseAmount(text string, decimals int) (Amount, error) {
	if decimals < 0 || decimals > MaxDecimals {
		return Amount{}, fmt.Errorf("decimals %d is outside [0, %d]", decimals, MaxDecimals)
	}
	neg, digits, exp, ok := splitDecimal(text)
	if !ok {
		return Amount{}, fmt.Errorf("%q %w", text, ErrSyntax)
	}
	digits = strings.TrimLeft(digits, "0")
	scale := exp + decimals // base units = digits × 10^scale
	if scale < 0 {
		cut := len(digits) + scale
		if cut < 0 {
			cut = 0
		}
		if strings.Trim(digits[cut:], "0") != "" {
			return Amount{}, fmt.Errorf("%q %w at %d decimals", text, ErrFraction, decimals)
		}
		digits = digits[:cut]
		scale = 0
	}
	if digits != "" && len(digits)+scale > 39 { // 10^39 > 2^128
		return Amount{}, fmt.Errorf("%q %w", text, ErrOverflow)
	}
	var m u128
	for i := 0; i < len(digits)+scale; i++ {
		var d uint64
		if i < len(digits) {
			d = uint64(digits[i] - '0')
		}
		if m, ok = m.mulAdd(10, d); !ok {
			return Amount{}, fmt.Errorf("%q %w", text, ErrOverflow)
		}
	}
	a, ok := fromMagnitude(m, neg)
	if !ok {
		return Amount{}, fmt.Errorf("%q %w", text, ErrOverflow)
	}
	return a, nil
}

// splitDecimal splits "[+-]digits[.digits][e[+-]digits]" into a sign, all
// its digits, and the power of ten they are to be multiplied by.
func splitDecimal(s string) (neg bool, digits string, exp int, ok bool) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	mant, expText, hasExp := strings.Cut(strings.ToLower(s), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return false, "", 0, false
	}
	if hasExp {
		sign := 1
		if expText != "" && (expText[0] == '+' || expText[0] == '-') {
			if expText[0] == '-' {
				sign = -1
			}
			expText = expText[1:]
		}
		// Four digits of exponent are plenty: anything larger overflows
		// or is a fraction whatever its digits.
		if expText == "" || len(expText) > 4 || !allDigits(expText) {
			return false, "", 0, false
		}
		for _, c := range expText {
			exp = exp*10 + int(c-'0')
		}
		exp *= sign
	}
	return neg, whole + frac, exp - len(frac), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (a Amount) neg() bool { return int64(a.hi) < 0 }

// magnitude returns |a| as an unsigned 128-bit number (2^127 for MinAmount).
func (a Amount) magnitude() u128 {
	if !a.neg() {
		return u128{a.hi, a.lo}
	}
	lo, borrow := bits.Sub64(0, a.lo, 0)
	hi, _ := bits.Sub64(0, a.hi, borrow)
	return u128{hi, lo}
}

// fromMagnitude returns ±m, with ok == false when it does not fit.
func fromMagnitude(m u128, neg bool) (Amount, bool) {
	if !neg {
		return Amount{m.hi, m.lo}, m.hi < 1<<63
	}
	if m.hi > 1<<63 || m.hi == 1<<63 && m.lo != 0 {
		return Amount{}, false
	}
	lo, borrow := bits.Sub64(0, m.lo, 0)
	hi, _ := bits.Sub64(0, m.hi, borrow)
	return Amount{hi, lo}, true
}

func absInt64(n int64) uint64 {
	if n < 0 {
		return -uint64(n)
	}
	return uint64(n)
}

// u128 is an unsigned 128-bit magnitude.
type u128 struct{ hi, lo uint64 }

// mulAdd returns m×k + d, with ok == false on overflow.
func (m u128) mulAdd(k, d uint64) (u128, bool) {
	h0, lo := bits.Mul64(m.lo, k)
	h1, l1 := bits.Mul64(m.hi, k)
	hi, c1 := bits.Add64(h0, l1, 0)
	lo, c2 := bits.Add64(lo, d, 0)
	hi, c3 := bits.Add64(hi, 0, c2)
	return u128{hi, lo}, h1 == 0 && c1 == 0 && c3 == 0
}

// decimal returns m in base 10, dividing by 10^19 a word at a time.
func (m u128) decimal() string {
	const chunk = 1e19
	var parts [3]uint64 // 2^128 < 10^57: at most three chunks
	n := 0
	for {
		qhi := m.hi / chunk
		qlo, rem := bits.Div64(m.hi%chunk, m.lo, chunk)
		parts[n] = rem
		n++
		m = u128{qhi, qlo}
		if m.hi == 0 && m.lo == 0 {
			break
		}
	}
	s := fmt.Sprint(parts[n-1])
	for i := n - 2; i >= 0; i-- {
		s += fmt.Sprintf("%019d", parts[i])
	}
	return s
}

// BitLen returns the number of bits of |a|.
func (a Amount) BitLen() int {
	m := a.magnitude()
	if m.hi != 0 {
		return 64 + bits.Len64(m.hi)
	}
	return bits.Len64(m.lo)
}

// Shr returns a non-negative a shifted right by n bits (⌊a / 2^n⌋); a
// negative a gives zero. Used to scale weights into int64.
func (a Amount) Shr(n uint) Amount {
	if a.neg() {
		return Amount{}
	}
	switch {
	case n == 0:
		return a
	case n >= 128:
		return Amount{}
	case n >= 64:
		return Amount{lo: a.hi >> (n - 64)}
	}
	return Amount{hi: a.hi >> n, lo: a.lo>>n | a.hi<<(64-n)}
}
