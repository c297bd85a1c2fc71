package errors

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Class is an error class. Classes are comparable sentinel errors.
type Class struct {
	reason meta.StatusReason
	code   int32
}

func (c *Class) Error() string { return string(c.reason) }

// Reason returns the Kubernetes Status reason of the class.
func (c *Class) Reason() meta.StatusReason { return c.reason }

// Code returns the HTTP status code of the class.
func (c *Class) Code() int32 { return c.code }

// The error classes, with their Status reason and HTTP code.
var (
	ErrNotFound           = &Class{meta.StatusReasonNotFound, http.StatusNotFound}
	ErrAlreadyExists      = &Class{meta.StatusReasonAlreadyExists, http.StatusConflict}
	ErrConflict           = &Class{meta.StatusReasonConflict, http.StatusConflict}
	ErrInvalid            = &Class{meta.StatusReasonInvalid, http.StatusUnprocessableEntity}
	ErrBadRequest         = &Class{meta.StatusReasonBadRequest, http.StatusBadRequest}
	ErrGone               = &Class{meta.StatusReasonGone, http.StatusGone}
	ErrExpired            = &Class{meta.StatusReasonExpired, http.StatusGone}
	ErrForbidden          = &Class{meta.StatusReasonForbidden, http.StatusForbidden}
	ErrUnauthorized       = &Class{meta.StatusReasonUnauthorized, http.StatusUnauthorized}
	ErrTooManyRequests    = &Class{meta.StatusReasonTooManyRequests, http.StatusTooManyRequests}
	ErrMethodNotAllowed   = &Class{meta.StatusReasonMethodNotAllowed, http.StatusMethodNotAllowed}
	ErrNotAcceptable      = &Class{meta.StatusReasonNotAcceptable, http.StatusNotAcceptable}
	ErrUnsupportedMedia   = &Class{meta.StatusReasonUnsupportedMediaType, http.StatusUnsupportedMediaType}
	ErrRequestTooLarge    = &Class{meta.StatusReasonRequestEntityTooLarge, http.StatusRequestEntityTooLarge}
	ErrTimeout            = &Class{meta.StatusReasonTimeout, http.StatusGatewayTimeout}
	ErrServiceUnavailable = &Class{meta.StatusReasonServiceUnavailable, http.StatusServiceUnavailable}
	ErrInternal           = &Class{meta.StatusReasonInternalError, http.StatusInternalServerError}
	// ErrNotSupported marks a feature Gantry does not implement; it is a
	// BadRequest on the wire with a message saying what is not supported.
	ErrNotSupported = &Class{meta.StatusReasonBadRequest, http.StatusBadRequest}
)

var classes = []*Class{
	ErrNotFound, ErrAlreadyExists, ErrConflict, ErrInvalid, ErrBadRequest, ErrGone, ErrExpired,
	ErrForbidden, ErrUnauthorized, ErrTooManyRequests, ErrMethodNotAllowed, ErrNotAcceptable,
	ErrUnsupportedMedia, ErrRequestTooLarge, ErrTimeout, ErrServiceUnavailable, ErrInternal,
}

// StatusError is an error with a full Kubernetes Status.
type StatusError struct {
	Status meta.Status
}

func (e *StatusError) Error() string { return e.Status.Message }

// Unwrap returns the class matching the Status reason.
func (e *StatusError) Unwrap() error {
	if c := ClassOf(e.Status.Reason); c != nil {
		return c
	}
	return nil
}

// ClassOf returns the class for a Status reason, or nil for an unknown one.
func ClassOf(reason meta.StatusReason) *Class {
	for _, c := range classes {
		if c.reason == reason {
			return c
		}
	}
	return nil
}

// Resource names the group and resource an error is about.
type Resource struct {
	Group    string
	Resource string
}

func (r Resource) String() string {
	if r.Group == "" {
		return r.Resource
	}
	return r.Resource + "." + r.Group
}

func newStatus(c *Class, msg string, details *meta.StatusDetails) *StatusError {
	return &StatusError{Status: meta.Status{
		TypeMeta: meta.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   meta.StatusFailure,
		Message:  msg,
		Reason:   c.reason,
		Details:  details,
		Code:     c.code,
	}}
}

// NewNotFound returns `<resource> "<name>" not found`.
func NewNotFound(r Resource, name string) *StatusError {
	return newStatus(ErrNotFound, fmt.Sprintf("%s %q not found", r, name),
		&meta.StatusDetails{Name: name, Group: r.Group, Kind: r.Resource})
}

// NewAlreadyExists returns `<resource> "<name>" already exists`.
func NewAlreadyExists(r Resource, name string) *StatusError {
	return newStatus(ErrAlreadyExists, fmt.Sprintf("%s %q already exists", r, name),
		&meta.StatusDetails{Name: name, Group: r.Group, Kind: r.Resource})
}

// NewConflict returns the Kubernetes conflict message for name.
func NewConflict(r Resource, name string, err error) *StatusError {
	return newStatus(ErrConflict, fmt.Sprintf("Operation cannot be fulfilled on %s %q: %v", r, name, err),
		&meta.StatusDetails{Name: name, Group: r.Group, Kind: r.Resource})
}

