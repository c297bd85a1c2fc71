package v1

import (
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// Pod is a group of containers that share a network namespace and volumes
// and run together on one node.
type Pod struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            PodSpec   `json:"spec,omitempty"`
	Status          PodStatus `json:"status,omitempty"`
}

// PodList is a list of Pods.
type PodList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Pod `json:"items"`
}

// RestartPolicy says when the containers of a pod are restarted.
type RestartPolicy string

// Restart policies.
const (
	RestartPolicyAlways    RestartPolicy = "Always"
	RestartPolicyOnFailure RestartPolicy = "OnFailure"
	RestartPolicyNever     RestartPolicy = "Never"
)

// ContainerRestartPolicy is the restart policy of one init container;
// "Always" makes it a sidecar that keeps running beside the app containers.
type ContainerRestartPolicy string

// ContainerRestartPolicyAlways is the only container restart policy.
const ContainerRestartPolicyAlways ContainerRestartPolicy = "Always"

// DNSPolicy says how a pod's resolv.conf is built.
type DNSPolicy string

// DNS policies.
const (
	DNSClusterFirstWithHostNet DNSPolicy = "ClusterFirstWithHostNet"
	DNSClusterFirst            DNSPolicy = "ClusterFirst"
	DNSDefault                 DNSPolicy = "Default"
	DNSNone                    DNSPolicy = "None"
)

// PreemptionPolicy says whether a pod may preempt lower-priority pods.
type PreemptionPolicy string

// Preemption policies.
const (
	PreemptLowerPriority PreemptionPolicy = "PreemptLowerPriority"
	PreemptNever         PreemptionPolicy = "Never"
)

// PodSpec is the desired state of a pod.
type PodSpec struct {
	// Volumes the containers may mount.
	Volumes []Volume `json:"volumes,omitempty"`
	// InitContainers run in order before the app containers; those with
	// restartPolicy Always are sidecars that keep running.
	InitContainers []Container `json:"initContainers,omitempty"`
	// Containers are the app containers; at least one.
	Containers []Container `json:"containers"`
	// EphemeralContainers are debugging containers (accepted; Gantry does not run them).
	EphemeralContainers []EphemeralContainer `json:"ephemeralContainers,omitempty"`
	// RestartPolicy is Always (default), OnFailure or Never.
	RestartPolicy RestartPolicy `json:"restartPolicy,omitempty"`
	// TerminationGracePeriodSeconds between SIGTERM and SIGKILL; defaults to 30.
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// ActiveDeadlineSeconds bounds how long the pod may run before it is failed.
	ActiveDeadlineSeconds *int64 `json:"activeDeadlineSeconds,omitempty"`
	// DNSPolicy defaults to ClusterFirst.
	DNSPolicy DNSPolicy `json:"dnsPolicy,omitempty"`
	// NodeSelector labels a node must have.
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// ServiceAccountName is the ServiceAccount the pod runs as.
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// DeprecatedServiceAccount is the old name of ServiceAccountName.
	DeprecatedServiceAccount string `json:"serviceAccount,omitempty"`
	// AutomountServiceAccountToken says whether a token is mounted.
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// NodeName binds the pod to a node, bypassing the scheduler.
	NodeName string `json:"nodeName,omitempty"`
	// HostNetwork runs the pod in the node's network namespace.
	HostNetwork bool `json:"hostNetwork,omitempty"`
	// HostPID shares the node's PID namespace.
	HostPID bool `json:"hostPID,omitempty"`
	// HostIPC shares the node's IPC namespace.
	HostIPC bool `json:"hostIPC,omitempty"`
	// ShareProcessNamespace shares one PID namespace among the pod's containers.
	ShareProcessNamespace *bool `json:"shareProcessNamespace,omitempty"`
	// SecurityContext holds pod-level security attributes; defaults to {}.
	SecurityContext *PodSecurityContext `json:"securityContext,omitempty"`
	// ImagePullSecrets name Secrets used to pull images.
	ImagePullSecrets []LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// Hostname of the pod; defaults to the pod name.
	Hostname string `json:"hostname,omitempty"`
	// Subdomain makes the FQDN "<hostname>.<subdomain>.<namespace>.svc.<domain>".
	Subdomain string `json:"subdomain,omitempty"`
	// Affinity holds node affinity and pod (anti-)affinity.
	Affinity *Affinity `json:"affinity,omitempty"`
	// SchedulerName defaults to "default-scheduler".
	SchedulerName string `json:"schedulerName,omitempty"`
	// Tolerations of node taints.
	Tolerations []Toleration `json:"tolerations,omitempty"`
	// HostAliases are added to the pod's /etc/hosts.
	HostAliases []HostAlias `json:"hostAliases,omitempty"`
	// PriorityClassName names the pod's PriorityClass.
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// Priority is resolved from PriorityClassName by admission.
	Priority *int32 `json:"priority,omitempty"`
	// DNSConfig adds to (or, with dnsPolicy None, replaces) the generated resolv.conf.
	DNSConfig *PodDNSConfig `json:"dnsConfig,omitempty"`
	// ReadinessGates are extra conditions the pod needs to be Ready.
	ReadinessGates []PodReadinessGate `json:"readinessGates,omitempty"`
	// RuntimeClassName names a RuntimeClass (runtime handler).
	RuntimeClassName *string `json:"runtimeClassName,omitempty"`
	// EnableServiceLinks injects service environment variables; defaults to true.
	EnableServiceLinks *bool `json:"enableServiceLinks,omitempty"`
	// PreemptionPolicy defaults to PreemptLowerPriority.
	PreemptionPolicy *PreemptionPolicy `json:"preemptionPolicy,omitempty"`
	// Overhead is the cost of the pod sandbox, set from the RuntimeClass.
	Overhead ResourceList `json:"overhead,omitempty"`
	// TopologySpreadConstraints spread matching pods across topology domains.
	TopologySpreadConstraints []TopologySpreadConstraint `json:"topologySpreadConstraints,omitempty"`
	// SetHostnameAsFQDN sets the hostname to the FQDN.
	SetHostnameAsFQDN *bool `json:"setHostnameAsFQDN,omitempty"`
	// OS the containers need.
	OS *PodOS `json:"os,omitempty"`
	// HostUsers false runs the pod in a user namespace.
	HostUsers *bool `json:"hostUsers,omitempty"`
	// SchedulingGates keep the pod from being scheduled while any is present.
	SchedulingGates []PodSchedulingGate `json:"schedulingGates,omitempty"`
	// ResourceClaims for dynamic resource allocation (accepted; not acted on).
	ResourceClaims []PodResourceClaim `json:"resourceClaims,omitempty"`
	// Resources are pod-level requests and limits (alpha in Kubernetes 1.32).
	Resources *ResourceRequirements `json:"resources,omitempty"`
}

