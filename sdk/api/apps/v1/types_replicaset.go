package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// ReplicaSet keeps a number of pod replicas running.
type ReplicaSet struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the desired behavior of the ReplicaSet.
	Spec ReplicaSetSpec `json:"spec,omitempty"`
	// Status is the most recently observed status of the ReplicaSet.
	Status ReplicaSetStatus `json:"status,omitempty"`
}

// ReplicaSetList is a list of ReplicaSets.
type ReplicaSetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []ReplicaSet `json:"items"`
}

// ReplicaSetSpec is the desired behavior of a ReplicaSet.
type ReplicaSetSpec struct {
	// Replicas is the number of desired pods; defaults to 1.
	Replicas *int32 `json:"replicas,omitempty"`
	// MinReadySeconds a new pod must be ready to count as available.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// Selector selects the pods; it must match the template's labels and is
	// immutable in apps/v1.
	Selector *meta.LabelSelector `json:"selector"`
	// Template describes the pods created when replicas are missing.
	Template corev1.PodTemplateSpec `json:"template,omitempty"`
}

// ReplicaSetStatus is the most recently observed status of a ReplicaSet.
type ReplicaSetStatus struct {
	// Replicas is the number of non-terminating pods.
	Replicas int32 `json:"replicas"`
	// FullyLabeledReplicas is the number of pods whose labels match the template's.
	FullyLabeledReplicas int32 `json:"fullyLabeledReplicas,omitempty"`
	// ReadyReplicas is the number of pods with a Ready condition.
	ReadyReplicas int32 `json:"readyReplicas,omitempty"`
	// AvailableReplicas is the number of pods ready for at least minReadySeconds.
	AvailableReplicas int32 `json:"availableReplicas,omitempty"`
	// ObservedGeneration is the generation observed by the controller.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// Conditions are the latest observations of the ReplicaSet's state.
	Conditions []ReplicaSetCondition `json:"conditions,omitempty"`
}

// ReplicaSetConditionType is the type of a ReplicaSetCondition.
type ReplicaSetConditionType string

// ReplicaSetReplicaFailure is added when a pod could not be created or deleted.
const ReplicaSetReplicaFailure ReplicaSetConditionType = "ReplicaFailure"

// ReplicaSetCondition describes the state of a ReplicaSet at a point in time.
type ReplicaSetCondition struct {
	Type ReplicaSetConditionType `json:"type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty"`
}
