package v1

import (
	"fmt"
	"strings"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
)

var preemptionPolicies = []corev1.PreemptionPolicy{corev1.PreemptLowerPriority, corev1.PreemptNever}

// ValidatePriorityClass checks a PriorityClass as Kubernetes does: names
// starting with "system-" are reserved for the built-in classes (with
// their exact value and globalDefault), user classes may not exceed
// HighestUserDefinablePriority, and preemptionPolicy is
// PreemptLowerPriority or Never.
func ValidatePriorityClass(pc *PriorityClass) field.ErrorList {
	var errs field.ErrorList
	if strings.HasPrefix(pc.Name, SystemPriorityClassPrefix) {
		if ok, err := IsKnownSystemPriorityClass(pc.Name, pc.Value, pc.GlobalDefault); !ok {
			errs = append(errs, field.Forbidden(field.NewPath("metadata", "name"),
				"priority class names with '"+SystemPriorityClassPrefix+"' prefix are reserved for system use only. error: "+err.Error()))
		}
	} else if pc.Value > HighestUserDefinablePriority {
		errs = append(errs, field.Forbidden(field.NewPath("value"),
			fmt.Sprintf("maximum allowed value of a user defined priority is %v", HighestUserDefinablePriority)))
	}
	if pc.PreemptionPolicy != nil {
		p := field.NewPath("preemptionPolicy")
		switch *pc.PreemptionPolicy {
		case corev1.PreemptLowerPriority, corev1.PreemptNever:
		case "":
			errs = append(errs, field.Required(p, ""))
		default:
			errs = append(errs, field.NotSupported(p, string(*pc.PreemptionPolicy), preemptionPolicies))
		}
	}
	return errs
}

// ValidatePriorityClassUpdate checks an update of a PriorityClass: value
// and preemptionPolicy are immutable.
func ValidatePriorityClassUpdate(pc, old *PriorityClass) field.ErrorList {
	var errs field.ErrorList
	if pc.Value != old.Value {
		errs = append(errs, field.Forbidden(field.NewPath("value"), "may not be changed in an update."))
	}
	if policyString(pc.PreemptionPolicy) != policyString(old.PreemptionPolicy) {
		errs = append(errs, field.Invalid(field.NewPath("preemptionPolicy"), policyValue(pc.PreemptionPolicy), "field is immutable"))
	}
	return append(errs, ValidatePriorityClass(pc)...)
}

func policyString(p *corev1.PreemptionPolicy) string {
	if p == nil {
		return "<nil>"
	}
	return string(*p)
}

func policyValue(p *corev1.PreemptionPolicy) any {
	if p == nil {
		return nil
	}
	return string(*p)
}
