package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
)

// SetDefaults_Deployment fills the defaults of a Deployment's own fields, as
// Kubernetes' apps/v1 defaulting does: replicas 1, strategy RollingUpdate
// with maxUnavailable and maxSurge 25%, revisionHistoryLimit 10,
// progressDeadlineSeconds 600.
func SetDefaults_Deployment(obj *Deployment) {
	if obj.Spec.Replicas == nil {
		obj.Spec.Replicas = ptrInt32(1)
	}
	strategy := &obj.Spec.Strategy
	if strategy.Type == "" {
		strategy.Type = RollingUpdateDeploymentStrategyType
	}
	if strategy.Type == RollingUpdateDeploymentStrategyType {
		if strategy.RollingUpdate == nil {
			strategy.RollingUpdate = &RollingUpdateDeployment{}
		}
		if strategy.RollingUpdate.MaxUnavailable == nil {
			v := intstr.FromString("25%")
			strategy.RollingUpdate.MaxUnavailable = &v
		}
		if strategy.RollingUpdate.MaxSurge == nil {
			v := intstr.FromString("25%")
			strategy.RollingUpdate.MaxSurge = &v
		}
	}
	if obj.Spec.RevisionHistoryLimit == nil {
		obj.Spec.RevisionHistoryLimit = ptrInt32(10)
	}
	if obj.Spec.ProgressDeadlineSeconds == nil {
		obj.Spec.ProgressDeadlineSeconds = ptrInt32(600)
	}
}

// SetObjectDefaults_Deployment applies every default of a Deployment,
// including those of its pod template. It is the registry's Default.
func SetObjectDefaults_Deployment(obj *Deployment) {
	SetDefaults_Deployment(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.Template)
}

// SetDefaults_ReplicaSet defaults replicas to 1.
func SetDefaults_ReplicaSet(obj *ReplicaSet) {
	if obj.Spec.Replicas == nil {
		obj.Spec.Replicas = ptrInt32(1)
	}
}

// SetObjectDefaults_ReplicaSet applies every default of a ReplicaSet,
// including those of its pod template.
func SetObjectDefaults_ReplicaSet(obj *ReplicaSet) {
	SetDefaults_ReplicaSet(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.Template)
}

// SetDefaults_DaemonSet defaults the update strategy to RollingUpdate with
// maxUnavailable 1 and maxSurge 0, and revisionHistoryLimit to 10.
func SetDefaults_DaemonSet(obj *DaemonSet) {
	strategy := &obj.Spec.UpdateStrategy
	if strategy.Type == "" {
		strategy.Type = RollingUpdateDaemonSetStrategyType
	}
	if strategy.Type == RollingUpdateDaemonSetStrategyType {
		if strategy.RollingUpdate == nil {
			strategy.RollingUpdate = &RollingUpdateDaemonSet{}
		}
		if strategy.RollingUpdate.MaxUnavailable == nil {
			v := intstr.FromInt32(1)
			strategy.RollingUpdate.MaxUnavailable = &v
		}
		if strategy.RollingUpdate.MaxSurge == nil {
			v := intstr.FromInt32(0)
			strategy.RollingUpdate.MaxSurge = &v
		}
	}
	if obj.Spec.RevisionHistoryLimit == nil {
		obj.Spec.RevisionHistoryLimit = ptrInt32(10)
	}
}

// SetObjectDefaults_DaemonSet applies every default of a DaemonSet,
// including those of its pod template.
func SetObjectDefaults_DaemonSet(obj *DaemonSet) {
	SetDefaults_DaemonSet(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.Template)
}

// SetDefaults_StatefulSet defaults podManagementPolicy to OrderedReady, the
// update strategy to RollingUpdate with partition 0, the claim retention
// policy to Retain/Retain, replicas to 1 and revisionHistoryLimit to 10.
// maxUnavailable is not defaulted: it belongs to a Kubernetes alpha feature
// that is off by default.
func SetDefaults_StatefulSet(obj *StatefulSet) {
	if obj.Spec.PodManagementPolicy == "" {
		obj.Spec.PodManagementPolicy = OrderedReadyPodManagement
	}
	if obj.Spec.UpdateStrategy.Type == "" {
		obj.Spec.UpdateStrategy.Type = RollingUpdateStatefulSetStrategyType
		if obj.Spec.UpdateStrategy.RollingUpdate == nil {
			obj.Spec.UpdateStrategy.RollingUpdate = &RollingUpdateStatefulSetStrategy{}
		}
	}
	if ru := obj.Spec.UpdateStrategy.RollingUpdate; obj.Spec.UpdateStrategy.Type == RollingUpdateStatefulSetStrategyType && ru != nil {
		if ru.Partition == nil {
			ru.Partition = ptrInt32(0)
		}
	}
	if obj.Spec.PersistentVolumeClaimRetentionPolicy == nil {
		obj.Spec.PersistentVolumeClaimRetentionPolicy = &StatefulSetPersistentVolumeClaimRetentionPolicy{}
	}
	if obj.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted == "" {
		obj.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted = RetainPersistentVolumeClaimRetentionPolicyType
	}
	if obj.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled == "" {
		obj.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled = RetainPersistentVolumeClaimRetentionPolicyType
	}
	if obj.Spec.Replicas == nil {
		obj.Spec.Replicas = ptrInt32(1)
	}
	if obj.Spec.RevisionHistoryLimit == nil {
		obj.Spec.RevisionHistoryLimit = ptrInt32(10)
	}
}

// SetDefaults_PersistentVolumeClaimTemplate defaults volumeMode to
// Filesystem and status.phase to Pending, as Kubernetes defaults a
// PersistentVolumeClaim.
func SetDefaults_PersistentVolumeClaimTemplate(obj *PersistentVolumeClaimTemplate) {
	if obj.Spec.VolumeMode == nil {
		m := PersistentVolumeFilesystem
		obj.Spec.VolumeMode = &m
	}
	if obj.Status.Phase == "" {
		obj.Status.Phase = ClaimPending
	}
}

// SetObjectDefaults_StatefulSet applies every default of a StatefulSet,
// including those of its pod template and volume claim templates.
func SetObjectDefaults_StatefulSet(obj *StatefulSet) {
	SetDefaults_StatefulSet(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.Template)
	for i := range obj.Spec.VolumeClaimTemplates {
		SetDefaults_PersistentVolumeClaimTemplate(&obj.Spec.VolumeClaimTemplates[i])
	}
}

func ptrInt32(v int32) *int32 { return &v }

func derefInt32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}
