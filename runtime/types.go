package runtime

import (
	"io"
	"maps"
	"slices"
	"time"
)

// SandboxConfig is what a sandbox is run with.
type SandboxConfig struct {
	// Name, Namespace, UID and Attempt identify the pod's sandbox; together
	// they are unique among a runtime's sandboxes.
	Name      string
	Namespace string
	UID       string
	Attempt   uint32
	// Hostname is the pod's hostname (default: Name).
	Hostname string
	// LogDirectory is the folder that holds the pod's container logs;
	// ContainerConfig.LogPath is relative to it. Empty: no logs are kept.
	LogDirectory string
	// DNS is written to the pod's /etc/resolv.conf (nil: the host's).
	DNS *DNSConfig
	// PortMappings are the pod's hostPorts.
	PortMappings []PortMapping
	Labels       map[string]string
	Annotations  map[string]string
	// Linux holds the Linux-specific options (nil: defaults).
	Linux *LinuxSandboxConfig
}

// DNSConfig is a pod's resolver configuration.
type DNSConfig struct {
	Servers  []string
	Searches []string
	Options  []string
}

// Protocol is a port's protocol.
type Protocol string

// The protocols of a port mapping.
const (
	ProtocolTCP  Protocol = "TCP"
	ProtocolUDP  Protocol = "UDP"
	ProtocolSCTP Protocol = "SCTP"
)

// PortMapping maps a host port to a container port of the pod.
type PortMapping struct {
	Protocol      Protocol // default TCP
	ContainerPort int32
	HostPort      int32
	HostIP        string // default: all addresses
}

// LinuxSandboxConfig is a sandbox's Linux options.
type LinuxSandboxConfig struct {
	// CgroupParent is the pod's cgroup (default: the runtime's).
	CgroupParent string
	// Sysctls are set in the pod's namespaces.
	Sysctls map[string]string
	// Privileged lets the pod's containers be privileged.
	Privileged bool
	// HostNetwork, HostPID and HostIPC share the host's namespaces.
	HostNetwork bool
	HostPID     bool
	HostIPC     bool
	// RunAsUser and RunAsGroup are the sandbox process's ids (nil: the image's).
	RunAsUser  *int64
	RunAsGroup *int64
}

// Clone returns a deep copy of c (nil for nil).
func (c *SandboxConfig) Clone() *SandboxConfig {
	if c == nil {
		return nil
	}
	n := *c
	if c.DNS != nil {
		d := DNSConfig{Servers: slices.Clone(c.DNS.Servers), Searches: slices.Clone(c.DNS.Searches), Options: slices.Clone(c.DNS.Options)}
		n.DNS = &d
	}
	n.PortMappings = slices.Clone(c.PortMappings)
	n.Labels = maps.Clone(c.Labels)
	n.Annotations = maps.Clone(c.Annotations)
	if c.Linux != nil {
		l := *c.Linux
		l.Sysctls = maps.Clone(c.Linux.Sysctls)
		n.Linux = &l
	}
	return &n
}

// SandboxState is a sandbox's state.
type SandboxState string

// The sandbox states.
const (
	SandboxReady    SandboxState = "SANDBOX_READY"
	SandboxNotReady SandboxState = "SANDBOX_NOTREADY"
)

// Sandbox is a sandbox in a list.
type Sandbox struct {
	ID          string
	Name        string
	Namespace   string
	UID         string
	Attempt     uint32
	State       SandboxState
	CreatedAt   time.Time
	Labels      map[string]string
	Annotations map[string]string
}

// SandboxStatus is a sandbox's status.
type SandboxStatus struct {
	Sandbox
	// IP is the pod's primary IP ("" when stopped or on the host network);
	// AdditionalIPs the others (IPv6).
	IP            string
	AdditionalIPs []string
	// Hostname, LogDirectory and Linux repeat the sandbox's config.
	Hostname     string
	LogDirectory string
	Linux        *LinuxSandboxConfig
}

// SandboxFilter selects sandboxes; a zero field matches all.
type SandboxFilter struct {
	ID    string
	State SandboxState
	// LabelSelector matches sandboxes that have every label with the value.
	LabelSelector map[string]string
}

