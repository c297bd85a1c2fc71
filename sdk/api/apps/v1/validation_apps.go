package v1

import (
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Messages shared by the workload validations.
const (
	selectorMismatchMsg = "`selector` does not match template `labels`"
	immutableMsg        = "field is immutable"
	statefulSetSpecMsg  = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
)

// ---- Deployment ----

// ValidateDeployment checks a new Deployment (its metadata is checked by the registry).
func ValidateDeployment(obj *Deployment) field.ErrorList {
	return ValidateDeploymentSpec(&obj.Spec, field.NewPath("spec"))
}

// ValidateDeploymentUpdate checks an update of old into obj: the spec rules,
// the immutable selector, and the status (which a status update writes).
func ValidateDeploymentUpdate(obj, old *Deployment) field.ErrorList {
	errs := ValidateDeploymentSpec(&obj.Spec, field.NewPath("spec"))
	if !SelectorsEqual(obj.Spec.Selector, old.Spec.Selector) {
		errs = append(errs, field.Invalid(field.NewPath("spec", "selector"), obj.Spec.Selector, immutableMsg))
	}
	errs = append(errs, ValidateDeploymentStatus(&obj.Status, field.NewPath("status"))...)
	errs = append(errs, validateCollisionCount(obj.Status.CollisionCount, old.Status.CollisionCount, field.NewPath("status", "collisionCount"))...)
	return errs
}

// ValidateDeploymentSpec checks a DeploymentSpec as Kubernetes' apps/v1 validation does.
func ValidateDeploymentSpec(spec *DeploymentSpec, path *field.Path) field.ErrorList {
	errs := validateNonnegative32(spec.Replicas, path.Child("replicas"))
	errs = append(errs, validateWorkloadSelector(spec.Selector, path.Child("selector"), "deployment")...)
	selector, err := labels.FromLabelSelector(spec.Selector)
	if err != nil {
		errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, "invalid label selector"))
	} else {
		errs = append(errs, validatePodTemplateSpecForReplicaSet(&spec.Template, selector, path.Child("template"))...)
	}
	errs = append(errs, validateDeploymentStrategy(&spec.Strategy, path.Child("strategy"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(spec.MinReadySeconds), path.Child("minReadySeconds"))...)
	errs = append(errs, validateNonnegative32(spec.RevisionHistoryLimit, path.Child("revisionHistoryLimit"))...)
	if spec.ProgressDeadlineSeconds != nil {
		p := path.Child("progressDeadlineSeconds")
		errs = append(errs, validation.ValidateNonnegativeField(int64(*spec.ProgressDeadlineSeconds), p)...)
		if *spec.ProgressDeadlineSeconds <= spec.MinReadySeconds {
			errs = append(errs, field.Invalid(p, *spec.ProgressDeadlineSeconds, "must be greater than minReadySeconds"))
		}
	}
	return errs
}

func validateDeploymentStrategy(s *DeploymentStrategy, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch s.Type {
	case RecreateDeploymentStrategyType:
		if s.RollingUpdate != nil {
			errs = append(errs, field.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"))
		}
	case RollingUpdateDeploymentStrategyType:
		if s.RollingUpdate == nil {
			errs = append(errs, field.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil"))
		} else {
			errs = append(errs, validateRollingUpdateDeployment(s.RollingUpdate, path.Child("rollingUpdate"))...)
		}
	default:
		errs = append(errs, field.NotSupported(path, string(s.Type), []DeploymentStrategyType{RecreateDeploymentStrategyType, RollingUpdateDeploymentStrategyType}))
	}
	return errs
}

func validateRollingUpdateDeployment(ru *RollingUpdateDeployment, path *field.Path) field.ErrorList {
	maxUnavailable, maxSurge := derefIntOrString(ru.MaxUnavailable), derefIntOrString(ru.MaxSurge)
	errs := ValidatePositiveIntOrPercent(maxUnavailable, path.Child("maxUnavailable"))
	errs = append(errs, ValidatePositiveIntOrPercent(maxSurge, path.Child("maxSurge"))...)
	if intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0 {
		errs = append(errs, field.Invalid(path.Child("maxUnavailable"), &maxUnavailable, "may not be 0 when `maxSurge` is 0"))
	}
	errs = append(errs, IsNotMoreThan100Percent(maxUnavailable, path.Child("maxUnavailable"))...)
	return errs
}

// ValidateDeploymentStatus checks the counters of a DeploymentStatus.
func ValidateDeploymentStatus(s *DeploymentStatus, path *field.Path) field.ErrorList {
	errs := validation.ValidateNonnegativeField(s.ObservedGeneration, path.Child("observedGeneration"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.Replicas), path.Child("replicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.UpdatedReplicas), path.Child("updatedReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.UnavailableReplicas), path.Child("unavailableReplicas"))...)
	errs = append(errs, validateNonnegative32(s.CollisionCount, path.Child("collisionCount"))...)
	const msg = "cannot be greater than status.replicas"
	if s.UpdatedReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("updatedReplicas"), s.UpdatedReplicas, msg))
	}
	if s.ReadyReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("readyReplicas"), s.ReadyReplicas, msg))
	}
	if s.AvailableReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, msg))
	}
	if s.AvailableReplicas > s.ReadyReplicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, "cannot be greater than readyReplicas"))
	}
	return errs
}

