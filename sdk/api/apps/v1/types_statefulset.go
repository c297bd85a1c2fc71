package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Labels the StatefulSet controller sets on its pods.
const (
	// StatefulSetRevisionLabel labels each pod with the revision it was made from.
	StatefulSetRevisionLabel = ControllerRevisionHashLabelKey
	// StatefulSetPodNameLabel labels each pod with its own name, so that a
	// Service can select one replica.
	StatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name"
	// PodIndexLabel labels each pod with its ordinal.
	PodIndexLabel = "apps.kubernetes.io/pod-index"
)

// StatefulSet manages pods with stable identities: pod-0, pod-1, ... each
// with a stable hostname and its own volume claims.
type StatefulSet struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the desired identities of the pods.
	Spec StatefulSetSpec `json:"spec,omitempty"`
	// Status is the most recently observed status of the StatefulSet.
	Status StatefulSetStatus `json:"status,omitempty"`
}

// StatefulSetList is a list of StatefulSets.
type StatefulSetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []StatefulSet `json:"items"`
}

// PodManagementPolicyType says how a StatefulSet creates and deletes pods.
type PodManagementPolicyType string

// Pod management policies.
const (
	// OrderedReadyPodManagement creates pods in increasing ordinal order,
	// each after the previous one is ready, and deletes them in reverse.
	OrderedReadyPodManagement PodManagementPolicyType = "OrderedReady"
	// ParallelPodManagement creates and deletes pods all at once.
	ParallelPodManagement PodManagementPolicyType = "Parallel"
)

// StatefulSetUpdateStrategyType is the type of a StatefulSetUpdateStrategy.
type StatefulSetUpdateStrategyType string

// StatefulSet update strategy types.
const (
	// RollingUpdateStatefulSetStrategyType replaces pods from the highest ordinal down.
	RollingUpdateStatefulSetStrategyType StatefulSetUpdateStrategyType = "RollingUpdate"
	// OnDeleteStatefulSetStrategyType replaces a pod only when it is deleted.
	OnDeleteStatefulSetStrategyType StatefulSetUpdateStrategyType = "OnDelete"
)

// StatefulSetUpdateStrategy controls how a StatefulSet replaces its pods.
type StatefulSetUpdateStrategy struct {
	// Type is RollingUpdate (the default) or OnDelete.
	Type StatefulSetUpdateStrategyType `json:"type,omitempty"`
	// RollingUpdate holds the parameters of a RollingUpdate.
	RollingUpdate *RollingUpdateStatefulSetStrategy `json:"rollingUpdate,omitempty"`
}

// RollingUpdateStatefulSetStrategy holds the parameters of a StatefulSet rolling update.
type RollingUpdateStatefulSetStrategy struct {
	// Partition: only pods with an ordinal >= Partition are updated; defaults to 0.
	Partition *int32 `json:"partition,omitempty"`
	// MaxUnavailable is how many pods may be unavailable during the update
	// (alpha in Kubernetes; accepted, not defaulted). It may not be 0.
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
}

// PersistentVolumeClaimRetentionPolicyType says what happens to the claims
// made from volumeClaimTemplates.
type PersistentVolumeClaimRetentionPolicyType string

// Claim retention policies.
const (
	// RetainPersistentVolumeClaimRetentionPolicyType keeps the claims (the default).
	RetainPersistentVolumeClaimRetentionPolicyType PersistentVolumeClaimRetentionPolicyType = "Retain"
	// DeletePersistentVolumeClaimRetentionPolicyType deletes them.
	DeletePersistentVolumeClaimRetentionPolicyType PersistentVolumeClaimRetentionPolicyType = "Delete"
)

// StatefulSetPersistentVolumeClaimRetentionPolicy says what happens to the
// claims of a StatefulSet's pods when it is deleted or scaled down.
type StatefulSetPersistentVolumeClaimRetentionPolicy struct {
	// WhenDeleted applies when the StatefulSet is deleted; defaults to Retain.
	WhenDeleted PersistentVolumeClaimRetentionPolicyType `json:"whenDeleted,omitempty"`
	// WhenScaled applies to the claims of pods removed by a scale-down; defaults to Retain.
	WhenScaled PersistentVolumeClaimRetentionPolicyType `json:"whenScaled,omitempty"`
}

