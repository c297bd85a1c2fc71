package resourcequota

import (
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// This file holds what a ResourceQuota status controller shares with the
// admission plugin: how much of which quota resources an object uses, and
// which quotas track an object. It depends only on sdk/api.

// groupResource names a resource without its version.
type groupResource struct {
	Group    string
	Resource string
}

// countName is the object count resource of gr: "count/pods",
// "count/deployments.apps".
func countName(gr groupResource) corev1.ResourceName {
	if gr.Group == "" {
		return corev1.ResourceName("count/" + gr.Resource)
	}
	return corev1.ResourceName("count/" + gr.Resource + "." + gr.Group)
}

// legacyCountNames are the object count names older than count/<resource>.
var legacyCountNames = map[groupResource]corev1.ResourceName{
	{Resource: "configmaps"}:             corev1.ResourceConfigMaps,
	{Resource: "resourcequotas"}:         corev1.ResourceQuotas,
	{Resource: "replicationcontrollers"}: corev1.ResourceReplicationControllers,
	{Resource: "secrets"}:                corev1.ResourceSecrets,
	{Resource: "persistentvolumeclaims"}: corev1.ResourcePersistentVolumeClaims,
}

// ignored are resources quota never counts: virtual resources that are not
// stored, and events, as in Kubernetes.
var ignored = map[groupResource]bool{
	{Resource: "bindings"}:                                                 true,
	{Resource: "componentstatuses"}:                                        true,
	{Resource: "events"}:                                                   true,
	{Group: "events.k8s.io", Resource: "events"}:                           true,
	{Group: "authentication.k8s.io", Resource: "tokenreviews"}:             true,
	{Group: "authentication.k8s.io", Resource: "selfsubjectreviews"}:       true,
	{Group: "authorization.k8s.io", Resource: "subjectaccessreviews"}:      true,
	{Group: "authorization.k8s.io", Resource: "selfsubjectaccessreviews"}:  true,
	{Group: "authorization.k8s.io", Resource: "localsubjectaccessreviews"}: true,
	{Group: "authorization.k8s.io", Resource: "selfsubjectrulesreviews"}:   true,
	{Resource: "namespaces"}:                                               true,
}

// Usage returns the quota usage of one object: the object counts
// (count/<resource>[.<group>], and the legacy names pods, services,
// configmaps, secrets, replicationcontrollers, resourcequotas,
// persistentvolumeclaims) and, for a pod that has not terminated, its
// compute resources (cpu, memory, ephemeral-storage and their requests.*
// and limits.* forms, huge pages, extended resources as requests.<name>);
// for a service, services.nodeports and services.loadbalancers.
//
// ok is false for objects quota does not track (events, namespaces, virtual
// resources) and for objects whose resource cannot be told: the built-in
// quota kinds are recognised by Go type, others by their TypeMeta (the
// resource being the kind's lower-case plural). Usage does not look at
// scopes; use Matches for that. It is safe for concurrent use.
func Usage(obj meta.Object) (usage corev1.ResourceList, ok bool) {
	gr, ok := groupResourceOf(obj)
	if !ok || ignored[gr] {
		return nil, false
	}
	u, err := evaluatorFor(gr).usage(obj, time.Now())
	if err != nil {
		return nil, false
	}
	return u, true
}

// Matches reports whether quota q tracks obj: q's spec.hard names at least
// one resource obj's kind uses, and obj matches all of q's scopes
// (spec.scopes and spec.scopeSelector; only pods match scoped quotas). A
// status controller sums Usage over the objects Matches accepts.
func Matches(q *corev1.ResourceQuota, obj meta.Object) bool {
	gr, ok := groupResourceOf(obj)
	if !ok || ignored[gr] {
		return false
	}
	m, err := evaluatorFor(gr).matches(q, names(q.Spec.Hard), obj)
	return err == nil && m
}

func groupResourceOf(obj meta.Object) (groupResource, bool) {
	switch obj.(type) {
	case nil:
		return groupResource{}, false
	case *corev1.Pod:
		return groupResource{Resource: "pods"}, true
	case *corev1.Service:
		return groupResource{Resource: "services"}, true
	case *corev1.ConfigMap:
		return groupResource{Resource: "configmaps"}, true
	case *corev1.Secret:
		return groupResource{Resource: "secrets"}, true
	case *corev1.ReplicationController:
		return groupResource{Resource: "replicationcontrollers"}, true
	case *corev1.ResourceQuota:
		return groupResource{Resource: "resourcequotas"}, true
	case *corev1.ServiceAccount:
		return groupResource{Resource: "serviceaccounts"}, true
	case *corev1.LimitRange:
		return groupResource{Resource: "limitranges"}, true
	}
	gvk := obj.GetTypeMeta().GroupVersionKind()
	if gvk.Kind == "" {
		return groupResource{}, false
	}
	return groupResource{Group: gvk.Group, Resource: registry.Pluralize(strings.ToLower(gvk.Kind))}, true
}

// evaluator knows the quota usage of one resource, after Kubernetes'
// quota.Evaluator.
type evaluator interface {
	// handles reports whether the request may change quota usage.
	handles(op string, subresource string, obj, old meta.Object) bool
	// matchingResources returns the names in input this resource uses.
	matchingResources(input []corev1.ResourceName) []corev1.ResourceName
	// matchesScope reports whether obj matches one scope requirement.
	matchesScope(sel corev1.ScopedResourceSelectorRequirement, obj meta.Object) (bool, error)
	// constraints fails when obj does not specify a resource in required
	// that the quota needs it to.
	constraints(required []corev1.ResourceName, obj meta.Object) error
	// usage returns what obj uses at time now.
	usage(obj meta.Object, now time.Time) (corev1.ResourceList, error)
	// matches reports whether a quota with the given hard names and q's
	// scopes tracks obj.
	matches(q *corev1.ResourceQuota, hard []corev1.ResourceName, obj meta.Object) (bool, error)
}

func evaluatorFor(gr groupResource) evaluator {
	switch gr {
	case groupResource{Resource: "pods"}:
		return podEvaluator{}
	case groupResource{Resource: "services"}:
		return serviceEvaluator{}
	}
	ev := countEvaluator{names: []corev1.ResourceName{countName(gr)}}
	if legacy, ok := legacyCountNames[gr]; ok {
		ev.names = append(ev.names, legacy)
	}
	return ev
}

// scopeSelectors returns q's scopes as selector requirements (a scope is
// "Exists"), followed by its scopeSelector's.
func scopeSelectors(q *corev1.ResourceQuota) []corev1.ScopedResourceSelectorRequirement {
	var out []corev1.ScopedResourceSelectorRequirement
	for _, s := range q.Spec.Scopes {
		out = append(out, corev1.ScopedResourceSelectorRequirement{ScopeName: s, Operator: corev1.ScopeSelectorOpExists})
	}
	if q.Spec.ScopeSelector != nil {
		out = append(out, q.Spec.ScopeSelector.MatchExpressions...)
	}
	return out
}

// genericMatches is Kubernetes' generic.Matches: the quota names at least
// one resource the evaluator uses and obj matches every scope.
func genericMatches(ev evaluator, q *corev1.ResourceQuota, hard []corev1.ResourceName, obj meta.Object) (bool, error) {
	if len(ev.matchingResources(hard)) == 0 {
		return false, nil
	}
	for _, sel := range scopeSelectors(q) {
		m, err := ev.matchesScope(sel, obj)
		if err != nil || !m {
			return false, err
		}
	}
	return true, nil
}

// countEvaluator counts objects of a resource with no other usage.
type countEvaluator struct {
	names []corev1.ResourceName
}

func (e countEvaluator) handles(op, subresource string, _, _ meta.Object) bool {
	return subresource == "" && op == "CREATE"
}

func (e countEvaluator) matchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	return intersection(input, e.names)
}

