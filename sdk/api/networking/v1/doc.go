// Package v1 holds the networking.k8s.io group, version v1 kinds: Ingress
// (HTTP routing from outside the cluster to Services) and IngressClass
// (which controller implements an Ingress), with their defaults,
// validation, registry strategies and table columns.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/networking/v1, so that a manifest
// written for Kubernetes decodes here unchanged, and one that uses a field
// Gantry does not know fails strict decoding naming that field.
// NetworkPolicy is not part of Gantry.
//
// Register adds the kinds to a registry.Registry; nothing is registered as
// a side effect of importing the package.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "networking.k8s.io"

// Version is the API version of this package.
const Version = "v1"
