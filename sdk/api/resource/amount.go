package resource

import (
	"math"
	"math/big"
	"strconv"
)

// Scale is a power of ten: a value v at scale s is v * 10^s. 1e2 has scale
// 2, 1m has scale -3.
type Scale int32

// Common scales.
const (
	Nano  Scale = -9
	Micro Scale = -6
	Milli Scale = -3
	Kilo  Scale = 3
	Mega  Scale = 6
	Giga  Scale = 9
	Tera  Scale = 12
	Peta  Scale = 15
	Exa   Scale = 18
)

const (
	mostPositive int64 = math.MaxInt64
	mostNegative int64 = math.MinInt64
	// maxInt64Factors is the number of decimal digits an int64 may need.
	maxInt64Factors = 19
)

// int64Amount is value * 10^scale, the fast representation.
type int64Amount struct {
	value int64
	scale Scale
}

func (a int64Amount) sign() int {
	switch {
	case a.value == 0:
		return 0
	case a.value > 0:
		return 1
	}
	return -1
}

// asInt64 returns the integer value when scale >= 0 and it fits.
func (a int64Amount) asInt64() (int64, bool) {
	if a.scale == 0 {
		return a.value, true
	}
	if a.scale < 0 {
		return 0, false
	}
	return positiveScaleInt64(a.value, int64(a.scale))
}

// asScaledInt64 returns the value at scale, rounded away from zero,
// saturating (ok=false) when it does not fit an int64.
func (a int64Amount) asScaledInt64(scale Scale) (int64, bool) {
	if a.value == 0 {
		return 0, true
	}
	delta := int64(a.scale) - int64(scale)
	if delta < 0 {
		if -delta >= maxInt64Factors {
			if a.value < 0 {
				return -1, true
			}
			return 1, true
		}
		r, _ := negativeScaleInt64(a.value, -delta)
		return r, true
	}
	if delta >= maxInt64Factors {
		if a.value < 0 {
			return mostNegative, false
		}
		return mostPositive, false
	}
	return positiveScaleInt64(a.value, delta)
}

func (a int64Amount) asDec() *dec { return newDec(a.value, int64(a.scale)) }

// cmp compares a and b without allocating unless their scales are 18 or
// more apart.
func (a int64Amount) cmp(b int64Amount) int {
	switch {
	case a.scale == b.scale:
	case a.scale > b.scale:
		diff := int64(a.scale) - int64(b.scale)
		if diff >= 18 {
			return cmpDec(a.asDec(), b.asDec())
		}
		q, r := divideByScale(b.value, diff)
		if q == a.value {
			switch {
			case r == 0:
				return 0
			case r > 0:
				return -1
			}
			return 1
		}
		b.value = q
	default:
		diff := int64(b.scale) - int64(a.scale)
		if diff >= 18 {
			return cmpDec(a.asDec(), b.asDec())
		}
		q, r := divideByScale(a.value, diff)
		if q == b.value {
			switch {
			case r == 0:
				return 0
			case r > 0:
				return 1
			}
			return -1
		}
		a.value = q
	}
	switch {
	case a.value == b.value:
		return 0
	case a.value < b.value:
		return -1
	}
	return 1
}

// add sets a to a+b, or returns false (a unchanged) on overflow.
func (a *int64Amount) add(b int64Amount) bool {
	switch {
	case b.value == 0:
		return true
	case a.value == 0:
		*a = b
		return true
	case a.scale == b.scale:
		c, ok := int64Add(a.value, b.value)
		if !ok {
			return false
		}
		a.value = c
	case a.scale > b.scale:
		c, ok := positiveScaleInt64(a.value, int64(a.scale)-int64(b.scale))
		if !ok {
			return false
		}
		if c, ok = int64Add(c, b.value); !ok {
			return false
		}
		a.value, a.scale = c, b.scale
	default:
		c, ok := positiveScaleInt64(b.value, int64(b.scale)-int64(a.scale))
		if !ok {
			return false
		}
		if c, ok = int64Add(a.value, c); !ok {
			return false
		}
		a.value = c
	}
	return true
}

// sub sets a to a-b, or returns false (a unchanged) on overflow.
func (a *int64Amount) sub(b int64Amount) bool {
	if b.value == mostNegative {
		return false
	}
	return a.add(int64Amount{value: -b.value, scale: b.scale})
}

