package v1

import (
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// ValidateNamespace checks a new Namespace (its metadata is checked by the
// registry: the name must be a DNS-1123 label).
func ValidateNamespace(ns *Namespace) field.ErrorList {
	return validateNamespaceFinalizers(ns.Spec.Finalizers, field.NewPath("spec", "finalizers"))
}

// ValidateNamespaceUpdate checks an update of a Namespace. The spec may
// only change through the finalize subresource; the status phase must
// agree with the deletion timestamp when the status changes.
func ValidateNamespaceUpdate(ns, old *Namespace) field.ErrorList {
	errs := validateNamespaceFinalizers(ns.Spec.Finalizers, field.NewPath("spec", "finalizers"))
	if ns.Status.Phase != old.Status.Phase {
		errs = append(errs, validateNamespacePhase(ns)...)
	}
	return errs
}

// ValidateNamespaceFinalizeUpdate checks an update through the finalize
// subresource, which may change spec.finalizers only (see
// PrepareNamespaceForFinalize).
func ValidateNamespaceFinalizeUpdate(ns, old *Namespace) field.ErrorList {
	return validateNamespaceFinalizers(ns.Spec.Finalizers, field.NewPath("spec", "finalizers"))
}

// PrepareNamespaceForFinalize keeps everything of old but the new
// spec.finalizers, as the finalize subresource does.
func PrepareNamespaceForFinalize(ns, old *Namespace) {
	finalizers := ns.Spec.Finalizers
	rv := ns.ResourceVersion
	*ns = *old.DeepCopy()
	ns.Spec.Finalizers = finalizers
	ns.ResourceVersion = rv
}

func validateNamespacePhase(ns *Namespace) field.ErrorList {
	phasePath := field.NewPath("status", "phase")
	if ns.DeletionTimestamp.IsZero() {
		if ns.Status.Phase != NamespaceActive {
			return field.ErrorList{field.Invalid(phasePath, string(ns.Status.Phase), "may only be 'Active' if `deletionTimestamp` is empty")}
		}
	} else if ns.Status.Phase != NamespaceTerminating {
		return field.ErrorList{field.Invalid(phasePath, string(ns.Status.Phase), "may only be 'Terminating' if `deletionTimestamp` is not empty")}
	}
	return nil
}

// standardFinalizers are the finalizer names that need no domain prefix.
var standardFinalizers = map[string]bool{
	string(FinalizerKubernetes): true,
	"orphan":                    true,
	"foregroundDeletion":        true,
}

func validateNamespaceFinalizers(finalizers []FinalizerName, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, f := range finalizers {
		p, name := path.Index(i), string(f)
		msgs := validation.IsQualifiedName(name)
		for _, msg := range msgs {
			errs = append(errs, field.Invalid(p, name, msg))
		}
		if len(msgs) == 0 && !strings.Contains(name, "/") && !standardFinalizers[name] {
			errs = append(errs, field.Invalid(p, name, "name is neither a standard finalizer name nor is it fully qualified"))
		}
	}
	return errs
}