// ---- ReplicaSet ----

// ValidateReplicaSet checks a new ReplicaSet.
func ValidateReplicaSet(obj *ReplicaSet) field.ErrorList {
	return ValidateReplicaSetSpec(&obj.Spec, field.NewPath("spec"))
}

// ValidateReplicaSetUpdate checks an update of old into obj: the spec rules,
// the immutable selector, and the status.
func ValidateReplicaSetUpdate(obj, old *ReplicaSet) field.ErrorList {
	errs := ValidateReplicaSetSpec(&obj.Spec, field.NewPath("spec"))
	if !SelectorsEqual(obj.Spec.Selector, old.Spec.Selector) {
		errs = append(errs, field.Invalid(field.NewPath("spec", "selector"), obj.Spec.Selector, immutableMsg))
	}
	errs = append(errs, ValidateReplicaSetStatus(&obj.Status, field.NewPath("status"))...)
	return errs
}

// ValidateReplicaSetSpec checks a ReplicaSetSpec as Kubernetes does.
func ValidateReplicaSetSpec(spec *ReplicaSetSpec, path *field.Path) field.ErrorList {
	errs := validateNonnegative32(spec.Replicas, path.Child("replicas"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(spec.MinReadySeconds), path.Child("minReadySeconds"))...)
	// Kubernetes says "deployment" here too.
	errs = append(errs, validateWorkloadSelector(spec.Selector, path.Child("selector"), "deployment")...)
	selector, err := labels.FromLabelSelector(spec.Selector)
	if err != nil {
		errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, "invalid label selector"))
	} else {
		errs = append(errs, validatePodTemplateSpecForReplicaSet(&spec.Template, selector, path.Child("template"))...)
	}
	return errs
}

// ValidateReplicaSetStatus checks the counters of a ReplicaSetStatus.
func ValidateReplicaSetStatus(s *ReplicaSetStatus, path *field.Path) field.ErrorList {
	errs := validation.ValidateNonnegativeField(int64(s.Replicas), path.Child("replicas"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.FullyLabeledReplicas), path.Child("fullyLabeledReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(s.ObservedGeneration, path.Child("observedGeneration"))...)
	const msg = "cannot be greater than status.replicas"
	if s.FullyLabeledReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("fullyLabeledReplicas"), s.FullyLabeledReplicas, msg))
	}
	if s.ReadyReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("readyReplicas"), s.ReadyReplicas, msg))
	}
	if s.AvailableReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, msg))
	}
	if s.AvailableReplicas > s.ReadyReplicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, "cannot be greater than readyReplicas"))
	}
	return errs
}

// validatePodTemplateSpecForReplicaSet checks the template of a Deployment
// or ReplicaSet: it matches the selector, is a valid pod template, and has
// restartPolicy Always and no activeDeadlineSeconds.
func validatePodTemplateSpecForReplicaSet(t *corev1.PodTemplateSpec, selector labels.Selector, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !selector.Empty() && !selector.Matches(labels.Set(t.Labels)) {
		errs = append(errs, field.Invalid(path.Child("metadata", "labels"), t.Labels, selectorMismatchMsg))
	}
	errs = append(errs, corev1.ValidatePodTemplateSpec(t, path)...)
	if t.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		errs = append(errs, field.NotSupported(path.Child("spec", "restartPolicy"), string(t.Spec.RestartPolicy), []corev1.RestartPolicy{corev1.RestartPolicyAlways}))
	}
	if t.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(path.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"))
	}
	return errs
}

// ---- DaemonSet ----

// ValidateDaemonSet checks a new DaemonSet.
func ValidateDaemonSet(obj *DaemonSet) field.ErrorList {
	return ValidateDaemonSetSpec(&obj.Spec, field.NewPath("spec"))
}

