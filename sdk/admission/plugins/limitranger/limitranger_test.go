package limitranger_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/limitranger"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

var limitRanges = meta.GroupVersionResource{Version: "v1", Resource: "limitranges"}

func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func container(name string, requests, limits corev1.ResourceList) corev1.Container {
	return corev1.Container{Name: name, Image: "busybox", Resources: corev1.ResourceRequirements{Requests: requests, Limits: limits}}
}

func pod(containers ...corev1.Container) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"},
		Spec:       corev1.PodSpec{Containers: containers},
	}
}

func limitRange(name string, items ...corev1.LimitRangeItem) *corev1.LimitRange {
	return &corev1.LimitRange{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: name},
		Spec:       corev1.LimitRangeSpec{Limits: items},
	}
}

// admit runs the plugin as the API server does: Admit, then Validate.
func admit(t *testing.T, h *admissiontest.FakeHost, a *admission.Attributes) error {
	t.Helper()
	p, err := limitranger.New(h.Host(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.(admission.Handler).Handles(a.Operation) {
		return nil
	}
	if err := p.(admission.Mutator).Admit(context.Background(), a); err != nil {
		return err
	}
	return p.(admission.Validator).Validate(context.Background(), a)
}

func TestDefaults(t *testing.T) {
	defaults := limitRange("defaults", corev1.LimitRangeItem{
		Type:           corev1.LimitTypeContainer,
		Default:        rl("cpu", "500m", "memory", "512Mi"),
		DefaultRequest: rl("cpu", "100m", "memory", "128Mi"),
	})
	tests := []struct {
		name            string
		ranges          []meta.Object
		pod             *corev1.Pod
		wantContainers  []corev1.ResourceRequirements
		wantInit        []corev1.ResourceRequirements
		wantAnnotations map[string]string
	}{
		{
			name:           "no limit range leaves the pod alone",
			pod:            pod(container("web", nil, nil)),
			wantContainers: []corev1.ResourceRequirements{{}},
		},
		{
			name:   "container without resources gets defaults",
			ranges: []meta.Object{defaults},
			pod:    pod(container("web", nil, nil)),
			wantContainers: []corev1.ResourceRequirements{{
				Requests: rl("cpu", "100m", "memory", "128Mi"),
				Limits:   rl("cpu", "500m", "memory", "512Mi"),
			}},
			wantAnnotations: map[string]string{limitranger.AnnotationKey: "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web"},
		},
		{
			name:   "values set by the pod are kept",
			ranges: []meta.Object{defaults},
			pod:    pod(container("web", rl("cpu", "200m"), rl("cpu", "400m", "memory", "256Mi"))),
			wantContainers: []corev1.ResourceRequirements{{
				Requests: rl("cpu", "200m", "memory", "128Mi"),
				Limits:   rl("cpu", "400m", "memory", "256Mi"),
			}},
			wantAnnotations: map[string]string{limitranger.AnnotationKey: "LimitRanger plugin set: memory request for container web"},
		},
		{
			name:   "init containers get defaults too",
			ranges: []meta.Object{defaults},
			pod: func() *corev1.Pod {
				p := pod(container("web", rl("cpu", "100m", "memory", "128Mi"), rl("cpu", "500m", "memory", "512Mi")))
				p.Spec.InitContainers = []corev1.Container{container("setup", nil, nil)}
				return p
			}(),
			wantContainers: []corev1.ResourceRequirements{{
				Requests: rl("cpu", "100m", "memory", "128Mi"),
				Limits:   rl("cpu", "500m", "memory", "512Mi"),
			}},
			wantInit: []corev1.ResourceRequirements{{
				Requests: rl("cpu", "100m", "memory", "128Mi"),
				Limits:   rl("cpu", "500m", "memory", "512Mi"),
			}},
			wantAnnotations: map[string]string{limitranger.AnnotationKey: "LimitRanger plugin set: cpu, memory request for init container setup; cpu, memory limit for init container setup"},
		},
		{
			name: "Pod items give no defaults",
			ranges: []meta.Object{limitRange("pod", corev1.LimitRangeItem{
				Type: corev1.LimitTypePod, Default: rl("cpu", "1"),
			})},
			pod:            pod(container("web", nil, nil)),
			wantContainers: []corev1.ResourceRequirements{{Requests: corev1.ResourceList{}, Limits: corev1.ResourceList{}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := admissiontest.NewFakeHost()
			for _, r := range tt.ranges {
				h.Add(limitRanges, r)
			}
			p := tt.pod.DeepCopyObject().(*corev1.Pod)
			if err := admit(t, h, admissiontest.Create(admissiontest.Pods, "Pod", p)); err != nil {
				t.Fatalf("admission: %v", err)
			}
			var gotContainers, gotInit []corev1.ResourceRequirements
			for _, c := range p.Spec.Containers {
				gotContainers = append(gotContainers, c.Resources)
			}
			for _, c := range p.Spec.InitContainers {
				gotInit = append(gotInit, c.Resources)
			}
			if diff := cmp.Diff(tt.wantContainers, gotContainers); diff != "" {
				t.Errorf("containers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantInit, gotInit); diff != "" {
				t.Errorf("init containers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantAnnotations, p.Annotations); diff != "" {
				t.Errorf("annotations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	container1 := func(item corev1.LimitRangeItem) []meta.Object {
		item.Type = corev1.LimitTypeContainer
		return []meta.Object{limitRange("limits", item)}
	}
	podItem := func(item corev1.LimitRangeItem) []meta.Object {
		item.Type = corev1.LimitTypePod
		return []meta.Object{limitRange("limits", item)}
	}
	forbidden := func(msg string) admissiontest.Outcome {
		return admissiontest.Forbidden(`pods "web" is forbidden: ` + msg)
	}
	tests := []struct {
		name   string
		ranges []meta.Object
		pod    *corev1.Pod
		want   admissiontest.Outcome
	}{
		{"within min and max", container1(corev1.LimitRangeItem{Min: rl("cpu", "100m"), Max: rl("cpu", "1")}),
			pod(container("web", rl("cpu", "200m"), rl("cpu", "500m"))), admissiontest.Outcome{}},
		{"request below min", container1(corev1.LimitRangeItem{Min: rl("cpu", "100m")}),
			pod(container("web", rl("cpu", "50m"), nil)), forbidden("minimum cpu usage per Container is 100m, but request is 50m")},
		{"no request with min", container1(corev1.LimitRangeItem{Min: rl("memory", "64Mi")}),
			pod(container("web", nil, nil)), forbidden("minimum memory usage per Container is 64Mi.  No request is specified")},
		{"limit below min", container1(corev1.LimitRangeItem{Min: rl("cpu", "100m")}),
			pod(container("web", rl("cpu", "100m"), rl("cpu", "50m"))), forbidden("minimum cpu usage per Container is 100m, but limit is 50m")},
		{"limit above max", container1(corev1.LimitRangeItem{Max: rl("memory", "1Gi")}),
			pod(container("web", rl("memory", "512Mi"), rl("memory", "2Gi"))), forbidden("maximum memory usage per Container is 1Gi, but limit is 2Gi")},
		{"no limit with max", container1(corev1.LimitRangeItem{Max: rl("memory", "1Gi")}),
			pod(container("web", rl("memory", "512Mi"), nil)), forbidden("maximum memory usage per Container is 1Gi.  No limit is specified")},
		{"request above max", container1(corev1.LimitRangeItem{Max: rl("memory", "1Gi")}),
			pod(container("web", rl("memory", "2Gi"), rl("memory", "1Gi"))), forbidden("maximum memory usage per Container is 1Gi, but request is 2Gi")},
		{"max defaulted from the limit range", container1(corev1.LimitRangeItem{Max: rl("cpu", "1"), Default: rl("cpu", "1")}),
			pod(container("web", nil, nil)), admissiontest.Outcome{}},
		{"ratio exceeded", container1(corev1.LimitRangeItem{MaxLimitRequestRatio: rl("cpu", "2")}),
			pod(container("web", rl("cpu", "250m"), rl("cpu", "1"))), forbidden("cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000")},
		{"ratio within", container1(corev1.LimitRangeItem{MaxLimitRequestRatio: rl("cpu", "2")}),
			pod(container("web", rl("cpu", "500m"), rl("cpu", "1"))), admissiontest.Outcome{}},
		{"ratio without request", container1(corev1.LimitRangeItem{MaxLimitRequestRatio: rl("memory", "2")}),
			pod(container("web", nil, nil)), forbidden("memory max limit to request ratio per Container is 2, but no request is specified or request is 0")},
		{"ratio without limit", container1(corev1.LimitRangeItem{MaxLimitRequestRatio: rl("memory", "2")}),
			pod(container("web", rl("memory", "1Gi"), nil)), forbidden("memory max limit to request ratio per Container is 2, but no limit is specified or limit is 0")},
		{"init container checked", container1(corev1.LimitRangeItem{Max: rl("cpu", "1")}),
			func() *corev1.Pod {
				p := pod(container("web", rl("cpu", "1"), rl("cpu", "1")))
				p.Spec.InitContainers = []corev1.Container{container("setup", rl("cpu", "1"), rl("cpu", "2"))}
				return p
			}(), forbidden("maximum cpu usage per Container is 1, but limit is 2")},
		{"several violations", container1(corev1.LimitRangeItem{Min: rl("cpu", "100m", "memory", "64Mi"), Max: rl("memory", "1Gi")}),
			pod(container("web", rl("cpu", "50m", "memory", "32Mi"), rl("memory", "2Gi"))),
			forbidden("[minimum cpu usage per Container is 100m, but request is 50m, minimum memory usage per Container is 64Mi, but request is 32Mi, maximum memory usage per Container is 1Gi, but limit is 2Gi]")},
		{"pod sum above max", podItem(corev1.LimitRangeItem{Max: rl("cpu", "1")}),
			pod(container("a", rl("cpu", "600m"), rl("cpu", "600m")), container("b", rl("cpu", "600m"), rl("cpu", "600m"))),
			forbidden("maximum cpu usage per Pod is 1, but limit is 1200m")},
		{"pod sum below min", podItem(corev1.LimitRangeItem{Min: rl("memory", "1Gi")}),
			pod(container("a", rl("memory", "256Mi"), nil), container("b", rl("memory", "256Mi"), nil)),
			forbidden("minimum memory usage per Pod is 1Gi, but request is 512Mi")},
		{"pod counts the largest init container", podItem(corev1.LimitRangeItem{Max: rl("cpu", "1")}),
			func() *corev1.Pod {
				p := pod(container("web", rl("cpu", "500m"), rl("cpu", "500m")))
				p.Spec.InitContainers = []corev1.Container{container("setup", rl("cpu", "2"), rl("cpu", "2"))}
				return p
			}(), forbidden("maximum cpu usage per Pod is 1, but limit is 2")},
		{"pod counts sidecars with the app containers", podItem(corev1.LimitRangeItem{Max: rl("cpu", "1")}),
			func() *corev1.Pod {
				always := corev1.ContainerRestartPolicyAlways
				p := pod(container("web", rl("cpu", "600m"), rl("cpu", "600m")))
				side := container("proxy", rl("cpu", "600m"), rl("cpu", "600m"))
				side.RestartPolicy = &always
				p.Spec.InitContainers = []corev1.Container{side}
				return p
			}(), forbidden("maximum cpu usage per Pod is 1, but limit is 1200m")},
		{"persistent volume claim items are ignored for pods", []meta.Object{limitRange("pvc", corev1.LimitRangeItem{
			Type: corev1.LimitTypePersistentVolumeClaim, Min: rl("storage", "1Gi")})},
			pod(container("web", nil, nil)), admissiontest.Outcome{}},
		{"every limit range applies", []meta.Object{
			limitRange("a", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: rl("cpu", "2")}),
			limitRange("b", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: rl("cpu", "1")}),
		}, pod(container("web", rl("cpu", "1500m"), rl("cpu", "1500m"))), forbidden("maximum cpu usage per Container is 1, but limit is 1500m")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := admissiontest.NewFakeHost()
			h.Add(limitRanges, tt.ranges...)
			got := admissiontest.OutcomeOf(admit(t, h, admissiontest.Create(admissiontest.Pods, "Pod", tt.pod)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSkipped(t *testing.T) {
	strict := limitRange("strict", corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Min: rl("cpu", "1"), Default: rl("cpu", "1")})
	bad := pod(container("web", rl("cpu", "10m"), nil))
	now := meta.Now()
	deleting := bad.DeepCopyObject().(*corev1.Pod)
	deleting.DeletionTimestamp = &now
	status := admissiontest.Create(admissiontest.Pods, "Pod", bad)
	status.Subresource = "status"
	tests := []struct {
		name string
		a    *admission.Attributes
	}{
		{"pod update", admissiontest.Update(admissiontest.Pods, "Pod", bad, bad)},
		{"old object being deleted", admissiontest.Update(admissiontest.Pods, "Pod", bad, deleting)},
		{"subresource", status},
		{"not a pod", admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "c"}})},
		{"delete", admissiontest.Delete(admissiontest.Pods, "Pod", bad)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := admissiontest.NewFakeHost()
			h.Add(limitRanges, strict)
			before := tt.a.Object
			if before != nil {
				before = before.DeepCopyObject()
			}
			if err := admit(t, h, tt.a); err != nil {
				t.Fatalf("got %v, want the request admitted untouched", err)
			}
			if diff := cmp.Diff(before, tt.a.Object); diff != "" {
				t.Errorf("object changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestListError(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.FailList(errors.New("boom"))
	got := admissiontest.OutcomeOf(admit(t, h, admissiontest.Create(admissiontest.Pods, "Pod", pod(container("web", nil, nil)))))
	want := admissiontest.Forbidden(`pods "web" is forbidden: unable to CREATE pods at this time because there was an error enforcing limit ranges`)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcome (-want +got):\n%s", diff)
	}
}

func TestNew(t *testing.T) {
	if _, err := limitranger.New(admission.Host{}, nil); err == nil {
		t.Error("New without a Reader succeeded")
	}
	if _, err := limitranger.New(admissiontest.NewFakeHost().Host(), []byte(`{"a":1}`)); err == nil {
		t.Error("New with a config succeeded")
	}
}
