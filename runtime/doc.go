// Package runtime holds the node side's container runtime contract: a
// CRI-shaped Runtime built from narrow roles, as CRI's RuntimeService and
// ImageService are.
//
//   - SandboxService: pod sandboxes (the pod's network and UTS namespaces).
//   - ContainerService: containers inside a sandbox, exec and stats.
//   - ImageService: pull, import, list, status and remove images.
//   - Runtime: all of the above plus Version and Status.
//
// Implementations: runtime/fake (in memory, deterministic, scriptable) and,
// later, runtime/containerd. Every implementation passes the conformance
// suite in runtime/runtimetest. Container logs are files in the CRI log
// format that runtime/logs writes, parses and reads back (tail, since,
// follow); runtime/images packs and reads OCI and Docker image archives.
//
// Errors wrap this package's sentinels (ErrNotFound, ErrAlreadyExists, ...),
// each of which wraps a class of github.com/gantryhq/gantry/sdk/api/errors, so
// errors.Is(err, runtime.ErrNotFound) and errors.Is(err, apierrors.ErrNotFound)
// both hold for an unknown id.
package runtime
