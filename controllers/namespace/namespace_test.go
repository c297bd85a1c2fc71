package namespace_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/garbagecollector"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	"github.com/gantryhq/gantry/controllers/namespace"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func ptr[T any](v T) *T { return &v }

func podSpec() corev1.PodSpec {
	return corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}}
}

// requireNamespaceFinalization skips the test when the API server deletes
// a namespace at once instead of marking it and waiting for the
// "kubernetes" finalizer of spec.finalizers, as Kubernetes' does.
func requireNamespaceFinalization(t *testing.T, env *controllertest.Env) {
	t.Helper()
	ctx := context.Background()
	nss := client.For[*corev1.Namespace](env.Client)
	if _, err := nss.Create(ctx, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "probe"}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := nss.Delete(ctx, "probe", nil); err != nil {
		t.Fatal(err)
	}
	ns, err := nss.Get(ctx, "probe")
	if apierrors.IsNotFound(err) {
		t.Fatal("the API server deletes a namespace at once: it needs to set deletionTimestamp (and phase Terminating) while spec.finalizers is not empty, and to serve namespaces/{name}/finalize")
	}
	if err != nil {
		t.Fatal(err)
	}
	var out corev1.Namespace
	upd := ns.DeepCopy()
	upd.Spec.Finalizers = nil
	if err := nss.UpdateSubresource(ctx, "probe", "finalize", upd, &out); err != nil {
		t.Fatalf("the API server serves no namespaces/{name}/finalize: %v", err)
	}
}

func TestNamespaceDeletion(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	requireNamespaceFinalization(t, env)
	ctx := context.Background()
	env.StartManager(t, func(mgr *controllers.Manager) error {
		if err := garbagecollector.Add(mgr, garbagecollector.Config{}); err != nil {
			return err
		}
		return namespace.Add(mgr, namespace.Config{})
	})

	nss := client.For[*corev1.Namespace](env.Client)
	if _, err := nss.Create(ctx, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	cms := client.For[*corev1.ConfigMap](env.Client).Namespace("team-a")
	pods := client.For[*corev1.Pod](env.Client).Namespace("team-a")
	rss := client.For[*appsv1.ReplicaSet](env.Client).Namespace("team-a")
	for i := range 3 {
		if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: fmt.Sprintf("cm-%d", i)}}, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// A config map with a finalizer that only the test removes.
	if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "held", Finalizers: []string{"example.com/hold"}}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"app": "web"}
	if _, err := rss.Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: meta.ObjectMeta{Name: "web"},
		Spec: appsv1.ReplicaSetSpec{Selector: &meta.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: meta.ObjectMeta{Labels: labels}, Spec: podSpec()}},
	}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pods.Create(ctx, &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "unbound"}, Spec: podSpec()}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	bound := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "bound"}, Spec: podSpec()}
	bound.Spec.NodeName = "node-1"
	if _, err := pods.Create(ctx, bound, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	if err := nss.Delete(ctx, "team-a", nil); err != nil {
		t.Fatal(err)
	}
	// Everything goes but what waits: the bound pod (for its agent) and
	// the config map with a finalizer.
	controllertest.Eventually(t, wait, func() error {
		ns, err := nss.Get(ctx, "team-a")
		if err != nil {
			return err
		}
		if ns.Status.Phase != corev1.NamespaceTerminating {
			return fmt.Errorf("phase %q, want Terminating", ns.Status.Phase)
		}
		got := names(t, ctx, pods, cms, rss)
		if want := "pods [bound] configmaps [held] replicasets []"; got != want {
			return fmt.Errorf("content %q, want %q", got, want)
		}
		return nil
	})
	p, err := pods.Get(ctx, "bound")
	if err != nil || p.DeletionTimestamp == nil {
		t.Fatalf("bound pod: want it terminating, got %v %v", p, err)
	}
	// New objects are refused.
	if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: "late"}}, client.WriteOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("create in a terminating namespace: got %v, want Forbidden", err)
	}
	// The agent confirms the pod's end; the finalizer's owner lets go.
	if err := pods.Delete(ctx, "bound", &meta.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
		t.Fatal(err)
	}
	held, err := cms.Get(ctx, "held")
	if err != nil {
		t.Fatal(err)
	}
	held.Finalizers = nil
	if _, err := cms.Update(ctx, held, client.WriteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		_, err := nss.Get(ctx, "team-a")
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("namespace still there: %v", err)
	})
}

func names(t *testing.T, ctx context.Context, pods *client.Resource[*corev1.Pod], cms *client.Resource[*corev1.ConfigMap], rss *client.Resource[*appsv1.ReplicaSet]) string {
	t.Helper()
	var ps, cs, rs []string
	pl, err := pods.List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pl.Items {
		ps = append(ps, p.Name)
	}
	cl, err := cms.List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cl.Items {
		cs = append(cs, c.Name)
	}
	rl, err := rss.List(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rl.Items {
		rs = append(rs, r.Name)
	}
	return fmt.Sprintf("pods %v configmaps %v replicasets %v", ps, cs, rs)
}
