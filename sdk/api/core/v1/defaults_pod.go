package v1

import "regexp"

// DefaultTerminationGracePeriodSeconds is the grace period pods get when they set none.
const DefaultTerminationGracePeriodSeconds int64 = 30

// DefaultEnableServiceLinks is the default of PodSpec.EnableServiceLinks.
const DefaultEnableServiceLinks = true

// DefaultServiceAccountTokenExpirationSeconds is the default lifetime of a
// projected service account token (one hour).
const DefaultServiceAccountTokenExpirationSeconds int64 = 3600

// SetObjectDefaults_Pod applies every default of a Pod, as Kubernetes'
// generated SetObjectDefaults_Pod does: the pod-only defaults (requests
// from limits, enableServiceLinks, host ports under hostNetwork), then the
// defaults of the spec, its volumes, containers, probes and handlers.
//
// preemptionPolicy and priority are left alone: Kubernetes sets them in the
// Priority admission plugin, from the pod's PriorityClass.
func SetObjectDefaults_Pod(obj *Pod) {
	SetDefaults_Pod(obj)
	SetDefaults_PodSpec(&obj.Spec)
	setPodSpecNestedDefaults(&obj.Spec)
	podStatusResourceListDefaults(&obj.Status)
}

// SetObjectDefaults_PodList applies SetObjectDefaults_Pod to every item.
func SetObjectDefaults_PodList(in *PodList) {
	for i := range in.Items {
		SetObjectDefaults_Pod(&in.Items[i])
	}
}

// SetObjectDefaults_PodTemplate applies the defaults of a PodTemplate.
func SetObjectDefaults_PodTemplate(obj *PodTemplate) {
	SetDefaults_PodTemplateSpec(&obj.Template)
}

// SetDefaults_PodTemplateSpec applies the defaults of the pod spec of a
// template, as Kubernetes does for every workload's template: the spec
// defaults and those of its volumes, containers, probes and handlers, but
// not the pod-only ones (requests are not defaulted from limits in a
// template, nor enableServiceLinks).
func SetDefaults_PodTemplateSpec(obj *PodTemplateSpec) {
	SetDefaults_PodSpec(&obj.Spec)
	setPodSpecNestedDefaults(&obj.Spec)
}

// SetDefaults_Pod applies the defaults Kubernetes gives a Pod but not a
// pod template: each container's (and init container's) requests default to
// its limits for the resources that have a limit and no request;
// enableServiceLinks defaults to true; with hostNetwork, each unset host
// port defaults to the container port.
func SetDefaults_Pod(obj *Pod) {
	defaultRequestsFromLimits := func(cs []Container) {
		for i := range cs {
			r := &cs[i].Resources
			if r.Limits == nil {
				continue
			}
			if r.Requests == nil {
				r.Requests = make(ResourceList, len(r.Limits))
			}
			for name, q := range r.Limits {
				if _, ok := r.Requests[name]; !ok {
					r.Requests[name] = q.DeepCopy()
				}
			}
		}
	}
	defaultRequestsFromLimits(obj.Spec.Containers)
	defaultRequestsFromLimits(obj.Spec.InitContainers)
	if obj.Spec.EnableServiceLinks == nil {
		v := DefaultEnableServiceLinks
		obj.Spec.EnableServiceLinks = &v
	}
	if obj.Spec.HostNetwork {
		defaultHostNetworkPorts(obj.Spec.Containers)
		defaultHostNetworkPorts(obj.Spec.InitContainers)
	}
}

func defaultHostNetworkPorts(cs []Container) {
	for i := range cs {
		for j := range cs[i].Ports {
			if cs[i].Ports[j].HostPort == 0 {
				cs[i].Ports[j].HostPort = cs[i].Ports[j].ContainerPort
			}
		}
	}
}

// SetDefaults_PodSpec applies the top-level defaults of a pod spec:
// dnsPolicy ClusterFirst, restartPolicy Always, securityContext {},
// terminationGracePeriodSeconds 30 and schedulerName "default-scheduler".
// The defaults of volumes, containers and probes are applied by
// SetObjectDefaults_Pod and SetDefaults_PodTemplateSpec.
func SetDefaults_PodSpec(obj *PodSpec) {
	if obj.DNSPolicy == "" {
		obj.DNSPolicy = DNSClusterFirst
	}
	if obj.RestartPolicy == "" {
		obj.RestartPolicy = RestartPolicyAlways
	}
	if obj.SecurityContext == nil {
		obj.SecurityContext = &PodSecurityContext{}
	}
	if obj.TerminationGracePeriodSeconds == nil {
		p := DefaultTerminationGracePeriodSeconds
		obj.TerminationGracePeriodSeconds = &p
	}
	if obj.SchedulerName == "" {
		obj.SchedulerName = DefaultSchedulerName
	}
}

