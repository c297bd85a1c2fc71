// Package v1 holds autoscaling/v1 Scale, the body of the scale
// subresource of Deployments, ReplicaSets, StatefulSets and
// ReplicationControllers.
//
// +gantry:deepcopy-gen=package
package v1

// GroupName is the API group of this package.
const GroupName = "autoscaling"

// Version is the API version of this package.
const Version = "v1"
