package v1

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// wlKind registers one kind with add and returns it.
func wlKind(t *testing.T, add func(*registry.Registry) error, kind string) *registry.Kind {
	t.Helper()
	r := registry.New()
	if err := add(r); err != nil {
		t.Fatalf("register %s: %v", kind, err)
	}
	k, ok := r.KindFor(meta.GroupVersionKind{Version: "v1", Kind: kind})
	if !ok {
		t.Fatalf("kind %s not registered", kind)
	}
	return k
}

func TestPodRegistration(t *testing.T) {
	k := wlKind(t, addPod, "Pod")
	if k.Resource() != "pods" || !k.Namespaced() || !k.HasStatus() || k.HasScale() || k.AllowCreateOnUpdate() {
		t.Errorf("pods: resource %q namespaced %v status %v scale %v createOnUpdate %v",
			k.Resource(), k.Namespaced(), k.HasStatus(), k.HasScale(), k.AllowCreateOnUpdate())
	}
	if d := cmp.Diff([]string{"po"}, k.ShortNames()); d != "" {
		t.Errorf("short names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"all"}, k.Categories()); d != "" {
		t.Errorf("categories (-want +got):\n%s", d)
	}
	wantFields := []string{"metadata.name", "metadata.namespace", "spec.hostNetwork", "spec.nodeName", "spec.restartPolicy",
		"spec.schedulerName", "spec.serviceAccountName", "status.nominatedNodeName", "status.phase", "status.podIP"}
	if d := cmp.Diff(wantFields, k.FieldLabels()); d != "" {
		t.Errorf("field selectors (-want +got):\n%s", d)
	}
	pod := wlValidPod(func(p *Pod) {
		p.Spec.NodeName = "node-1"
		p.Status = PodStatus{Phase: PodRunning, PodIPs: []PodIP{{IP: "10.42.0.9"}}, PodIP: "10.42.0.9"}
	})
	for name, want := range map[string]string{
		"spec.nodeName": "node-1", "spec.restartPolicy": "Always", "spec.schedulerName": "default-scheduler",
		"spec.serviceAccountName": "default", "spec.hostNetwork": "false", "status.phase": "Running",
		"status.podIP": "10.42.0.9", "status.nominatedNodeName": "", "metadata.namespace": "default",
	} {
		if got, ok := k.FieldValue(pod, name); !ok || got != want {
			t.Errorf("FieldValue(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestPodStrategy(t *testing.T) {
	k := wlKind(t, addPod, "Pod")

	t.Run("create", func(t *testing.T) {
		pod := &Pod{
			ObjectMeta: meta.ObjectMeta{Name: "p", Namespace: "default", Labels: map[string]string{"app": "web", "hash": "abc"}},
			Spec: PodSpec{
				Containers: []Container{{Name: "c", Image: "x:1", Resources: ResourceRequirements{
					Limits: ResourceList{ResourceCPU: resource.MustParse("1"), ResourceMemory: resource.MustParse("1Gi")}}}},
				SchedulingGates: []PodSchedulingGate{{Name: "example.com/quota"}},
				Affinity: &Affinity{PodAntiAffinity: &PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []PodAffinityTerm{{
					LabelSelector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
					TopologyKey:   LabelHostname, MatchLabelKeys: []string{"hash", "missing"}, MismatchLabelKeys: []string{"app"},
				}}}},
			},
			Status: PodStatus{Phase: PodRunning, PodIP: "1.2.3.4"},
		}
		k.Default(pod)
		k.PrepareForCreate(pod)
		want := PodStatus{Phase: PodPending, QOSClass: PodQOSGuaranteed, Conditions: []PodCondition{{
			Type: PodScheduled, Status: ConditionFalse, Reason: PodReasonSchedulingGated,
			Message: "Scheduling is blocked due to non-empty scheduling gates",
		}}}
		if d := cmp.Diff(want, pod.Status); d != "" {
			t.Errorf("status (-want +got):\n%s", d)
		}
		if pod.Generation != 0 {
			t.Errorf("generation = %d; pods have none in Kubernetes 1.32", pod.Generation)
		}
		sel := pod.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].LabelSelector
		wantSel := &meta.LabelSelector{MatchLabels: map[string]string{"app": "web"}, MatchExpressions: []meta.LabelSelectorRequirement{
			{Key: "hash", Operator: meta.LabelSelectorOpIn, Values: []string{"abc"}},
			{Key: "app", Operator: meta.LabelSelectorOpNotIn, Values: []string{"web"}},
		}}
		if d := cmp.Diff(wantSel, sel); d != "" {
			t.Errorf("merged selector (-want +got):\n%s", d)
		}
		if errs := k.Validate(pod); len(errs) != 0 {
			t.Errorf("Validate after PrepareForCreate: %v", wlErrStrings(errs))
		}
	})

	t.Run("update keeps status, no generation bump", func(t *testing.T) {
		old := wlValidPod(func(p *Pod) { p.Status = PodStatus{Phase: PodRunning, QOSClass: PodQOSBestEffort} })
		pod := old.DeepCopy()
		pod.Spec.Containers[0].Image = "nginx:1.28"
		pod.Status = PodStatus{Phase: PodFailed}
		k.PrepareForUpdate(pod, old)
		if pod.Status.Phase != PodRunning || pod.Generation != 0 {
			t.Errorf("after PrepareForUpdate: phase %s generation %d", pod.Status.Phase, pod.Generation)
		}
		if errs := k.ValidateUpdate(pod, old); len(errs) != 0 {
			t.Errorf("ValidateUpdate: %v", wlErrStrings(errs))
		}
	})

	t.Run("status update keeps spec and QoS", func(t *testing.T) {
		old := wlValidPod(func(p *Pod) {
			p.ResourceVersion = "5"
			p.Status = PodStatus{Phase: PodPending, QOSClass: PodQOSBestEffort}
		})
		pod := old.DeepCopy()
		pod.ResourceVersion = "6"
		pod.Labels = map[string]string{"changed": "yes"}
		pod.Spec.NodeName = "sneaky"
		pod.Status = PodStatus{Phase: PodRunning, PodIP: "10.0.0.1"}
		k.PrepareForStatusUpdate(pod, old)
		if pod.Spec.NodeName != "" || pod.Labels["changed"] != "" {
			t.Errorf("status update changed spec or metadata: nodeName %q labels %v", pod.Spec.NodeName, pod.Labels)
		}
		if pod.Status.Phase != PodRunning || pod.Status.QOSClass != PodQOSBestEffort || pod.ResourceVersion != "6" {
			t.Errorf("status = %+v, resourceVersion %s", pod.Status, pod.ResourceVersion)
		}
		if errs := k.ValidateUpdate(pod, old); len(errs) != 0 {
			t.Errorf("ValidateUpdate: %v", wlErrStrings(errs))
		}
	})
}

func TestComputeQOSClass(t *testing.T) {
	rl := func(kv ...string) ResourceList {
		out := ResourceList{}
		for i := 0; i < len(kv); i += 2 {
			out[ResourceName(kv[i])] = resource.MustParse(kv[i+1])
		}
		return out
	}
	c := func(req, lim ResourceList) Container {
		return Container{Name: "c", Resources: ResourceRequirements{Requests: req, Limits: lim}}
	}
	for _, tc := range []struct {
		name string
		init []Container
		cs   []Container
		want PodQOSClass
	}{
		{"nothing set", nil, []Container{c(nil, nil)}, PodQOSBestEffort},
		{"only zero quantities", nil, []Container{c(rl("cpu", "0"), rl("memory", "0"))}, PodQOSBestEffort},
		{"only extended resources", nil, []Container{c(rl("example.com/gpu", "1"), rl("example.com/gpu", "1"))}, PodQOSBestEffort},
		{"requests equal limits", nil, []Container{c(rl("cpu", "1", "memory", "1Gi"), rl("cpu", "1", "memory", "1Gi"))}, PodQOSGuaranteed},
		{"equal by value", nil, []Container{c(rl("cpu", "1000m", "memory", "1024Mi"), rl("cpu", "1", "memory", "1Gi"))}, PodQOSGuaranteed},
		{"limits only, requests not defaulted", nil, []Container{c(nil, rl("cpu", "1", "memory", "1Gi"))}, PodQOSBurstable},
		{"requests below limits", nil, []Container{c(rl("cpu", "500m", "memory", "1Gi"), rl("cpu", "1", "memory", "1Gi"))}, PodQOSBurstable},
		{"memory limit missing", nil, []Container{c(rl("cpu", "1"), rl("cpu", "1"))}, PodQOSBurstable},
		{"one container best effort", nil, []Container{c(rl("cpu", "1", "memory", "1Gi"), rl("cpu", "1", "memory", "1Gi")), c(nil, nil)}, PodQOSBurstable},
		{"init container counts", []Container{c(rl("cpu", "1"), nil)}, []Container{c(nil, nil)}, PodQOSBurstable},
		{"guaranteed with init containers", []Container{c(rl("cpu", "2", "memory", "1Gi"), rl("cpu", "2", "memory", "1Gi"))},
			[]Container{c(rl("cpu", "1", "memory", "1Gi"), rl("cpu", "1", "memory", "1Gi"))}, PodQOSGuaranteed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pod := &Pod{Spec: PodSpec{InitContainers: tc.init, Containers: tc.cs}}
			if got := ComputeQOSClass(pod); got != tc.want {
				t.Errorf("ComputeQOSClass = %s, want %s", got, tc.want)
			}
			if got := GetPodQOS(pod); got != tc.want {
				t.Errorf("GetPodQOS = %s, want %s", got, tc.want)
			}
		})
	}
	// Defaulting requests from limits makes a limits-only pod Guaranteed.
	pod := &Pod{Spec: PodSpec{Containers: []Container{c(nil, rl("cpu", "1", "memory", "1Gi"))}}}
	SetObjectDefaults_Pod(pod)
	if got := ComputeQOSClass(pod); got != PodQOSGuaranteed {
		t.Errorf("defaulted limits-only pod: %s, want Guaranteed", got)
	}
	pod.Status.QOSClass = PodQOSBurstable
	if got := GetPodQOS(pod); got != PodQOSBurstable {
		t.Errorf("GetPodQOS ignores status: %s", got)
	}
}

func TestPodTemplateRegistration(t *testing.T) {
	k := wlKind(t, addPodTemplate, "PodTemplate")
	if k.Resource() != "podtemplates" || !k.Namespaced() || len(k.ShortNames()) != 0 || len(k.Categories()) != 0 {
		t.Errorf("podtemplates: %q namespaced %v short %v categories %v", k.Resource(), k.Namespaced(), k.ShortNames(), k.Categories())
	}
	pt := &PodTemplate{ObjectMeta: meta.ObjectMeta{Name: "t", Namespace: "default"}, Template: PodTemplateSpec{
		Spec: PodSpec{Containers: []Container{{Name: "c", Image: "x"}}},
	}}
	k.Default(pt)
	if errs := k.Validate(pt); len(errs) != 0 {
		t.Fatalf("Validate: %v", wlErrStrings(errs))
	}
	k.PrepareForCreate(pt)
	if pt.Generation != 1 {
		t.Errorf("generation after create = %d, want 1", pt.Generation)
	}
	upd := pt.DeepCopy()
	upd.Template.Spec.Containers[0].Image = "y"
	k.PrepareForUpdate(upd, pt)
	if upd.Generation != 2 {
		t.Errorf("generation after template change = %d, want 2", upd.Generation)
	}
	bad := pt.DeepCopy()
	bad.Template.Spec.Containers[0].Name = ""
	if got := wlErrStrings(k.Validate(bad)); len(got) != 1 || got[0] != "template.spec.containers[0].name: Required value" {
		t.Errorf("Validate = %q", got)
	}
}
