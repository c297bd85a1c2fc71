package framework

import (
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// Default requests used for scoring pods that request nothing, as Kubernetes does.
const (
	// DefaultMilliCPURequest is 0.1 core.
	DefaultMilliCPURequest int64 = 100
	// DefaultMemoryRequest is 200 MiB.
	DefaultMemoryRequest int64 = 200 * 1024 * 1024
)

// Resource is a compact, arithmetic-friendly form of a ResourceList.
type Resource struct {
	MilliCPU         int64
	Memory           int64
	EphemeralStorage int64
	// AllowedPodNumber is only used for node allocatable (the pods resource).
	AllowedPodNumber int
	// ScalarResources holds extended and hugepages resources.
	ScalarResources map[corev1.ResourceName]int64
}

// NewResource converts a ResourceList.
func NewResource(rl corev1.ResourceList) *Resource {
	r := &Resource{}
	r.Add(rl)
	return r
}

// Add adds rl to r.
func (r *Resource) Add(rl corev1.ResourceList) {
	for name, q := range rl {
		r.addQuantity(name, q, 1)
	}
}

func (r *Resource) addQuantity(name corev1.ResourceName, q resource.Quantity, sign int64) {
	switch name {
	case corev1.ResourceCPU:
		r.MilliCPU += sign * q.MilliValue()
	case corev1.ResourceMemory:
		r.Memory += sign * q.Value()
	case corev1.ResourceEphemeralStorage:
		r.EphemeralStorage += sign * q.Value()
	case corev1.ResourcePods:
		r.AllowedPodNumber += int(sign * q.Value())
	default:
		if IsScalarResourceName(name) {
			if r.ScalarResources == nil {
				r.ScalarResources = map[corev1.ResourceName]int64{}
			}
			r.ScalarResources[name] += sign * q.Value()
		}
	}
}

// AddResource adds o to r.
func (r *Resource) AddResource(o *Resource) {
	r.MilliCPU += o.MilliCPU
	r.Memory += o.Memory
	r.EphemeralStorage += o.EphemeralStorage
	r.AllowedPodNumber += o.AllowedPodNumber
	for k, v := range o.ScalarResources {
		if r.ScalarResources == nil {
			r.ScalarResources = map[corev1.ResourceName]int64{}
		}
		r.ScalarResources[k] += v
	}
}

// SubResource subtracts o from r.
func (r *Resource) SubResource(o *Resource) {
	r.MilliCPU -= o.MilliCPU
	r.Memory -= o.Memory
	r.EphemeralStorage -= o.EphemeralStorage
	r.AllowedPodNumber -= o.AllowedPodNumber
	for k, v := range o.ScalarResources {
		if r.ScalarResources == nil {
			r.ScalarResources = map[corev1.ResourceName]int64{}
		}
		r.ScalarResources[k] -= v
	}
}

// SetMaxResource sets each of r's resources to the larger of r's and o's.
func (r *Resource) SetMaxResource(o *Resource) {
	r.MilliCPU = max(r.MilliCPU, o.MilliCPU)
	r.Memory = max(r.Memory, o.Memory)
	r.EphemeralStorage = max(r.EphemeralStorage, o.EphemeralStorage)
	for k, v := range o.ScalarResources {
		if r.ScalarResources == nil {
			r.ScalarResources = map[corev1.ResourceName]int64{}
		}
		r.ScalarResources[k] = max(r.ScalarResources[k], v)
	}
}

// Clone returns a copy of r.
func (r *Resource) Clone() *Resource {
	out := *r
	if r.ScalarResources != nil {
		out.ScalarResources = make(map[corev1.ResourceName]int64, len(r.ScalarResources))
		for k, v := range r.ScalarResources {
			out.ScalarResources[k] = v
		}
	}
	return &out
}

// IsScalarResourceName reports whether name is an extended, hugepages or
// attachable-volume resource (counted in ScalarResources).
func IsScalarResourceName(name corev1.ResourceName) bool {
	return corev1.IsExtendedResourceName(name) || corev1.IsHugePageResourceName(name)
}

// PodRequests computes a pod's effective requests as Kubernetes does: app
// containers summed, sidecar (restartable init) containers added, each
// regular init container's need (plus the sidecars started before it) as a
// floor, plus overhead. With nonZero, containers without a cpu or memory
// request count DefaultMilliCPURequest / DefaultMemoryRequest (for scoring).
func PodRequests(pod *corev1.Pod, nonZero bool) Resource {
	var reqs Resource
	containerReq := func(c *corev1.Container) *Resource {
		r := NewResource(c.Resources.Requests)
		if nonZero {
			if _, ok := c.Resources.Requests[corev1.ResourceCPU]; !ok {
				r.MilliCPU = DefaultMilliCPURequest
			}
			if _, ok := c.Resources.Requests[corev1.ResourceMemory]; !ok {
				r.Memory = DefaultMemoryRequest
			}
		}
		return r
	}
	for i := range pod.Spec.Containers {
		reqs.AddResource(containerReq(&pod.Spec.Containers[i]))
	}
	var initReqs, sidecars Resource
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		cr := containerReq(c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			reqs.AddResource(cr)
			sidecars.AddResource(cr)
			cr = sidecars.Clone()
		} else {
			cr.AddResource(&sidecars)
		}
		initReqs.SetMaxResource(cr)
	}
	reqs.SetMaxResource(&initReqs)
	if pod.Spec.Overhead != nil {
		reqs.Add(pod.Spec.Overhead)
	}
	return reqs
}

