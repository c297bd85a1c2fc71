package protobuf

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/internal/protowire"
)

// Marshaler is implemented by types whose protobuf message is not the
// encoding of their struct fields.
type Marshaler interface {
	// MarshalProtobuf returns the encoded fields of the message, without
	// the tag and length that frame it in its parent.
	MarshalProtobuf() ([]byte, error)
}

// Unmarshaler is implemented, on the pointer, by the types that implement
// Marshaler.
type Unmarshaler interface {
	// UnmarshalProtobuf decodes the fields of the message, replacing the
	// value. data is only valid during the call.
	UnmarshalProtobuf(data []byte) error
}

// Reasons of an error, tested with errors.Is.
var (
	// ErrMalformed: the input is not a valid encoding of the target type.
	ErrMalformed = errors.New("malformed protobuf")
	// ErrUnsupportedType: the Go type cannot be encoded (a field of a kind
	// Kubernetes messages never have, or a bad protobuf tag).
	ErrUnsupportedType = errors.New("type not supported by the protobuf codec")
)

// Error is a decoding error. It matches ErrMalformed and
// errors.ErrBadRequest of package sdk/api/errors.
type Error struct {
	// Field is the path of the field being decoded, by protobuf field names
	// ("spec.containers.ports.containerPort"); empty for the whole message.
	Field string
	// Err is the cause.
	Err error
}

// Error returns the message.
func (e *Error) Error() string {
	if e.Field == "" {
		return "malformed protobuf: " + e.Err.Error()
	}
	return fmt.Sprintf("malformed protobuf in field %q: %v", e.Field, e.Err)
}

// Unwrap returns ErrMalformed, errors.ErrBadRequest and the cause.
func (e *Error) Unwrap() []error { return []error{ErrMalformed, apierrors.ErrBadRequest, e.Err} }

// inField prefixes the field path of a decoding error with name.
func inField(name string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		if e.Field == "" {
			e.Field = name
		} else {
			e.Field = name + "." + e.Field
		}
		return e
	}
	return &Error{Field: name, Err: err}
}

// maxDepth bounds the nesting of messages Unmarshal follows, so that a
// recursive type cannot be made to exhaust the stack.
const maxDepth = 10000

// Marshal encodes obj, a struct or a pointer to one, as a protobuf message.
func Marshal(obj any) ([]byte, error) {
	v := reflect.ValueOf(obj)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, fmt.Errorf("protobuf: Marshal of a nil %s", v.Type())
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("protobuf: Marshal of %T: %w: want a struct", obj, ErrUnsupportedType)
	}
	vc, err := codecFor(v.Type())
	if err != nil {
		return nil, err
	}
	return vc.appendBody(make([]byte, 0, 256), v)
}

// Unmarshal decodes the protobuf message data into obj, which must be a
// non-nil pointer to a struct. obj is reset first. Strings and byte slices
// of obj never alias data.
func Unmarshal(data []byte, obj any) error {
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("protobuf: Unmarshal into %T: %w: want a non-nil pointer to a struct", obj, ErrUnsupportedType)
	}
	v = v.Elem()
	vc, err := codecFor(v.Type())
	if err != nil {
		return err
	}
	v.SetZero()
	if err := vc.decodeBody(v, data, 0); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return e
		}
		return &Error{Err: err}
	}
	return nil
}

// parseTag returns the field number and name of a protobuf struct tag
// ("bytes,2,opt,name=spec,casttype=X").
func parseTag(tag string) (protowire.Number, string, error) {
	parts := strings.Split(tag, ",")
	if len(parts) < 2 {
		return 0, "", fmt.Errorf("protobuf tag %q has no field number", tag)
	}
	var num int64
	for _, c := range parts[1] {
		if c < '0' || c > '9' || num > int64(protowire.MaxValidNumber) {
			return 0, "", fmt.Errorf("protobuf tag %q: field number %q is not a number in [1, %d]", tag, parts[1], protowire.MaxValidNumber)
		}
		num = num*10 + int64(c-'0')
	}
	if num < 1 || num > int64(protowire.MaxValidNumber) {
		return 0, "", fmt.Errorf("protobuf tag %q: field number %q is not a number in [1, %d]", tag, parts[1], protowire.MaxValidNumber)
	}
	name := ""
	for _, p := range parts[2:] {
		if n, ok := strings.CutPrefix(p, "name="); ok {
			name = n
		}
	}
	return protowire.Number(num), name, nil
}
