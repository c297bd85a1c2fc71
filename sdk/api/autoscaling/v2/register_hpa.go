package v2

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of autoscaling/v2 to r: HorizontalPodAutoscaler.
// It fails when r already has it.
func Register(r *registry.Registry) error {
	return addHorizontalPodAutoscaler(r)
}

func addHorizontalPodAutoscaler(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*HorizontalPodAutoscaler]{
		Group: GroupName, Version: Version, Kind: "HorizontalPodAutoscaler",
		ShortNames: []string{"hpa"}, Categories: []string{"all"}, Namespaced: true,
		New:            func() *HorizontalPodAutoscaler { return &HorizontalPodAutoscaler{} },
		NewList:        func() meta.ListObject { return &HorizontalPodAutoscalerList{} },
		Default:        SetObjectDefaults_HorizontalPodAutoscaler,
		Validate:       ValidateHorizontalPodAutoscaler,
		ValidateUpdate: ValidateHorizontalPodAutoscalerUpdate,
		// Kubernetes does not track an autoscaler's generation; Gantry does,
		// so that status.observedGeneration means something.
		Spec:        func(o *HorizontalPodAutoscaler) any { return &o.Spec },
		ResetStatus: func(o *HorizontalPodAutoscaler) { o.Status = HorizontalPodAutoscalerStatus{} },
		CopyStatus:  func(dst, src *HorizontalPodAutoscaler) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:    func(dst, src *HorizontalPodAutoscaler) { src.Spec.DeepCopyInto(&dst.Spec) },
		Columns:     hpaColumns,
		Cells:       hpaCells,
	})
}