// StatefulSetOrdinals sets the numbering of a StatefulSet's replicas.
type StatefulSetOrdinals struct {
	// Start is the ordinal of the first replica; replicas are numbered
	// [start, start+replicas). Defaults to 0.
	Start int32 `json:"start"`
}

// StatefulSetSpec is the desired behavior of a StatefulSet.
type StatefulSetSpec struct {
	// Replicas is the number of desired pods; defaults to 1.
	Replicas *int32 `json:"replicas,omitempty"`
	// Selector selects the pods; it must match the template's labels and is
	// immutable.
	Selector *meta.LabelSelector `json:"selector"`
	// Template describes the pods; pod i is named "<name>-<i>". Its
	// restartPolicy must be Always.
	Template corev1.PodTemplateSpec `json:"template"`
	// VolumeClaimTemplates are the claims each pod gets, mounted by name.
	VolumeClaimTemplates []PersistentVolumeClaimTemplate `json:"volumeClaimTemplates,omitempty"`
	// ServiceName is the governing (headless) Service that gives the pods
	// their DNS names.
	ServiceName string `json:"serviceName"`
	// PodManagementPolicy is OrderedReady (the default) or Parallel.
	PodManagementPolicy PodManagementPolicyType `json:"podManagementPolicy,omitempty"`
	// UpdateStrategy replaces pods when the template changes; defaults to
	// RollingUpdate with partition 0.
	UpdateStrategy StatefulSetUpdateStrategy `json:"updateStrategy,omitempty"`
	// RevisionHistoryLimit is the number of old ControllerRevisions kept;
	// defaults to 10.
	RevisionHistoryLimit *int32 `json:"revisionHistoryLimit,omitempty"`
	// MinReadySeconds a new pod must be ready to count as available.
	MinReadySeconds int32 `json:"minReadySeconds,omitempty"`
	// PersistentVolumeClaimRetentionPolicy says what happens to the claims;
	// defaults to Retain for both cases.
	PersistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy `json:"persistentVolumeClaimRetentionPolicy,omitempty"`
	// Ordinals sets the numbering of the replicas.
	Ordinals *StatefulSetOrdinals `json:"ordinals,omitempty"`
}

// StatefulSetStatus is the most recently observed status of a StatefulSet.
type StatefulSetStatus struct {
	// ObservedGeneration is the generation observed by the controller.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
	// Replicas is the number of pods created by the controller.
	Replicas int32 `json:"replicas"`
	// ReadyReplicas is the number of pods with a Ready condition.
	ReadyReplicas int32 `json:"readyReplicas,omitempty"`
	// CurrentReplicas is the number of pods at currentRevision.
	CurrentReplicas int32 `json:"currentReplicas,omitempty"`
	// UpdatedReplicas is the number of pods at updateRevision.
	UpdatedReplicas int32 `json:"updatedReplicas,omitempty"`
	// CurrentRevision is the revision of the pods [0, currentReplicas).
	CurrentRevision string `json:"currentRevision,omitempty"`
	// UpdateRevision is the revision of the pods [replicas-updatedReplicas, replicas).
	UpdateRevision string `json:"updateRevision,omitempty"`
	// CollisionCount counts hash collisions of ControllerRevision names.
	CollisionCount *int32 `json:"collisionCount,omitempty"`
	// Conditions are the latest observations of the StatefulSet's state.
	Conditions []StatefulSetCondition `json:"conditions,omitempty"`
	// AvailableReplicas is the number of pods ready for at least minReadySeconds.
	AvailableReplicas int32 `json:"availableReplicas"`
}

// StatefulSetConditionType is the type of a StatefulSetCondition.
type StatefulSetConditionType string

// StatefulSetCondition describes the state of a StatefulSet at a point in time.
type StatefulSetCondition struct {
	Type StatefulSetConditionType `json:"type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty"`
}