// HostAlias is one /etc/hosts entry.
type HostAlias struct {
	IP        string   `json:"ip"`
	Hostnames []string `json:"hostnames,omitempty"`
}

// PodDNSConfig is the DNS configuration of a pod beyond its DNSPolicy.
type PodDNSConfig struct {
	Nameservers []string             `json:"nameservers,omitempty"`
	Searches    []string             `json:"searches,omitempty"`
	Options     []PodDNSConfigOption `json:"options,omitempty"`
}

// PodDNSConfigOption is one resolv.conf option ("ndots:2").
type PodDNSConfigOption struct {
	Name  string  `json:"name,omitempty"`
	Value *string `json:"value,omitempty"`
}

// PodReadinessGate names a pod condition that must be True for the pod to be Ready.
type PodReadinessGate struct {
	ConditionType PodConditionType `json:"conditionType"`
}

// UnsatisfiableConstraintAction says what to do with a pod that cannot satisfy a spread constraint.
type UnsatisfiableConstraintAction string

// Unsatisfiable constraint actions.
const (
	DoNotSchedule  UnsatisfiableConstraintAction = "DoNotSchedule"
	ScheduleAnyway UnsatisfiableConstraintAction = "ScheduleAnyway"
)

// NodeInclusionPolicy says whether node affinity or taints are honoured when counting spread.
type NodeInclusionPolicy string

// Node inclusion policies.
const (
	NodeInclusionPolicyIgnore NodeInclusionPolicy = "Ignore"
	NodeInclusionPolicyHonor  NodeInclusionPolicy = "Honor"
)

// TopologySpreadConstraint spreads matching pods across the domains of a topology key.
type TopologySpreadConstraint struct {
	MaxSkew            int32                         `json:"maxSkew"`
	TopologyKey        string                        `json:"topologyKey"`
	WhenUnsatisfiable  UnsatisfiableConstraintAction `json:"whenUnsatisfiable"`
	LabelSelector      *meta.LabelSelector           `json:"labelSelector,omitempty"`
	MinDomains         *int32                        `json:"minDomains,omitempty"`
	NodeAffinityPolicy *NodeInclusionPolicy          `json:"nodeAffinityPolicy,omitempty"`
	NodeTaintsPolicy   *NodeInclusionPolicy          `json:"nodeTaintsPolicy,omitempty"`
	MatchLabelKeys     []string                      `json:"matchLabelKeys,omitempty"`
}

// OSName is an operating system name.
type OSName string

// Operating systems.
const (
	Linux   OSName = "linux"
	Windows OSName = "windows"
)

// PodOS names the OS a pod's containers need.
type PodOS struct {
	Name OSName `json:"name"`
}

// PodSchedulingGate is one gate that keeps a pod from being scheduled.
type PodSchedulingGate struct {
	Name string `json:"name"`
}

// PodResourceClaim references a ResourceClaim or ResourceClaimTemplate.
type PodResourceClaim struct {
	Name                      string  `json:"name"`
	ResourceClaimName         *string `json:"resourceClaimName,omitempty"`
	ResourceClaimTemplateName *string `json:"resourceClaimTemplateName,omitempty"`
}

// Affinity groups a pod's scheduling constraints.
type Affinity struct {
	NodeAffinity    *NodeAffinity    `json:"nodeAffinity,omitempty"`
	PodAffinity     *PodAffinity     `json:"podAffinity,omitempty"`
	PodAntiAffinity *PodAntiAffinity `json:"podAntiAffinity,omitempty"`
}

// NodeAffinity constrains the nodes a pod may run on.
type NodeAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  *NodeSelector             `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
	PreferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm `json:"preferredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// PreferredSchedulingTerm is a weighted node selector term (weight 1-100).
type PreferredSchedulingTerm struct {
	Weight     int32            `json:"weight"`
	Preference NodeSelectorTerm `json:"preference"`
}

// PodAffinity attracts a pod to domains running matching pods.
type PodAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm         `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
	PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm `json:"preferredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// PodAntiAffinity repels a pod from domains running matching pods.
type PodAntiAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm         `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
	PreferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm `json:"preferredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// PodAffinityTerm selects pods (by labels, in namespaces) co-located in a topology domain.
type PodAffinityTerm struct {
	LabelSelector     *meta.LabelSelector `json:"labelSelector,omitempty"`
	Namespaces        []string            `json:"namespaces,omitempty"`
	TopologyKey       string              `json:"topologyKey"`
	NamespaceSelector *meta.LabelSelector `json:"namespaceSelector,omitempty"`
	MatchLabelKeys    []string            `json:"matchLabelKeys,omitempty"`
	MismatchLabelKeys []string            `json:"mismatchLabelKeys,omitempty"`
}

