package v1

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Resource name sets, as Kubernetes' core helper defines them.
var (
	quotaStandardResources = map[ResourceName]bool{
		ResourceCPU: true, ResourceMemory: true, ResourceEphemeralStorage: true,
		ResourceRequestsCPU: true, ResourceRequestsMemory: true, ResourceRequestsEphemeralStorage: true,
		ResourceLimitsCPU: true, ResourceLimitsMemory: true, ResourceLimitsEphemeralStorage: true,
		ResourcePods: true, ResourceQuotas: true, ResourceServices: true, ResourceReplicationControllers: true,
		ResourceSecrets: true, ResourcePersistentVolumeClaims: true, ResourceConfigMaps: true,
		ResourceStorage: true, ResourceRequestsStorage: true,
		ResourceServicesNodePorts: true, ResourceServicesLoadBalancers: true,
	}
	quotaStandardQuotaResources = map[ResourceName]bool{
		ResourceCPU: true, ResourceMemory: true, ResourceEphemeralStorage: true,
		ResourceRequestsCPU: true, ResourceRequestsMemory: true, ResourceRequestsStorage: true, ResourceRequestsEphemeralStorage: true,
		ResourceLimitsCPU: true, ResourceLimitsMemory: true, ResourceLimitsEphemeralStorage: true,
		ResourcePods: true, ResourceQuotas: true, ResourceServices: true, ResourceReplicationControllers: true,
		ResourceSecrets: true, ResourcePersistentVolumeClaims: true, ResourceConfigMaps: true,
		ResourceServicesNodePorts: true, ResourceServicesLoadBalancers: true,
	}
	quotaStandardContainerResources = map[ResourceName]bool{
		ResourceCPU: true, ResourceMemory: true, ResourceEphemeralStorage: true,
	}
	quotaIntegerResources = map[ResourceName]bool{
		ResourcePods: true, ResourceQuotas: true, ResourceServices: true, ResourceReplicationControllers: true,
		ResourceSecrets: true, ResourceConfigMaps: true, ResourcePersistentVolumeClaims: true,
		ResourceServicesNodePorts: true, ResourceServicesLoadBalancers: true,
	}
	quotaPodComputeResources = map[ResourceName]bool{
		ResourceCPU: true, ResourceMemory: true, ResourceLimitsCPU: true, ResourceLimitsMemory: true,
		ResourceRequestsCPU: true, ResourceRequestsMemory: true,
	}
	quotaScopes = []ResourceQuotaScope{
		ResourceQuotaScopeBestEffort, ResourceQuotaScopeCrossNamespacePodAffinity, ResourceQuotaScopeNotBestEffort,
		ResourceQuotaScopeNotTerminating, ResourceQuotaScopePriorityClass, ResourceQuotaScopeTerminating,
		ResourceQuotaScopeVolumeAttributesClass,
	}
)

// quotaIsHugePages reports a huge page resource name ("hugepages-2Mi").
func quotaIsHugePages(name ResourceName) bool {
	return strings.HasPrefix(string(name), ResourceHugePagesPrefix)
}

// quotaIsHugePagesQuota reports a huge page quota name ("requests.hugepages-2Mi").
func quotaIsHugePagesQuota(name ResourceName) bool {
	return quotaIsHugePages(name) || strings.HasPrefix(string(name), ResourceRequestsHugePagesPrefix)
}

// quotaIsNative reports a resource name without a domain, or in kubernetes.io.
func quotaIsNative(name ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), ResourceDefaultNamespacePrefix)
}

// quotaIsExtended reports an extended resource name ("example.com/gpu").
func quotaIsExtended(name ResourceName) bool {
	if quotaIsNative(name) || strings.HasPrefix(string(name), DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(DefaultResourceRequestsPrefix+string(name))) == 0
}

// quotaOvercommitAllowed reports whether requests may be below limits.
func quotaOvercommitAllowed(name ResourceName) bool {
	return quotaIsNative(name) && !quotaIsHugePages(name)
}

// validateQuotaResourceNameBase checks a qualified resource name that,
// without a domain, must be a standard resource.
func validateQuotaResourceNameBase(name ResourceName, path *field.Path) field.ErrorList {
	errs := validation.ValidateQualifiedName(string(name), path)
	if len(errs) != 0 {
		return errs
	}
	if !strings.Contains(string(name), "/") && !quotaStandardResources[name] && !quotaIsHugePagesQuota(name) {
		return field.ErrorList{field.Invalid(path, string(name), "must be a standard resource type or fully qualified")}
	}
	return nil
}

