package v1

import (
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ValidateReplicationController checks a ReplicationController, as
// Kubernetes' ValidateReplicationController: minReadySeconds and replicas
// not negative, a non-empty selector that matches the template's labels,
// a valid template with restartPolicy Always and no activeDeadlineSeconds.
func ValidateReplicationController(rc *ReplicationController) field.ErrorList {
	return validateReplicationControllerSpec(&rc.Spec, field.NewPath("spec"))
}

// ValidateReplicationControllerUpdate checks an update of a
// ReplicationController (and, the spec being kept, of its status).
func ValidateReplicationControllerUpdate(rc, old *ReplicationController) field.ErrorList {
	errs := validateReplicationControllerSpec(&rc.Spec, field.NewPath("spec"))
	return append(errs, ValidateReplicationControllerStatus(&rc.Status, field.NewPath("status"))...)
}

// ValidateReplicationControllerStatus checks the replica counts of a status:
// none negative, none above replicas, available not above ready.
func ValidateReplicationControllerStatus(st *ReplicationControllerStatus, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validation.ValidateNonnegativeField(int64(st.Replicas), p.Child("replicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(st.FullyLabeledReplicas), p.Child("fullyLabeledReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(st.ReadyReplicas), p.Child("readyReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(st.AvailableReplicas), p.Child("availableReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(st.ObservedGeneration, p.Child("observedGeneration"))...)
	const msg = "cannot be greater than status.replicas"
	if st.FullyLabeledReplicas > st.Replicas {
		errs = append(errs, field.Invalid(p.Child("fullyLabeledReplicas"), st.FullyLabeledReplicas, msg))
	}
	if st.ReadyReplicas > st.Replicas {
		errs = append(errs, field.Invalid(p.Child("readyReplicas"), st.ReadyReplicas, msg))
	}
	if st.AvailableReplicas > st.Replicas {
		errs = append(errs, field.Invalid(p.Child("availableReplicas"), st.AvailableReplicas, msg))
	}
	if st.AvailableReplicas > st.ReadyReplicas {
		errs = append(errs, field.Invalid(p.Child("availableReplicas"), st.AvailableReplicas, "cannot be greater than readyReplicas"))
	}
	return errs
}

func validateReplicationControllerSpec(spec *ReplicationControllerSpec, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validation.ValidateNonnegativeField(int64(spec.MinReadySeconds), p.Child("minReadySeconds"))...)
	selector := labels.SelectorFromSet(spec.Selector)
	if selector.Empty() {
		errs = append(errs, field.Required(p.Child("selector"), ""))
	}
	if spec.Replicas != nil {
		errs = append(errs, validation.ValidateNonnegativeField(int64(*spec.Replicas), p.Child("replicas"))...)
	}
	tp := p.Child("template")
	t := spec.Template
	if t == nil {
		return append(errs, field.Required(tp, ""))
	}
	if !selector.Empty() && !selector.Matches(labels.Set(t.Labels)) {
		errs = append(errs, field.Invalid(tp.Child("metadata", "labels"), t.Labels, "`selector` does not match template `labels`"))
	}
	errs = append(errs, ValidatePodTemplateSpec(t, tp)...)
	if t.Spec.RestartPolicy != RestartPolicyAlways {
		errs = append(errs, field.NotSupported(tp.Child("spec", "restartPolicy"), string(t.Spec.RestartPolicy), []RestartPolicy{RestartPolicyAlways}))
	}
	if t.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Forbidden(tp.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicationController is not Supported"))
	}
	return errs
}