func (e countEvaluator) matchesScope(corev1.ScopedResourceSelectorRequirement, meta.Object) (bool, error) {
	return false, nil
}

func (e countEvaluator) constraints([]corev1.ResourceName, meta.Object) error { return nil }

func (e countEvaluator) usage(meta.Object, time.Time) (corev1.ResourceList, error) {
	out := corev1.ResourceList{}
	for _, n := range e.names {
		out[n] = *resource.NewQuantity(1, resource.DecimalSI)
	}
	return out, nil
}

func (e countEvaluator) matches(q *corev1.ResourceQuota, hard []corev1.ResourceName, obj meta.Object) (bool, error) {
	return genericMatches(e, q, hard, obj)
}

// serviceEvaluator counts services, their node ports and load balancers.
type serviceEvaluator struct{}

var serviceResources = []corev1.ResourceName{
	countName(groupResource{Resource: "services"}),
	corev1.ResourceServices,
	corev1.ResourceServicesNodePorts,
	corev1.ResourceServicesLoadBalancers,
}

func (serviceEvaluator) handles(op, subresource string, _, _ meta.Object) bool {
	return subresource == "" && (op == "CREATE" || op == "UPDATE")
}

func (serviceEvaluator) matchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	return intersection(input, serviceResources)
}

func (serviceEvaluator) matchesScope(corev1.ScopedResourceSelectorRequirement, meta.Object) (bool, error) {
	return false, nil
}

