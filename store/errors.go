package store

import (
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// The errors a Store returns. Each wraps an error class of
// github.com/gantryhq/gantry/sdk/api/errors, and backends return errors
// wrapping them with a message naming the key and the revisions, so test with
// errors.Is: errors.Is(err, store.ErrConflict) and
// errors.Is(err, apierrors.ErrConflict) both hold for a conflict.
var (
	// ErrNotFound: the key does not exist. Class NotFound.
	ErrNotFound error = apierrors.NewSentinel("store: key not found", apierrors.ErrNotFound)
	// ErrAlreadyExists: Create of a key that exists. Class AlreadyExists.
	ErrAlreadyExists error = apierrors.NewSentinel("store: key already exists", apierrors.ErrAlreadyExists)
	// ErrConflict: the key's ModRevision is not the expected one. Class
	// Conflict.
	ErrConflict error = apierrors.NewSentinel("store: revision conflict", apierrors.ErrConflict)
	// ErrCompacted: the revision asked for has been compacted; the client
	// relists. Class Gone (HTTP 410).
	ErrCompacted error = apierrors.NewSentinel("store: required revision has been compacted", apierrors.ErrGone)
	// ErrFutureRevision: a read or compaction at a revision above the
	// current one. Class Timeout (HTTP 504), which is how Kubernetes answers
	// a "too large resource version".
	ErrFutureRevision error = apierrors.NewSentinel("store: required revision is in the future", apierrors.ErrTimeout)
	// ErrWatchTooSlow: a watch fell too far behind and was ended so that
	// writers never wait. Class Gone: the client relists, or watches again
	// from the revision of the last event it received.
	ErrWatchTooSlow error = apierrors.NewSentinel("store: watcher fell too far behind", apierrors.ErrGone)
	// ErrInvalidContinue: a malformed continue token, or one for another
	// prefix. Class BadRequest.
	ErrInvalidContinue error = apierrors.NewSentinel("store: invalid continue token", apierrors.ErrBadRequest)
	// ErrInvalidArgument: an empty key, or a negative revision or limit.
	// Class BadRequest.
	ErrInvalidArgument error = apierrors.NewSentinel("store: invalid argument", apierrors.ErrBadRequest)
	// ErrClosed: the store has been closed. Class ServiceUnavailable.
	ErrClosed error = apierrors.NewSentinel("store: closed", apierrors.ErrServiceUnavailable)
)

// Errorf returns an error with the message "store: " + the formatted text
// that unwraps to kind, one of this package's sentinels (or an error class
// of sdk/api/errors). Backends use it so
// that a message names the key and revisions while errors.Is still finds the
// sentinel and its class.
func Errorf(kind error, format string, args ...any) error {
	return apierrors.Detailf(kind, "store: ", format, args...)
}