// ValidateDaemonSetUpdate checks an update of old into obj: the spec rules,
// the immutable selector, and the status.
func ValidateDaemonSetUpdate(obj, old *DaemonSet) field.ErrorList {
	errs := ValidateDaemonSetSpec(&obj.Spec, field.NewPath("spec"))
	if !SelectorsEqual(obj.Spec.Selector, old.Spec.Selector) {
		errs = append(errs, field.Invalid(field.NewPath("spec", "selector"), obj.Spec.Selector, immutableMsg))
	}
	errs = append(errs, ValidateDaemonSetStatus(&obj.Status, field.NewPath("status"))...)
	errs = append(errs, validateCollisionCount(obj.Status.CollisionCount, old.Status.CollisionCount, field.NewPath("status", "collisionCount"))...)
	return errs
}

// ValidateDaemonSetSpec checks a DaemonSetSpec as Kubernetes does.
func ValidateDaemonSetSpec(spec *DaemonSetSpec, path *field.Path) field.ErrorList {
	errs := validation.ValidateLabelSelector(spec.Selector, path.Child("selector"))
	if selector, err := labels.FromLabelSelector(spec.Selector); err == nil && !selector.Matches(labels.Set(spec.Template.Labels)) {
		errs = append(errs, field.Invalid(path.Child("template", "metadata", "labels"), spec.Template.Labels, selectorMismatchMsg))
	}
	if spec.Selector != nil && len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
		errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, "empty selector is invalid for daemonset"))
	}
	errs = append(errs, corev1.ValidatePodTemplateSpec(&spec.Template, path.Child("template"))...)
	if spec.Template.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		errs = append(errs, field.NotSupported(path.Child("template", "spec", "restartPolicy"), string(spec.Template.Spec.RestartPolicy), []corev1.RestartPolicy{corev1.RestartPolicyAlways}))
	}
	if spec.Template.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(path.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in DaemonSet is not Supported"))
	}
	errs = append(errs, validation.ValidateNonnegativeField(int64(spec.MinReadySeconds), path.Child("minReadySeconds"))...)
	errs = append(errs, validateDaemonSetUpdateStrategy(&spec.UpdateStrategy, path.Child("updateStrategy"))...)
	errs = append(errs, validateNonnegative32(spec.RevisionHistoryLimit, path.Child("revisionHistoryLimit"))...)
	return errs
}

func validateDaemonSetUpdateStrategy(s *DaemonSetUpdateStrategy, path *field.Path) field.ErrorList {
	switch s.Type {
	case OnDeleteDaemonSetStrategyType:
		return nil
	case RollingUpdateDaemonSetStrategyType:
		if s.RollingUpdate == nil {
			return field.ErrorList{field.Required(path.Child("rollingUpdate"), "")}
		}
		return validateRollingUpdateDaemonSet(s.RollingUpdate, path.Child("rollingUpdate"))
	default:
		return field.ErrorList{field.NotSupported(path, string(s.Type), []DaemonSetUpdateStrategyType{RollingUpdateDaemonSetStrategyType, OnDeleteDaemonSetStrategyType})}
	}
}

func validateRollingUpdateDaemonSet(ru *RollingUpdateDaemonSet, path *field.Path) field.ErrorList {
	maxUnavailable, maxSurge := derefIntOrString(ru.MaxUnavailable), derefIntOrString(ru.MaxSurge)
	errs := ValidatePositiveIntOrPercent(maxUnavailable, path.Child("maxUnavailable"))
	errs = append(errs, ValidatePositiveIntOrPercent(maxSurge, path.Child("maxSurge"))...)
	errs = append(errs, IsNotMoreThan100Percent(maxUnavailable, path.Child("maxUnavailable"))...)
	errs = append(errs, IsNotMoreThan100Percent(maxSurge, path.Child("maxSurge"))...)
	hasUnavailable := intOrPercentValue(maxUnavailable) != 0
	hasSurge := intOrPercentValue(maxSurge) != 0
	switch {
	case hasUnavailable && hasSurge:
		errs = append(errs, field.Invalid(path.Child("maxSurge"), &maxSurge, "may not be set when maxUnavailable is non-zero"))
	case !hasUnavailable && !hasSurge:
		errs = append(errs, field.Required(path.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"))
	}
	return errs
}

// ValidateDaemonSetStatus checks the counters of a DaemonSetStatus.
func ValidateDaemonSetStatus(s *DaemonSetStatus, path *field.Path) field.ErrorList {
	errs := validation.ValidateNonnegativeField(int64(s.CurrentNumberScheduled), path.Child("currentNumberScheduled"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.NumberMisscheduled), path.Child("numberMisscheduled"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.DesiredNumberScheduled), path.Child("desiredNumberScheduled"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.NumberReady), path.Child("numberReady"))...)
	errs = append(errs, validation.ValidateNonnegativeField(s.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.UpdatedNumberScheduled), path.Child("updatedNumberScheduled"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.NumberAvailable), path.Child("numberAvailable"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.NumberUnavailable), path.Child("numberUnavailable"))...)
	errs = append(errs, validateNonnegative32(s.CollisionCount, path.Child("collisionCount"))...)
	return errs
}