// WeightedPodAffinityTerm is a pod affinity term with a weight (1-100).
type WeightedPodAffinityTerm struct {
	Weight          int32           `json:"weight"`
	PodAffinityTerm PodAffinityTerm `json:"podAffinityTerm"`
}

// PodSecurityContext holds pod-level security attributes, and defaults for the containers.
type PodSecurityContext struct {
	SELinuxOptions           *SELinuxOptions                `json:"seLinuxOptions,omitempty"`
	WindowsOptions           *WindowsSecurityContextOptions `json:"windowsOptions,omitempty"`
	RunAsUser                *int64                         `json:"runAsUser,omitempty"`
	RunAsGroup               *int64                         `json:"runAsGroup,omitempty"`
	RunAsNonRoot             *bool                          `json:"runAsNonRoot,omitempty"`
	SupplementalGroups       []int64                        `json:"supplementalGroups,omitempty"`
	SupplementalGroupsPolicy *SupplementalGroupsPolicy      `json:"supplementalGroupsPolicy,omitempty"`
	FSGroup                  *int64                         `json:"fsGroup,omitempty"`
	Sysctls                  []Sysctl                       `json:"sysctls,omitempty"`
	FSGroupChangePolicy      *PodFSGroupChangePolicy        `json:"fsGroupChangePolicy,omitempty"`
	SeccompProfile           *SeccompProfile                `json:"seccompProfile,omitempty"`
	AppArmorProfile          *AppArmorProfile               `json:"appArmorProfile,omitempty"`
	SELinuxChangePolicy      *PodSELinuxChangePolicy        `json:"seLinuxChangePolicy,omitempty"`
}

// SupplementalGroupsPolicy says how supplemental groups are computed.
type SupplementalGroupsPolicy string

// Supplemental groups policies.
const (
	SupplementalGroupsPolicyMerge  SupplementalGroupsPolicy = "Merge"
	SupplementalGroupsPolicyStrict SupplementalGroupsPolicy = "Strict"
)

// PodFSGroupChangePolicy says when volume ownership is changed to fsGroup.
type PodFSGroupChangePolicy string

// FSGroup change policies.
const (
	FSGroupChangeOnRootMismatch PodFSGroupChangePolicy = "OnRootMismatch"
	FSGroupChangeAlways         PodFSGroupChangePolicy = "Always"
)

// PodSELinuxChangePolicy says how SELinux labels are applied to volumes.
type PodSELinuxChangePolicy string

// SELinux change policies.
const (
	SELinuxChangePolicyRecursive   PodSELinuxChangePolicy = "Recursive"
	SELinuxChangePolicyMountOption PodSELinuxChangePolicy = "MountOption"
)

// Sysctl is one namespaced kernel parameter.
type Sysctl struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SELinuxOptions are the SELinux labels of a container.
type SELinuxOptions struct {
	User  string `json:"user,omitempty"`
	Role  string `json:"role,omitempty"`
	Type  string `json:"type,omitempty"`
	Level string `json:"level,omitempty"`
}

// WindowsSecurityContextOptions are Windows-specific (accepted; not acted on).
type WindowsSecurityContextOptions struct {
	GMSACredentialSpecName *string `json:"gmsaCredentialSpecName,omitempty"`
	GMSACredentialSpec     *string `json:"gmsaCredentialSpec,omitempty"`
	RunAsUserName          *string `json:"runAsUserName,omitempty"`
	HostProcess            *bool   `json:"hostProcess,omitempty"`
}

// SeccompProfileType is the kind of a seccomp profile.
type SeccompProfileType string

// Seccomp profile types.
const (
	SeccompProfileTypeUnconfined     SeccompProfileType = "Unconfined"
	SeccompProfileTypeRuntimeDefault SeccompProfileType = "RuntimeDefault"
	SeccompProfileTypeLocalhost      SeccompProfileType = "Localhost"
)

// SeccompProfile selects a seccomp profile.
type SeccompProfile struct {
	Type SeccompProfileType `json:"type"`
	// LocalhostProfile is a path relative to the node's seccomp folder; only with type Localhost.
	LocalhostProfile *string `json:"localhostProfile,omitempty"`
}

// AppArmorProfileType is the kind of an AppArmor profile.
type AppArmorProfileType string

// AppArmor profile types.
const (
	AppArmorProfileTypeUnconfined     AppArmorProfileType = "Unconfined"
	AppArmorProfileTypeRuntimeDefault AppArmorProfileType = "RuntimeDefault"
	AppArmorProfileTypeLocalhost      AppArmorProfileType = "Localhost"
)

// AppArmorProfile selects an AppArmor profile.
type AppArmorProfile struct {
	Type AppArmorProfileType `json:"type"`
	// LocalhostProfile names a profile loaded on the node; only with type Localhost.
	LocalhostProfile *string `json:"localhostProfile,omitempty"`
}

// Volume is a named volume of a pod; exactly one source is set.
type Volume struct {
	// Name is a DNS-1123 label unique within the pod.
	Name         string `json:"name"`
	VolumeSource `json:",inline"`
}

