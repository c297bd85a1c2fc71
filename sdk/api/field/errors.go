package field

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// ErrorType is the class of a field error.
type ErrorType string

// Error types, with the texts Kubernetes uses.
const (
	ErrorTypeNotFound     ErrorType = "FieldValueNotFound"
	ErrorTypeRequired     ErrorType = "FieldValueRequired"
	ErrorTypeDuplicate    ErrorType = "FieldValueDuplicate"
	ErrorTypeInvalid      ErrorType = "FieldValueInvalid"
	ErrorTypeNotSupported ErrorType = "FieldValueNotSupported"
	ErrorTypeForbidden    ErrorType = "FieldValueForbidden"
	ErrorTypeTooLong      ErrorType = "FieldValueTooLong"
	ErrorTypeTooMany      ErrorType = "FieldValueTooMany"
	ErrorTypeInternal     ErrorType = "InternalError"
	ErrorTypeTypeInvalid  ErrorType = "FieldValueTypeInvalid"
)

// String returns the human-readable form used in error messages.
func (t ErrorType) String() string {
	switch t {
	case ErrorTypeNotFound:
		return "Not found"
	case ErrorTypeRequired:
		return "Required value"
	case ErrorTypeDuplicate:
		return "Duplicate value"
	case ErrorTypeInvalid:
		return "Invalid value"
	case ErrorTypeNotSupported:
		return "Unsupported value"
	case ErrorTypeForbidden:
		return "Forbidden"
	case ErrorTypeTooLong:
		return "Too long"
	case ErrorTypeTooMany:
		return "Too many"
	case ErrorTypeInternal:
		return "Internal error"
	case ErrorTypeTypeInvalid:
		return "Invalid value"
	}
	return string(t)
}

// omitValue is a BadValue that is not printed.
type omitValue struct{}

// OmitValue can be passed as a BadValue to leave the value out of the message.
var OmitValue = omitValue{}

// Error is one problem with one field.
type Error struct {
	Type     ErrorType
	Field    string
	BadValue any
	Detail   string
}

// Error renders "path: Type: value: detail", as Kubernetes does.
func (e *Error) Error() string {
	return e.Field + ": " + e.ErrorBody()
}

// ErrorBody renders the message without the field path.
func (e *Error) ErrorBody() string {
	var s string
	switch e.Type {
	case ErrorTypeRequired, ErrorTypeForbidden, ErrorTypeTooLong, ErrorTypeInternal:
		s = e.Type.String()
	default:
		if e.BadValue == OmitValue {
			s = e.Type.String()
		} else {
			s = e.Type.String() + ": " + formatValue(e.BadValue)
		}
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// formatValue renders a bad value the way Kubernetes' field.Error does:
// simple numbers and booleans plainly, strings quoted, Stringers by their
// String, anything else in Go syntax (%#v).
func formatValue(v any) string {
	if v == nil {
		return "null"
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "null"
		}
		v = rv.Elem().Interface()
	}
	switch t := v.(type) {
	case int64, int32, float64, float32, bool:
		return fmt.Sprintf("%v", t)
	case string:
		return strconv.Quote(t)
	case fmt.Stringer:
		return t.String()
	}
	// A value whose pointer has String (Quantity, IntOrString) prints by it too.
	pv := reflect.New(reflect.TypeOf(v))
	pv.Elem().Set(reflect.ValueOf(v))
	if st, ok := pv.Interface().(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprintf("%#v", v)
}

// NotFound says the value at path was not found.
func NotFound(path *Path, value any) *Error {
	return &Error{Type: ErrorTypeNotFound, Field: path.String(), BadValue: value}
}

// Required says a required field is missing; detail may be empty.
func Required(path *Path, detail string) *Error {
	return &Error{Type: ErrorTypeRequired, Field: path.String(), BadValue: "", Detail: detail}
}

// Duplicate says value appears twice where it must be unique.
func Duplicate(path *Path, value any) *Error {
	return &Error{Type: ErrorTypeDuplicate, Field: path.String(), BadValue: value}
}

// Invalid says value is malformed; detail says what is accepted.
func Invalid(path *Path, value any, detail string) *Error {
	return &Error{Type: ErrorTypeInvalid, Field: path.String(), BadValue: value, Detail: detail}
}

// NotSupported says value is not one of valid.
func NotSupported[T ~string](path *Path, value any, valid []T) *Error {
	detail := ""
	if len(valid) > 0 {
		q := make([]string, len(valid))
		for i, v := range valid {
			q[i] = strconv.Quote(string(v))
		}
		detail = "supported values: " + strings.Join(q, ", ")
	}
	return &Error{Type: ErrorTypeNotSupported, Field: path.String(), BadValue: value, Detail: detail}
}

// Forbidden says the field may not be set (or changed) here.
func Forbidden(path *Path, detail string) *Error {
	return &Error{Type: ErrorTypeForbidden, Field: path.String(), BadValue: "", Detail: detail}
}

// TooLong says a value is longer than maxLength.
func TooLong(path *Path, value any, maxLength int) *Error {
	return &Error{Type: ErrorTypeTooLong, Field: path.String(), BadValue: value,
		Detail: fmt.Sprintf("may not be more than %d bytes", maxLength)}
}

// TooMany says a list has actual items where at most max are allowed.
func TooMany(path *Path, actual, max int) *Error {
	return &Error{Type: ErrorTypeTooMany, Field: path.String(), BadValue: actual,
		Detail: fmt.Sprintf("must have at most %d items", max)}
}

// InternalError reports a server-side failure while validating path.
func InternalError(path *Path, err error) *Error {
	return &Error{Type: ErrorTypeInternal, Field: path.String(), Detail: err.Error()}
}

// ErrorList is every problem found in one object.
type ErrorList []*Error

// ToAggregate returns nil for an empty list, else an error listing every problem.
func (l ErrorList) ToAggregate() error {
	if len(l) == 0 {
		return nil
	}
	return aggregate(l)
}

type aggregate ErrorList

func (a aggregate) Error() string {
	if len(a) == 1 {
		return a[0].Error()
	}
	seen := make(map[string]bool, len(a))
	var msgs []string
	for _, e := range a {
		m := e.Error()
		if !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 1 {
		return msgs[0]
	}
	return "[" + strings.Join(msgs, ", ") + "]"
}

// Errors returns the list behind an aggregate made by ToAggregate.
func (a aggregate) Errors() ErrorList { return ErrorList(a) }