// ---- StatefulSet ----

// ValidateStatefulSet checks a new StatefulSet.
func ValidateStatefulSet(obj *StatefulSet) field.ErrorList {
	return ValidateStatefulSetSpec(&obj.Spec, field.NewPath("spec"))
}

// ValidateStatefulSetUpdate checks an update of old into obj: only
// replicas, ordinals, template, updateStrategy,
// persistentVolumeClaimRetentionPolicy and minReadySeconds may change.
func ValidateStatefulSetUpdate(obj, old *StatefulSet) field.ErrorList {
	errs := ValidateStatefulSetSpec(&obj.Spec, field.NewPath("spec"))
	clone := obj.Spec
	clone.Replicas = old.Spec.Replicas
	clone.Template = old.Spec.Template
	clone.UpdateStrategy = old.Spec.UpdateStrategy
	clone.MinReadySeconds = old.Spec.MinReadySeconds
	clone.Ordinals = old.Spec.Ordinals
	clone.PersistentVolumeClaimRetentionPolicy = old.Spec.PersistentVolumeClaimRetentionPolicy
	if !jsonEqual(&clone, &old.Spec) {
		errs = append(errs, field.Forbidden(field.NewPath("spec"), statefulSetSpecMsg))
	}
	errs = append(errs, ValidateStatefulSetStatus(&obj.Status, field.NewPath("status"))...)
	errs = append(errs, validateCollisionCount(obj.Status.CollisionCount, old.Status.CollisionCount, field.NewPath("status", "collisionCount"))...)
	return errs
}

// ValidateStatefulSetSpec checks a StatefulSetSpec as Kubernetes does. As in
// Kubernetes, the pod spec of the template is not validated (its volume
// mounts may name volume claim templates); its labels, annotations,
// restartPolicy and activeDeadlineSeconds are.
func ValidateStatefulSetSpec(spec *StatefulSetSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch spec.PodManagementPolicy {
	case "":
		errs = append(errs, field.Required(path.Child("podManagementPolicy"), ""))
	case OrderedReadyPodManagement, ParallelPodManagement:
	default:
		errs = append(errs, field.Invalid(path.Child("podManagementPolicy"), string(spec.PodManagementPolicy),
			fmt.Sprintf("must be '%s' or '%s'", OrderedReadyPodManagement, ParallelPodManagement)))
	}

	switch spec.UpdateStrategy.Type {
	case "":
		errs = append(errs, field.Required(path.Child("updateStrategy"), ""))
	case OnDeleteStatefulSetStrategyType:
		if spec.UpdateStrategy.RollingUpdate != nil {
			errs = append(errs, field.Invalid(path.Child("updateStrategy", "rollingUpdate"), field.OmitValue,
				fmt.Sprintf("only allowed for updateStrategy '%s'", RollingUpdateStatefulSetStrategyType)))
		}
	case RollingUpdateStatefulSetStrategyType:
		if ru := spec.UpdateStrategy.RollingUpdate; ru != nil {
			errs = append(errs, validateRollingUpdateStatefulSet(ru, path.Child("updateStrategy", "rollingUpdate"))...)
		}
	default:
		errs = append(errs, field.Invalid(path.Child("updateStrategy"), string(spec.UpdateStrategy.Type),
			fmt.Sprintf("must be '%s' or '%s'", RollingUpdateStatefulSetStrategyType, OnDeleteStatefulSetStrategyType)))
	}

	if p := spec.PersistentVolumeClaimRetentionPolicy; p != nil {
		pp := path.Child("persistentVolumeClaimRetentionPolicy")
		errs = append(errs, validateRetentionPolicyType(p.WhenDeleted, pp.Child("whenDeleted"))...)
		errs = append(errs, validateRetentionPolicyType(p.WhenScaled, pp.Child("whenScaled"))...)
	}

	errs = append(errs, validateNonnegative32(spec.Replicas, path.Child("replicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(spec.MinReadySeconds), path.Child("minReadySeconds"))...)
	if spec.Ordinals != nil {
		errs = append(errs, validation.ValidateNonnegativeField(int64(spec.Ordinals.Start), path.Child("ordinals.start"))...)
	}

	if spec.Selector == nil {
		errs = append(errs, field.Required(path.Child("selector"), ""))
	} else {
		errs = append(errs, validation.ValidateLabelSelector(spec.Selector, path.Child("selector"))...)
		if len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
			errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, "empty selector is invalid for statefulset"))
		}
	}
	selector, err := labels.FromLabelSelector(spec.Selector)
	if err != nil {
		errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, ""))
	} else {
		tp := path.Child("template")
		if !selector.Empty() && !selector.Matches(labels.Set(spec.Template.Labels)) {
			errs = append(errs, field.Invalid(tp.Child("metadata", "labels"), spec.Template.Labels, selectorMismatchMsg))
		}
		errs = append(errs, validation.ValidateLabels(spec.Template.Labels, tp.Child("labels"))...)
		errs = append(errs, validation.ValidateAnnotations(spec.Template.Annotations, tp.Child("annotations"))...)
	}
	if spec.Template.Spec.RestartPolicy != corev1.RestartPolicyAlways {
		errs = append(errs, field.NotSupported(path.Child("template", "spec", "restartPolicy"), string(spec.Template.Spec.RestartPolicy), []corev1.RestartPolicy{corev1.RestartPolicyAlways}))
	}
	if spec.Template.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(path.Child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"))
	}
	return errs
}

