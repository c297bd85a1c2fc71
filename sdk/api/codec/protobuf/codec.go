package protobuf

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"

	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// valueCodec encodes and decodes the values of one Go type as one protobuf
// value: what follows a field's tag.
type valueCodec struct {
	typ  reflect.Type
	wire protowire.Type
	// appendValue appends v; for BytesType, its length and payload.
	appendValue func(b []byte, v reflect.Value) ([]byte, error)
	// decode sets the settable v from f, whose wire type is wire.
	decode func(v reflect.Value, f protowire.Field, depth int) error

	// For a struct type: its tagged fields by number, and a lookup table.
	fields  []*fieldCodec
	dense   []*fieldCodec // indexed by field number, when numbers are small
	byNum   map[protowire.Number]*fieldCodec
	message bool
}

// fieldCodec encodes and decodes one tagged struct field.
type fieldCodec struct {
	num   protowire.Number
	name  string
	index int
	// encode appends the field (tag and value; nothing for an absent
	// optional value; one entry per element for repeated fields).
	encode func(b []byte, v reflect.Value) ([]byte, error)
	// decode merges one occurrence of the field into the settable v.
	decode func(v reflect.Value, f protowire.Field, depth int) error
}

var (
	marshalerType   = reflect.TypeFor[Marshaler]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
)

// The cache of codecs is process-wide, like encoding/json's: a codec
// depends only on the Go type. Codecs are built under buildMu so that a
// partly built (recursive) codec is never visible to another goroutine.
var (
	codecs  sync.Map // reflect.Type -> *valueCodec
	buildMu sync.Mutex
)

func codecFor(t reflect.Type) (*valueCodec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*valueCodec), nil
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if c, ok := codecs.Load(t); ok {
		return c.(*valueCodec), nil
	}
	building := map[reflect.Type]*valueCodec{}
	c, err := build(t, building)
	if err != nil {
		return nil, fmt.Errorf("protobuf: %s: %w", t, err)
	}
	for t, c := range building {
		codecs.Store(t, c)
	}
	return c, nil
}

// build returns the codec of values of type t.
func build(t reflect.Type, building map[reflect.Type]*valueCodec) (*valueCodec, error) {
	if c, ok := building[t]; ok {
		return c, nil
	}
	if c, ok := codecs.Load(t); ok {
		return c.(*valueCodec), nil
	}
	if isCustom(t) {
		return buildCustom(t)
	}
	switch t.Kind() {
	case reflect.Struct:
		return buildMessage(t, building)
	case reflect.String:
		return &valueCodec{typ: t, wire: protowire.BytesType,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				return protowire.AppendString(b, v.String()), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				v.SetString(string(f.Bytes))
				return nil
			}}, nil
	case reflect.Bool:
		return &valueCodec{typ: t, wire: protowire.VarintType,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				if v.Bool() {
					return append(b, 1), nil
				}
				return append(b, 0), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				v.SetBool(f.Varint != 0)
				return nil
			}}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return &valueCodec{typ: t, wire: protowire.VarintType,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				return protowire.AppendVarint(b, uint64(v.Int())), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				// Truncate as gogo/protobuf's generated code does.
				x := int64(f.Varint) << (64 - bits) >> (64 - bits)
				v.SetInt(x)
				return nil
			}}, nil
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		bits := t.Bits()
		return &valueCodec{typ: t, wire: protowire.VarintType,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				return protowire.AppendVarint(b, v.Uint()), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				v.SetUint(f.Varint << (64 - bits) >> (64 - bits))
				return nil
			}}, nil
	case reflect.Float64:
		return &valueCodec{typ: t, wire: protowire.Fixed64Type,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				return protowire.AppendFixed64(b, math.Float64bits(v.Float())), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				v.SetFloat(math.Float64frombits(f.Varint))
				return nil
			}}, nil
	case reflect.Float32:
		return &valueCodec{typ: t, wire: protowire.Fixed32Type,
			appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
				return protowire.AppendFixed32(b, math.Float32bits(float32(v.Float()))), nil
			},
			decode: func(v reflect.Value, f protowire.Field, _ int) error {
				v.SetFloat(float64(math.Float32frombits(uint32(f.Varint))))
				return nil
			}}, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return &valueCodec{typ: t, wire: protowire.BytesType,
				appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
					return protowire.AppendBytes(b, v.Bytes()), nil
				},
				decode: func(v reflect.Value, f protowire.Field, _ int) error {
					v.SetBytes(append([]byte{}, f.Bytes...))
					return nil
				}}, nil
		}
	}
	return nil, fmt.Errorf("%w: %s values (kind %s)", ErrUnsupportedType, t, t.Kind())
}

