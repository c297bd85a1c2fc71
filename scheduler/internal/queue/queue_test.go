package queue

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time       { return c.t }
func (c *fakeClock) step(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock                { return &fakeClock{t: time.Unix(1000, 0)} }
func prioLess(a, b *framework.QueuedPodInfo) bool {
	pa, pb := int32(0), int32(0)
	if a.Pod.Spec.Priority != nil {
		pa = *a.Pod.Spec.Priority
	}
	if b.Pod.Spec.Priority != nil {
		pb = *b.Pod.Spec.Priority
	}
	if pa != pb {
		return pa > pb
	}
	return a.Timestamp.Before(b.Timestamp)
}

func mkPod(name string, prio int32) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: name, Namespace: "ns", UID: meta.UID(name)}, Spec: corev1.PodSpec{Priority: &prio}}
}

type gate struct{}

func (gate) Name() string { return "Gate" }
func (gate) PreEnqueue(_ context.Context, p *corev1.Pod) *framework.Status {
	if len(p.Spec.SchedulingGates) > 0 {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, "gated")
	}
	return nil
}

func newQueue(c *fakeClock) *PriorityQueue {
	onlyLarge := func(pod *corev1.Pod, _, newObj any) (framework.QueueingHint, error) {
		if n, ok := newObj.(*corev1.Node); ok && n.Labels["size"] == "large" {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	}
	return New(Options{
		Less:       prioLess,
		Now:        c.now,
		PreEnqueue: map[string][]framework.PreEnqueuePlugin{DefaultSchedulerName: {gate{}}},
		Hints: map[string][]HintEntry{DefaultSchedulerName: {
			{Plugin: "Fit", Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}, Fn: onlyLarge},
			{Plugin: "Taint", Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.UpdateNodeTaint}},
		}},
	})
}

func pop(t *testing.T, q *PriorityQueue) *framework.QueuedPodInfo {
	t.Helper()
	p, err := q.Pop()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOrdering(t *testing.T) {
	c := newClock()
	q := newQueue(c)
	q.Add(mkPod("low", 0))
	c.step(time.Millisecond)
	q.Add(mkPod("high", 10))
	c.step(time.Millisecond)
	q.Add(mkPod("low2", 0))
	var got []string
	for range 3 {
		got = append(got, pop(t, q).Pod.Name)
	}
	if diff := cmp.Diff([]string{"high", "low", "low2"}, got); diff != "" {
		t.Errorf("pop order (-want +got):\n%s", diff)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second}, {5, 10 * time.Second}, {9, 10 * time.Second}}
	for _, tc := range tests {
		t.Run(tc.want.String(), func(t *testing.T) {
			q := newQueue(newClock())
			got := q.backoffDuration(&framework.QueuedPodInfo{Attempts: tc.attempts})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("backoff (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorGoesToBackoffThenActive(t *testing.T) {
	c := newClock()
	q := newQueue(c)
	q.Add(mkPod("p", 0))
	p := pop(t, q)
	// No rejecting plugin: an error, back-off queue.
	if err := q.AddUnschedulableIfNotPresent(p, q.SchedulingCycle()); err != nil {
		t.Fatal(err)
	}
	counts := func() [3]int { a, b, u := q.Counts(); return [3]int{a, b, u} }
	if diff := cmp.Diff([3]int{0, 1, 0}, counts()); diff != "" {
		t.Fatalf("queues (-want +got):\n%s", diff)
	}
	c.step(999 * time.Millisecond)
	q.FlushBackoffQCompleted()
	if diff := cmp.Diff([3]int{0, 1, 0}, counts()); diff != "" {
		t.Fatalf("before 1s (-want +got):\n%s", diff)
	}
	c.step(2 * time.Millisecond)
	q.FlushBackoffQCompleted()
	if diff := cmp.Diff([3]int{1, 0, 0}, counts()); diff != "" {
		t.Fatalf("after 1s (-want +got):\n%s", diff)
	}
}

func TestUnschedulableMovesOnMatchingEventsOnly(t *testing.T) {
	large := &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: "n", Labels: map[string]string{"size": "large"}}}
	small := &corev1.Node{ObjectMeta: meta.ObjectMeta{Name: "n", Labels: map[string]string{"size": "small"}}}
	nodeAdd := framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}
	taint := framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.UpdateNodeTaint}
	label := framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.UpdateNodeLabel}
	tests := []struct {
		name      string
		rejectors []string
		event     framework.ClusterEvent
		obj       *corev1.Node
		wantMoved bool
	}{
		{name: "matching event, hint queues", rejectors: []string{"Fit"}, event: nodeAdd, obj: large, wantMoved: true},
		{name: "matching event, hint skips", rejectors: []string{"Fit"}, event: nodeAdd, obj: small},
		{name: "event of another plugin", rejectors: []string{"Fit"}, event: taint, obj: large},
		{name: "no hint fn queues", rejectors: []string{"Taint"}, event: taint, obj: small, wantMoved: true},
		{name: "unregistered event", rejectors: []string{"Fit", "Taint"}, event: label, obj: large},
		{name: "any rejector suffices", rejectors: []string{"Fit", "Taint"}, event: taint, obj: small, wantMoved: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock()
			q := newQueue(c)
			q.Add(mkPod("p", 0))
			p := pop(t, q)
			p.UnschedulablePlugins = map[string]struct{}{}
			for _, r := range tc.rejectors {
				p.UnschedulablePlugins[r] = struct{}{}
			}
			if err := q.AddUnschedulableIfNotPresent(p, q.SchedulingCycle()); err != nil {
				t.Fatal(err)
			}
			if _, _, u := q.Counts(); u != 1 {
				t.Fatalf("pod not in the unschedulable pool")
			}
			c.step(time.Minute) // past its back-off
			q.MoveAllToActiveOrBackoffQueue(tc.event, nil, tc.obj, nil)
			a, _, _ := q.Counts()
			if got := a == 1; got != tc.wantMoved {
				t.Errorf("moved = %v, want %v", got, tc.wantMoved)
			}
		})
	}
}

