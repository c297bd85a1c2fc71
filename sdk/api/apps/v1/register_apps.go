package v1

import (
	"strconv"

	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Register adds the kinds of apps/v1 to r: Deployment, ReplicaSet,
// DaemonSet, StatefulSet and ControllerRevision. It fails on the first kind
// r already has.
func Register(r *registry.Registry) error {
	for _, add := range []func(*registry.Registry) error{
		addDeployment, addReplicaSet, addDaemonSet, addStatefulSet, addControllerRevision,
	} {
		if err := add(r); err != nil {
			return err
		}
	}
	return nil
}

func addDeployment(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Deployment]{
		Group: GroupName, Version: Version, Kind: "Deployment",
		ShortNames: []string{"deploy"}, Categories: []string{"all"}, Namespaced: true,
		New:            func() *Deployment { return &Deployment{} },
		NewList:        func() meta.ListObject { return &DeploymentList{} },
		Default:        SetObjectDefaults_Deployment,
		Validate:       ValidateDeployment,
		ValidateUpdate: ValidateDeploymentUpdate,
		Spec:           func(o *Deployment) any { return &o.Spec },
		ResetStatus:    func(o *Deployment) { o.Status = DeploymentStatus{} },
		CopyStatus:     func(dst, src *Deployment) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *Deployment) { src.Spec.DeepCopyInto(&dst.Spec) },
		// The controller records revisions in annotations through the status
		// subresource, so they do not bump the generation (as in Kubernetes).
		StatusUpdatesAnnotations: true,
		// Annotations are copied from a Deployment to its ReplicaSets, so, as
		// in Kubernetes, changing them also bumps the generation.
		PrepareForUpdate: func(o, old *Deployment) {
			if o.Generation == old.Generation && !stringMapsEqual(o.Annotations, old.Annotations) {
				o.Generation++
			}
		},
		Columns: deploymentColumns,
		Cells:   deploymentCells,
		Scale: &registry.Scale[*Deployment]{
			SpecReplicas:    func(o *Deployment) int32 { return derefInt32(o.Spec.Replicas) },
			SetSpecReplicas: func(o *Deployment, n int32) { o.Spec.Replicas = ptrInt32(n) },
			StatusReplicas:  func(o *Deployment) int32 { return o.Status.Replicas },
			Selector:        func(o *Deployment) string { return selectorString(o.Spec.Selector) },
		},
	})
}

func addReplicaSet(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ReplicaSet]{
		Group: GroupName, Version: Version, Kind: "ReplicaSet",
		ShortNames: []string{"rs"}, Categories: []string{"all"}, Namespaced: true,
		New:            func() *ReplicaSet { return &ReplicaSet{} },
		NewList:        func() meta.ListObject { return &ReplicaSetList{} },
		Default:        SetObjectDefaults_ReplicaSet,
		Validate:       ValidateReplicaSet,
		ValidateUpdate: ValidateReplicaSetUpdate,
		Spec:           func(o *ReplicaSet) any { return &o.Spec },
		ResetStatus:    func(o *ReplicaSet) { o.Status = ReplicaSetStatus{} },
		CopyStatus:     func(dst, src *ReplicaSet) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *ReplicaSet) { src.Spec.DeepCopyInto(&dst.Spec) },
		Fields: map[string]func(*ReplicaSet) string{
			"status.replicas": func(o *ReplicaSet) string { return strconv.Itoa(int(o.Status.Replicas)) },
		},
		Columns: replicaSetColumns,
		Cells:   replicaSetCells,
		Scale: &registry.Scale[*ReplicaSet]{
			SpecReplicas:    func(o *ReplicaSet) int32 { return derefInt32(o.Spec.Replicas) },
			SetSpecReplicas: func(o *ReplicaSet, n int32) { o.Spec.Replicas = ptrInt32(n) },
			StatusReplicas:  func(o *ReplicaSet) int32 { return o.Status.Replicas },
			Selector:        func(o *ReplicaSet) string { return selectorString(o.Spec.Selector) },
		},
	})
}

