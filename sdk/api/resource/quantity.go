package resource

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Format is the notation a Quantity prints itself in.
type Format string

// The three formats.
const (
	DecimalExponent = Format("DecimalExponent") // e.g. 12e6
	BinarySI        = Format("BinarySI")        // e.g. 12Mi (12 * 2^20)
	DecimalSI       = Format("DecimalSI")       // e.g. 12M (12 * 10^6)
)

// Quantity is an exact fixed-point number with a preferred format.
//
// The serialization format is
//
//	<quantity>        ::= <signedNumber><suffix>
//	<signedNumber>    ::= [+|-] (<digits> | <digits>.<digits> | <digits>. | .<digits>)
//	<suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//	<binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//	<decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//	<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
//
// The zero value is 0 with no format (printed as DecimalExponent).
type Quantity struct {
	i int64Amount
	// d, when non-nil, holds the value instead of i. It is never modified
	// in place, so copies of the Quantity may share it.
	d *dec
	// s is the string the value was parsed from when that string is
	// already canonical; it is cleared by every modification.
	s string
	// Format is the notation the Quantity prints in; it may be changed at
	// will.
	Format
}

const splitREString = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

// Errors returned by ParseQuantity, with Kubernetes' messages.
var (
	ErrFormatWrong = errors.New("quantities must match the regular expression '" + splitREString + "'")
	ErrNumeric     = errors.New("unable to parse numeric part of quantity")
	ErrSuffix      = errors.New("unable to parse quantity's suffix")
)

// MustParse is ParseQuantity that panics on error, for tests and constants.
func MustParse(str string) Quantity {
	q, err := ParseQuantity(str)
	if err != nil {
		panic(fmt.Errorf("cannot parse '%v': %v", str, err))
	}
	return q
}

