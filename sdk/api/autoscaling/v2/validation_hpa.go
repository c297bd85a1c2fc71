package v2

import (
	"fmt"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Limits of scaling rules, as in Kubernetes.
const (
	// MaxPeriodSeconds is the longest scaling policy period.
	MaxPeriodSeconds int32 = 1800
	// MaxStabilizationWindowSeconds is the longest stabilization window.
	MaxStabilizationWindowSeconds int32 = 3600
)

// ValidateHorizontalPodAutoscaler checks a new autoscaler (its metadata is
// checked by the registry). minReplicas must be at least 1: scaling to zero
// is an alpha feature of Kubernetes that Gantry does not enable.
func ValidateHorizontalPodAutoscaler(obj *HorizontalPodAutoscaler) field.ErrorList {
	return validateHPASpec(&obj.Spec, field.NewPath("spec"), 1)
}

// ValidateHorizontalPodAutoscalerUpdate checks an update of old into obj;
// an autoscaler that already had minReplicas 0 may keep it. The status
// counters are checked too (a status update writes them).
func ValidateHorizontalPodAutoscalerUpdate(obj, old *HorizontalPodAutoscaler) field.ErrorList {
	lower := int32(1)
	if old.Spec.MinReplicas != nil && *old.Spec.MinReplicas == 0 {
		lower = 0
	}
	errs := validateHPASpec(&obj.Spec, field.NewPath("spec"), lower)
	errs = append(errs, validation.ValidateNonnegativeField(int64(obj.Status.CurrentReplicas), field.NewPath("status", "currentReplicas"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(obj.Status.DesiredReplicas), field.NewPath("status", "desiredReplicas"))...)
	return errs
}

func validateHPASpec(spec *HorizontalPodAutoscalerSpec, path *field.Path, minReplicasLowerBound int32) field.ErrorList {
	var errs field.ErrorList
	if spec.MinReplicas != nil && *spec.MinReplicas < minReplicasLowerBound {
		errs = append(errs, field.Invalid(path.Child("minReplicas"), *spec.MinReplicas,
			fmt.Sprintf("must be greater than or equal to %d", minReplicasLowerBound)))
	}
	if spec.MaxReplicas < 1 {
		errs = append(errs, field.Invalid(path.Child("maxReplicas"), spec.MaxReplicas, "must be greater than 0"))
	}
	if spec.MinReplicas != nil && spec.MaxReplicas < *spec.MinReplicas {
		errs = append(errs, field.Invalid(path.Child("maxReplicas"), spec.MaxReplicas, "must be greater than or equal to `minReplicas`"))
	}
	errs = append(errs, ValidateCrossVersionObjectReference(spec.ScaleTargetRef, path.Child("scaleTargetRef"))...)
	errs = append(errs, validateMetrics(spec.Metrics, path.Child("metrics"), spec.MinReplicas)...)
	if b := spec.Behavior; b != nil {
		errs = append(errs, validateScalingRules(b.ScaleUp, path.Child("behavior", "scaleUp"))...)
		errs = append(errs, validateScalingRules(b.ScaleDown, path.Child("behavior", "scaleDown"))...)
	}
	return errs
}

// ValidateCrossVersionObjectReference checks that kind and name are set and
// usable in a URL path.
func ValidateCrossVersionObjectReference(ref CrossVersionObjectReference, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(ref.Kind) == 0 {
		errs = append(errs, field.Required(path.Child("kind"), ""))
	} else {
		for _, msg := range validation.ValidatePathSegmentName(ref.Kind, false) {
			errs = append(errs, field.Invalid(path.Child("kind"), ref.Kind, msg))
		}
	}
	if len(ref.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), ""))
	} else {
		for _, msg := range validation.ValidatePathSegmentName(ref.Name, false) {
			errs = append(errs, field.Invalid(path.Child("name"), ref.Name, msg))
		}
	}
	return errs
}

