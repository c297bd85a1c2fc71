package v1

import "github.com/gantryhq/gantry/sdk/api/meta"

// Binding binds a pod to a node (POST pods/<name>/binding). The scheduler
// creates it; the API server sets the pod's spec.nodeName.
type Binding struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Target is the node to bind to (kind Node, name).
	Target ObjectReference `json:"target" protobuf:"bytes,2,opt,name=target"`
}
