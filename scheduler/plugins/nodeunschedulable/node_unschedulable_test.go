package nodeunschedulable

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

func TestFilter(t *testing.T) {
	unschedulable := framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonUnschedulable)
	tests := []struct {
		name string
		pod  *corev1.Pod
		node *corev1.Node
		want *framework.Status
	}{
		{name: "schedulable node", pod: st.MakePod().Obj(), node: st.MakeNode().Name("n").Obj()},
		{name: "unschedulable node", pod: st.MakePod().Obj(), node: st.MakeNode().Name("n").Unschedulable(true).Obj(), want: unschedulable},
		{name: "unschedulable node, pod tolerates the taint", node: st.MakeNode().Name("n").Unschedulable(true).Obj(),
			pod: st.MakePod().Toleration(corev1.TaintNodeUnschedulable, corev1.TolerationOpExists, "", corev1.TaintEffectNoSchedule).Obj()},
		{name: "unschedulable node, pod tolerates everything", node: st.MakeNode().Name("n").Unschedulable(true).Obj(),
			pod: st.MakePod().Toleration("", corev1.TolerationOpExists, "", "").Obj()},
		{name: "unschedulable node, toleration for another effect", node: st.MakeNode().Name("n").Unschedulable(true).Obj(),
			pod:  st.MakePod().Toleration(corev1.TaintNodeUnschedulable, corev1.TolerationOpExists, "", corev1.TaintEffectNoExecute).Obj(),
			want: unschedulable},
	}
	p, _ := New(context.Background(), nil, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ni := st.NodeInfos([]*corev1.Node{tc.node}, nil)[0]
			got := p.(framework.FilterPlugin).Filter(context.Background(), framework.NewCycleState(), tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	got := p.(framework.FilterPlugin).Filter(context.Background(), framework.NewCycleState(), st.MakePod().Obj(), framework.NewNodeInfo())
	if diff := cmp.Diff(framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonUnknownCondition).String(), got.String()); diff != "" {
		t.Errorf("no node (-want +got):\n%s", diff)
	}
}

func TestQueueingHints(t *testing.T) {
	cordoned := st.MakeNode().Name("n").Unschedulable(true).Obj()
	open := st.MakeNode().Name("n").Obj()
	pod := st.MakePod().Name("p").Obj()
	tolerating := st.MakePod().Name("p").Toleration(corev1.TaintNodeUnschedulable, corev1.TolerationOpExists, "", corev1.TaintEffectNoSchedule).Obj()
	other := st.MakePod().Name("q").Toleration(corev1.TaintNodeUnschedulable, corev1.TolerationOpExists, "", corev1.TaintEffectNoSchedule).Obj()
	tests := []struct {
		name           string
		fn             framework.QueueingHintFn
		oldObj, newObj any
		want           framework.QueueingHint
	}{
		{name: "schedulable node added", fn: isSchedulableAfterNodeChange, newObj: open, want: framework.Queue},
		{name: "unschedulable node added", fn: isSchedulableAfterNodeChange, newObj: cordoned, want: framework.QueueSkip},
		{name: "node uncordoned", fn: isSchedulableAfterNodeChange, oldObj: cordoned, newObj: open, want: framework.Queue},
		{name: "node cordoned", fn: isSchedulableAfterNodeChange, oldObj: open, newObj: cordoned, want: framework.QueueSkip},
		{name: "schedulable node updated", fn: isSchedulableAfterNodeChange, oldObj: open, newObj: open, want: framework.QueueSkip},
		{name: "pod got the toleration", fn: isSchedulableAfterPodTolerationChange, oldObj: pod, newObj: tolerating, want: framework.Queue},
		{name: "another pod got the toleration", fn: isSchedulableAfterPodTolerationChange, oldObj: pod, newObj: other, want: framework.QueueSkip},
		{name: "pod already tolerated", fn: isSchedulableAfterPodTolerationChange, oldObj: tolerating, newObj: tolerating, want: framework.QueueSkip},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.fn(pod, tc.oldObj, tc.newObj)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// BenchmarkFilter filters one pod over 5,000 nodes per op.
func BenchmarkFilter(b *testing.B) {
	nodes := make([]*corev1.Node, 5000)
	for i := range nodes {
		nodes[i] = st.MakeNode().Name("node-" + strconv.Itoa(i)).Unschedulable(i%10 == 0).Obj()
	}
	infos := st.NodeInfos(nodes, nil)
	p, _ := New(context.Background(), nil, nil)
	f := p.(framework.FilterPlugin)
	pod := st.MakePod().Toleration(corev1.TaintNodeUnschedulable, corev1.TolerationOpExists, "", corev1.TaintEffectNoSchedule).Obj()
	ctx, state := context.Background(), framework.NewCycleState()
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if s := f.Filter(ctx, state, pod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}
