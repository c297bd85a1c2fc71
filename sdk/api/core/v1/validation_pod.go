package v1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Validation follows Kubernetes 1.32's pkg/apis/core/validation for pods:
// the same checks, field paths and messages, applied to the v1 types. The
// validators expect defaulted objects (restartPolicy, dnsPolicy,
// terminationGracePeriodSeconds, imagePullPolicy, ... are required, as in
// Kubernetes, where defaulting always runs first).

// podValidationOptions are the switches Kubernetes' PodValidationOptions
// carries that matter here.
type podValidationOptions struct {
	// resourceIsPod is true for a Pod, false for a pod template.
	resourceIsPod bool
	// allowNamespacedSysctlsForHostNetAndHostIPC keeps an existing pod that
	// already has such sysctls valid on update.
	allowNamespacedSysctlsForHostNetAndHostIPC bool
}

// Messages shared by several checks, as Kubernetes words them.
const (
	podFileModeErrorMsg       = "must be a number between 0 and 0777 (octal), both inclusive"
	podIsNegativeErrorMsg     = "must be greater than or equal to 0"
	podIsNotIntegerErrorMsg   = "must be an integer"
	podIsNotPositiveErrorMsg  = "must be greater than zero"
	podUpdateForbiddenMessage = "pod updates may not change fields other than " +
		"`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
		"`spec.tolerations` (only additions to existing tolerations)," +
		"`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)

// DNS limits of a pod's resolv.conf, from Linux libc.
const (
	MaxDNSNameservers     = 3
	MaxDNSSearchPaths     = 32
	MaxDNSSearchListChars = 2048
)

// ValidatePod checks a new Pod, as Kubernetes' ValidatePodCreate: the spec,
// and the rules that only apply to pods (no ephemeral containers on create,
// no nodeName while scheduling gates remain, projected service account
// tokens need a service account). Metadata is checked by the registry.
func ValidatePod(pod *Pod) field.ErrorList {
	opts := podValidationOptions{resourceIsPod: true}
	errs := validatePodSpecAndPodRules(pod, opts)
	specPath := field.NewPath("spec")
	if len(pod.Spec.EphemeralContainers) > 0 {
		errs = append(errs, field.Forbidden(specPath.Child("ephemeralContainers"), "cannot be set on create"))
	}
	if pod.Spec.NodeName != "" && len(pod.Spec.SchedulingGates) != 0 {
		errs = append(errs, field.Forbidden(specPath.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"))
	}
	errs = append(errs, validatePodIPs(pod)...)
	errs = append(errs, validateHostIPs(pod)...)
	return errs
}

func validatePodSpecAndPodRules(pod *Pod, opts podValidationOptions) field.ErrorList {
	specPath := field.NewPath("spec")
	errs := validatePodSpec(&pod.Spec, &pod.ObjectMeta, specPath, opts)
	if pod.Spec.ServiceAccountName == "" {
		for vi, v := range pod.Spec.Volumes {
			if v.Projected == nil {
				continue
			}
			p := specPath.Child("volumes").Index(vi).Child("projected")
			for si, src := range v.Projected.Sources {
				if src.ServiceAccountToken != nil {
					errs = append(errs, field.Forbidden(p.Child("sources").Index(si).Child("serviceAccountToken"),
						"must not be specified when serviceAccountName is not set"))
				}
			}
		}
	}
	return errs
}

// ValidatePodUpdate checks an update of a Pod, as Kubernetes'
// ValidatePodUpdate: the new pod must be valid, and its spec may only
// change in containers[*].image, initContainers[*].image,
// activeDeadlineSeconds (set, or lowered), tolerations (additions, and
// changes of tolerationSeconds), terminationGracePeriodSeconds (from a
// negative value to 1) and schedulingGates (removals); while the pod is
// gated, nodeSelector and required node affinity may also gain terms.
//
// Status transitions are checked too (see ValidatePodStatusUpdate), so that
// one function serves updates of the pod and of its status subresource.
func ValidatePodUpdate(pod, old *Pod) field.ErrorList {
	opts := podValidationOptions{resourceIsPod: true}
	if old.Spec.SecurityContext != nil && len(old.Spec.SecurityContext.Sysctls) > 0 && (old.Spec.HostNetwork || old.Spec.HostIPC) {
		opts.allowNamespacedSysctlsForHostNetAndHostIPC = true
	}
	errs := validatePodSpecAndPodRules(pod, opts)
	errs = append(errs, validatePodSpecUpdate(&pod.Spec, &old.Spec, field.NewPath("spec"))...)
	errs = append(errs, ValidatePodStatusUpdate(pod, old)...)
	return errs
}

func validatePodSpecUpdate(spec, old *PodSpec, specPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	cErrs, stop := validateContainerUpdates(spec.Containers, old.Containers, specPath.Child("containers"))
	errs = append(errs, cErrs...)
	if stop {
		return errs
	}
	cErrs, stop = validateContainerUpdates(spec.InitContainers, old.InitContainers, specPath.Child("initContainers"))
	errs = append(errs, cErrs...)
	if stop {
		return errs
	}

	adsPath := specPath.Child("activeDeadlineSeconds")
	if spec.ActiveDeadlineSeconds != nil {
		v := *spec.ActiveDeadlineSeconds
		if v < 0 || v > math.MaxInt32 {
			return append(errs, field.Invalid(adsPath, v, validation.InclusiveRangeError(0, math.MaxInt32)))
		}
		if old.ActiveDeadlineSeconds != nil && *old.ActiveDeadlineSeconds < v {
			return append(errs, field.Invalid(adsPath, v, "must be less than or equal to previous value"))
		}
	} else if old.ActiveDeadlineSeconds != nil {
		errs = append(errs, field.Invalid(adsPath, spec.ActiveDeadlineSeconds, "must not update from a positive integer to nil value"))
	}

	errs = append(errs, validateOnlyAddedTolerations(spec.Tolerations, old.Tolerations, specPath.Child("tolerations"))...)
	errs = append(errs, validateOnlyDeletedSchedulingGates(spec.SchedulingGates, old.SchedulingGates, specPath.Child("schedulingGates"))...)

	if podJSONEqual(spec, old) {
		return errs
	}

	// Munge the updatable fields back to their old values, then compare.
	munged := spec.DeepCopy()
	for i := range munged.Containers {
		munged.Containers[i].Image = old.Containers[i].Image
	}
	for i := range munged.InitContainers {
		munged.InitContainers[i].Image = old.InitContainers[i].Image
	}
	munged.ActiveDeadlineSeconds = old.ActiveDeadlineSeconds
	munged.SchedulingGates = old.SchedulingGates
	munged.Tolerations = old.Tolerations
	if old.TerminationGracePeriodSeconds != nil && *old.TerminationGracePeriodSeconds < 0 &&
		munged.TerminationGracePeriodSeconds != nil && *munged.TerminationGracePeriodSeconds == 1 {
		munged.TerminationGracePeriodSeconds = old.TerminationGracePeriodSeconds
	}
	if len(old.SchedulingGates) > 0 {
		if !podJSONEqual(munged.NodeSelector, old.NodeSelector) {
			errs = append(errs, validateNodeSelectorMutation(specPath.Child("nodeSelector"), munged.NodeSelector, old.NodeSelector)...)
			munged.NodeSelector = old.NodeSelector
		}
		var oldNA, newNA *NodeAffinity
		if old.Affinity != nil {
			oldNA = old.Affinity.NodeAffinity
		}
		if munged.Affinity != nil {
			newNA = munged.Affinity.NodeAffinity
		}
		if !podJSONEqual(oldNA, newNA) {
			errs = append(errs, validateNodeAffinityMutation(specPath.Child("affinity", "nodeAffinity"), newNA, oldNA)...)
			if munged.Affinity == nil {
				munged.Affinity = &Affinity{NodeAffinity: oldNA}
			} else {
				munged.Affinity.NodeAffinity = oldNA
			}
		}
	}
	if !podJSONEqual(munged, old) {
		msg := podUpdateForbiddenMessage
		if d := podSpecFieldDiff(old, munged); d != "" {
			msg += "\n" + d
		}
		errs = append(errs, field.Forbidden(specPath, msg))
	}
	return errs
}

// podSpecFieldDiff names the top-level spec fields that differ, as a short
// stand-in for the full diff Kubernetes appends.
func podSpecFieldDiff(old, cur *PodSpec) string {
	var a, b map[string]json.RawMessage
	ja, _ := json.Marshal(old)
	jb, _ := json.Marshal(cur)
	if json.Unmarshal(ja, &a) != nil || json.Unmarshal(jb, &b) != nil {
		return ""
	}
	var changed []string
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			changed = append(changed, "spec."+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			changed = append(changed, "spec."+k)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	sort.Strings(changed)
	return "changed: " + strings.Join(changed, ", ")
}

// podJSONEqual compares two values by their JSON encoding, which, like
// Kubernetes' semantic equality, treats nil and empty lists and maps alike
// and compares quantities by value.
func podJSONEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

func validateContainerUpdates(cs, old []Container, p *field.Path) (field.ErrorList, bool) {
	if len(cs) != len(old) {
		return field.ErrorList{field.Forbidden(p, "pod updates may not add or remove containers")}, true
	}
	var errs field.ErrorList
	for i, c := range cs {
		if len(c.Image) == 0 {
			errs = append(errs, field.Required(p.Index(i).Child("image"), ""))
		}
	}
	return errs, false
}

func validateOnlyAddedTolerations(tols, old []Toleration, p *field.Path) field.ErrorList {
	for _, o := range old {
		found := false
		for _, n := range tols {
			oc := o
			oc.TolerationSeconds = n.TolerationSeconds
			if oc.Key == n.Key && oc.Operator == n.Operator && oc.Value == n.Value && oc.Effect == n.Effect {
				found = true
				break
			}
		}
		if !found {
			return field.ErrorList{field.Forbidden(p, "existing toleration can not be modified except its tolerationSeconds")}
		}
	}
	return ValidateTolerations(tols, p)
}

func validateOnlyDeletedSchedulingGates(gates, old []PodSchedulingGate, p *field.Path) field.ErrorList {
	if len(gates) == 0 {
		return nil
	}
	had := make(map[string]bool, len(old))
	for _, g := range old {
		had[g.Name] = true
	}
	var errs field.ErrorList
	for i, g := range gates {
		if !had[g.Name] {
			errs = append(errs, field.Forbidden(p.Index(i).Child("name"),
				fmt.Sprintf("only deletion is allowed, but found new scheduling gate '%s'", g.Name)))
		}
	}
	return errs
}

func validateNodeSelectorMutation(p *field.Path, sel, old map[string]string) field.ErrorList {
	for k, v := range old {
		if w, ok := sel[k]; !ok || v != w {
			return field.ErrorList{field.Invalid(p, sel, "only additions to spec.nodeSelector are allowed (no mutations or deletions)")}
		}
	}
	return nil
}

func validateNodeAffinityMutation(p *field.Path, na, old *NodeAffinity) field.ErrorList {
	if old == nil || old.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	oldTerms := old.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	var terms []NodeSelectorTerm
	if na != nil && na.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		terms = na.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	}
	if len(oldTerms) == 0 {
		return nil
	}
	tp := p.Child("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
	if len(oldTerms) != len(terms) {
		return field.ErrorList{field.Invalid(tp, field.OmitValue, "no additions/deletions to non-empty NodeSelectorTerms list are allowed")}
	}
	var errs field.ErrorList
	for i := range oldTerms {
		if !nodeSelectorTermHasOnlyAdditions(terms[i], oldTerms[i]) {
			errs = append(errs, field.Invalid(tp.Index(i), field.OmitValue, "only additions are allowed (no mutations or deletions)"))
		}
	}
	return errs
}

func nodeSelectorTermHasOnlyAdditions(term, old NodeSelectorTerm) bool {
	if len(old.MatchExpressions) > len(term.MatchExpressions) || len(old.MatchFields) > len(term.MatchFields) {
		return false
	}
	for i := range old.MatchExpressions {
		if !podJSONEqual(old.MatchExpressions[i], term.MatchExpressions[i]) {
			return false
		}
	}
	for i := range old.MatchFields {
		if !podJSONEqual(old.MatchFields[i], term.MatchFields[i]) {
			return false
		}
	}
	return true
}

// ValidatePodStatusUpdate checks a write of a pod's status, as Kubernetes'
// ValidatePodStatusUpdate: condition types, the nominated node name, no
// terminated container coming back to life when the restart policy does
// not allow it, and pod and host IPs.
func ValidatePodStatusUpdate(pod, old *Pod) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validatePodConditions(pod.Status.Conditions, field.NewPath("metadata", "conditions"))...)
	sp := field.NewPath("status")
	if pod.Spec.NodeName != old.Spec.NodeName {
		errs = append(errs, field.Forbidden(sp.Child("nodeName"), "may not be changed directly"))
	}
	if n := pod.Status.NominatedNodeName; n != old.Status.NominatedNodeName && len(n) > 0 {
		for _, msg := range validation.IsDNS1123Subdomain(n) {
			errs = append(errs, field.Invalid(sp.Child("nominatedNodeName"), n, msg))
		}
	}
	errs = append(errs, validateContainerStateTransition(pod.Status.ContainerStatuses, old.Status.ContainerStatuses,
		sp.Child("containerStatuses"), old.Spec.RestartPolicy, nil)...)
	errs = append(errs, validateContainerStateTransition(pod.Status.InitContainerStatuses, old.Status.InitContainerStatuses,
		sp.Child("initContainerStatuses"), old.Spec.RestartPolicy, old.Spec.InitContainers)...)
	errs = append(errs, validateContainerStateTransition(pod.Status.EphemeralContainerStatuses, old.Status.EphemeralContainerStatuses,
		sp.Child("ephemeralContainerStatuses"), RestartPolicyNever, nil)...)
	errs = append(errs, validatePodIPs(pod)...)
	errs = append(errs, validateHostIPs(pod)...)
	return errs
}

func validatePodConditions(conds []PodCondition, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, c := range conds {
		switch c.Type {
		case PodScheduled, PodReady, PodInitialized:
			continue
		}
		for _, msg := range validation.IsQualifiedName(string(c.Type)) {
			errs = append(errs, field.Invalid(p.Index(i).Child("Type"), string(c.Type), msg))
		}
	}
	return errs
}

// validateContainerStateTransition forbids a terminated container from
// leaving the terminated state unless the restart policy allows it.
// initContainers, when given, marks the statuses as init container
// statuses: restartable (sidecar) ones may always restart.
func validateContainerStateTransition(statuses, old []ContainerStatus, p *field.Path, policy RestartPolicy, initContainers []Container) field.ErrorList {
	if policy == RestartPolicyAlways {
		return nil
	}
	var errs field.ErrorList
	for i, o := range old {
		if o.State.Terminated == nil {
			continue
		}
		if o.State.Terminated.ExitCode != 0 && policy == RestartPolicyOnFailure {
			continue
		}
		if initContainers != nil && IsRestartableInitContainer(findContainer(initContainers, o.Name)) {
			continue
		}
		for _, n := range statuses {
			if o.Name == n.Name && n.State.Terminated == nil {
				errs = append(errs, field.Forbidden(p.Index(i).Child("state"), "may not be transitioned to non-terminated state"))
			}
		}
	}
	return errs
}

func findContainer(cs []Container, name string) *Container {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

// IsRestartableInitContainer reports whether c is an init container with
// restartPolicy Always (a sidecar).
func IsRestartableInitContainer(c *Container) bool {
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == ContainerRestartPolicyAlways
}

func validatePodIPs(pod *Pod) field.ErrorList {
	p := field.NewPath("status", "podIPs")
	var errs field.ErrorList
	ips := make([]string, 0, len(pod.Status.PodIPs))
	for i, ip := range pod.Status.PodIPs {
		for _, msg := range validation.IsValidIP(ip.IP) {
			errs = append(errs, field.Invalid(p.Index(i), ip.IP, msg))
		}
		ips = append(ips, ip.IP)
	}
	if len(ips) > 1 && (!isDualStackIPs(ips) || len(ips) > 2) {
		errs = append(errs, field.Invalid(p, ips, "may specify no more than one IP for each IP family"))
	}
	return errs
}

func validateHostIPs(pod *Pod) field.ErrorList {
	if len(pod.Status.HostIPs) == 0 {
		return nil
	}
	p := field.NewPath("status", "hostIPs")
	var errs field.ErrorList
	if pod.Status.HostIP != pod.Status.HostIPs[0].IP {
		errs = append(errs, field.Invalid(p.Index(0).Child("ip"), pod.Status.HostIPs[0].IP, "must be equal to `hostIP`"))
	}
	ips := make([]string, 0, len(pod.Status.HostIPs))
	for i, ip := range pod.Status.HostIPs {
		for _, msg := range validation.IsValidIP(ip.IP) {
			errs = append(errs, field.Invalid(p.Index(i), ip.IP, msg))
		}
		ips = append(ips, ip.IP)
	}
	if len(ips) > 1 && (!isDualStackIPs(ips) || len(ips) > 2) {
		errs = append(errs, field.Invalid(p, ips, "may specify no more than one IP for each IP family"))
	}
	return errs
}

// isDualStackIPs reports whether the addresses include both an IPv4 and an IPv6 one.
func isDualStackIPs(ips []string) bool {
	v4, v6 := false, false
	for _, s := range ips {
		ip := net.ParseIP(s)
		if ip == nil {
			return false
		}
		if ip.To4() != nil {
			v4 = true
		} else {
			v6 = true
		}
	}
	return v4 && v6
}

// ValidatePodSpec checks a pod spec as Kubernetes' ValidatePodSpec does for
// a pod template: every field, with full paths under path. podMeta may be
// nil. Callers that own a template add their own rules (restartPolicy).
func ValidatePodSpec(spec *PodSpec, podMeta *meta.ObjectMeta, path *field.Path) field.ErrorList {
	return validatePodSpec(spec, podMeta, path, podValidationOptions{})
}

// ValidatePodTemplateSpec checks a workload's pod template as Kubernetes
// does: the template's labels and annotations (under path.labels and
// path.annotations), its spec (under path.spec), and no ephemeral
// containers. Rules on restartPolicy are left to the caller.
func ValidatePodTemplateSpec(spec *PodTemplateSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validation.ValidateLabels(spec.Labels, path.Child("labels"))...)
	errs = append(errs, validation.ValidateAnnotations(spec.Annotations, path.Child("annotations"))...)
	errs = append(errs, validatePodSpec(&spec.Spec, nil, path.Child("spec"), podValidationOptions{})...)
	if len(spec.Spec.EphemeralContainers) > 0 {
		errs = append(errs, field.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
	}
	return errs
}

func validatePodSpec(spec *PodSpec, podMeta *meta.ObjectMeta, p *field.Path, opts podValidationOptions) field.ErrorList {
	var errs field.ErrorList
	if spec.TerminationGracePeriodSeconds == nil {
		errs = append(errs, field.Required(p.Child("terminationGracePeriodSeconds"), ""))
	}
	vols, vErrs := validateVolumes(spec.Volumes, p.Child("volumes"), opts)
	errs = append(errs, vErrs...)
	claimNames := make(map[string]bool, len(spec.ResourceClaims))
	errs = append(errs, validatePodResourceClaims(spec.ResourceClaims, claimNames, p.Child("resourceClaims"))...)
	hostUsers := spec.HostUsers == nil || *spec.HostUsers
	grace := spec.TerminationGracePeriodSeconds
	errs = append(errs, validateContainers(spec.Containers, vols, claimNames, grace, p.Child("containers"), spec.RestartPolicy, hostUsers)...)
	errs = append(errs, validateInitContainers(spec.InitContainers, spec.Containers, vols, claimNames, grace, p.Child("initContainers"), spec.RestartPolicy, hostUsers)...)
	errs = append(errs, validateEphemeralContainers(spec.EphemeralContainers, spec.Containers, spec.InitContainers, vols, claimNames, p.Child("ephemeralContainers"), hostUsers)...)
	errs = append(errs, validatePodHostNetworkDeps(spec, p, opts)...)
	errs = append(errs, validatePodRestartPolicy(spec.RestartPolicy, p.Child("restartPolicy"))...)
	errs = append(errs, validateDNSPolicy(spec.DNSPolicy, p.Child("dnsPolicy"))...)
	errs = append(errs, validation.ValidateLabels(spec.NodeSelector, p.Child("nodeSelector"))...)
	errs = append(errs, validatePodSecurityContext(spec, p, opts)...)
	errs = append(errs, validateAffinity(spec.Affinity, p.Child("affinity"))...)
	errs = append(errs, validatePodDNSConfig(spec.DNSConfig, spec.DNSPolicy, p.Child("dnsConfig"))...)
	for i, g := range spec.ReadinessGates {
		errs = append(errs, qualifiedNameErrs(string(g.ConditionType), p.Child("readinessGates").Index(i).Child("conditionType"))...)
	}
	errs = append(errs, validateSchedulingGates(spec.SchedulingGates, p.Child("schedulingGates"))...)
	errs = append(errs, validateTopologySpreadConstraints(spec.TopologySpreadConstraints, p.Child("topologySpreadConstraints"))...)
	errs = append(errs, validateHostUsers(spec, p)...)
	if len(spec.ServiceAccountName) > 0 {
		for _, msg := range validation.IsDNS1123Subdomain(spec.ServiceAccountName) {
			errs = append(errs, field.Invalid(p.Child("serviceAccountName"), spec.ServiceAccountName, msg))
		}
	}
	if len(spec.NodeName) > 0 {
		for _, msg := range validation.IsDNS1123Subdomain(spec.NodeName) {
			errs = append(errs, field.Invalid(p.Child("nodeName"), spec.NodeName, msg))
		}
	}
	if spec.ActiveDeadlineSeconds != nil {
		if v := *spec.ActiveDeadlineSeconds; v < 1 || v > math.MaxInt32 {
			errs = append(errs, field.Invalid(p.Child("activeDeadlineSeconds"), v, validation.InclusiveRangeError(1, math.MaxInt32)))
		}
	}
	if len(spec.Hostname) > 0 {
		errs = append(errs, dns1123LabelErrs(spec.Hostname, p.Child("hostname"))...)
	}
	if len(spec.Subdomain) > 0 {
		errs = append(errs, dns1123LabelErrs(spec.Subdomain, p.Child("subdomain"))...)
	}
	if len(spec.Tolerations) > 0 {
		errs = append(errs, ValidateTolerations(spec.Tolerations, p.Child("tolerations"))...)
	}
	for i, ha := range spec.HostAliases {
		hp := p.Child("hostAliases").Index(i)
		for _, msg := range validation.IsValidIP(ha.IP) {
			errs = append(errs, field.Invalid(hp.Child("ip"), ha.IP, msg))
		}
		for j, h := range ha.Hostnames {
			for _, msg := range validation.IsDNS1123Subdomain(h) {
				errs = append(errs, field.Invalid(hp.Child("hostnames").Index(j), h, msg))
			}
		}
	}
	if len(spec.PriorityClassName) > 0 {
		for _, msg := range validation.IsDNS1123Subdomain(spec.PriorityClassName) {
			errs = append(errs, field.Invalid(p.Child("priorityClassName"), spec.PriorityClassName, msg))
		}
	}
	if spec.RuntimeClassName != nil {
		for _, msg := range validation.IsDNS1123Subdomain(*spec.RuntimeClassName) {
			errs = append(errs, field.Invalid(p.Child("runtimeClassName"), *spec.RuntimeClassName, msg))
		}
	}
	if spec.PreemptionPolicy != nil {
		switch *spec.PreemptionPolicy {
		case PreemptLowerPriority, PreemptNever:
		default:
			errs = append(errs, field.NotSupported(p.Child("preemptionPolicy"), string(*spec.PreemptionPolicy),
				[]PreemptionPolicy{PreemptLowerPriority, PreemptNever}))
		}
	}
	if spec.Overhead != nil {
		op := p.Child("overhead")
		for _, name := range sortedResourceNames(spec.Overhead) {
			q := spec.Overhead[name]
			kp := op.Key(string(name))
			errs = append(errs, validateContainerResourceName(name, kp)...)
			errs = append(errs, ValidateResourceQuantityValue(name, q, kp)...)
		}
	}
	if spec.OS != nil {
		errs = append(errs, validateOS(spec, p.Child("os"))...)
	}
	if spec.Resources != nil {
		errs = append(errs, validateResourceRequirements(spec.Resources, validatePodResourceName, nil, p.Child("resources"))...)
	}
	return errs
}

func qualifiedNameErrs(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsQualifiedName(v) {
		errs = append(errs, field.Invalid(p, v, msg))
	}
	return errs
}

func dns1123LabelErrs(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Label(v) {
		errs = append(errs, field.Invalid(p, v, msg))
	}
	return errs
}

func dns1123SubdomainErrs(v string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Subdomain(v) {
		errs = append(errs, field.Invalid(p, v, msg))
	}
	return errs
}

func validateOS(spec *PodSpec, p *field.Path) field.ErrorList {
	switch spec.OS.Name {
	case Linux, Windows:
		return nil
	case "":
		return field.ErrorList{field.Required(p.Child("name"), "")}
	}
	return field.ErrorList{field.NotSupported(p.Child("name"), string(spec.OS.Name), []OSName{Linux, Windows})}
}

func validatePodResourceClaims(claims []PodResourceClaim, names map[string]bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, c := range claims {
		ip := p.Index(i)
		if c.Name == "" {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		} else if names[c.Name] {
			errs = append(errs, field.Duplicate(ip.Child("name"), c.Name))
		} else {
			errs = append(errs, dns1123LabelErrs(c.Name, ip.Child("name"))...)
			names[c.Name] = true
		}
		switch {
		case c.ResourceClaimName != nil && c.ResourceClaimTemplateName != nil:
			errs = append(errs, field.Invalid(ip, field.OmitValue, "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"))
		case c.ResourceClaimName == nil && c.ResourceClaimTemplateName == nil:
			errs = append(errs, field.Invalid(ip, field.OmitValue, "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"))
		case c.ResourceClaimName != nil:
			errs = append(errs, dns1123SubdomainErrs(*c.ResourceClaimName, ip.Child("resourceClaimName"))...)
		default:
			errs = append(errs, dns1123SubdomainErrs(*c.ResourceClaimTemplateName, ip.Child("resourceClaimTemplateName"))...)
		}
	}
	return errs
}

// ---- containers ----

func validateContainers(cs []Container, vols map[string]VolumeSource, claims map[string]bool, grace *int64, p *field.Path, policy RestartPolicy, hostUsers bool) field.ErrorList {
	if len(cs) == 0 {
		return field.ErrorList{field.Required(p, "")}
	}
	var errs field.ErrorList
	names := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		ip := p.Index(i)
		errs = append(errs, validateContainerCommon(c, vols, claims, ip, policy, hostUsers)...)
		if names[c.Name] {
			errs = append(errs, field.Duplicate(ip.Child("name"), c.Name))
		} else {
			names[c.Name] = true
		}
		if c.Lifecycle != nil {
			errs = append(errs, validateLifecycle(c.Lifecycle, grace, ip.Child("lifecycle"))...)
		}
		errs = append(errs, validateLivenessProbe(c.LivenessProbe, ip.Child("livenessProbe"))...)
		errs = append(errs, validateReadinessProbe(c.ReadinessProbe, ip.Child("readinessProbe"))...)
		errs = append(errs, validateStartupProbe(c.StartupProbe, ip.Child("startupProbe"))...)
		if c.RestartPolicy != nil {
			errs = append(errs, field.Forbidden(ip.Child("restartPolicy"), "may not be set for non-init containers"))
		}
	}
	errs = append(errs, accumulateUniqueHostPorts(cs, 0, map[string]bool{}, p)...)
	return errs
}

func validateInitContainers(cs, regular []Container, vols map[string]VolumeSource, claims map[string]bool, grace *int64, p *field.Path, policy RestartPolicy, hostUsers bool) field.ErrorList {
	var errs field.ErrorList
	names := map[string]bool{}
	for _, c := range regular {
		names[c.Name] = true
	}
	for i := range cs {
		c := &cs[i]
		ip := p.Index(i)
		errs = append(errs, validateContainerCommon(c, vols, claims, ip, policy, hostUsers)...)
		restartAlways := false
		if c.RestartPolicy != nil {
			if *c.RestartPolicy != ContainerRestartPolicyAlways {
				errs = append(errs, field.NotSupported(ip.Child("restartPolicy"), string(*c.RestartPolicy),
					[]ContainerRestartPolicy{ContainerRestartPolicyAlways}))
			}
			restartAlways = *c.RestartPolicy == ContainerRestartPolicyAlways
		}
		if names[c.Name] {
			errs = append(errs, field.Duplicate(ip.Child("name"), c.Name))
		} else if len(c.Name) > 0 {
			names[c.Name] = true
		}
		// Init containers run one by one: host ports only conflict within one.
		errs = append(errs, accumulateUniqueHostPorts(cs[i:i+1], i, map[string]bool{}, p)...)
		if restartAlways {
			if c.Lifecycle != nil {
				errs = append(errs, validateLifecycle(c.Lifecycle, grace, ip.Child("lifecycle"))...)
			}
			errs = append(errs, validateLivenessProbe(c.LivenessProbe, ip.Child("livenessProbe"))...)
			errs = append(errs, validateReadinessProbe(c.ReadinessProbe, ip.Child("readinessProbe"))...)
			errs = append(errs, validateStartupProbe(c.StartupProbe, ip.Child("startupProbe"))...)
			continue
		}
		const noSidecar = "may not be set for init containers without restartPolicy=Always"
		if c.Lifecycle != nil {
			errs = append(errs, field.Forbidden(ip.Child("lifecycle"), noSidecar))
		}
		if c.LivenessProbe != nil {
			errs = append(errs, field.Forbidden(ip.Child("livenessProbe"), noSidecar))
		}
		if c.ReadinessProbe != nil {
			errs = append(errs, field.Forbidden(ip.Child("readinessProbe"), "may not be set for init containers"))
		}
		if c.StartupProbe != nil {
			errs = append(errs, field.Forbidden(ip.Child("startupProbe"), noSidecar))
		}
		if len(c.ResizePolicy) > 0 {
			errs = append(errs, field.Invalid(ip.Child("resizePolicy"), field.OmitValue, "must not be set for init containers"))
		}
	}
	return errs
}

func validateEphemeralContainers(ecs []EphemeralContainer, cs, ics []Container, vols map[string]VolumeSource, claims map[string]bool, p *field.Path, hostUsers bool) field.ErrorList {
	if len(ecs) == 0 {
		return nil
	}
	var errs field.ErrorList
	other := map[string]bool{}
	for _, c := range cs {
		other[c.Name] = true
	}
	for _, c := range ics {
		other[c.Name] = true
	}
	names := map[string]bool{}
	for i := range ecs {
		ec := &ecs[i]
		ip := p.Index(i)
		c := (*Container)(&ec.EphemeralContainerCommon)
		errs = append(errs, validateContainerCommon(c, vols, claims, ip, RestartPolicyNever, hostUsers)...)
		if names[ec.Name] || other[ec.Name] {
			errs = append(errs, field.Duplicate(ip.Child("name"), ec.Name))
		} else {
			names[ec.Name] = true
		}
		if ec.TargetContainerName != "" && !other[ec.TargetContainerName] {
			errs = append(errs, field.NotFound(ip.Child("targetContainerName"), ec.TargetContainerName))
		}
		for _, f := range []struct {
			set  bool
			name string
		}{
			{c.Lifecycle != nil, "lifecycle"}, {c.LivenessProbe != nil, "livenessProbe"},
			{c.ReadinessProbe != nil, "readinessProbe"}, {c.StartupProbe != nil, "startupProbe"},
			{len(c.Ports) > 0, "ports"}, {len(c.Resources.Limits)+len(c.Resources.Requests) > 0, "resources"},
			{len(c.ResizePolicy) > 0, "resizePolicy"}, {c.RestartPolicy != nil, "restartPolicy"},
		} {
			if f.set {
				errs = append(errs, field.Forbidden(ip.Child(f.name), "cannot be set for an Ephemeral Container"))
			}
		}
		for j, vm := range c.VolumeMounts {
			if vm.SubPath != "" {
				errs = append(errs, field.Forbidden(ip.Child("volumeMounts").Index(j).Child("subPath"), "cannot be set for an Ephemeral Container"))
			}
		}
	}
	return errs
}

func validateContainerCommon(c *Container, vols map[string]VolumeSource, claims map[string]bool, p *field.Path, policy RestartPolicy, hostUsers bool) field.ErrorList {
	var errs field.ErrorList
	np := p.Child("name")
	if len(c.Name) == 0 {
		errs = append(errs, field.Required(np, ""))
	} else {
		errs = append(errs, dns1123LabelErrs(c.Name, np)...)
	}
	if len(c.Image) == 0 {
		errs = append(errs, field.Required(p.Child("image"), ""))
	}
	switch c.TerminationMessagePolicy {
	case TerminationMessageReadFile, TerminationMessageFallbackToLogsOnError:
	case "":
		errs = append(errs, field.Required(p.Child("terminationMessagePolicy"), ""))
	default:
		errs = append(errs, field.NotSupported(p.Child("terminationMessagePolicy"), string(c.TerminationMessagePolicy),
			[]TerminationMessagePolicy{TerminationMessageReadFile, TerminationMessageFallbackToLogsOnError}))
	}
	mounts := make(map[string]string, len(c.VolumeMounts))
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = m.Name
	}
	devices := make(map[string]string, len(c.VolumeDevices))
	for _, d := range c.VolumeDevices {
		devices[d.DevicePath] = d.Name
	}
	errs = append(errs, validateContainerPorts(c.Ports, p.Child("ports"))...)
	errs = append(errs, validateEnv(c.Env, p.Child("env"))...)
	errs = append(errs, validateEnvFrom(c.EnvFrom, p.Child("envFrom"))...)
	errs = append(errs, validateVolumeMounts(c.VolumeMounts, devices, vols, c, p.Child("volumeMounts"))...)
	errs = append(errs, validateVolumeDevices(c.VolumeDevices, mounts, vols, p.Child("volumeDevices"))...)
	errs = append(errs, validatePullPolicy(c.ImagePullPolicy, p.Child("imagePullPolicy"))...)
	errs = append(errs, validateResourceRequirements(&c.Resources, validateContainerResourceName, claims, p.Child("resources"))...)
	errs = append(errs, validateResizePolicy(c.ResizePolicy, p.Child("resizePolicy"), policy)...)
	errs = append(errs, validateSecurityContext(c.SecurityContext, p.Child("securityContext"), hostUsers)...)
	return errs
}

func validatePullPolicy(policy PullPolicy, p *field.Path) field.ErrorList {
	switch policy {
	case PullAlways, PullIfNotPresent, PullNever:
		return nil
	case "":
		return field.ErrorList{field.Required(p, "")}
	}
	return field.ErrorList{field.NotSupported(p, string(policy), []PullPolicy{PullAlways, PullIfNotPresent, PullNever})}
}

func validateResizePolicy(policies []ContainerResizePolicy, p *field.Path, podPolicy RestartPolicy) field.ErrorList {
	var errs field.ErrorList
	seen := map[ResourceName]bool{}
	for i, rp := range policies {
		ip := p.Index(i)
		switch rp.ResourceName {
		case ResourceCPU, ResourceMemory:
			if seen[rp.ResourceName] {
				errs = append(errs, field.Duplicate(ip.Child("resourceName"), string(rp.ResourceName)))
			}
			seen[rp.ResourceName] = true
		case "":
			errs = append(errs, field.Required(ip.Child("resourceName"), ""))
		default:
			errs = append(errs, field.NotSupported(ip.Child("resourceName"), string(rp.ResourceName), []ResourceName{ResourceCPU, ResourceMemory}))
		}
		switch rp.RestartPolicy {
		case NotRequired, RestartContainer:
		case "":
			errs = append(errs, field.Required(ip.Child("restartPolicy"), ""))
		default:
			errs = append(errs, field.NotSupported(ip.Child("restartPolicy"), string(rp.RestartPolicy), []ResourceResizeRestartPolicy{NotRequired, RestartContainer}))
		}
		if podPolicy == RestartPolicyNever && rp.RestartPolicy != NotRequired {
			errs = append(errs, field.Invalid(ip, string(rp.RestartPolicy), "must be 'NotRequired' when `restartPolicy` is 'Never'"))
		}
	}
	return errs
}

var supportedPortProtocols = []Protocol{ProtocolSCTP, ProtocolTCP, ProtocolUDP}

func validateContainerPorts(ports []ContainerPort, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := map[string]bool{}
	for i, port := range ports {
		ip := p.Index(i)
		if len(port.Name) > 0 {
			if msgs := validation.IsValidPortName(port.Name); len(msgs) != 0 {
				for _, msg := range msgs {
					errs = append(errs, field.Invalid(ip.Child("name"), port.Name, msg))
				}
			} else if names[port.Name] {
				errs = append(errs, field.Duplicate(ip.Child("name"), port.Name))
			} else {
				names[port.Name] = true
			}
		}
		if port.ContainerPort == 0 {
			errs = append(errs, field.Required(ip.Child("containerPort"), ""))
		} else {
			for _, msg := range validation.IsValidPortNum(int(port.ContainerPort)) {
				errs = append(errs, field.Invalid(ip.Child("containerPort"), port.ContainerPort, msg))
			}
		}
		if port.HostPort != 0 {
			for _, msg := range validation.IsValidPortNum(int(port.HostPort)) {
				errs = append(errs, field.Invalid(ip.Child("hostPort"), port.HostPort, msg))
			}
		}
		if len(port.Protocol) == 0 {
			errs = append(errs, field.Required(ip.Child("protocol"), ""))
		} else if !podMemberOf(port.Protocol, supportedPortProtocols) {
			errs = append(errs, field.NotSupported(ip.Child("protocol"), string(port.Protocol), supportedPortProtocols))
		}
	}
	return errs
}

func podMemberOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if s == v {
			return true
		}
	}
	return false
}