// VolumeSource is where a volume's content comes from; exactly one field is set.
// Gantry's node agent implements emptyDir, hostPath, configMap, secret,
// downwardAPI and projected; the others are accepted so that manifests
// decode, and fail at the node.
type VolumeSource struct {
	HostPath              *HostPathVolumeSource              `json:"hostPath,omitempty"`
	EmptyDir              *EmptyDirVolumeSource              `json:"emptyDir,omitempty"`
	GitRepo               *GitRepoVolumeSource               `json:"gitRepo,omitempty"`
	Secret                *SecretVolumeSource                `json:"secret,omitempty"`
	NFS                   *NFSVolumeSource                   `json:"nfs,omitempty"`
	PersistentVolumeClaim *PersistentVolumeClaimVolumeSource `json:"persistentVolumeClaim,omitempty"`
	DownwardAPI           *DownwardAPIVolumeSource           `json:"downwardAPI,omitempty"`
	ConfigMap             *ConfigMapVolumeSource             `json:"configMap,omitempty"`
	Projected             *ProjectedVolumeSource             `json:"projected,omitempty"`
	CSI                   *CSIVolumeSource                   `json:"csi,omitempty"`
	Image                 *ImageVolumeSource                 `json:"image,omitempty"`
}

// HostPathType says what must exist at a hostPath.
type HostPathType string

// Host path types.
const (
	HostPathUnset             HostPathType = ""
	HostPathDirectoryOrCreate HostPathType = "DirectoryOrCreate"
	HostPathDirectory         HostPathType = "Directory"
	HostPathFileOrCreate      HostPathType = "FileOrCreate"
	HostPathFile              HostPathType = "File"
	HostPathSocket            HostPathType = "Socket"
	HostPathCharDev           HostPathType = "CharDevice"
	HostPathBlockDev          HostPathType = "BlockDevice"
)

// HostPathVolumeSource mounts a file or folder of the node.
type HostPathVolumeSource struct {
	Path string        `json:"path"`
	Type *HostPathType `json:"type,omitempty"`
}

// StorageMedium is the backing of an emptyDir.
type StorageMedium string

// Storage media.
const (
	StorageMediumDefault         StorageMedium = ""
	StorageMediumMemory          StorageMedium = "Memory"
	StorageMediumHugePages       StorageMedium = "HugePages"
	StorageMediumHugePagesPrefix StorageMedium = "HugePages-"
)

// EmptyDirVolumeSource is a folder that lives as long as the pod.
type EmptyDirVolumeSource struct {
	Medium    StorageMedium      `json:"medium,omitempty"`
	SizeLimit *resource.Quantity `json:"sizeLimit,omitempty"`
}

// GitRepoVolumeSource is deprecated in Kubernetes (accepted; not implemented by Gantry).
type GitRepoVolumeSource struct {
	Repository string `json:"repository"`
	Revision   string `json:"revision,omitempty"`
	Directory  string `json:"directory,omitempty"`
}

// SecretVolumeSource projects the keys of a Secret as files.
type SecretVolumeSource struct {
	SecretName string      `json:"secretName,omitempty"`
	Items      []KeyToPath `json:"items,omitempty"`
	// DefaultMode of the files; defaults to 0644.
	DefaultMode *int32 `json:"defaultMode,omitempty"`
	Optional    *bool  `json:"optional,omitempty"`
}

// SecretVolumeSourceDefaultMode is the default file mode of secret volumes.
const SecretVolumeSourceDefaultMode int32 = 0644

// NFSVolumeSource mounts an NFS export (accepted; not implemented by Gantry).
type NFSVolumeSource struct {
	Server   string `json:"server"`
	Path     string `json:"path"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// PersistentVolumeClaimVolumeSource mounts a PersistentVolumeClaim.
type PersistentVolumeClaimVolumeSource struct {
	ClaimName string `json:"claimName"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}

// DownwardAPIVolumeSource projects pod fields as files.
type DownwardAPIVolumeSource struct {
	Items []DownwardAPIVolumeFile `json:"items,omitempty"`
	// DefaultMode of the files; defaults to 0644.
	DefaultMode *int32 `json:"defaultMode,omitempty"`
}

// DownwardAPIVolumeSourceDefaultMode is the default file mode of downward API volumes.
const DownwardAPIVolumeSourceDefaultMode int32 = 0644

// DownwardAPIVolumeFile is one file of a downward API volume; exactly one of the refs is set.
type DownwardAPIVolumeFile struct {
	Path             string                 `json:"path"`
	FieldRef         *ObjectFieldSelector   `json:"fieldRef,omitempty"`
	ResourceFieldRef *ResourceFieldSelector `json:"resourceFieldRef,omitempty"`
	Mode             *int32                 `json:"mode,omitempty"`
}

// ConfigMapVolumeSource projects the keys of a ConfigMap as files.
type ConfigMapVolumeSource struct {
	LocalObjectReference `json:",inline"`
	Items                []KeyToPath `json:"items,omitempty"`
	// DefaultMode of the files; defaults to 0644.
	DefaultMode *int32 `json:"defaultMode,omitempty"`
	Optional    *bool  `json:"optional,omitempty"`
}

// ConfigMapVolumeSourceDefaultMode is the default file mode of configMap volumes.
const ConfigMapVolumeSourceDefaultMode int32 = 0644

// ProjectedVolumeSource merges several sources into one folder.
type ProjectedVolumeSource struct {
	Sources []VolumeProjection `json:"sources"`
	// DefaultMode of the files; defaults to 0644.
	DefaultMode *int32 `json:"defaultMode,omitempty"`
}

// ProjectedVolumeSourceDefaultMode is the default file mode of projected volumes.
const ProjectedVolumeSourceDefaultMode int32 = 0644

// VolumeProjection is one source of a projected volume; exactly one field is set.
type VolumeProjection struct {
	Secret              *SecretProjection              `json:"secret,omitempty"`
	DownwardAPI         *DownwardAPIProjection         `json:"downwardAPI,omitempty"`
	ConfigMap           *ConfigMapProjection           `json:"configMap,omitempty"`
	ServiceAccountToken *ServiceAccountTokenProjection `json:"serviceAccountToken,omitempty"`
	ClusterTrustBundle  *ClusterTrustBundleProjection  `json:"clusterTrustBundle,omitempty"`
}