// parseQuantityString splits str into its sign, its number (value, with
// the integer digits num stripped of leading zeros and the fraction
// digits denom) and its suffix, as Kubernetes' scanner does.
func parseQuantityString(str string) (positive bool, value, num, denom, suffix string, err error) {
	positive = true
	pos, end := 0, len(str)
	if pos < end {
		switch str[0] {
		case '-':
			positive = false
			pos++
		case '+':
			pos++
		}
	}
	// Leading zeros.
	for {
		if pos >= end {
			return positive, "0", "0", "", "", nil
		}
		if str[pos] != '0' {
			break
		}
		pos++
	}
	start := pos
	for pos < end && isDigit(str[pos]) {
		pos++
	}
	num = str[start:pos]
	if pos >= end {
		return positive, str, num, "", "", nil
	}
	if num == "" {
		num = "0"
	}
	if str[pos] == '.' {
		pos++
		start = pos
		for pos < end && isDigit(str[pos]) {
			pos++
		}
		denom = str[start:pos]
		if pos >= end {
			return positive, str, num, denom, "", nil
		}
	}
	value = str[:pos]

	suffixStart := pos
	for pos < end && strings.IndexByte("eEinumkKMGTP", str[pos]) >= 0 {
		pos++
	}
	if pos < end && (str[pos] == '-' || str[pos] == '+') {
		pos++
	}
	for pos < end && isDigit(str[pos]) {
		pos++
	}
	if pos < end {
		return positive, value, num, denom, "", ErrFormatWrong
	}
	return positive, value, num, denom, str[suffixStart:], nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// ParseQuantity parses str (see Quantity for the grammar). The value is
// rounded up (away from zero) to a multiple of 10^-9; a BinarySI value is
// capped at 2^63-1 in magnitude, and one whose magnitude is below 1 is
// given DecimalSI format. Errors are ErrFormatWrong, ErrNumeric and
// ErrSuffix, as in Kubernetes.
func ParseQuantity(str string) (Quantity, error) {
	if len(str) == 0 {
		return Quantity{}, ErrFormatWrong
	}
	if str == "0" {
		return Quantity{Format: DecimalSI, s: str}, nil
	}
	positive, value, num, denom, suf, err := parseQuantityString(str)
	if err != nil {
		return Quantity{}, err
	}
	base, exponent, format, ok := interpretSuffix(suf)
	if !ok {
		return Quantity{}, ErrSuffix
	}

	precision := int64(0)
	scale := int64(0)
	mantissa := int64(1)
	switch format {
	case DecimalExponent, DecimalSI:
		scale = exponent
		precision = maxInt64Factors - int64(len(num)+len(denom))
	case BinarySI:
		if exponent >= 0 && len(denom) == 0 {
			mantissa = 1 << exponent
			precision = 15 - int64(len(num)) - int64(float32(exponent)*3/10) - 1
		} else {
			precision = -1
		}
	}

	if precision >= 0 {
		scale -= int64(len(denom))
		if scale >= int64(Nano) {
			shifted := num + denom
			// Kubernetes fails with ErrNumeric when 19 digits overflow an
			// int64, rejecting even its own canonical output
			// ("9227000000000000100n"); take the exact path instead.
			v, err := strconv.ParseInt(shifted, 10, 64)
			if result, ok := int64Multiply(v, mantissa); err == nil && ok {
				if !positive {
					result = -result
				}
				if scale > math.MaxInt32-maxInt64Factors {
					// Keep String's exponent within what ParseQuantity accepts.
					if _, times := removeInt64Factors(result, 10); scale+int64(times) > math.MaxInt32 {
						return Quantity{}, ErrSuffix
					}
				}
				q := Quantity{i: int64Amount{value: result, scale: Scale(scale)}, Format: format}
				// Keep an input that is already canonical, as Kubernetes does.
				switch format {
				case BinarySI:
					if exponent%10 == 0 && v&0x07 != 0 {
						q.s = str
					}
				default:
					if scale%3 == 0 && !strings.HasSuffix(shifted, "000") && shifted[0] != '0' {
						q.s = str
					}
				}
				return q, nil
			}
		}
	}

	digits := strings.TrimLeft(value, "+-")
	intPart, fracPart, _ := strings.Cut(digits, ".")
	if intPart == "" && fracPart == "" {
		return Quantity{}, ErrNumeric
	}
	amount := &dec{e: -int64(len(fracPart))}
	if mag := strings.TrimLeft(intPart+fracPart, "0"); mag != "" {
		amount.u.SetString(mag, 10)
	}
	if base == 10 {
		amount.e += exponent
	} else {
		amount.u.Lsh(&amount.u, uint(exponent))
	}
	// Round non-zero values up to the smallest representable amount: if
	// you ask for some of a resource you get some.
	if amount.sign() != 0 {
		amount, _ = roundUp(amount, int64(Nano))
	}
	if format == BinarySI && cmpDec(amount, maxAllowed) > 0 {
		amount = maxAllowed
	}
	if format == BinarySI && amount.sign() != 0 && cmpDec(amount, decOne) < 0 {
		format = DecimalSI
	}
	if !positive {
		amount = negDec(amount)
	}
	// Keep String's exponent within what ParseQuantity accepts.
	if _, times := amount.trimmed(); amount.e+times > math.MaxInt32 {
		return Quantity{}, ErrSuffix
	}
	if amount.u.IsInt64() && amount.e >= math.MinInt32 && amount.e <= math.MaxInt32 {
		// Keep what fits on the fast path (Kubernetes keeps "1.5Gi" in
		// its slow form, where every Add allocates).
		v, e := amount.u.Int64(), amount.e
		for e < 0 && v != 0 && v%10 == 0 {
			v, e = v/10, e+1
		}
		return Quantity{i: int64Amount{value: v, scale: Scale(e)}, Format: format}, nil
	}
	return Quantity{d: amount, Format: format}, nil
}

var (
	maxAllowed = newDec(mostPositive, 0)
	decOne     = newDec(1, 0)
)

// NewQuantity returns value in the given format.
func NewQuantity(value int64, format Format) *Quantity {
	return &Quantity{i: int64Amount{value: value}, Format: format}
}

// NewMilliQuantity returns value/1000 in the given format. BinarySI
// rounds fractions, and prints non-zero values between -1 and 1 as
// DecimalSI.
func NewMilliQuantity(value int64, format Format) *Quantity {
	return &Quantity{i: int64Amount{value: value, scale: Milli}, Format: format}
}

// NewScaledQuantity returns value * 10^scale in DecimalSI format.
func NewScaledQuantity(value int64, scale Scale) *Quantity {
	return &Quantity{i: int64Amount{value: value, scale: scale}, Format: DecimalSI}
}

// DeepCopy returns a copy of q. Copies never share mutable state, so this
// is the same as assignment; it exists for generated deep copies.
func (q Quantity) DeepCopy() Quantity { return q }

// DeepCopyInto copies q into out.
func (q *Quantity) DeepCopyInto(out *Quantity) { *out = *q }

func (q *Quantity) asDec() *dec {
	if q.d != nil {
		return q.d
	}
	return q.i.asDec()
}

// IsZero reports whether q is 0.
func (q *Quantity) IsZero() bool {
	if q.d != nil {
		return q.d.sign() == 0
	}
	return q.i.value == 0
}

// Sign returns -1, 0 or 1.
func (q *Quantity) Sign() int {
	if q.d != nil {
		return q.d.sign()
	}
	return q.i.sign()
}

// AsInt64 returns the value as an int64 when that is possible without
// loss and without the slow representation; otherwise ok is false.
func (q *Quantity) AsInt64() (int64, bool) {
	if q.d != nil {
		return 0, false
	}
	return q.i.asInt64()
}

// Value returns the value rounded up, away from zero, to an integer; it
// saturates at the int64 limits.
func (q *Quantity) Value() int64 { return q.ScaledValue(0) }

// MilliValue returns the value in thousandths, rounded up away from zero;
// it saturates at the int64 limits.
func (q *Quantity) MilliValue() int64 { return q.ScaledValue(Milli) }

// ScaledValue returns the value divided by 10^scale, rounded up away from
// zero; it saturates at the int64 limits. NewQuantity(1,
// DecimalSI).ScaledValue(Milli) is 1000.
func (q *Quantity) ScaledValue(scale Scale) int64 {
	if q.d == nil {
		v, _ := q.i.asScaledInt64(scale)
		return v
	}
	v, _ := q.d.scaledInt64(int64(scale))
	return v
}

// Set sets q to value.
func (q *Quantity) Set(value int64) { q.SetScaled(value, 0) }

// SetMilli sets q to value/1000.
func (q *Quantity) SetMilli(value int64) { q.SetScaled(value, Milli) }

// SetScaled sets q to value * 10^scale.
func (q *Quantity) SetScaled(value int64, scale Scale) {
	q.s = ""
	q.d = nil
	q.i = int64Amount{value: value, scale: scale}
}

// RoundUp rounds q up, away from zero, to a multiple of 10^scale and
// reports whether that was exact.
func (q *Quantity) RoundUp(scale Scale) bool {
	if q.d != nil {
		d, exact := roundUp(q.d, int64(scale))
		if !exact {
			q.s = ""
		}
		q.d = d
		return exact
	}
	if q.i.scale >= scale {
		return true
	}
	q.s = ""
	i, exact := q.i.asScale(scale)
	q.i = i
	return exact
}

// Add adds y to q. If q is zero it takes y's format. It does not allocate
// when both values have the fast representation and the sum fits it.
func (q *Quantity) Add(y Quantity) {
	q.s = ""
	if q.d == nil && y.d == nil {
		if q.i.value == 0 {
			q.Format = y.Format
		}
		if q.i.add(y.i) {
			return
		}
	} else if q.IsZero() {
		q.Format = y.Format
	}
	q.d = addDec(q.asDec(), y.asDec())
	q.i = int64Amount{}
}

// Sub subtracts y from q. If q is zero it takes y's format.
func (q *Quantity) Sub(y Quantity) {
	q.s = ""
	if q.IsZero() {
		q.Format = y.Format
	}
	if q.d == nil && y.d == nil && q.i.sub(y.i) {
		return
	}
	q.d = addDec(q.asDec(), negDec(y.asDec()))
	q.i = int64Amount{}
}

// Mul multiplies q by y and reports whether the result fits an int64 in
// its unscaled form (as Kubernetes does); the result is exact either way.
func (q *Quantity) Mul(y int64) bool {
	q.s = ""
	if q.d == nil && q.i.mul(y) {
		return true
	}
	x := q.asDec()
	r := &dec{e: x.e}
	r.u.Mul(&x.u, big.NewInt(y))
	q.d, q.i = r, int64Amount{}
	return r.u.IsInt64()
}

// Neg negates q.
func (q *Quantity) Neg() {
	q.s = ""
	if q.d == nil {
		q.i.value = -q.i.value
		return
	}
	q.d = negDec(q.d)
}

// Cmp returns -1, 0 or 1 as q is less than, equal to or greater than y. It
// does not allocate when both have the fast representation and their
// scales are less than 18 apart.
func (q *Quantity) Cmp(y Quantity) int {
	if q.d == nil && y.d == nil {
		return q.i.cmp(y.i)
	}
	return cmpDec(q.asDec(), y.asDec())
}

// CmpInt64 compares q with y.
func (q *Quantity) CmpInt64(y int64) int {
	if q.d == nil {
		return q.i.cmp(int64Amount{value: y})
	}
	return cmpDec(q.d, newDec(y, 0))
}

// Equal reports whether q and v have the same value (whatever their
// formats); go-cmp uses it.
func (q Quantity) Equal(v Quantity) bool { return q.Cmp(v) == 0 }

// AsApproximateFloat64 returns the value as a float64, possibly losing
// precision; values beyond the float64 range are ±Inf.
func (q *Quantity) AsApproximateFloat64() float64 {
	var base float64
	var exponent int64
	if q.d != nil {
		if q.d.sign() == 0 {
			return 0
		}
		base, _ = new(big.Float).SetInt(&q.d.u).Float64()
		exponent = q.d.e
	} else {
		base = float64(q.i.value)
		exponent = int64(q.i.scale)
	}
	if exponent == 0 || base == 0 {
		return base
	}
	exponent = max(min(exponent, 10000), -10000)
	return base * math.Pow10(int(exponent))
}

// canonicalize appends the canonical digits of q to out and returns them
// with the suffix.
func (q *Quantity) canonicalize(out []byte) (number, suffix []byte) {
	if q.IsZero() {
		return append(out, '0'), nil
	}
	format := q.Format
	var rounded Quantity
	switch format {
	case DecimalExponent, DecimalSI:
	case BinarySI:
		if q.CmpInt64(-1024) > 0 && q.CmpInt64(1024) < 0 {
			format = DecimalSI
		} else {
			rounded = *q
			if exact := rounded.RoundUp(0); !exact {
				format = DecimalSI
			} else if e := rounded.exponent(); e >= 70 {
				// A multiple of 10^70 is one of 1024^7: no binary suffix
				// is big enough, and the decimal form is cheaper to build.
				format = DecimalExponent
			}
		}
	default:
		format = DecimalExponent
	}

	if format == BinarySI {
		var exponent int64
		if rounded.d != nil {
			number, exponent = rounded.d.canonicalBase1024Bytes(out)
		} else {
			number, exponent = rounded.i.canonicalBase1024Bytes(out)
		}
		if suffix, ok := binarySuffix(exponent); ok {
			return append(number, suffix...), nil
		}
		// Beyond Ei: print exactly in decimal instead of dropping the
		// magnitude, as Kubernetes now does.
		format = DecimalExponent
	}
	var exponent int64
	if q.d != nil {
		number, exponent = q.d.canonicalBytes(out)
	} else {
		number, exponent = q.i.canonicalBytes(out)
	}
	if format == DecimalSI {
		if suffix, ok := decimalSuffix(exponent); ok {
			return append(number, suffix...), nil
		}
		// DecimalSI has no suffix below n or above E: use an exponent.
	}
	if exponent == 0 {
		return number, nil
	}
	number = append(number, 'e')
	return strconv.AppendInt(number, exponent, 10), nil
}

// exponent returns the power of ten of q's representation.
func (q *Quantity) exponent() int64 {
	if q.d != nil {
		return q.d.e
	}
	return int64(q.i.scale)
}

// String returns the canonical form of q, or the string it was parsed from
// when that was already canonical; "<nil>" for a nil q.
func (q *Quantity) String() string {
	if q == nil {
		return "<nil>"
	}
	if q.s != "" {
		return q.s
	}
	var buf [24]byte
	number, suffix := q.canonicalize(buf[:0])
	return string(append(number, suffix...))
}

// MarshalJSON writes q as a JSON string.
func (q Quantity) MarshalJSON() ([]byte, error) {
	if q.s != "" {
		out := make([]byte, 0, len(q.s)+2)
		out = append(out, '"')
		out = append(out, q.s...)
		return append(out, '"'), nil
	}
	out := make([]byte, 1, 24)
	out[0] = '"'
	number, suffix := q.canonicalize(out)
	number = append(number, suffix...)
	return append(number, '"'), nil
}

// UnmarshalJSON accepts a JSON string or number (`"cpu": 2` is valid) and
// null (zero). Blanks around the quantity are ignored, as in Kubernetes.
func (q *Quantity) UnmarshalJSON(value []byte) error {
	l := len(value)
	if l == 4 && bytes.Equal(value, []byte("null")) {
		*q = Quantity{}
		return nil
	}
	if l >= 2 && value[0] == '"' && value[l-1] == '"' {
		value = value[1 : l-1]
	}
	parsed, err := ParseQuantity(strings.TrimSpace(string(value)))
	if err != nil {
		return err
	}
	*q = parsed
	return nil
}

// QuantityPtrEqual reports whether a and b are both nil or hold equal values.
func QuantityPtrEqual(a, b *Quantity) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
