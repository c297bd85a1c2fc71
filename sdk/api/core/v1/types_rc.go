package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// ReplicationController keeps a number of pod replicas running; it is the
// predecessor of ReplicaSet, with an equality-based selector.
type ReplicationController struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            ReplicationControllerSpec   `json:"spec,omitempty"`
	Status          ReplicationControllerStatus `json:"status,omitempty"`
}

// ReplicationControllerList is a list of ReplicationControllers.
type ReplicationControllerList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []ReplicationController `json:"items"`
}

// ReplicationControllerSpec is the desired state of a ReplicationController.
type ReplicationControllerSpec struct {
	// Replicas defaults to 1.
	Replicas *int32 `json:"replicas,omitempty"`
	// MinReadySeconds a pod must be ready to count as available.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// Selector defaults to the template's labels.
	Selector map[string]string `json:"selector,omitempty"`
	// Template of the pods to create.
	Template *PodTemplateSpec `json:"template,omitempty"`
}

// ReplicationControllerStatus is the observed state of a ReplicationController.
type ReplicationControllerStatus struct {
	Replicas             int32                            `json:"replicas"`
	FullyLabeledReplicas int32                            `json:"fullyLabeledReplicas,omitempty"`
	ReadyReplicas        int32                            `json:"readyReplicas,omitempty"`
	AvailableReplicas    int32                            `json:"availableReplicas,omitempty"`
	ObservedGeneration   int64                            `json:"observedGeneration,omitempty"`
	Conditions           []ReplicationControllerCondition `json:"conditions,omitempty"`
}

// ReplicationControllerConditionType is the type of a ReplicationController condition.
type ReplicationControllerConditionType string

// ReplicationControllerReplicaFailure is set when pods could not be created or deleted.
const ReplicationControllerReplicaFailure ReplicationControllerConditionType = "ReplicaFailure"

// ReplicationControllerCondition is one condition of a ReplicationController.
type ReplicationControllerCondition struct {
	Type               ReplicationControllerConditionType `json:"type"`
	Status             ConditionStatus                    `json:"status"`
	LastTransitionTime meta.Time                          `json:"lastTransitionTime,omitempty"`
	Reason             string                             `json:"reason,omitempty"`
	Message            string                             `json:"message,omitempty"`
}
