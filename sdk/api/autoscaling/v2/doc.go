// Package v2 holds the autoscaling group, version v2 kind
// HorizontalPodAutoscaler, with its defaults, validation, registry strategy
// (status subresource) and table columns.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/autoscaling/v2, so that a manifest
// written for Kubernetes decodes here unchanged, and one that uses a field
// Gantry does not know fails strict decoding naming that field.
//
// Register adds the kind to a registry.Registry; nothing is registered as a
// side effect of importing the package.
//
// +gantry:deepcopy-gen=package
package v2

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "autoscaling"

// Version is the API version of this package.
const Version = "v2"
