// Package v1 holds policy/v1 Eviction, the body of the pods/eviction
// subresource.
//
// +gantry:deepcopy-gen=package
package v1

// GroupName is the API group of this package.
const GroupName = "policy"

// Version is the API version of this package.
const Version = "v1"
