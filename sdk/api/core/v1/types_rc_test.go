package v1

import (
	stdjson "encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

const wlRCManifest = `
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  minReadySeconds: 5
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`

func TestReplicationControllerDecodeAndDefaults(t *testing.T) {
	var rc ReplicationController
	js := wlDecodeStrict(t, wlRCManifest, &rc)
	out, err := stdjson.Marshal(&rc)
	if err != nil {
		t.Fatal(err)
	}
	// status.replicas has no omitempty: an empty status encodes as
	// {"replicas":0}, as Kubernetes encodes it too.
	var doc map[string]any
	if err := stdjson.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]any{"replicas": float64(0)}, doc["status"]); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
	delete(doc, "status")
	out, _ = stdjson.Marshal(doc)
	if d := wlSameJSON(t, js, out); d != "" {
		t.Errorf("(-manifest +encoded):\n%s", d)
	}
	rc.Namespace = "default"
	SetObjectDefaults_ReplicationController(&rc)
	if errs := ValidateReplicationController(&rc); len(errs) != 0 {
		t.Errorf("Validate: %v", wlErrStrings(errs))
	}
	c := rc.Spec.Template.Spec.Containers[0]
	if c.Ports[0].Protocol != ProtocolTCP || rc.Spec.Template.Spec.RestartPolicy != RestartPolicyAlways || c.ImagePullPolicy != PullIfNotPresent {
		t.Errorf("template not defaulted: %+v", rc.Spec.Template.Spec)
	}
}

func TestReplicationControllerDefaultsFromTemplate(t *testing.T) {
	rc := &ReplicationController{Spec: ReplicationControllerSpec{Template: &PodTemplateSpec{
		ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "web"}},
		Spec:       PodSpec{Containers: []Container{{Name: "c", Image: "x"}}},
	}}}
	SetObjectDefaults_ReplicationController(rc)
	want := map[string]string{"app": "web"}
	if d := cmp.Diff(want, rc.Spec.Selector); d != "" {
		t.Errorf("selector (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, rc.Labels); d != "" {
		t.Errorf("labels (-want +got):\n%s", d)
	}
	if rc.Spec.Replicas == nil || *rc.Spec.Replicas != 1 {
		t.Errorf("replicas = %v, want 1", rc.Spec.Replicas)
	}
	// Explicit values are kept.
	rc2 := &ReplicationController{
		ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"own": "label"}},
		Spec: ReplicationControllerSpec{Replicas: wlPtr(int32(0)), Selector: map[string]string{"app": "web", "tier": "x"},
			Template: &PodTemplateSpec{ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "web"}}}},
	}
	SetObjectDefaults_ReplicationController(rc2)
	if *rc2.Spec.Replicas != 0 || len(rc2.Spec.Selector) != 2 || rc2.Labels["own"] != "label" {
		t.Errorf("explicit values changed: %+v %+v", rc2.ObjectMeta.Labels, rc2.Spec)
	}
}

func wlValidRC(mutate func(*ReplicationController)) *ReplicationController {
	rc := &ReplicationController{
		ObjectMeta: meta.ObjectMeta{Name: "rc", Namespace: "default"},
		Spec: ReplicationControllerSpec{Template: &PodTemplateSpec{
			ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "web"}},
			Spec:       PodSpec{Containers: []Container{{Name: "c", Image: "x:1"}}},
		}},
	}
	SetObjectDefaults_ReplicationController(rc)
	if mutate != nil {
		mutate(rc)
	}
	return rc
}