func (serviceEvaluator) constraints([]corev1.ResourceName, meta.Object) error { return nil }

func (serviceEvaluator) usage(obj meta.Object, _ time.Time) (corev1.ResourceList, error) {
	svc, ok := obj.(*corev1.Service)
	if !ok {
		return nil, fmt.Errorf("expected *v1.Service, got %T", obj)
	}
	one := *resource.NewQuantity(1, resource.DecimalSI)
	out := corev1.ResourceList{
		countName(groupResource{Resource: "services"}): one,
		corev1.ResourceServices:                        one,
	}
	ports := int64(len(svc.Spec.Ports))
	switch svc.Spec.Type {
	case corev1.ServiceTypeNodePort:
		out[corev1.ResourceServicesNodePorts] = *resource.NewQuantity(ports, resource.DecimalSI)
	case corev1.ServiceTypeLoadBalancer:
		if svc.Spec.AllocateLoadBalancerNodePorts != nil && !*svc.Spec.AllocateLoadBalancerNodePorts {
			ports = 0
			for _, p := range svc.Spec.Ports {
				if p.NodePort != 0 {
					ports++
				}
			}
		}
		out[corev1.ResourceServicesNodePorts] = *resource.NewQuantity(ports, resource.DecimalSI)
		out[corev1.ResourceServicesLoadBalancers] = one
	}
	return out, nil
}

func (e serviceEvaluator) matches(q *corev1.ResourceQuota, hard []corev1.ResourceName, obj meta.Object) (bool, error) {
	return genericMatches(e, q, hard, obj)
}

// podEvaluator measures the compute resources of pods.
type podEvaluator struct{}

var podResources = []corev1.ResourceName{
	countName(groupResource{Resource: "pods"}),
	corev1.ResourceCPU,
	corev1.ResourceMemory,
	corev1.ResourceEphemeralStorage,
	corev1.ResourceRequestsCPU,
	corev1.ResourceRequestsMemory,
	corev1.ResourceRequestsEphemeralStorage,
	corev1.ResourceLimitsCPU,
	corev1.ResourceLimitsMemory,
	corev1.ResourceLimitsEphemeralStorage,
	corev1.ResourcePods,
}

// validationSet are the resources a pod must specify in every container
// when a quota constrains them (a Kubernetes backward-compatibility rule
// not extended to other resources).
var validationSet = map[corev1.ResourceName]bool{
	corev1.ResourceCPU:            true,
	corev1.ResourceMemory:         true,
	corev1.ResourceRequestsCPU:    true,
	corev1.ResourceRequestsMemory: true,
	corev1.ResourceLimitsCPU:      true,
	corev1.ResourceLimitsMemory:   true,
}

func (podEvaluator) handles(op, subresource string, obj, old meta.Object) bool {
	if subresource != "" {
		return false
	}
	if op == "UPDATE" {
		pod, ok1 := obj.(*corev1.Pod)
		oldPod, ok2 := old.(*corev1.Pod)
		return ok1 && ok2 && isTerminating(pod) != isTerminating(oldPod)
	}
	return op == "CREATE"
}

// isNative reports whether name is a Kubernetes resource (unqualified or in
// the kubernetes.io/ namespace).
func isNative(name corev1.ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
}

