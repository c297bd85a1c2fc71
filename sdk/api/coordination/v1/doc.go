// Package v1 holds the coordination.k8s.io group, version v1 kind Lease:
// a lightweight lock used for leader election and for node heartbeats,
// with its validation, registry strategy and table columns.
//
// JSON field names, omitempty behaviour and validation messages follow
// Kubernetes 1.32's k8s.io/api/coordination/v1, so that Kubernetes clients
// (client-go's leader election among them) work unchanged.
//
// Register adds the kind to a registry.Registry; nothing is registered as a
// side effect of importing the package.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "coordination.k8s.io"

// Version is the API version of this package.
const Version = "v1"
