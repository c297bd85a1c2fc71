package plugins_test

import (
	"context"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
)

func TestNewRegistry(t *testing.T) {
	got := plugins.NewRegistry().Names()
	sort.Strings(got)
	want := []string{"AlwaysAdmit", "AlwaysDeny", "DefaultTolerationSeconds", "LimitRanger",
		"NamespaceLifecycle", "Priority", "ResourceQuota", "ServiceAccount"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}

func TestDefault(t *testing.T) {
	var got []string
	for _, pc := range plugins.Default() {
		got = append(got, pc.Name)
		if pc.Config != nil {
			t.Errorf("%s has a default config %q", pc.Name, pc.Config)
		}
	}
	want := []string{"NamespaceLifecycle", "LimitRanger", "ServiceAccount", "Priority", "DefaultTolerationSeconds", "ResourceQuota"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Default (-want +got):\n%s", diff)
	}
	// Each call returns a fresh slice.
	plugins.Default()[0].Name = "changed"
	if plugins.Default()[0].Name != "NamespaceLifecycle" {
		t.Error("Default returns shared state")
	}
}

func TestRegister(t *testing.T) {
	product := admission.NewRegistry()
	if err := product.Register("PodPreset", func(admission.Host, []byte) (admission.Plugin, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if err := plugins.Register(product); err != nil {
		t.Fatalf("Register into a product registry: %v", err)
	}
	if got := len(product.Names()); got != 9 {
		t.Errorf("got %d plugins, want 9", got)
	}
	if err := plugins.Register(product); err == nil {
		t.Error("registering the built-ins twice succeeded")
	}
	if err := plugins.NewRegistry().Merge(plugins.NewRegistry()); err == nil {
		t.Error("merging duplicate registries succeeded")
	}
}

func TestNewChainEveryPlugin(t *testing.T) {
	h := admissiontest.NewFakeHost()
	for _, name := range plugins.NewRegistry().Names() {
		t.Run(name, func(t *testing.T) {
			if _, err := plugins.NewRegistry().NewChain(h.Host(), []admission.PluginConfig{{Name: name}}); err != nil {
				t.Errorf("NewChain: %v", err)
			}
		})
	}
	if _, err := plugins.NewRegistry().NewChain(h.Host(), []admission.PluginConfig{{Name: "ServiceAccount", Config: []byte(`{"bogus": 1}`)}}); err == nil {
		t.Error("NewChain accepted an unknown config field")
	}
}

func q(s string) resource.Quantity { return resource.MustParse(s) }

// newCluster returns a fake host with one namespace holding a LimitRange, a
// synced quota of two pods and 1 cpu, and a default service account.
func newCluster() *admissiontest.FakeHost {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.Namespaces, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}, Status: corev1.NamespaceStatus{Phase: corev1.NamespaceActive}})
	h.Add(admissiontest.LimitRanges, &corev1.LimitRange{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "defaults"},
		Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
			Type:           corev1.LimitTypeContainer,
			Default:        corev1.ResourceList{corev1.ResourceCPU: q("500m")},
			DefaultRequest: corev1.ResourceList{corev1.ResourceCPU: q("500m")},
		}}},
	})
	hard := corev1.ResourceList{corev1.ResourcePods: q("2"), corev1.ResourceRequestsCPU: q("1")}
	h.Add(admissiontest.ResourceQuotas, &corev1.ResourceQuota{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "compute"},
		Spec:       corev1.ResourceQuotaSpec{Hard: hard},
		Status:     corev1.ResourceQuotaStatus{Hard: hard, Used: corev1.ResourceList{corev1.ResourcePods: q("0"), corev1.ResourceRequestsCPU: q("0")}},
	})
	h.Add(admissiontest.ServiceAccounts, &corev1.ServiceAccount{
		ObjectMeta:       meta.ObjectMeta{Namespace: "team-a", Name: "default"},
		ImagePullSecrets: []corev1.LocalObjectReference{{Name: "registry"}},
	})
	return h
}

