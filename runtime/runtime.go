package runtime

import (
	"context"
	"io"
	"time"
)

// SandboxService manages pod sandboxes. A sandbox is the pod's shared
// network (and UTS, IPC) namespace with its IP address; containers created
// in it join it.
//
// Lifecycle: RunPodSandbox (Ready) → StopPodSandbox (NotReady: every
// container in it is killed and its network released) → RemovePodSandbox
// (gone, with its containers). All methods are safe for concurrent use.
//
// Idempotency follows CRI: stopping a stopped or unknown sandbox succeeds,
// removing a removed or unknown sandbox succeeds. Running a second sandbox
// with the same name, namespace, uid and attempt fails with
// ErrAlreadyExists.
type SandboxService interface {
	// RunPodSandbox creates and starts a sandbox and returns its id. A nil
	// config is ErrInvalid.
	RunPodSandbox(ctx context.Context, config *SandboxConfig) (string, error)
	// StopPodSandbox kills the sandbox's containers (no grace period; callers
	// stop containers gracefully first) and releases its network.
	StopPodSandbox(ctx context.Context, id string) error
	// RemovePodSandbox removes the sandbox and all its containers, running
	// or not.
	RemovePodSandbox(ctx context.Context, id string) error
	// PodSandboxStatus returns the sandbox's status, ErrNotFound for an
	// unknown id.
	PodSandboxStatus(ctx context.Context, id string) (*SandboxStatus, error)
	// ListPodSandbox returns the sandboxes matching filter (nil: all), oldest
	// first.
	ListPodSandbox(ctx context.Context, filter *SandboxFilter) ([]*Sandbox, error)
}

// ContainerService manages containers inside sandboxes.
//
// Lifecycle: CreateContainer (Created) → StartContainer (Running) → the
// process exits or StopContainer (Exited, with exit code and reason) →
// RemoveContainer (gone). A container is never restarted: a restart is a new
// container with the next attempt number. All methods are safe for
// concurrent use.
//
// Idempotency follows CRI: stopping an exited container succeeds, removing
// a removed or unknown container succeeds; StopContainer of an unknown id is
// ErrNotFound. Starting a container that is not Created is
// ErrFailedPrecondition. Every other method returns ErrNotFound for an
// unknown id.
type ContainerService interface {
	// CreateContainer creates a container in sandbox sandboxID from config;
	// sandboxConfig is the config the sandbox was run with (CRI passes it so
	// that the runtime need not keep it). The image must be present
	// (ErrNotFound otherwise). A second container with the same name and
	// attempt in the sandbox is ErrAlreadyExists.
	CreateContainer(ctx context.Context, sandboxID string, config *ContainerConfig, sandboxConfig *SandboxConfig) (string, error)
	// StartContainer starts a Created container. It returns once the
	// process is started; a slow start shows as Created until it is Running.
	StartContainer(ctx context.Context, id string) error
	// StopContainer sends SIGTERM (or the image's stop signal), waits up to
	// timeout for the container to exit, then sends SIGKILL, and returns
	// once the container has exited. A zero timeout kills at once. If ctx
	// ends first, StopContainer returns ctx's error and the stop goes on.
	StopContainer(ctx context.Context, id string, timeout time.Duration) error
	// RemoveContainer removes the container, killing it if it is running.
	RemoveContainer(ctx context.Context, id string) error
	// ContainerStatus returns the container's status.
	ContainerStatus(ctx context.Context, id string) (*ContainerStatus, error)
	// ListContainers returns the containers matching filter (nil: all),
	// oldest first.
	ListContainers(ctx context.Context, filter *ContainerFilter) ([]*Container, error)
	// ExecSync runs cmd in the running container and returns its output and
	// exit code. A non-zero exit code is not an error. If the command runs
	// longer than timeout (zero: no timeout), it is killed and ExecSync
	// returns an error wrapping ErrTimeout.
	ExecSync(ctx context.Context, id string, cmd []string, timeout time.Duration) (*ExecSyncResult, error)
	// Exec runs req.Cmd in the running container, streaming stdin, stdout
	// and stderr, and returns the command's exit code when it ends. Ending
	// ctx kills the command.
	Exec(ctx context.Context, id string, req ExecRequest) (exitCode int, err error)
	// ContainerStats returns the container's resource usage.
	ContainerStats(ctx context.Context, id string) (*ContainerStats, error)
}

// ImageService manages the runtime's images. All methods are safe for
// concurrent use. Removing an absent image succeeds.
type ImageService interface {
	// PullImage pulls ref from its registry with auth (nil: anonymous) and
	// returns the image id. Runtimes without registry access return
	// ErrNotSupported.
	PullImage(ctx context.Context, ref string, auth *AuthConfig) (string, error)
	// ImportImage loads an image archive (OCI image layout or `docker save`
	// format, see runtime/images) and returns the images it held.
	ImportImage(ctx context.Context, archive io.Reader) ([]Image, error)
	// ListImages returns the images matching filter (nil: all), sorted by
	// id.
	ListImages(ctx context.Context, filter *ImageFilter) ([]Image, error)
	// ImageStatus returns the image ref names (a tag, a digest or an image
	// id), ErrNotFound if absent.
	ImageStatus(ctx context.Context, ref string) (*Image, error)
	// RemoveImage removes the image ref names. Removing an absent image
	// succeeds.
	RemoveImage(ctx context.Context, ref string) error
}

// Runtime is a whole container runtime: every role plus the runtime's own
// version and readiness. A node agent holds one Runtime for its life; Close
// it, if it implements io.Closer, when done.
type Runtime interface {
	SandboxService
	ContainerService
	ImageService
	// Version returns the runtime's name and version.
	Version(ctx context.Context) (*VersionInfo, error)
	// Status returns the runtime's conditions (RuntimeReady, NetworkReady).
	Status(ctx context.Context) (*RuntimeStatus, error)
}