// accumulateUniqueHostPorts reports host ports (protocol/hostIP/port) used twice.
func accumulateUniqueHostPorts(cs []Container, firstIndex int, seen map[string]bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for ci, c := range cs {
		pp := p.Index(firstIndex + ci).Child("ports")
		for pi, port := range c.Ports {
			if port.HostPort == 0 {
				continue
			}
			key := fmt.Sprintf("%s/%s/%d", port.Protocol, port.HostIP, port.HostPort)
			if seen[key] {
				errs = append(errs, field.Duplicate(pp.Index(pi).Child("hostPort"), key))
			} else {
				seen[key] = true
			}
		}
	}
	return errs
}

func validatePodHostNetworkDeps(spec *PodSpec, p *field.Path, opts podValidationOptions) field.ErrorList {
	if !spec.HostNetwork {
		return nil
	}
	var errs field.ErrorList
	check := func(cs []Container, cp *field.Path) {
		for i, c := range cs {
			for j, port := range c.Ports {
				hp, ctp := port.HostPort, port.ContainerPort
				if (opts.resourceIsPod && hp != ctp) || (!opts.resourceIsPod && hp != 0 && hp != ctp) {
					errs = append(errs, field.Invalid(cp.Index(i).Child("ports").Index(j).Child("hostPort"), hp,
						"must match `containerPort` when `hostNetwork` is true"))
				}
			}
		}
	}
	check(spec.Containers, p.Child("containers"))
	check(spec.InitContainers, p.Child("initContainers"))
	return errs
}

