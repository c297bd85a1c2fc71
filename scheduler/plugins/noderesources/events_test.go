package noderesources

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

func TestFitEventsToRegister(t *testing.T) {
	p := newFit(t, nil, nil)
	events, err := p.EventsToRegister(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := []framework.ClusterEvent{events[0].Event, events[1].Event}
	want := []framework.ClusterEvent{
		{Resource: framework.PodResource, ActionType: framework.Delete | framework.UpdatePodScaleDown},
		{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeAllocatable},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestIsSchedulableAfterPodEvent(t *testing.T) {
	target := st.MakePod().Name("target").Req(map[string]string{"cpu": "1"}).Obj()
	assigned := st.MakePod().Name("other").Node("n1").Req(map[string]string{"cpu": "2", "memory": "2"}).Obj()
	assignedLessCPU := st.MakePod().Name("other").Node("n1").Req(map[string]string{"cpu": "1", "memory": "2"}).Obj()
	assignedLessMem := st.MakePod().Name("other").Node("n1").Req(map[string]string{"cpu": "2", "memory": "1"}).Obj()
	pending := st.MakePod().Name("pending").Req(map[string]string{"cpu": "2"}).Obj()
	pendingLess := st.MakePod().Name("pending").Req(map[string]string{"cpu": "1"}).Obj()
	targetLess := st.MakePod().Name("target").Req(map[string]string{"cpu": "500m"}).Obj()
	tests := []struct {
		name           string
		oldObj, newObj any
		want           framework.QueueingHint
		wantErr        bool
	}{
		{name: "assigned pod deleted", oldObj: assigned, want: framework.Queue},
		{name: "unassigned pod deleted", oldObj: pending, want: framework.QueueSkip},
		{name: "assigned pod scaled down on a requested resource", oldObj: assigned, newObj: assignedLessCPU, want: framework.Queue},
		{name: "assigned pod scaled down on another resource", oldObj: assigned, newObj: assignedLessMem, want: framework.QueueSkip},
		{name: "unassigned pod scaled down", oldObj: pending, newObj: pendingLess, want: framework.QueueSkip},
		{name: "the target pod scaled down", oldObj: target, newObj: targetLess, want: framework.Queue},
		{name: "wrong type", oldObj: &corev1.Node{}, want: framework.Queue, wantErr: true},
	}
	p := newFit(t, nil, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.isSchedulableAfterPodEvent(target, tc.oldObj, tc.newObj)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsSchedulableAfterNodeChange(t *testing.T) {
	pod := st.MakePod().Name("p").Req(map[string]string{"cpu": "2", "memory": "1"}).Obj()
	bestEffort := st.MakePod().Name("be").Obj()
	node := func(cpu, mem, pods string) *corev1.Node {
		return st.MakeNode().Name("n").Capacity(map[string]string{"cpu": cpu, "memory": mem, "pods": pods}).Obj()
	}
	tests := []struct {
		name           string
		pod            *corev1.Pod
		oldObj, newObj any
		want           framework.QueueingHint
	}{
		{name: "node added with room", pod: pod, newObj: node("4", "4", "10"), want: framework.Queue},
		{name: "node added too small", pod: pod, newObj: node("1", "4", "10"), want: framework.QueueSkip},
		{name: "requested resource grew and fits", pod: pod, oldObj: node("1", "4", "10"), newObj: node("4", "4", "10"), want: framework.Queue},
		{name: "resource grew but still too small", pod: pod, oldObj: node("1", "4", "10"), newObj: node("1500m", "4", "10"), want: framework.QueueSkip},
		{name: "unrequested resource grew", pod: pod, oldObj: node("4", "4", "10"), newObj: node("4", "4", "10"), want: framework.QueueSkip},
		{name: "pods count grew", pod: bestEffort, oldObj: node("4", "4", "10"), newObj: node("4", "4", "11"), want: framework.Queue},
		{name: "best-effort pod, cpu grew", pod: bestEffort, oldObj: node("4", "4", "10"), newObj: node("8", "4", "10"), want: framework.QueueSkip},
	}
	p := newFit(t, nil, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.isSchedulableAfterNodeChange(tc.pod, tc.oldObj, tc.newObj)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
