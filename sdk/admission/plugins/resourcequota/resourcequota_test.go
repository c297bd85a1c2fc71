package resourcequota_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/resourcequota"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

// quota returns a quota whose status is synced: status.hard = hard and
// status.used = used (which should name every hard resource).
func quota(name string, hard, used corev1.ResourceList) *corev1.ResourceQuota {
	return &corev1.ResourceQuota{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: name},
		Spec:       corev1.ResourceQuotaSpec{Hard: hard},
		Status:     corev1.ResourceQuotaStatus{Hard: hard, Used: used},
	}
}

func scoped(q *corev1.ResourceQuota, scopes ...corev1.ResourceQuotaScope) *corev1.ResourceQuota {
	q.Spec.Scopes = scopes
	return q
}

func selected(q *corev1.ResourceQuota, reqs ...corev1.ScopedResourceSelectorRequirement) *corev1.ResourceQuota {
	q.Spec.ScopeSelector = &corev1.ScopeSelector{MatchExpressions: reqs}
	return q
}

type podOpt func(*corev1.Pod)

func container(name string, requests, limits corev1.ResourceList) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: name, Image: "nginx",
			Resources: corev1.ResourceRequirements{Requests: requests, Limits: limits}})
	}
}

func deadline(s int64) podOpt         { return func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = &s } }
func class(n string) podOpt           { return func(p *corev1.Pod) { p.Spec.PriorityClassName = n } }
func named(n string) podOpt           { return func(p *corev1.Pod) { p.Name = n } }
func phase(ph corev1.PodPhase) podOpt { return func(p *corev1.Pod) { p.Status.Phase = ph } }

func pod(opts ...podOpt) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"}}
	for _, o := range opts {
		o(p)
	}
	if len(p.Spec.Containers) == 0 {
		p.Spec.Containers = []corev1.Container{{Name: "nginx", Image: "nginx"}}
	}
	return p
}

func service(name string, typ corev1.ServiceType, ports int) *corev1.Service {
	s := &corev1.Service{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: name}}
	s.Spec.Type = typ
	for i := 0; i < ports; i++ {
		s.Spec.Ports = append(s.Spec.Ports, corev1.ServicePort{Port: int32(80 + i)})
	}
	return s
}

func configMap(name string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: name}}
}

var deployments = meta.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}

