package controllertest

import (
	"context"
	"sync"
	"testing"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// KubeletOptions configures FakeKubelet. The zero value means defaults.
type KubeletOptions struct {
	// Node is the node unbound pods are bound to. Default "node-1".
	Node string
	// NotReady, when it returns true for a pod, keeps the pod Running but
	// not ready (a failing readiness probe).
	NotReady func(*corev1.Pod) bool
	// ReadyDelay is how long a running pod waits before it becomes ready.
	ReadyDelay time.Duration
}

// FakeKubelet plays the scheduler and the node agent for pods: it binds
// unbound pods to one node, marks them Running and Ready, and confirms
// graceful deletions (deletes terminating pods with grace period 0). It
// stops when the test ends.
func (e *Env) FakeKubelet(t testing.TB, opts KubeletOptions) {
	t.Helper()
	if opts.Node == "" {
		opts.Node = "node-1"
	}
	podKind, err := client.ForErr[*corev1.Pod](e.Client)
	if err != nil {
		t.Fatal(err)
	}
	pods := client.For[*corev1.Pod](e.Client)
	f := client.NewFactory(e.Client, "", 0)
	inf := f.InformerForKind(podKind.Kind())
	kick := make(chan struct{}, 1)
	poke := func() {
		select {
		case kick <- struct{}{}:
		default:
		}
	}
	inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
		AddFunc:    func(meta.Object, bool) { poke() },
		UpdateFunc: func(meta.Object, meta.Object) { poke() },
	})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	started := map[meta.UID]time.Time{} // when each pod started running (only the loop uses it)
	f.Start(ctx)
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-kick:
			case <-tick.C:
			}
			for _, o := range inf.List(nil) {
				p := o.(*corev1.Pod)
				kubeletSync(ctx, pods.Namespace(p.Namespace), p, opts, started)
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		f.Shutdown()
	})
}

func kubeletSync(ctx context.Context, pods *client.Resource[*corev1.Pod], p *corev1.Pod, opts KubeletOptions, started map[meta.UID]time.Time) {
	switch {
	case p.DeletionTimestamp != nil:
		zero := int64(0)
		_ = pods.Delete(ctx, p.Name, &meta.DeleteOptions{GracePeriodSeconds: &zero, Preconditions: &meta.Preconditions{UID: &p.UID}})
	case p.Spec.NodeName == "":
		b := &corev1.Binding{ObjectMeta: meta.ObjectMeta{Name: p.Name, UID: p.UID}, Target: corev1.ObjectReference{Kind: "Node", Name: opts.Node}}
		_, _ = pods.CreateSubresource(ctx, p.Name, "binding", b)
	default:
		ready := opts.NotReady == nil || !opts.NotReady(p)
		if _, ok := started[p.UID]; !ok {
			started[p.UID] = time.Now()
		}
		if ready && readyStatus(p) != corev1.ConditionTrue && time.Since(started[p.UID]) < opts.ReadyDelay {
			ready = false
		}
		want := corev1.ConditionFalse
		if ready {
			want = corev1.ConditionTrue
		}
		if p.Status.Phase == corev1.PodRunning && readyStatus(p) == want {
			return
		}
		cp := p.DeepCopy()
		cp.Status.Phase = corev1.PodRunning
		if cp.Status.StartTime == nil {
			now := meta.Now()
			cp.Status.StartTime = &now
		}
		setCondition(cp, corev1.PodCondition{Type: corev1.PodReady, Status: want, LastTransitionTime: meta.Now()})
		if _, err := pods.UpdateStatus(ctx, cp, client.WriteOptions{}); err != nil && !apierrors.IsConflict(err) && !apierrors.IsNotFound(err) {
			return
		}
	}
}

func readyStatus(p *corev1.Pod) corev1.ConditionStatus {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status
		}
	}
	return ""
}

func setCondition(p *corev1.Pod, c corev1.PodCondition) {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == c.Type {
			if p.Status.Conditions[i].Status != c.Status {
				p.Status.Conditions[i] = c
			}
			return
		}
	}
	p.Status.Conditions = append(p.Status.Conditions, c)
}
