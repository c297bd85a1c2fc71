package garbagecollector_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/garbagecollector"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func ptr[T any](v T) *T { return &v }

func replicaSet(ns, name string) *appsv1.ReplicaSet {
	labels := map[string]string{"app": name}
	return &appsv1.ReplicaSet{
		ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr(int32(2)),
			Selector: &meta.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}},
			},
		},
	}
}

func ownerRef(apiVersion, kind, name string, uid meta.UID, block bool) meta.OwnerReference {
	return meta.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: name, UID: uid, Controller: ptr(true), BlockOwnerDeletion: ptr(block)}
}

func rsRef(rs *appsv1.ReplicaSet, block bool) meta.OwnerReference {
	return ownerRef("apps/v1", "ReplicaSet", rs.Name, rs.UID, block)
}

func pod(ns, name string, owners ...meta.OwnerReference) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: ns, Name: name, OwnerReferences: owners},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}},
	}
}

type fixture struct {
	env  *controllertest.Env
	ctx  context.Context
	rss  *client.Resource[*appsv1.ReplicaSet]
	pods *client.Resource[*corev1.Pod]

	barriers int
}

func newFixture(t *testing.T) *fixture {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	return &fixture{
		env:  env,
		ctx:  context.Background(),
		rss:  client.For[*appsv1.ReplicaSet](env.Client).Namespace("default"),
		pods: client.For[*corev1.Pod](env.Client).Namespace("default"),
	}
}

func (f *fixture) startGC(t *testing.T) (stop func()) {
	mgr := f.env.NewManager(t, controllers.Options{})
	if err := garbagecollector.Add(mgr, garbagecollector.Config{}); err != nil {
		t.Fatal(err)
	}
	return controllertest.Run(t, mgr)
}