// validateQuotaContainerResourceName checks a resource name containers may use.
func validateQuotaContainerResourceName(name ResourceName, path *field.Path) field.ErrorList {
	errs := validateQuotaResourceNameBase(name, path)
	if !strings.Contains(string(name), "/") {
		if !quotaStandardContainerResources[name] && !quotaIsHugePages(name) {
			return append(errs, field.Invalid(path, string(name), "must be a standard resource for containers"))
		}
	} else if !quotaIsNative(name) && !quotaIsExtended(name) {
		return append(errs, field.Invalid(path, string(name), "doesn't follow extended resource name standard"))
	}
	return errs
}

// ValidateResourceQuotaResourceName checks a name that may appear in a quota.
func ValidateResourceQuotaResourceName(name ResourceName, path *field.Path) field.ErrorList {
	errs := validateQuotaResourceNameBase(name, path)
	if !strings.Contains(string(name), "/") && !quotaStandardQuotaResources[name] && !quotaIsHugePagesQuota(name) {
		return append(errs, field.Invalid(path, string(name), "must be a standard resource for quota"))
	}
	return errs
}

// validateQuotaQuantity checks that q is not negative, and is whole for
// counted resources (pods, services, ...) and extended resources.
func validateQuotaQuantity(name ResourceName, q resource.Quantity, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if q.Sign() < 0 {
		errs = append(errs, field.Invalid(path, q.String(), "must be greater than or equal to 0"))
	}
	if (quotaIntegerResources[name] || quotaIsExtended(name)) && q.MilliValue()%1000 != 0 {
		errs = append(errs, field.Invalid(path, q.String(), "must be an integer"))
	}
	return errs
}

var limitTypes = map[LimitType]bool{LimitTypePod: true, LimitTypeContainer: true, LimitTypePersistentVolumeClaim: true}