// isCustom reports whether t has its own protobuf shape.
func isCustom(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface {
		return false
	}
	return t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) ||
		reflect.PointerTo(t).Implements(unmarshalerType)
}

func buildCustom(t reflect.Type) (*valueCodec, error) {
	if !reflect.PointerTo(t).Implements(marshalerType) || !reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil, fmt.Errorf("%w: %s implements only one of Marshaler and Unmarshaler", ErrUnsupportedType, t)
	}
	return &valueCodec{typ: t, wire: protowire.BytesType,
		appendValue: func(b []byte, v reflect.Value) ([]byte, error) {
			var m Marshaler
			switch {
			case t.Implements(marshalerType):
				m = v.Interface().(Marshaler)
			case v.CanAddr():
				m = v.Addr().Interface().(Marshaler)
			default:
				p := reflect.New(t)
				p.Elem().Set(v)
				m = p.Interface().(Marshaler)
			}
			data, err := m.MarshalProtobuf()
			if err != nil {
				return b, err
			}
			return protowire.AppendBytes(b, data), nil
		},
		decode: func(v reflect.Value, f protowire.Field, _ int) error {
			return v.Addr().Interface().(Unmarshaler).UnmarshalProtobuf(f.Bytes)
		}}, nil
}

func buildMessage(t reflect.Type, building map[reflect.Type]*valueCodec) (*valueCodec, error) {
	c := &valueCodec{typ: t, wire: protowire.BytesType, message: true}
	building[t] = c
	seen := map[protowire.Number]string{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("protobuf")
		if !ok || !sf.IsExported() {
			continue
		}
		num, name, err := parseTag(tag)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w: %v", sf.Name, ErrUnsupportedType, err)
		}
		if other, dup := seen[num]; dup {
			return nil, fmt.Errorf("%w: fields %s and %s have the same protobuf number %d", ErrUnsupportedType, other, sf.Name, num)
		}
		seen[num] = sf.Name
		if name == "" {
			name = sf.Name
		}
		fc, err := buildField(sf.Type, building)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", sf.Name, err)
		}
		fc.num, fc.name, fc.index = num, name, i
		c.fields = append(c.fields, fc)
	}
	slices.SortFunc(c.fields, func(a, b *fieldCodec) int { return cmp.Compare(a.num, b.num) })
	if n := len(c.fields); n > 0 && c.fields[n-1].num <= 1024 {
		c.dense = make([]*fieldCodec, c.fields[n-1].num+1)
		for _, f := range c.fields {
			c.dense[f.num] = f
		}
	} else {
		c.byNum = make(map[protowire.Number]*fieldCodec, len(c.fields))
		for _, f := range c.fields {
			c.byNum[f.num] = f
		}
	}
	c.appendValue = func(b []byte, v reflect.Value) ([]byte, error) {
		return appendDelimited(b, func(b []byte) ([]byte, error) { return c.appendBody(b, v) })
	}
	c.decode = func(v reflect.Value, f protowire.Field, depth int) error {
		return c.decodeBody(v, f.Bytes, depth+1)
	}
	return c, nil
}

// appendBody appends the fields of the struct v.
func (c *valueCodec) appendBody(b []byte, v reflect.Value) ([]byte, error) {
	var err error
	for _, f := range c.fields {
		if b, err = f.encode(b, v.Field(f.index)); err != nil {
			return b, fmt.Errorf("%s.%s: %w", c.typ.Name(), c.typ.Field(f.index).Name, err)
		}
	}
	return b, nil
}

