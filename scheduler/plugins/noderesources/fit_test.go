package noderesources

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

const extendedA = "example.com/aaa"
const extendedB = "example.com/bbb"
const hugePages = "hugepages-2Mi"

func newFit(t testing.TB, args *NodeResourcesFitArgs, h framework.Handle) *Fit {
	t.Helper()
	p, err := New(context.Background(), args, h)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*Fit)
}

func fitNode(pods []*corev1.Pod) *framework.NodeInfo {
	n := st.MakeNode().Name("n1").Capacity(map[string]string{
		"cpu": "10", "memory": "20", "pods": "32", "ephemeral-storage": "20",
		extendedA: "5", hugePages: "5",
	}).Obj()
	for _, p := range pods {
		p.Spec.NodeName = "n1"
	}
	return st.NodeInfos([]*corev1.Node{n}, pods)[0]
}

// Milli-units: the node has 10 cpu; requests in the cases are whole cores
// or milli-cores as written.
func TestFitFilter(t *testing.T) {
	used := func(cpu, mem string) *corev1.Pod {
		return st.MakePod().Name("used-" + cpu + "-" + mem).Req(map[string]string{"cpu": cpu, "memory": mem}).Obj()
	}
	tests := []struct {
		name     string
		pod      *corev1.Pod
		existing []*corev1.Pod
		args     *NodeResourcesFitArgs
		want     *framework.Status
	}{
		{name: "no resources requested always fits", pod: st.MakePod().Name("p").Obj(),
			existing: []*corev1.Pod{used("10", "20")}},
		{name: "too many resources fails", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1", "memory": "1"}).Obj(),
			existing: []*corev1.Pod{used("10", "20")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu", "Insufficient memory")},
		{name: "fits exactly", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "5", "memory": "15"}).Obj(),
			existing: []*corev1.Pod{used("5", "5")}},
		{name: "insufficient cpu", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "6", "memory": "1"}).Obj(),
			existing: []*corev1.Pod{used("5", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
		{name: "insufficient memory", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1", "memory": "16"}).Obj(),
			existing: []*corev1.Pod{used("5", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient memory")},
		{name: "init container within the limit", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1", "memory": "1"}).
			InitReq(map[string]string{"cpu": "3", "memory": "1"}, false).Obj(),
			existing: []*corev1.Pod{used("7", "5")}},
		{name: "init container too big", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1", "memory": "1"}).
			InitReq(map[string]string{"cpu": "4", "memory": "1"}, false).Obj(),
			existing: []*corev1.Pod{used("7", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
		{name: "multiple init containers: the biggest counts", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1", "memory": "1"}).
			InitReq(map[string]string{"cpu": "2", "memory": "1"}, false).InitReq(map[string]string{"cpu": "1", "memory": "16"}, false).Obj(),
			existing: []*corev1.Pod{used("5", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient memory")},
		{name: "sidecar adds to the containers", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "2", "memory": "1"}).
			InitReq(map[string]string{"cpu": "2", "memory": "1"}, true).Obj(),
			existing: []*corev1.Pod{used("7", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
		{name: "sidecar started before an init container adds to it", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "1"}).
			InitReq(map[string]string{"cpu": "1"}, true).InitReq(map[string]string{"cpu": "3"}, false).Obj(),
			// init phase: sidecar 1 + init 3 = 4 > 3 left; run phase: 1 + 1 = 2.
			existing: []*corev1.Pod{used("7", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
		{name: "overhead counts", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "3"}).Overhead(map[string]string{"cpu": "500m"}).Obj(),
			existing: []*corev1.Pod{used("7", "5")},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient cpu")},
		{name: "ephemeral storage", pod: st.MakePod().Name("p").Req(map[string]string{"ephemeral-storage": "21"}).Obj(),
			want: framework.NewStatus(framework.Unschedulable, "Insufficient ephemeral-storage")},
		{name: "extended resource fits", pod: st.MakePod().Name("p").Req(map[string]string{extendedA: "5"}).Obj()},
		{name: "extended resource insufficient", pod: st.MakePod().Name("p").Req(map[string]string{extendedA: "3"}).Obj(),
			existing: []*corev1.Pod{st.MakePod().Name("e").Req(map[string]string{extendedA: "3"}).Obj()},
			want:     framework.NewStatus(framework.Unschedulable, "Insufficient "+extendedA)},
		{name: "extended resource the node lacks", pod: st.MakePod().Name("p").Req(map[string]string{extendedB: "1"}).Obj(),
			want: framework.NewStatus(framework.Unschedulable, "Insufficient "+extendedB)},
		{name: "ignored extended resource", pod: st.MakePod().Name("p").Req(map[string]string{extendedB: "1"}).Obj(),
			args: &NodeResourcesFitArgs{IgnoredResources: []string{extendedB}}},
		{name: "ignored resource group", pod: st.MakePod().Name("p").Req(map[string]string{extendedB: "1"}).Obj(),
			args: &NodeResourcesFitArgs{IgnoredResourceGroups: []string{"example.com"}}},
		{name: "hugepages insufficient", pod: st.MakePod().Name("p").Req(map[string]string{hugePages: "6"}).Obj(),
			want: framework.NewStatus(framework.Unschedulable, "Insufficient "+hugePages)},
		{name: "scalar reasons sorted after the core ones", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "11", extendedB: "1", extendedA: "6"}).Obj(),
			want: framework.NewStatus(framework.Unschedulable, "Insufficient cpu", "Insufficient "+extendedA, "Insufficient "+extendedB)},
		{name: "too many pods", pod: st.MakePod().Name("p").Obj(), existing: manyPods(32),
			want: framework.NewStatus(framework.Unschedulable, "Too many pods")},
		{name: "too many pods and insufficient cpu", pod: st.MakePod().Name("p").Req(map[string]string{"cpu": "11"}).Obj(), existing: manyPods(32),
			want: framework.NewStatus(framework.Unschedulable, "Too many pods", "Insufficient cpu")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newFit(t, tc.args, nil)
			ni := fitNode(tc.existing)
			state := framework.NewCycleState()
			if _, s := p.PreFilter(context.Background(), state, tc.pod); !s.IsSuccess() {
				t.Fatalf("PreFilter: %v", s)
			}
			got := p.Filter(context.Background(), state, tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("Filter (-want +got):\n%s", diff)
			}
		})
	}
}

func manyPods(n int) []*corev1.Pod {
	out := make([]*corev1.Pod, n)
	for i := range out {
		out[i] = st.MakePod().Name("x" + strings.Repeat("x", i)).Obj()
	}
	return out
}

func TestFitFilterWithoutPreFilter(t *testing.T) {
	p := newFit(t, nil, nil)
	got := p.Filter(context.Background(), framework.NewCycleState(), st.MakePod().Obj(), fitNode(nil))
	if got.Code() != framework.Error || !strings.Contains(got.Message(), `error reading "PreFilterNodeResourcesFit" from cycleState`) {
		t.Errorf("Filter = %v, want an Error about the missing state", got)
	}
}

func TestFits(t *testing.T) {
	got := Fits(st.MakePod().Req(map[string]string{"cpu": "11", "memory": "1"}).Obj(), fitNode(nil))
	want := []InsufficientResource{{ResourceName: corev1.ResourceCPU, Reason: "Insufficient cpu", Requested: 11000, Used: 0, Capacity: 10000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFitFilterAllocs(t *testing.T) {
	p := newFit(t, nil, nil)
	pod := st.MakePod().Req(map[string]string{"cpu": "1", "memory": "1", extendedA: "1"}).Obj()
	ni := fitNode(nil)
	state := framework.NewCycleState()
	p.PreFilter(context.Background(), state, pod)
	allocs := testing.AllocsPerRun(100, func() {
		if s := p.Filter(context.Background(), state, pod, ni); s != nil {
			t.Fatal(s)
		}
	})
	if allocs != 0 {
		t.Errorf("Filter allocates %v times per call on success, want 0", allocs)
	}
}
