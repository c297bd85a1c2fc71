package errors

import "fmt"

// NewSentinel returns a package's own sentinel error with message msg that
// unwraps to class, so that errors.Is holds for both the sentinel and its
// class (store.ErrConflict and ErrConflict, say).
func NewSentinel(msg string, class error) error { return &sentinel{msg: msg, class: class} }

type sentinel struct {
	msg   string
	class error
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) Unwrap() error { return s.class }

// Detailf returns an error whose message is prefix + the formatted text and
// that unwraps to kind (a sentinel or a class): the message names the
// offending value while errors.Is still finds the kind.
func Detailf(kind error, prefix, format string, args ...any) error {
	return &detailed{kind: kind, msg: prefix + fmt.Sprintf(format, args...)}
}

type detailed struct {
	kind error
	msg  string
}

func (e *detailed) Error() string { return e.msg }
func (e *detailed) Unwrap() error { return e.kind }