// decodeBody merges the message data into the struct v.
func (c *valueCodec) decodeBody(v reflect.Value, data []byte, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("messages nested deeper than %d", maxDepth)
	}
	for len(data) > 0 {
		f, n, err := protowire.ConsumeField(data)
		if err != nil {
			if num, _, _, terr := protowire.ConsumeTag(data); terr == nil {
				if fc := c.lookup(num); fc != nil {
					return inField(fc.name, err)
				}
			}
			return err
		}
		data = data[n:]
		fc := c.lookup(f.Num)
		if fc == nil {
			continue // unknown fields are skipped, as gogo/protobuf does
		}
		if err := fc.decode(v.Field(fc.index), f, depth); err != nil {
			return inField(fc.name, err)
		}
	}
	return nil
}

// lookup returns the codec of field num, or nil.
func (c *valueCodec) lookup(num protowire.Number) *fieldCodec {
	if c.dense != nil {
		if int(num) < len(c.dense) {
			return c.dense[num]
		}
		return nil
	}
	return c.byNum[num]
}

// appendDelimited appends the length-prefixed output of fn, writing the
// body in place and moving it when its length takes more than one byte.
func appendDelimited(b []byte, fn func([]byte) ([]byte, error)) ([]byte, error) {
	start := len(b)
	b, err := fn(append(b, 0))
	if err != nil {
		return b, err
	}
	n := len(b) - start - 1
	if n < 0x80 {
		b[start] = byte(n)
		return b, nil
	}
	sz := protowire.SizeVarint(uint64(n))
	b = append(b, make([]byte, sz-1)...)
	copy(b[start+sz:], b[start+1:start+1+n])
	protowire.AppendVarint(b[:start], uint64(n))
	return b, nil
}

func wireError(f protowire.Field, want protowire.Type) error {
	return fmt.Errorf("wire type %d, want %d", f.Type, want)
}

// buildField returns the codec of a struct field of type t (number, name
// and index are filled by the caller).
func buildField(t reflect.Type, building map[reflect.Type]*valueCodec) (*fieldCodec, error) {
	fc := &fieldCodec{}
	switch {
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && !isCustom(t):
		// bytes: written when non-nil.
		fc.encode = func(b []byte, v reflect.Value) ([]byte, error) {
			if v.IsNil() {
				return b, nil
			}
			b = protowire.AppendTag(b, fc.num, protowire.BytesType)
			return protowire.AppendBytes(b, v.Bytes()), nil
		}
		fc.decode = func(v reflect.Value, f protowire.Field, _ int) error {
			if f.Type != protowire.BytesType {
				return wireError(f, protowire.BytesType)
			}
			v.SetBytes(append([]byte{}, f.Bytes...))
			return nil
		}
		return fc, nil

	case t.Kind() == reflect.Pointer:
		ec, err := build(t.Elem(), building)
		if err != nil {
			return nil, err
		}
		elem := t.Elem()
		fc.encode = func(b []byte, v reflect.Value) ([]byte, error) {
			if v.IsNil() {
				return b, nil
			}
			b = protowire.AppendTag(b, fc.num, ec.wire)
			return ec.appendValue(b, v.Elem())
		}
		fc.decode = func(v reflect.Value, f protowire.Field, depth int) error {
			if f.Type != ec.wire {
				return wireError(f, ec.wire)
			}
			if v.IsNil() {
				v.Set(reflect.New(elem))
			}
			return ec.decode(v.Elem(), f, depth)
		}
		return fc, nil

	case t.Kind() == reflect.Slice && !isCustom(t):
		ec, err := build(t.Elem(), building)
		if err != nil {
			return nil, err
		}
		fc.encode = func(b []byte, v reflect.Value) ([]byte, error) {
			var err error
			for i := range v.Len() {
				b = protowire.AppendTag(b, fc.num, ec.wire)
				if b, err = ec.appendValue(b, v.Index(i)); err != nil {
					return b, err
				}
			}
			return b, nil
		}
		fc.decode = func(v reflect.Value, f protowire.Field, depth int) error {
			if f.Type == ec.wire {
				v.Set(reflect.Append(v, reflect.New(ec.typ).Elem()))
				return ec.decode(v.Index(v.Len()-1), f, depth)
			}
			if f.Type != protowire.BytesType || ec.wire == protowire.BytesType {
				return wireError(f, ec.wire)
			}
			// Packed scalars.
			data := f.Bytes
			for len(data) > 0 {
				e := protowire.Field{Num: f.Num, Type: ec.wire}
				var n int
				var err error
				switch ec.wire {
				case protowire.VarintType:
					e.Varint, n, err = protowire.ConsumeVarint(data)
				case protowire.Fixed64Type:
					e.Varint, n, err = protowire.ConsumeFixed64(data)
				case protowire.Fixed32Type:
					var x uint32
					x, n, err = protowire.ConsumeFixed32(data)
					e.Varint = uint64(x)
				}
				if err != nil {
					return err
				}
				data = data[n:]
				v.Set(reflect.Append(v, reflect.New(ec.typ).Elem()))
				if err := ec.decode(v.Index(v.Len()-1), e, depth); err != nil {
					return err
				}
			}
			return nil
		}
		return fc, nil

	case t.Kind() == reflect.Map:
		return buildMapField(fc, t, building)
	}

	ec, err := build(t, building)
	if err != nil {
		return nil, err
	}
	fc.encode = func(b []byte, v reflect.Value) ([]byte, error) {
		b = protowire.AppendTag(b, fc.num, ec.wire)
		return ec.appendValue(b, v)
	}
	fc.decode = func(v reflect.Value, f protowire.Field, depth int) error {
		if f.Type != ec.wire {
			return wireError(f, ec.wire)
		}
		return ec.decode(v, f, depth)
	}
	return fc, nil
}

