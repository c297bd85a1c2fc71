package replicaset_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	"github.com/gantryhq/gantry/controllers/replicaset"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func ptr[T any](v T) *T { return &v }

type fixture struct {
	env  *controllertest.Env
	ctx  context.Context
	rss  *client.Resource[*appsv1.ReplicaSet]
	rcs  *client.Resource[*corev1.ReplicationController]
	pods *client.Resource[*corev1.Pod]
}

// newFixture starts an API server and both controllers; with kubelet,
// a fake kubelet runs pods.
func newFixture(t *testing.T, kubelet bool) *fixture {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	env.StartManager(t, func(mgr *controllers.Manager) error {
		if err := replicaset.Add(mgr, replicaset.Config{}); err != nil {
			return err
		}
		return replicaset.AddReplicationController(mgr, replicaset.Config{})
	})
	if kubelet {
		env.FakeKubelet(t, controllertest.KubeletOptions{})
	}
	return &fixture{
		env:  env,
		ctx:  context.Background(),
		rss:  client.For[*appsv1.ReplicaSet](env.Client).Namespace("default"),
		rcs:  client.For[*corev1.ReplicationController](env.Client).Namespace("default"),
		pods: client.For[*corev1.Pod](env.Client).Namespace("default"),
	}
}

func replicaSet(name string, replicas int32) *appsv1.ReplicaSet {
	labels := map[string]string{"app": name}
	return &appsv1.ReplicaSet{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: name},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr(replicas),
			Selector: &meta.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": name, "tier": "web"}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}},
			},
		},
	}
}

// activePods returns the active pods controlled by uid.
func (f *fixture) activePods(t *testing.T, uid meta.UID) []*corev1.Pod {
	t.Helper()
	l, err := f.pods.List(f.ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*corev1.Pod
	for _, p := range l.Items {
		if meta.IsControlledBy(&p.ObjectMeta, uid) && replicaset.IsPodActive(p) {
			out = append(out, p)
		}
	}
	return out
}

func (f *fixture) scale(t *testing.T, name string, n int32) {
	t.Helper()
	rs, err := f.rss.Get(f.ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	rs.Spec.Replicas = &n
	if _, err := f.rss.Update(f.ctx, rs, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) waitRS(t *testing.T, name string, want appsv1.ReplicaSetStatus) {
	t.Helper()
	controllertest.Eventually(t, wait, func() error {
		rs, err := f.rss.Get(f.ctx, name)
		if err != nil {
			return err
		}
		got := rs.Status
		got.Conditions = nil
		if want.ObservedGeneration == 0 {
			want.ObservedGeneration = rs.Generation
		}
		if d := cmp.Diff(want, got); d != "" {
			return fmt.Errorf("status (-want +got):\n%s", d)
		}
		if n := len(f.activePods(t, rs.UID)); n != int(want.Replicas) {
			return fmt.Errorf("%d active pods, want %d", n, want.Replicas)
		}
		return nil
	})
}

func TestReplicaSetScalesAndReportsStatus(t *testing.T) {
	f := newFixture(t, true)
	rs, err := f.rss.Create(f.ctx, replicaSet("web", 3), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3})
	for _, p := range f.activePods(t, rs.UID) {
		ref := meta.GetControllerOf(&p.ObjectMeta)
		if p.GenerateName != "web-" || ref == nil || ref.Kind != "ReplicaSet" || ref.Name != "web" ||
			ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion || p.Labels["tier"] != "web" {
			t.Errorf("pod %s: generateName %q, controller %+v, labels %v", p.Name, p.GenerateName, ref, p.Labels)
		}
	}
	f.scale(t, "web", 7)
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 7, FullyLabeledReplicas: 7, ReadyReplicas: 7, AvailableReplicas: 7})
	f.scale(t, "web", 2)
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 2, ReadyReplicas: 2, AvailableReplicas: 2})

	// A deleted pod is replaced.
	p := f.activePods(t, rs.UID)[0]
	if err := f.pods.Delete(f.ctx, p.Name, nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		pods := f.activePods(t, rs.UID)
		if len(pods) != 2 {
			return fmt.Errorf("%d pods", len(pods))
		}
		for _, q := range pods {
			if q.Name == p.Name {
				return fmt.Errorf("pod %s still active", p.Name)
			}
		}
		return nil
	})
}

func TestMinReadySeconds(t *testing.T) {
	f := newFixture(t, true)
	rs := replicaSet("slow", 2)
	rs.Spec.MinReadySeconds = 1
	if _, err := f.rss.Create(f.ctx, rs, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	sawUnavailable := false
	controllertest.Eventually(t, wait, func() error {
		rs, err := f.rss.Get(f.ctx, "slow")
		if err != nil {
			return err
		}
		if rs.Status.ReadyReplicas == 2 && rs.Status.AvailableReplicas < 2 {
			sawUnavailable = true
		}
		if rs.Status.AvailableReplicas != 2 {
			return fmt.Errorf("status %+v", rs.Status)
		}
		return nil
	})
	if !sawUnavailable {
		t.Log("the pods became available before a ready-but-unavailable status was observed")
	}
}

func TestReplicationController(t *testing.T) {
	f := newFixture(t, true)
	labels := map[string]string{"app": "legacy"}
	rc, err := f.rcs.Create(f.ctx, &corev1.ReplicationController{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "legacy"},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr(int32(2)),
			Selector: labels,
			Template: &corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}},
			},
		},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		rc, err := f.rcs.Get(f.ctx, "legacy")
		if err != nil {
			return err
		}
		if rc.Status.Replicas != 2 || rc.Status.ReadyReplicas != 2 || rc.Status.AvailableReplicas != 2 || rc.Status.ObservedGeneration != rc.Generation {
			return fmt.Errorf("status %+v", rc.Status)
		}
		return nil
	})
	pods := f.activePods(t, rc.UID)
	if len(pods) != 2 {
		t.Fatalf("%d pods, want 2", len(pods))
	}
	if ref := meta.GetControllerOf(&pods[0].ObjectMeta); ref.APIVersion != "v1" || ref.Kind != "ReplicationController" {
		t.Errorf("controller reference %+v", ref)
	}
}

