package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Labels and annotations the deployment controller sets and reads.
const (
	// DefaultDeploymentUniqueLabelKey is the label the deployment controller
	// adds to the selector, template and pods of each of its ReplicaSets,
	// with the hash of the pod template as value, so that ReplicaSets of one
	// Deployment never select each other's pods.
	DefaultDeploymentUniqueLabelKey = "pod-template-hash"

	// RevisionAnnotation holds the revision number of a ReplicaSet (and of
	// its Deployment: the revision of its newest ReplicaSet).
	RevisionAnnotation = "deployment.kubernetes.io/revision"
	// RevisionHistoryAnnotation lists the earlier revisions a ReplicaSet had,
	// comma-separated, when a rollback reused it.
	RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
	// DesiredReplicasAnnotation holds the Deployment's desired replicas, on
	// each of its ReplicaSets, for proportional scaling.
	DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
	// MaxReplicasAnnotation holds the Deployment's replicas plus maxSurge,
	// on each of its ReplicaSets, for proportional scaling.
	MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
	// ChangeCauseAnnotation records the command that caused a revision
	// (kubectl rollout history shows it).
	ChangeCauseAnnotation = "kubernetes.io/change-cause"
	// DeprecatedRollbackTo is the annotation that carried a rollback request
	// in the removed extensions/v1beta1 API; kept for reference.
	DeprecatedRollbackTo = "deprecated.deployment.rollback.to"
)

// Reasons of Deployment conditions, as the Kubernetes deployment controller
// sets them.
const (
	// ReplicaSetUpdatedReason (Progressing=True): a ReplicaSet was scaled or updated.
	ReplicaSetUpdatedReason = "ReplicaSetUpdated"
	// FailedRSCreateReason (ReplicaFailure=True): creating a ReplicaSet failed.
	FailedRSCreateReason = "ReplicaSetCreateError"
	// NewReplicaSetReason (Progressing=True): a new ReplicaSet was created.
	NewReplicaSetReason = "NewReplicaSetCreated"
	// FoundNewRSReason (Progressing=True): an existing ReplicaSet matching the template was adopted.
	FoundNewRSReason = "FoundNewReplicaSet"
	// NewRSAvailableReason (Progressing=True): the rollout is complete.
	NewRSAvailableReason = "NewReplicaSetAvailable"
	// TimedOutReason (Progressing=False): progressDeadlineSeconds passed without progress.
	TimedOutReason = "ProgressDeadlineExceeded"
	// PausedDeployReason (Progressing=Unknown): the Deployment is paused.
	PausedDeployReason = "DeploymentPaused"
	// ResumedDeployReason (Progressing=Unknown): the Deployment was resumed.
	ResumedDeployReason = "DeploymentResumed"
	// MinimumReplicasAvailable (Available=True): at least replicas-maxUnavailable pods are available.
	MinimumReplicasAvailable = "MinimumReplicasAvailable"
	// MinimumReplicasUnavailable (Available=False): fewer than replicas-maxUnavailable pods are available.
	MinimumReplicasUnavailable = "MinimumReplicasUnavailable"
)

// Deployment enables declarative updates for Pods and ReplicaSets.
type Deployment struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Spec is the desired behavior of the Deployment.
	Spec DeploymentSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the most recently observed status of the Deployment.
	Status DeploymentStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// DeploymentList is a list of Deployments.
type DeploymentList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Deployment `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// DeploymentSpec is the desired behavior of a Deployment.
type DeploymentSpec struct {
	// Replicas is the number of desired pods; defaults to 1.
	Replicas *int32 `json:"replicas,omitempty" protobuf:"varint,1,opt,name=replicas"`
	// Selector selects the pods of the Deployment; it must match the
	// template's labels and is immutable in apps/v1.
	Selector *meta.LabelSelector `json:"selector" protobuf:"bytes,2,opt,name=selector"`
	// Template describes the pods; its restartPolicy must be Always.
	Template corev1.PodTemplateSpec `json:"template" protobuf:"bytes,3,opt,name=template"`
	// Strategy replaces old pods by new ones; defaults to RollingUpdate 25%/25%.
	Strategy DeploymentStrategy `json:"strategy,omitempty" patchStrategy:"retainKeys" protobuf:"bytes,4,opt,name=strategy"`
	// MinReadySeconds a new pod must be ready, with no container crashing,
	// to count as available. Defaults to 0.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty" protobuf:"varint,5,opt,name=minReadySeconds"`
	// RevisionHistoryLimit is the number of old ReplicaSets kept for
	// rollback; defaults to 10.
	RevisionHistoryLimit *int32 `json:"revisionHistoryLimit,omitempty" protobuf:"varint,6,opt,name=revisionHistoryLimit"`
	// Paused stops the controller from rolling out template changes.
	Paused bool `json:"paused,omitempty" protobuf:"varint,7,opt,name=paused"`
	// ProgressDeadlineSeconds after which a rollout that made no progress is
	// reported as failed (Progressing=False, ProgressDeadlineExceeded);
	// defaults to 600.
	ProgressDeadlineSeconds *int32 `json:"progressDeadlineSeconds,omitempty" protobuf:"varint,9,opt,name=progressDeadlineSeconds"`
}