func TestMoveRequestDuringCycleGoesToBackoff(t *testing.T) {
	c := newClock()
	q := newQueue(c)
	q.Add(mkPod("p", 0))
	p := pop(t, q)
	cycle := q.SchedulingCycle()
	q.MoveAllToActiveOrBackoffQueue(framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}, nil, nil, nil)
	p.UnschedulablePlugins = map[string]struct{}{"Fit": {}}
	_ = q.AddUnschedulableIfNotPresent(p, cycle)
	if a, b, u := q.Counts(); a != 0 || b != 1 || u != 0 {
		t.Errorf("counts = %d/%d/%d, want the pod in backoffQ", a, b, u)
	}
}

func TestGatedPods(t *testing.T) {
	c := newClock()
	q := newQueue(c)
	gated := mkPod("g", 0)
	gated.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "wait"}}
	q.Add(gated)
	if a, _, u := q.Counts(); a != 0 || u != 1 {
		t.Fatalf("gated pod is active")
	}
	q.FlushUnschedulablePodsLeftover()
	c.step(10 * time.Minute)
	q.FlushUnschedulablePodsLeftover()
	if a, _, _ := q.Counts(); a != 0 {
		t.Fatalf("flush activated a gated pod")
	}
	ungated := mkPod("g", 0)
	q.Update(gated, ungated)
	if got := pop(t, q).Pod.Name; got != "g" {
		t.Errorf("popped %q", got)
	}
}

func TestUnschedulableFlushAfterFiveMinutes(t *testing.T) {
	c := newClock()
	q := newQueue(c)
	q.Add(mkPod("p", 0))
	p := pop(t, q)
	p.UnschedulablePlugins = map[string]struct{}{"Fit": {}}
	_ = q.AddUnschedulableIfNotPresent(p, q.SchedulingCycle())
	c.step(4 * time.Minute)
	q.FlushUnschedulablePodsLeftover()
	if _, _, u := q.Counts(); u != 1 {
		t.Fatal("flushed before 5 min")
	}
	c.step(2 * time.Minute)
	q.FlushUnschedulablePodsLeftover()
	if a, _, _ := q.Counts(); a != 1 {
		t.Fatal("not flushed after 5 min")
	}
}

func TestDeleteInFlightDropsPod(t *testing.T) {
	q := newQueue(newClock())
	q.Add(mkPod("p", 0))
	p := pop(t, q)
	q.Delete(p.Pod)
	_ = q.AddUnschedulableIfNotPresent(p, q.SchedulingCycle())
	if a, b, u := q.Counts(); a+b+u != 0 {
		t.Errorf("deleted pod re-queued: %d/%d/%d", a, b, u)
	}
}

func TestPopBlocksUntilAddAndClose(t *testing.T) {
	q := newQueue(newClock())
	got := make(chan string, 1)
	go func() {
		p, err := q.Pop()
		if err == nil {
			got <- p.Pod.Name
		}
	}()
	q.Add(mkPod("p", 0))
	if name := <-got; name != "p" {
		t.Errorf("popped %q", name)
	}
	done := make(chan error, 1)
	go func() { _, err := q.Pop(); done <- err }()
	q.Close()
	if err := <-done; err != ErrClosed {
		t.Errorf("Pop after Close = %v, want ErrClosed", err)
	}
}

func TestNominator(t *testing.T) {
	n := NewNominator()
	p := framework.NewPodInfo(mkPod("p", 5))
	n.AddNominatedPod(p, "n1")
	if got := len(n.NominatedPodsForNode("n1")); got != 1 {
		t.Fatalf("nominated = %d", got)
	}
	n.AddNominatedPod(p, "n2")
	if len(n.NominatedPodsForNode("n1")) != 0 || len(n.NominatedPodsForNode("n2")) != 1 {
		t.Fatal("re-nomination did not move the pod")
	}
	n.DeleteNominatedPodIfExists(p.Pod)
	if n.HasNominatedPods() {
		t.Fatal("pod still nominated")
	}
}
