package resource

import (
	"math/big"
	"strings"
)

// dec is u * 10^e with arbitrary precision: the slow representation, for
// values that do not fit an int64 at their scale. A *dec is never
// modified once it is stored in a Quantity, so copies of a Quantity can
// share it.
type dec struct {
	u big.Int
	e int64
}

func newDec(v int64, e int64) *dec {
	d := &dec{e: e}
	d.u.SetInt64(v)
	return d
}

func (d *dec) sign() int { return d.u.Sign() }

// digits returns an upper bound on the number of decimal digits of |u|,
// at least the true count.
func (d *dec) digits() int64 { return int64(d.u.BitLen())*3/10 + 1 }

func pow10Big(n int64) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(n), nil)
}

// magnitude brackets the decimal order of a non-zero d: lo <= log10|d| < hi.
func (d *dec) magnitude() (lo, hi int64) {
	n := int64(d.u.BitLen())
	return (n-1)*3/10 + d.e - 1, n*3/10 + 1 + d.e + 1
}

// cmpDec compares x and y, settling by magnitude first so that operands
// with very different exponents are never aligned digit by digit.
func cmpDec(x, y *dec) int {
	xs, ys := x.sign(), y.sign()
	switch {
	case xs != ys:
		if xs > ys {
			return 1
		}
		return -1
	case xs == 0:
		return 0
	}
	xlo, xhi := x.magnitude()
	ylo, yhi := y.magnitude()
	switch {
	case xlo > yhi:
		return xs
	case xhi < ylo:
		return -xs
	}
	a, b := align(x, y)
	return a.Cmp(b)
}

// align returns the unscaled values of x and y at the smaller exponent.
func align(x, y *dec) (*big.Int, *big.Int) {
	switch {
	case x.e == y.e:
		return &x.u, &y.u
	case x.e > y.e:
		return new(big.Int).Mul(&x.u, pow10Big(x.e-y.e)), &y.u
	}
	return &x.u, new(big.Int).Mul(&y.u, pow10Big(y.e-x.e))
}

func addDec(x, y *dec) *dec {
	if y.sign() == 0 {
		return x
	}
	if x.sign() == 0 {
		return y
	}
	a, b := align(x, y)
	r := &dec{e: min(x.e, y.e)}
	r.u.Add(a, b)
	return r
}

func negDec(x *dec) *dec {
	r := &dec{e: x.e}
	r.u.Neg(&x.u)
	return r
}

// roundUp returns x with exponent at least e, rounded away from zero, and
// whether that was exact.
func roundUp(x *dec, e int64) (*dec, bool) {
	if x.e >= e {
		return x, true
	}
	if x.sign() == 0 {
		return &dec{e: e}, true
	}
	shift := e - x.e
	r := &dec{e: e}
	if shift > x.digits() {
		// |x| < 10^e: the result is one unit away from zero.
		r.u.SetInt64(int64(x.sign()))
		return r, false
	}
	var rem big.Int
	r.u.QuoRem(&x.u, pow10Big(shift), &rem)
	if rem.Sign() == 0 {
		return r, true
	}
	if x.sign() > 0 {
		r.u.Add(&r.u, big.NewInt(1))
	} else {
		r.u.Sub(&r.u, big.NewInt(1))
	}
	return r, false
}

// scaledInt64 returns x / 10^scale rounded away from zero, saturating with
// ok=false when it does not fit an int64.
func (x *dec) scaledInt64(scale int64) (int64, bool) {
	if x.sign() == 0 {
		return 0, true
	}
	k := x.e - scale
	if k >= 0 {
		if k > maxInt64Factors+1 || x.digits()+k > 2*maxInt64Factors+2 {
			return saturate(x.sign())
		}
		v := new(big.Int).Mul(&x.u, pow10Big(k))
		if !v.IsInt64() {
			return saturate(x.sign())
		}
		return v.Int64(), true
	}
	r, _ := roundUp(x, scale)
	if !r.u.IsInt64() {
		return saturate(x.sign())
	}
	return r.u.Int64(), true
}

func saturate(sign int) (int64, bool) {
	if sign < 0 {
		return mostNegative, false
	}
	return mostPositive, false
}

// trailingZeros returns |x.u| without its trailing decimal zeros, as
// digits, and how many were removed.
func (x *dec) trimmed() (string, int64) {
	s := x.u.String()
	t := strings.TrimRight(s, "0")
	if t == "" || t == "-" {
		return "0", 0
	}
	return t, int64(len(s) - len(t))
}

// canonicalBytes is int64Amount.canonicalBytes for a dec.
func (x *dec) canonicalBytes(out []byte) ([]byte, int64) {
	s, times := x.trimmed()
	exponent := x.e + times
	out = append(out, s...)
	for exponent%3 != 0 {
		out = append(out, '0')
		exponent--
	}
	return out, exponent
}

// canonicalBase1024Bytes is int64Amount.canonicalBase1024Bytes for a dec:
// the value rounded up to an integer, without its factors of 1024.
func (x *dec) canonicalBase1024Bytes(out []byte) ([]byte, int64) {
	r, _ := roundUp(x, 0)
	v := new(big.Int)
	if r.e > 0 {
		v.Mul(&r.u, pow10Big(r.e))
	} else {
		v.Set(&r.u)
	}
	neg := v.Sign() < 0
	v.Abs(v)
	var times int64
	if v.Sign() != 0 {
		times = int64(v.TrailingZeroBits()) / 10
		v.Rsh(v, uint(times*10))
	}
	if neg {
		v.Neg(v)
	}
	return v.Append(out, 10), times
}
