package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Eviction asks for the graceful deletion of a pod (POST pods/<name>/eviction).
// Gantry has no PodDisruptionBudget yet, so an eviction is always allowed.
type Eviction struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// DeleteOptions are applied to the pod's deletion.
	DeleteOptions *meta.DeleteOptions `json:"deleteOptions,omitempty" protobuf:"bytes,2,opt,name=deleteOptions"`
}