// mul sets a to a*b, or returns false (a unchanged) on overflow.
func (a *int64Amount) mul(b int64) bool {
	switch {
	case a.value == 0:
		return true
	case b == 0:
		*a = int64Amount{}
		return true
	}
	c, ok := int64Multiply(a.value, b)
	if !ok {
		return false
	}
	switch {
	case a.scale > 0:
		if _, ok = positiveScaleInt64(c, int64(a.scale)); !ok {
			return false
		}
	case a.scale < 0:
		if _, ok = negativeScaleInt64(c, -int64(a.scale)); !ok {
			return false
		}
	}
	a.value = c
	return true
}

// asScale returns a at no finer than scale, rounded away from zero, and
// whether that was exact.
func (a int64Amount) asScale(scale Scale) (int64Amount, bool) {
	if a.scale >= scale {
		return a, true
	}
	r, exact := negativeScaleInt64(a.value, int64(scale)-int64(a.scale))
	return int64Amount{value: r, scale: scale}, exact
}

// canonicalBytes appends the digits of the value with the largest
// exponent that is a multiple of 3 and loses nothing, and returns that
// exponent: 1.1e5 gives "110", 3.
func (a int64Amount) canonicalBytes(out []byte) ([]byte, int64) {
	amount, times := removeInt64Factors(a.value, 10)
	exponent := int64(a.scale) + int64(times)
	var ok bool
	switch exponent % 3 {
	case 1, -2:
		if amount, ok = int64Multiply(amount, 10); !ok {
			return a.asDec().canonicalBytes(out)
		}
		exponent--
	case 2, -1:
		if amount, ok = int64Multiply(amount, 100); !ok {
			return a.asDec().canonicalBytes(out)
		}
		exponent -= 2
	}
	return strconv.AppendInt(out, amount, 10), exponent
}

// canonicalBase1024Bytes appends the digits of the integer value with the
// largest power of 1024 that loses nothing, and returns that power.
func (a int64Amount) canonicalBase1024Bytes(out []byte) ([]byte, int64) {
	v, ok := a.asScaledInt64(0)
	if !ok {
		return a.asDec().canonicalBase1024Bytes(out)
	}
	amount, times := removeInt64Factors(v, 1024)
	return strconv.AppendInt(out, amount, 10), int64(times)
}

func int64Add(a, b int64) (int64, bool) {
	c := a + b
	switch {
	case a > 0 && b > 0:
		if c < 0 {
			return 0, false
		}
	case a < 0 && b < 0:
		if c >= 0 {
			return 0, false
		}
	}
	return c, true
}

func int64Multiply(a, b int64) (int64, bool) {
	if a == 0 || b == 0 || a == 1 || b == 1 {
		return a * b, true
	}
	if a == mostNegative || b == mostNegative {
		return 0, false
	}
	c := a * b
	return c, c/b == a
}

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// positiveScaleInt64 returns base * 10^scale, saturating with ok=false on
// overflow. scale must be >= 0.
func positiveScaleInt64(base int64, scale int64) (int64, bool) {
	if base == 0 || scale == 0 {
		return base, true
	}
	if scale < int64(len(pow10)) {
		if c, ok := int64Multiply(base, pow10[scale]); ok {
			return c, true
		}
	}
	if base < 0 {
		return mostNegative, false
	}
	return mostPositive, false
}

// negativeScaleInt64 returns base / 10^scale rounded away from zero, and
// whether that was exact. scale must be >= 0.
func negativeScaleInt64(base int64, scale int64) (int64, bool) {
	if scale == 0 {
		return base, true
	}
	if scale >= int64(len(pow10)) {
		if base == 0 {
			return 0, true
		}
		if base > 0 {
			return 1, false
		}
		return -1, false
	}
	q, r := base/pow10[scale], base%pow10[scale]
	if r == 0 {
		return q, true
	}
	if base > 0 {
		return q + 1, false
	}
	return q - 1, false
}

// divideByScale returns base / 10^scale and the remainder; 0 < scale < 18.
func divideByScale(base int64, scale int64) (int64, int64) {
	d := pow10[scale]
	return base / d, base % d
}

// removeInt64Factors returns result, times with value == result * base^times.
func removeInt64Factors(value int64, base int64) (int64, int32) {
	var times int32
	result := value
	negative := result < 0
	if negative {
		result = -result
	}
	for result >= base && result%base == 0 {
		times++
		result /= base
	}
	if negative {
		result = -result
	}
	return result, times
}

var (
	bigTen  = big.NewInt(10)
	bigZero = big.NewInt(0)
)
