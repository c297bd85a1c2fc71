package v1

import (
	"strconv"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// addPod registers Pod as Kubernetes 1.32 serves it: namespaced, short name
// "po", category "all", a status subresource, no generation (pods have none
// in 1.32), Kubernetes' pod field selectors and kubectl's pod table.
//
// The API server binds pods through the binding subresource (which sets
// spec.nodeName without going through ValidatePodUpdate, as Kubernetes does).
func addPod(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Pod]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "Pod",
		Resource:   "pods",
		ShortNames: []string{"po"},
		Categories: []string{"all"},
		Namespaced: true,
		New:        func() *Pod { return &Pod{} },
		NewList:    func() meta.ListObject { return &PodList{} },

		Default:        SetObjectDefaults_Pod,
		Validate:       ValidatePod,
		ValidateUpdate: ValidatePodUpdate,

		ResetStatus:      func(p *Pod) { p.Status = PodStatus{} },
		CopyStatus:       func(dst, src *Pod) { dst.Status = *src.Status.DeepCopy() },
		CopySpec:         copyPodSpecForStatusUpdate,
		PrepareForCreate: PreparePodForCreate,

		Fields: map[string]func(*Pod) string{
			"spec.nodeName":            func(p *Pod) string { return p.Spec.NodeName },
			"spec.restartPolicy":       func(p *Pod) string { return string(p.Spec.RestartPolicy) },
			"spec.schedulerName":       func(p *Pod) string { return p.Spec.SchedulerName },
			"spec.serviceAccountName":  func(p *Pod) string { return p.Spec.ServiceAccountName },
			"spec.hostNetwork":         func(p *Pod) string { return strconv.FormatBool(p.Spec.HostNetwork) },
			"status.phase":             func(p *Pod) string { return string(p.Status.Phase) },
			"status.podIP":             podIPField,
			"status.nominatedNodeName": func(p *Pod) string { return p.Status.NominatedNodeName },
		},
		Columns: podColumns,
		Cells:   podCells,
	})
}

func podIPField(p *Pod) string {
	if len(p.Status.PodIPs) > 0 {
		return p.Status.PodIPs[0].IP
	}
	return p.Status.PodIP
}

// PreparePodForCreate sets what the server sets on a new pod, as
// Kubernetes' pod strategy does: status {phase: Pending, qosClass:
// computed}; a PodScheduled=False condition with reason SchedulingGated
// when the pod has scheduling gates; and the pod affinity terms'
// matchLabelKeys and mismatchLabelKeys merged into their label selectors
// from the pod's labels. It expects a defaulted pod.
func PreparePodForCreate(pod *Pod) {
	pod.Status = PodStatus{Phase: PodPending, QOSClass: ComputeQOSClass(pod)}
	if len(pod.Spec.SchedulingGates) > 0 {
		pod.Status.Conditions = append(pod.Status.Conditions, PodCondition{
			Type:    PodScheduled,
			Status:  ConditionFalse,
			Reason:  PodReasonSchedulingGated,
			Message: "Scheduling is blocked due to non-empty scheduling gates",
		})
	}
	mergeAffinityLabelKeys(pod)
}

// copyPodSpecForStatusUpdate keeps the stored spec on a status write and,
// as Kubernetes does, the stored QoS class when the writer dropped it.
func copyPodSpecForStatusUpdate(dst, src *Pod) {
	dst.Spec = *src.Spec.DeepCopy()
	if dst.Status.QOSClass == "" {
		dst.Status.QOSClass = src.Status.QOSClass
	}
}

// addPodTemplate registers PodTemplate: namespaced, a generation bumped when
// the template changes, and kubectl's podtemplate table.
func addPodTemplate(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*PodTemplate]{
		Group:      GroupName,
		Version:    Version,
		Kind:       "PodTemplate",
		Resource:   "podtemplates",
		Namespaced: true,
		New:        func() *PodTemplate { return &PodTemplate{} },
		NewList:    func() meta.ListObject { return &PodTemplateList{} },
		Default:    SetObjectDefaults_PodTemplate,
		Validate:   ValidatePodTemplate,
		Spec:       func(t *PodTemplate) any { return &t.Template },
		Columns:    podTemplateColumns,
		Cells:      podTemplateCells,
	})
}
