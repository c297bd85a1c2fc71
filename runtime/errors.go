package runtime

import (
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// The errors a Runtime returns. Each wraps an error class of
// github.com/gantryhq/gantry/sdk/api/errors; implementations return errors
// made with Errorf that name the offending id or reference.
var (
	// ErrNotFound: an unknown sandbox, container or image. Class NotFound.
	ErrNotFound error = apierrors.NewSentinel("runtime: not found", apierrors.ErrNotFound)
	// ErrAlreadyExists: a sandbox or container with the same name and
	// attempt exists. Class AlreadyExists.
	ErrAlreadyExists error = apierrors.NewSentinel("runtime: already exists", apierrors.ErrAlreadyExists)
	// ErrInvalid: a malformed config or argument. Class Invalid.
	ErrInvalid error = apierrors.NewSentinel("runtime: invalid argument", apierrors.ErrInvalid)
	// ErrFailedPrecondition: the object is in the wrong state for the
	// operation (starting a container twice, creating a container in a
	// stopped sandbox). Class Conflict.
	ErrFailedPrecondition error = apierrors.NewSentinel("runtime: failed precondition", apierrors.ErrConflict)
	// ErrTimeout: an ExecSync or a wait ran past its timeout. Class Timeout.
	ErrTimeout error = apierrors.NewSentinel("runtime: timeout", apierrors.ErrTimeout)
	// ErrNotSupported: the implementation does not offer the operation
	// (pulling from a registry in the fake). Class NotSupported.
	ErrNotSupported error = apierrors.NewSentinel("runtime: not supported", apierrors.ErrNotSupported)
	// ErrUnavailable: the runtime is not ready or is closed. Class
	// ServiceUnavailable.
	ErrUnavailable error = apierrors.NewSentinel("runtime: unavailable", apierrors.ErrServiceUnavailable)
)

// Errorf returns an error with the message "runtime: " + the formatted text
// that unwraps to kind, one of this package's sentinels.
func Errorf(kind error, format string, args ...any) error {
	return apierrors.Detailf(kind, "runtime: ", format, args...)
}