func validatePodRestartPolicy(policy RestartPolicy, p *field.Path) field.ErrorList {
	switch policy {
	case RestartPolicyAlways, RestartPolicyOnFailure, RestartPolicyNever:
		return nil
	case "":
		return field.ErrorList{field.Required(p, "")}
	}
	return field.ErrorList{field.NotSupported(p, string(policy), []RestartPolicy{RestartPolicyAlways, RestartPolicyOnFailure, RestartPolicyNever})}
}

func validateDNSPolicy(policy DNSPolicy, p *field.Path) field.ErrorList {
	switch policy {
	case DNSClusterFirstWithHostNet, DNSClusterFirst, DNSDefault, DNSNone:
		return nil
	case "":
		return field.ErrorList{field.Required(p, "")}
	}
	return field.ErrorList{field.NotSupported(p, string(policy), []DNSPolicy{DNSClusterFirstWithHostNet, DNSClusterFirst, DNSDefault, DNSNone})}
}

func validatePodDNSConfig(cfg *PodDNSConfig, policy DNSPolicy, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if policy == DNSNone {
		if cfg == nil {
			return field.ErrorList{field.Required(p, fmt.Sprintf("must provide `dnsConfig` when `dnsPolicy` is %s", DNSNone))}
		}
		if len(cfg.Nameservers) == 0 {
			return field.ErrorList{field.Required(p.Child("nameservers"), fmt.Sprintf("must provide at least one DNS nameserver when `dnsPolicy` is %s", DNSNone))}
		}
	}
	if cfg == nil {
		return nil
	}
	if len(cfg.Nameservers) > MaxDNSNameservers {
		errs = append(errs, field.Invalid(p.Child("nameservers"), cfg.Nameservers, fmt.Sprintf("must not have more than %v nameservers", MaxDNSNameservers)))
	}
	for i, ns := range cfg.Nameservers {
		for _, msg := range validation.IsValidIP(ns) {
			errs = append(errs, field.Invalid(p.Child("nameservers").Index(i), ns, msg))
		}
	}
	if len(cfg.Searches) > MaxDNSSearchPaths {
		errs = append(errs, field.Invalid(p.Child("searches"), cfg.Searches, fmt.Sprintf("must not have more than %v search paths", MaxDNSSearchPaths)))
	}
	if len(strings.Join(cfg.Searches, " ")) > MaxDNSSearchListChars {
		errs = append(errs, field.Invalid(p.Child("searches"), cfg.Searches, fmt.Sprintf("must not have more than %v characters (including spaces) in the search list", MaxDNSSearchListChars)))
	}
	for i, s := range cfg.Searches {
		if s == "." {
			continue
		}
		errs = append(errs, dns1123SubdomainErrs(strings.TrimSuffix(s, "."), p.Child("searches").Index(i))...)
	}
	for i, o := range cfg.Options {
		if len(o.Name) == 0 {
			errs = append(errs, field.Required(p.Child("options").Index(i), "Option.Name must not be empty"))
		}
	}
	return errs
}

