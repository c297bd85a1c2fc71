package meta

import "encoding/json"

// UID is a unique identifier of an object, set by the server on create.
type UID string

// TypeMeta describes an individual object in an API response or request with
// strings representing the type of the object and its API schema version.
type TypeMeta struct {
	// Kind is the object's kind, in CamelCase ("Pod").
	Kind string `json:"kind,omitempty"`
	// APIVersion is "group/version", or "v1" for the core group.
	APIVersion string `json:"apiVersion,omitempty"`
}

// ObjectMeta is the metadata every persisted object has.
type ObjectMeta struct {
	// Name is unique within a namespace (or the cluster for cluster-scoped kinds).
	Name string `json:"name,omitempty"`
	// GenerateName is a prefix the server uses to generate a unique name when Name is empty.
	GenerateName string `json:"generateName,omitempty"`
	// Namespace of a namespaced object; empty for cluster-scoped kinds.
	Namespace string `json:"namespace,omitempty"`
	// SelfLink is deprecated and never set by Gantry; kept for wire compatibility.
	SelfLink string `json:"selfLink,omitempty"`
	// UID is set by the server on create and never changes.
	UID UID `json:"uid,omitempty"`
	// ResourceVersion is the store revision of the object's last write, opaque to clients.
	ResourceVersion string `json:"resourceVersion,omitempty"`
	// Generation is bumped by the server on every change of the desired state (spec).
	Generation int64 `json:"generation,omitempty"`
	// CreationTimestamp is set by the server on create.
	CreationTimestamp Time `json:"creationTimestamp,omitempty"`
	// DeletionTimestamp is set by the server when a graceful or finalized deletion starts.
	DeletionTimestamp *Time `json:"deletionTimestamp,omitempty"`
	// DeletionGracePeriodSeconds is the grace period of a pending deletion.
	DeletionGracePeriodSeconds *int64 `json:"deletionGracePeriodSeconds,omitempty"`
	// Labels are identifying key/value pairs that selectors match.
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are non-identifying key/value pairs.
	Annotations map[string]string `json:"annotations,omitempty"`
	// OwnerReferences list the objects this one depends on, for garbage collection.
	OwnerReferences []OwnerReference `json:"ownerReferences,omitempty"`
	// Finalizers must all be removed before the object is deleted from the store.
	Finalizers []string `json:"finalizers,omitempty"`
	// ManagedFields is accepted for compatibility with server-side apply clients;
	// Gantry stores it as given and does not compute it.
	ManagedFields []ManagedFieldsEntry `json:"managedFields,omitempty"`
}

// ManagedFieldsEntry records which manager owns which fields (server-side apply).
type ManagedFieldsEntry struct {
	Manager     string    `json:"manager,omitempty"`
	Operation   string    `json:"operation,omitempty"`
	APIVersion  string    `json:"apiVersion,omitempty"`
	Time        *Time     `json:"time,omitempty"`
	FieldsType  string    `json:"fieldsType,omitempty"`
	FieldsV1    *FieldsV1 `json:"fieldsV1,omitempty"`
	Subresource string    `json:"subresource,omitempty"`
}

// FieldsV1 is an opaque JSON description of a set of fields.
type FieldsV1 struct {
	Raw json.RawMessage `json:"-"`
}

// MarshalJSON writes the raw bytes, or null.
func (f FieldsV1) MarshalJSON() ([]byte, error) {
	if f.Raw == nil {
		return []byte("null"), nil
	}
	return f.Raw, nil
}

// UnmarshalJSON keeps a copy of the raw bytes.
func (f *FieldsV1) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		f.Raw = nil
		return nil
	}
	f.Raw = append(f.Raw[:0], b...)
	return nil
}

// OwnerReference points at an object that owns this one.
type OwnerReference struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	UID        UID    `json:"uid"`
	// Controller marks the managing controller; at most one reference has it.
	Controller *bool `json:"controller,omitempty"`
	// BlockOwnerDeletion makes foreground deletion of the owner wait for this object.
	BlockOwnerDeletion *bool `json:"blockOwnerDeletion,omitempty"`
}

// ListMeta is the metadata of a list response.
type ListMeta struct {
	SelfLink string `json:"selfLink,omitempty"`
	// ResourceVersion is the store revision the list was read at.
	ResourceVersion string `json:"resourceVersion,omitempty"`
	// Continue is the token for the next page, empty on the last page.
	Continue string `json:"continue,omitempty"`
	// RemainingItemCount estimates the items after this page, when known.
	RemainingItemCount *int64 `json:"remainingItemCount,omitempty"`
}

// LabelSelectorOperator is the operator of a LabelSelectorRequirement.
type LabelSelectorOperator string

// Label selector operators.
const (
	LabelSelectorOpIn           LabelSelectorOperator = "In"
	LabelSelectorOpNotIn        LabelSelectorOperator = "NotIn"
	LabelSelectorOpExists       LabelSelectorOperator = "Exists"
	LabelSelectorOpDoesNotExist LabelSelectorOperator = "DoesNotExist"
)