// AffinityTerm is a parsed pod (anti-)affinity term.
type AffinityTerm struct {
	// Namespaces the term applies to; with a nil NamespaceSelector and no
	// namespaces given, the pod's own namespace.
	Namespaces map[string]struct{}
	// Selector matches the other pods' labels.
	Selector labels.Selector
	// TopologyKey is the node label defining the domain.
	TopologyKey string
	// NamespaceSelector, when not nil, also selects namespaces by their labels.
	NamespaceSelector labels.Selector
}

// Matches reports whether pod (in a namespace with nsLabels) matches the term.
func (t *AffinityTerm) Matches(pod *corev1.Pod, nsLabels labels.Set) bool {
	_, inNS := t.Namespaces[pod.Namespace]
	if !inNS && (t.NamespaceSelector == nil || !t.NamespaceSelector.Matches(nsLabels)) {
		return false
	}
	return t.Selector.Matches(labels.Set(pod.Labels))
}

// WeightedAffinityTerm is a preferred term with its weight.
type WeightedAffinityTerm struct {
	AffinityTerm
	Weight int32
}

// PodInfo is a pod with precomputed data the plugins reuse.
type PodInfo struct {
	Pod *corev1.Pod
	// Parsed affinity terms.
	RequiredAffinityTerms      []AffinityTerm
	RequiredAntiAffinityTerms  []AffinityTerm
	PreferredAffinityTerms     []WeightedAffinityTerm
	PreferredAntiAffinityTerms []WeightedAffinityTerm
	// Requests and NonZeroRequests are PodRequests(pod, false/true).
	Requests        Resource
	NonZeroRequests Resource
	// ParseError is set when an affinity selector could not be parsed.
	ParseError error
}

// NewPodInfo builds a PodInfo.
func NewPodInfo(pod *corev1.Pod) *PodInfo {
	pi := &PodInfo{}
	pi.Update(pod)
	return pi
}

// Update recomputes pi for pod.
func (pi *PodInfo) Update(pod *corev1.Pod) {
	*pi = PodInfo{Pod: pod, Requests: PodRequests(pod, false), NonZeroRequests: PodRequests(pod, true)}
	aff := pod.Spec.Affinity
	if aff == nil {
		return
	}
	if pa := aff.PodAffinity; pa != nil {
		pi.RequiredAffinityTerms = pi.terms(pod, pa.RequiredDuringSchedulingIgnoredDuringExecution)
		pi.PreferredAffinityTerms = pi.weighted(pod, pa.PreferredDuringSchedulingIgnoredDuringExecution)
	}
	if pa := aff.PodAntiAffinity; pa != nil {
		pi.RequiredAntiAffinityTerms = pi.terms(pod, pa.RequiredDuringSchedulingIgnoredDuringExecution)
		pi.PreferredAntiAffinityTerms = pi.weighted(pod, pa.PreferredDuringSchedulingIgnoredDuringExecution)
	}
}