func validateSchedulingGates(gates []PodSchedulingGate, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, g := range gates {
		errs = append(errs, qualifiedNameErrs(g.Name, p.Index(i))...)
		if seen[g.Name] {
			errs = append(errs, field.Duplicate(p.Index(i), g.Name))
		}
		seen[g.Name] = true
	}
	return errs
}

func validateHostUsers(spec *PodSpec, p *field.Path) field.ErrorList {
	if spec.HostUsers == nil || *spec.HostUsers {
		return nil
	}
	var errs field.ErrorList
	const msg = "when `pod.Spec.HostUsers` is false"
	if spec.HostNetwork {
		errs = append(errs, field.Forbidden(p.Child("hostNetwork"), msg))
	}
	if spec.HostPID {
		errs = append(errs, field.Forbidden(p.Child("hostPID"), msg))
	}
	if spec.HostIPC {
		errs = append(errs, field.Forbidden(p.Child("hostIPC"), msg))
	}
	return errs
}

// ---- probes and handlers ----

func validateLivenessProbe(probe *Probe, p *field.Path) field.ErrorList {
	if probe == nil {
		return nil
	}
	errs := validateProbe(probe, p)
	if probe.SuccessThreshold != 1 {
		errs = append(errs, field.Invalid(p.Child("successThreshold"), probe.SuccessThreshold, "must be 1"))
	}
	return errs
}

func validateReadinessProbe(probe *Probe, p *field.Path) field.ErrorList {
	if probe == nil {
		return nil
	}
	errs := validateProbe(probe, p)
	if probe.TerminationGracePeriodSeconds != nil {
		errs = append(errs, field.Invalid(p.Child("terminationGracePeriodSeconds"), *probe.TerminationGracePeriodSeconds, "must not be set for readinessProbes"))
	}
	return errs
}

func validateStartupProbe(probe *Probe, p *field.Path) field.ErrorList {
	return validateLivenessProbe(probe, p)
}

