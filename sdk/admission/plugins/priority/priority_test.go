package priority_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/priority"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
)

func policy(p corev1.PreemptionPolicy) *corev1.PreemptionPolicy { return &p }
func prio(v int32) *int32                                       { return &v }

func class(name string, value int32, globalDefault bool, pol *corev1.PreemptionPolicy) *schedulingv1.PriorityClass {
	return &schedulingv1.PriorityClass{ObjectMeta: meta.ObjectMeta{Name: name}, Value: value, GlobalDefault: globalDefault, PreemptionPolicy: pol}
}

func pod(className string, p *int32, pol *corev1.PreemptionPolicy) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web"}},
			PriorityClassName: className, Priority: p, PreemptionPolicy: pol},
	}
}

func newPlugin(t *testing.T, classes ...meta.Object) admission.Plugin {
	t.Helper()
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.PriorityClasses, classes...)
	p, err := priority.New(h.Host(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAdmitCreate(t *testing.T) {
	lower := policy(corev1.PreemptLowerPriority)
	never := policy(corev1.PreemptNever)
	high := class("high", 1000, false, lower)
	batch := class("batch", 10, false, never)
	forbidden := func(msg string) admissiontest.Outcome {
		return admissiontest.Forbidden(`pods "web" is forbidden: ` + msg)
	}
	tests := []struct {
		name    string
		classes []meta.Object
		pod     *corev1.Pod
		wantPod *corev1.Pod
		want    admissiontest.Outcome
	}{
		{"no class, no default", nil, pod("", nil, nil), pod("", prio(0), lower), admissiontest.Outcome{}},
		{"named class", []meta.Object{high}, pod("high", nil, nil), pod("high", prio(1000), lower), admissiontest.Outcome{}},
		{"class with preemption Never", []meta.Object{batch}, pod("batch", nil, nil), pod("batch", prio(10), never), admissiontest.Outcome{}},
		{"class without policy leaves the pod's", []meta.Object{class("plain", 5, false, nil)}, pod("plain", nil, never), pod("plain", prio(5), never), admissiontest.Outcome{}},
		{"global default", []meta.Object{high, class("normal", 100, true, lower)}, pod("", nil, nil), pod("normal", prio(100), lower), admissiontest.Outcome{}},
		{"lowest of two defaults", []meta.Object{class("a", 100, true, lower), class("b", 50, true, never)}, pod("", nil, nil), pod("b", prio(50), never), admissiontest.Outcome{}},
		{"unknown class", []meta.Object{high}, pod("foo", nil, nil), nil, forbidden("no PriorityClass with name foo was found")},
		{"system-cluster-critical without an object", nil, pod(schedulingv1.SystemClusterCritical, nil, nil),
			pod(schedulingv1.SystemClusterCritical, prio(2000000000), lower), admissiontest.Outcome{}},
		{"system-node-critical without an object", nil, pod(schedulingv1.SystemNodeCritical, nil, nil),
			pod(schedulingv1.SystemNodeCritical, prio(2000001000), lower), admissiontest.Outcome{}},
		{"other system- name is unknown", nil, pod("system-foo", nil, nil), nil, forbidden("no PriorityClass with name system-foo was found")},
		{"matching priority given", []meta.Object{high}, pod("high", prio(1000), nil), pod("high", prio(1000), lower), admissiontest.Outcome{}},
		{"different priority given", []meta.Object{high}, pod("high", prio(5), nil), nil,
			forbidden("the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name")},
		{"priority given without a class", nil, pod("", prio(7), nil), nil,
			forbidden("the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name")},
		{"different preemption policy given", []meta.Object{batch}, pod("batch", nil, lower), nil,
			forbidden("the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlugin(t, tt.classes...)
			obj := tt.pod.DeepCopyObject().(*corev1.Pod)
			got := admissiontest.OutcomeOf(p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", obj)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			if tt.wantPod != nil {
				if diff := cmp.Diff(tt.wantPod, obj); diff != "" {
					t.Errorf("pod (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestAdmitUpdate(t *testing.T) {
	never := policy(corev1.PreemptNever)
	tests := []struct {
		name     string
		old, new *corev1.Pod
		want     *corev1.Pod
	}{
		{"kept from the stored pod", pod("batch", prio(10), never), pod("batch", nil, nil), pod("batch", prio(10), never)},
		{"given values left alone", pod("batch", prio(10), never), pod("batch", prio(10), never), pod("batch", prio(10), never)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlugin(t)
			if err := p.(admission.Mutator).Admit(context.Background(), admissiontest.Update(admissiontest.Pods, "Pod", tt.new, tt.old)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, tt.new); diff != "" {
				t.Errorf("pod (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIgnored(t *testing.T) {
	p := newPlugin(t)
	status := admissiontest.Create(admissiontest.Pods, "Pod", pod("foo", nil, nil))
	status.Subresource = "status"
	cm := admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "c"}})
	for name, a := range map[string]*admission.Attributes{"subresource": status, "not a pod": cm} {
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
}

func TestValidatePriorityClass(t *testing.T) {
	lower := policy(corev1.PreemptLowerPriority)
	tests := []struct {
		name     string
		existing []meta.Object
		a        *admission.Attributes
		want     admissiontest.Outcome
	}{
		{"first default", nil, admissiontest.Create(admissiontest.PriorityClasses, "PriorityClass", class("normal", 100, true, lower)), admissiontest.Outcome{}},
		{"non-default beside a default", []meta.Object{class("low", 1, true, lower)},
			admissiontest.Create(admissiontest.PriorityClasses, "PriorityClass", class("normal", 100, false, lower)), admissiontest.Outcome{}},
		{"second default", []meta.Object{class("low", 1, true, lower)},
			admissiontest.Create(admissiontest.PriorityClasses, "PriorityClass", class("normal", 100, true, lower)),
			admissiontest.Forbidden(`priorityclasses.scheduling.k8s.io "normal" is forbidden: PriorityClass low is already marked as default. Only one default can exist`)},
		{"update of the default itself", []meta.Object{class("low", 1, true, lower)},
			admissiontest.Update(admissiontest.PriorityClasses, "PriorityClass", class("low", 1, true, lower), class("low", 1, true, lower)), admissiontest.Outcome{}},
		{"update making another the default", []meta.Object{class("low", 1, true, lower), class("normal", 100, false, lower)},
			admissiontest.Update(admissiontest.PriorityClasses, "PriorityClass", class("normal", 100, true, lower), class("normal", 100, false, lower)),
			admissiontest.Forbidden(`priorityclasses.scheduling.k8s.io "normal" is forbidden: PriorityClass low is already marked as default. Only one default can exist`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlugin(t, tt.existing...)
			got := admissiontest.OutcomeOf(p.(admission.Validator).Validate(context.Background(), tt.a))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderErrors(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.FailList(errors.New("boom"))
	h.FailGet(errors.New("boom"))
	p, _ := priority.New(h.Host(), nil)
	for name, obj := range map[string]*corev1.Pod{"default class": pod("", nil, nil), "named class": pod("high", nil, nil)} {
		t.Run(name, func(t *testing.T) {
			err := p.(admission.Mutator).Admit(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", obj))
			if !apierrors.IsInternal(err) {
				t.Errorf("got %v, want an Internal error", err)
			}
		})
	}
}

func TestNew(t *testing.T) {
	if _, err := priority.New(admission.Host{}, nil); err == nil {
		t.Error("New without a Reader succeeded")
	}
	if _, err := priority.New(admissiontest.NewFakeHost().Host(), []byte(`{"a":1}`)); err == nil {
		t.Error("New with a config succeeded")
	}
}
