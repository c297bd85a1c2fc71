// Package v1 holds the scheduling.k8s.io group, version v1 kind
// PriorityClass: a named pod priority, with its defaults, validation,
// registry strategy and table columns, and the two built-in system classes.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/scheduling/v1.
//
// Register adds the kind to a registry.Registry; nothing is registered as a
// side effect of importing the package. SystemPriorityClasses returns the
// built-in classes a cluster creates at start.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "scheduling.k8s.io"

// Version is the API version of this package.
const Version = "v1"
