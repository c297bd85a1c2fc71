package v1

import (
	"strconv"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addNode registers Node: cluster-scoped, short name "no" (not in category
// "all"), a status subresource whose status the creator may set (a node
// agent registers its Node with its status, as the kubelet does), field
// selector spec.unschedulable and kubectl's node table.
func addNode(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Node]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "Node",
		Resource:   "nodes",
		ShortNames: []string{"no"},
		Namespaced: false,
		New:        func() *Node { return &Node{} },
		NewList:    func() meta.ListObject { return &NodeList{} },

		Default:        SetObjectDefaults_Node,
		Validate:       ValidateNode,
		ValidateUpdate: ValidateNodeUpdate,

		CopyStatus: func(dst, src *Node) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:   func(dst, src *Node) { dst.Spec = *src.Spec.DeepCopy() },

		Fields: map[string]func(*Node) string{
			"spec.unschedulable": func(n *Node) string { return strconv.FormatBool(n.Spec.Unschedulable) },
		},
		Columns: nodeColumns,
		Cells:   nodeCells,
	})
}
