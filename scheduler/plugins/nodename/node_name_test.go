package nodename

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
	node := st.MakeNode().Name("foo").Obj()
	tests := []struct {
		name string
		pod  *corev1.Pod
		want *framework.Status
	}{
		{name: "no host specified", pod: st.MakePod().Obj()},
		{name: "host matches", pod: st.MakePod().Node("foo").Obj()},
		{name: "host doesn't match", pod: st.MakePod().Node("bar").Obj(),
			want: framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReason)},
	}
	p, _ := New(context.Background(), nil, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ni := st.NodeInfos([]*corev1.Node{node}, nil)[0]
			got := p.(framework.FilterPlugin).Filter(context.Background(), framework.NewCycleState(), tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEventsToRegister(t *testing.T) {
	tests := []struct {
		name           string
		pod            *corev1.Pod
		oldObj, newObj any
		want           framework.QueueingHint
		wantErr        bool
	}{
		{name: "added node is the requested one", pod: st.MakePod().Node("foo").Obj(), newObj: st.MakeNode().Name("foo").Obj(), want: framework.Queue},
		{name: "added node is another one", pod: st.MakePod().Node("foo").Obj(), newObj: st.MakeNode().Name("bar").Obj(), want: framework.QueueSkip},
		{name: "pod without node name", pod: st.MakePod().Obj(), newObj: st.MakeNode().Name("bar").Obj(), want: framework.Queue},
		{name: "wrong type", pod: st.MakePod().Obj(), newObj: st.MakePod().Obj(), want: framework.Queue, wantErr: true},
	}
	p, _ := New(context.Background(), nil, nil)
	events, _ := p.(framework.EnqueueExtensions).EventsToRegister(context.Background())
	if diff := cmp.Diff(framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}, events[0].Event); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := events[0].QueueingHintFn(tc.pod, tc.oldObj, tc.newObj)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
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
		nodes[i] = st.MakeNode().Name("node-" + strconv.Itoa(i)).Obj()
	}
	infos := st.NodeInfos(nodes, nil)
	p, _ := New(context.Background(), nil, nil)
	f := p.(framework.FilterPlugin)
	pod := st.MakePod().Obj()
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