func newPlugin(t *testing.T, h *admissiontest.FakeHost) admission.Validator {
	t.Helper()
	p, err := resourcequota.New(h.Host(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p.(admission.Validator)
}

func usedOf(t *testing.T, h *admissiontest.FakeHost, name string) corev1.ResourceList {
	t.Helper()
	o := h.Object(admissiontest.ResourceQuotas, "team-a", name)
	if o == nil {
		t.Fatalf("quota %s is gone", name)
	}
	return o.(*corev1.ResourceQuota).Status.Used
}

func forbidden(resource, name, msg string) admissiontest.Outcome {
	return admissiontest.Forbidden(resource + ` "` + name + `" is forbidden: ` + msg)
}

func TestValidate(t *testing.T) {
	compute := func(used ...string) *corev1.ResourceQuota {
		return quota("compute", rl("requests.cpu", "2", "limits.cpu", "4", "pods", "10"), rl(used...))
	}
	guaranteed := container("nginx", rl("cpu", "1"), rl("cpu", "1"))
	tests := []struct {
		name     string
		quotas   []*corev1.ResourceQuota
		a        *admission.Attributes
		want     admissiontest.Outcome
		wantUsed map[string]corev1.ResourceList // quota name -> status.used after
	}{
		{
			name: "no quota",
			a:    admissiontest.Create(admissiontest.Pods, "Pod", pod()),
		},
		{
			name:     "pod charged",
			quotas:   []*corev1.ResourceQuota{compute("requests.cpu", "0", "limits.cpu", "0", "pods", "0")},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			wantUsed: map[string]corev1.ResourceList{"compute": rl("requests.cpu", "1", "limits.cpu", "1", "pods", "1")},
		},
		{
			name:     "exceeded",
			quotas:   []*corev1.ResourceQuota{compute("requests.cpu", "1", "limits.cpu", "1", "pods", "1")},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(container("nginx", rl("cpu", "2"), rl("cpu", "2")))),
			want:     forbidden("pods", "web", "exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=1, limited: requests.cpu=2"),
			wantUsed: map[string]corev1.ResourceList{"compute": rl("requests.cpu", "1", "limits.cpu", "1", "pods", "1")},
		},
		{
			name:   "several resources exceeded",
			quotas: []*corev1.ResourceQuota{quota("compute", rl("requests.memory", "1Gi", "limits.memory", "1Gi"), rl("requests.memory", "512Mi", "limits.memory", "512Mi"))},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod(container("nginx", rl("memory", "1Gi"), rl("memory", "1Gi")))),
			want: forbidden("pods", "web", "exceeded quota: compute, requested: limits.memory=1Gi,requests.memory=1Gi, "+
				"used: limits.memory=512Mi,requests.memory=512Mi, limited: limits.memory=1Gi,requests.memory=1Gi"),
		},
		{
			name:   "resources not specified",
			quotas: []*corev1.ResourceQuota{compute("requests.cpu", "0", "limits.cpu", "0", "pods", "0")},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod()),
			want:   forbidden("pods", "web", "failed quota: compute: must specify limits.cpu for: nginx; requests.cpu for: nginx"),
		},
		{
			name:   "resources not specified in some containers",
			quotas: []*corev1.ResourceQuota{quota("mem", rl("memory", "1Gi"), rl("memory", "0"))},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod(container("a", rl("memory", "1Mi"), nil), container("c", nil, nil), container("b", nil, nil))),
			want:   forbidden("pods", "web", "failed quota: mem: must specify memory for: b,c"),
		},
		{
			name: "status not synced",
			quotas: []*corev1.ResourceQuota{{
				ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "compute"},
				Spec:       corev1.ResourceQuotaSpec{Hard: rl("pods", "10", "requests.cpu", "2")},
			}},
			a:    admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			want: forbidden("pods", "web", "status unknown for quota: compute, resources: pods,requests.cpu"),
		},
		{
			name:   "usage of a limited resource not computed",
			quotas: []*corev1.ResourceQuota{quota("compute", rl("pods", "10", "requests.cpu", "2"), rl("pods", "1"))},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			want:   forbidden("pods", "web", "status unknown for quota: compute, resources: pods,requests.cpu"),
		},
		{
			name:     "terminal pod only counts as an object",
			quotas:   []*corev1.ResourceQuota{quota("q", rl("pods", "1", "count/pods", "5"), rl("pods", "1", "count/pods", "0"))},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(phase(corev1.PodSucceeded))),
			wantUsed: map[string]corev1.ResourceList{"q": rl("pods", "1", "count/pods", "1")},
		},
		{
			name:     "quota not limiting pod resources",
			quotas:   []*corev1.ResourceQuota{quota("objects", rl("configmaps", "1"), rl("configmaps", "1"))},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod()),
			wantUsed: map[string]corev1.ResourceList{"objects": rl("configmaps", "1")},
		},
		{
			name:   "object count exceeded",
			quotas: []*corev1.ResourceQuota{quota("objects", rl("configmaps", "1", "count/configmaps", "5"), rl("configmaps", "1", "count/configmaps", "1"))},
			a:      admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", configMap("c")),
			want:   forbidden("configmaps", "c", "exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1"),
		},
		{
			name:     "object count charged",
			quotas:   []*corev1.ResourceQuota{quota("objects", rl("configmaps", "2", "count/configmaps", "5", "secrets", "1"), rl("configmaps", "1", "count/configmaps", "1", "secrets", "0"))},
			a:        admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", configMap("c")),
			wantUsed: map[string]corev1.ResourceList{"objects": rl("configmaps", "2", "count/configmaps", "2", "secrets", "0")},
		},
		{
			name:   "count of another group",
			quotas: []*corev1.ResourceQuota{quota("objects", rl("count/deployments.apps", "1"), rl("count/deployments.apps", "1"))},
			a: admissiontest.Create(deployments, "Deployment",
				&appsv1.Deployment{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"}}),
			want: forbidden("deployments.apps", "web", "exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1"),
		},
		{
			name:     "node ports",
			quotas:   []*corev1.ResourceQuota{quota("svc", rl("services", "5", "services.nodeports", "3"), rl("services", "0", "services.nodeports", "2"))},
			a:        admissiontest.Create(admissiontest.Services, "Service", service("web", corev1.ServiceTypeNodePort, 2)),
			want:     forbidden("services", "web", "exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=2, limited: services.nodeports=3"),
			wantUsed: map[string]corev1.ResourceList{"svc": rl("services", "0", "services.nodeports", "2")},
		},
		{
			name:     "load balancer",
			quotas:   []*corev1.ResourceQuota{quota("svc", rl("services.loadbalancers", "1", "services.nodeports", "10"), rl("services.loadbalancers", "0", "services.nodeports", "0"))},
			a:        admissiontest.Create(admissiontest.Services, "Service", service("web", corev1.ServiceTypeLoadBalancer, 2)),
			wantUsed: map[string]corev1.ResourceList{"svc": rl("services.loadbalancers", "1", "services.nodeports", "2")},
		},
		{
			name:     "service type change charges the difference",
			quotas:   []*corev1.ResourceQuota{quota("svc", rl("services", "1", "services.nodeports", "10"), rl("services", "1", "services.nodeports", "0"))},
			a:        admissiontest.Update(admissiontest.Services, "Service", service("web", corev1.ServiceTypeNodePort, 1), withRV(service("web", corev1.ServiceTypeClusterIP, 1))),
			wantUsed: map[string]corev1.ResourceList{"svc": rl("services", "1", "services.nodeports", "1")},
		},
		{
			name:     "best effort scope skips other pods",
			quotas:   []*corev1.ResourceQuota{scoped(quota("be", rl("pods", "0"), rl("pods", "0")), corev1.ResourceQuotaScopeBestEffort)},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			wantUsed: map[string]corev1.ResourceList{"be": rl("pods", "0")},
		},
		{
			name:   "best effort scope tracks best effort pods",
			quotas: []*corev1.ResourceQuota{scoped(quota("be", rl("pods", "0"), rl("pods", "0")), corev1.ResourceQuotaScopeBestEffort)},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod()),
			want:   forbidden("pods", "web", "exceeded quota: be, requested: pods=1, used: pods=0, limited: pods=0"),
		},
		{
			name:   "not best effort scope",
			quotas: []*corev1.ResourceQuota{scoped(quota("nbe", rl("pods", "0"), rl("pods", "0")), corev1.ResourceQuotaScopeNotBestEffort)},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			want:   forbidden("pods", "web", "exceeded quota: nbe, requested: pods=1, used: pods=0, limited: pods=0"),
		},
		{
			name:   "terminating scope",
			quotas: []*corev1.ResourceQuota{scoped(quota("t", rl("pods", "0"), rl("pods", "0")), corev1.ResourceQuotaScopeTerminating)},
			a:      admissiontest.Create(admissiontest.Pods, "Pod", pod(deadline(60))),
			want:   forbidden("pods", "web", "exceeded quota: t, requested: pods=1, used: pods=0, limited: pods=0"),
		},
		{
			name:     "not terminating scope skips pods with a deadline",
			quotas:   []*corev1.ResourceQuota{scoped(quota("nt", rl("pods", "0"), rl("pods", "0")), corev1.ResourceQuotaScopeNotTerminating)},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(deadline(60))),
			wantUsed: map[string]corev1.ResourceList{"nt": rl("pods", "0")},
		},
		{
			name: "priority class in",
			quotas: []*corev1.ResourceQuota{selected(quota("high", rl("pods", "0"), rl("pods", "0")), corev1.ScopedResourceSelectorRequirement{
				ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: corev1.ScopeSelectorOpIn, Values: []string{"high"}})},
			a:    admissiontest.Create(admissiontest.Pods, "Pod", pod(class("high"))),
			want: forbidden("pods", "web", "exceeded quota: high, requested: pods=1, used: pods=0, limited: pods=0"),
		},
		{
			name: "priority class not in",
			quotas: []*corev1.ResourceQuota{selected(quota("high", rl("pods", "0"), rl("pods", "0")), corev1.ScopedResourceSelectorRequirement{
				ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: corev1.ScopeSelectorOpIn, Values: []string{"high"}})},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(class("low"))),
			wantUsed: map[string]corev1.ResourceList{"high": rl("pods", "0")},
		},
		{
			name: "priority class exists",
			quotas: []*corev1.ResourceQuota{selected(quota("any", rl("pods", "0"), rl("pods", "0")), corev1.ScopedResourceSelectorRequirement{
				ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: corev1.ScopeSelectorOpExists})},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod()),
			wantUsed: map[string]corev1.ResourceList{"any": rl("pods", "0")},
		},
		{
			name: "priority class does not exist",
			quotas: []*corev1.ResourceQuota{selected(quota("none", rl("pods", "0"), rl("pods", "0")), corev1.ScopedResourceSelectorRequirement{
				ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: corev1.ScopeSelectorOpDoesNotExist})},
			a:    admissiontest.Create(admissiontest.Pods, "Pod", pod()),
			want: forbidden("pods", "web", "exceeded quota: none, requested: pods=1, used: pods=0, limited: pods=0"),
		},
		{
			name:     "scoped quota does not track other kinds",
			quotas:   []*corev1.ResourceQuota{scoped(quota("be", rl("configmaps", "0"), rl("configmaps", "0")), corev1.ResourceQuotaScopeBestEffort)},
			a:        admissiontest.Create(admissiontest.ConfigMaps, "ConfigMap", configMap("c")),
			wantUsed: map[string]corev1.ResourceList{"be": rl("configmaps", "0")},
		},
		{
			name: "every matching quota charged",
			quotas: []*corev1.ResourceQuota{
				quota("a", rl("pods", "5"), rl("pods", "1")),
				quota("b", rl("pods", "5", "requests.cpu", "4"), rl("pods", "2", "requests.cpu", "1")),
			},
			a: admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			wantUsed: map[string]corev1.ResourceList{
				"a": rl("pods", "2"),
				"b": rl("pods", "3", "requests.cpu", "2"),
			},
		},
		{
			name: "one quota exceeded charges none",
			quotas: []*corev1.ResourceQuota{
				quota("a", rl("pods", "5"), rl("pods", "1")),
				quota("b", rl("pods", "2"), rl("pods", "2")),
			},
			a:    admissiontest.Create(admissiontest.Pods, "Pod", pod(guaranteed)),
			want: forbidden("pods", "web", "exceeded quota: b, requested: pods=1, used: pods=2, limited: pods=2"),
			wantUsed: map[string]corev1.ResourceList{
				"a": rl("pods", "1"),
				"b": rl("pods", "2"),
			},
		},
		{
			name:     "dry run checks",
			quotas:   []*corev1.ResourceQuota{quota("q", rl("pods", "1"), rl("pods", "1"))},
			a:        dryRun(admissiontest.Create(admissiontest.Pods, "Pod", pod())),
			want:     forbidden("pods", "web", "exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1"),
			wantUsed: map[string]corev1.ResourceList{"q": rl("pods", "1")},
		},
		{
			name:     "dry run does not charge",
			quotas:   []*corev1.ResourceQuota{quota("q", rl("pods", "2"), rl("pods", "1"))},
			a:        dryRun(admissiontest.Create(admissiontest.Pods, "Pod", pod())),
			wantUsed: map[string]corev1.ResourceList{"q": rl("pods", "1")},
		},
		{
			name:     "pod update into the terminating scope",
			quotas:   []*corev1.ResourceQuota{scoped(quota("t", rl("pods", "5"), rl("pods", "0")), corev1.ResourceQuotaScopeTerminating)},
			a:        admissiontest.Update(admissiontest.Pods, "Pod", pod(deadline(30)), withRV(pod())),
			wantUsed: map[string]corev1.ResourceList{"t": rl("pods", "1")},
		},
		{
			name:     "pod update within the same scope",
			quotas:   []*corev1.ResourceQuota{quota("q", rl("pods", "0"), rl("pods", "5"))},
			a:        admissiontest.Update(admissiontest.Pods, "Pod", pod(named("web")), withRV(pod())),
			wantUsed: map[string]corev1.ResourceList{"q": rl("pods", "5")},
		},
		{
			name:   "subresource",
			quotas: []*corev1.ResourceQuota{quota("q", rl("pods", "0"), rl("pods", "0"))},
			a: func() *admission.Attributes {
				a := admissiontest.Create(admissiontest.Pods, "Pod", pod())
				a.Subresource = "binding"
				return a
			}(),
			wantUsed: map[string]corev1.ResourceList{"q": rl("pods", "0")},
		},
		{
			name:   "events are not charged",
			quotas: []*corev1.ResourceQuota{quota("q", rl("count/events", "0"), rl("count/events", "0"))},
			a: admissiontest.Create(meta.GroupVersionResource{Version: "v1", Resource: "events"}, "Event",
				&corev1.Event{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "e"}}),
		},
		{
			name:     "extended resources",
			quotas:   []*corev1.ResourceQuota{quota("gpu", rl("requests.example.com/gpu", "1"), rl("requests.example.com/gpu", "1"))},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(container("train", rl("example.com/gpu", "1"), rl("example.com/gpu", "1")))),
			want:     forbidden("pods", "web", "exceeded quota: gpu, requested: requests.example.com/gpu=1, used: requests.example.com/gpu=1, limited: requests.example.com/gpu=1"),
			wantUsed: map[string]corev1.ResourceList{"gpu": rl("requests.example.com/gpu", "1")},
		},
		{
			name:     "huge pages",
			quotas:   []*corev1.ResourceQuota{quota("hp", rl("requests.hugepages-2Mi", "4Mi"), rl("requests.hugepages-2Mi", "0"))},
			a:        admissiontest.Create(admissiontest.Pods, "Pod", pod(container("db", rl("hugepages-2Mi", "2Mi", "memory", "1Gi"), rl("hugepages-2Mi", "2Mi", "memory", "1Gi")))),
			wantUsed: map[string]corev1.ResourceList{"hp": rl("requests.hugepages-2Mi", "2Mi")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := admissiontest.NewFakeHost()
			for _, q := range tt.quotas {
				h.Add(admissiontest.ResourceQuotas, q)
			}
			p := newPlugin(t, h)
			got := admissiontest.OutcomeOf(p.Validate(context.Background(), tt.a))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome (-want +got):\n%s", diff)
			}
			for name, want := range tt.wantUsed {
				if diff := cmp.Diff(want, usedOf(t, h, name)); diff != "" {
					t.Errorf("quota %s status.used (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

func withRV[T meta.Object](o T) T {
	o.GetObjectMeta().ResourceVersion = "7"
	return o
}

func dryRun(a *admission.Attributes) *admission.Attributes {
	a.DryRun = true
	return a
}

func TestHandles(t *testing.T) {
	p, _ := resourcequota.New(admissiontest.NewFakeHost().Host(), nil)
	h := p.(admission.Handler)
	got := map[admission.Operation]bool{}
	for _, op := range []admission.Operation{admission.Create, admission.Update, admission.Delete, admission.Connect} {
		got[op] = h.Handles(op)
	}
	want := map[admission.Operation]bool{admission.Create: true, admission.Update: true, admission.Delete: false, admission.Connect: false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Handles (-want +got):\n%s", diff)
	}
	if _, ok := p.(admission.Mutator); ok {
		t.Error("ResourceQuota is a Mutator; it must only validate")
	}
}

func TestNew(t *testing.T) {
	h := admissiontest.NewFakeHost()
	if _, err := resourcequota.New(admission.Host{Reader: h}, nil); err == nil {
		t.Error("New without a Writer succeeded")
	}
	if _, err := resourcequota.New(h.Host(), []byte(`{"limitedResources": []}`)); err == nil {
		t.Error("New with a config succeeded")
	}
}

func TestListError(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.FailList(errors.New("boom"))
	err := newPlugin(t, h).Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod()))
	if !apierrors.IsInternal(err) {
		t.Errorf("got %v, want an Internal error", err)
	}
}

// TestLaggingReader checks that back-to-back requests against a cache that
// does not show the plugin's own writes neither conflict nor undercount.
func TestLaggingReader(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("q", rl("pods", "3"), rl("pods", "0")))
	h.FreezeReads()
	p := newPlugin(t, h)
	var got []admissiontest.Outcome
	for _, n := range []string{"a", "b", "c", "d"} {
		got = append(got, admissiontest.OutcomeOf(p.Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod(named(n))))))
	}
	want := []admissiontest.Outcome{{}, {}, {}, forbidden("pods", "d", "exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(rl("pods", "3"), usedOf(t, h, "q")); diff != "" {
		t.Errorf("status.used (-want +got):\n%s", diff)
	}
	if updates, conflicts := h.Stats(); updates != 3 || conflicts != 0 {
		t.Errorf("got %d updates and %d conflicts, want 3 and 0", updates, conflicts)
	}
}