func TestAdoptionAndRelease(t *testing.T) {
	f := newFixture(t, false)
	orphan, err := f.pods.Create(f.ctx, &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "orphan", Labels: map[string]string{"app": "web"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox"}}},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := f.rss.Create(f.ctx, replicaSet("web", 2), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The orphan is adopted and counts: one pod is created, not two.
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 1})
	p, err := f.pods.Get(f.ctx, orphan.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !meta.IsControlledBy(&p.ObjectMeta, rs.UID) {
		t.Fatalf("orphan not adopted: %+v", p.OwnerReferences)
	}
	// A pod that stops matching is released and replaced.
	p.Labels = map[string]string{"app": "other"}
	if _, err := f.pods.Update(f.ctx, p, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		p, err := f.pods.Get(f.ctx, orphan.Name)
		if err != nil {
			return err
		}
		if len(p.OwnerReferences) != 0 {
			return fmt.Errorf("still owned: %+v", p.OwnerReferences)
		}
		return nil
	})
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 2, FullyLabeledReplicas: 2})
}

func TestDeletionPreference(t *testing.T) {
	f := newFixture(t, false)
	rs, err := f.rss.Create(f.ctx, replicaSet("web", 4), client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 4, FullyLabeledReplicas: 4})
	pods := f.activePods(t, rs.UID)
	// pods[0]: unscheduled, Pending. pods[1]: scheduled, Pending.
	// pods[2]: Running, not ready. pods[3]: Running and ready.
	role := map[string]string{pods[0].Name: "unscheduled", pods[1].Name: "pending", pods[2].Name: "not-ready", pods[3].Name: "ready"}
	for i, p := range pods[1:] {
		b := &corev1.Binding{ObjectMeta: meta.ObjectMeta{Name: p.Name}, Target: corev1.ObjectReference{Kind: "Node", Name: "node-1"}}
		if _, err := f.pods.CreateSubresource(f.ctx, p.Name, "binding", b); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			continue
		}
		p, err := f.pods.Get(f.ctx, p.Name)
		if err != nil {
			t.Fatal(err)
		}
		p.Status.Phase = corev1.PodRunning
		ready := corev1.ConditionFalse
		if i == 2 {
			ready = corev1.ConditionTrue
		}
		p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: corev1.PodReady, Status: ready, LastTransitionTime: meta.Now()})
		if _, err := f.pods.UpdateStatus(f.ctx, p, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: 4, FullyLabeledReplicas: 4, ReadyReplicas: 1, AvailableReplicas: 1})
	for _, want := range []string{"unscheduled", "pending", "not-ready"} {
		before := f.activePods(t, rs.UID)
		f.scale(t, "web", int32(len(before)-1))
		f.waitRS(t, "web", appsv1.ReplicaSetStatus{Replicas: int32(len(before) - 1), FullyLabeledReplicas: int32(len(before) - 1), ReadyReplicas: 1, AvailableReplicas: 1})
		left := map[string]bool{}
		for _, p := range f.activePods(t, rs.UID) {
			left[p.Name] = true
		}
		for _, p := range before {
			if !left[p.Name] && role[p.Name] != want {
				t.Errorf("deleted the %s pod, want the %s one deleted first", role[p.Name], want)
			}
		}
	}
}

func TestReplicaFailureCondition(t *testing.T) {
	f := newFixture(t, false)
	quotas := client.For[*corev1.ResourceQuota](f.env.Client).Namespace("default")
	q, err := quotas.Create(f.ctx, &corev1.ResourceQuota{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "pods"},
		Spec:       corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("1")}},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q.Status.Hard = q.Spec.Hard
	q.Status.Used = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("0")}
	if _, err := quotas.UpdateStatus(f.ctx, q, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.rss.Create(f.ctx, replicaSet("web", 2), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		rs, err := f.rss.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		for _, c := range rs.Status.Conditions {
			if c.Type == appsv1.ReplicaSetReplicaFailure && c.Status == corev1.ConditionTrue && c.Reason == replicaset.FailedCreateReason {
				return nil
			}
		}
		return fmt.Errorf("no ReplicaFailure condition: %+v", rs.Status)
	})
	// Lifting the quota clears the condition.
	if err := quotas.Delete(f.ctx, "pods", nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, func() error {
		rs, err := f.rss.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		if len(rs.Status.Conditions) != 0 || rs.Status.Replicas != 2 {
			return fmt.Errorf("status %+v", rs.Status)
		}
		return nil
	})
}