// setPodSpecNestedDefaults applies the defaults of everything inside a pod
// spec, in the order of Kubernetes' generated defaulters.
func setPodSpecNestedDefaults(spec *PodSpec) {
	for i := range spec.Volumes {
		SetDefaults_Volume(&spec.Volumes[i])
	}
	for i := range spec.InitContainers {
		setContainerNestedDefaults(&spec.InitContainers[i])
	}
	for i := range spec.Containers {
		setContainerNestedDefaults(&spec.Containers[i])
	}
	for i := range spec.EphemeralContainers {
		setContainerNestedDefaults((*Container)(&spec.EphemeralContainers[i].EphemeralContainerCommon))
	}
	SetDefaults_ResourceList(&spec.Overhead)
	if spec.Resources != nil {
		SetDefaults_ResourceList(&spec.Resources.Limits)
		SetDefaults_ResourceList(&spec.Resources.Requests)
	}
}

func setContainerNestedDefaults(c *Container) {
	SetDefaults_Container(c)
	for i := range c.Ports {
		SetDefaults_ContainerPort(&c.Ports[i])
	}
	for i := range c.Env {
		if vf := c.Env[i].ValueFrom; vf != nil && vf.FieldRef != nil {
			SetDefaults_ObjectFieldSelector(vf.FieldRef)
		}
	}
	SetDefaults_ResourceList(&c.Resources.Limits)
	SetDefaults_ResourceList(&c.Resources.Requests)
	for _, p := range []*Probe{c.LivenessProbe, c.ReadinessProbe, c.StartupProbe} {
		if p != nil {
			SetDefaults_Probe(p)
			if p.HTTPGet != nil {
				SetDefaults_HTTPGetAction(p.HTTPGet)
			}
		}
	}
	if c.Lifecycle != nil {
		for _, h := range []*LifecycleHandler{c.Lifecycle.PostStart, c.Lifecycle.PreStop} {
			if h != nil && h.HTTPGet != nil {
				SetDefaults_HTTPGetAction(h.HTTPGet)
			}
		}
	}
}

func podStatusResourceListDefaults(s *PodStatus) {
	for _, list := range [][]ContainerStatus{s.InitContainerStatuses, s.ContainerStatuses, s.EphemeralContainerStatuses} {
		for i := range list {
			SetDefaults_ResourceList(&list[i].AllocatedResources)
			if r := list[i].Resources; r != nil {
				SetDefaults_ResourceList(&r.Limits)
				SetDefaults_ResourceList(&r.Requests)
			}
		}
	}
}

// SetDefaults_ResourceList rounds every quantity up to milli precision, as
// Kubernetes does ("0.0001" becomes "1m").
func SetDefaults_ResourceList(obj *ResourceList) {
	for name, q := range *obj {
		const milliScale = -3
		q.RoundUp(milliScale)
		(*obj)[name] = q
	}
}

// SetDefaults_Volume makes a volume without a source an emptyDir, then
// applies the defaults of its source.
func SetDefaults_Volume(obj *Volume) {
	if obj.VolumeSource == (VolumeSource{}) {
		obj.EmptyDir = &EmptyDirVolumeSource{}
	}
	vs := &obj.VolumeSource
	if vs.HostPath != nil {
		SetDefaults_HostPathVolumeSource(vs.HostPath)
	}
	if vs.Secret != nil {
		SetDefaults_SecretVolumeSource(vs.Secret)
	}
	if vs.ConfigMap != nil {
		SetDefaults_ConfigMapVolumeSource(vs.ConfigMap)
	}
	if vs.DownwardAPI != nil {
		SetDefaults_DownwardAPIVolumeSource(vs.DownwardAPI)
		for i := range vs.DownwardAPI.Items {
			if fr := vs.DownwardAPI.Items[i].FieldRef; fr != nil {
				SetDefaults_ObjectFieldSelector(fr)
			}
		}
	}
	if vs.Projected != nil {
		SetDefaults_ProjectedVolumeSource(vs.Projected)
		for i := range vs.Projected.Sources {
			src := &vs.Projected.Sources[i]
			if src.DownwardAPI != nil {
				for j := range src.DownwardAPI.Items {
					if fr := src.DownwardAPI.Items[j].FieldRef; fr != nil {
						SetDefaults_ObjectFieldSelector(fr)
					}
				}
			}
			if src.ServiceAccountToken != nil {
				SetDefaults_ServiceAccountTokenProjection(src.ServiceAccountToken)
			}
		}
	}
	if vs.Image != nil {
		SetDefaults_ImageVolumeSource(vs.Image)
	}
}

// SetDefaults_HostPathVolumeSource sets type to "" (no check) when unset.
func SetDefaults_HostPathVolumeSource(obj *HostPathVolumeSource) {
	if obj.Type == nil {
		t := HostPathUnset
		obj.Type = &t
	}
}

// SetDefaults_SecretVolumeSource sets defaultMode to 0644 when unset.
func SetDefaults_SecretVolumeSource(obj *SecretVolumeSource) {
	if obj.DefaultMode == nil {
		m := SecretVolumeSourceDefaultMode
		obj.DefaultMode = &m
	}
}

