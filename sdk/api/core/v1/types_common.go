package v1

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// ResourceName is the name of a compute resource ("cpu", "memory") or of a
// quota resource ("pods", "requests.cpu").
type ResourceName string

// Compute resources.
const (
	// ResourceCPU is CPU, in cores (500m = 0.5 core).
	ResourceCPU ResourceName = "cpu"
	// ResourceMemory is memory, in bytes.
	ResourceMemory ResourceName = "memory"
	// ResourceStorage is volume size, in bytes.
	ResourceStorage ResourceName = "storage"
	// ResourceEphemeralStorage is local ephemeral storage, in bytes.
	ResourceEphemeralStorage ResourceName = "ephemeral-storage"
)

// Quota resources (object counts and aggregate requests/limits).
const (
	ResourcePods                     ResourceName = "pods"
	ResourceServices                 ResourceName = "services"
	ResourceReplicationControllers   ResourceName = "replicationcontrollers"
	ResourceQuotas                   ResourceName = "resourcequotas"
	ResourceSecrets                  ResourceName = "secrets"
	ResourceConfigMaps               ResourceName = "configmaps"
	ResourcePersistentVolumeClaims   ResourceName = "persistentvolumeclaims"
	ResourceServicesNodePorts        ResourceName = "services.nodeports"
	ResourceServicesLoadBalancers    ResourceName = "services.loadbalancers"
	ResourceRequestsCPU              ResourceName = "requests.cpu"
	ResourceRequestsMemory           ResourceName = "requests.memory"
	ResourceRequestsStorage          ResourceName = "requests.storage"
	ResourceRequestsEphemeralStorage ResourceName = "requests.ephemeral-storage"
	ResourceLimitsCPU                ResourceName = "limits.cpu"
	ResourceLimitsMemory             ResourceName = "limits.memory"
	ResourceLimitsEphemeralStorage   ResourceName = "limits.ephemeral-storage"
)

// Resource name prefixes.
const (
	// ResourceHugePagesPrefix prefixes huge page resources ("hugepages-2Mi").
	ResourceHugePagesPrefix = "hugepages-"
	// ResourceRequestsHugePagesPrefix prefixes huge page quota resources.
	ResourceRequestsHugePagesPrefix = "requests.hugepages-"
	// ResourceDefaultNamespacePrefix is the namespace of built-in resource names.
	ResourceDefaultNamespacePrefix = "kubernetes.io/"
	// DefaultResourceRequestsPrefix prefixes quota names of extended resource requests.
	DefaultResourceRequestsPrefix = "requests."
)

// ResourceList is a set of resource quantities by name.
type ResourceList map[ResourceName]resource.Quantity

// Name returns the quantity of name, or a zero quantity in defaultFormat.
// The result is a copy: changing it does not change the list.
func (rl ResourceList) Name(name ResourceName, defaultFormat resource.Format) *resource.Quantity {
	if v, ok := rl[name]; ok {
		return &v
	}
	return resource.NewQuantity(0, defaultFormat)
}

// Cpu returns the CPU quantity, or zero.
func (rl ResourceList) Cpu() *resource.Quantity { return rl.Name(ResourceCPU, resource.DecimalSI) }

// Memory returns the memory quantity, or zero.
func (rl ResourceList) Memory() *resource.Quantity { return rl.Name(ResourceMemory, resource.BinarySI) }

// Storage returns the storage quantity, or zero.
func (rl ResourceList) Storage() *resource.Quantity {
	return rl.Name(ResourceStorage, resource.BinarySI)
}

// Pods returns the pod count quantity, or zero.
func (rl ResourceList) Pods() *resource.Quantity { return rl.Name(ResourcePods, resource.DecimalSI) }

// StorageEphemeral returns the ephemeral storage quantity, or zero.
func (rl ResourceList) StorageEphemeral() *resource.Quantity {
	return rl.Name(ResourceEphemeralStorage, resource.BinarySI)
}

