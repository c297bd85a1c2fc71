package resourcequota_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission/plugins/resourcequota"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestUsage(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	longAgo := meta.NewTime(time.Now().Add(-time.Hour))
	grace := int64(30)
	tests := []struct {
		name   string
		obj    meta.Object
		want   corev1.ResourceList
		wantOK bool
	}{
		{"best effort pod", pod(), rl("count/pods", "1", "pods", "1"), true},
		{"pod compute", pod(container("a", rl("cpu", "250m", "memory", "64Mi", "ephemeral-storage", "1Gi"), rl("cpu", "500m", "memory", "128Mi", "ephemeral-storage", "2Gi")),
			container("b", rl("cpu", "250m"), nil)),
			rl("count/pods", "1", "pods", "1",
				"cpu", "500m", "requests.cpu", "500m", "limits.cpu", "500m",
				"memory", "64Mi", "requests.memory", "64Mi", "limits.memory", "128Mi",
				"ephemeral-storage", "1Gi", "requests.ephemeral-storage", "1Gi", "limits.ephemeral-storage", "2Gi"), true},
		{"largest init container", func() *corev1.Pod {
			p := pod(container("app", rl("cpu", "100m"), nil))
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Resources: corev1.ResourceRequirements{Requests: rl("cpu", "1")}}}
			return p
		}(), rl("count/pods", "1", "pods", "1", "cpu", "1", "requests.cpu", "1"), true},
		{"sidecar adds to the app containers", func() *corev1.Pod {
			p := pod(container("app", rl("cpu", "100m"), nil))
			p.Spec.InitContainers = []corev1.Container{{Name: "proxy", RestartPolicy: &always, Resources: corev1.ResourceRequirements{Requests: rl("cpu", "50m")}}}
			return p
		}(), rl("count/pods", "1", "pods", "1", "cpu", "150m", "requests.cpu", "150m"), true},
		{"overhead", func() *corev1.Pod {
			p := pod(container("app", rl("cpu", "100m"), rl("cpu", "200m")))
			p.Spec.Overhead = rl("cpu", "10m", "memory", "16Mi")
			return p
		}(), rl("count/pods", "1", "pods", "1", "cpu", "110m", "requests.cpu", "110m", "limits.cpu", "210m",
			"memory", "16Mi", "requests.memory", "16Mi"), true},
		{"pod-level resources", func() *corev1.Pod {
			p := pod(container("app", rl("cpu", "100m"), nil))
			p.Spec.Resources = &corev1.ResourceRequirements{Requests: rl("cpu", "1"), Limits: rl("cpu", "2")}
			return p
		}(), rl("count/pods", "1", "pods", "1", "cpu", "1", "requests.cpu", "1", "limits.cpu", "2"), true},
		{"failed pod", pod(phase(corev1.PodFailed), container("a", rl("cpu", "1"), nil)), rl("count/pods", "1"), true},
		{"pod past its deletion grace period", func() *corev1.Pod {
			p := pod(container("a", rl("cpu", "1"), nil))
			p.DeletionTimestamp, p.DeletionGracePeriodSeconds = &longAgo, &grace
			return p
		}(), rl("count/pods", "1"), true},
		{"node port service", service("s", corev1.ServiceTypeNodePort, 3),
			rl("count/services", "1", "services", "1", "services.nodeports", "3"), true},
		{"load balancer without node ports", func() *corev1.Service {
			s := service("s", corev1.ServiceTypeLoadBalancer, 2)
			no := false
			s.Spec.AllocateLoadBalancerNodePorts = &no
			s.Spec.Ports[0].NodePort = 30080
			return s
		}(), rl("count/services", "1", "services", "1", "services.nodeports", "1", "services.loadbalancers", "1"), true},
		{"configmap", configMap("c"), rl("count/configmaps", "1", "configmaps", "1"), true},
		{"secret", &corev1.Secret{}, rl("count/secrets", "1", "secrets", "1"), true},
		{"deployment by type meta", &appsv1.Deployment{TypeMeta: meta.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}},
			rl("count/deployments.apps", "1"), true},
		{"kind unknown", &appsv1.Deployment{}, nil, false},
		{"event", &corev1.Event{TypeMeta: meta.TypeMeta{APIVersion: "v1", Kind: "Event"}}, nil, false},
		{"namespace", &corev1.Namespace{TypeMeta: meta.TypeMeta{APIVersion: "v1", Kind: "Namespace"}}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := resourcequota.Usage(tt.obj)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Usage (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	spec := func(hard corev1.ResourceList, scopes ...corev1.ResourceQuotaScope) *corev1.ResourceQuota {
		return &corev1.ResourceQuota{Spec: corev1.ResourceQuotaSpec{Hard: hard, Scopes: scopes}}
	}
	tests := []struct {
		name string
		q    *corev1.ResourceQuota
		obj  meta.Object
		want bool
	}{
		{"pods quota, pod", spec(rl("pods", "1")), pod(), true},
		{"cpu quota, pod", spec(rl("requests.cpu", "1")), pod(), true},
		{"configmaps quota, pod", spec(rl("configmaps", "1")), pod(), false},
		{"configmaps quota, configmap", spec(rl("count/configmaps", "1")), configMap("c"), true},
		{"scoped quota, configmap", spec(rl("configmaps", "1"), corev1.ResourceQuotaScopeNotTerminating), configMap("c"), false},
		{"best effort, best effort pod", spec(rl("pods", "1"), corev1.ResourceQuotaScopeBestEffort), pod(), true},
		{"best effort, burstable pod", spec(rl("pods", "1"), corev1.ResourceQuotaScopeBestEffort), pod(container("a", rl("memory", "1Mi"), nil)), false},
		{"terminating and best effort", spec(rl("pods", "1"), corev1.ResourceQuotaScopeTerminating, corev1.ResourceQuotaScopeBestEffort), pod(deadline(10)), true},
		{"cross-namespace affinity", spec(rl("pods", "1"), corev1.ResourceQuotaScopeCrossNamespacePodAffinity), func() *corev1.Pod {
			p := pod()
			p.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
				RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{TopologyKey: "zone", Namespaces: []string{"other"}}}}}
			return p
		}(), true},
		{"cross-namespace affinity, none", spec(rl("pods", "1"), corev1.ResourceQuotaScopeCrossNamespacePodAffinity), pod(), false},
		{"matches on spec.hard, not status.hard", &corev1.ResourceQuota{Spec: corev1.ResourceQuotaSpec{Hard: rl("pods", "1")},
			Status: corev1.ResourceQuotaStatus{Hard: rl("configmaps", "1")}}, pod(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resourcequota.Matches(tt.q, tt.obj); got != tt.want {
				t.Errorf("Matches = %v, want %v", got, tt.want)
			}
		})
	}
}