func validateMetrics(metrics []MetricSpec, path *field.Path, minReplicas *int32) field.ErrorList {
	var errs field.ErrorList
	hasObjectOrExternal := false
	for i := range metrics {
		errs = append(errs, validateMetricSpec(&metrics[i], path.Index(i))...)
		if t := metrics[i].Type; t == ObjectMetricSourceType || t == ExternalMetricSourceType {
			hasObjectOrExternal = true
		}
	}
	if minReplicas != nil && *minReplicas == 0 && !hasObjectOrExternal {
		errs = append(errs, field.Forbidden(path, "must specify at least one Object or External metric to support scaling to zero replicas"))
	}
	return errs
}

var validMetricSourceTypes = []MetricSourceType{
	ContainerResourceMetricSourceType, ExternalMetricSourceType, ObjectMetricSourceType, PodsMetricSourceType, ResourceMetricSourceType,
}

func validateMetricSpec(spec *MetricSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(spec.Type) == 0 {
		errs = append(errs, field.Required(path.Child("type"), "must specify a metric source type"))
	}
	known := false
	for _, t := range validMetricSourceTypes {
		known = known || t == spec.Type
	}
	if !known {
		errs = append(errs, field.NotSupported(path.Child("type"), string(spec.Type), validMetricSourceTypes))
	}

	// Sources are checked in Kubernetes' order; only the first one present is
	// validated, the others are reported as forbidden below.
	var present []string
	if spec.Object != nil {
		if present = append(present, "object"); len(present) == 1 {
			errs = append(errs, validateObjectSource(spec.Object, path.Child("object"))...)
		}
	}
	if spec.External != nil {
		if present = append(present, "external"); len(present) == 1 {
			errs = append(errs, validateExternalSource(spec.External, path.Child("external"))...)
		}
	}
	if spec.Pods != nil {
		if present = append(present, "pods"); len(present) == 1 {
			errs = append(errs, validatePodsSource(spec.Pods, path.Child("pods"))...)
		}
	}
	if spec.Resource != nil {
		if present = append(present, "resource"); len(present) == 1 {
			errs = append(errs, validateResourceSource(spec.Resource, path.Child("resource"))...)
		}
	}
	if spec.ContainerResource != nil {
		if present = append(present, "containerResource"); len(present) == 1 {
			errs = append(errs, validateContainerResourceSource(spec.ContainerResource, path.Child("containerResource"))...)
		}
	}

	const missing = "must populate information for the given metric source"
	var expected string
	switch spec.Type {
	case ObjectMetricSourceType:
		if spec.Object == nil {
			errs = append(errs, field.Required(path.Child("object"), missing))
		}
		expected = "object"
	case PodsMetricSourceType:
		if spec.Pods == nil {
			errs = append(errs, field.Required(path.Child("pods"), missing))
		}
		expected = "pods"
	case ResourceMetricSourceType:
		if spec.Resource == nil {
			errs = append(errs, field.Required(path.Child("resource"), missing))
		}
		expected = "resource"
	case ExternalMetricSourceType:
		if spec.External == nil {
			errs = append(errs, field.Required(path.Child("external"), missing))
		}
		expected = "external"
	case ContainerResourceMetricSourceType:
		if spec.ContainerResource == nil {
			errs = append(errs, field.Required(path.Child("containerResource"), missing))
		}
		expected = "containerResource"
	default:
		errs = append(errs, field.NotSupported(path.Child("type"), string(spec.Type), validMetricSourceTypes))
	}
	if len(present) != 1 {
		for _, p := range sortedStrings(present) {
			if p != expected {
				errs = append(errs, field.Forbidden(path.Child(p), "must populate the given metric source only"))
			}
		}
	}
	return errs
}

func validateObjectSource(src *ObjectMetricSource, path *field.Path) field.ErrorList {
	errs := ValidateCrossVersionObjectReference(src.DescribedObject, path.Child("describedObject"))
	errs = append(errs, validateMetricIdentifier(src.Metric, path.Child("metric"))...)
	errs = append(errs, validateMetricTarget(src.Target, path.Child("target"))...)
	if src.Target.Value == nil && src.Target.AverageValue == nil {
		errs = append(errs, field.Required(path.Child("target", "averageValue"), "must set either a target value or averageValue"))
	}
	return errs
}

