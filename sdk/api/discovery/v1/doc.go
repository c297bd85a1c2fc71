// Package v1 holds the discovery.k8s.io group, version v1 kind
// EndpointSlice: a bounded slice of the endpoints behind a Service, with
// its defaults, validation, registry strategy and table columns.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/discovery/v1, so that a slice written
// by a Kubernetes client decodes here unchanged.
//
// Register adds the kind to a registry.Registry; nothing is registered as a
// side effect of importing the package.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "discovery.k8s.io"

// Version is the API version of this package.
const Version = "v1"
