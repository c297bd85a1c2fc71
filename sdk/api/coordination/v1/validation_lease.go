package v1

import (
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ValidateLease checks a Lease as Kubernetes does: leaseDurationSeconds is
// positive, leaseTransitions is not negative, strategy is
// OldestEmulationVersion or a qualified name, and preferredHolder needs a
// strategy.
func ValidateLease(l *Lease) field.ErrorList {
	return ValidateLeaseSpec(&l.Spec, field.NewPath("spec"))
}

// ValidateLeaseSpec checks the spec of a Lease.
func ValidateLeaseSpec(spec *LeaseSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if spec.LeaseDurationSeconds != nil && *spec.LeaseDurationSeconds <= 0 {
		errs = append(errs, field.Invalid(path.Child("leaseDurationSeconds"), *spec.LeaseDurationSeconds, "must be greater than 0"))
	}
	if spec.LeaseTransitions != nil && *spec.LeaseTransitions < 0 {
		errs = append(errs, field.Invalid(path.Child("leaseTransitions"), *spec.LeaseTransitions, "must be greater than or equal to 0"))
	}
	if spec.Strategy != nil {
		s := string(*spec.Strategy)
		if !strings.Contains(s, "/") {
			if *spec.Strategy != OldestEmulationVersion {
				errs = append(errs, field.NotSupported(path.Child("strategy"), s, []CoordinatedLeaseStrategy{OldestEmulationVersion}))
			}
		} else {
			errs = append(errs, validation.ValidateQualifiedName(s, path.Child("strategy"))...)
		}
	}
	if spec.PreferredHolder != nil && *spec.PreferredHolder != "" && (spec.Strategy == nil || *spec.Strategy == "") {
		errs = append(errs, field.Forbidden(path.Child("preferredHolder"), "may only be specified if `strategy` is defined"))
	}
	return errs
}