// PersistentVolumeClaimTemplate is one entry of spec.volumeClaimTemplates:
// a PersistentVolumeClaim in the JSON shape of Kubernetes' core/v1
// PersistentVolumeClaim (apiVersion and kind may be given, as charts often
// do). Gantry has no PersistentVolumeClaim kind yet, so the shape is kept
// here; the StatefulSet controller can only honour claims a volume plugin
// provides.
type PersistentVolumeClaimTemplate struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	// Spec is the desired claim.
	Spec PersistentVolumeClaimSpec `json:"spec,omitempty"`
	// Status is meaningless in a template; the server defaults its phase to
	// Pending, as Kubernetes does.
	Status PersistentVolumeClaimStatus `json:"status,omitempty"`
}

// PersistentVolumeAccessMode says how a volume can be mounted.
type PersistentVolumeAccessMode string

// Access modes.
const (
	ReadWriteOnce    PersistentVolumeAccessMode = "ReadWriteOnce"
	ReadOnlyMany     PersistentVolumeAccessMode = "ReadOnlyMany"
	ReadWriteMany    PersistentVolumeAccessMode = "ReadWriteMany"
	ReadWriteOncePod PersistentVolumeAccessMode = "ReadWriteOncePod"
)

// PersistentVolumeMode says whether a volume is a filesystem or a raw block device.
type PersistentVolumeMode string

// Volume modes.
const (
	PersistentVolumeBlock      PersistentVolumeMode = "Block"
	PersistentVolumeFilesystem PersistentVolumeMode = "Filesystem"
)

// PersistentVolumeClaimSpec is the desired state of a claim.
type PersistentVolumeClaimSpec struct {
	// AccessModes the volume must support.
	AccessModes []PersistentVolumeAccessMode `json:"accessModes,omitempty"`
	// Selector restricts the volumes that may be bound.
	Selector *meta.LabelSelector `json:"selector,omitempty"`
	// Resources are the storage requested (requests.storage) and its limit.
	Resources VolumeResourceRequirements `json:"resources,omitempty"`
	// VolumeName binds the claim to one volume.
	VolumeName string `json:"volumeName,omitempty"`
	// StorageClassName names the StorageClass; nil means the default class.
	StorageClassName *string `json:"storageClassName,omitempty"`
	// VolumeMode defaults to Filesystem.
	VolumeMode *PersistentVolumeMode `json:"volumeMode,omitempty"`
	// DataSource populates the volume from a snapshot or another claim.
	DataSource *corev1.TypedLocalObjectReference `json:"dataSource,omitempty"`
	// DataSourceRef populates the volume from any object, possibly in another namespace.
	DataSourceRef *TypedObjectReference `json:"dataSourceRef,omitempty"`
	// VolumeAttributesClassName names a VolumeAttributesClass (beta in Kubernetes).
	VolumeAttributesClassName *string `json:"volumeAttributesClassName,omitempty"`
}

// VolumeResourceRequirements are the storage requests and limits of a claim.
type VolumeResourceRequirements struct {
	Limits   corev1.ResourceList `json:"limits,omitempty"`
	Requests corev1.ResourceList `json:"requests,omitempty"`
}

// TypedObjectReference names an object of a given kind, possibly in another namespace.
type TypedObjectReference struct {
	// APIGroup of the kind; nil means the core group.
	APIGroup *string `json:"apiGroup"`
	Kind     string  `json:"kind"`
	Name     string  `json:"name"`
	// Namespace of the object; nil means the claim's namespace.
	Namespace *string `json:"namespace,omitempty"`
}

// PersistentVolumeClaimPhase is the phase of a claim.
type PersistentVolumeClaimPhase string

// Claim phases.
const (
	ClaimPending PersistentVolumeClaimPhase = "Pending"
	ClaimBound   PersistentVolumeClaimPhase = "Bound"
	ClaimLost    PersistentVolumeClaimPhase = "Lost"
)

// PersistentVolumeClaimStatus is the observed state of a claim.
type PersistentVolumeClaimStatus struct {
	Phase       PersistentVolumeClaimPhase   `json:"phase,omitempty"`
	AccessModes []PersistentVolumeAccessMode `json:"accessModes,omitempty"`
	Capacity    corev1.ResourceList          `json:"capacity,omitempty"`
}