func TestValidateReplicationController(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*ReplicationController)
		want   []string
	}{
		{name: "valid"},
		{
			name:   "negative counts",
			mutate: func(rc *ReplicationController) { rc.Spec.Replicas = wlPtr(int32(-1)); rc.Spec.MinReadySeconds = -1 },
			want: []string{
				"spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
				"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
			},
		},
		{
			name:   "empty selector",
			mutate: func(rc *ReplicationController) { rc.Spec.Selector = nil },
			want:   []string{"spec.selector: Required value"},
		},
		{
			name:   "selector does not match template",
			mutate: func(rc *ReplicationController) { rc.Spec.Selector = map[string]string{"app": "other"} },
			want:   []string{`spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: ` + "`selector` does not match template `labels`"},
		},
		{
			name:   "template required",
			mutate: func(rc *ReplicationController) { rc.Spec.Template = nil },
			want:   []string{"spec.template: Required value"},
		},
		{
			name: "template restart policy and deadline",
			mutate: func(rc *ReplicationController) {
				rc.Spec.Template.Spec.RestartPolicy = RestartPolicyOnFailure
				rc.Spec.Template.Spec.ActiveDeadlineSeconds = wlPtr(int64(10))
			},
			want: []string{
				`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`,
				"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported",
			},
		},
		{
			name:   "invalid template spec",
			mutate: func(rc *ReplicationController) { rc.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{"spec.template.spec.containers[0].image: Required value"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, wlErrStrings(ValidateReplicationController(wlValidRC(tc.mutate)))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestValidateReplicationControllerStatus(t *testing.T) {
	st := &ReplicationControllerStatus{Replicas: 2, FullyLabeledReplicas: 3, ReadyReplicas: 1, AvailableReplicas: 2, ObservedGeneration: -1}
	want := []string{
		"status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
		"status.fullyLabeledReplicas: Invalid value: 3: cannot be greater than status.replicas",
		"status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas",
	}
	if d := cmp.Diff(want, wlErrStrings(ValidateReplicationControllerStatus(st, field.NewPath("status")))); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestReplicationControllerStrategy(t *testing.T) {
	k := wlKind(t, addReplicationController, "ReplicationController")
	if k.Resource() != "replicationcontrollers" || !k.Namespaced() || !k.HasStatus() || !k.HasScale() {
		t.Errorf("rc: %q namespaced %v status %v scale %v", k.Resource(), k.Namespaced(), k.HasStatus(), k.HasScale())
	}
	if d := cmp.Diff([]string{"rc"}, k.ShortNames()); d != "" {
		t.Errorf("short names (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"all"}, k.Categories()); d != "" {
		t.Errorf("categories (-want +got):\n%s", d)
	}

	rc := wlValidRC(func(rc *ReplicationController) { rc.Status.Replicas = 7 })
	k.PrepareForCreate(rc)
	if rc.Generation != 1 || rc.Status.Replicas != 0 {
		t.Errorf("after create: generation %d status %+v", rc.Generation, rc.Status)
	}
	rc.Status = ReplicationControllerStatus{Replicas: 1, ReadyReplicas: 1}

	// A spec change bumps the generation; the status is kept.
	upd := rc.DeepCopy()
	upd.Spec.Replicas = wlPtr(int32(3))
	upd.Status = ReplicationControllerStatus{}
	k.PrepareForUpdate(upd, rc)
	if upd.Generation != 2 || upd.Status.Replicas != 1 {
		t.Errorf("after spec update: generation %d status %+v", upd.Generation, upd.Status)
	}
	// A metadata-only change does not.
	meta2 := rc.DeepCopy()
	meta2.Annotations = map[string]string{"a": "b"}
	k.PrepareForUpdate(meta2, rc)
	if meta2.Generation != 1 {
		t.Errorf("after metadata update: generation %d", meta2.Generation)
	}
	// Status writes keep the spec.
	st := rc.DeepCopy()
	st.Spec.Replicas = wlPtr(int32(9))
	st.Status.Replicas = 3
	k.PrepareForStatusUpdate(st, rc)
	if *st.Spec.Replicas != 1 || st.Status.Replicas != 3 {
		t.Errorf("after status update: spec %+v status %+v", st.Spec, st.Status)
	}
	if errs := k.ValidateUpdate(st, rc); len(errs) != 0 {
		t.Errorf("ValidateUpdate: %v", wlErrStrings(errs))
	}

	// Scale.
	if n, ok := k.ScaleSpecReplicas(rc); !ok || n != 1 {
		t.Errorf("ScaleSpecReplicas = %d, %v", n, ok)
	}
	k.SetScaleSpecReplicas(rc, 5)
	if *rc.Spec.Replicas != 5 {
		t.Errorf("SetScaleSpecReplicas: %d", *rc.Spec.Replicas)
	}
	rc.Spec.Selector = map[string]string{"tier": "web", "app": "x"}
	if n, sel, ok := k.ScaleStatus(rc); !ok || n != 1 || sel != "app=x,tier=web" {
		t.Errorf("ScaleStatus = %d, %q, %v", n, sel, ok)
	}
}

func TestReplicationControllerCells(t *testing.T) {
	rc := wlValidRC(func(rc *ReplicationController) {
		rc.CreationTimestamp = wlTime(10 * time.Minute)
		rc.Spec.Replicas = wlPtr(int32(3))
		rc.Spec.Template.Spec.Containers = append(rc.Spec.Template.Spec.Containers, Container{Name: "side", Image: "busybox"})
		rc.Status = ReplicationControllerStatus{Replicas: 2, ReadyReplicas: 1}
	})
	want := []any{"rc", int64(3), int64(2), int64(1), "10m", "c,side", "x:1,busybox", "app=web"}
	if d := cmp.Diff(want, replicationControllerCells(rc, wlNow)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var names []string
	for _, c := range replicationControllerColumns {
		names = append(names, c.Name)
	}
	if d := cmp.Diff([]string{"Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"}, names); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
}