// LabelSelector is the structured form of a label query. The requirements of
// MatchLabels and MatchExpressions are ANDed. An empty selector matches
// everything; a nil one matches nothing.
type LabelSelector struct {
	MatchLabels      map[string]string          `json:"matchLabels,omitempty"`
	MatchExpressions []LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// LabelSelectorRequirement is one expression of a LabelSelector.
type LabelSelectorRequirement struct {
	Key      string                `json:"key"`
	Operator LabelSelectorOperator `json:"operator"`
	Values   []string              `json:"values,omitempty"`
}

// ConditionStatus is "True", "False" or "Unknown".
type ConditionStatus string

// Condition statuses.
const (
	ConditionTrue    ConditionStatus = "True"
	ConditionFalse   ConditionStatus = "False"
	ConditionUnknown ConditionStatus = "Unknown"
)

// Condition is the generic condition shape (meta/v1 Condition).
type Condition struct {
	Type               string          `json:"type"`
	Status             ConditionStatus `json:"status"`
	ObservedGeneration int64           `json:"observedGeneration,omitempty"`
	LastTransitionTime Time            `json:"lastTransitionTime"`
	Reason             string          `json:"reason"`
	Message            string          `json:"message"`
}

// Status values of a Status object.
const (
	StatusSuccess = "Success"
	StatusFailure = "Failure"
)

// Status is the result of an operation that returns no object, and the body
// of every error response.
type Status struct {
	TypeMeta `json:",inline"`
	ListMeta `json:"metadata,omitempty"`
	// Status is "Success" or "Failure".
	Status string `json:"status,omitempty"`
	// Message is a human-readable description.
	Message string `json:"message,omitempty"`
	// Reason is a machine-readable description of why the operation failed.
	Reason StatusReason `json:"reason,omitempty"`
	// Details carries reason-specific data.
	Details *StatusDetails `json:"details,omitempty"`
	// Code is the HTTP status code.
	Code int32 `json:"code,omitempty"`
}

// StatusDetails names the object a Status is about and lists its causes.
type StatusDetails struct {
	Name              string        `json:"name,omitempty"`
	Group             string        `json:"group,omitempty"`
	Kind              string        `json:"kind,omitempty"`
	UID               UID           `json:"uid,omitempty"`
	Causes            []StatusCause `json:"causes,omitempty"`
	RetryAfterSeconds int32         `json:"retryAfterSeconds,omitempty"`
}

// StatusReason is a machine-readable reason of a failed operation.
type StatusReason string

// Status reasons, as in Kubernetes.
const (
	StatusReasonUnknown               StatusReason = ""
	StatusReasonUnauthorized          StatusReason = "Unauthorized"
	StatusReasonForbidden             StatusReason = "Forbidden"
	StatusReasonNotFound              StatusReason = "NotFound"
	StatusReasonAlreadyExists         StatusReason = "AlreadyExists"
	StatusReasonConflict              StatusReason = "Conflict"
	StatusReasonGone                  StatusReason = "Gone"
	StatusReasonInvalid               StatusReason = "Invalid"
	StatusReasonServerTimeout         StatusReason = "ServerTimeout"
	StatusReasonTimeout               StatusReason = "Timeout"
	StatusReasonTooManyRequests       StatusReason = "TooManyRequests"
	StatusReasonBadRequest            StatusReason = "BadRequest"
	StatusReasonMethodNotAllowed      StatusReason = "MethodNotAllowed"
	StatusReasonNotAcceptable         StatusReason = "NotAcceptable"
	StatusReasonRequestEntityTooLarge StatusReason = "RequestEntityTooLarge"
	StatusReasonUnsupportedMediaType  StatusReason = "UnsupportedMediaType"
	StatusReasonInternalError         StatusReason = "InternalError"
	StatusReasonExpired               StatusReason = "Expired"
	StatusReasonServiceUnavailable    StatusReason = "ServiceUnavailable"
)

// CauseType is the machine-readable type of a StatusCause.
type CauseType string

// Cause types, as in Kubernetes.
const (
	CauseTypeFieldValueNotFound       CauseType = "FieldValueNotFound"
	CauseTypeFieldValueRequired       CauseType = "FieldValueRequired"
	CauseTypeFieldValueDuplicate      CauseType = "FieldValueDuplicate"
	CauseTypeFieldValueInvalid        CauseType = "FieldValueInvalid"
	CauseTypeFieldValueNotSupported   CauseType = "FieldValueNotSupported"
	CauseTypeFieldValueForbidden      CauseType = "FieldValueForbidden"
	CauseTypeFieldValueTooLong        CauseType = "FieldValueTooLong"
	CauseTypeFieldValueTooMany        CauseType = "FieldValueTooMany"
	CauseTypeInternal                 CauseType = "InternalError"
	CauseTypeTypeInvalid              CauseType = "FieldValueTypeInvalid"
	CauseTypeUnexpectedServerResponse CauseType = "UnexpectedServerResponse"
	CauseTypeFieldManagerConflict     CauseType = "FieldManagerConflict"
	CauseTypeResourceVersionTooLarge  CauseType = "ResourceVersionTooLarge"
)

// StatusCause is one cause of a failure, usually one invalid field.
type StatusCause struct {
	Type    CauseType `json:"reason,omitempty"`
	Message string    `json:"message,omitempty"`
	Field   string    `json:"field,omitempty"`
}
