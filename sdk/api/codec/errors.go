package codec

import (
	"errors"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// Reasons of a decoding error, tested with errors.Is. Every *Error also
// matches errors.ErrBadRequest of package sdk/api/errors.
var (
	// ErrMissingKind: the document has no apiVersion or no kind.
	ErrMissingKind = errors.New("missing apiVersion or kind")
	// ErrUnknownKind: no kind of that apiVersion and kind is registered.
	ErrUnknownKind = errors.New("kind is not registered")
	// ErrStrict: unknown or duplicate fields under FieldValidation Strict.
	ErrStrict = errors.New("strict decoding error")
	// ErrMalformed: the document is not valid JSON or YAML, or a value
	// does not fit its field (a string where an integer is expected).
	ErrMalformed = errors.New("malformed document")
)

// Error is a decoding error. Its message is the one a user sees; it
// matches errors.ErrBadRequest and one of ErrMissingKind, ErrUnknownKind,
// ErrStrict or ErrMalformed with errors.Is.
type Error struct {
	// Reason is one of ErrMissingKind, ErrUnknownKind, ErrStrict, ErrMalformed.
	Reason error
	// Message is the full message.
	Message string
	// Fields holds, for ErrStrict, one message per unknown or duplicate
	// field ("unknown field \"spec.foo\"").
	Fields []string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the reason and the error class errors.ErrBadRequest.
func (e *Error) Unwrap() []error { return []error{e.Reason, apierrors.ErrBadRequest} }

func newError(reason error, msg string) *Error { return &Error{Reason: reason, Message: msg} }

// excerpt returns the start of data for an error message, on one line.
func excerpt(data []byte) string {
	const max = 80
	s := strings.TrimSpace(string(data))
	truncated := false
	if len(s) > max {
		s = s[:max]
		truncated = true
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if truncated {
		s += "..."
	}
	return s
}