func (pi *PodInfo) terms(pod *corev1.Pod, terms []corev1.PodAffinityTerm) []AffinityTerm {
	out := make([]AffinityTerm, 0, len(terms))
	for i := range terms {
		t, err := NewAffinityTerm(pod, &terms[i])
		if err != nil {
			pi.ParseError = err
			continue
		}
		out = append(out, *t)
	}
	return out
}

func (pi *PodInfo) weighted(pod *corev1.Pod, terms []corev1.WeightedPodAffinityTerm) []WeightedAffinityTerm {
	out := make([]WeightedAffinityTerm, 0, len(terms))
	for i := range terms {
		t, err := NewAffinityTerm(pod, &terms[i].PodAffinityTerm)
		if err != nil {
			pi.ParseError = err
			continue
		}
		out = append(out, WeightedAffinityTerm{AffinityTerm: *t, Weight: terms[i].Weight})
	}
	return out
}

// NewAffinityTerm parses term for pod.
func NewAffinityTerm(pod *corev1.Pod, term *corev1.PodAffinityTerm) (*AffinityTerm, error) {
	sel, err := labels.FromLabelSelector(term.LabelSelector)
	if err != nil {
		return nil, err
	}
	ns := make(map[string]struct{}, len(term.Namespaces)+1)
	for _, n := range term.Namespaces {
		ns[n] = struct{}{}
	}
	if len(term.Namespaces) == 0 && term.NamespaceSelector == nil {
		ns[pod.Namespace] = struct{}{}
	}
	var nsSel labels.Selector
	if term.NamespaceSelector != nil {
		nsSel, err = labels.FromLabelSelector(term.NamespaceSelector)
		if err != nil {
			return nil, err
		}
	}
	return &AffinityTerm{Namespaces: ns, Selector: sel, TopologyKey: term.TopologyKey, NamespaceSelector: nsSel}, nil
}

// ProtocolPort is a protocol and port pair.
type ProtocolPort struct {
	Protocol string
	Port     int32
}

// HostPortInfo is the host ports in use on a node, by host IP.
type HostPortInfo map[string]map[ProtocolPort]struct{}

const wildcardIP = "0.0.0.0"

func sanitize(ip, protocol string) (string, string) {
	if ip == "" {
		ip = wildcardIP
	}
	if protocol == "" {
		protocol = string(corev1.ProtocolTCP)
	}
	return ip, protocol
}

// Add records ip:protocol/port as used.
func (h HostPortInfo) Add(ip, protocol string, port int32) {
	if port <= 0 {
		return
	}
	ip, protocol = sanitize(ip, protocol)
	pp := ProtocolPort{Protocol: protocol, Port: port}
	if h[ip] == nil {
		h[ip] = map[ProtocolPort]struct{}{}
	}
	h[ip][pp] = struct{}{}
}

// Remove forgets ip:protocol/port.
func (h HostPortInfo) Remove(ip, protocol string, port int32) {
	if port <= 0 {
		return
	}
	ip, protocol = sanitize(ip, protocol)
	if m, ok := h[ip]; ok {
		delete(m, ProtocolPort{Protocol: protocol, Port: port})
		if len(m) == 0 {
			delete(h, ip)
		}
	}
}

// Len returns the number of used ports.
func (h HostPortInfo) Len() int {
	n := 0
	for _, m := range h {
		n += len(m)
	}
	return n
}