func validateRollingUpdateStatefulSet(ru *RollingUpdateStatefulSetStrategy, path *field.Path) field.ErrorList {
	errs := validateNonnegative32(ru.Partition, path.Child("partition"))
	if ru.MaxUnavailable != nil {
		p := path.Child("maxUnavailable")
		errs = append(errs, ValidatePositiveIntOrPercent(*ru.MaxUnavailable, p)...)
		if intOrPercentValue(*ru.MaxUnavailable) == 0 {
			errs = append(errs, field.Invalid(p, ru.MaxUnavailable, "cannot be 0"))
		}
		errs = append(errs, IsNotMoreThan100Percent(*ru.MaxUnavailable, p)...)
	}
	return errs
}

func validateRetentionPolicyType(t PersistentVolumeClaimRetentionPolicyType, path *field.Path) field.ErrorList {
	switch t {
	case RetainPersistentVolumeClaimRetentionPolicyType, DeletePersistentVolumeClaimRetentionPolicyType:
		return nil
	}
	return field.ErrorList{field.NotSupported(path, string(t), []PersistentVolumeClaimRetentionPolicyType{
		RetainPersistentVolumeClaimRetentionPolicyType, DeletePersistentVolumeClaimRetentionPolicyType})}
}

// ValidateStatefulSetStatus checks the counters of a StatefulSetStatus.
func ValidateStatefulSetStatus(s *StatefulSetStatus, path *field.Path) field.ErrorList {
	errs := validation.ValidateNonnegativeField(int64(s.Replicas), path.Child("replicas"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.ReadyReplicas), path.Child("readyReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.CurrentReplicas), path.Child("currentReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.UpdatedReplicas), path.Child("updatedReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.AvailableReplicas), path.Child("availableReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(s.ObservedGeneration, path.Child("observedGeneration"))...)
	errs = append(errs, validateNonnegative32(s.CollisionCount, path.Child("collisionCount"))...)
	const msg = "cannot be greater than status.replicas"
	if s.ReadyReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("readyReplicas"), s.ReadyReplicas, msg))
	}
	if s.CurrentReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("currentReplicas"), s.CurrentReplicas, msg))
	}
	if s.UpdatedReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("updatedReplicas"), s.UpdatedReplicas, msg))
	}
	if s.AvailableReplicas > s.Replicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, msg))
	}
	if s.AvailableReplicas > s.ReadyReplicas {
		errs = append(errs, field.Invalid(path.Child("availableReplicas"), s.AvailableReplicas, "cannot be greater than status.readyReplicas"))
	}
	return errs
}

// ---- ControllerRevision ----