func addDaemonSet(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*DaemonSet]{
		Group: GroupName, Version: Version, Kind: "DaemonSet",
		ShortNames: []string{"ds"}, Categories: []string{"all"}, Namespaced: true,
		New:            func() *DaemonSet { return &DaemonSet{} },
		NewList:        func() meta.ListObject { return &DaemonSetList{} },
		Default:        SetObjectDefaults_DaemonSet,
		Validate:       ValidateDaemonSet,
		ValidateUpdate: ValidateDaemonSetUpdate,
		Spec:           func(o *DaemonSet) any { return &o.Spec },
		ResetStatus:    func(o *DaemonSet) { o.Status = DaemonSetStatus{} },
		CopyStatus:     func(dst, src *DaemonSet) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *DaemonSet) { src.Spec.DeepCopyInto(&dst.Spec) },
		// The template generation starts at 1 and follows template changes,
		// carried in the annotation apps/v1 uses for it.
		PrepareForCreate: func(o *DaemonSet) {
			setAnnotation(&o.ObjectMeta, DeprecatedTemplateGeneration, "1")
		},
		PrepareForUpdate: func(o, old *DaemonSet) {
			gen, hasGen := templateGeneration(old)
			if !jsonEqual(&o.Spec.Template, &old.Spec.Template) {
				gen, hasGen = gen+1, true
			}
			if hasGen {
				setAnnotation(&o.ObjectMeta, DeprecatedTemplateGeneration, strconv.FormatInt(gen, 10))
			} else {
				delete(o.Annotations, DeprecatedTemplateGeneration)
			}
		},
		Columns: daemonSetColumns,
		Cells:   daemonSetCells,
	})
}

func addStatefulSet(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*StatefulSet]{
		Group: GroupName, Version: Version, Kind: "StatefulSet",
		ShortNames: []string{"sts"}, Categories: []string{"all"}, Namespaced: true,
		New:     func() *StatefulSet { return &StatefulSet{} },
		NewList: func() meta.ListObject { return &StatefulSetList{} },
		// Pod names are "<name>-<ordinal>" and hostnames: a DNS label.
		NameFunc:       validation.NameIsDNSLabel,
		Default:        SetObjectDefaults_StatefulSet,
		Validate:       ValidateStatefulSet,
		ValidateUpdate: ValidateStatefulSetUpdate,
		Spec:           func(o *StatefulSet) any { return &o.Spec },
		ResetStatus:    func(o *StatefulSet) { o.Status = StatefulSetStatus{} },
		CopyStatus:     func(dst, src *StatefulSet) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *StatefulSet) { src.Spec.DeepCopyInto(&dst.Spec) },
		Columns:        statefulSetColumns,
		Cells:          statefulSetCells,
		Scale: &registry.Scale[*StatefulSet]{
			SpecReplicas:    func(o *StatefulSet) int32 { return derefInt32(o.Spec.Replicas) },
			SetSpecReplicas: func(o *StatefulSet, n int32) { o.Spec.Replicas = ptrInt32(n) },
			StatusReplicas:  func(o *StatefulSet) int32 { return o.Status.Replicas },
			Selector:        func(o *StatefulSet) string { return selectorString(o.Spec.Selector) },
		},
	})
}

func addControllerRevision(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*ControllerRevision]{
		Group: GroupName, Version: Version, Kind: "ControllerRevision",
		Namespaced:     true,
		New:            func() *ControllerRevision { return &ControllerRevision{} },
		NewList:        func() meta.ListObject { return &ControllerRevisionList{} },
		Validate:       ValidateControllerRevision,
		ValidateUpdate: ValidateControllerRevisionUpdate,
		Columns:        controllerRevisionColumns,
		Cells:          controllerRevisionCells,
	})
}

// selectorString renders a structured selector in the string form the scale
// subresource reports (status.selector); "" when it is invalid or nil.
func selectorString(s *meta.LabelSelector) string {
	sel, err := labels.FromLabelSelector(s)
	if err != nil {
		return ""
	}
	return sel.String()
}

func templateGeneration(ds *DaemonSet) (int64, bool) {
	v, ok := ds.Annotations[DeprecatedTemplateGeneration]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, true
	}
	return n, true
}

func setAnnotation(m *meta.ObjectMeta, key, value string) {
	if m.Annotations == nil {
		m.Annotations = map[string]string{}
	}
	m.Annotations[key] = value
}

func stringMapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}