// ContainerConfig is what a container is created with.
type ContainerConfig struct {
	// Name and Attempt identify the container in its sandbox; Attempt is
	// the restart count.
	Name    string
	Attempt uint32
	// Image is the image reference (a tag, a digest or an image id).
	Image string
	// Command replaces the image's entrypoint, Args its cmd (empty: the image's).
	Command    []string
	Args       []string
	WorkingDir string
	Env        []KeyValue
	Mounts     []Mount
	Devices    []Device
	Labels     map[string]string
	// Annotations are kept and reported, never interpreted.
	Annotations map[string]string
	// LogPath is the log file's path relative to the sandbox's
	// LogDirectory, by convention "<name>/<attempt>.log" (LogPath). Empty:
	// no log is kept.
	LogPath string
	// Stdin keeps stdin open; StdinOnce closes it after the first attach
	// ends; TTY allocates a terminal.
	Stdin     bool
	StdinOnce bool
	TTY       bool
	// Linux holds the Linux-specific options (nil: defaults).
	Linux *LinuxContainerConfig
}

// KeyValue is an environment variable.
type KeyValue struct {
	Key   string
	Value string
}

// MountPropagation is a mount's propagation mode.
type MountPropagation string

// The mount propagation modes.
const (
	PropagationPrivate         MountPropagation = "private"
	PropagationHostToContainer MountPropagation = "rslave"
	PropagationBidirectional   MountPropagation = "rshared"
)

// Mount bind-mounts a host path into the container.
type Mount struct {
	ContainerPath string
	HostPath      string
	ReadOnly      bool
	// Propagation defaults to PropagationPrivate.
	Propagation MountPropagation
}

// Device exposes a host device in the container.
type Device struct {
	ContainerPath string
	HostPath      string
	// Permissions is a cgroup device access string: "rwm" by default.
	Permissions string
}

// LinuxContainerConfig is a container's Linux options.
type LinuxContainerConfig struct {
	Resources       *LinuxResources
	SecurityContext *SecurityContext
}

// LinuxResources are a container's cgroup limits; zero means unlimited or
// the default.
type LinuxResources struct {
	CPUShares          int64
	CPUQuota           int64
	CPUPeriod          int64
	MemoryLimitInBytes int64
	OOMScoreAdj        int64
	CPUsetCPUs         string
	CPUsetMems         string
}

// SecurityContext is a container's security settings.
type SecurityContext struct {
	// RunAsUser and RunAsGroup override the image's user (nil: the image's).
	RunAsUser          *int64
	RunAsGroup         *int64
	SupplementalGroups []int64
	ReadOnlyRootfs     bool
	Privileged         bool
	NoNewPrivs         bool
	// AddCapabilities and DropCapabilities change the default set
	// ("NET_ADMIN" or "CAP_NET_ADMIN"; "ALL" in Drop drops every one).
	AddCapabilities  []string
	DropCapabilities []string
}

// Clone returns a deep copy of c (nil for nil).
func (c *ContainerConfig) Clone() *ContainerConfig {
	if c == nil {
		return nil
	}
	n := *c
	n.Command = slices.Clone(c.Command)
	n.Args = slices.Clone(c.Args)
	n.Env = slices.Clone(c.Env)
	n.Mounts = slices.Clone(c.Mounts)
	n.Devices = slices.Clone(c.Devices)
	n.Labels = maps.Clone(c.Labels)
	n.Annotations = maps.Clone(c.Annotations)
	if c.Linux != nil {
		l := *c.Linux
		if l.Resources != nil {
			r := *l.Resources
			l.Resources = &r
		}
		if l.SecurityContext != nil {
			s := *l.SecurityContext
			s.SupplementalGroups = slices.Clone(s.SupplementalGroups)
			s.AddCapabilities = slices.Clone(s.AddCapabilities)
			s.DropCapabilities = slices.Clone(s.DropCapabilities)
			l.SecurityContext = &s
		}
		n.Linux = &l
	}
	return &n
}

// ContainerState is a container's state.
type ContainerState string

// The container states.
const (
	ContainerCreated ContainerState = "CONTAINER_CREATED"
	ContainerRunning ContainerState = "CONTAINER_RUNNING"
	ContainerExited  ContainerState = "CONTAINER_EXITED"
	ContainerUnknown ContainerState = "CONTAINER_UNKNOWN"
)