// isExtended reports whether name is an extended resource a container may request.
func isExtended(name corev1.ResourceName) bool {
	return !isNative(name) && !strings.HasPrefix(string(name), corev1.DefaultResourceRequestsPrefix)
}

func (podEvaluator) matchingResources(input []corev1.ResourceName) []corev1.ResourceName {
	out := intersection(input, podResources)
	for _, n := range input {
		s := string(n)
		if strings.HasPrefix(s, corev1.ResourceHugePagesPrefix) || strings.HasPrefix(s, corev1.ResourceRequestsHugePagesPrefix) {
			out = append(out, n)
		}
		if !isNative(n) && strings.HasPrefix(s, corev1.DefaultResourceRequestsPrefix) {
			out = append(out, n)
		}
	}
	return out
}

func (podEvaluator) matchesScope(sel corev1.ScopedResourceSelectorRequirement, obj meta.Object) (bool, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return false, fmt.Errorf("expected *v1.Pod, got %T", obj)
	}
	switch sel.ScopeName {
	case corev1.ResourceQuotaScopeTerminating:
		return isTerminating(pod), nil
	case corev1.ResourceQuotaScopeNotTerminating:
		return !isTerminating(pod), nil
	case corev1.ResourceQuotaScopeBestEffort:
		return isBestEffort(pod), nil
	case corev1.ResourceQuotaScopeNotBestEffort:
		return !isBestEffort(pod), nil
	case corev1.ResourceQuotaScopePriorityClass:
		if sel.Operator == corev1.ScopeSelectorOpExists {
			return pod.Spec.PriorityClassName != "", nil
		}
		return priorityClassMatches(pod, sel)
	case corev1.ResourceQuotaScopeCrossNamespacePodAffinity:
		return usesCrossNamespaceAffinity(pod), nil
	}
	return false, nil
}

func (e podEvaluator) matches(q *corev1.ResourceQuota, hard []corev1.ResourceName, obj meta.Object) (bool, error) {
	return genericMatches(e, q, hard, obj)
}

// constraints requires every container to state the cpu and memory
// requests and limits a quota constrains:
// "must specify limits.cpu for: web; requests.cpu for: web,sidecar".
func (podEvaluator) constraints(required []corev1.ResourceName, obj meta.Object) error {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return fmt.Errorf("expected *v1.Pod, got %T", obj)
	}
	if podLevelResourcesSet(pod) {
		return nil
	}
	var need []corev1.ResourceName
	for _, r := range required {
		if validationSet[r] {
			need = append(need, r)
		}
	}
	missing := map[corev1.ResourceName]map[string]bool{}
	check := func(c *corev1.Container) {
		have := computeUsage(c.Resources.Requests, c.Resources.Limits)
		for _, r := range need {
			if _, ok := have[r]; ok {
				continue
			}
			if missing[r] == nil {
				missing[r] = map[string]bool{}
			}
			missing[r][c.Name] = true
		}
	}
	for i := range pod.Spec.Containers {
		check(&pod.Spec.Containers[i])
	}
	for i := range pod.Spec.InitContainers {
		check(&pod.Spec.InitContainers[i])
	}
	if len(missing) == 0 {
		return nil
	}
	rs := make([]string, 0, len(missing))
	for r := range missing {
		rs = append(rs, string(r))
	}
	sort.Strings(rs)
	msgs := make([]string, 0, len(rs))
	for _, r := range rs {
		cs := make([]string, 0, len(missing[corev1.ResourceName(r)]))
		for c := range missing[corev1.ResourceName(r)] {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		msgs = append(msgs, fmt.Sprintf("%s for: %s", r, strings.Join(cs, ",")))
	}
	return fmt.Errorf("must specify %s", strings.Join(msgs, "; "))
}

func (podEvaluator) usage(obj meta.Object, now time.Time) (corev1.ResourceList, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return nil, fmt.Errorf("expected *v1.Pod, got %T", obj)
	}
	return podUsage(pod, now), nil
}

// podUsage is Kubernetes' PodUsageFunc: count/pods always; the compute
// resources (and "pods") only while the pod counts for quota.
func podUsage(pod *corev1.Pod, now time.Time) corev1.ResourceList {
	out := corev1.ResourceList{countName(groupResource{Resource: "pods"}): *resource.NewQuantity(1, resource.DecimalSI)}
	if !countsForQuota(pod, now) {
		return out
	}
	return add(out, computeUsage(podRequests(pod), podLimits(pod)))
}