func (f *fixture) createRS(t *testing.T, name string) *appsv1.ReplicaSet {
	t.Helper()
	rs, err := f.rss.Create(f.ctx, replicaSet("default", name), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func (f *fixture) createPod(t *testing.T, name string, owners ...meta.OwnerReference) *corev1.Pod {
	t.Helper()
	p, err := f.pods.Create(f.ctx, pod("default", name, owners...), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// barrier returns once the collector has seen every pod created before:
// it creates a pod whose owner does not exist and waits until the
// collector has deleted it (one informer delivers a kind's events in
// order). Like Kubernetes', the collector sees dependents through its
// caches, and a dependent it has not seen yet when its owner is deleted
// in the foreground or orphan mode is collected as dangling afterwards.
func (f *fixture) barrier(t *testing.T) {
	t.Helper()
	f.barriers++
	name := fmt.Sprintf("barrier-%d", f.barriers)
	f.createPod(t, name, ownerRef("apps/v1", "ReplicaSet", "none", "00000000-0000-4000-8000-00000000ffff", false))
	controllertest.Eventually(t, wait, func() error { return gone(f.ctx, f.pods, name) })
}

// podNames lists the pods of "default" by name, with their owner names.
func (f *fixture) podNames(t *testing.T) map[string][]string {
	t.Helper()
	l, err := f.pods.List(f.ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, p := range l.Items {
		owners := []string{}
		for _, r := range p.OwnerReferences {
			owners = append(owners, r.Name)
		}
		out[p.Name] = owners
	}
	return out
}

func gone[T meta.Object](ctx context.Context, r *client.Resource[T], name string) error {
	obj, err := r.Get(ctx, name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	m := obj.GetObjectMeta()
	return fmt.Errorf("%s still exists (deletionTimestamp %v, finalizers %v)", name, m.DeletionTimestamp, m.Finalizers)
}

func (f *fixture) podsAre(t *testing.T, want map[string][]string) func() error {
	return func() error {
		if diff := cmp.Diff(want, f.podNames(t)); diff != "" {
			return fmt.Errorf("pods (-want +got):\n%s", diff)
		}
		return nil
	}
}

func TestCascades(t *testing.T) {
	f := newFixture(t)
	f.startGC(t)
	for _, tc := range []struct {
		name   string
		policy meta.DeletionPropagation
		// pods left once the owner is gone
		want map[string][]string
	}{
		{name: "background", policy: meta.DeletePropagationBackground, want: map[string][]string{}},
		{name: "foreground", policy: meta.DeletePropagationForeground, want: map[string][]string{}},
		{name: "orphan", policy: meta.DeletePropagationOrphan, want: map[string][]string{"orphan-a": {}, "orphan-b": {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := f.createRS(t, tc.name)
			f.createPod(t, tc.name+"-a", rsRef(rs, true))
			f.createPod(t, tc.name+"-b", rsRef(rs, false))
			f.barrier(t)
			policy := tc.policy
			if err := f.rss.Delete(f.ctx, rs.Name, &meta.DeleteOptions{PropagationPolicy: &policy}); err != nil {
				t.Fatal(err)
			}
			controllertest.Eventually(t, wait, func() error { return gone(f.ctx, f.rss, rs.Name) })
			if tc.policy == meta.DeletePropagationForeground {
				// The owner went only once its blocking dependent had gone.
				if _, ok := f.podNames(t)[tc.name+"-a"]; ok {
					t.Errorf("foreground: the ReplicaSet was deleted before its blocking pod")
				}
			}
			controllertest.Eventually(t, wait, f.podsAre(t, tc.want))
			for name := range tc.want {
				if err := f.pods.Delete(f.ctx, name, nil); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// A foreground deletion waits for dependents that are deleted gracefully,
// and deletes dependents that have dependents of their own in the
// foreground too (Deployment → ReplicaSet → Pod).
func TestForegroundTree(t *testing.T) {
	f := newFixture(t)
	f.startGC(t)
	deps := client.For[*appsv1.Deployment](f.env.Client).Namespace("default")
	rs0 := replicaSet("default", "web")
	d, err := deps.Create(f.ctx, &appsv1.Deployment{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "web"},
		Spec:       appsv1.DeploymentSpec{Selector: rs0.Spec.Selector, Template: rs0.Spec.Template},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs0.Name = "web-1"
	rs0.OwnerReferences = []meta.OwnerReference{ownerRef("apps/v1", "Deployment", d.Name, d.UID, true)}
	rs, err := f.rss.Create(f.ctx, rs0, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A pod bound to a node terminates gracefully: it stays until its
	// agent (here: the test) confirms.
	bound := pod("default", "web-1-bound", rsRef(rs, true))
	bound.Spec.NodeName = "node-1"
	if _, err := f.pods.Create(f.ctx, bound, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	f.createPod(t, "web-1-unbound", rsRef(rs, true))
	f.barrier(t)

	fg := meta.DeletePropagationForeground
	if err := deps.Delete(f.ctx, d.Name, &meta.DeleteOptions{PropagationPolicy: &fg}); err != nil {
		t.Fatal(err)
	}
	// The ReplicaSet is deleted in the foreground: it waits for the bound pod.
	controllertest.Eventually(t, wait, func() error {
		rs, err := f.rss.Get(f.ctx, "web-1")
		if err != nil {
			return err
		}
		if rs.DeletionTimestamp == nil || !rs.HasFinalizer(meta.FinalizerDeleteDependents) {
			return fmt.Errorf("ReplicaSet not deleted in the foreground yet: finalizers %v", rs.Finalizers)
		}
		return nil
	})
	controllertest.Eventually(t, wait, f.podsAre(t, map[string][]string{"web-1-bound": {"web-1"}}))
	p, err := f.pods.Get(f.ctx, "web-1-bound")
	if err != nil || p.DeletionTimestamp == nil {
		t.Fatalf("bound pod: want it terminating, got %v, %v", p, err)
	}
	if _, err := deps.Get(f.ctx, "web"); err != nil {
		t.Fatalf("the Deployment went before its blocking dependents: %v", err)
	}
	// The agent confirms the pod's termination.
	if err := f.pods.Delete(f.ctx, "web-1-bound", &meta.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error { return gone(f.ctx, f.rss, "web-1") })
	controllertest.Eventually(t, wait, func() error { return gone(f.ctx, deps, "web") })
}

func TestDanglingOwners(t *testing.T) {
	f := newFixture(t)
	f.startGC(t)
	live := f.createRS(t, "live")
	// The owner "replaced" exists, but under another UID than the pods'
	// reference: it was deleted and created again, and is another owner.
	replaced := f.createRS(t, "replaced")
	f.createPod(t, "of-missing", ownerRef("apps/v1", "ReplicaSet", "missing", "00000000-0000-4000-8000-000000000001", true))
	f.createPod(t, "of-replaced", ownerRef("apps/v1", "ReplicaSet", replaced.Name, "00000000-0000-4000-8000-000000000002", true))
	twoOwners := rsRef(live, false)
	twoOwners.Controller = ptr(false)
	f.createPod(t, "of-live-and-missing", twoOwners, ownerRef("apps/v1", "ReplicaSet", "missing", "00000000-0000-4000-8000-000000000001", false))
	f.createPod(t, "of-live", rsRef(live, true))
	f.createPod(t, "of-nobody")
	// A node owns its lease (a cluster-scoped owner).
	nodes := client.For[*corev1.Node](f.env.Client)
	node, err := nodes.Create(f.ctx, &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: "node-1"}}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	leases := client.For[*coordinationv1.Lease](f.env.Client).Namespace("kube-node-lease")
	if _, err := leases.Create(f.ctx, &coordinationv1.Lease{ObjectMeta: meta.ObjectMeta{
		Namespace: "kube-node-lease", Name: "node-1",
		OwnerReferences: []meta.OwnerReference{ownerRef("v1", "Node", node.Name, node.UID, false)},
	}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}

	controllertest.Eventually(t, wait, f.podsAre(t, map[string][]string{
		"of-live-and-missing": {"live"},
		"of-live":             {"live"},
		"of-nobody":           {},
	}))
	if err := nodes.Delete(f.ctx, node.Name, nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error { return gone(f.ctx, leases, "node-1") })
	if _, err := f.rss.Get(f.ctx, "replaced"); err != nil {
		t.Errorf("the new owner of the same name was touched: %v", err)
	}
}

// An owner deleted in the foreground or orphan mode with no dependents
// just loses its finalizer.
func TestFinalizersWithoutDependents(t *testing.T) {
	f := newFixture(t)
	f.startGC(t)
	cms := client.For[*corev1.ConfigMap](f.env.Client).Namespace("default")
	for _, policy := range []meta.DeletionPropagation{meta.DeletePropagationForeground, meta.DeletePropagationOrphan} {
		name := "cm-" + strings.ToLower(string(policy))
		if _, err := cms.Create(f.ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: name}}, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := cms.Delete(f.ctx, name, &meta.DeleteOptions{PropagationPolicy: &policy}); err != nil {
			t.Fatal(err)
		}
		controllertest.Eventually(t, wait, func() error { return gone(f.ctx, cms, name) })
	}
}

// The collector is level-triggered: what changed while it was not
// running is handled when it starts again.
func TestConvergesAfterRestart(t *testing.T) {
	f := newFixture(t)
	stop := f.startGC(t)
	rs := f.createRS(t, "web")
	f.createPod(t, "web-a", rsRef(rs, true))
	f.barrier(t)
	stop()
	if err := f.rss.Delete(f.ctx, rs.Name, nil); err != nil {
		t.Fatal(err)
	}
	orphan := meta.DeletePropagationOrphan
	rs2 := f.createRS(t, "kept")
	f.createPod(t, "kept-a", rsRef(rs2, true))
	if err := f.rss.Delete(f.ctx, rs2.Name, &meta.DeleteOptions{PropagationPolicy: &orphan}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if got := f.podNames(t); len(got) != 2 {
		t.Fatalf("pods changed with no collector running: %v", got)
	}
	f.startGC(t)
	controllertest.Eventually(t, wait, f.podsAre(t, map[string][]string{"kept-a": {}}))
	controllertest.Eventually(t, wait, func() error { return gone(f.ctx, f.rss, "kept") })
}