// SecretProjection projects keys of a Secret.
type SecretProjection struct {
	LocalObjectReference `json:",inline"`
	Items                []KeyToPath `json:"items,omitempty"`
	Optional             *bool       `json:"optional,omitempty"`
}

// ConfigMapProjection projects keys of a ConfigMap.
type ConfigMapProjection struct {
	LocalObjectReference `json:",inline"`
	Items                []KeyToPath `json:"items,omitempty"`
	Optional             *bool       `json:"optional,omitempty"`
}

// DownwardAPIProjection projects pod fields.
type DownwardAPIProjection struct {
	Items []DownwardAPIVolumeFile `json:"items,omitempty"`
}

// ServiceAccountTokenProjection projects a bound service account token.
type ServiceAccountTokenProjection struct {
	Audience string `json:"audience,omitempty"`
	// ExpirationSeconds defaults to 3600; at least 600.
	ExpirationSeconds *int64 `json:"expirationSeconds,omitempty"`
	Path              string `json:"path"`
}

// ClusterTrustBundleProjection projects ClusterTrustBundle certificates (accepted; not implemented).
type ClusterTrustBundleProjection struct {
	Name          *string             `json:"name,omitempty"`
	SignerName    *string             `json:"signerName,omitempty"`
	LabelSelector *meta.LabelSelector `json:"labelSelector,omitempty"`
	Optional      *bool               `json:"optional,omitempty"`
	Path          string              `json:"path"`
}

// CSIVolumeSource is an inline CSI volume (accepted; not implemented by Gantry).
type CSIVolumeSource struct {
	Driver               string                `json:"driver"`
	ReadOnly             *bool                 `json:"readOnly,omitempty"`
	FSType               *string               `json:"fsType,omitempty"`
	VolumeAttributes     map[string]string     `json:"volumeAttributes,omitempty"`
	NodePublishSecretRef *LocalObjectReference `json:"nodePublishSecretRef,omitempty"`
}

// ImageVolumeSource mounts the content of an OCI image (accepted; alpha in Kubernetes 1.32).
type ImageVolumeSource struct {
	Reference  string     `json:"reference,omitempty"`
	PullPolicy PullPolicy `json:"pullPolicy,omitempty"`
}

// PullPolicy says when an image is pulled.
type PullPolicy string

// Pull policies.
const (
	PullAlways       PullPolicy = "Always"
	PullNever        PullPolicy = "Never"
	PullIfNotPresent PullPolicy = "IfNotPresent"
)

// TerminationMessagePolicy says where a container's termination message comes from.
type TerminationMessagePolicy string

// Termination message policies.
const (
	TerminationMessageReadFile              TerminationMessagePolicy = "File"
	TerminationMessageFallbackToLogsOnError TerminationMessagePolicy = "FallbackToLogsOnError"
)

// ResourceResizeRestartPolicy says whether resizing a resource restarts the container.
type ResourceResizeRestartPolicy string

// Resize restart policies.
const (
	NotRequired      ResourceResizeRestartPolicy = "NotRequired"
	RestartContainer ResourceResizeRestartPolicy = "RestartContainer"
)

// ContainerResizePolicy is the resize policy of one resource of a container.
type ContainerResizePolicy struct {
	ResourceName  ResourceName                `json:"resourceName"`
	RestartPolicy ResourceResizeRestartPolicy `json:"restartPolicy"`
}

// Container is one container of a pod.
type Container struct {
	// Name is a DNS-1123 label unique within the pod.
	Name string `json:"name"`
	// Image reference; required for app and init containers.
	Image string `json:"image,omitempty"`
	// Command replaces the image's ENTRYPOINT.
	Command []string `json:"command,omitempty"`
	// Args replace the image's CMD.
	Args []string `json:"args,omitempty"`
	// WorkingDir replaces the image's working directory.
	WorkingDir string          `json:"workingDir,omitempty"`
	Ports      []ContainerPort `json:"ports,omitempty"`
	EnvFrom    []EnvFromSource `json:"envFrom,omitempty"`
	Env        []EnvVar        `json:"env,omitempty"`
	// Resources are the container's requests and limits.
	Resources ResourceRequirements `json:"resources,omitempty"`
	// ResizePolicy per resource (in-place resize).
	ResizePolicy []ContainerResizePolicy `json:"resizePolicy,omitempty"`
	// RestartPolicy may only be set, to Always, on init containers (sidecars).
	RestartPolicy  *ContainerRestartPolicy `json:"restartPolicy,omitempty"`
	VolumeMounts   []VolumeMount           `json:"volumeMounts,omitempty"`
	VolumeDevices  []VolumeDevice          `json:"volumeDevices,omitempty"`
	LivenessProbe  *Probe                  `json:"livenessProbe,omitempty"`
	ReadinessProbe *Probe                  `json:"readinessProbe,omitempty"`
	StartupProbe   *Probe                  `json:"startupProbe,omitempty"`
	Lifecycle      *Lifecycle              `json:"lifecycle,omitempty"`
	// TerminationMessagePath defaults to /dev/termination-log.
	TerminationMessagePath string `json:"terminationMessagePath,omitempty"`
	// TerminationMessagePolicy defaults to File.
	TerminationMessagePolicy TerminationMessagePolicy `json:"terminationMessagePolicy,omitempty"`
	// ImagePullPolicy defaults to Always for ":latest" or untagged images, else IfNotPresent.
	ImagePullPolicy PullPolicy       `json:"imagePullPolicy,omitempty"`
	SecurityContext *SecurityContext `json:"securityContext,omitempty"`
	Stdin           bool             `json:"stdin,omitempty"`
	StdinOnce       bool             `json:"stdinOnce,omitempty"`
	TTY             bool             `json:"tty,omitempty"`
}