// countsForQuota reports whether pod is charged to compute quota: it has not
// terminated, and it is not stuck terminating past its grace period.
func countsForQuota(pod *corev1.Pod, now time.Time) bool {
	if pod.Status.Phase == corev1.PodFailed || pod.Status.Phase == corev1.PodSucceeded {
		return false
	}
	if pod.DeletionTimestamp != nil && pod.DeletionGracePeriodSeconds != nil {
		end := pod.DeletionTimestamp.Time.Add(time.Duration(*pod.DeletionGracePeriodSeconds) * time.Second)
		if now.After(end) {
			return false
		}
	}
	return true
}

// computeUsage maps requests and limits to quota resource names.
func computeUsage(requests, limits corev1.ResourceList) corev1.ResourceList {
	out := corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(1, resource.DecimalSI)}
	for _, m := range []struct {
		name       corev1.ResourceName
		plain, req corev1.ResourceName
		limit      corev1.ResourceName
	}{
		{corev1.ResourceCPU, corev1.ResourceCPU, corev1.ResourceRequestsCPU, corev1.ResourceLimitsCPU},
		{corev1.ResourceMemory, corev1.ResourceMemory, corev1.ResourceRequestsMemory, corev1.ResourceLimitsMemory},
		{corev1.ResourceEphemeralStorage, corev1.ResourceEphemeralStorage, corev1.ResourceRequestsEphemeralStorage, corev1.ResourceLimitsEphemeralStorage},
	} {
		if q, ok := requests[m.name]; ok {
			out[m.plain] = q
			out[m.req] = q
		}
		if q, ok := limits[m.name]; ok {
			out[m.limit] = q
		}
	}
	for name, q := range requests {
		switch {
		case strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix):
			out[name] = q
			out[corev1.DefaultResourceRequestsPrefix+name] = q
		case isExtended(name):
			out[corev1.DefaultResourceRequestsPrefix+name] = q
		}
	}
	return out
}

// isTerminating reports whether pod has an active deadline (the
// Terminating scope).
func isTerminating(pod *corev1.Pod) bool {
	return pod.Spec.ActiveDeadlineSeconds != nil && *pod.Spec.ActiveDeadlineSeconds >= 0
}

// isBestEffort reports whether pod is of the BestEffort QoS class: no
// container (nor the pod level) requests or limits any cpu or memory.
func isBestEffort(pod *corev1.Pod) bool {
	some := func(rl corev1.ResourceList) bool {
		for _, n := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if q, ok := rl[n]; ok && q.Sign() > 0 {
				return true
			}
		}
		return false
	}
	if r := pod.Spec.Resources; r != nil && (some(r.Requests) || some(r.Limits)) {
		return false
	}
	for _, cs := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range cs {
			if some(cs[i].Resources.Requests) || some(cs[i].Resources.Limits) {
				return false
			}
		}
	}
	return true
}

var scopeOperators = map[corev1.ScopeSelectorOperator]labels.Operator{
	corev1.ScopeSelectorOpIn:           labels.OpIn,
	corev1.ScopeSelectorOpNotIn:        labels.OpNotIn,
	corev1.ScopeSelectorOpExists:       labels.OpExists,
	corev1.ScopeSelectorOpDoesNotExist: labels.OpDoesNotExist,
}

// priorityClassMatches evaluates a PriorityClass scope requirement as a
// label selector on {"PriorityClass": <the pod's class>}.
func priorityClassMatches(pod *corev1.Pod, sel corev1.ScopedResourceSelectorRequirement) (bool, error) {
	op, ok := scopeOperators[sel.Operator]
	if !ok {
		return false, fmt.Errorf("%q is not a valid scope selector operator", sel.Operator)
	}
	req, err := labels.NewRequirement(string(sel.ScopeName), op, sel.Values)
	if err != nil {
		return false, fmt.Errorf("failed to parse and convert selector: %v", err)
	}
	var set labels.Set
	if pod.Spec.PriorityClassName != "" {
		set = labels.Set{string(corev1.ResourceQuotaScopePriorityClass): pod.Spec.PriorityClassName}
	}
	return labels.NewSelector().Add(*req).Matches(set), nil
}