// interferingWriter lets another writer (a status controller) update the
// quota just before each of the plugin's first n writes.
type interferingWriter struct {
	h *admissiontest.FakeHost
	n int
}

func (w *interferingWriter) UpdateStatus(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error) {
	if w.n > 0 {
		w.n--
		cur := w.h.Object(gvr, obj.GetObjectMeta().Namespace, obj.GetObjectMeta().Name)
		if _, err := w.h.UpdateStatus(ctx, gvr, cur); err != nil {
			return nil, err
		}
	}
	return w.h.UpdateStatus(ctx, gvr, obj)
}

func TestConflictRetried(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("q", rl("pods", "3"), rl("pods", "1")))
	host := h.Host()
	host.Writer = &interferingWriter{h: h, n: 2}
	p, err := resourcequota.New(host, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.(admission.Validator).Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod())); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if diff := cmp.Diff(rl("pods", "2"), usedOf(t, h, "q")); diff != "" {
		t.Errorf("status.used (-want +got):\n%s", diff)
	}
	if _, conflicts := h.Stats(); conflicts != 2 {
		t.Errorf("got %d conflicts, want 2", conflicts)
	}
}

func TestConflictRetriesBounded(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("q", rl("pods", "3"), rl("pods", "1")))
	host := h.Host()
	host.Writer = &interferingWriter{h: h, n: 1000}
	p, _ := resourcequota.New(host, nil)
	err := p.(admission.Validator).Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod()))
	if !apierrors.IsConflict(err) {
		t.Fatalf("got %v, want a Conflict after bounded retries", err)
	}
	if diff := cmp.Diff(rl("pods", "1"), usedOf(t, h, "q")); diff != "" {
		t.Errorf("status.used (-want +got):\n%s", diff)
	}
	if _, conflicts := h.Stats(); conflicts > 10 {
		t.Errorf("%d conflicts: retries are not bounded", conflicts)
	}
}

func TestQuotaDeletedDuringUpdate(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("q", rl("pods", "3"), rl("pods", "1")))
	host := h.Host()
	host.Writer = writerFunc(func(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error) {
		h.Delete(gvr, "team-a", "q")
		return h.UpdateStatus(ctx, gvr, obj)
	})
	p, _ := resourcequota.New(host, nil)
	if err := p.(admission.Validator).Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", pod())); err != nil {
		t.Errorf("got %v, want the pod admitted once its quota is gone", err)
	}
}

type writerFunc func(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error)

func (f writerFunc) UpdateStatus(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error) {
	return f(ctx, gvr, obj)
}
