package admissiontest

import (
	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Attributes returns the attributes the API server builds for a request of
// op on resource gvr, of the given kind (in gvr's group and version), with
// Namespace and Name taken from obj (or from old, for deletes).
func Attributes(op admission.Operation, gvr meta.GroupVersionResource, kind string, obj, old meta.Object) *admission.Attributes {
	a := &admission.Attributes{
		Operation: op,
		Resource:  gvr,
		Kind:      meta.GroupVersionKind{Group: gvr.Group, Version: gvr.Version, Kind: kind},
		Object:    obj,
		OldObject: old,
	}
	src := obj
	if src == nil {
		src = old
	}
	if src != nil {
		m := src.GetObjectMeta()
		a.Namespace, a.Name = m.Namespace, m.Name
	}
	return a
}

// Create returns the attributes of a create of obj (of kind, resource gvr).
func Create(gvr meta.GroupVersionResource, kind string, obj meta.Object) *admission.Attributes {
	return Attributes(admission.Create, gvr, kind, obj, nil)
}

// Update returns the attributes of an update of old to obj.
func Update(gvr meta.GroupVersionResource, kind string, obj, old meta.Object) *admission.Attributes {
	return Attributes(admission.Update, gvr, kind, obj, old)
}

// Delete returns the attributes of a delete of old.
func Delete(gvr meta.GroupVersionResource, kind string, old meta.Object) *admission.Attributes {
	return Attributes(admission.Delete, gvr, kind, nil, old)
}

// Outcome is what a client sees of an admission error: the Status code,
// reason and message. The zero Outcome means the request was admitted.
type Outcome struct {
	Code    int32
	Reason  meta.StatusReason
	Message string
}

// OutcomeOf returns the Outcome of err as the API server would report it
// (apierrors.ToStatus); nil gives the zero Outcome.
func OutcomeOf(err error) Outcome {
	if err == nil {
		return Outcome{}
	}
	s := apierrors.ToStatus(err)
	return Outcome{Code: s.Code, Reason: s.Reason, Message: s.Message}
}

// Forbidden returns the Outcome of a 403 with message msg.
func Forbidden(msg string) Outcome {
	return Outcome{Code: 403, Reason: meta.StatusReasonForbidden, Message: msg}
}
