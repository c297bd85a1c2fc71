package protowire

import (
	"errors"
	"fmt"
)

// Number is a field number.
type Number int32

// Type is a wire type.
type Type int8

// Wire types.
const (
	VarintType     Type = 0
	Fixed64Type    Type = 1
	BytesType      Type = 2
	StartGroupType Type = 3
	EndGroupType   Type = 4
	Fixed32Type    Type = 5
)

// MaxValidNumber is the largest valid field number.
const MaxValidNumber Number = 1<<29 - 1

// Errors returned by the Consume functions.
var (
	ErrTruncated = errors.New("unexpected end of data")
	ErrOverflow  = errors.New("variable length integer overflow")
	ErrFieldNum  = errors.New("invalid field number")
	ErrWireType  = errors.New("invalid wire type")
	ErrGroup     = errors.New("mismatched group end")
)

// AppendVarint appends v as a varint.
func AppendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// SizeVarint returns the encoded size of v.
func SizeVarint(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// AppendTag appends the tag of field num with wire type typ.
func AppendTag(b []byte, num Number, typ Type) []byte {
	return AppendVarint(b, uint64(num)<<3|uint64(typ&7))
}

// AppendBytes appends v with its length.
func AppendBytes(b, v []byte) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// AppendString appends v with its length.
func AppendString(b []byte, v string) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// AppendFixed32 appends v little-endian.
func AppendFixed32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

// AppendFixed64 appends v little-endian.
func AppendFixed64(b []byte, v uint64) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24),
		byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
}

// ConsumeVarint parses a varint and returns it with its length.
func ConsumeVarint(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < 10; i++ {
		if i >= len(b) {
			return 0, 0, ErrTruncated
		}
		c := b[i]
		if i == 9 && c > 1 {
			return 0, 0, ErrOverflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, ErrOverflow
}

// ConsumeTag parses a tag and returns its field number, wire type and length.
func ConsumeTag(b []byte) (Number, Type, int, error) {
	v, n, err := ConsumeVarint(b)
	if err != nil {
		return 0, 0, 0, err
	}
	num := v >> 3
	if num == 0 || num > uint64(MaxValidNumber) {
		return 0, 0, 0, fmt.Errorf("%w %d", ErrFieldNum, num)
	}
	return Number(num), Type(v & 7), n, nil
}

// ConsumeBytes parses a length-delimited value and returns it (aliasing b)
// with the length consumed.
func ConsumeBytes(b []byte) ([]byte, int, error) {
	l, n, err := ConsumeVarint(b)
	if err != nil {
		return nil, 0, err
	}
	if l > uint64(len(b)-n) {
		return nil, 0, ErrTruncated
	}
	return b[n : n+int(l)], n + int(l), nil
}

// ConsumeFixed32 parses a little-endian 32-bit value.
func ConsumeFixed32(b []byte) (uint32, int, error) {
	if len(b) < 4 {
		return 0, 0, ErrTruncated
	}
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24, 4, nil
}

// ConsumeFixed64 parses a little-endian 64-bit value.
func ConsumeFixed64(b []byte) (uint64, int, error) {
	if len(b) < 8 {
		return 0, 0, ErrTruncated
	}
	lo, _, _ := ConsumeFixed32(b)
	hi, _, _ := ConsumeFixed32(b[4:])
	return uint64(lo) | uint64(hi)<<32, 8, nil
}

// maxGroupDepth bounds the nesting of groups skipped by ConsumeFieldValue.
const maxGroupDepth = 100

// ConsumeFieldValue returns the length of the value of field num with wire
// type typ at the start of b, so that an unknown field can be skipped.
// Groups are skipped whole, as gogo/protobuf does.
func ConsumeFieldValue(num Number, typ Type, b []byte) (int, error) {
	return consumeFieldValue(num, typ, b, 0)
}

func consumeFieldValue(num Number, typ Type, b []byte, depth int) (int, error) {
	switch typ {
	case VarintType:
		_, n, err := ConsumeVarint(b)
		return n, err
	case Fixed64Type:
		_, n, err := ConsumeFixed64(b)
		return n, err
	case Fixed32Type:
		_, n, err := ConsumeFixed32(b)
		return n, err
	case BytesType:
		_, n, err := ConsumeBytes(b)
		return n, err
	case StartGroupType:
		if depth >= maxGroupDepth {
			return 0, fmt.Errorf("groups nested deeper than %d", maxGroupDepth)
		}
		total := 0
		for {
			n2, t2, n, err := ConsumeTag(b[total:])
			if err != nil {
				return 0, err
			}
			total += n
			if t2 == EndGroupType {
				if n2 != num {
					return 0, ErrGroup
				}
				return total, nil
			}
			m, err := consumeFieldValue(n2, t2, b[total:], depth+1)
			if err != nil {
				return 0, err
			}
			total += m
		}
	case EndGroupType:
		return 0, ErrGroup
	}
	return 0, fmt.Errorf("%w %d", ErrWireType, typ)
}

// Field is one field of a message as read by ConsumeField.
type Field struct {
	// Num is the field number.
	Num Number
	// Type is the wire type.
	Type Type
	// Varint holds the value of a varint, fixed32 or fixed64 field.
	Varint uint64
	// Bytes holds the value of a length-delimited field; it aliases the
	// input.
	Bytes []byte
}

// ConsumeField parses the field at the start of b and returns it with the
// number of bytes it takes. A group is skipped whole and returned with no
// value.
func ConsumeField(b []byte) (Field, int, error) {
	num, typ, n, err := ConsumeTag(b)
	if err != nil {
		return Field{}, 0, err
	}
	f := Field{Num: num, Type: typ}
	var m int
	switch typ {
	case VarintType:
		f.Varint, m, err = ConsumeVarint(b[n:])
	case Fixed32Type:
		var v uint32
		v, m, err = ConsumeFixed32(b[n:])
		f.Varint = uint64(v)
	case Fixed64Type:
		f.Varint, m, err = ConsumeFixed64(b[n:])
	case BytesType:
		f.Bytes, m, err = ConsumeBytes(b[n:])
	default:
		m, err = ConsumeFieldValue(num, typ, b[n:])
	}
	if err != nil {
		return Field{}, 0, err
	}
	return f, n + m, nil
}