// EphemeralContainerCommon holds the fields of an ephemeral container that a Container also has.
type EphemeralContainerCommon struct {
	Name                     string                   `json:"name"`
	Image                    string                   `json:"image,omitempty"`
	Command                  []string                 `json:"command,omitempty"`
	Args                     []string                 `json:"args,omitempty"`
	WorkingDir               string                   `json:"workingDir,omitempty"`
	Ports                    []ContainerPort          `json:"ports,omitempty"`
	EnvFrom                  []EnvFromSource          `json:"envFrom,omitempty"`
	Env                      []EnvVar                 `json:"env,omitempty"`
	Resources                ResourceRequirements     `json:"resources,omitempty"`
	ResizePolicy             []ContainerResizePolicy  `json:"resizePolicy,omitempty"`
	RestartPolicy            *ContainerRestartPolicy  `json:"restartPolicy,omitempty"`
	VolumeMounts             []VolumeMount            `json:"volumeMounts,omitempty"`
	VolumeDevices            []VolumeDevice           `json:"volumeDevices,omitempty"`
	LivenessProbe            *Probe                   `json:"livenessProbe,omitempty"`
	ReadinessProbe           *Probe                   `json:"readinessProbe,omitempty"`
	StartupProbe             *Probe                   `json:"startupProbe,omitempty"`
	Lifecycle                *Lifecycle               `json:"lifecycle,omitempty"`
	TerminationMessagePath   string                   `json:"terminationMessagePath,omitempty"`
	TerminationMessagePolicy TerminationMessagePolicy `json:"terminationMessagePolicy,omitempty"`
	ImagePullPolicy          PullPolicy               `json:"imagePullPolicy,omitempty"`
	SecurityContext          *SecurityContext         `json:"securityContext,omitempty"`
	Stdin                    bool                     `json:"stdin,omitempty"`
	StdinOnce                bool                     `json:"stdinOnce,omitempty"`
	TTY                      bool                     `json:"tty,omitempty"`
}

// EphemeralContainer is a debugging container added to a running pod
// (accepted in the type; Gantry does not run ephemeral containers).
type EphemeralContainer struct {
	EphemeralContainerCommon `json:",inline"`
	// TargetContainerName is the container whose namespaces it joins.
	TargetContainerName string `json:"targetContainerName,omitempty"`
}

// MountPropagationMode says how mounts propagate between host and container.
type MountPropagationMode string

// Mount propagation modes.
const (
	MountPropagationNone            MountPropagationMode = "None"
	MountPropagationHostToContainer MountPropagationMode = "HostToContainer"
	MountPropagationBidirectional   MountPropagationMode = "Bidirectional"
)

// RecursiveReadOnlyMode says whether a read-only mount is recursively read-only.
type RecursiveReadOnlyMode string

// Recursive read-only modes.
const (
	RecursiveReadOnlyDisabled   RecursiveReadOnlyMode = "Disabled"
	RecursiveReadOnlyIfPossible RecursiveReadOnlyMode = "IfPossible"
	RecursiveReadOnlyEnabled    RecursiveReadOnlyMode = "Enabled"
)

// VolumeMount mounts a volume of the pod into a container.
type VolumeMount struct {
	Name              string                 `json:"name"`
	ReadOnly          bool                   `json:"readOnly,omitempty"`
	RecursiveReadOnly *RecursiveReadOnlyMode `json:"recursiveReadOnly,omitempty"`
	MountPath         string                 `json:"mountPath"`
	SubPath           string                 `json:"subPath,omitempty"`
	MountPropagation  *MountPropagationMode  `json:"mountPropagation,omitempty"`
	SubPathExpr       string                 `json:"subPathExpr,omitempty"`
}

// VolumeDevice maps a raw block volume into a container.
type VolumeDevice struct {
	Name       string `json:"name"`
	DevicePath string `json:"devicePath"`
}

// Probe is a periodic health check of a container.
type Probe struct {
	ProbeHandler `json:",inline"`
	// InitialDelaySeconds before the first probe.
	InitialDelaySeconds int32 `json:"initialDelaySeconds,omitempty"`
	// TimeoutSeconds of one probe; defaults to 1.
	TimeoutSeconds int32 `json:"timeoutSeconds,omitempty"`
	// PeriodSeconds between probes; defaults to 10.
	PeriodSeconds int32 `json:"periodSeconds,omitempty"`
	// SuccessThreshold of consecutive successes; defaults to 1 (and must be 1 for liveness and startup).
	SuccessThreshold int32 `json:"successThreshold,omitempty"`
	// FailureThreshold of consecutive failures; defaults to 3.
	FailureThreshold int32 `json:"failureThreshold,omitempty"`
	// TerminationGracePeriodSeconds overrides the pod's on a liveness or startup failure.
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
}

// ProbeHandler is how a probe checks; exactly one field is set.
type ProbeHandler struct {
	Exec      *ExecAction      `json:"exec,omitempty"`
	HTTPGet   *HTTPGetAction   `json:"httpGet,omitempty"`
	TCPSocket *TCPSocketAction `json:"tcpSocket,omitempty"`
	GRPC      *GRPCAction      `json:"grpc,omitempty"`
}

// ExecAction runs a command in the container; exit status 0 is success.
type ExecAction struct {
	Command []string `json:"command,omitempty"`
}

// URIScheme is HTTP or HTTPS.
type URIScheme string

// URI schemes.
const (
	URISchemeHTTP  URIScheme = "HTTP"
	URISchemeHTTPS URIScheme = "HTTPS"
)