// DeploymentStrategyType is the type of a DeploymentStrategy.
type DeploymentStrategyType string

// Deployment strategy types.
const (
	// RecreateDeploymentStrategyType kills all existing pods before creating new ones.
	RecreateDeploymentStrategyType DeploymentStrategyType = "Recreate"
	// RollingUpdateDeploymentStrategyType gradually scales the old
	// ReplicaSets down and the new one up.
	RollingUpdateDeploymentStrategyType DeploymentStrategyType = "RollingUpdate"
)

// DeploymentStrategy describes how to replace existing pods with new ones.
type DeploymentStrategy struct {
	// Type is Recreate or RollingUpdate (the default).
	Type DeploymentStrategyType `json:"type,omitempty" protobuf:"bytes,1,opt,name=type,casttype=DeploymentStrategyType"`
	// RollingUpdate holds the parameters of a RollingUpdate; only with that type.
	RollingUpdate *RollingUpdateDeployment `json:"rollingUpdate,omitempty" protobuf:"bytes,2,opt,name=rollingUpdate"`
}

// RollingUpdateDeployment holds the parameters of a rolling update.
type RollingUpdateDeployment struct {
	// MaxUnavailable is how many pods (or what percentage, rounded down) may
	// be unavailable during the update; defaults to 25%. It may not be 0
	// when MaxSurge is 0.
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty" protobuf:"bytes,1,opt,name=maxUnavailable"`
	// MaxSurge is how many pods (or what percentage, rounded up) may be
	// created above the desired replicas; defaults to 25%.
	MaxSurge *intstr.IntOrString `json:"maxSurge,omitempty" protobuf:"bytes,2,opt,name=maxSurge"`
}

// DeploymentStatus is the most recently observed status of a Deployment.
type DeploymentStatus struct {
	// ObservedGeneration is the generation observed by the controller.
	ObservedGeneration int64 `json:"observedGeneration,omitempty" protobuf:"varint,1,opt,name=observedGeneration"`
	// Replicas is the number of non-terminating pods targeted by the Deployment.
	Replicas int32 `json:"replicas,omitempty" protobuf:"varint,2,opt,name=replicas"`
	// UpdatedReplicas is the number of those pods that have the desired template.
	UpdatedReplicas int32 `json:"updatedReplicas,omitempty" protobuf:"varint,3,opt,name=updatedReplicas"`
	// ReadyReplicas is the number of those pods with a Ready condition.
	ReadyReplicas int32 `json:"readyReplicas,omitempty" protobuf:"varint,7,opt,name=readyReplicas"`
	// AvailableReplicas is the number of those pods ready for at least minReadySeconds.
	AvailableReplicas int32 `json:"availableReplicas,omitempty" protobuf:"varint,4,opt,name=availableReplicas"`
	// UnavailableReplicas is the number of pods still needed for 100% availability.
	UnavailableReplicas int32 `json:"unavailableReplicas,omitempty" protobuf:"varint,5,opt,name=unavailableReplicas"`
	// Conditions are the latest observations of the Deployment's state.
	Conditions []DeploymentCondition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,6,rep,name=conditions"`
	// CollisionCount counts hash collisions of the template hash; the
	// controller uses it to name the newest ReplicaSet.
	CollisionCount *int32 `json:"collisionCount,omitempty" protobuf:"varint,8,opt,name=collisionCount"`
}

// DeploymentConditionType is the type of a DeploymentCondition.
type DeploymentConditionType string

// Deployment condition types.
const (
	// DeploymentAvailable means at least the minimum available replicas are up.
	DeploymentAvailable DeploymentConditionType = "Available"
	// DeploymentProgressing means a rollout is progressing (or done, with reason NewReplicaSetAvailable).
	DeploymentProgressing DeploymentConditionType = "Progressing"
	// DeploymentReplicaFailure means a pod or ReplicaSet could not be created or deleted.
	DeploymentReplicaFailure DeploymentConditionType = "ReplicaFailure"
)

// DeploymentCondition describes the state of a Deployment at a point in time.
type DeploymentCondition struct {
	Type DeploymentConditionType `json:"type" protobuf:"bytes,1,opt,name=type,casttype=DeploymentConditionType"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status" protobuf:"bytes,2,opt,name=status,casttype=k8s.io/api/core/v1.ConditionStatus"`
	// LastUpdateTime is the last time the condition was updated.
	LastUpdateTime meta.Time `json:"lastUpdateTime,omitempty" protobuf:"bytes,6,opt,name=lastUpdateTime"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty" protobuf:"bytes,7,opt,name=lastTransitionTime"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty" protobuf:"bytes,4,opt,name=reason"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty" protobuf:"bytes,5,opt,name=message"`
}
