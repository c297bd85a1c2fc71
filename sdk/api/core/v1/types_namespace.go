package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Namespace is a scope for names. It is cluster-scoped; every namespaced
// object lives in one. Deleting a namespace deletes everything in it: the
// namespace turns Terminating, the namespace controller empties it and
// removes the "kubernetes" finalizer (through the finalize subresource), and
// the API server then deletes it.
type Namespace struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`

	// Spec holds the finalizers that must be removed before deletion.
	Spec NamespaceSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the lifecycle phase and conditions, set by the server.
	Status NamespaceStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// NamespaceList is a list of Namespaces.
type NamespaceList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Namespace `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// FinalizerName names a namespace finalizer (spec.finalizers).
type FinalizerName string

// FinalizerKubernetes is the finalizer every namespace gets on create; the
// namespace controller removes it once the namespace is empty.
const FinalizerKubernetes FinalizerName = "kubernetes"

// NamespaceSpec describes the attributes of a Namespace.
type NamespaceSpec struct {
	// Finalizers must all be removed (through the finalize subresource)
	// before the namespace is deleted from the store.
	Finalizers []FinalizerName `json:"finalizers,omitempty" protobuf:"bytes,1,rep,name=finalizers,casttype=FinalizerName"`
}

// NamespacePhase is the lifecycle phase of a namespace.
type NamespacePhase string

// Namespace phases.
const (
	// NamespaceActive means the namespace accepts new objects.
	NamespaceActive NamespacePhase = "Active"
	// NamespaceTerminating means the namespace is being deleted; it accepts
	// no new objects.
	NamespaceTerminating NamespacePhase = "Terminating"
)

// NamespaceTerminatingCause is the StatusCause type returned when an object
// is created in a terminating namespace.
const NamespaceTerminatingCause = "NamespaceTerminating"

// NamespaceStatus is the observed state of a Namespace.
type NamespaceStatus struct {
	// Phase is Active or Terminating.
	Phase NamespacePhase `json:"phase,omitempty" protobuf:"bytes,1,opt,name=phase,casttype=NamespacePhase"`
	// Conditions report the progress of a namespace's deletion.
	Conditions []NamespaceCondition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,2,rep,name=conditions"`
}

// NamespaceConditionType is the type of a namespace condition.
type NamespaceConditionType string

// Namespace condition types, set by the namespace controller during deletion.
const (
	// NamespaceDeletionDiscoveryFailure means discovery of the resources to delete failed.
	NamespaceDeletionDiscoveryFailure NamespaceConditionType = "NamespaceDeletionDiscoveryFailure"
	// NamespaceDeletionContentFailure means deleting some content failed.
	NamespaceDeletionContentFailure NamespaceConditionType = "NamespaceDeletionContentFailure"
	// NamespaceDeletionGVParsingFailure means a group version could not be parsed.
	NamespaceDeletionGVParsingFailure NamespaceConditionType = "NamespaceDeletionGroupVersionParsingFailure"
	// NamespaceContentRemaining means objects remain in the namespace.
	NamespaceContentRemaining NamespaceConditionType = "NamespaceContentRemaining"
	// NamespaceFinalizersRemaining means objects with finalizers remain.
	NamespaceFinalizersRemaining NamespaceConditionType = "NamespaceFinalizersRemaining"
)

// NamespaceCondition is one observed condition of a namespace.
type NamespaceCondition struct {
	Type   NamespaceConditionType `json:"type" protobuf:"bytes,1,opt,name=type,casttype=NamespaceConditionType"`
	Status ConditionStatus        `json:"status" protobuf:"bytes,2,opt,name=status,casttype=ConditionStatus"`
	// LastTransitionTime is when the status last changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty" protobuf:"bytes,4,opt,name=lastTransitionTime"`
	// Reason is a CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty" protobuf:"bytes,5,opt,name=reason"`
	// Message is a human-readable description of the last transition.
	Message string `json:"message,omitempty" protobuf:"bytes,6,opt,name=message"`
}

// Well-known namespaces.
const (
	// NamespaceDefault is the namespace of objects that name none.
	NamespaceDefault = "default"
	// NamespaceAll, in a request, means every namespace.
	NamespaceAll = ""
	// NamespaceSystem holds the cluster's own components.
	NamespaceSystem = "kube-system"
	// NamespacePublic is readable by everyone.
	NamespacePublic = "kube-public"
	// NamespaceNodeLease holds the node agents' heartbeat Leases.
	NamespaceNodeLease = "kube-node-lease"
)
