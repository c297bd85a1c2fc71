package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Labels and annotations shared by the DaemonSet and StatefulSet controllers.
const (
	// ControllerRevisionHashLabelKey labels the pods (and ControllerRevisions)
	// of a DaemonSet or StatefulSet with the hash of their revision.
	ControllerRevisionHashLabelKey = "controller-revision-hash"
	// DefaultDaemonSetUniqueLabelKey is the label that tells DaemonSet pods
	// of different revisions apart.
	DefaultDaemonSetUniqueLabelKey = ControllerRevisionHashLabelKey
	// DeprecatedTemplateGeneration is the annotation in which apps/v1
	// carries the DaemonSet's template generation: set to 1 on create and
	// incremented by the server whenever spec.template changes.
	DeprecatedTemplateGeneration = "deprecated.daemonset.template.generation"
)

// DaemonSet runs a copy of a pod on every (selected) node.
type DaemonSet struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Spec is the desired behavior of the DaemonSet.
	Spec DaemonSetSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the most recently observed status of the DaemonSet.
	Status DaemonSetStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// DaemonSetList is a list of DaemonSets.
type DaemonSetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []DaemonSet `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// DaemonSetSpec is the desired behavior of a DaemonSet.
type DaemonSetSpec struct {
	// Selector selects the pods; it must match the template's labels and is
	// immutable in apps/v1.
	Selector *meta.LabelSelector `json:"selector" protobuf:"bytes,1,opt,name=selector"`
	// Template describes the pod run on each node; its restartPolicy must be Always.
	Template corev1.PodTemplateSpec `json:"template" protobuf:"bytes,2,opt,name=template"`
	// UpdateStrategy replaces old pods by new ones; defaults to RollingUpdate
	// with maxUnavailable 1 and maxSurge 0.
	UpdateStrategy DaemonSetUpdateStrategy `json:"updateStrategy,omitempty" protobuf:"bytes,3,opt,name=updateStrategy"`
	// MinReadySeconds a new pod must be ready to count as available.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty" protobuf:"varint,4,opt,name=minReadySeconds"`
	// RevisionHistoryLimit is the number of old ControllerRevisions kept;
	// defaults to 10.
	RevisionHistoryLimit *int32 `json:"revisionHistoryLimit,omitempty" protobuf:"varint,6,opt,name=revisionHistoryLimit"`
}

// DaemonSetUpdateStrategyType is the type of a DaemonSetUpdateStrategy.
type DaemonSetUpdateStrategyType string

// DaemonSet update strategy types.
const (
	// RollingUpdateDaemonSetStrategyType replaces pods node by node.
	RollingUpdateDaemonSetStrategyType DaemonSetUpdateStrategyType = "RollingUpdate"
	// OnDeleteDaemonSetStrategyType replaces a pod only when it is deleted.
	OnDeleteDaemonSetStrategyType DaemonSetUpdateStrategyType = "OnDelete"
)

// DaemonSetUpdateStrategy controls how a DaemonSet replaces its pods.
type DaemonSetUpdateStrategy struct {
	// Type is RollingUpdate (the default) or OnDelete.
	Type DaemonSetUpdateStrategyType `json:"type,omitempty" protobuf:"bytes,1,opt,name=type"`
	// RollingUpdate holds the parameters of a RollingUpdate; only with that type.
	RollingUpdate *RollingUpdateDaemonSet `json:"rollingUpdate,omitempty" protobuf:"bytes,2,opt,name=rollingUpdate"`
}

// RollingUpdateDaemonSet holds the parameters of a DaemonSet rolling update.
type RollingUpdateDaemonSet struct {
	// MaxUnavailable is how many nodes (or what percentage, rounded up) may
	// have their pod unavailable during the update; defaults to 1.
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty" protobuf:"bytes,1,opt,name=maxUnavailable"`
	// MaxSurge is how many nodes (or what percentage) may run an updated pod
	// beside the old one; defaults to 0. Exactly one of the two is non-zero.
	MaxSurge *intstr.IntOrString `json:"maxSurge,omitempty" protobuf:"bytes,2,opt,name=maxSurge"`
}

// DaemonSetStatus is the most recently observed status of a DaemonSet.
type DaemonSetStatus struct {
	// CurrentNumberScheduled is the number of nodes running at least one
	// daemon pod that are supposed to.
	CurrentNumberScheduled int32 `json:"currentNumberScheduled" protobuf:"varint,1,opt,name=currentNumberScheduled"`
	// NumberMisscheduled is the number of nodes running a daemon pod that
	// are not supposed to.
	NumberMisscheduled int32 `json:"numberMisscheduled" protobuf:"varint,2,opt,name=numberMisscheduled"`
	// DesiredNumberScheduled is the number of nodes that should run the daemon pod.
	DesiredNumberScheduled int32 `json:"desiredNumberScheduled" protobuf:"varint,3,opt,name=desiredNumberScheduled"`
	// NumberReady is the number of those nodes with a Ready daemon pod.
	NumberReady int32 `json:"numberReady" protobuf:"varint,4,opt,name=numberReady"`
	// ObservedGeneration is the generation observed by the controller.
	ObservedGeneration int64 `json:"observedGeneration,omitempty" protobuf:"varint,5,opt,name=observedGeneration"`
	// UpdatedNumberScheduled is the number of nodes running the updated daemon pod.
	UpdatedNumberScheduled int32 `json:"updatedNumberScheduled,omitempty" protobuf:"varint,6,opt,name=updatedNumberScheduled"`
	// NumberAvailable is the number of nodes with an available daemon pod.
	NumberAvailable int32 `json:"numberAvailable,omitempty" protobuf:"varint,7,opt,name=numberAvailable"`
	// NumberUnavailable is the number of nodes without an available daemon pod.
	NumberUnavailable int32 `json:"numberUnavailable,omitempty" protobuf:"varint,8,opt,name=numberUnavailable"`
	// CollisionCount counts hash collisions of ControllerRevision names.
	CollisionCount *int32 `json:"collisionCount,omitempty" protobuf:"varint,9,opt,name=collisionCount"`
	// Conditions are the latest observations of the DaemonSet's state.
	Conditions []DaemonSetCondition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,10,rep,name=conditions"`
}

// DaemonSetConditionType is the type of a DaemonSetCondition.
type DaemonSetConditionType string

// DaemonSetCondition describes the state of a DaemonSet at a point in time.
type DaemonSetCondition struct {
	Type DaemonSetConditionType `json:"type" protobuf:"bytes,1,opt,name=type,casttype=DaemonSetConditionType"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status" protobuf:"bytes,2,opt,name=status,casttype=k8s.io/api/core/v1.ConditionStatus"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty" protobuf:"bytes,3,opt,name=lastTransitionTime"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty" protobuf:"bytes,4,opt,name=reason"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty" protobuf:"bytes,5,opt,name=message"`
}