func validateExternalSource(src *ExternalMetricSource, path *field.Path) field.ErrorList {
	errs := validateMetricIdentifier(src.Metric, path.Child("metric"))
	errs = append(errs, validateMetricTarget(src.Target, path.Child("target"))...)
	if src.Target.Value == nil && src.Target.AverageValue == nil {
		errs = append(errs, field.Required(path.Child("target", "averageValue"), "must set either a target value for metric or a per-pod target"))
	}
	if src.Target.Value != nil && src.Target.AverageValue != nil {
		errs = append(errs, field.Forbidden(path.Child("target", "value"), "may not set both a target value for metric and a per-pod target"))
	}
	return errs
}

func validatePodsSource(src *PodsMetricSource, path *field.Path) field.ErrorList {
	errs := validateMetricIdentifier(src.Metric, path.Child("metric"))
	errs = append(errs, validateMetricTarget(src.Target, path.Child("target"))...)
	if src.Target.AverageValue == nil {
		errs = append(errs, field.Required(path.Child("target", "averageValue"), "must specify a positive target averageValue"))
	}
	return errs
}

func validateResourceSource(src *ResourceMetricSource, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(src.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), "must specify a resource name"))
	}
	errs = append(errs, validateMetricTarget(src.Target, path.Child("target"))...)
	errs = append(errs, validateUtilizationOrAverageValue(src.Target, path.Child("target"))...)
	return errs
}

func validateContainerResourceSource(src *ContainerResourceMetricSource, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(src.Name) == 0 {
		errs = append(errs, field.Required(path.Child("name"), "must specify a resource name"))
	} else {
		errs = append(errs, validateContainerResourceName(string(src.Name), path.Child("name"))...)
	}
	if len(src.Container) == 0 {
		errs = append(errs, field.Required(path.Child("container"), "must specify a container"))
	} else {
		for _, msg := range validation.IsDNS1123Label(src.Container) {
			errs = append(errs, field.Invalid(path.Child("container"), src.Container, msg))
		}
	}
	errs = append(errs, validateMetricTarget(src.Target, path.Child("target"))...)
	errs = append(errs, validateUtilizationOrAverageValue(src.Target, path.Child("target"))...)
	return errs
}

func validateUtilizationOrAverageValue(t MetricTarget, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if t.AverageUtilization == nil && t.AverageValue == nil {
		errs = append(errs, field.Required(path.Child("averageUtilization"), "must set either a target raw value or a target utilization"))
	}
	if t.AverageUtilization != nil && t.AverageValue != nil {
		errs = append(errs, field.Forbidden(path.Child("averageValue"), "may not set both a target raw value and a target utilization"))
	}
	return errs
}

func validateMetricTarget(t MetricTarget, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(t.Type) == 0 {
		errs = append(errs, field.Required(path.Child("type"), "must specify a metric target type"))
	}
	if t.Type != UtilizationMetricType && t.Type != ValueMetricType && t.Type != AverageValueMetricType {
		errs = append(errs, field.Invalid(path.Child("type"), string(t.Type), "must be either Utilization, Value, or AverageValue"))
	}
	if t.Value != nil && t.Value.Sign() != 1 {
		errs = append(errs, field.Invalid(path.Child("value"), t.Value, "must be positive"))
	}
	if t.AverageValue != nil && t.AverageValue.Sign() != 1 {
		errs = append(errs, field.Invalid(path.Child("averageValue"), t.AverageValue, "must be positive"))
	}
	if t.AverageUtilization != nil && *t.AverageUtilization < 1 {
		errs = append(errs, field.Invalid(path.Child("averageUtilization"), t.AverageUtilization, "must be greater than 0"))
	}
	return errs
}

func validateMetricIdentifier(id MetricIdentifier, path *field.Path) field.ErrorList {
	if len(id.Name) == 0 {
		return field.ErrorList{field.Required(path.Child("name"), "must specify a metric name")}
	}
	var errs field.ErrorList
	for _, msg := range validation.ValidatePathSegmentName(id.Name, false) {
		errs = append(errs, field.Invalid(path.Child("name"), id.Name, msg))
	}
	return errs
}