// NewInvalid returns the 422 error for kind/name with one cause per field error.
func NewInvalid(group, kind, name string, errs field.ErrorList) *StatusError {
	causes := make([]meta.StatusCause, 0, len(errs))
	for _, e := range errs {
		causes = append(causes, meta.StatusCause{Type: meta.CauseType(e.Type), Message: e.ErrorBody(), Field: e.Field})
	}
	gk := kind
	if group != "" {
		gk = kind + "." + group
	}
	msg := fmt.Sprintf("%s %q is invalid", gk, name)
	if agg := errs.ToAggregate(); agg != nil {
		msg += ": " + agg.Error()
	}
	return newStatus(ErrInvalid, msg, &meta.StatusDetails{Name: name, Group: group, Kind: kind, Causes: causes})
}

// NewBadRequest returns a 400 with msg.
func NewBadRequest(msg string) *StatusError { return newStatus(ErrBadRequest, msg, nil) }

// NewGone returns a 410 with msg.
func NewGone(msg string) *StatusError { return newStatus(ErrGone, msg, nil) }

// NewResourceExpired returns the 410 a watch gets when its revision is compacted.
func NewResourceExpired(msg string) *StatusError { return newStatus(ErrExpired, msg, nil) }

// NewForbidden returns a 403 saying why the request on name was refused.
func NewForbidden(r Resource, name string, err error) *StatusError {
	msg := fmt.Sprintf("%s %q is forbidden: %v", r, name, err)
	if name == "" {
		msg = fmt.Sprintf("%s is forbidden: %v", r, err)
	}
	return newStatus(ErrForbidden, msg, &meta.StatusDetails{Name: name, Group: r.Group, Kind: r.Resource})
}

// NewUnauthorized returns a 401.
func NewUnauthorized(msg string) *StatusError { return newStatus(ErrUnauthorized, msg, nil) }

// NewTooManyRequests returns a 429 asking the client to retry after retryAfter seconds.
func NewTooManyRequests(msg string, retryAfter int32) *StatusError {
	return newStatus(ErrTooManyRequests, msg, &meta.StatusDetails{RetryAfterSeconds: retryAfter})
}

// NewMethodNotSupported returns a 405 for action on a resource.
func NewMethodNotSupported(r Resource, action string) *StatusError {
	return newStatus(ErrMethodNotAllowed, fmt.Sprintf("%s is not supported on resources of kind %q", action, r),
		&meta.StatusDetails{Group: r.Group, Kind: r.Resource})
}

// NewRequestTooLarge returns a 413.
func NewRequestTooLarge(msg string) *StatusError { return newStatus(ErrRequestTooLarge, msg, nil) }

// NewInternal returns a 500 wrapping err's message.
func NewInternal(err error) *StatusError {
	return newStatus(ErrInternal, fmt.Sprintf("Internal error occurred: %v", err),
		&meta.StatusDetails{Causes: []meta.StatusCause{{Type: meta.CauseTypeInternal, Message: err.Error()}}})
}

// NewServiceUnavailable returns a 503.
func NewServiceUnavailable(msg string) *StatusError {
	return newStatus(ErrServiceUnavailable, msg, nil)
}

// NewNotSupported returns a 400 saying what is not supported.
func NewNotSupported(what string) *StatusError {
	return newStatus(ErrBadRequest, what+" is not supported by Gantry", nil)
}

// FromStatus returns the error a Status body describes.
func FromStatus(s meta.Status) *StatusError { return &StatusError{Status: s} }

// ToStatus returns the Status for err: its own if it is a *StatusError, one
// made from its class if it has one, else an InternalError.
func ToStatus(err error) meta.Status {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	for _, c := range classes {
		if errors.Is(err, c) {
			return newStatus(c, err.Error(), nil).Status
		}
	}
	if errors.Is(err, ErrNotSupported) {
		return newStatus(ErrBadRequest, err.Error(), nil).Status
	}
	return NewInternal(err).Status
}

// Is helpers.

// IsNotFound reports whether err is of class ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsAlreadyExists reports whether err is of class ErrAlreadyExists.
func IsAlreadyExists(err error) bool { return errors.Is(err, ErrAlreadyExists) }

// IsConflict reports whether err is of class ErrConflict.
func IsConflict(err error) bool { return errors.Is(err, ErrConflict) }

// IsInvalid reports whether err is of class ErrInvalid.
func IsInvalid(err error) bool { return errors.Is(err, ErrInvalid) }

// IsBadRequest reports whether err is of class ErrBadRequest.
func IsBadRequest(err error) bool { return errors.Is(err, ErrBadRequest) }

// IsGone reports whether err is of class ErrGone or ErrExpired (a compacted revision).
func IsGone(err error) bool { return errors.Is(err, ErrGone) || errors.Is(err, ErrExpired) }

// IsForbidden reports whether err is of class ErrForbidden.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbidden) }

// IsUnauthorized reports whether err is of class ErrUnauthorized.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsTooManyRequests reports whether err is of class ErrTooManyRequests.
func IsTooManyRequests(err error) bool { return errors.Is(err, ErrTooManyRequests) }

// IsNotSupported reports whether err is of class ErrNotSupported.
func IsNotSupported(err error) bool {
	if errors.Is(err, ErrNotSupported) {
		return true
	}
	var se *StatusError
	return errors.As(err, &se) && strings.HasSuffix(se.Status.Message, "is not supported by Gantry")
}

// IsInternal reports whether err is of class ErrInternal.
func IsInternal(err error) bool { return errors.Is(err, ErrInternal) }