// ValidateLimitRange checks a LimitRange as Kubernetes does: types are
// standard or qualified and unique; resource names are valid for the type;
// for each resource min ≤ defaultRequest ≤ default ≤ max, and
// maxLimitRequestRatio ≥ 1 and ≤ max/min; Pod limits take no defaults and
// PersistentVolumeClaim limits need a storage min or max.
func ValidateLimitRange(lr *LimitRange) field.ErrorList {
	var errs field.ErrorList
	limitsPath := field.NewPath("spec", "limits")
	seenTypes := map[LimitType]bool{}
	for i := range lr.Spec.Limits {
		p := limitsPath.Index(i)
		item := &lr.Spec.Limits[i]

		typeErrs := validation.ValidateQualifiedName(string(item.Type), p.Child("type"))
		if len(typeErrs) == 0 && !strings.Contains(string(item.Type), "/") && !limitTypes[item.Type] {
			typeErrs = append(typeErrs, field.Invalid(p.Child("type"), string(item.Type), "must be a standard limit type or fully qualified"))
		}
		errs = append(errs, typeErrs...)
		if seenTypes[item.Type] {
			errs = append(errs, field.Duplicate(p.Child("type"), string(item.Type)))
		}
		seenTypes[item.Type] = true

		nameFn := validateQuotaResourceNameBase
		if item.Type == LimitTypePod || item.Type == LimitTypeContainer {
			nameFn = validateQuotaContainerResourceName
		}
		keys := map[ResourceName]bool{}
		check := func(list ResourceList, child string) {
			for _, k := range sortedResNames(list) {
				errs = append(errs, nameFn(k, p.Child(child).Key(string(k)))...)
				keys[k] = true
			}
		}
		check(item.Max, "max")
		check(item.Min, "min")
		if item.Type == LimitTypePod {
			if len(item.Default) > 0 {
				errs = append(errs, field.Forbidden(p.Child("default"), "may not be specified when `type` is 'Pod'"))
			}
			if len(item.DefaultRequest) > 0 {
				errs = append(errs, field.Forbidden(p.Child("defaultRequest"), "may not be specified when `type` is 'Pod'"))
			}
		} else {
			check(item.Default, "default")
			check(item.DefaultRequest, "defaultRequest")
		}
		if item.Type == LimitTypePersistentVolumeClaim {
			_, hasMin := item.Min[ResourceStorage]
			_, hasMax := item.Max[ResourceStorage]
			if !hasMin && !hasMax {
				errs = append(errs, field.Required(p.Child("limits"), "either minimum or maximum storage value is required, but neither was provided"))
			}
		}
		check(item.MaxLimitRequestRatio, "maxLimitRequestRatio")

		var defaults, defaultRequests ResourceList
		if item.Type != LimitTypePod {
			defaults, defaultRequests = item.Default, item.DefaultRequest
		}
		for _, k := range sortedResSet(keys) {
			minQ, hasMin := item.Min[k]
			maxQ, hasMax := item.Max[k]
			defQ, hasDef := defaults[k]
			reqQ, hasReq := defaultRequests[k]
			ratio, hasRatio := item.MaxLimitRequestRatio[k]
			key := string(k)

			if hasMin && hasMax && minQ.Cmp(maxQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("min").Key(key), minQ.String(), fmt.Sprintf("min value %s is greater than max value %s", minQ.String(), maxQ.String())))
			}
			if hasReq && hasMin && minQ.Cmp(reqQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("defaultRequest").Key(key), reqQ.String(), fmt.Sprintf("min value %s is greater than default request value %s", minQ.String(), reqQ.String())))
			}
			if hasReq && hasMax && reqQ.Cmp(maxQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("defaultRequest").Key(key), reqQ.String(), fmt.Sprintf("default request value %s is greater than max value %s", reqQ.String(), maxQ.String())))
			}
			if hasReq && hasDef && reqQ.Cmp(defQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("defaultRequest").Key(key), reqQ.String(), fmt.Sprintf("default request value %s is greater than default limit value %s", reqQ.String(), defQ.String())))
			}
			if hasDef && hasMin && minQ.Cmp(defQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("default").Key(key), minQ.String(), fmt.Sprintf("min value %s is greater than default value %s", minQ.String(), defQ.String())))
			}
			if hasDef && hasMax && defQ.Cmp(maxQ) > 0 {
				errs = append(errs, field.Invalid(p.Child("default").Key(key), maxQ.String(), fmt.Sprintf("default value %s is greater than max value %s", defQ.String(), maxQ.String())))
			}
			if hasRatio && ratio.Cmp(*resource.NewQuantity(1, resource.DecimalSI)) < 0 {
				errs = append(errs, field.Invalid(p.Child("maxLimitRequestRatio").Key(key), ratio.String(), fmt.Sprintf("ratio %s is less than 1", ratio.String())))
			}
			if hasRatio && hasMin && hasMax {
				ratioV, minV, maxV := float64(ratio.Value()), minQ.Value(), maxQ.Value()
				const maxMilli = math.MaxInt64 / 1000
				if ratio.Value() < maxMilli && minV < maxMilli && maxV < maxMilli {
					ratioV, minV, maxV = float64(ratio.MilliValue())/1000, minQ.MilliValue(), maxQ.MilliValue()
				}
				if limit := float64(maxV) / float64(minV); ratioV > limit {
					errs = append(errs, field.Invalid(p.Child("maxLimitRequestRatio").Key(key), ratio.String(), fmt.Sprintf("ratio %s is greater than max/min = %f", ratio.String(), limit)))
				}
			}
			// Resources that cannot be overcommitted (huge pages,
			// extended resources) need equal default limit and request.
			if !quotaOvercommitAllowed(k) && hasDef && hasReq && defQ.Cmp(reqQ) != 0 {
				errs = append(errs, field.Invalid(p.Child("defaultRequest").Key(key), reqQ.String(), fmt.Sprintf("default value %s must equal to defaultRequest value %s in %s", defQ.String(), reqQ.String(), key)))
			}
		}
	}
	return errs
}

// ValidateResourceQuota checks a ResourceQuota: its spec and status.
func ValidateResourceQuota(q *ResourceQuota) field.ErrorList {
	errs := validateResourceQuotaSpec(&q.Spec, field.NewPath("spec"))
	return append(errs, ValidateResourceQuotaStatus(&q.Status, field.NewPath("status"))...)
}

// ValidateResourceQuotaUpdate checks an update of a ResourceQuota: the new
// spec and status are valid and the scopes did not change.
func ValidateResourceQuotaUpdate(q, old *ResourceQuota) field.ErrorList {
	errs := ValidateResourceQuota(q)
	oldScopes, newScopes := map[ResourceQuotaScope]bool{}, map[ResourceQuotaScope]bool{}
	for _, s := range old.Spec.Scopes {
		oldScopes[s] = true
	}
	for _, s := range q.Spec.Scopes {
		newScopes[s] = true
	}
	same := len(oldScopes) == len(newScopes)
	for s := range newScopes {
		same = same && oldScopes[s]
	}
	if !same {
		errs = append(errs, field.Invalid(field.NewPath("spec", "scopes"), q.Spec.Scopes, "field is immutable"))
	}
	return errs
}

