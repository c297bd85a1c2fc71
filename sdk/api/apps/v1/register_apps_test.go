package v1

import (
	"testing"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/google/go-cmp/cmp"
)

func TestRegisterKinds(t *testing.T) {
	r := newRegistry(t)
	type info struct {
		Resource, ListKind string
		ShortNames         []string
		Categories         []string
		Namespaced, Status bool
		Scale              bool
	}
	want := map[string]info{
		"Deployment":         {"deployments", "DeploymentList", []string{"deploy"}, []string{"all"}, true, true, true},
		"ReplicaSet":         {"replicasets", "ReplicaSetList", []string{"rs"}, []string{"all"}, true, true, true},
		"DaemonSet":          {"daemonsets", "DaemonSetList", []string{"ds"}, []string{"all"}, true, true, false},
		"StatefulSet":        {"statefulsets", "StatefulSetList", []string{"sts"}, []string{"all"}, true, true, true},
		"ControllerRevision": {"controllerrevisions", "ControllerRevisionList", nil, nil, true, false, false},
	}
	for kind, w := range want {
		k := kindOf(t, r, kind)
		got := info{k.Resource(), k.ListKind(), k.ShortNames(), k.Categories(), k.Namespaced(), k.HasStatus(), k.HasScale()}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", kind, diff)
		}
		if k.APIVersion() != "apps/v1" {
			t.Errorf("%s apiVersion = %q", kind, k.APIVersion())
		}
	}
	if err := Register(r); err == nil {
		t.Error("registering twice succeeded, want a duplicate error")
	}
}

// create runs the create preparation and returns the object as stored.
func create[T meta.Object](t *testing.T, k *registry.Kind, obj T) T {
	t.Helper()
	k.PrepareForCreate(obj)
	if errs := k.Validate(obj); len(errs) != 0 {
		t.Fatalf("Validate: %v", messages(errs))
	}
	return obj
}

func TestDeploymentStrategy(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "Deployment")
	stored := defaulted[*Deployment](t, r, "Deployment", nginxDeploymentYAML)
	stored.Status = DeploymentStatus{Replicas: 7}
	stored = create(t, k, stored)
	if stored.Generation != 1 || stored.Status.Replicas != 0 {
		t.Fatalf("after create: generation %d, status %+v; want 1 and a reset status", stored.Generation, stored.Status)
	}
	stored.Status = DeploymentStatus{Replicas: 3, ReadyReplicas: 2, AvailableReplicas: 2, ObservedGeneration: 1}

	t.Run("spec change bumps generation, keeps status", func(t *testing.T) {
		upd := stored.DeepCopy()
		upd.Spec.Replicas = ptrInt32(5)
		upd.Status = DeploymentStatus{}
		k.PrepareForUpdate(upd, stored)
		if upd.Generation != 2 || upd.Status.Replicas != 3 {
			t.Errorf("generation %d, status.replicas %d; want 2 and 3", upd.Generation, upd.Status.Replicas)
		}
	})
	t.Run("annotation change bumps generation", func(t *testing.T) {
		upd := stored.DeepCopy()
		upd.Annotations = map[string]string{ChangeCauseAnnotation: "kubectl set image"}
		k.PrepareForUpdate(upd, stored)
		if upd.Generation != 2 {
			t.Errorf("generation %d, want 2", upd.Generation)
		}
	})
	t.Run("label change does not", func(t *testing.T) {
		upd := stored.DeepCopy()
		upd.Labels["team"] = "web"
		k.PrepareForUpdate(upd, stored)
		if upd.Generation != 1 {
			t.Errorf("generation %d, want 1", upd.Generation)
		}
	})
	t.Run("status update keeps spec and generation", func(t *testing.T) {
		upd := stored.DeepCopy()
		upd.Spec.Replicas = ptrInt32(9)
		upd.Status.UpdatedReplicas = 3
		k.PrepareForStatusUpdate(upd, stored)
		if derefInt32(upd.Spec.Replicas) != 3 || upd.Status.UpdatedReplicas != 3 || upd.Generation != 1 {
			t.Errorf("spec.replicas %d, status.updatedReplicas %d, generation %d; want 3, 3, 1",
				derefInt32(upd.Spec.Replicas), upd.Status.UpdatedReplicas, upd.Generation)
		}
	})
	t.Run("scale", func(t *testing.T) {
		n, ok := k.ScaleSpecReplicas(stored)
		replicas, selector, ok2 := k.ScaleStatus(stored)
		if !ok || !ok2 || n != 3 || replicas != 3 || selector != "app=nginx" {
			t.Errorf("scale: spec %d, status %d, selector %q", n, replicas, selector)
		}
		upd := stored.DeepCopy()
		k.SetScaleSpecReplicas(upd, 10)
		if derefInt32(upd.Spec.Replicas) != 10 {
			t.Errorf("SetScaleSpecReplicas: replicas %d", derefInt32(upd.Spec.Replicas))
		}
	})
}

