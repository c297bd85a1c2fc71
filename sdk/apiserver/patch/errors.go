package patch

import (
	"fmt"
	"strings"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// patchError is the error every function of the package returns. It unwraps
// to one or more classes of sdk/api/errors, so errors.Is(err,
// apierrors.ErrBadRequest) and apierrors.ToStatus work on it; its message
// is the one the client sees.
type patchError struct {
	classes []error
	msg     string
	// path locates a strategic merge patch error in the document, innermost
	// segment first ("env", "[name=app]", "containers", "spec").
	path []string
}

func (e *patchError) Error() string {
	if len(e.path) == 0 {
		return e.msg
	}
	var b strings.Builder
	for i := len(e.path) - 1; i >= 0; i-- {
		seg := e.path[i]
		if b.Len() > 0 && !strings.HasPrefix(seg, "[") {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	b.WriteString(": ")
	b.WriteString(e.msg)
	return b.String()
}

// Unwrap returns the error classes.
func (e *patchError) Unwrap() []error { return e.classes }

func newError(class *apierrors.Class, format string, args ...any) *patchError {
	return &patchError{classes: []error{class}, msg: fmt.Sprintf(format, args...)}
}

// badRequest is a malformed patch (400).
func badRequest(format string, args ...any) *patchError {
	return newError(apierrors.ErrBadRequest, format, args...)
}

// invalid is a well-formed patch that does not apply to the document (422),
// as Kubernetes answers a failed JSON Patch operation.
func invalid(format string, args ...any) *patchError {
	return newError(apierrors.ErrInvalid, format, args...)
}

// internal is a fault of the server's side: a stored document that is not
// JSON, or a schema that is wrong (500).
func internal(format string, args ...any) *patchError {
	return newError(apierrors.ErrInternal, format, args...)
}

// at records that err happened under the path segment seg.
func at(err error, seg string) error {
	if pe, ok := err.(*patchError); ok {
		pe.path = append(pe.path, seg)
	}
	return err
}

// StrategicMergeNotSupported returns the error for a strategic merge patch
// of a kind that has no Schema, such as a product's custom kind served as
// raw JSON. Kubernetes refuses strategic merge patches of custom resources
// the same way, and kubectl then falls back to a JSON merge patch. The error
// is of classes apierrors.ErrUnsupportedMedia (415 on the wire) and
// apierrors.ErrNotSupported. kind names the kind in the message; "" reads
// "this kind".
func StrategicMergeNotSupported(kind string) error {
	if kind == "" {
		kind = "this kind"
	}
	return &patchError{
		classes: []error{apierrors.ErrUnsupportedMedia, apierrors.ErrNotSupported},
		msg:     fmt.Sprintf("strategic merge patch is not supported for %s; use merge or json patch", kind),
	}
}

// Messages of the strategic merge patch format errors, as Kubernetes words
// them (k8s.io/apimachinery/pkg/util/mergepatch).
const (
	msgBadPrimitiveList  = "invalid patch format of primitive list"
	msgBadRetainKeys     = "invalid patch format of retainKeys"
	msgBadSetElementList = "invalid patch format of setElementOrder list"
	msgNoListOfLists     = "lists of lists are not supported"
)