// SetDefaults_ConfigMapVolumeSource sets defaultMode to 0644 when unset.
func SetDefaults_ConfigMapVolumeSource(obj *ConfigMapVolumeSource) {
	if obj.DefaultMode == nil {
		m := ConfigMapVolumeSourceDefaultMode
		obj.DefaultMode = &m
	}
}

// SetDefaults_DownwardAPIVolumeSource sets defaultMode to 0644 when unset.
func SetDefaults_DownwardAPIVolumeSource(obj *DownwardAPIVolumeSource) {
	if obj.DefaultMode == nil {
		m := DownwardAPIVolumeSourceDefaultMode
		obj.DefaultMode = &m
	}
}

// SetDefaults_ProjectedVolumeSource sets defaultMode to 0644 when unset.
func SetDefaults_ProjectedVolumeSource(obj *ProjectedVolumeSource) {
	if obj.DefaultMode == nil {
		m := ProjectedVolumeSourceDefaultMode
		obj.DefaultMode = &m
	}
}

// SetDefaults_ServiceAccountTokenProjection sets expirationSeconds to one hour when unset.
func SetDefaults_ServiceAccountTokenProjection(obj *ServiceAccountTokenProjection) {
	if obj.ExpirationSeconds == nil {
		s := DefaultServiceAccountTokenExpirationSeconds
		obj.ExpirationSeconds = &s
	}
}

// SetDefaults_ImageVolumeSource sets pullPolicy by the reference's tag, as for containers.
func SetDefaults_ImageVolumeSource(obj *ImageVolumeSource) {
	if obj.PullPolicy == "" {
		obj.PullPolicy = defaultPullPolicy(obj.Reference)
	}
}

// SetDefaults_Container sets imagePullPolicy (Always for an image tagged
// ":latest" or not tagged nor pinned by digest, else IfNotPresent),
// terminationMessagePath /dev/termination-log and terminationMessagePolicy File.
func SetDefaults_Container(obj *Container) {
	if obj.ImagePullPolicy == "" {
		obj.ImagePullPolicy = defaultPullPolicy(obj.Image)
	}
	if obj.TerminationMessagePath == "" {
		obj.TerminationMessagePath = DefaultTerminationMessagePath
	}
	if obj.TerminationMessagePolicy == "" {
		obj.TerminationMessagePolicy = TerminationMessageReadFile
	}
}

// SetDefaults_ContainerPort sets protocol TCP when unset.
func SetDefaults_ContainerPort(obj *ContainerPort) {
	if obj.Protocol == "" {
		obj.Protocol = ProtocolTCP
	}
}

// SetDefaults_ObjectFieldSelector sets apiVersion "v1" when unset.
func SetDefaults_ObjectFieldSelector(obj *ObjectFieldSelector) {
	if obj.APIVersion == "" {
		obj.APIVersion = "v1"
	}
}

// SetDefaults_Probe sets timeoutSeconds 1, periodSeconds 10,
// successThreshold 1 and failureThreshold 3 when unset.
func SetDefaults_Probe(obj *Probe) {
	if obj.TimeoutSeconds == 0 {
		obj.TimeoutSeconds = 1
	}
	if obj.PeriodSeconds == 0 {
		obj.PeriodSeconds = 10
	}
	if obj.SuccessThreshold == 0 {
		obj.SuccessThreshold = 1
	}
	if obj.FailureThreshold == 0 {
		obj.FailureThreshold = 3
	}
}

// SetDefaults_HTTPGetAction sets path "/" and scheme HTTP when unset.
func SetDefaults_HTTPGetAction(obj *HTTPGetAction) {
	if obj.Path == "" {
		obj.Path = "/"
	}
	if obj.Scheme == "" {
		obj.Scheme = URISchemeHTTP
	}
}

// Image reference grammar of github.com/distribution/reference (the one
// Kubernetes parses images with): [domain/]path[:tag][@digest].
var imageReferenceRegexp = func() *regexp.Regexp {
	const (
		domainComponent = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
		domain          = `(?:` + domainComponent + `(?:\.` + domainComponent + `)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?`
		pathComponent   = `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
		name            = `(?:` + domain + `/)?` + pathComponent + `(?:/` + pathComponent + `)*`
		tag             = `[\w][\w.-]{0,127}`
		digest          = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}`
	)
	return regexp.MustCompile(`^(` + name + `)(?::(` + tag + `))?(?:@(` + digest + `))?$`)
}()

// imageTag returns the tag of an image reference as Kubernetes'
// parsers.ParseImageName does: the explicit tag, "latest" when there is
// neither tag nor digest, "" when pinned by digest only or unparsable.
func imageTag(image string) string {
	m := imageReferenceRegexp.FindStringSubmatch(image)
	if m == nil || len(m[1]) > 255 {
		return ""
	}
	if m[2] == "" && m[3] == "" {
		return "latest"
	}
	return m[2]
}

func defaultPullPolicy(image string) PullPolicy {
	if imageTag(image) == "latest" {
		return PullAlways
	}
	return PullIfNotPresent
}