// Protocol is a network protocol.
type Protocol string

// Protocols.
const (
	ProtocolTCP  Protocol = "TCP"
	ProtocolUDP  Protocol = "UDP"
	ProtocolSCTP Protocol = "SCTP"
)

// ConditionStatus is the status of a condition: "True", "False" or "Unknown".
type ConditionStatus string

// Condition statuses.
const (
	ConditionTrue    ConditionStatus = "True"
	ConditionFalse   ConditionStatus = "False"
	ConditionUnknown ConditionStatus = "Unknown"
)

// ObjectReference points at any object, optionally at a field of it.
type ObjectReference struct {
	Kind            string   `json:"kind,omitempty" protobuf:"bytes,1,opt,name=kind"`
	Namespace       string   `json:"namespace,omitempty" protobuf:"bytes,2,opt,name=namespace"`
	Name            string   `json:"name,omitempty" protobuf:"bytes,3,opt,name=name"`
	UID             meta.UID `json:"uid,omitempty" protobuf:"bytes,4,opt,name=uid,casttype=k8s.io/apimachinery/pkg/types.UID"`
	APIVersion      string   `json:"apiVersion,omitempty" protobuf:"bytes,5,opt,name=apiVersion"`
	ResourceVersion string   `json:"resourceVersion,omitempty" protobuf:"bytes,6,opt,name=resourceVersion"`
	// FieldPath names a part of the object ("spec.containers{name}").
	FieldPath string `json:"fieldPath,omitempty" protobuf:"bytes,7,opt,name=fieldPath"`
}

// LocalObjectReference names an object in the same namespace.
type LocalObjectReference struct {
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
}

// TypedLocalObjectReference names an object of a given kind in the same namespace.
type TypedLocalObjectReference struct {
	// APIGroup of the kind; nil means the core group.
	APIGroup *string `json:"apiGroup" protobuf:"bytes,1,opt,name=apiGroup"`
	Kind     string  `json:"kind" protobuf:"bytes,2,opt,name=kind"`
	Name     string  `json:"name" protobuf:"bytes,3,opt,name=name"`
}

// ResourceRequirements are the compute resources a container (or pod) asks for.
type ResourceRequirements struct {
	// Limits are the most the container may use.
	Limits ResourceList `json:"limits,omitempty" protobuf:"bytes,1,rep,name=limits,casttype=ResourceList,castkey=ResourceName"`
	// Requests are what the scheduler reserves; they default to Limits.
	Requests ResourceList `json:"requests,omitempty" protobuf:"bytes,2,rep,name=requests,casttype=ResourceList,castkey=ResourceName"`
	// Claims name entries of spec.resourceClaims (dynamic resource allocation;
	// accepted, not acted on by Gantry).
	Claims []ResourceClaim `json:"claims,omitempty" protobuf:"bytes,3,opt,name=claims"`
}

// ResourceClaim references one entry of PodSpec.ResourceClaims.
type ResourceClaim struct {
	Name    string `json:"name" protobuf:"bytes,1,opt,name=name"`
	Request string `json:"request,omitempty" protobuf:"bytes,2,opt,name=request"`
}

// NodeSelectorOperator is the operator of a node selector requirement.
type NodeSelectorOperator string

// Node selector operators.
const (
	NodeSelectorOpIn           NodeSelectorOperator = "In"
	NodeSelectorOpNotIn        NodeSelectorOperator = "NotIn"
	NodeSelectorOpExists       NodeSelectorOperator = "Exists"
	NodeSelectorOpDoesNotExist NodeSelectorOperator = "DoesNotExist"
	NodeSelectorOpGt           NodeSelectorOperator = "Gt"
	NodeSelectorOpLt           NodeSelectorOperator = "Lt"
)

// NodeSelector is a set of terms ORed together; a node matches when any term does.
type NodeSelector struct {
	NodeSelectorTerms []NodeSelectorTerm `json:"nodeSelectorTerms" protobuf:"bytes,1,rep,name=nodeSelectorTerms"`
}