func TestValidateDeploymentUpdate(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "Deployment")
	old := create(t, k, defaulted[*Deployment](t, r, "Deployment", nginxDeploymentYAML))
	old.Status.CollisionCount = ptrInt32(2)
	tests := []struct {
		name   string
		mutate func(d *Deployment)
		want   []string
	}{
		{name: "template change", mutate: func(d *Deployment) { d.Spec.Template.Spec.Containers[0].Image = "nginx:1.16.1" }},
		{
			name: "selector is immutable",
			mutate: func(d *Deployment) {
				d.Spec.Selector.MatchLabels["tier"] = "web"
				d.Spec.Template.Labels["tier"] = "web"
			},
			want: []string{`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"app":"nginx", "tier":"web"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: field is immutable`},
		},
		{
			name: "status counters",
			mutate: func(d *Deployment) {
				d.Status.Replicas = 1
				d.Status.ReadyReplicas = 2
				d.Status.CollisionCount = ptrInt32(1)
			},
			want: []string{
				"status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
				"status.collisionCount: Invalid value: 1: cannot be decremented",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			upd := old.DeepCopy()
			tc.mutate(upd)
			if diff := cmp.Diff(tc.want, messages(k.ValidateUpdate(upd, old))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplicaSetUpdateAndFields(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "ReplicaSet")
	old := create(t, k, defaulted[*ReplicaSet](t, r, "ReplicaSet", frontendReplicaSetYAML))
	upd := old.DeepCopy()
	upd.Spec.Selector.MatchLabels["tier"] = "backend"
	upd.Spec.Template.Labels["tier"] = "backend"
	want := []string{`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"tier":"backend"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: field is immutable`}
	if diff := cmp.Diff(want, messages(k.ValidateUpdate(upd, old))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	old.Status.Replicas = 3
	if v, ok := k.FieldValue(old, "status.replicas"); !ok || v != "3" {
		t.Errorf("field status.replicas = %q, %v", v, ok)
	}
	if _, sel, _ := k.ScaleStatus(old); sel != "tier=frontend" {
		t.Errorf("scale selector %q", sel)
	}
}

func TestDaemonSetTemplateGeneration(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "DaemonSet")
	old := create(t, k, defaulted[*DaemonSet](t, r, "DaemonSet", fluentdDaemonSetYAML))
	if got := old.Annotations[DeprecatedTemplateGeneration]; got != "1" {
		t.Fatalf("template generation after create = %q, want 1", got)
	}

	same := old.DeepCopy()
	same.Spec.MinReadySeconds = 5
	k.PrepareForUpdate(same, old)
	if got := same.Annotations[DeprecatedTemplateGeneration]; got != "1" || same.Generation != 2 {
		t.Errorf("spec-only change: template generation %q, generation %d; want 1 and 2", got, same.Generation)
	}

	changed := old.DeepCopy()
	changed.Spec.Template.Spec.Containers[0].Image = "quay.io/fluentd_elasticsearch/fluentd:v2.6.0"
	delete(changed.Annotations, DeprecatedTemplateGeneration) // a client cannot drop it
	k.PrepareForUpdate(changed, old)
	if got := changed.Annotations[DeprecatedTemplateGeneration]; got != "2" || changed.Generation != 2 {
		t.Errorf("template change: template generation %q, generation %d; want 2 and 2", got, changed.Generation)
	}

	sel := old.DeepCopy()
	sel.Spec.Selector.MatchLabels["name"] = "fluentd"
	sel.Spec.Template.Labels["name"] = "fluentd"
	want := []string{`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"name":"fluentd"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: field is immutable`}
	if diff := cmp.Diff(want, messages(k.ValidateUpdate(sel, old))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidateStatefulSetUpdate(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "StatefulSet")
	old := create(t, k, defaulted[*StatefulSet](t, r, "StatefulSet", webStatefulSetYAML))
	forbidden := []string{"spec: Forbidden: " + statefulSetSpecMsg}
	tests := []struct {
		name   string
		mutate func(s *StatefulSet)
		want   []string
	}{
		{name: "replicas", mutate: func(s *StatefulSet) { s.Spec.Replicas = ptrInt32(5) }},
		{name: "template", mutate: func(s *StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "nginx:1.27" }},
		{name: "updateStrategy", mutate: func(s *StatefulSet) {
			s.Spec.UpdateStrategy = StatefulSetUpdateStrategy{Type: OnDeleteStatefulSetStrategyType}
		}},
		{name: "minReadySeconds", mutate: func(s *StatefulSet) { s.Spec.MinReadySeconds = 30 }},
		{name: "ordinals", mutate: func(s *StatefulSet) { s.Spec.Ordinals = &StatefulSetOrdinals{Start: 1} }},
		{name: "retention policy", mutate: func(s *StatefulSet) {
			s.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted = DeletePersistentVolumeClaimRetentionPolicyType
		}},
		{name: "serviceName", mutate: func(s *StatefulSet) { s.Spec.ServiceName = "web" }, want: forbidden},
		{name: "podManagementPolicy", mutate: func(s *StatefulSet) { s.Spec.PodManagementPolicy = ParallelPodManagement }, want: forbidden},
		{name: "revisionHistoryLimit", mutate: func(s *StatefulSet) { s.Spec.RevisionHistoryLimit = ptrInt32(3) }, want: forbidden},
		{name: "volumeClaimTemplates", mutate: func(s *StatefulSet) {
			s.Spec.VolumeClaimTemplates[0].Spec.StorageClassName = nil
		}, want: forbidden},
		{name: "selector", mutate: func(s *StatefulSet) {
			s.Spec.Selector.MatchLabels["app"] = "web"
			s.Spec.Template.Labels["app"] = "web"
		}, want: forbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			upd := old.DeepCopy()
			tc.mutate(upd)
			if diff := cmp.Diff(tc.want, messages(k.ValidateUpdate(upd, old))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestControllerRevisionDataImmutable(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "ControllerRevision")
	old := decodeManifest(t, r, controllerRevisionYAML).(*ControllerRevision)
	reformatted := old.DeepCopy()
	reformatted.Data.Raw = append([]byte(" "), old.Data.Raw...)
	if errs := k.ValidateUpdate(reformatted, old); len(errs) != 0 {
		t.Errorf("whitespace-only change: %v", messages(errs))
	}
	changed := old.DeepCopy()
	changed.Data.Raw = []byte(`{"spec":{}}`)
	changed.Revision = 2
	want := []string{"data: Invalid value: field is immutable"}
	if diff := cmp.Diff(want, messages(k.ValidateUpdate(changed, old))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