// ValidateControllerRevision checks a ControllerRevision: data is required
// and revision is not negative.
func ValidateControllerRevision(obj *ControllerRevision) field.ErrorList {
	var errs field.ErrorList
	if obj.Data.Raw == nil {
		errs = append(errs, field.Required(field.NewPath("data"), "data is mandatory"))
	}
	errs = append(errs, validation.ValidateNonnegativeField(obj.Revision, field.NewPath("revision"))...)
	return errs
}

// ValidateControllerRevisionUpdate checks an update: data may not change.
func ValidateControllerRevisionUpdate(obj, old *ControllerRevision) field.ErrorList {
	errs := ValidateControllerRevision(obj)
	if !equalJSON(obj.Data.Raw, old.Data.Raw) {
		errs = append(errs, field.Invalid(field.NewPath("data"), field.OmitValue, immutableMsg))
	}
	return errs
}

// ---- helpers ----

// validateWorkloadSelector checks a selector that is required and may not be empty.
func validateWorkloadSelector(s *meta.LabelSelector, path *field.Path, kind string) field.ErrorList {
	if s == nil {
		return field.ErrorList{field.Required(path, "")}
	}
	errs := validation.ValidateLabelSelector(s, path)
	if len(s.MatchLabels)+len(s.MatchExpressions) == 0 {
		errs = append(errs, field.Invalid(path, s, "empty selector is invalid for "+kind))
	}
	return errs
}

// ValidatePositiveIntOrPercent checks that v is a non-negative integer or a
// valid percentage ("25%").
func ValidatePositiveIntOrPercent(v intstr.IntOrString, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch v.Type {
	case intstr.String:
		for _, msg := range validation.IsValidPercent(v.StrVal) {
			errs = append(errs, field.Invalid(path, &v, msg))
		}
	case intstr.Int:
		errs = append(errs, validation.ValidateNonnegativeField(int64(v.IntValue()), path)...)
	default:
		errs = append(errs, field.Invalid(path, &v, "must be an integer or percentage (e.g '5%%')"))
	}
	return errs
}

// IsNotMoreThan100Percent checks that a percentage v is at most 100%;
// integers and malformed percentages pass (they are checked elsewhere).
func IsNotMoreThan100Percent(v intstr.IntOrString, path *field.Path) field.ErrorList {
	value, isPercent := percentValue(v)
	if !isPercent || value <= 100 {
		return nil
	}
	return field.ErrorList{field.Invalid(path, &v, "must not be greater than 100%")}
}

func percentValue(v intstr.IntOrString) (int, bool) {
	if v.Type != intstr.String || len(validation.IsValidPercent(v.StrVal)) != 0 {
		return 0, false
	}
	n, _ := strconv.Atoi(v.StrVal[:len(v.StrVal)-1])
	return n, true
}

func intOrPercentValue(v intstr.IntOrString) int {
	if n, ok := percentValue(v); ok {
		return n
	}
	return v.IntValue()
}

func derefIntOrString(v *intstr.IntOrString) intstr.IntOrString {
	if v == nil {
		return intstr.IntOrString{}
	}
	return *v
}

func validateNonnegative32(v *int32, path *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	return validation.ValidateNonnegativeField(int64(*v), path)
}

func validateCollisionCount(cur, old *int32, path *field.Path) field.ErrorList {
	if old == nil {
		return nil
	}
	if cur == nil || *cur < *old {
		v := int32(0)
		if cur != nil {
			v = *cur
		}
		return field.ErrorList{field.Invalid(path, v, "cannot be decremented")}
	}
	return nil
}

// SelectorsEqual reports whether two label selectors are semantically equal,
// as Kubernetes compares them: nil and empty lists or maps are equal, a nil
// selector differs from an empty one.
func SelectorsEqual(a, b *meta.LabelSelector) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.MatchLabels) != len(b.MatchLabels) || len(a.MatchExpressions) != len(b.MatchExpressions) {
		return false
	}
	for k, v := range a.MatchLabels {
		if w, ok := b.MatchLabels[k]; !ok || v != w {
			return false
		}
	}
	for i := range a.MatchExpressions {
		x, y := &a.MatchExpressions[i], &b.MatchExpressions[i]
		if x.Key != y.Key || x.Operator != y.Operator || len(x.Values) != len(y.Values) {
			return false
		}
		for j := range x.Values {
			if x.Values[j] != y.Values[j] {
				return false
			}
		}
	}
	return true
}

// jsonEqual reports whether a and b encode to the same JSON: the semantic
// equality Kubernetes uses for "did this part of the spec change", where
// nil and empty lists are the same.
func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