func newPod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
	}
}

// admit runs the chain as the API server does.
func admit(chain *admission.Chain, a *admission.Attributes) error {
	if err := chain.Admit(context.Background(), a); err != nil {
		return err
	}
	return chain.Validate(context.Background(), a)
}

func TestDefaultChain(t *testing.T) {
	h := newCluster()
	chain, err := plugins.NewRegistry().NewChain(h.Host(), plugins.Default())
	if err != nil {
		t.Fatal(err)
	}
	pod := newPod("team-a", "web-1")
	if err := admit(chain, admissiontest.Create(admissiontest.Pods, "Pod", pod)); err != nil {
		t.Fatalf("first pod: %v", err)
	}
	zero, lower, secs := int32(0), corev1.PreemptLowerPriority, int64(300)
	want := newPod("team-a", "web-1")
	want.Annotations = map[string]string{"kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container web; cpu limit for container web"}
	want.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: q("500m")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: q("500m")},
	}
	want.Spec.ServiceAccountName = "default"
	want.Spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
	want.Spec.Priority, want.Spec.PreemptionPolicy = &zero, &lower
	want.Spec.Tolerations = []corev1.Toleration{
		{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &secs},
		{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &secs},
	}
	if diff := cmp.Diff(want, pod); diff != "" {
		t.Errorf("admitted pod (-want +got):\n%s", diff)
	}

	tests := []struct {
		name string
		pod  *corev1.Pod
		want admissiontest.Outcome
	}{
		{"second pod fits", newPod("team-a", "web-2"), admissiontest.Outcome{}},
		{"third pod exceeds the quota", newPod("team-a", "web-3"), admissiontest.Forbidden(
			`pods "web-3" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=500m, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1`)},
		{"missing namespace", newPod("nowhere", "web"), admissiontest.Outcome{Code: 404, Reason: meta.StatusReasonNotFound, Message: `namespaces "nowhere" not found`}},
		{"unknown priority class", func() *corev1.Pod {
			p := newPod("team-a", "web-4")
			p.Spec.PriorityClassName = "foo"
			return p
		}(), admissiontest.Forbidden(`pods "web-4" is forbidden: no PriorityClass with name foo was found`)},
		{"system priority class resolves", func() *corev1.Pod {
			p := newPod("team-a", "web-5")
			p.Spec.PriorityClassName = schedulingv1.SystemNodeCritical
			p.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: q("2")}
			return p
		}(), admissiontest.Forbidden(`pods "web-5" is forbidden: exceeded quota: compute, requested: pods=1,requests.cpu=2, used: pods=2,requests.cpu=1, limited: pods=2,requests.cpu=1`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admissiontest.OutcomeOf(admit(chain, admissiontest.Create(admissiontest.Pods, "Pod", tt.pod)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
		})
	}
	used := h.Object(admissiontest.ResourceQuotas, "team-a", "compute").(*corev1.ResourceQuota).Status.Used
	if diff := cmp.Diff(corev1.ResourceList{corev1.ResourcePods: q("2"), corev1.ResourceRequestsCPU: q("1")}, used); diff != "" {
		t.Errorf("quota used (-want +got):\n%s", diff)
	}
}

func TestAlwaysDenyInChain(t *testing.T) {
	chain, err := plugins.NewRegistry().NewChain(admissiontest.NewFakeHost().Host(), []admission.PluginConfig{{Name: "AlwaysAdmit"}, {Name: "AlwaysDeny"}})
	if err != nil {
		t.Fatal(err)
	}
	got := admissiontest.OutcomeOf(admit(chain, admissiontest.Create(admissiontest.Pods, "Pod", newPod("team-a", "web"))))
	want := admissiontest.Forbidden(`pods "web" is forbidden: admission control is denying all modifications`)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcome (-want +got):\n%s", diff)
	}
}