// buildMapField handles a map as repeated {key = 1, value = 2} entries,
// written in key order. As in gogo/protobuf, a nil []byte value is not
// written and an entry without a value decodes to the zero value (an empty,
// non-nil []byte for bytes).
func buildMapField(fc *fieldCodec, t reflect.Type, building map[reflect.Type]*valueCodec) (*fieldCodec, error) {
	if k := t.Key().Kind(); k != reflect.String && (k < reflect.Int || k > reflect.Uint64 || k == reflect.Uintptr) {
		return nil, fmt.Errorf("%w: map key %s", ErrUnsupportedType, t.Key())
	}
	kc, err := build(t.Key(), building)
	if err != nil {
		return nil, err
	}
	vc, err := build(t.Elem(), building)
	if err != nil {
		return nil, err
	}
	bytesValue := t.Elem().Kind() == reflect.Slice && t.Elem().Elem().Kind() == reflect.Uint8 && !isCustom(t.Elem())
	fc.encode = func(b []byte, v reflect.Value) ([]byte, error) {
		if v.Len() == 0 {
			return b, nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, compareKeys)
		var err error
		for _, k := range keys {
			val := v.MapIndex(k)
			b = protowire.AppendTag(b, fc.num, protowire.BytesType)
			b, err = appendDelimited(b, func(b []byte) ([]byte, error) {
				b = protowire.AppendTag(b, 1, kc.wire)
				b, err := kc.appendValue(b, k)
				if err != nil || (bytesValue && val.IsNil()) {
					return b, err
				}
				b = protowire.AppendTag(b, 2, vc.wire)
				return vc.appendValue(b, val)
			})
			if err != nil {
				return b, err
			}
		}
		return b, nil
	}
	fc.decode = func(v reflect.Value, f protowire.Field, depth int) error {
		if f.Type != protowire.BytesType {
			return wireError(f, protowire.BytesType)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
		key := reflect.New(t.Key()).Elem()
		val := reflect.New(t.Elem()).Elem()
		if bytesValue {
			val.SetBytes([]byte{})
		}
		data := f.Bytes
		for len(data) > 0 {
			e, n, err := protowire.ConsumeField(data)
			if err != nil {
				return err
			}
			data = data[n:]
			var c *valueCodec
			var dst reflect.Value
			switch e.Num {
			case 1:
				c, dst = kc, key
			case 2:
				c, dst = vc, val
			default:
				continue
			}
			if e.Type != c.wire {
				return wireError(e, c.wire)
			}
			if err := c.decode(dst, e, depth); err != nil {
				return err
			}
		}
		v.SetMapIndex(key, val)
		return nil
	}
	return fc, nil
}

func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	}
	return cmp.Compare(a.Uint(), b.Uint())
}