// HTTPGetAction sends an HTTP GET; a 2xx or 3xx status is success.
type HTTPGetAction struct {
	Path string `json:"path,omitempty"`
	// Port is a number or the name of a container port.
	Port intstr.IntOrString `json:"port"`
	// Host defaults to the pod IP.
	Host string `json:"host,omitempty"`
	// Scheme defaults to HTTP.
	Scheme      URIScheme    `json:"scheme,omitempty"`
	HTTPHeaders []HTTPHeader `json:"httpHeaders,omitempty"`
}

// HTTPHeader is one header of an HTTP probe.
type HTTPHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// TCPSocketAction opens a TCP connection; success if it connects.
type TCPSocketAction struct {
	// Port is a number or the name of a container port.
	Port intstr.IntOrString `json:"port"`
	Host string             `json:"host,omitempty"`
}

// GRPCAction calls the gRPC health checking protocol.
type GRPCAction struct {
	Port int32 `json:"port"`
	// Service is the service name sent in the health check request; nil means "".
	Service *string `json:"service"`
}

// Lifecycle holds the container's lifecycle hooks.
type Lifecycle struct {
	PostStart *LifecycleHandler `json:"postStart,omitempty"`
	PreStop   *LifecycleHandler `json:"preStop,omitempty"`
}

// LifecycleHandler is a hook action; exactly one field is set.
type LifecycleHandler struct {
	Exec      *ExecAction      `json:"exec,omitempty"`
	HTTPGet   *HTTPGetAction   `json:"httpGet,omitempty"`
	TCPSocket *TCPSocketAction `json:"tcpSocket,omitempty"`
	Sleep     *SleepAction     `json:"sleep,omitempty"`
}

// SleepAction waits a number of seconds.
type SleepAction struct {
	Seconds int64 `json:"seconds"`
}

// Capability is a Linux capability ("NET_ADMIN").
type Capability string

// Capabilities are added to and dropped from the runtime's default set.
type Capabilities struct {
	Add  []Capability `json:"add,omitempty"`
	Drop []Capability `json:"drop,omitempty"`
}

// ProcMountType is the /proc mount type of a container.
type ProcMountType string

// Proc mount types.
const (
	DefaultProcMount  ProcMountType = "Default"
	UnmaskedProcMount ProcMountType = "Unmasked"
)

// SecurityContext holds container security attributes; they override the pod's.
type SecurityContext struct {
	Capabilities             *Capabilities                  `json:"capabilities,omitempty"`
	Privileged               *bool                          `json:"privileged,omitempty"`
	SELinuxOptions           *SELinuxOptions                `json:"seLinuxOptions,omitempty"`
	WindowsOptions           *WindowsSecurityContextOptions `json:"windowsOptions,omitempty"`
	RunAsUser                *int64                         `json:"runAsUser,omitempty"`
	RunAsGroup               *int64                         `json:"runAsGroup,omitempty"`
	RunAsNonRoot             *bool                          `json:"runAsNonRoot,omitempty"`
	ReadOnlyRootFilesystem   *bool                          `json:"readOnlyRootFilesystem,omitempty"`
	AllowPrivilegeEscalation *bool                          `json:"allowPrivilegeEscalation,omitempty"`
	ProcMount                *ProcMountType                 `json:"procMount,omitempty"`
	SeccompProfile           *SeccompProfile                `json:"seccompProfile,omitempty"`
	AppArmorProfile          *AppArmorProfile               `json:"appArmorProfile,omitempty"`
}

// PodPhase is the coarse lifecycle state of a pod.
type PodPhase string

// Pod phases.
const (
	PodPending   PodPhase = "Pending"
	PodRunning   PodPhase = "Running"
	PodSucceeded PodPhase = "Succeeded"
	PodFailed    PodPhase = "Failed"
	PodUnknown   PodPhase = "Unknown"
)

// PodConditionType is the type of a pod condition.
type PodConditionType string

// Pod condition types.
const (
	ContainersReady           PodConditionType = "ContainersReady"
	PodInitialized            PodConditionType = "Initialized"
	PodReady                  PodConditionType = "Ready"
	PodScheduled              PodConditionType = "PodScheduled"
	DisruptionTarget          PodConditionType = "DisruptionTarget"
	PodReadyToStartContainers PodConditionType = "PodReadyToStartContainers"
)

// Reasons of pod conditions and statuses.
const (
	// PodReasonUnschedulable is the PodScheduled=False reason when no node fits.
	PodReasonUnschedulable = "Unschedulable"
	// PodReasonSchedulingGated is the PodScheduled=False reason while gates remain.
	PodReasonSchedulingGated = "SchedulingGated"
	// PodReasonSchedulerError is the PodScheduled=False reason on a scheduler error.
	PodReasonSchedulerError = "SchedulerError"
	// PodReasonTerminationByKubelet is the DisruptionTarget reason for node-pressure eviction.
	PodReasonTerminationByKubelet = "TerminationByKubelet"
	// PodReasonPreemptionByScheduler is the DisruptionTarget reason for preemption.
	PodReasonPreemptionByScheduler = "PreemptionByScheduler"
)

// PodCondition is one condition of a pod.
type PodCondition struct {
	Type               PodConditionType `json:"type"`
	Status             ConditionStatus  `json:"status"`
	LastProbeTime      meta.Time        `json:"lastProbeTime,omitempty"`
	LastTransitionTime meta.Time        `json:"lastTransitionTime,omitempty"`
	Reason             string           `json:"reason,omitempty"`
	Message            string           `json:"message,omitempty"`
}

// PodQOSClass is a pod's quality of service class.
type PodQOSClass string

// QoS classes.
const (
	PodQOSGuaranteed PodQOSClass = "Guaranteed"
	PodQOSBurstable  PodQOSClass = "Burstable"
	PodQOSBestEffort PodQOSClass = "BestEffort"
)

// PodResizeStatus is the state of an in-place resize.
type PodResizeStatus string