// CheckConflict reports whether ip:protocol/port conflicts with a used port
// (the wildcard IP conflicts with every IP).
func (h HostPortInfo) CheckConflict(ip, protocol string, port int32) bool {
	if port <= 0 {
		return false
	}
	ip, protocol = sanitize(ip, protocol)
	pp := ProtocolPort{Protocol: protocol, Port: port}
	if ip == wildcardIP {
		for _, m := range h {
			if _, ok := m[pp]; ok {
				return true
			}
		}
		return false
	}
	for _, key := range []string{wildcardIP, ip} {
		if m, ok := h[key]; ok {
			if _, ok := m[pp]; ok {
				return true
			}
		}
	}
	return false
}

// ImageStateSummary describes an image on a node.
type ImageStateSummary struct {
	// Size is the image size in bytes.
	Size int64
	// NumNodes is how many nodes have the image.
	NumNodes int
}

// NodeInfo is the scheduler's view of one node: the node, its pods and
// what they use. NodeInfos in a snapshot are read-only for plugins.
type NodeInfo struct {
	node *corev1.Node
	// Pods are the pods on the node (including assumed ones).
	Pods []*PodInfo
	// PodsWithAffinity are the pods with any pod affinity or anti-affinity.
	PodsWithAffinity []*PodInfo
	// PodsWithRequiredAntiAffinity are the pods with required anti-affinity.
	PodsWithRequiredAntiAffinity []*PodInfo
	// UsedPorts are the host ports in use.
	UsedPorts HostPortInfo
	// Requested is the sum of the pods' requests.
	Requested *Resource
	// NonZeroRequested is Requested with defaults for pods requesting nothing.
	NonZeroRequested *Resource
	// Allocatable is the node's allocatable resources.
	Allocatable *Resource
	// ImageStates are the images on the node, by name.
	ImageStates map[string]*ImageStateSummary
	// Generation is set by the scheduler cache on every change (from its
	// own counter) so that snapshots are updated incrementally; NodeInfo's
	// methods do not change it.
	Generation int64
}

// NewNodeInfo returns a NodeInfo holding pods (and no node yet).
func NewNodeInfo(pods ...*corev1.Pod) *NodeInfo {
	ni := &NodeInfo{
		Requested:        &Resource{},
		NonZeroRequested: &Resource{},
		Allocatable:      &Resource{},
		UsedPorts:        HostPortInfo{},
		ImageStates:      map[string]*ImageStateSummary{},
	}
	for _, p := range pods {
		ni.AddPod(p)
	}
	return ni
}

// Node returns the node, nil when the node is gone but pods remain.
func (n *NodeInfo) Node() *corev1.Node {
	if n == nil {
		return nil
	}
	return n.node
}

// SetNode sets the node and its allocatable resources.
func (n *NodeInfo) SetNode(node *corev1.Node) {
	n.node = node
	n.Allocatable = NewResource(node.Status.Allocatable)
}

// RemoveNode clears the node (its pods stay until they are removed).
func (n *NodeInfo) RemoveNode() {
	n.node = nil
}

// AddPod adds a pod.
func (n *NodeInfo) AddPod(pod *corev1.Pod) { n.AddPodInfo(NewPodInfo(pod)) }

// AddPodInfo adds a pod's info.
func (n *NodeInfo) AddPodInfo(pi *PodInfo) {
	n.Pods = append(n.Pods, pi)
	if hasAffinity(pi) {
		n.PodsWithAffinity = append(n.PodsWithAffinity, pi)
	}
	if len(pi.RequiredAntiAffinityTerms) > 0 {
		n.PodsWithRequiredAntiAffinity = append(n.PodsWithRequiredAntiAffinity, pi)
	}
	n.update(pi, 1)
}

// RemovePod removes a pod by UID; it reports whether it was there.
func (n *NodeInfo) RemovePod(pod *corev1.Pod) bool {
	key := podKey(pod)
	n.PodsWithAffinity = removeFrom(n.PodsWithAffinity, key)
	n.PodsWithRequiredAntiAffinity = removeFrom(n.PodsWithRequiredAntiAffinity, key)
	for i, pi := range n.Pods {
		if podKey(pi.Pod) == key {
			last := len(n.Pods) - 1
			n.Pods[i] = n.Pods[last]
			n.Pods[last] = nil
			n.Pods = n.Pods[:last]
			n.update(pi, -1)
			return true
		}
	}
	return false
}