// NodeSelectorTerm is a set of requirements ANDed together. An empty term matches nothing.
type NodeSelectorTerm struct {
	// MatchExpressions apply to node labels.
	MatchExpressions []NodeSelectorRequirement `json:"matchExpressions,omitempty" protobuf:"bytes,1,rep,name=matchExpressions"`
	// MatchFields apply to node fields (only metadata.name is supported).
	MatchFields []NodeSelectorRequirement `json:"matchFields,omitempty" protobuf:"bytes,2,rep,name=matchFields"`
}

// NodeSelectorRequirement relates a key and values with an operator.
type NodeSelectorRequirement struct {
	Key      string               `json:"key" protobuf:"bytes,1,opt,name=key"`
	Operator NodeSelectorOperator `json:"operator" protobuf:"bytes,2,opt,name=operator,casttype=NodeSelectorOperator"`
	// Values must be non-empty for In and NotIn, empty for Exists and
	// DoesNotExist, and one integer for Gt and Lt.
	Values []string `json:"values,omitempty" protobuf:"bytes,3,rep,name=values"`
}

// TaintEffect is what a taint does to pods that do not tolerate it.
type TaintEffect string

// Taint effects.
const (
	// TaintEffectNoSchedule keeps new pods off the node.
	TaintEffectNoSchedule TaintEffect = "NoSchedule"
	// TaintEffectPreferNoSchedule makes the scheduler avoid the node.
	TaintEffectPreferNoSchedule TaintEffect = "PreferNoSchedule"
	// TaintEffectNoExecute also evicts running pods.
	TaintEffectNoExecute TaintEffect = "NoExecute"
)

// Taint repels pods that do not tolerate it from a node.
type Taint struct {
	Key    string      `json:"key" protobuf:"bytes,1,opt,name=key"`
	Value  string      `json:"value,omitempty" protobuf:"bytes,2,opt,name=value"`
	Effect TaintEffect `json:"effect" protobuf:"bytes,3,opt,name=effect,casttype=TaintEffect"`
	// TimeAdded is set for NoExecute taints.
	TimeAdded *meta.Time `json:"timeAdded,omitempty" protobuf:"bytes,4,opt,name=timeAdded"`
}

// MatchTaint reports whether t and other have the same key and effect (a
// node has at most one taint per key and effect).
func (t *Taint) MatchTaint(other *Taint) bool {
	return t.Key == other.Key && t.Effect == other.Effect
}

// ToString renders the taint as kubectl does: "key=value:Effect", "key:Effect", "key=value:" or "key".
func (t *Taint) ToString() string {
	if len(t.Effect) == 0 {
		if len(t.Value) == 0 {
			return t.Key
		}
		return fmt.Sprintf("%v=%v:", t.Key, t.Value)
	}
	if len(t.Value) == 0 {
		return fmt.Sprintf("%v:%v", t.Key, t.Effect)
	}
	return fmt.Sprintf("%v=%v:%v", t.Key, t.Value, t.Effect)
}

// TolerationOperator is the operator of a toleration.
type TolerationOperator string

// Toleration operators.
const (
	TolerationOpExists TolerationOperator = "Exists"
	TolerationOpEqual  TolerationOperator = "Equal"
)

// Toleration lets a pod be scheduled on (and stay on) a node with a matching taint.
type Toleration struct {
	// Key is the taint key; empty with operator Exists matches every key.
	Key string `json:"key,omitempty" protobuf:"bytes,1,opt,name=key"`
	// Operator is Exists or Equal (the default).
	Operator TolerationOperator `json:"operator,omitempty" protobuf:"bytes,2,opt,name=operator,casttype=TolerationOperator"`
	// Value must be empty with Exists.
	Value string `json:"value,omitempty" protobuf:"bytes,3,opt,name=value"`
	// Effect to match; empty matches every effect.
	Effect TaintEffect `json:"effect,omitempty" protobuf:"bytes,4,opt,name=effect,casttype=TaintEffect"`
	// TolerationSeconds bounds how long a NoExecute taint is tolerated.
	TolerationSeconds *int64 `json:"tolerationSeconds,omitempty" protobuf:"varint,5,opt,name=tolerationSeconds"`
}