func validateProbe(probe *Probe, p *field.Path) field.ErrorList {
	h := probe.ProbeHandler
	errs := validateHandler(h.Exec, h.HTTPGet, h.TCPSocket, h.GRPC, nil, nil, p)
	errs = append(errs, validation.ValidateNonnegativeField(int64(probe.InitialDelaySeconds), p.Child("initialDelaySeconds"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(probe.TimeoutSeconds), p.Child("timeoutSeconds"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(probe.PeriodSeconds), p.Child("periodSeconds"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(probe.SuccessThreshold), p.Child("successThreshold"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(probe.FailureThreshold), p.Child("failureThreshold"))...)
	if probe.TerminationGracePeriodSeconds != nil && *probe.TerminationGracePeriodSeconds <= 0 {
		errs = append(errs, field.Invalid(p.Child("terminationGracePeriodSeconds"), *probe.TerminationGracePeriodSeconds, "must be greater than 0"))
	}
	return errs
}

func validateLifecycle(lc *Lifecycle, grace *int64, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if h := lc.PostStart; h != nil {
		errs = append(errs, validateHandler(h.Exec, h.HTTPGet, h.TCPSocket, nil, h.Sleep, grace, p.Child("postStart"))...)
	}
	if h := lc.PreStop; h != nil {
		errs = append(errs, validateHandler(h.Exec, h.HTTPGet, h.TCPSocket, nil, h.Sleep, grace, p.Child("preStop"))...)
	}
	return errs
}

func validateHandler(exec *ExecAction, httpGet *HTTPGetAction, tcp *TCPSocketAction, grpc *GRPCAction, sleep *SleepAction, grace *int64, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	n := 0
	const more = "may not specify more than 1 handler type"
	if exec != nil {
		n++
		if len(exec.Command) == 0 {
			errs = append(errs, field.Required(p.Child("exec", "command"), ""))
		}
	}
	if httpGet != nil {
		if n > 0 {
			errs = append(errs, field.Forbidden(p.Child("httpGet"), more))
		} else {
			n++
			errs = append(errs, validateHTTPGetAction(httpGet, p.Child("httpGet"))...)
		}
	}
	if tcp != nil {
		if n > 0 {
			errs = append(errs, field.Forbidden(p.Child("tcpSocket"), more))
		} else {
			n++
			errs = append(errs, validatePortNumOrName(tcp.Port, p.Child("tcpSocket", "port"))...)
		}
	}
	if grpc != nil {
		if n > 0 {
			errs = append(errs, field.Forbidden(p.Child("grpc"), more))
		} else {
			n++
			errs = append(errs, validatePortNumOrName(intstr.FromInt32(grpc.Port), p.Child("grpc", "port"))...)
		}
	}
	if sleep != nil {
		if n > 0 {
			errs = append(errs, field.Forbidden(p.Child("sleep"), more))
		} else {
			n++
			if grace != nil && (sleep.Seconds <= 0 || sleep.Seconds > *grace) {
				errs = append(errs, field.Invalid(p.Child("sleep"), sleep.Seconds, fmt.Sprintf(
					"must be greater than 0 and less than terminationGracePeriodSeconds (%d). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.", *grace)))
			}
		}
	}
	if n == 0 {
		errs = append(errs, field.Required(p, "must specify a handler type"))
	}
	return errs
}

// httpHeaderNameRegexp is RFC 7230's token, as Kubernetes' IsHTTPHeaderName checks.
var httpHeaderNameRegexp = regexp.MustCompile(`^[-A-Za-z0-9!#$%&'*+.^_` + "`" + `|~]+$`)

func validateHTTPGetAction(h *HTTPGetAction, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(h.Path) == 0 {
		errs = append(errs, field.Required(p.Child("path"), ""))
	}
	errs = append(errs, validatePortNumOrName(h.Port, p.Child("port"))...)
	if h.Scheme != URISchemeHTTP && h.Scheme != URISchemeHTTPS {
		errs = append(errs, field.NotSupported(p.Child("scheme"), string(h.Scheme), []URIScheme{URISchemeHTTP, URISchemeHTTPS}))
	}
	for _, hd := range h.HTTPHeaders {
		if !httpHeaderNameRegexp.MatchString(hd.Name) {
			errs = append(errs, field.Invalid(p.Child("httpHeaders"), hd.Name, validation.RegexError(
				"a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name")))
		}
	}
	return errs
}

func validatePortNumOrName(port intstr.IntOrString, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch port.Type {
	case intstr.Int:
		for _, msg := range validation.IsValidPortNum(port.IntValue()) {
			errs = append(errs, field.Invalid(p, port.IntValue(), msg))
		}
	case intstr.String:
		for _, msg := range validation.IsValidPortName(port.StrVal) {
			errs = append(errs, field.Invalid(p, port.StrVal, msg))
		}
	default:
		errs = append(errs, field.InternalError(p, fmt.Errorf("unknown type: %v", port.Type)))
	}
	return errs
}

// ---- environment ----

// Downward API field paths, as Kubernetes accepts them.
var (
	validEnvDownwardAPIFieldPaths = []string{
		"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
		"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
	}
	validVolumeDownwardAPIFieldPaths = []string{
		"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
	}
	validContainerResourceFieldPaths = []string{
		"limits.cpu", "limits.ephemeral-storage", "limits.memory",
		"requests.cpu", "requests.ephemeral-storage", "requests.memory",
	}
	validContainerResourceFieldPathPrefixes = []string{"limits.hugepages-", "requests.hugepages-"}
)

// relaxedEnvVarNameErrMsg is the message of Kubernetes' IsRelaxedEnvVarName
// (RelaxedEnvironmentVariableValidation, on by default since 1.32).
const relaxedEnvVarNameErrMsg = "a valid environment variable name must consist only of printable ASCII characters other than '='"

func isRelaxedEnvVarName(v string) []string {
	var errs []string
	if len(v) == 0 {
		errs = append(errs, "environment variable name "+validation.EmptyError())
	}
	for _, r := range v {
		if r > 127 || r < 32 || r == 127 || r == '=' {
			errs = append(errs, relaxedEnvVarNameErrMsg)
			break
		}
	}
	return errs
}

func validateEnv(vars []EnvVar, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, ev := range vars {
		ip := p.Index(i)
		if len(ev.Name) == 0 {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		} else {
			for _, msg := range isRelaxedEnvVarName(ev.Name) {
				errs = append(errs, field.Invalid(ip.Child("name"), ev.Name, msg))
			}
		}
		errs = append(errs, validateEnvVarValueFrom(ev, ip.Child("valueFrom"))...)
	}
	return errs
}

func validateEnvVarValueFrom(ev EnvVar, p *field.Path) field.ErrorList {
	if ev.ValueFrom == nil {
		return nil
	}
	var errs field.ErrorList
	n := 0
	vf := ev.ValueFrom
	if vf.FieldRef != nil {
		n++
		errs = append(errs, validateObjectFieldSelector(vf.FieldRef, validEnvDownwardAPIFieldPaths, p.Child("fieldRef"))...)
	}
	if vf.ResourceFieldRef != nil {
		n++
		errs = append(errs, validateContainerResourceFieldSelector(vf.ResourceFieldRef, p.Child("resourceFieldRef"), false)...)
	}
	if vf.ConfigMapKeyRef != nil {
		n++
		errs = append(errs, validateKeySelector(vf.ConfigMapKeyRef.Name, vf.ConfigMapKeyRef.Key, p.Child("configMapKeyRef"))...)
	}
	if vf.SecretKeyRef != nil {
		n++
		errs = append(errs, validateKeySelector(vf.SecretKeyRef.Name, vf.SecretKeyRef.Key, p.Child("secretKeyRef"))...)
	}
	switch {
	case n == 0:
		errs = append(errs, field.Invalid(p, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
	case len(ev.Value) != 0:
		errs = append(errs, field.Invalid(p, "", "may not be specified when `value` is not empty"))
	case n > 1:
		errs = append(errs, field.Invalid(p, "", "may not have more than one field specified at a time"))
	}
	return errs
}

// splitMaybeSubscriptedPath splits "metadata.labels['key']" into
// "metadata.labels" and "key".
func splitMaybeSubscriptedPath(fp string) (string, string, bool) {
	if !strings.HasSuffix(fp, "']") {
		return fp, "", false
	}
	parts := strings.SplitN(strings.TrimSuffix(fp, "']"), "['", 2)
	if len(parts) < 2 || len(parts[0]) == 0 {
		return fp, "", false
	}
	return parts[0], parts[1], true
}

// convertDownwardAPIFieldLabel checks a v1 field path, as Kubernetes'
// ConvertDownwardAPIFieldLabel, and maps the old "spec.host" to "spec.nodeName".
func convertDownwardAPIFieldLabel(version, label string) (string, error) {
	if version != "v1" {
		return "", fmt.Errorf("unsupported pod version: %s", version)
	}
	if p, _, ok := splitMaybeSubscriptedPath(label); ok {
		switch p {
		case "metadata.annotations", "metadata.labels":
			return label, nil
		}
		return "", fmt.Errorf("field label does not support subscript: %s", label)
	}
	switch label {
	case "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
		"spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
		"status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs":
		return label, nil
	case "spec.host":
		return "spec.nodeName", nil
	}
	return "", fmt.Errorf("field label not supported: %s", label)
}

func validateObjectFieldSelector(fs *ObjectFieldSelector, expressions []string, p *field.Path) field.ErrorList {
	if len(fs.APIVersion) == 0 {
		return field.ErrorList{field.Required(p.Child("apiVersion"), "")}
	}
	if len(fs.FieldPath) == 0 {
		return field.ErrorList{field.Required(p.Child("fieldPath"), "")}
	}
	internal, err := convertDownwardAPIFieldLabel(fs.APIVersion, fs.FieldPath)
	if err != nil {
		return field.ErrorList{field.Invalid(p.Child("fieldPath"), fs.FieldPath, fmt.Sprintf("error converting fieldPath: %v", err))}
	}
	fp, sub, ok := splitMaybeSubscriptedPath(internal)
	if ok {
		switch fp {
		case "metadata.annotations":
			return qualifiedNameErrs(strings.ToLower(sub), p)
		case "metadata.labels":
			return qualifiedNameErrs(sub, p)
		}
		return field.ErrorList{field.Invalid(p, fp, "does not support subscript")}
	}
	if !podMemberOf(fp, expressions) {
		return field.ErrorList{field.NotSupported(p.Child("fieldPath"), fp, expressions)}
	}
	return nil
}

func validateContainerResourceFieldSelector(fs *ResourceFieldSelector, p *field.Path, volume bool) field.ErrorList {
	var errs field.ErrorList
	switch {
	case volume && len(fs.ContainerName) == 0:
		errs = append(errs, field.Required(p.Child("containerName"), ""))
	case len(fs.Resource) == 0:
		errs = append(errs, field.Required(p.Child("resource"), ""))
	case !podMemberOf(fs.Resource, validContainerResourceFieldPaths):
		found := false
		for _, prefix := range validContainerResourceFieldPathPrefixes {
			if strings.HasPrefix(fs.Resource, prefix) {
				found = true
				break
			}
		}
		if !found {
			errs = append(errs, field.NotSupported(p.Child("resource"), fs.Resource, validContainerResourceFieldPaths))
		}
	}
	return append(errs, validateContainerResourceDivisor(fs.Resource, fs.Divisor, p)...)
}

var (
	validDivisorsCPU    = []string{"1m", "1"}
	validDivisorsMemory = []string{"1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"}
)

func validateContainerResourceDivisor(name string, divisor resource.Quantity, p *field.Path) field.ErrorList {
	if divisor.IsZero() {
		return nil
	}
	d := divisor.String()
	dp := p.Child("divisor")
	const mem = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the "
	var errs field.ErrorList
	switch name {
	case "limits.cpu", "requests.cpu":
		if !podMemberOf(d, validDivisorsCPU) {
			errs = append(errs, field.Invalid(dp, name, "only divisor's values 1m and 1 are supported with the cpu resource"))
		}
	case "limits.memory", "requests.memory":
		if !podMemberOf(d, validDivisorsMemory) {
			errs = append(errs, field.Invalid(dp, name, mem+"memory resource"))
		}
	case "limits.ephemeral-storage", "requests.ephemeral-storage":
		if !podMemberOf(d, validDivisorsMemory) {
			errs = append(errs, field.Invalid(dp, name, mem+"local ephemeral storage resource"))
		}
	}
	if strings.HasPrefix(name, "requests.hugepages-") || strings.HasPrefix(name, "limits.hugepages-") {
		if !podMemberOf(d, validDivisorsMemory) {
			errs = append(errs, field.Invalid(dp, name, mem+"hugepages resource"))
		}
	}
	return errs
}

func validateKeySelector(name, key string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Subdomain(name) {
		errs = append(errs, field.Invalid(p.Child("name"), name, msg))
	}
	if len(key) == 0 {
		errs = append(errs, field.Required(p.Child("key"), ""))
	} else {
		for _, msg := range validation.IsConfigMapKey(key) {
			errs = append(errs, field.Invalid(p.Child("key"), key, msg))
		}
	}
	return errs
}

func validateEnvFrom(vars []EnvFromSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, ev := range vars {
		ip := p.Index(i)
		if len(ev.Prefix) > 0 {
			for _, msg := range isRelaxedEnvVarName(ev.Prefix) {
				errs = append(errs, field.Invalid(ip.Child("prefix"), ev.Prefix, msg))
			}
		}
		n := 0
		if ev.ConfigMapRef != nil {
			n++
			errs = append(errs, validateEnvSourceName(ev.ConfigMapRef.Name, ip.Child("configMapRef"))...)
		}
		if ev.SecretRef != nil {
			n++
			errs = append(errs, validateEnvSourceName(ev.SecretRef.Name, ip.Child("secretRef"))...)
		}
		if n == 0 {
			errs = append(errs, field.Invalid(p, "", "must specify one of: `configMapRef` or `secretRef`"))
		} else if n > 1 {
			errs = append(errs, field.Invalid(p, "", "may not have more than one field specified at a time"))
		}
	}
	return errs
}

func validateEnvSourceName(name string, p *field.Path) field.ErrorList {
	if len(name) == 0 {
		return field.ErrorList{field.Required(p.Child("name"), "")}
	}
	var errs field.ErrorList
	for _, msg := range validation.NameIsDNSSubdomain(name, true) {
		errs = append(errs, field.Invalid(p.Child("name"), name, msg))
	}
	return errs
}

// ---- resources ----

// IsHugePageResourceName reports a huge page resource ("hugepages-2Mi").
func IsHugePageResourceName(name ResourceName) bool {
	return strings.HasPrefix(string(name), ResourceHugePagesPrefix)
}

// IsNativeResource reports a resource name in the kubernetes.io namespace
// (or with no namespace at all).
func IsNativeResource(name ResourceName) bool {
	return !strings.Contains(string(name), "/") || strings.Contains(string(name), ResourceDefaultNamespacePrefix)
}

// IsExtendedResourceName reports an extended resource ("example.com/gpu"):
// not native, not a quota "requests." name, and valid as a quota name.
func IsExtendedResourceName(name ResourceName) bool {
	if IsNativeResource(name) || strings.HasPrefix(string(name), DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(DefaultResourceRequestsPrefix+string(name))) == 0
}

// IsOvercommitAllowed reports whether requests may be lower than limits for
// the resource: native resources but huge pages.
func IsOvercommitAllowed(name ResourceName) bool {
	return IsNativeResource(name) && !IsHugePageResourceName(name)
}

var podIntegerResources = []ResourceName{
	ResourcePods, ResourceQuotas, ResourceServices, ResourceReplicationControllers, ResourceSecrets,
	ResourceConfigMaps, ResourcePersistentVolumeClaims, ResourceServicesNodePorts, ResourceServicesLoadBalancers,
}

// ValidateResourceQuantityValue checks a quantity: not negative, and whole
// for resources counted in units (pods, extended resources, ...).
func ValidateResourceQuantityValue(name ResourceName, q resource.Quantity, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if q.Sign() < 0 {
		errs = append(errs, field.Invalid(p, q.String(), podIsNegativeErrorMsg))
	}
	if podMemberOf(name, podIntegerResources) || IsExtendedResourceName(name) {
		if q.MilliValue()%1000 != 0 {
			errs = append(errs, field.Invalid(p, q.String(), podIsNotIntegerErrorMsg))
		}
	}
	return errs
}

var podStandardResources = []ResourceName{
	ResourceCPU, ResourceMemory, ResourceEphemeralStorage,
	ResourceRequestsCPU, ResourceRequestsMemory, ResourceRequestsEphemeralStorage,
	ResourceLimitsCPU, ResourceLimitsMemory, ResourceLimitsEphemeralStorage,
	ResourcePods, ResourceQuotas, ResourceServices, ResourceReplicationControllers, ResourceSecrets,
	ResourcePersistentVolumeClaims, ResourceConfigMaps, ResourceStorage, ResourceRequestsStorage,
	ResourceServicesNodePorts, ResourceServicesLoadBalancers,
}

func validateGenericResourceName(name ResourceName, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsQualifiedName(string(name)) {
		errs = append(errs, field.Invalid(p, string(name), msg))
	}
	if len(errs) != 0 {
		return errs
	}
	if !strings.Contains(string(name), "/") {
		if !podMemberOf(name, podStandardResources) && !IsHugePageResourceName(name) &&
			!strings.HasPrefix(string(name), ResourceRequestsHugePagesPrefix) {
			return field.ErrorList{field.Invalid(p, string(name), "must be a standard resource type or fully qualified")}
		}
	}
	return nil
}

func validateContainerResourceName(name ResourceName, p *field.Path) field.ErrorList {
	errs := validateGenericResourceName(name, p)
	if !strings.Contains(string(name), "/") {
		switch {
		case name == ResourceCPU, name == ResourceMemory, name == ResourceEphemeralStorage, IsHugePageResourceName(name):
		default:
			return append(errs, field.Invalid(p, string(name), "must be a standard resource for containers"))
		}
	} else if !IsNativeResource(name) && !IsExtendedResourceName(name) {
		return append(errs, field.Invalid(p, string(name), "doesn't follow extended resource name standard"))
	}
	return errs
}

func validatePodResourceName(name ResourceName, p *field.Path) field.ErrorList {
	errs := validateGenericResourceName(name, p)
	if name != ResourceCPU && name != ResourceMemory && !IsHugePageResourceName(name) {
		errs = append(errs, field.NotSupported(p, string(name), []ResourceName{ResourceCPU, ResourceMemory}))
	}
	return errs
}

func sortedResourceNames(rl ResourceList) []ResourceName {
	names := make([]ResourceName, 0, len(rl))
	for n := range rl {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	return names
}

func validateResourceRequirements(r *ResourceRequirements, nameFn func(ResourceName, *field.Path) field.ErrorList, claims map[string]bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	limPath, reqPath := p.Child("limits"), p.Child("requests")
	limCPUOrMem, reqCPUOrMem, limHuge, reqHuge := false, false, false, false
	for _, name := range sortedResourceNames(r.Limits) {
		q := r.Limits[name]
		kp := limPath.Key(string(name))
		errs = append(errs, nameFn(name, kp)...)
		errs = append(errs, ValidateResourceQuantityValue(name, q, kp)...)
		if IsHugePageResourceName(name) {
			limHuge = true
		}
		if name == ResourceCPU || name == ResourceMemory {
			limCPUOrMem = true
		}
	}
	for _, name := range sortedResourceNames(r.Requests) {
		q := r.Requests[name]
		kp := reqPath.Key(string(name))
		errs = append(errs, nameFn(name, kp)...)
		errs = append(errs, ValidateResourceQuantityValue(name, q, kp)...)
		if lim, ok := r.Limits[name]; ok {
			if q.Cmp(lim) != 0 && !IsOvercommitAllowed(name) {
				errs = append(errs, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be equal to %s limit of %s", name, lim.String())))
			} else if q.Cmp(lim) > 0 {
				errs = append(errs, field.Invalid(reqPath, q.String(), fmt.Sprintf("must be less than or equal to %s limit of %s", name, lim.String())))
			}
		} else if !IsOvercommitAllowed(name) {
			errs = append(errs, field.Required(limPath, "Limit must be set for non overcommitable resources"))
		}
		if IsHugePageResourceName(name) {
			reqHuge = true
		}
		if name == ResourceCPU || name == ResourceMemory {
			reqCPUOrMem = true
		}
	}
	if !limCPUOrMem && !reqCPUOrMem && (reqHuge || limHuge) {
		errs = append(errs, field.Forbidden(p, "HugePages require cpu or memory"))
	}
	errs = append(errs, validateResourceClaimNames(r.Claims, claims, p.Child("claims"))...)
	return errs
}

func validateResourceClaimNames(claims []ResourceClaim, podClaims map[string]bool, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, c := range claims {
		ip := p.Index(i)
		if c.Name == "" {
			errs = append(errs, field.Required(ip, ""))
			continue
		}
		key := c.Name + "/" + c.Request
		if seen[key] {
			errs = append(errs, field.Duplicate(ip, c.Name))
		}
		seen[key] = true
		if podClaims != nil && !podClaims[c.Name] {
			errs = append(errs, field.Required(ip, "must be one of the names in pod.spec.resourceClaims"))
		}
	}
	return errs
}

// ---- volumes ----

func validateVolumes(vols []Volume, p *field.Path, opts podValidationOptions) (map[string]VolumeSource, field.ErrorList) {
	var errs field.ErrorList
	byName := make(map[string]VolumeSource, len(vols))
	names := map[string]bool{}
	for i := range vols {
		v := &vols[i]
		ip := p.Index(i)
		np := ip.Child("name")
		el := validateVolumeSource(&v.VolumeSource, ip, opts)
		if len(v.Name) == 0 {
			el = append(el, field.Required(np, ""))
		} else {
			el = append(el, dns1123LabelErrs(v.Name, np)...)
		}
		if names[v.Name] {
			el = append(el, field.Duplicate(np, v.Name))
		}
		if len(el) == 0 {
			names[v.Name] = true
			byName[v.Name] = v.VolumeSource
		} else {
			errs = append(errs, el...)
		}
	}
	return byName, errs
}

func validateVolumeSource(src *VolumeSource, p *field.Path, opts podValidationOptions) field.ErrorList {
	var errs field.ErrorList
	n := 0
	// one counts a source and validates it, or reports a second source.
	one := func(set bool, name string, validate func(*field.Path) field.ErrorList) {
		if !set {
			return
		}
		if n > 0 {
			errs = append(errs, field.Forbidden(p.Child(name), "may not specify more than 1 volume type"))
			return
		}
		n++
		errs = append(errs, validate(p.Child(name))...)
	}
	one(src.EmptyDir != nil, "emptyDir", func(fp *field.Path) field.ErrorList {
		if sl := src.EmptyDir.SizeLimit; sl != nil && sl.Sign() < 0 {
			return field.ErrorList{field.Forbidden(fp.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity")}
		}
		return nil
	})
	one(src.HostPath != nil, "hostPath", func(fp *field.Path) field.ErrorList { return validateHostPathVolumeSource(src.HostPath, fp) })
	one(src.GitRepo != nil, "gitRepo", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		if len(src.GitRepo.Repository) == 0 {
			e = append(e, field.Required(fp.Child("repository"), ""))
		}
		return append(e, validateLocalDescendingPath(src.GitRepo.Directory, fp.Child("directory"))...)
	})
	one(src.Secret != nil, "secret", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		if len(src.Secret.SecretName) == 0 {
			e = append(e, field.Required(fp.Child("secretName"), ""))
		}
		e = append(e, validateFileMode(src.Secret.DefaultMode, fp.Child("defaultMode"))...)
		for i := range src.Secret.Items {
			e = append(e, validateKeyToPath(&src.Secret.Items[i], fp.Child("items").Index(i))...)
		}
		return e
	})
	one(src.NFS != nil, "nfs", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		if len(src.NFS.Server) == 0 {
			e = append(e, field.Required(fp.Child("server"), ""))
		}
		if len(src.NFS.Path) == 0 {
			e = append(e, field.Required(fp.Child("path"), ""))
		}
		if !path.IsAbs(src.NFS.Path) {
			e = append(e, field.Invalid(fp.Child("path"), src.NFS.Path, "must be an absolute path"))
		}
		return e
	})
	one(src.PersistentVolumeClaim != nil, "persistentVolumeClaim", func(fp *field.Path) field.ErrorList {
		if len(src.PersistentVolumeClaim.ClaimName) == 0 {
			return field.ErrorList{field.Required(fp.Child("claimName"), "")}
		}
		return nil
	})
	one(src.DownwardAPI != nil, "downwardAPI", func(fp *field.Path) field.ErrorList {
		e := validateFileMode(src.DownwardAPI.DefaultMode, fp.Child("defaultMode"))
		for i := range src.DownwardAPI.Items {
			e = append(e, validateDownwardAPIVolumeFile(&src.DownwardAPI.Items[i], fp.Child("items").Index(i))...)
		}
		return e
	})
	one(src.ConfigMap != nil, "configMap", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		if len(src.ConfigMap.Name) == 0 {
			e = append(e, field.Required(fp.Child("name"), ""))
		}
		e = append(e, validateFileMode(src.ConfigMap.DefaultMode, fp.Child("defaultMode"))...)
		for i := range src.ConfigMap.Items {
			e = append(e, validateKeyToPath(&src.ConfigMap.Items[i], fp.Child("items").Index(i))...)
		}
		return e
	})
	one(src.Projected != nil, "projected", func(fp *field.Path) field.ErrorList {
		e := validateFileMode(src.Projected.DefaultMode, fp.Child("defaultMode"))
		return append(e, validateProjectionSources(src.Projected, fp)...)
	})
	one(src.CSI != nil, "csi", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		d := src.CSI.Driver
		dp := fp.Child("driver")
		if len(d) == 0 {
			e = append(e, field.Required(dp, ""))
		}
		if len(d) > 63 {
			e = append(e, field.TooLong(dp, d, 63))
		}
		for _, msg := range validation.IsDNS1123Subdomain(strings.ToLower(d)) {
			e = append(e, field.Invalid(dp, d, msg))
		}
		if ref := src.CSI.NodePublishSecretRef; ref != nil {
			if len(ref.Name) == 0 {
				e = append(e, field.Required(fp.Child("nodePublishSecretRef", "name"), ""))
			} else {
				e = append(e, dns1123SubdomainErrs(ref.Name, fp.Child("nodePublishSecretRef", "name"))...)
			}
		}
		return e
	})
	one(src.Image != nil, "image", func(fp *field.Path) field.ErrorList {
		var e field.ErrorList
		if opts.resourceIsPod && len(src.Image.Reference) == 0 {
			e = append(e, field.Required(fp.Child("reference"), ""))
		}
		return append(e, validatePullPolicy(src.Image.PullPolicy, fp.Child("pullPolicy"))...)
	})
	if n == 0 {
		errs = append(errs, field.Required(p, "must specify a volume type"))
	}
	return errs
}

var supportedHostPathTypes = []HostPathType{
	HostPathUnset, HostPathBlockDev, HostPathCharDev, HostPathDirectory, HostPathDirectoryOrCreate,
	HostPathFile, HostPathFileOrCreate, HostPathSocket,
}

func validateHostPathVolumeSource(hp *HostPathVolumeSource, p *field.Path) field.ErrorList {
	if len(hp.Path) == 0 {
		return field.ErrorList{field.Required(p.Child("path"), "")}
	}
	errs := validatePathNoBacksteps(hp.Path, p.Child("path"))
	if hp.Type != nil && !podMemberOf(*hp.Type, supportedHostPathTypes) {
		errs = append(errs, field.NotSupported(p.Child("type"), string(*hp.Type), supportedHostPathTypes))
	}
	return errs
}

func validateFileMode(mode *int32, p *field.Path) field.ErrorList {
	if mode != nil && (*mode > 0777 || *mode < 0) {
		return field.ErrorList{field.Invalid(p, *mode, podFileModeErrorMsg)}
	}
	return nil
}

func validateKeyToPath(kp *KeyToPath, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(kp.Key) == 0 {
		errs = append(errs, field.Required(p.Child("key"), ""))
	}
	if len(kp.Path) == 0 {
		errs = append(errs, field.Required(p.Child("path"), ""))
	}
	errs = append(errs, validateLocalNonReservedPath(kp.Path, p.Child("path"))...)
	return append(errs, validateFileMode(kp.Mode, p.Child("mode"))...)
}

func validateDownwardAPIVolumeFile(f *DownwardAPIVolumeFile, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(f.Path) == 0 {
		errs = append(errs, field.Required(p.Child("path"), ""))
	}
	errs = append(errs, validateLocalNonReservedPath(f.Path, p.Child("path"))...)
	switch {
	case f.FieldRef != nil:
		errs = append(errs, validateObjectFieldSelector(f.FieldRef, validVolumeDownwardAPIFieldPaths, p.Child("fieldRef"))...)
		if f.ResourceFieldRef != nil {
			errs = append(errs, field.Invalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
		}
	case f.ResourceFieldRef != nil:
		errs = append(errs, validateContainerResourceFieldSelector(f.ResourceFieldRef, p.Child("resourceFieldRef"), true)...)
	default:
		errs = append(errs, field.Required(p, "one of fieldRef and resourceFieldRef is required"))
	}
	return append(errs, validateFileMode(f.Mode, p.Child("mode"))...)
}

func validateProjectionSources(proj *ProjectedVolumeSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	paths := map[string]bool{}
	addPath := func(fp string, bad any) {
		if fp == "" {
			return
		}
		if paths[fp] {
			errs = append(errs, field.Invalid(p, bad, "conflicting duplicate paths"))
		}
		paths[fp] = true
	}
	for i, src := range proj.Sources {
		n := 0
		sp := p.Child("sources").Index(i)
		if src.Secret != nil {
			n++
			pp := sp.Child("secret")
			if len(src.Secret.Name) == 0 {
				errs = append(errs, field.Required(pp.Child("name"), ""))
			}
			for j := range src.Secret.Items {
				errs = append(errs, validateKeyToPath(&src.Secret.Items[j], pp.Child("items").Index(j))...)
				addPath(src.Secret.Items[j].Path, src.Secret.Name)
			}
		}
		if src.ConfigMap != nil {
			n++
			pp := sp.Child("configMap")
			if len(src.ConfigMap.Name) == 0 {
				errs = append(errs, field.Required(pp.Child("name"), ""))
			}
			for j := range src.ConfigMap.Items {
				errs = append(errs, validateKeyToPath(&src.ConfigMap.Items[j], pp.Child("items").Index(j))...)
				addPath(src.ConfigMap.Items[j].Path, src.ConfigMap.Name)
			}
		}
		if src.DownwardAPI != nil {
			n++
			pp := sp.Child("downwardAPI")
			for j := range src.DownwardAPI.Items {
				errs = append(errs, validateDownwardAPIVolumeFile(&src.DownwardAPI.Items[j], pp.Child("items").Index(j))...)
				addPath(src.DownwardAPI.Items[j].Path, src.DownwardAPI.Items[j].Path)
			}
		}
		if t := src.ServiceAccountToken; t != nil {
			n++
			pp := sp.Child("serviceAccountToken")
			exp := DefaultServiceAccountTokenExpirationSeconds
			if t.ExpirationSeconds != nil {
				exp = *t.ExpirationSeconds
			}
			if exp < 10*60 {
				errs = append(errs, field.Invalid(pp.Child("expirationSeconds"), exp, "may not specify a duration less than 10 minutes"))
			}
			if exp > 1<<32 {
				errs = append(errs, field.Invalid(pp.Child("expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"))
			}
			if t.Path == "" {
				errs = append(errs, field.Required(pp.Child("path"), ""))
			} else {
				errs = append(errs, validateLocalNonReservedPath(t.Path, pp.Child("path"))...)
			}
			addPath(t.Path, t.Path)
		}
		if b := src.ClusterTrustBundle; b != nil {
			n++
			pp := sp.Child("clusterTrustBundle")
			switch {
			case b.Name != nil && b.SignerName != nil:
				errs = append(errs, field.Invalid(pp, field.OmitValue, "only one of name and signerName may be used"))
			case b.Name != nil:
				if *b.Name == "" {
					errs = append(errs, field.Required(pp.Child("name"), "must be a valid object name"))
				}
				if b.LabelSelector != nil {
					errs = append(errs, field.Invalid(pp.Child("labelSelector"), field.OmitValue, "labelSelector must be unset if name is specified"))
				}
			case b.SignerName != nil:
				if *b.SignerName == "" {
					errs = append(errs, field.Required(pp.Child("signerName"), "must be a valid signer name"))
				}
				errs = append(errs, validation.ValidateLabelSelector(b.LabelSelector, pp.Child("labelSelector"))...)
			default:
				errs = append(errs, field.Required(pp, "either name or signerName must be specified"))
			}
			if b.Path == "" {
				errs = append(errs, field.Required(pp.Child("path"), ""))
			}
			errs = append(errs, validateLocalNonReservedPath(b.Path, pp.Child("path"))...)
			addPath(b.Path, b.Path)
		}
		if n > 1 {
			errs = append(errs, field.Forbidden(sp, "may not specify more than 1 volume type per source"))
		}
	}
	return errs
}

func validateLocalDescendingPath(target string, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	if path.IsAbs(target) {
		errs = append(errs, field.Invalid(p, target, "must be a relative path"))
	}
	return append(errs, validatePathNoBacksteps(target, p)...)
}

func validatePathNoBacksteps(target string, p *field.Path) field.ErrorList {
	for _, item := range strings.Split(target, "/") {
		if item == ".." {
			return field.ErrorList{field.Invalid(p, target, "must not contain '..'")}
		}
	}
	return nil
}

func validateLocalNonReservedPath(target string, p *field.Path) field.ErrorList {
	errs := validateLocalDescendingPath(target, p)
	if strings.HasPrefix(target, "..") && !strings.HasPrefix(target, "../") {
		errs = append(errs, field.Invalid(p, target, "must not start with '..'"))
	}
	return errs
}

var supportedMountPropagations = []MountPropagationMode{MountPropagationBidirectional, MountPropagationHostToContainer, MountPropagationNone}

func validateVolumeMounts(mounts []VolumeMount, devices map[string]string, vols map[string]VolumeSource, c *Container, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	points := map[string]bool{}
	deviceNames := map[string]bool{}
	for _, n := range devices {
		deviceNames[n] = true
	}
	for i, m := range mounts {
		ip := p.Index(i)
		if len(m.Name) == 0 {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		}
		if _, ok := vols[m.Name]; !ok {
			errs = append(errs, field.NotFound(ip.Child("name"), m.Name))
		}
		if len(m.MountPath) == 0 {
			errs = append(errs, field.Required(ip.Child("mountPath"), ""))
		} else if !path.IsAbs(m.MountPath) {
			// Gantry runs Linux containers only, whose mount points must be absolute.
			errs = append(errs, field.Invalid(ip.Child("mountPath"), m.MountPath, "must be an absolute path"))
		}
		if points[m.MountPath] {
			errs = append(errs, field.Invalid(ip.Child("mountPath"), m.MountPath, "must be unique"))
		}
		points[m.MountPath] = true
		if deviceNames[m.Name] {
			errs = append(errs, field.Invalid(ip.Child("name"), m.Name, "must not already exist in volumeDevices"))
		}
		if _, ok := devices[m.MountPath]; ok {
			errs = append(errs, field.Invalid(ip.Child("mountPath"), m.MountPath, "must not already exist as a path in volumeDevices"))
		}
		if v, ok := vols[m.Name]; ok && v.Image != nil {
			if len(m.SubPath) != 0 {
				errs = append(errs, field.Invalid(ip.Child("subPath"), m.SubPath, "not allowed in image volume sources"))
			}
			if len(m.SubPathExpr) != 0 {
				errs = append(errs, field.Invalid(ip.Child("subPathExpr"), m.SubPathExpr, "not allowed in image volume sources"))
			}
		}
		if len(m.SubPath) > 0 {
			errs = append(errs, validateLocalDescendingPath(m.SubPath, ip.Child("subPath"))...)
		}
		if len(m.SubPathExpr) > 0 {
			if len(m.SubPath) > 0 {
				errs = append(errs, field.Invalid(ip.Child("subPathExpr"), m.SubPathExpr, "subPathExpr and subPath are mutually exclusive"))
			}
			errs = append(errs, validateLocalDescendingPath(m.SubPathExpr, ip.Child("subPathExpr"))...)
		}
		if mp := m.MountPropagation; mp != nil {
			pp := ip.Child("mountPropagation")
			if !podMemberOf(*mp, supportedMountPropagations) {
				errs = append(errs, field.NotSupported(pp, string(*mp), supportedMountPropagations))
			}
			privileged := c.SecurityContext != nil && c.SecurityContext.Privileged != nil && *c.SecurityContext.Privileged
			if *mp == MountPropagationBidirectional && !privileged {
				errs = append(errs, field.Forbidden(pp, "Bidirectional mount propagation is available only to privileged containers"))
			}
		}
		if rro := m.RecursiveReadOnly; rro != nil {
			rp := ip.Child("recursiveReadOnly")
			switch *rro {
			case RecursiveReadOnlyDisabled:
			case RecursiveReadOnlyEnabled, RecursiveReadOnlyIfPossible:
				if !m.ReadOnly {
					errs = append(errs, field.Forbidden(rp, "may only be specified when readOnly is true"))
				}
				if m.MountPropagation != nil && *m.MountPropagation != MountPropagationNone {
					errs = append(errs, field.Forbidden(rp, "may only be specified when mountPropagation is None or not specified"))
				}
			default:
				errs = append(errs, field.NotSupported(rp, string(*rro),
					[]RecursiveReadOnlyMode{RecursiveReadOnlyDisabled, RecursiveReadOnlyEnabled, RecursiveReadOnlyIfPossible}))
			}
		}
	}
	return errs
}

func validateVolumeDevices(devs []VolumeDevice, mounts map[string]string, vols map[string]VolumeSource, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	paths := map[string]bool{}
	names := map[string]bool{}
	mountNames := map[string]bool{}
	for _, n := range mounts {
		mountNames[n] = true
	}
	for i, d := range devs {
		ip := p.Index(i)
		src, found := vols[d.Name]
		if len(d.Name) == 0 {
			errs = append(errs, field.Required(ip.Child("name"), ""))
		}
		if names[d.Name] {
			errs = append(errs, field.Invalid(ip.Child("name"), d.Name, "must be unique"))
		}
		if found && src.PersistentVolumeClaim == nil {
			errs = append(errs, field.Invalid(ip.Child("name"), d.Name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"))
		}
		if !found {
			errs = append(errs, field.NotFound(ip.Child("name"), d.Name))
		}
		if len(d.DevicePath) == 0 {
			errs = append(errs, field.Required(ip.Child("devicePath"), ""))
		}
		if paths[d.DevicePath] {
			errs = append(errs, field.Invalid(ip.Child("devicePath"), d.DevicePath, "must be unique"))
		}
		if len(d.DevicePath) > 0 && len(validatePathNoBacksteps(d.DevicePath, ip)) > 0 {
			errs = append(errs, field.Invalid(ip.Child("devicePath"), d.DevicePath, "can not contain backsteps ('..')"))
		} else {
			paths[d.DevicePath] = true
		}
		if mountNames[d.Name] {
			errs = append(errs, field.Invalid(ip.Child("name"), d.Name, "must not already exist in volumeMounts"))
		}
		if _, ok := mounts[d.DevicePath]; ok {
			errs = append(errs, field.Invalid(ip.Child("devicePath"), d.DevicePath, "must not already exist as a path in volumeMounts"))
		}
		if len(d.Name) > 0 {
			names[d.Name] = true
		}
	}
	return errs
}

// ---- security contexts ----

func validateID(id int64, p *field.Path) field.ErrorList {
	if id < 0 || id > math.MaxInt32 {
		return field.ErrorList{field.Invalid(p, id, validation.InclusiveRangeError(0, math.MaxInt32))}
	}
	return nil
}

const (
	sysctlSegmentFmt      = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
	sysctlContainSlashFmt = "(" + sysctlSegmentFmt + "[\\./])*" + sysctlSegmentFmt
	sysctlMaxLength       = 253
)

var sysctlContainSlashRegexp = regexp.MustCompile("^" + sysctlContainSlashFmt + "$")

func validatePodSecurityContext(spec *PodSpec, specPath *field.Path, opts podValidationOptions) field.ErrorList {
	sc := spec.SecurityContext
	p := specPath.Child("securityContext")
	if sc == nil {
		return nil
	}
	var errs field.ErrorList
	if sc.FSGroup != nil {
		errs = append(errs, validateID(*sc.FSGroup, p.Child("fsGroup"))...)
	}
	if sc.RunAsUser != nil {
		errs = append(errs, validateID(*sc.RunAsUser, p.Child("runAsUser"))...)
	}
	if sc.RunAsGroup != nil {
		errs = append(errs, validateID(*sc.RunAsGroup, p.Child("runAsGroup"))...)
	}
	for i, g := range sc.SupplementalGroups {
		errs = append(errs, validateID(g, p.Child("supplementalGroups").Index(i))...)
	}
	if spec.ShareProcessNamespace != nil && spec.HostPID && *spec.ShareProcessNamespace {
		errs = append(errs, field.Invalid(p.Child("shareProcessNamespace"), *spec.ShareProcessNamespace, "ShareProcessNamespace and HostPID cannot both be enabled"))
	}
	names := map[string]bool{}
	for i, s := range sc.Sysctls {
		np := p.Child("sysctls").Index(i).Child("name")
		switch {
		case len(s.Name) == 0:
			errs = append(errs, field.Required(np, ""))
		case len(s.Name) > sysctlMaxLength || !sysctlContainSlashRegexp.MatchString(s.Name):
			errs = append(errs, field.Invalid(np, s.Name, fmt.Sprintf("must have at most %d characters and match regex %s", sysctlMaxLength, sysctlContainSlashRegexp)))
		case names[s.Name]:
			errs = append(errs, field.Duplicate(np, s.Name))
		}
		if !opts.allowNamespacedSysctlsForHostNetAndHostIPC {
			name := strings.ReplaceAll(s.Name, "/", ".")
			if spec.HostNetwork && strings.HasPrefix(name, "net.") {
				errs = append(errs, field.Invalid(np, s.Name, "may not be specified when 'hostNetwork' is true"))
			}
			if spec.HostIPC && (strings.HasPrefix(name, "kernel.shm") || strings.HasPrefix(name, "kernel.msg") || strings.HasPrefix(name, "kernel.sem") || strings.HasPrefix(name, "fs.mqueue.")) {
				errs = append(errs, field.Invalid(np, s.Name, "may not be specified when 'hostIPC' is true"))
			}
		}
		names[s.Name] = true
	}
	if sc.FSGroupChangePolicy != nil {
		switch *sc.FSGroupChangePolicy {
		case FSGroupChangeOnRootMismatch, FSGroupChangeAlways:
		default:
			errs = append(errs, field.NotSupported(p.Child("fsGroupChangePolicy"), string(*sc.FSGroupChangePolicy),
				[]PodFSGroupChangePolicy{FSGroupChangeOnRootMismatch, FSGroupChangeAlways}))
		}
	}
	errs = append(errs, validateSeccompProfileField(sc.SeccompProfile, p.Child("seccompProfile"))...)
	errs = append(errs, validateAppArmorProfileField(sc.AppArmorProfile, p.Child("appArmorProfile"))...)
	if sc.SupplementalGroupsPolicy != nil {
		switch *sc.SupplementalGroupsPolicy {
		case SupplementalGroupsPolicyMerge, SupplementalGroupsPolicyStrict:
		default:
			errs = append(errs, field.NotSupported(p.Child("supplementalGroupsPolicy"), string(*sc.SupplementalGroupsPolicy),
				[]SupplementalGroupsPolicy{SupplementalGroupsPolicyMerge, SupplementalGroupsPolicyStrict}))
		}
	}
	if sc.SELinuxChangePolicy != nil {
		switch *sc.SELinuxChangePolicy {
		case SELinuxChangePolicyRecursive, SELinuxChangePolicyMountOption:
		default:
			errs = append(errs, field.NotSupported(p.Child("seLinuxChangePolicy"), string(*sc.SELinuxChangePolicy),
				[]PodSELinuxChangePolicy{SELinuxChangePolicyMountOption, SELinuxChangePolicyRecursive}))
		}
	}
	return errs
}

func validateSeccompProfileField(sp *SeccompProfile, p *field.Path) field.ErrorList {
	if sp == nil {
		return nil
	}
	var errs field.ErrorList
	switch sp.Type {
	case SeccompProfileTypeLocalhost, SeccompProfileTypeRuntimeDefault, SeccompProfileTypeUnconfined:
	case "":
		errs = append(errs, field.Required(p.Child("type"), "type is required when seccompProfile is set"))
	default:
		errs = append(errs, field.NotSupported(p.Child("type"), string(sp.Type),
			[]SeccompProfileType{SeccompProfileTypeLocalhost, SeccompProfileTypeRuntimeDefault, SeccompProfileTypeUnconfined}))
	}
	if sp.Type == SeccompProfileTypeLocalhost {
		if sp.LocalhostProfile == nil {
			errs = append(errs, field.Required(p.Child("localhostProfile"), "must be set when seccomp type is Localhost"))
		} else {
			errs = append(errs, validateLocalDescendingPath(*sp.LocalhostProfile, p.Child("localhostProfile"))...)
		}
	} else if sp.LocalhostProfile != nil {
		errs = append(errs, field.Invalid(p.Child("localhostProfile"), *sp.LocalhostProfile, "can only be set when seccomp type is Localhost"))
	}
	return errs
}

func validateAppArmorProfileField(ap *AppArmorProfile, p *field.Path) field.ErrorList {
	if ap == nil {
		return nil
	}
	var errs field.ErrorList
	switch ap.Type {
	case AppArmorProfileTypeLocalhost:
		if ap.LocalhostProfile == nil {
			errs = append(errs, field.Required(p.Child("localhostProfile"), "must be set when AppArmor type is Localhost"))
		} else {
			lp := strings.TrimSpace(*ap.LocalhostProfile)
			if lp != *ap.LocalhostProfile {
				errs = append(errs, field.Invalid(p.Child("localhostProfile"), *ap.LocalhostProfile, "must not be padded with whitespace"))
			} else if lp == "" {
				errs = append(errs, field.Required(p.Child("localhostProfile"), "must be set when AppArmor type is Localhost"))
			}
			if len(*ap.LocalhostProfile) > 4095 {
				errs = append(errs, field.TooLong(p.Child("localhostProfile"), *ap.LocalhostProfile, 4095))
			}
		}
	case AppArmorProfileTypeRuntimeDefault, AppArmorProfileTypeUnconfined:
		if ap.LocalhostProfile != nil {
			errs = append(errs, field.Invalid(p.Child("localhostProfile"), *ap.LocalhostProfile, "can only be set when AppArmor type is Localhost"))
		}
	case "":
		errs = append(errs, field.Required(p.Child("type"), "type is required when appArmorProfile is set"))
	default:
		errs = append(errs, field.NotSupported(p.Child("type"), string(ap.Type),
			[]AppArmorProfileType{AppArmorProfileTypeLocalhost, AppArmorProfileTypeRuntimeDefault, AppArmorProfileTypeUnconfined}))
	}
	return errs
}

func validateSecurityContext(sc *SecurityContext, p *field.Path, hostUsers bool) field.ErrorList {
	if sc == nil {
		return nil
	}
	var errs field.ErrorList
	if sc.RunAsUser != nil {
		errs = append(errs, validateID(*sc.RunAsUser, p.Child("runAsUser"))...)
	}
	if sc.RunAsGroup != nil {
		errs = append(errs, validateID(*sc.RunAsGroup, p.Child("runAsGroup"))...)
	}
	if pm := sc.ProcMount; pm != nil {
		switch *pm {
		case DefaultProcMount, UnmaskedProcMount:
		default:
			errs = append(errs, field.NotSupported(p.Child("procMount"), string(*pm), []ProcMountType{DefaultProcMount, UnmaskedProcMount}))
		}
		if hostUsers && *pm == UnmaskedProcMount {
			errs = append(errs, field.Invalid(p.Child("procMount"), string(*pm), "`hostUsers` must be false to use `Unmasked`"))
		}
	}
	errs = append(errs, validateSeccompProfileField(sc.SeccompProfile, p.Child("seccompProfile"))...)
	if sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		if sc.Privileged != nil && *sc.Privileged {
			errs = append(errs, field.Invalid(p, field.OmitValue, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
		}
		if sc.Capabilities != nil {
			for _, c := range sc.Capabilities.Add {
				if c == "CAP_SYS_ADMIN" {
					errs = append(errs, field.Invalid(p, field.OmitValue, "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"))
				}
			}
		}
	}
	errs = append(errs, validateAppArmorProfileField(sc.AppArmorProfile, p.Child("appArmorProfile"))...)
	return errs
}

// ---- scheduling ----

func labelNameErrs(key string, p *field.Path) field.ErrorList { return qualifiedNameErrs(key, p) }

func validateAffinity(a *Affinity, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	var errs field.ErrorList
	if na := a.NodeAffinity; na != nil {
		np := p.Child("nodeAffinity")
		if na.RequiredDuringSchedulingIgnoredDuringExecution != nil {
			errs = append(errs, ValidateNodeSelector(na.RequiredDuringSchedulingIgnoredDuringExecution, np.Child("requiredDuringSchedulingIgnoredDuringExecution"))...)
		}
		pp := np.Child("preferredDuringSchedulingIgnoredDuringExecution")
		for i, t := range na.PreferredDuringSchedulingIgnoredDuringExecution {
			if t.Weight <= 0 || t.Weight > 100 {
				errs = append(errs, field.Invalid(pp.Index(i).Child("weight"), t.Weight, "must be in the range 1-100"))
			}
			errs = append(errs, ValidateNodeSelectorTerm(t.Preference, pp.Index(i).Child("preference"))...)
		}
	}
	podTerms := func(required []PodAffinityTerm, preferred []WeightedPodAffinityTerm, ap *field.Path) {
		rp := ap.Child("requiredDuringSchedulingIgnoredDuringExecution")
		for i := range required {
			errs = append(errs, validatePodAffinityTerm(&required[i], rp.Index(i))...)
		}
		pp := ap.Child("preferredDuringSchedulingIgnoredDuringExecution")
		for i := range preferred {
			w := &preferred[i]
			if w.Weight <= 0 || w.Weight > 100 {
				errs = append(errs, field.Invalid(pp.Index(i).Child("weight"), w.Weight, "must be in the range 1-100"))
			}
			errs = append(errs, validatePodAffinityTerm(&w.PodAffinityTerm, pp.Index(i).Child("podAffinityTerm"))...)
		}
	}
	if pa := a.PodAffinity; pa != nil {
		podTerms(pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution, p.Child("podAffinity"))
	}
	if pa := a.PodAntiAffinity; pa != nil {
		podTerms(pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution, p.Child("podAntiAffinity"))
	}
	return errs
}

// ValidateNodeSelector checks a node selector: at least one term, each term's requirements valid.
func ValidateNodeSelector(ns *NodeSelector, p *field.Path) field.ErrorList {
	tp := p.Child("nodeSelectorTerms")
	if len(ns.NodeSelectorTerms) == 0 {
		return field.ErrorList{field.Required(tp, "must have at least one node selector term")}
	}
	var errs field.ErrorList
	for i, t := range ns.NodeSelectorTerms {
		errs = append(errs, ValidateNodeSelectorTerm(t, tp.Index(i))...)
	}
	return errs
}

// ValidateNodeSelectorTerm checks the label and field requirements of one term.
func ValidateNodeSelectorTerm(t NodeSelectorTerm, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for j, r := range t.MatchExpressions {
		errs = append(errs, ValidateNodeSelectorRequirement(r, p.Child("matchExpressions").Index(j))...)
	}
	for j, r := range t.MatchFields {
		errs = append(errs, validateNodeFieldSelectorRequirement(r, p.Child("matchFields").Index(j))...)
	}
	return errs
}

// ValidateNodeSelectorRequirement checks one label requirement: values
// required for In and NotIn, forbidden for Exists and DoesNotExist, exactly
// one for Gt and Lt; the key a qualified name.
func ValidateNodeSelectorRequirement(r NodeSelectorRequirement, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch r.Operator {
	case NodeSelectorOpIn, NodeSelectorOpNotIn:
		if len(r.Values) == 0 {
			errs = append(errs, field.Required(p.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
		}
	case NodeSelectorOpExists, NodeSelectorOpDoesNotExist:
		if len(r.Values) > 0 {
			errs = append(errs, field.Forbidden(p.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
		}
	case NodeSelectorOpGt, NodeSelectorOpLt:
		if len(r.Values) != 1 {
			errs = append(errs, field.Required(p.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
		}
	default:
		errs = append(errs, field.Invalid(p.Child("operator"), string(r.Operator), "not a valid selector operator"))
	}
	return append(errs, labelNameErrs(r.Key, p.Child("key"))...)
}

func validateNodeFieldSelectorRequirement(r NodeSelectorRequirement, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch r.Operator {
	case NodeSelectorOpIn, NodeSelectorOpNotIn:
		if len(r.Values) != 1 {
			errs = append(errs, field.Required(p.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
		}
	default:
		errs = append(errs, field.Invalid(p.Child("operator"), string(r.Operator), "not a valid selector operator"))
	}
	if r.Key != "metadata.name" {
		errs = append(errs, field.Invalid(p.Child("key"), r.Key, "not a valid field selector key"))
	} else {
		for i, v := range r.Values {
			errs = append(errs, dns1123SubdomainErrs(v, p.Child("values").Index(i))...)
		}
	}
	return errs
}

func validatePodAffinityTerm(t *PodAffinityTerm, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, validation.ValidateLabelSelector(t.LabelSelector, p.Child("labelSelector"))...)
	errs = append(errs, validation.ValidateLabelSelector(t.NamespaceSelector, p.Child("namespaceSelector"))...)
	for _, ns := range t.Namespaces {
		errs = append(errs, dns1123LabelErrs(ns, p.Child("namespace"))...)
	}
	errs = append(errs, validateAffinityLabelKeys(p.Child("matchLabelKeys"), t.MatchLabelKeys, t.LabelSelector)...)
	errs = append(errs, validateAffinityLabelKeys(p.Child("mismatchLabelKeys"), t.MismatchLabelKeys, t.LabelSelector)...)
	for i, k := range t.MatchLabelKeys {
		if podMemberOf(k, t.MismatchLabelKeys) {
			errs = append(errs, field.Invalid(p.Child("matchLabelKeys").Index(i), k, "exists in both matchLabelKeys and mismatchLabelKeys"))
		}
	}
	if len(t.TopologyKey) == 0 {
		errs = append(errs, field.Required(p.Child("topologyKey"), "can not be empty"))
	}
	return append(errs, labelNameErrs(t.TopologyKey, p.Child("topologyKey"))...)
}

// validateAffinityLabelKeys checks matchLabelKeys and mismatchLabelKeys of a
// pod affinity term. (Since Kubernetes 1.31 the server merges them into the
// label selector at create, so overlap with the selector is not an error.)
func validateAffinityLabelKeys(p *field.Path, keys []string, sel *meta.LabelSelector) field.ErrorList {
	if len(keys) == 0 {
		return nil
	}
	if sel == nil {
		return field.ErrorList{field.Forbidden(p, "must not be specified when labelSelector is not set")}
	}
	var errs field.ErrorList
	for i, k := range keys {
		errs = append(errs, labelNameErrs(k, p.Index(i))...)
	}
	return errs
}

// ValidateTolerations checks tolerations: key a qualified name (or empty
// with operator Exists), operator Exists or Equal, value empty with Exists
// and a label value with Equal, effect one of the taint effects (or empty),
// tolerationSeconds only with effect NoExecute.
func ValidateTolerations(tols []Toleration, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, t := range tols {
		ip := p.Index(i)
		if len(t.Key) > 0 {
			errs = append(errs, labelNameErrs(t.Key, ip.Child("key"))...)
		}
		if len(t.Key) == 0 && t.Operator != TolerationOpExists {
			errs = append(errs, field.Invalid(ip.Child("operator"), string(t.Operator),
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if t.TolerationSeconds != nil && t.Effect != TaintEffectNoExecute {
			errs = append(errs, field.Invalid(ip.Child("effect"), string(t.Effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch t.Operator {
		case TolerationOpEqual, "":
			if msgs := validation.IsValidLabelValue(t.Value); len(msgs) != 0 {
				errs = append(errs, field.Invalid(ip.Child("operator"), t.Value, strings.Join(msgs, ";")))
			}
		case TolerationOpExists:
			if len(t.Value) > 0 {
				errs = append(errs, field.Invalid(ip.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		default:
			errs = append(errs, field.NotSupported(ip.Child("operator"), string(t.Operator), []TolerationOperator{TolerationOpEqual, TolerationOpExists}))
		}
		if len(t.Effect) > 0 {
			errs = append(errs, validateTaintEffect(t.Effect, true, ip.Child("effect"))...)
		}
	}
	return errs
}

func validateTaintEffect(effect TaintEffect, allowEmpty bool, p *field.Path) field.ErrorList {
	if !allowEmpty && len(effect) == 0 {
		return field.ErrorList{field.Required(p, "")}
	}
	switch effect {
	case TaintEffectNoSchedule, TaintEffectPreferNoSchedule, TaintEffectNoExecute:
		return nil
	}
	return field.ErrorList{field.NotSupported(p, string(effect), []TaintEffect{TaintEffectNoSchedule, TaintEffectPreferNoSchedule, TaintEffectNoExecute})}
}

func validateTopologySpreadConstraints(cs []TopologySpreadConstraint, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, c := range cs {
		ip := p.Index(i)
		if c.MaxSkew <= 0 {
			errs = append(errs, field.Invalid(ip.Child("maxSkew"), c.MaxSkew, podIsNotPositiveErrorMsg))
		}
		if len(c.TopologyKey) == 0 {
			errs = append(errs, field.Required(ip.Child("topologyKey"), "can not be empty"))
		}
		if c.WhenUnsatisfiable != DoNotSchedule && c.WhenUnsatisfiable != ScheduleAnyway {
			errs = append(errs, field.NotSupported(ip.Child("whenUnsatisfiable"), string(c.WhenUnsatisfiable),
				[]UnsatisfiableConstraintAction{DoNotSchedule, ScheduleAnyway}))
		}
		for _, rest := range cs[i+1:] {
			if c.TopologyKey == rest.TopologyKey && c.WhenUnsatisfiable == rest.WhenUnsatisfiable {
				errs = append(errs, field.Duplicate(ip.Child("{topologyKey, whenUnsatisfiable}"),
					fmt.Sprintf("{%v, %v}", c.TopologyKey, c.WhenUnsatisfiable)))
				break
			}
		}
		if c.MinDomains != nil {
			mp := ip.Child("minDomains")
			if *c.MinDomains <= 0 {
				errs = append(errs, field.Invalid(mp, *c.MinDomains, podIsNotPositiveErrorMsg))
			}
			if c.WhenUnsatisfiable != DoNotSchedule {
				errs = append(errs, field.Invalid(mp, *c.MinDomains,
					fmt.Sprintf("can only use minDomains if whenUnsatisfiable=%s, not %s", DoNotSchedule, c.WhenUnsatisfiable)))
			}
		}
		for _, np := range []struct {
			v    *NodeInclusionPolicy
			name string
		}{{c.NodeAffinityPolicy, "nodeAffinityPolicy"}, {c.NodeTaintsPolicy, "nodeTaintsPolicy"}} {
			if np.v != nil && *np.v != NodeInclusionPolicyHonor && *np.v != NodeInclusionPolicyIgnore {
				errs = append(errs, field.NotSupported(ip.Child(np.name), string(*np.v),
					[]NodeInclusionPolicy{NodeInclusionPolicyHonor, NodeInclusionPolicyIgnore}))
			}
		}
		if len(c.MatchLabelKeys) > 0 {
			mp := ip.Child("matchLabelKeys")
			selKeys := map[string]bool{}
			if c.LabelSelector != nil {
				for k := range c.LabelSelector.MatchLabels {
					selKeys[k] = true
				}
				for _, e := range c.LabelSelector.MatchExpressions {
					selKeys[e.Key] = true
				}
			} else {
				errs = append(errs, field.Forbidden(mp, "must not be specified when labelSelector is not set"))
			}
			for j, k := range c.MatchLabelKeys {
				errs = append(errs, labelNameErrs(k, mp.Index(j))...)
				if selKeys[k] {
					errs = append(errs, field.Invalid(mp.Index(j), k, "exists in both matchLabelKeys and labelSelector"))
				}
			}
		}
		errs = append(errs, validation.ValidateLabelSelector(c.LabelSelector, ip.Child("labelSelector"))...)
	}
	return errs
}

// mergeAffinityLabelKeys adds, for every matchLabelKeys (mismatchLabelKeys)
// key the pod has a label for, an In (NotIn) requirement on that label to
// the term's selector, as Kubernetes 1.31+ does when a pod is created.
func mergeAffinityLabelKeys(pod *Pod) {
	a := pod.Spec.Affinity
	if a == nil {
		return
	}
	apply := func(t *PodAffinityTerm) {
		if (len(t.MatchLabelKeys) == 0 && len(t.MismatchLabelKeys) == 0) || t.LabelSelector == nil {
			return
		}
		for _, k := range t.MatchLabelKeys {
			if v, ok := pod.Labels[k]; ok {
				t.LabelSelector.MatchExpressions = append(t.LabelSelector.MatchExpressions,
					meta.LabelSelectorRequirement{Key: k, Operator: meta.LabelSelectorOpIn, Values: []string{v}})
			}
		}
		for _, k := range t.MismatchLabelKeys {
			if v, ok := pod.Labels[k]; ok {
				t.LabelSelector.MatchExpressions = append(t.LabelSelector.MatchExpressions,
					meta.LabelSelectorRequirement{Key: k, Operator: meta.LabelSelectorOpNotIn, Values: []string{v}})
			}
		}
	}
	each := func(req []PodAffinityTerm, pref []WeightedPodAffinityTerm) {
		for i := range req {
			apply(&req[i])
		}
		for i := range pref {
			apply(&pref[i].PodAffinityTerm)
		}
	}
	if pa := a.PodAffinity; pa != nil {
		each(pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution)
	}
	if pa := a.PodAntiAffinity; pa != nil {
		each(pa.RequiredDuringSchedulingIgnoredDuringExecution, pa.PreferredDuringSchedulingIgnoredDuringExecution)
	}
}

// ---- PodTemplate ----

// ValidatePodTemplate checks a PodTemplate: its template, under "template".
func ValidatePodTemplate(t *PodTemplate) field.ErrorList {
	return ValidatePodTemplateSpec(&t.Template, field.NewPath("template"))
}

// ---- QoS ----

// ComputeQOSClass computes a pod's QoS class as Kubernetes does, from the
// cpu and memory requests and limits of its containers and init
// containers: BestEffort when none is set, Guaranteed when every container
// has cpu and memory limits and the summed requests equal the summed
// limits, Burstable otherwise. Zero quantities count as unset.
func ComputeQOSClass(pod *Pod) PodQOSClass {
	requests := ResourceList{}
	limits := ResourceList{}
	guaranteed := true
	add := func(rl ResourceList, name ResourceName, q resource.Quantity) {
		if cur, ok := rl[name]; ok {
			q.Add(cur)
		}
		rl[name] = q
	}
	all := make([]Container, 0, len(pod.Spec.Containers)+len(pod.Spec.InitContainers))
	all = append(all, pod.Spec.Containers...)
	all = append(all, pod.Spec.InitContainers...)
	for _, c := range all {
		for name, q := range c.Resources.Requests {
			if (name == ResourceCPU || name == ResourceMemory) && q.Sign() > 0 {
				add(requests, name, q.DeepCopy())
			}
		}
		cpu, mem := false, false
		for name, q := range c.Resources.Limits {
			if (name == ResourceCPU || name == ResourceMemory) && q.Sign() > 0 {
				cpu = cpu || name == ResourceCPU
				mem = mem || name == ResourceMemory
				add(limits, name, q.DeepCopy())
			}
		}
		if !cpu || !mem {
			guaranteed = false
		}
	}
	if len(requests) == 0 && len(limits) == 0 {
		return PodQOSBestEffort
	}
	if guaranteed {
		for name, req := range requests {
			if lim, ok := limits[name]; !ok || lim.Cmp(req) != 0 {
				guaranteed = false
				break
			}
		}
	}
	if guaranteed && len(requests) == len(limits) {
		return PodQOSGuaranteed
	}
	return PodQOSBurstable
}

// GetPodQOS returns the QoS class recorded in the pod's status, or computes it.
func GetPodQOS(pod *Pod) PodQOSClass {
	if pod.Status.QOSClass != "" {
		return pod.Status.QOSClass
	}
	return ComputeQOSClass(pod)
}