func podKey(p *corev1.Pod) string {
	if p.UID != "" {
		return string(p.UID)
	}
	return p.Namespace + "/" + p.Name
}

func removeFrom(list []*PodInfo, key string) []*PodInfo {
	for i, pi := range list {
		if podKey(pi.Pod) == key {
			last := len(list) - 1
			list[i] = list[last]
			list[last] = nil
			return list[:last]
		}
	}
	return list
}

func hasAffinity(pi *PodInfo) bool {
	a := pi.Pod.Spec.Affinity
	return a != nil && (a.PodAffinity != nil || a.PodAntiAffinity != nil)
}

func (n *NodeInfo) update(pi *PodInfo, sign int64) {
	if sign > 0 {
		n.Requested.AddResource(&pi.Requests)
		n.NonZeroRequested.AddResource(&pi.NonZeroRequests)
	} else {
		n.Requested.SubResource(&pi.Requests)
		n.NonZeroRequested.SubResource(&pi.NonZeroRequests)
	}
	for i := range pi.Pod.Spec.Containers {
		for _, p := range pi.Pod.Spec.Containers[i].Ports {
			if sign > 0 {
				n.UsedPorts.Add(p.HostIP, string(p.Protocol), p.HostPort)
			} else {
				n.UsedPorts.Remove(p.HostIP, string(p.Protocol), p.HostPort)
			}
		}
	}
	for i := range pi.Pod.Spec.InitContainers {
		c := &pi.Pod.Spec.InitContainers[i]
		// Only sidecars (restartable init containers) keep their ports, as in Kubernetes.
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			continue
		}
		for _, p := range c.Ports {
			if sign > 0 {
				n.UsedPorts.Add(p.HostIP, string(p.Protocol), p.HostPort)
			} else {
				n.UsedPorts.Remove(p.HostIP, string(p.Protocol), p.HostPort)
			}
		}
	}
}

// Clone returns a copy of n that shares the (immutable) pods and node.
func (n *NodeInfo) Clone() *NodeInfo {
	out := &NodeInfo{
		node:             n.node,
		Requested:        n.Requested.Clone(),
		NonZeroRequested: n.NonZeroRequested.Clone(),
		Allocatable:      n.Allocatable.Clone(),
		UsedPorts:        make(HostPortInfo, len(n.UsedPorts)),
		ImageStates:      n.ImageStates,
		Generation:       n.Generation,
	}
	for ip, m := range n.UsedPorts {
		cp := make(map[ProtocolPort]struct{}, len(m))
		for k := range m {
			cp[k] = struct{}{}
		}
		out.UsedPorts[ip] = cp
	}
	if len(n.Pods) > 0 {
		out.Pods = append([]*PodInfo(nil), n.Pods...)
	}
	if len(n.PodsWithAffinity) > 0 {
		out.PodsWithAffinity = append([]*PodInfo(nil), n.PodsWithAffinity...)
	}
	if len(n.PodsWithRequiredAntiAffinity) > 0 {
		out.PodsWithRequiredAntiAffinity = append([]*PodInfo(nil), n.PodsWithRequiredAntiAffinity...)
	}
	return out
}

// QueuedPodInfo is a pod in the scheduling queue.
type QueuedPodInfo struct {
	*PodInfo
	// Timestamp is when the pod was last added to the queue.
	Timestamp time.Time
	// Attempts counts scheduling attempts.
	Attempts int
	// InitialAttemptTimestamp is when the pod was first tried.
	InitialAttemptTimestamp *time.Time
	// UnschedulablePlugins are the plugins that rejected the pod last time.
	UnschedulablePlugins map[string]struct{}
	// PendingPlugins are the plugins that returned Pending last time.
	PendingPlugins map[string]struct{}
	// Gated is true while a PreEnqueue plugin holds the pod.
	Gated bool
}