// MatchToleration reports whether t and other have the same key, operator, value and effect.
func (t *Toleration) MatchToleration(other *Toleration) bool {
	return t.Key == other.Key && t.Effect == other.Effect &&
		t.Operator == other.Operator && t.Value == other.Value
}

// ToleratesTaint reports whether t tolerates taint, as Kubernetes decides:
// an empty effect matches every effect, an empty key (with Exists) every key;
// Exists matches any value, Equal (or empty) the same value.
func (t *Toleration) ToleratesTaint(taint *Taint) bool {
	if len(t.Effect) > 0 && t.Effect != taint.Effect {
		return false
	}
	if len(t.Key) > 0 && t.Key != taint.Key {
		return false
	}
	switch t.Operator {
	case "", TolerationOpEqual:
		return t.Value == taint.Value
	case TolerationOpExists:
		return true
	default:
		return false
	}
}

// PodTemplateSpec is the pod a workload controller creates.
type PodTemplateSpec struct {
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Spec            PodSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
}

// PodTemplate is a stored pod template.
type PodTemplate struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Template        PodTemplateSpec `json:"template,omitempty" protobuf:"bytes,2,opt,name=template"`
}

// PodTemplateList is a list of PodTemplates.
type PodTemplateList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []PodTemplate `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// KeyToPath projects one key of a ConfigMap or Secret to a file.
type KeyToPath struct {
	Key string `json:"key" protobuf:"bytes,1,opt,name=key"`
	// Path is relative, may not contain "..", nor start with "..".
	Path string `json:"path" protobuf:"bytes,2,opt,name=path"`
	// Mode of the file (0000-0777); defaults to the volume's defaultMode.
	Mode *int32 `json:"mode,omitempty" protobuf:"varint,3,opt,name=mode"`
}

// SecretKeySelector selects a key of a Secret.
type SecretKeySelector struct {
	LocalObjectReference `json:",inline" protobuf:"bytes,1,opt,name=localObjectReference"`
	Key                  string `json:"key" protobuf:"bytes,2,opt,name=key"`
	// Optional makes a missing Secret or key not an error.
	Optional *bool `json:"optional,omitempty" protobuf:"varint,3,opt,name=optional"`
}

// ConfigMapKeySelector selects a key of a ConfigMap.
type ConfigMapKeySelector struct {
	LocalObjectReference `json:",inline" protobuf:"bytes,1,opt,name=localObjectReference"`
	Key                  string `json:"key" protobuf:"bytes,2,opt,name=key"`
	// Optional makes a missing ConfigMap or key not an error.
	Optional *bool `json:"optional,omitempty" protobuf:"varint,3,opt,name=optional"`
}

// ObjectFieldSelector selects a field of the pod (the Downward API).
type ObjectFieldSelector struct {
	// APIVersion the fieldPath is written in; defaults to "v1".
	APIVersion string `json:"apiVersion,omitempty" protobuf:"bytes,1,opt,name=apiVersion"`
	// FieldPath such as "metadata.name" or "status.podIP".
	FieldPath string `json:"fieldPath" protobuf:"bytes,2,opt,name=fieldPath"`
}

// ResourceFieldSelector selects a container resource (the Downward API).
type ResourceFieldSelector struct {
	// ContainerName is required for volumes, optional for env vars.
	ContainerName string `json:"containerName,omitempty" protobuf:"bytes,1,opt,name=containerName"`
	// Resource such as "limits.cpu" or "requests.memory".
	Resource string `json:"resource" protobuf:"bytes,2,opt,name=resource"`
	// Divisor of the exposed value; defaults to 1.
	Divisor resource.Quantity `json:"divisor,omitempty" protobuf:"bytes,3,opt,name=divisor"`
}

// EnvVar is one environment variable of a container.
type EnvVar struct {
	Name string `json:"name" protobuf:"bytes,1,opt,name=name"`
	// Value may reference earlier variables as $(VAR); $$ escapes.
	Value string `json:"value,omitempty" protobuf:"bytes,2,opt,name=value"`
	// ValueFrom is the variable's source; it may not be used with Value.
	ValueFrom *EnvVarSource `json:"valueFrom,omitempty" protobuf:"bytes,3,opt,name=valueFrom"`
}

// EnvVarSource is the source of an environment variable's value; exactly one field is set.
type EnvVarSource struct {
	FieldRef         *ObjectFieldSelector   `json:"fieldRef,omitempty" protobuf:"bytes,1,opt,name=fieldRef"`
	ResourceFieldRef *ResourceFieldSelector `json:"resourceFieldRef,omitempty" protobuf:"bytes,2,opt,name=resourceFieldRef"`
	ConfigMapKeyRef  *ConfigMapKeySelector  `json:"configMapKeyRef,omitempty" protobuf:"bytes,3,opt,name=configMapKeyRef"`
	SecretKeyRef     *SecretKeySelector     `json:"secretKeyRef,omitempty" protobuf:"bytes,4,opt,name=secretKeyRef"`
}

// EnvFromSource imports every key of a ConfigMap or Secret as environment variables.
type EnvFromSource struct {
	// Prefix is prepended to every key.
	Prefix       string              `json:"prefix,omitempty" protobuf:"bytes,1,opt,name=prefix"`
	ConfigMapRef *ConfigMapEnvSource `json:"configMapRef,omitempty" protobuf:"bytes,2,opt,name=configMapRef"`
	SecretRef    *SecretEnvSource    `json:"secretRef,omitempty" protobuf:"bytes,3,opt,name=secretRef"`
}

// ConfigMapEnvSource names a ConfigMap whose keys become environment variables.
type ConfigMapEnvSource struct {
	LocalObjectReference `json:",inline" protobuf:"bytes,1,opt,name=localObjectReference"`
	Optional             *bool `json:"optional,omitempty" protobuf:"varint,2,opt,name=optional"`
}

// SecretEnvSource names a Secret whose keys become environment variables.
type SecretEnvSource struct {
	LocalObjectReference `json:",inline" protobuf:"bytes,1,opt,name=localObjectReference"`
	Optional             *bool `json:"optional,omitempty" protobuf:"varint,2,opt,name=optional"`
}

// ContainerPort is a port a container listens on.
type ContainerPort struct {
	// Name is an IANA_SVC_NAME, unique within the pod; Services may refer to it.
	Name string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
	// HostPort exposes the port on the node (0 = not exposed).
	HostPort int32 `json:"hostPort,omitempty" protobuf:"varint,2,opt,name=hostPort"`
	// ContainerPort is the port number in the pod's network namespace.
	ContainerPort int32 `json:"containerPort" protobuf:"varint,3,opt,name=containerPort"`
	// Protocol defaults to TCP.
	Protocol Protocol `json:"protocol,omitempty" protobuf:"bytes,4,opt,name=protocol,casttype=Protocol"`
	// HostIP binds the host port to one address.
	HostIP string `json:"hostIP,omitempty" protobuf:"bytes,5,opt,name=hostIP"`
}

// Well-known node labels.
const (
	LabelHostname                = "kubernetes.io/hostname"
	LabelTopologyZone            = "topology.kubernetes.io/zone"
	LabelTopologyRegion          = "topology.kubernetes.io/region"
	LabelFailureDomainBetaZone   = "failure-domain.beta.kubernetes.io/zone"
	LabelFailureDomainBetaRegion = "failure-domain.beta.kubernetes.io/region"
	LabelInstanceType            = "beta.kubernetes.io/instance-type"
	LabelInstanceTypeStable      = "node.kubernetes.io/instance-type"
	LabelOSStable                = "kubernetes.io/os"
	LabelArchStable              = "kubernetes.io/arch"
	LabelWindowsBuild            = "node.kubernetes.io/windows-build"
	// LabelNodeRolePrefix prefixes role labels ("node-role.kubernetes.io/control-plane").
	LabelNodeRolePrefix = "node-role.kubernetes.io/"
	// LabelNodeRole is the older single-valued role label kubectl also reads.
	LabelNodeRole = "kubernetes.io/role"
	// LabelNodeExcludeBalancers keeps a node out of load balancer pools.
	LabelNodeExcludeBalancers = "node.kubernetes.io/exclude-from-external-load-balancers"
	// LabelMetadataName is the immutable label every namespace gets with its name.
	LabelMetadataName = "kubernetes.io/metadata.name"
	// LabelNamespaceSuffixKubelet and LabelNamespaceSuffixNode are label
	// namespaces a node agent may set on its own Node.
	LabelNamespaceSuffixKubelet = "kubelet.kubernetes.io"
	LabelNamespaceSuffixNode    = "node.kubernetes.io"
	// LabelNamespaceNodeRestriction is reserved for administrators.
	LabelNamespaceNodeRestriction = "node-restriction.kubernetes.io"
	// IsHeadlessService marks Endpoints of headless services.
	IsHeadlessService = "service.kubernetes.io/headless"
)

// Well-known node taints, set by the node lifecycle controller and the node agent.
const (
	TaintNodeNotReady           = "node.kubernetes.io/not-ready"
	TaintNodeUnreachable        = "node.kubernetes.io/unreachable"
	TaintNodeUnschedulable      = "node.kubernetes.io/unschedulable"
	TaintNodeMemoryPressure     = "node.kubernetes.io/memory-pressure"
	TaintNodeDiskPressure       = "node.kubernetes.io/disk-pressure"
	TaintNodeNetworkUnavailable = "node.kubernetes.io/network-unavailable"
	TaintNodePIDPressure        = "node.kubernetes.io/pid-pressure"
	TaintNodeOutOfService       = "node.kubernetes.io/out-of-service"
)

// Well-known annotations.
const (
	// ServiceAccountNameKey names the ServiceAccount of a token Secret.
	ServiceAccountNameKey = "kubernetes.io/service-account.name"
	// ServiceAccountUIDKey holds the UID of the ServiceAccount of a token Secret.
	ServiceAccountUIDKey = "kubernetes.io/service-account.uid"
	// MirrorPodAnnotationKey marks the API mirror of a static pod.
	MirrorPodAnnotationKey = "kubernetes.io/config.mirror"
	// LastAppliedConfigAnnotation is written by kubectl apply.
	LastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration"
	// DefaultContainerAnnotationName picks the container kubectl logs/exec use by default.
	DefaultContainerAnnotationName = "kubectl.kubernetes.io/default-container"
	// PodDeletionCost ranks pods for deletion when a ReplicaSet scales down.
	PodDeletionCost = "controller.kubernetes.io/pod-deletion-cost"
	// DeprecatedSeccompProfilePodAnnotation is the pre-field seccomp annotation, kept for reference.
	DeprecatedSeccompProfilePodAnnotation = "seccomp.security.alpha.kubernetes.io/pod"
	// DeprecatedAppArmorBetaContainerAnnotationKeyPrefix is the pre-field AppArmor annotation prefix.
	DeprecatedAppArmorBetaContainerAnnotationKeyPrefix = "container.apparmor.security.beta.kubernetes.io/"
)

// DefaultSchedulerName is the scheduler pods get when they name none.
const DefaultSchedulerName = "default-scheduler"

// DefaultTerminationMessagePath is where a container writes its termination message.
const DefaultTerminationMessagePath = "/dev/termination-log"
