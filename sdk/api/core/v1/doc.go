// Package v1 holds the core ("") group, version v1 kinds: Pod, Node,
// ReplicationController, PodTemplate, Namespace, Service, Endpoints,
// ConfigMap, Secret, ServiceAccount, Event, LimitRange and ResourceQuota,
// with their defaults, validation, registry strategies and table columns.
//
// JSON field names, omitempty behaviour, defaults and validation messages
// follow Kubernetes 1.32's k8s.io/api/core/v1, so that a manifest written for
// Kubernetes decodes here unchanged, and one that uses a field Gantry does not
// know fails strict decoding naming that field.
//
// +gantry:deepcopy-gen=package
package v1

// GroupName is the API group of this package: the core group, "".
const GroupName = ""

// Version is the API version of this package.
const Version = "v1"
