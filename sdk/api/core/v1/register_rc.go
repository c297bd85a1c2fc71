package v1

import (
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addReplicationController registers ReplicationController: namespaced,
// short name "rc", category "all", generation bumped on spec changes,
// status and scale subresources, kubectl's table.
func addReplicationController(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ReplicationController]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "ReplicationController",
		Resource:   "replicationcontrollers",
		ShortNames: []string{"rc"},
		Categories: []string{"all"},
		Namespaced: true,
		New:        func() *ReplicationController { return &ReplicationController{} },
		NewList:    func() meta.ListObject { return &ReplicationControllerList{} },

		Default:        SetObjectDefaults_ReplicationController,
		Validate:       ValidateReplicationController,
		ValidateUpdate: ValidateReplicationControllerUpdate,

		Spec:        func(rc *ReplicationController) any { return &rc.Spec },
		ResetStatus: func(rc *ReplicationController) { rc.Status = ReplicationControllerStatus{} },
		CopyStatus:  func(dst, src *ReplicationController) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:    func(dst, src *ReplicationController) { dst.Spec = *src.Spec.DeepCopy() },

		Columns: replicationControllerColumns,
		Cells:   replicationControllerCells,
		Scale: &registry.Scale[*ReplicationController]{
			SpecReplicas: func(rc *ReplicationController) int32 {
				if rc.Spec.Replicas == nil {
					return 1
				}
				return *rc.Spec.Replicas
			},
			SetSpecReplicas: func(rc *ReplicationController, n int32) { rc.Spec.Replicas = &n },
			StatusReplicas:  func(rc *ReplicationController) int32 { return rc.Status.Replicas },
			Selector: func(rc *ReplicationController) string {
				return labels.SelectorFromSet(rc.Spec.Selector).String()
			},
		},
	})
}
