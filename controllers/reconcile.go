package controllers

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Request names the object a reconcile is about: its namespace (empty for
// cluster-scoped kinds) and name. A controller may use it as any key it
// likes (the garbage collector puts an object's UID in Name).
type Request struct {
	Namespace string
	Name      string
}

// String returns "namespace/name", or "name" when Namespace is empty.
func (r Request) String() string {
	if r.Namespace == "" {
		return r.Name
	}
	return r.Namespace + "/" + r.Name
}

// Result says whether and when a request is processed again. The zero
// Result means done until the next event.
type Result struct {
	// Requeue processes the request again after the queue's per-item
	// exponential back-off.
	Requeue bool
	// RequeueAfter, when positive, processes the request again after this
	// long; it takes precedence over Requeue and resets the back-off.
	RequeueAfter time.Duration
}

// Reconciler drives the object a Request names from its current state
// toward its desired state. It must be level-triggered: it reads the
// current state (from caches or the API) and never relies on having seen
// an event, so that a restart or a change of leader converges the same way.
//
// Concurrency: one request is never reconciled by two workers at once, but
// different requests are reconciled concurrently when the controller has
// more than one worker. Reconcile must be idempotent.
//
// Errors: a nil error with a zero Result forgets the request; an error
// requeues it with back-off, unless it is wrapped by TerminalError, in which
// case it is logged, counted and not retried (a later event enqueues the
// request again). A panic is recovered and handled as an error.
type Reconciler interface {
	Reconcile(ctx context.Context, req Request) (Result, error)
}

// ReconcilerFunc adapts a function to a Reconciler.
type ReconcilerFunc func(ctx context.Context, req Request) (Result, error)

// Reconcile calls f.
func (f ReconcilerFunc) Reconcile(ctx context.Context, req Request) (Result, error) {
	return f(ctx, req)
}

var _ Reconciler = ReconcilerFunc(nil)

// terminalError marks an error that retrying cannot fix.
type terminalError struct{ err error }

func (e *terminalError) Error() string { return "terminal error: " + e.err.Error() }
func (e *terminalError) Unwrap() error { return e.err }

// TerminalError wraps err so that the controller does not retry the
// request (an invalid spec, an unsupported reference). It returns nil for
// a nil err.
func TerminalError(err error) error {
	if err == nil {
		return nil
	}
	return &terminalError{err: err}
}

// IsTerminal reports whether err, or an error it wraps, came from TerminalError.
func IsTerminal(err error) bool {
	var t *terminalError
	return errors.As(err, &t)
}

type loggerKey struct{}

// LoggerFrom returns the logger a controller put in the context of
// Reconcile (tagged with the controller and request), or slog.Default().
func LoggerFrom(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

func withLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}
