package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Node is a machine that runs pods. Nodes are cluster-scoped.
type Node struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            NodeSpec   `json:"spec,omitempty"`
	Status          NodeStatus `json:"status,omitempty"`
}

// NodeList is a list of Nodes.
type NodeList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Node `json:"items"`
}

// NodeSpec is the desired configuration of a node.
type NodeSpec struct {
	// PodCIDR is the pod IP range of the node (the first of PodCIDRs).
	PodCIDR string `json:"podCIDR,omitempty"`
	// PodCIDRs are the node's pod IP ranges, at most one per IP family.
	PodCIDRs []string `json:"podCIDRs,omitempty"`
	// ProviderID identifies the machine at its cloud provider.
	ProviderID string `json:"providerID,omitempty"`
	// Unschedulable keeps new pods off the node (kubectl cordon).
	Unschedulable bool `json:"unschedulable,omitempty"`
	// Taints repel pods that do not tolerate them.
	Taints []Taint `json:"taints,omitempty"`
	// ConfigSource is deprecated dynamic kubelet configuration (accepted; ignored).
	ConfigSource *NodeConfigSource `json:"configSource,omitempty"`
	// DoNotUseExternalID is deprecated; kept for wire compatibility.
	DoNotUseExternalID string `json:"externalID,omitempty"`
}

// NodeConfigSource is a deprecated dynamic kubelet config reference.
type NodeConfigSource struct {
	ConfigMap *ConfigMapNodeConfigSource `json:"configMap,omitempty"`
}

// ConfigMapNodeConfigSource names a ConfigMap holding kubelet configuration.
type ConfigMapNodeConfigSource struct {
	Namespace        string   `json:"namespace"`
	Name             string   `json:"name"`
	UID              meta.UID `json:"uid,omitempty"`
	ResourceVersion  string   `json:"resourceVersion,omitempty"`
	KubeletConfigKey string   `json:"kubeletConfigKey"`
}

// NodePhase is a deprecated coarse node state.
type NodePhase string

// Node phases.
const (
	NodePending    NodePhase = "Pending"
	NodeRunning    NodePhase = "Running"
	NodeTerminated NodePhase = "Terminated"
)

// NodeStatus is the observed state of a node, written by its node agent.
type NodeStatus struct {
	// Capacity is the node's total resources.
	Capacity ResourceList `json:"capacity,omitempty"`
	// Allocatable is what pods may use (capacity minus reservations).
	Allocatable     ResourceList         `json:"allocatable,omitempty"`
	Phase           NodePhase            `json:"phase,omitempty"`
	Conditions      []NodeCondition      `json:"conditions,omitempty"`
	Addresses       []NodeAddress        `json:"addresses,omitempty"`
	DaemonEndpoints NodeDaemonEndpoints  `json:"daemonEndpoints,omitempty"`
	NodeInfo        NodeSystemInfo       `json:"nodeInfo,omitempty"`
	Images          []ContainerImage     `json:"images,omitempty"`
	VolumesInUse    []UniqueVolumeName   `json:"volumesInUse,omitempty"`
	VolumesAttached []AttachedVolume     `json:"volumesAttached,omitempty"`
	Config          *NodeConfigStatus    `json:"config,omitempty"`
	RuntimeHandlers []NodeRuntimeHandler `json:"runtimeHandlers,omitempty"`
	Features        *NodeFeatures        `json:"features,omitempty"`
}

// NodeConditionType is the type of a node condition.
type NodeConditionType string

// Node condition types.
const (
	NodeReady              NodeConditionType = "Ready"
	NodeMemoryPressure     NodeConditionType = "MemoryPressure"
	NodeDiskPressure       NodeConditionType = "DiskPressure"
	NodePIDPressure        NodeConditionType = "PIDPressure"
	NodeNetworkUnavailable NodeConditionType = "NetworkUnavailable"
)

