package validation

import (
	"fmt"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// TotalAnnotationSizeLimitB is the total size of all annotation keys and values.
const TotalAnnotationSizeLimitB = 256 * (1 << 10)

// NameFunc validates an object name; prefix is true when validating a
// generateName prefix (a trailing '-' is then allowed).
type NameFunc func(name string, prefix bool) []string

// NameIsDNSSubdomain validates names that must be DNS-1123 subdomains.
func NameIsDNSSubdomain(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1123Subdomain(name)
}

// NameIsDNSLabel validates names that must be DNS-1123 labels.
func NameIsDNSLabel(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1123Label(name)
}

// NameIsDNS1035Label validates names that must be DNS-1035 labels (Services).
func NameIsDNS1035Label(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1035Label(name)
}

// ValidatePathSegmentName checks a name that only has to be usable in a URL path.
func ValidatePathSegmentName(name string, prefix bool) []string {
	var errs []string
	if name == "." || name == ".." {
		errs = append(errs, fmt.Sprintf("may not be '%s'", name))
	}
	for _, illegal := range []string{"/", "%"} {
		if strings.Contains(name, illegal) {
			errs = append(errs, fmt.Sprintf(`may not contain '%s'`, illegal))
		}
	}
	return errs
}

func maskTrailingDash(name string) string {
	if len(name) > 1 && strings.HasSuffix(name, "-") {
		return name[:len(name)-2] + "a"
	}
	return name
}

// ValidateObjectMeta checks the metadata of an object on create. namespaced
// says whether the kind is namespaced; nameFn checks the name.
func ValidateObjectMeta(m *meta.ObjectMeta, namespaced bool, nameFn NameFunc, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(m.GenerateName) != 0 {
		for _, msg := range nameFn(m.GenerateName, true) {
			errs = append(errs, field.Invalid(path.Child("generateName"), m.GenerateName, msg))
		}
	}
	if len(m.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), "name or generateName is required"))
	} else {
		for _, msg := range nameFn(m.Name, false) {
			errs = append(errs, field.Invalid(path.Child("name"), m.Name, msg))
		}
	}
	if namespaced {
		if len(m.Namespace) == 0 {
			errs = append(errs, field.Required(path.Child("namespace"), ""))
		} else {
			for _, msg := range IsDNS1123Label(m.Namespace) {
				errs = append(errs, field.Invalid(path.Child("namespace"), m.Namespace, msg))
			}
		}
	} else if len(m.Namespace) != 0 {
		errs = append(errs, field.Forbidden(path.Child("namespace"), "not allowed on this type"))
	}
	if m.Generation < 0 {
		errs = append(errs, field.Invalid(path.Child("generation"), m.Generation, "must be greater than or equal to 0"))
	}
	errs = append(errs, ValidateLabels(m.Labels, path.Child("labels"))...)
	errs = append(errs, ValidateAnnotations(m.Annotations, path.Child("annotations"))...)
	errs = append(errs, ValidateOwnerReferences(m.OwnerReferences, path.Child("ownerReferences"))...)
	errs = append(errs, ValidateFinalizers(m.Finalizers, path.Child("finalizers"))...)
	return errs
}

// ValidateObjectMetaUpdate checks metadata changes on update: name,
// namespace, uid and creationTimestamp are immutable.
func ValidateObjectMetaUpdate(m, old *meta.ObjectMeta, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if m.Name != old.Name {
		errs = append(errs, field.Invalid(path.Child("name"), m.Name, "field is immutable"))
	}
	if m.Namespace != old.Namespace {
		errs = append(errs, field.Invalid(path.Child("namespace"), m.Namespace, "field is immutable"))
	}
	if m.UID != old.UID {
		errs = append(errs, field.Invalid(path.Child("uid"), m.UID, "field is immutable"))
	}
	if !m.CreationTimestamp.Equal(&old.CreationTimestamp) {
		errs = append(errs, field.Invalid(path.Child("creationTimestamp"), m.CreationTimestamp, "field is immutable"))
	}
	if old.DeletionTimestamp != nil {
		// Once deleting, no finalizer may be added.
		for _, f := range m.Finalizers {
			if !old.HasFinalizer(f) {
				errs = append(errs, field.Forbidden(path.Child("finalizers"),
					fmt.Sprintf("no new finalizers can be added if the object is being deleted, found new finalizer %q", f)))
			}
		}
	}
	errs = append(errs, ValidateLabels(m.Labels, path.Child("labels"))...)
	errs = append(errs, ValidateAnnotations(m.Annotations, path.Child("annotations"))...)
	errs = append(errs, ValidateOwnerReferences(m.OwnerReferences, path.Child("ownerReferences"))...)
	errs = append(errs, ValidateFinalizers(m.Finalizers, path.Child("finalizers"))...)
	return errs
}

