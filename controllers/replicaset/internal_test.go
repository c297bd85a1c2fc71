package replicaset

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestSlowStartBatch(t *testing.T) {
	for _, tc := range []struct {
		name          string
		count, failAt int // failAt: the call that fails (0: none)
		wantOK        int
		wantCalls     int
	}{
		{"all succeed", 10, 0, 10, 10},
		{"none", 0, 0, 0, 0},
		{"first fails", 10, 1, 0, 1},
		// Batches 1, 2, 4: the failure in the third batch stops the rest.
		{"third batch fails", 10, 5, 6, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			ok, err := slowStartBatch(tc.count, 1, func() error {
				if n := calls.Add(1); int(n) == tc.failAt {
					return errors.New("boom")
				}
				return nil
			})
			if ok != tc.wantOK || int(calls.Load()) != tc.wantCalls || (err != nil) != (tc.failAt != 0) {
				t.Errorf("got %d successes, %d calls, error %v; want %d, %d", ok, calls.Load(), err, tc.wantOK, tc.wantCalls)
			}
		})
	}
}

func TestPodsToDeleteOrder(t *testing.T) {
	now := time.Now()
	pod := func(name, node string, phase corev1.PodPhase, ready bool, created time.Time, mutate ...func(*corev1.Pod)) *corev1.Pod {
		p := &corev1.Pod{
			ObjectMeta: meta.ObjectMeta{Name: name, CreationTimestamp: meta.NewTime(created)},
			Spec:       corev1.PodSpec{NodeName: node},
			Status:     corev1.PodStatus{Phase: phase},
		}
		if ready {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: meta.NewTime(created)}}
		}
		for _, m := range mutate {
			m(p)
		}
		return p
	}
	old, newer := now.Add(-time.Hour), now
	for _, tc := range []struct {
		name string
		pods []*corev1.Pod
		want []string
	}{
		{"unscheduled first", []*corev1.Pod{
			pod("scheduled", "n1", corev1.PodPending, false, old),
			pod("unscheduled", "", corev1.PodPending, false, old),
		}, []string{"unscheduled", "scheduled"}},
		{"pending, unknown, running", []*corev1.Pod{
			pod("running", "n1", corev1.PodRunning, false, old),
			pod("unknown", "n2", corev1.PodUnknown, false, old),
			pod("pending", "n3", corev1.PodPending, false, old),
		}, []string{"pending", "unknown", "running"}},
		{"not ready first", []*corev1.Pod{
			pod("ready", "n1", corev1.PodRunning, true, old),
			pod("not-ready", "n2", corev1.PodRunning, false, old),
		}, []string{"not-ready", "ready"}},
		{"lower deletion cost first", []*corev1.Pod{
			pod("cheap", "n1", corev1.PodRunning, true, old, func(p *corev1.Pod) {
				p.Annotations = map[string]string{PodDeletionCostAnnotation: "-5"}
			}),
			pod("default", "n2", corev1.PodRunning, true, newer),
		}, []string{"cheap", "default"}},
		{"doubled up first", []*corev1.Pod{
			pod("alone", "n1", corev1.PodRunning, true, newer),
			pod("pair-a", "n2", corev1.PodRunning, true, old),
			pod("pair-b", "n2", corev1.PodRunning, true, old),
		}, []string{"pair-a", "pair-b", "alone"}},
		{"ready for less time first", []*corev1.Pod{
			pod("long", "n1", corev1.PodRunning, true, old),
			pod("short", "n2", corev1.PodRunning, true, newer),
		}, []string{"short", "long"}},
		{"more restarts first", []*corev1.Pod{
			pod("calm", "n1", corev1.PodRunning, false, newer),
			pod("crashy", "n2", corev1.PodRunning, false, old, func(p *corev1.Pod) {
				p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "c", RestartCount: 4}}
			}),
		}, []string{"crashy", "calm"}},
		{"newest first", []*corev1.Pod{
			pod("older", "n1", corev1.PodPending, false, old),
			pod("newest", "n2", corev1.PodPending, false, newer),
		}, []string{"newest", "older"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range rankedPodsFor(tc.pods) {
				got = append(got, p.Name)
			}
			if first := podsToDelete(tc.pods, 1); first[0].Name != tc.want[0] {
				t.Errorf("podsToDelete(1) = %s, want %s", first[0].Name, tc.want[0])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("deletion order (-want +got):\n%s", diff)
			}
		})
	}
}