// NodeCondition is one condition of a node.
type NodeCondition struct {
	Type               NodeConditionType `json:"type"`
	Status             ConditionStatus   `json:"status"`
	LastHeartbeatTime  meta.Time         `json:"lastHeartbeatTime,omitempty"`
	LastTransitionTime meta.Time         `json:"lastTransitionTime,omitempty"`
	Reason             string            `json:"reason,omitempty"`
	Message            string            `json:"message,omitempty"`
}

// NodeAddressType is the type of a node address.
type NodeAddressType string

// Node address types.
const (
	NodeHostName    NodeAddressType = "Hostname"
	NodeInternalIP  NodeAddressType = "InternalIP"
	NodeExternalIP  NodeAddressType = "ExternalIP"
	NodeInternalDNS NodeAddressType = "InternalDNS"
	NodeExternalDNS NodeAddressType = "ExternalDNS"
)

// NodeAddress is one address of a node.
type NodeAddress struct {
	Type    NodeAddressType `json:"type"`
	Address string          `json:"address"`
}

// NodeDaemonEndpoints are the ports of the daemons on the node.
type NodeDaemonEndpoints struct {
	KubeletEndpoint DaemonEndpoint `json:"kubeletEndpoint,omitempty"`
}

// DaemonEndpoint is the port of one daemon. Its JSON key is "Port", capitalized, as in Kubernetes.
type DaemonEndpoint struct {
	Port int32 `json:"Port"`
}

// NodeSystemInfo describes the node's machine and software.
type NodeSystemInfo struct {
	MachineID               string          `json:"machineID"`
	SystemUUID              string          `json:"systemUUID"`
	BootID                  string          `json:"bootID"`
	KernelVersion           string          `json:"kernelVersion"`
	OSImage                 string          `json:"osImage"`
	ContainerRuntimeVersion string          `json:"containerRuntimeVersion"`
	KubeletVersion          string          `json:"kubeletVersion"`
	KubeProxyVersion        string          `json:"kubeProxyVersion"`
	OperatingSystem         string          `json:"operatingSystem"`
	Architecture            string          `json:"architecture"`
	Swap                    *NodeSwapStatus `json:"swap,omitempty"`
}

// NodeSwapStatus is the node's swap memory.
type NodeSwapStatus struct {
	Capacity *int64 `json:"capacity,omitempty"`
}

// ContainerImage is an image present on the node.
type ContainerImage struct {
	Names     []string `json:"names,omitempty"`
	SizeBytes int64    `json:"sizeBytes,omitempty"`
}

// UniqueVolumeName identifies an attached volume.
type UniqueVolumeName string

// AttachedVolume is a volume attached to the node.
type AttachedVolume struct {
	Name       UniqueVolumeName `json:"name"`
	DevicePath string           `json:"devicePath"`
}

// NodeConfigStatus is the deprecated dynamic kubelet config status.
type NodeConfigStatus struct {
	Assigned      *NodeConfigSource `json:"assigned,omitempty"`
	Active        *NodeConfigSource `json:"active,omitempty"`
	LastKnownGood *NodeConfigSource `json:"lastKnownGood,omitempty"`
	Error         string            `json:"error,omitempty"`
}

// NodeRuntimeHandler is a runtime handler (RuntimeClass handler) the node supports.
type NodeRuntimeHandler struct {
	Name     string                      `json:"name,omitempty"`
	Features *NodeRuntimeHandlerFeatures `json:"features,omitempty"`
}

// NodeRuntimeHandlerFeatures are the features of a runtime handler.
type NodeRuntimeHandlerFeatures struct {
	RecursiveReadOnlyMounts *bool `json:"recursiveReadOnlyMounts,omitempty"`
	UserNamespaces          *bool `json:"userNamespaces,omitempty"`
}

// NodeFeatures are features the node agent supports.
type NodeFeatures struct {
	SupplementalGroupsPolicy *bool `json:"supplementalGroupsPolicy,omitempty"`
}
