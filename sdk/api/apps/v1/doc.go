// Package v1 holds the apps group, version v1 kinds: Deployment, ReplicaSet,
// DaemonSet, StatefulSet and ControllerRevision, with their defaults,
// validation, registry strategies (status and scale subresources) and
// table columns.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/apps/v1, so that a manifest written for
// Kubernetes decodes here unchanged, and one that uses a field Gantry does not
// know fails strict decoding naming that field. Pod templates are defaulted
// and validated by the core/v1 package.
//
// Register adds every kind of the package to a registry.Registry; nothing
// is registered as a side effect of importing the package.
//
// +gantry:deepcopy-gen=package
package v1

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .

// GroupName is the API group of this package.
const GroupName = "apps"

// Version is the API version of this package.
const Version = "v1"