func usesCrossNamespaceAffinity(pod *corev1.Pod) bool {
	if pod.Spec.Affinity == nil {
		return false
	}
	cross := func(t *corev1.PodAffinityTerm) bool { return len(t.Namespaces) != 0 || t.NamespaceSelector != nil }
	check := func(req []corev1.PodAffinityTerm, pref []corev1.WeightedPodAffinityTerm) bool {
		for i := range req {
			if cross(&req[i]) {
				return true
			}
		}
		for i := range pref {
			if cross(&pref[i].PodAffinityTerm) {
				return true
			}
		}
		return false
	}
	if a := pod.Spec.Affinity.PodAffinity; a != nil && check(a.RequiredDuringSchedulingIgnoredDuringExecution, a.PreferredDuringSchedulingIgnoredDuringExecution) {
		return true
	}
	if a := pod.Spec.Affinity.PodAntiAffinity; a != nil && check(a.RequiredDuringSchedulingIgnoredDuringExecution, a.PreferredDuringSchedulingIgnoredDuringExecution) {
		return true
	}
	return false
}

// podLevelResourcesSet reports whether the pod sets pod-level cpu, memory
// or huge page requests or limits.
func podLevelResourcesSet(pod *corev1.Pod) bool {
	r := pod.Spec.Resources
	if r == nil {
		return false
	}
	for _, rl := range []corev1.ResourceList{r.Requests, r.Limits} {
		for n := range rl {
			if podLevelResource(n) {
				return true
			}
		}
	}
	return false
}

func podLevelResource(n corev1.ResourceName) bool {
	return n == corev1.ResourceCPU || n == corev1.ResourceMemory || strings.HasPrefix(string(n), corev1.ResourceHugePagesPrefix)
}

// podRequests is the pod's effective requests, as the scheduler counts
// them: app containers and sidecars summed, init containers as their
// maximum (each with the sidecars started before it), pod-level requests
// replacing the containers' where set, plus the pod overhead.
func podRequests(pod *corev1.Pod) corev1.ResourceList {
	reqs := containersTotal(pod, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests })
	if r := pod.Spec.Resources; r != nil {
		for n, q := range r.Requests {
			if podLevelResource(n) {
				reqs[n] = q.DeepCopy()
			}
		}
	}
	for n, q := range pod.Spec.Overhead {
		if v, ok := reqs[n]; ok {
			v.Add(q)
			reqs[n] = v
		} else {
			reqs[n] = q.DeepCopy()
		}
	}
	return reqs
}

// podLimits is podRequests for limits; the overhead is added only to the
// resources that have a limit.
func podLimits(pod *corev1.Pod) corev1.ResourceList {
	limits := containersTotal(pod, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Limits })
	if r := pod.Spec.Resources; r != nil {
		for n, q := range r.Limits {
			if podLevelResource(n) {
				limits[n] = q.DeepCopy()
			}
		}
	}
	for n, q := range pod.Spec.Overhead {
		if v, ok := limits[n]; ok {
			v.Add(q)
			limits[n] = v
		}
	}
	return limits
}

func containersTotal(pod *corev1.Pod, of func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
	total := corev1.ResourceList{}
	addTo := func(list, more corev1.ResourceList) {
		for n, q := range more {
			if v, ok := list[n]; ok {
				v.Add(q)
				list[n] = v
			} else {
				list[n] = q.DeepCopy()
			}
		}
	}
	maxInto := func(list, other corev1.ResourceList) {
		for n, q := range other {
			if v, ok := list[n]; !ok || q.Cmp(v) > 0 {
				list[n] = q.DeepCopy()
			}
		}
	}
	for i := range pod.Spec.Containers {
		addTo(total, of(&pod.Spec.Containers[i]))
	}
	sidecars, initMax := corev1.ResourceList{}, corev1.ResourceList{}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		use := of(c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			addTo(total, use)
			addTo(sidecars, use)
			use = sidecars
		} else {
			tmp := corev1.ResourceList{}
			addTo(tmp, use)
			addTo(tmp, sidecars)
			use = tmp
		}
		maxInto(initMax, use)
	}
	maxInto(total, initMax)
	return total
}