// ValidateLabels checks label keys (qualified names) and values.
func ValidateLabels(labels map[string]string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for k, v := range labels {
		for _, msg := range IsQualifiedName(k) {
			errs = append(errs, field.Invalid(path, k, msg))
		}
		for _, msg := range IsValidLabelValue(v) {
			errs = append(errs, field.Invalid(path.Key(k), v, msg))
		}
	}
	return errs
}

// ValidateAnnotations checks annotation keys and their total size (256 KiB).
func ValidateAnnotations(annotations map[string]string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	size := 0
	for k, v := range annotations {
		for _, msg := range IsQualifiedName(strings.ToLower(k)) {
			errs = append(errs, field.Invalid(path, k, msg))
		}
		size += len(k) + len(v)
	}
	if size > TotalAnnotationSizeLimitB {
		errs = append(errs, field.TooLong(path, "", TotalAnnotationSizeLimitB))
	}
	return errs
}

// ValidateOwnerReferences checks each reference and that at most one is the controller.
func ValidateOwnerReferences(refs []meta.OwnerReference, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	controllers := 0
	for i, r := range refs {
		p := path.Index(i)
		if r.APIVersion == "" {
			errs = append(errs, field.Invalid(p.Child("apiVersion"), r.APIVersion, "version must not be empty"))
		}
		if r.Kind == "" {
			errs = append(errs, field.Invalid(p.Child("kind"), r.Kind, "kind must not be empty"))
		}
		if r.Name == "" {
			errs = append(errs, field.Invalid(p.Child("name"), r.Name, "name must not be empty"))
		}
		if r.UID == "" {
			errs = append(errs, field.Invalid(p.Child("uid"), r.UID, "uid must not be empty"))
		}
		if r.Controller != nil && *r.Controller {
			controllers++
		}
	}
	if controllers > 1 {
		errs = append(errs, field.Invalid(path, refs, "Only one reference can have Controller set to true"))
	}
	return errs
}

// ValidateFinalizers checks finalizer names (qualified names) and duplicates.
func ValidateFinalizers(finalizers []string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := make(map[string]bool, len(finalizers))
	for i, f := range finalizers {
		for _, msg := range IsQualifiedName(f) {
			errs = append(errs, field.Invalid(path.Index(i), f, msg))
		}
		if seen[f] {
			errs = append(errs, field.Duplicate(path.Index(i), f))
		}
		seen[f] = true
	}
	return errs
}

// ValidateLabelSelector checks a structured selector: operators, values
// required for In/NotIn and forbidden for Exists/DoesNotExist, keys and values.
func ValidateLabelSelector(s *meta.LabelSelector, path *field.Path) field.ErrorList {
	if s == nil {
		return nil
	}
	var errs field.ErrorList
	for i, r := range s.MatchExpressions {
		p := path.Child("matchExpressions").Index(i)
		switch r.Operator {
		case meta.LabelSelectorOpIn, meta.LabelSelectorOpNotIn:
			if len(r.Values) == 0 {
				errs = append(errs, field.Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
			}
		case meta.LabelSelectorOpExists, meta.LabelSelectorOpDoesNotExist:
			if len(r.Values) > 0 {
				errs = append(errs, field.Forbidden(p.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
			}
		default:
			errs = append(errs, field.Invalid(p.Child("operator"), r.Operator, "not a valid selector operator"))
		}
		for _, msg := range IsQualifiedName(r.Key) {
			errs = append(errs, field.Invalid(p.Child("key"), r.Key, msg))
		}
		for j, v := range r.Values {
			for _, msg := range IsValidLabelValue(v) {
				errs = append(errs, field.Invalid(p.Child("values").Index(j), v, msg))
			}
		}
	}
	errs = append(errs, ValidateLabels(s.MatchLabels, path.Child("matchLabels"))...)
	return errs
}

// ValidateNonnegativeField checks value >= 0.
func ValidateNonnegativeField(value int64, path *field.Path) field.ErrorList {
	if value < 0 {
		return field.ErrorList{field.Invalid(path, value, "must be greater than or equal to 0")}
	}
	return nil
}

// ValidatePositiveField checks value > 0.
func ValidatePositiveField(value int64, path *field.Path) field.ErrorList {
	if value <= 0 {
		return field.ErrorList{field.Invalid(path, value, "must be greater than 0")}
	}
	return nil
}

// ValidateImmutableField reports an error when new differs from old.
func ValidateImmutableField[T comparable](newVal, oldVal T, path *field.Path) field.ErrorList {
	if newVal != oldVal {
		return field.ErrorList{field.Invalid(path, newVal, "field is immutable")}
	}
	return nil
}
