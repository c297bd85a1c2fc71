package defaulttolerationseconds_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/defaulttolerationseconds"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func seconds(n int64) *int64 { return &n }

func tol(key string, op corev1.TolerationOperator, effect corev1.TaintEffect, secs *int64) corev1.Toleration {
	return corev1.Toleration{Key: key, Operator: op, Effect: effect, TolerationSeconds: secs}
}

var (
	notReady300    = tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(300))
	unreachable300 = tol(corev1.TaintNodeUnreachable, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(300))
)

func pod(tolerations ...corev1.Toleration) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}}, Tolerations: tolerations},
	}
}

func TestAdmit(t *testing.T) {
	tests := []struct {
		name   string
		config string
		op     admission.Operation
		in     []corev1.Toleration
		want   []corev1.Toleration
	}{
		{"none", "", admission.Create, nil, []corev1.Toleration{notReady300, unreachable300}},
		{"on update too", "", admission.Update, nil, []corev1.Toleration{notReady300, unreachable300}},
		{"other tolerations kept", "", admission.Create,
			[]corev1.Toleration{tol("dedicated", corev1.TolerationOpEqual, corev1.TaintEffectNoSchedule, nil)},
			[]corev1.Toleration{tol("dedicated", corev1.TolerationOpEqual, corev1.TaintEffectNoSchedule, nil), notReady300, unreachable300}},
		{"not-ready already tolerated", "", admission.Create,
			[]corev1.Toleration{tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(60))},
			[]corev1.Toleration{tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(60)), unreachable300}},
		{"unreachable tolerated with empty effect", "", admission.Create,
			[]corev1.Toleration{tol(corev1.TaintNodeUnreachable, corev1.TolerationOpExists, "", nil)},
			[]corev1.Toleration{tol(corev1.TaintNodeUnreachable, corev1.TolerationOpExists, "", nil), notReady300}},
		{"empty key tolerates both", "", admission.Create,
			[]corev1.Toleration{tol("", corev1.TolerationOpExists, "", nil)},
			[]corev1.Toleration{tol("", corev1.TolerationOpExists, "", nil)}},
		{"NoSchedule toleration does not count", "", admission.Create,
			[]corev1.Toleration{tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoSchedule, nil)},
			[]corev1.Toleration{tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoSchedule, nil), notReady300, unreachable300}},
		{"configured seconds", `{"defaultNotReadyTolerationSeconds": 60, "defaultUnreachableTolerationSeconds": 0}`, admission.Create, nil,
			[]corev1.Toleration{
				tol(corev1.TaintNodeNotReady, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(60)),
				tol(corev1.TaintNodeUnreachable, corev1.TolerationOpExists, corev1.TaintEffectNoExecute, seconds(0)),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := defaulttolerationseconds.New(admission.Host{}, []byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			if !p.(admission.Handler).Handles(tt.op) {
				t.Fatalf("does not handle %s", tt.op)
			}
			obj := pod(tt.in...)
			a := admissiontest.Attributes(tt.op, admissiontest.Pods, "Pod", obj, nil)
			if err := p.(admission.Mutator).Admit(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, obj.Spec.Tolerations); diff != "" {
				t.Errorf("tolerations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSeparatePointers(t *testing.T) {
	p, _ := defaulttolerationseconds.New(admission.Host{}, nil)
	a, b := pod(), pod()
	for _, x := range []*corev1.Pod{a, b} {
		if err := p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", x)); err != nil {
			t.Fatal(err)
		}
	}
	*a.Spec.Tolerations[0].TolerationSeconds = 1
	if got := *b.Spec.Tolerations[0].TolerationSeconds; got != 300 {
		t.Errorf("pods share tolerationSeconds: got %d after changing another pod's", got)
	}
}

func TestIgnored(t *testing.T) {
	p, _ := defaulttolerationseconds.New(admission.Host{}, nil)
	binding := admissiontest.Create(admissiontest.Pods, "Pod", pod())
	binding.Subresource = "binding"
	cm := &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "c"}}
	for name, a := range map[string]*admission.Attributes{
		"subresource": binding,
		"not a pod":   admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", cm),
	} {
		t.Run(name, func(t *testing.T) {
			before := a.Object.DeepCopyObject()
			if err := p.(admission.Mutator).Admit(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, a.Object); diff != "" {
				t.Errorf("object changed (-before +after):\n%s", diff)
			}
		})
	}
	if p.(admission.Handler).Handles(admission.Delete) {
		t.Error("handles DELETE")
	}
}

func TestNew(t *testing.T) {
	tests := []struct{ name, config, wantErr string }{
		{"defaults", "", ""},
		{"unknown field", `{"notReadySeconds": 10}`, `DefaultTolerationSeconds: invalid configuration: json: unknown field "notReadySeconds"`},
		{"negative", `{"defaultUnreachableTolerationSeconds": -1}`, "DefaultTolerationSeconds: invalid configuration: defaultUnreachableTolerationSeconds must be 0 or more, got -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := defaulttolerationseconds.New(admission.Host{}, []byte(tt.config))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