// The reasons an Exited container reports, as Kubernetes shows them.
const (
	ReasonCompleted = "Completed" // exit code 0
	ReasonError     = "Error"     // any other exit code
	ReasonOOMKilled = "OOMKilled" // killed by the kernel's OOM killer (exit code 137)
)

// Container is a container in a list.
type Container struct {
	ID          string
	SandboxID   string
	Name        string
	Attempt     uint32
	Image       string
	ImageRef    string
	State       ContainerState
	CreatedAt   time.Time
	Labels      map[string]string
	Annotations map[string]string
}

// ContainerStatus is a container's status.
type ContainerStatus struct {
	Container
	// StartedAt and FinishedAt are zero until the container started and
	// exited.
	StartedAt  time.Time
	FinishedAt time.Time
	// ExitCode, Reason and Message are set once Exited.
	ExitCode int32
	Reason   string
	Message  string
	// PID is the container's init process on the host (0 when not running).
	PID int
	// LogPath is the absolute path of the container's log file ("" when no
	// log is kept).
	LogPath string
	Mounts  []Mount
}

// ContainerFilter selects containers; a zero field matches all.
type ContainerFilter struct {
	ID        string
	SandboxID string
	State     ContainerState
	// LabelSelector matches containers that have every label with the value.
	LabelSelector map[string]string
}

// ExecSyncResult is the outcome of ExecSync.
type ExecSyncResult struct {
	Stdout   []byte
	Stderr   []byte
	ExitCode int
}

// TerminalSize is a terminal's size in characters.
type TerminalSize struct {
	Width  uint16
	Height uint16
}

// ExecRequest is a streaming exec. Nil Stdin means no stdin; nil Stdout or
// Stderr discards the stream. With TTY, stderr is merged into Stdout and
// Resize (nil: fixed size) delivers the terminal's size changes.
type ExecRequest struct {
	Cmd    []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	TTY    bool
	Resize <-chan TerminalSize
}

// ContainerStats is a container's resource usage at Timestamp.
type ContainerStats struct {
	ID        string
	Timestamp time.Time
	// CPUUsageNanos is the cumulative CPU time used.
	CPUUsageNanos uint64
	// MemoryWorkingSetBytes is the memory in use, as the OOM killer counts it.
	MemoryWorkingSetBytes uint64
	// WritableLayerBytes is the size of the container's writable layer.
	WritableLayerBytes uint64
}

// AuthConfig is a registry's credentials.
type AuthConfig struct {
	Username      string
	Password      string
	IdentityToken string
	RegistryToken string
}

// Image is an image in the runtime's store.
type Image struct {
	// ID is the image's config digest ("sha256:...").
	ID          string
	RepoTags    []string
	RepoDigests []string
	// Size is the image's size in bytes (compressed layers and config).
	Size int64
	// Config is the image's runtime config.
	Config ImageConfig
}

// ImageConfig is the part of an image's config that affects how its
// containers run.
type ImageConfig struct {
	User         string
	Env          []string
	Entrypoint   []string
	Cmd          []string
	WorkingDir   string
	ExposedPorts []string // "8080/tcp"
	Labels       map[string]string
	StopSignal   string
}

// ImageFilter selects images; a zero field matches all.
type ImageFilter struct {
	// Ref matches images with this id, tag or digest.
	Ref string
}

// VersionInfo is the runtime's name and version.
type VersionInfo struct {
	RuntimeName       string
	RuntimeVersion    string
	RuntimeAPIVersion string
}

// The condition types of RuntimeStatus.
const (
	RuntimeReady = "RuntimeReady"
	NetworkReady = "NetworkReady"
)

// RuntimeCondition is one condition of the runtime.
type RuntimeCondition struct {
	Type    string
	Status  bool
	Reason  string
	Message string
}

// RuntimeStatus is the runtime's conditions.
type RuntimeStatus struct {
	Conditions []RuntimeCondition
}

// Condition returns the condition of type t, or nil.
func (s *RuntimeStatus) Condition(t string) *RuntimeCondition {
	for i := range s.Conditions {
		if s.Conditions[i].Type == t {
			return &s.Conditions[i]
		}
	}
	return nil
}

// MatchLabels reports whether labels has every key of selector with its
// value.
func MatchLabels(selector, labels map[string]string) bool {
	for k, v := range selector {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}