// Resize statuses.
const (
	PodResizeStatusProposed   PodResizeStatus = "Proposed"
	PodResizeStatusInProgress PodResizeStatus = "InProgress"
	PodResizeStatusDeferred   PodResizeStatus = "Deferred"
	PodResizeStatusInfeasible PodResizeStatus = "Infeasible"
)

// HostIP is one IP address of the pod's node.
type HostIP struct {
	IP string `json:"ip"`
}

// PodIP is one IP address of the pod.
type PodIP struct {
	IP string `json:"ip"`
}

// PodStatus is the observed state of a pod, written by the scheduler and the node agent.
type PodStatus struct {
	Phase      PodPhase       `json:"phase,omitempty"`
	Conditions []PodCondition `json:"conditions,omitempty"`
	Message    string         `json:"message,omitempty"`
	// Reason is a CamelCase reason such as "Evicted" or "NodeLost".
	Reason string `json:"reason,omitempty"`
	// NominatedNodeName is set when the pod preempted others and waits for them to go.
	NominatedNodeName          string                   `json:"nominatedNodeName,omitempty"`
	HostIP                     string                   `json:"hostIP,omitempty"`
	HostIPs                    []HostIP                 `json:"hostIPs,omitempty"`
	PodIP                      string                   `json:"podIP,omitempty"`
	PodIPs                     []PodIP                  `json:"podIPs,omitempty"`
	StartTime                  *meta.Time               `json:"startTime,omitempty"`
	InitContainerStatuses      []ContainerStatus        `json:"initContainerStatuses,omitempty"`
	ContainerStatuses          []ContainerStatus        `json:"containerStatuses,omitempty"`
	QOSClass                   PodQOSClass              `json:"qosClass,omitempty"`
	EphemeralContainerStatuses []ContainerStatus        `json:"ephemeralContainerStatuses,omitempty"`
	Resize                     PodResizeStatus          `json:"resize,omitempty"`
	ResourceClaimStatuses      []PodResourceClaimStatus `json:"resourceClaimStatuses,omitempty"`
}

// PodResourceClaimStatus names the ResourceClaim generated for a pod claim.
type PodResourceClaimStatus struct {
	Name              string  `json:"name"`
	ResourceClaimName *string `json:"resourceClaimName,omitempty"`
}

// ContainerStateWaiting is a container that is not running yet.
type ContainerStateWaiting struct {
	// Reason such as "ContainerCreating", "CrashLoopBackOff", "ErrImagePull".
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// ContainerStateRunning is a running container.
type ContainerStateRunning struct {
	StartedAt meta.Time `json:"startedAt,omitempty"`
}

// ContainerStateTerminated is a container that exited.
type ContainerStateTerminated struct {
	ExitCode    int32     `json:"exitCode"`
	Signal      int32     `json:"signal,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Message     string    `json:"message,omitempty"`
	StartedAt   meta.Time `json:"startedAt,omitempty"`
	FinishedAt  meta.Time `json:"finishedAt,omitempty"`
	ContainerID string    `json:"containerID,omitempty"`
}

// ContainerState is a container's state; at most one field is set (none means waiting).
type ContainerState struct {
	Waiting    *ContainerStateWaiting    `json:"waiting,omitempty"`
	Running    *ContainerStateRunning    `json:"running,omitempty"`
	Terminated *ContainerStateTerminated `json:"terminated,omitempty"`
}

// ContainerStatus is the observed state of one container.
type ContainerStatus struct {
	Name                     string                `json:"name"`
	State                    ContainerState        `json:"state,omitempty"`
	LastTerminationState     ContainerState        `json:"lastState,omitempty"`
	Ready                    bool                  `json:"ready"`
	RestartCount             int32                 `json:"restartCount"`
	Image                    string                `json:"image"`
	ImageID                  string                `json:"imageID"`
	ContainerID              string                `json:"containerID,omitempty"`
	Started                  *bool                 `json:"started,omitempty"`
	AllocatedResources       ResourceList          `json:"allocatedResources,omitempty"`
	Resources                *ResourceRequirements `json:"resources,omitempty"`
	VolumeMounts             []VolumeMountStatus   `json:"volumeMounts,omitempty"`
	User                     *ContainerUser        `json:"user,omitempty"`
	AllocatedResourcesStatus []ResourceStatus      `json:"allocatedResourcesStatus,omitempty"`
}

// VolumeMountStatus is the observed state of a volume mount.
type VolumeMountStatus struct {
	Name              string                 `json:"name"`
	MountPath         string                 `json:"mountPath"`
	ReadOnly          bool                   `json:"readOnly,omitempty"`
	RecursiveReadOnly *RecursiveReadOnlyMode `json:"recursiveReadOnly,omitempty"`
}

// ContainerUser is the identity the container's first process runs as.
type ContainerUser struct {
	Linux *LinuxContainerUser `json:"linux,omitempty"`
}

// LinuxContainerUser is a Linux uid, gid and supplemental groups.
type LinuxContainerUser struct {
	UID                int64   `json:"uid"`
	GID                int64   `json:"gid"`
	SupplementalGroups []int64 `json:"supplementalGroups,omitempty"`
}

// ResourceStatus is the health of the devices allocated for a resource.
type ResourceStatus struct {
	Name      ResourceName     `json:"name"`
	Resources []ResourceHealth `json:"resources,omitempty"`
}

// ResourceID identifies one allocated device.
type ResourceID string

// ResourceHealthStatus is "Healthy", "Unhealthy" or "Unknown".
type ResourceHealthStatus string

// ResourceHealth is the health of one allocated device.
type ResourceHealth struct {
	ResourceID ResourceID           `json:"resourceID"`
	Health     ResourceHealthStatus `json:"health,omitempty"`
}