var validSelectPolicies = []ScalingPolicySelect{DisabledPolicySelect, MaxChangePolicySelect, MinChangePolicySelect}

var validPolicyTypes = []HPAScalingPolicyType{PercentScalingPolicy, PodsScalingPolicy}

func validateScalingRules(r *HPAScalingRules, path *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	var errs field.ErrorList
	if w := r.StabilizationWindowSeconds; w != nil {
		if *w < 0 {
			errs = append(errs, field.Invalid(path.Child("stabilizationWindowSeconds"), w, "must be greater than or equal to zero"))
		}
		if *w > MaxStabilizationWindowSeconds {
			errs = append(errs, field.Invalid(path.Child("stabilizationWindowSeconds"), w,
				fmt.Sprintf("must be less than or equal to %v", MaxStabilizationWindowSeconds)))
		}
	}
	if p := r.SelectPolicy; p != nil && *p != MaxChangePolicySelect && *p != MinChangePolicySelect && *p != DisabledPolicySelect {
		errs = append(errs, field.NotSupported(path.Child("selectPolicy"), string(*p), validSelectPolicies))
	}
	pp := path.Child("policies")
	if len(r.Policies) == 0 {
		errs = append(errs, field.Required(pp, "must specify at least one Policy"))
	}
	for i, p := range r.Policies {
		ip := pp.Index(i)
		if p.Type != PodsScalingPolicy && p.Type != PercentScalingPolicy {
			errs = append(errs, field.NotSupported(ip.Child("type"), string(p.Type), validPolicyTypes))
		}
		if p.Value <= 0 {
			errs = append(errs, field.Invalid(ip.Child("value"), p.Value, "must be greater than zero"))
		}
		if p.PeriodSeconds <= 0 {
			errs = append(errs, field.Invalid(ip.Child("periodSeconds"), p.PeriodSeconds, "must be greater than zero"))
		}
		if p.PeriodSeconds > MaxPeriodSeconds {
			errs = append(errs, field.Invalid(ip.Child("periodSeconds"), p.PeriodSeconds,
				fmt.Sprintf("must be less than or equal to %v", MaxPeriodSeconds)))
		}
	}
	return errs
}

// validateContainerResourceName checks a resource name of a container metric
// as Kubernetes does: a qualified name that is a standard container resource
// (cpu, memory, ephemeral-storage, hugepages-*) or, with a domain, a native
// (kubernetes.io) or extended resource.
func validateContainerResourceName(name string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsQualifiedName(name) {
		errs = append(errs, field.Invalid(path, name, msg))
	}
	if len(errs) > 0 {
		return errs
	}
	if !strings.Contains(name, "/") {
		if !isStandardResourceName(name) {
			errs = append(errs, field.Invalid(path, name, "must be a standard resource type or fully qualified"))
		}
		if !isStandardContainerResourceName(name) {
			errs = append(errs, field.Invalid(path, name, "must be a standard resource for containers"))
		}
		return errs
	}
	native := strings.Contains(name, "kubernetes.io/")
	if !native && (strings.HasPrefix(name, "requests.") || len(validation.IsQualifiedName("requests."+name)) > 0) {
		errs = append(errs, field.Invalid(path, name, "doesn't follow extended resource name standard"))
	}
	return errs
}

func isStandardContainerResourceName(name string) bool {
	switch name {
	case "cpu", "memory", "ephemeral-storage":
		return true
	}
	return strings.HasPrefix(name, "hugepages-")
}

func isStandardResourceName(name string) bool {
	switch name {
	case "cpu", "memory", "ephemeral-storage", "storage",
		"requests.cpu", "requests.memory", "requests.ephemeral-storage", "requests.storage",
		"limits.cpu", "limits.memory", "limits.ephemeral-storage",
		"pods", "services", "replicationcontrollers", "resourcequotas", "secrets",
		"persistentvolumeclaims", "configmaps", "services.nodeports", "services.loadbalancers":
		return true
	}
	return strings.HasPrefix(name, "hugepages-") || strings.HasPrefix(name, "requests.hugepages-")
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
