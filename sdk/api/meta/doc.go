// Package meta holds the metadata shared by every object: TypeMeta,
// ObjectMeta, ListMeta, OwnerReference, LabelSelector, Status and the
// timestamp types, plus the Object and ListObject interfaces that every kind
// implements.
//
// JSON field names and encodings are those of Kubernetes' meta/v1.
//
// +gantry:deepcopy-gen=package
package meta

//go:generate go run github.com/gantryhq/gantry/sdk/internal/deepcopy-gen .
