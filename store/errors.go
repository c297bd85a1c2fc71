package store

import (
	"fmt"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// The errors a Store returns. Each wraps an error class of
// github.com/gantryhq/gantry/sdk/api/errors, and backends return errors
// wrapping them with a message naming the key and the revisions, so test with
// errors.Is: errors.Is(err, store.ErrConflict) and
// errors.Is(err, apierrors.ErrConflict) both hold for a conflict.
var (
	// ErrNotFound: the key does not exist. Class NotFound.
	ErrNotFound error = &sentinel{"store: key not found", apierrors.ErrNotFound}
	// ErrAlreadyExists: Create of a key that exists. Class AlreadyExists.
	ErrAlreadyExists error = &sentinel{"store: key already exists", apierrors.ErrAlreadyExists}
	// ErrConflict: the key's ModRevision is not the expected one. Class
	// Conflict.
	ErrConflict error = &sentinel{"store: revision conflict", apierrors.ErrConflict}
	// ErrCompacted: the revision asked for has been compacted; the client
	// relists. Class Gone (HTTP 410).
	ErrCompacted error = &sentinel{"store: required revision has been compacted", apierrors.ErrGone}
	// ErrFutureRevision: a read or compaction at a revision above the
	// current one. Class Timeout (HTTP 504), which is how Kubernetes answers
	// a "too large resource version".
	ErrFutureRevision error = &sentinel{"store: required revision is in the future", apierrors.ErrTimeout}
	// ErrWatchTooSlow: a watch fell too far behind and was ended so that
	// writers never wait. Class Gone: the client relists, or watches again
	// from the revision of the last event it received.
	ErrWatchTooSlow error = &sentinel{"store: watcher fell too far behind", apierrors.ErrGone}
	// ErrInvalidContinue: a malformed continue token, or one for another
	// prefix. Class BadRequest.
	ErrInvalidContinue error = &sentinel{"store: invalid continue token", apierrors.ErrBadRequest}
	// ErrInvalidArgument: an empty key, or a negative revision or limit.
	// Class BadRequest.
	ErrInvalidArgument error = &sentinel{"store: invalid argument", apierrors.ErrBadRequest}
	// ErrClosed: the store has been closed. Class ServiceUnavailable.
	ErrClosed error = &sentinel{"store: closed", apierrors.ErrServiceUnavailable}
)

// sentinel is a store error that unwraps to its class.
type sentinel struct {
	msg   string
	class error
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) Unwrap() error { return s.class }

// Errorf returns an error with the message "store: " + the formatted text
// that unwraps to kind, one of this package's sentinels (or an error class
// of sdk/api/errors). Backends use it so
// that a message names the key and revisions while errors.Is still finds the
// sentinel and its class.
func Errorf(kind error, format string, args ...any) error {
	return &detailed{kind: kind, msg: "store: " + fmt.Sprintf(format, args...)}
}

type detailed struct {
	kind error
	msg  string
}

func (e *detailed) Error() string { return e.msg }
func (e *detailed) Unwrap() error { return e.kind }
