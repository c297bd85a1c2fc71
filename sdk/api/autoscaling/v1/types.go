package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Scale is the scale subresource of a scalable object.
type Scale struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            ScaleSpec   `json:"spec,omitempty"`
	Status          ScaleStatus `json:"status,omitempty"`
}

// ScaleSpec is the desired scale.
type ScaleSpec struct {
	// Replicas is the desired number of instances.
	Replicas int32 `json:"replicas,omitempty"`
}

// ScaleStatus is the observed scale.
type ScaleStatus struct {
	// Replicas is the observed number of instances.
	Replicas int32 `json:"replicas"`
	// Selector is the label selector of the instances, in string form.
	Selector string `json:"selector,omitempty"`
}