// ValidateResourceQuotaStatus checks the names and quantities of status.hard and status.used.
func ValidateResourceQuotaStatus(st *ResourceQuotaStatus, path *field.Path) field.ErrorList {
	errs := validateQuotaList(st.Hard, path.Child("hard"))
	return append(errs, validateQuotaList(st.Used, path.Child("used"))...)
}

func validateQuotaList(list ResourceList, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, k := range sortedResNames(list) {
		p := path.Key(string(k))
		errs = append(errs, ValidateResourceQuotaResourceName(k, p)...)
		errs = append(errs, validateQuotaQuantity(k, list[k], p)...)
	}
	return errs
}

func validateResourceQuotaSpec(spec *ResourceQuotaSpec, path *field.Path) field.ErrorList {
	errs := validateQuotaList(spec.Hard, path.Child("hard"))
	hard := sortedResNames(spec.Hard)
	conflicting := func(set map[ResourceQuotaScope]bool) bool {
		return (set[ResourceQuotaScopeBestEffort] && set[ResourceQuotaScopeNotBestEffort]) ||
			(set[ResourceQuotaScopeTerminating] && set[ResourceQuotaScopeNotTerminating])
	}

	if len(spec.Scopes) > 0 {
		p := path.Child("scopes")
		set := map[ResourceQuotaScope]bool{}
		for _, scope := range spec.Scopes {
			if !memberOf(scope, quotaScopes) {
				errs = append(errs, field.Invalid(p, spec.Scopes, "unsupported scope"))
			}
			for _, k := range hard {
				if quotaStandardQuotaResources[k] && !quotaScopeValidForResource(scope, k) {
					errs = append(errs, field.Invalid(p, spec.Scopes, "unsupported scope applied to resource"))
				}
			}
			set[scope] = true
		}
		if conflicting(set) {
			errs = append(errs, field.Invalid(p, spec.Scopes, "conflicting scopes"))
		}
	}

	if spec.ScopeSelector != nil {
		p := path.Child("scopeSelector", "matchExpressions")
		set := map[ResourceQuotaScope]bool{}
		for i, req := range spec.ScopeSelector.MatchExpressions {
			rp := p.Index(i)
			if !memberOf(req.ScopeName, quotaScopes) {
				errs = append(errs, field.Invalid(rp.Child("scopeName"), string(req.ScopeName), "unsupported scope"))
			}
			for _, k := range hard {
				if quotaStandardQuotaResources[k] && !quotaScopeValidForResource(req.ScopeName, k) {
					errs = append(errs, field.Invalid(p, spec.ScopeSelector, "unsupported scope applied to resource"))
				}
			}
			switch req.ScopeName {
			case ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort, ResourceQuotaScopeTerminating,
				ResourceQuotaScopeNotTerminating, ResourceQuotaScopeCrossNamespacePodAffinity:
				if req.Operator != ScopeSelectorOpExists {
					errs = append(errs, field.Invalid(rp.Child("operator"), string(req.Operator),
						"must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"))
				}
			}
			switch req.Operator {
			case ScopeSelectorOpIn, ScopeSelectorOpNotIn:
				if len(req.Values) == 0 {
					errs = append(errs, field.Required(rp.Child("values"), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"))
				}
			case ScopeSelectorOpExists, ScopeSelectorOpDoesNotExist:
				if len(req.Values) != 0 {
					errs = append(errs, field.Invalid(rp.Child("values"), req.Values, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"))
				}
			default:
				errs = append(errs, field.Invalid(rp.Child("operator"), string(req.Operator), "not a valid selector operator"))
			}
			set[req.ScopeName] = true
		}
		if conflicting(set) {
			errs = append(errs, field.Invalid(p, spec.Scopes, "conflicting scopes"))
		}
	}
	return errs
}

// quotaScopeValidForResource reports whether a quota scope can track a
// standard resource: pod scopes track pods and their compute resources,
// BestEffort only pod counts, VolumeAttributesClass only claims.
func quotaScopeValidForResource(scope ResourceQuotaScope, name ResourceName) bool {
	switch scope {
	case ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeNotBestEffort,
		ResourceQuotaScopePriorityClass, ResourceQuotaScopeCrossNamespacePodAffinity:
		return name == ResourcePods || quotaPodComputeResources[name]
	case ResourceQuotaScopeBestEffort:
		return name == ResourcePods
	case ResourceQuotaScopeVolumeAttributesClass:
		return name == ResourcePersistentVolumeClaims || name == ResourceRequestsStorage
	}
	return true
}

func sortedResNames(list ResourceList) []ResourceName {
	out := make([]ResourceName, 0, len(list))
	for k := range list {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func sortedResSet(set map[ResourceName]bool) []ResourceName {
	out := make([]ResourceName, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
