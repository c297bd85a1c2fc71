package defaultpreemption

import (
	"context"
	"sort"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

type outcome struct {
	Node    string
	Code    framework.Code
	Message string
	Victims []string // Events of the evicted pods
}

func TestPostFilter(t *testing.T) {
	never := corev1.PreemptNever
	one, zero := int32(1), int32(0)
	tests := []struct {
		name  string
		nodes []*corev1.Node
		pods  []*corev1.Pod
		pod   *corev1.Pod
		args  *DefaultPreemptionArgs
		// unresolvable marks nodes as UnschedulableAndUnresolvable.
		unresolvable []string
		want         outcome
	}{
		{
			name:  "a pod that fits with preempting lower priority pods",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pods:  []*corev1.Pod{victim("low", "node1", "3", 1, 0)},
			pod:   preemptor("2", 10).Obj(),
			want:  outcome{Node: "node1", Victims: []string{"low"}},
		},
		{
			name:  "only lower-priority pods are victims; higher ones are reprieved first",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pods: []*corev1.Pod{
				victim("p1", "node1", "1", 1, 0), victim("p2", "node1", "1", 2, 0), victim("p3", "node1", "2", 3, 0),
			},
			pod: preemptor("2", 10).Obj(),
			// Removing all fits; p3 is reprieved (2+2 ≤ 4), then p2 and p1 do not fit back.
			want: outcome{Node: "node1", Victims: []string{"p1", "p2"}},
		},
		{
			name:  "pods of equal or higher priority are never victims",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pods:  []*corev1.Pod{victim("same", "node1", "2", 10, 0), victim("low", "node1", "2", 1, 0)},
			pod:   preemptor("2", 10).Obj(),
			want:  outcome{Node: "node1", Victims: []string{"low"}},
		},
		{
			name:  "the node whose highest victim priority is lowest is chosen",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods:  []*corev1.Pod{victim("n1", "node1", "4", 10, 0), victim("n2", "node2", "4", 5, 0)},
			pod:   preemptor("2", 100).Obj(),
			want:  outcome{Node: "node2", Victims: []string{"n2"}},
		},
		{
			name:  "ties on highest priority are broken by the sum of priorities",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods: []*corev1.Pod{
				victim("n1a", "node1", "2", 5, 0), victim("n1b", "node1", "2", 5, 0),
				victim("n2", "node2", "4", 5, 0),
			},
			pod:  preemptor("4", 100).Obj(),
			want: outcome{Node: "node2", Victims: []string{"n2"}},
		},
		{
			name:  "full ties pick the first candidate",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods: []*corev1.Pod{
				victim("n1a", "node1", "2", 5, 0), victim("n1b", "node1", "2", -5, 0), victim("n1c", "node1", "0", 0, 0),
				victim("n2a", "node2", "2", 5, 0), victim("n2b", "node2", "2", -5, 0),
			},
			pod: preemptor("4", 100).Obj(),
			// node1 needs n1a and n1b (n1c is reprieved), like node2: equal on
			// every criterion, so the first candidate (node1) wins.
			want: outcome{Node: "node1", Victims: []string{"n1a", "n1b"}},
		},
		{
			name:  "ties are broken by the latest start time of the highest-priority victims",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods:  []*corev1.Pod{victim("old", "node1", "4", 5, 0), victim("young", "node2", "4", 5, 30)},
			pod:   preemptor("2", 100).Obj(),
			want:  outcome{Node: "node2", Victims: []string{"young"}},
		},
		{
			name:  "preemptionPolicy Never",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pods:  []*corev1.Pod{victim("low", "node1", "3", 1, 0)},
			pod:   func() *corev1.Pod { p := preemptor("2", 10).Obj(); p.Spec.PreemptionPolicy = &never; return p }(),
			want:  outcome{Code: framework.Unschedulable, Message: "preemption: not eligible due to preemptionPolicy=Never."},
		},
		{
			name:  "no lower-priority pods anywhere",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods:  []*corev1.Pod{victim("a", "node1", "3", 10, 0), victim("b", "node2", "3", 20, 0)},
			pod:   preemptor("2", 10).Obj(),
			want: outcome{Code: framework.Unschedulable,
				Message: "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."},
		},
		{
			name:         "unresolvable nodes are not tried",
			nodes:        []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4")},
			pods:         []*corev1.Pod{victim("a", "node1", "3", 10, 0), victim("b", "node2", "3", 1, 0)},
			pod:          preemptor("2", 10).Obj(),
			unresolvable: []string{"node2"},
			want: outcome{Code: framework.Unschedulable,
				Message: "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."},
		},
		{
			name:  "the pod does not fit even without the lower-priority pods",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "2")},
			pods:  []*corev1.Pod{victim("a", "node1", "3", 1, 0), victim("keep", "node1", "1", 50, 0), victim("b", "node2", "2", 1, 0)},
			pod:   preemptor("4", 10).Obj(),
			want: outcome{Code: framework.Unschedulable,
				Message: "preemption: 0/2 nodes are available: 2 Insufficient cpu."},
		},
		{
			name:  "no unschedulable node at all",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pod:   preemptor("2", 10).Obj(),
			want: outcome{Code: framework.Unschedulable,
				Message: "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."},
		},
		{
			name:  "the dry run stops after minCandidateNodesAbsolute candidates from the offset",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "4"), cpuNode("node3", "4")},
			pods: []*corev1.Pod{
				victim("n1", "node1", "4", 9, 0), victim("n2", "node2", "4", 9, 0), victim("n3", "node3", "4", 1, 0),
			},
			pod:  preemptor("2", 100).Obj(),
			args: &DefaultPreemptionArgs{MinCandidateNodesPercentage: &zero, MinCandidateNodesAbsolute: &one},
			// Only node1 is evaluated although node3's victim is cheaper.
			want: outcome{Node: "node1", Victims: []string{"n1"}},
		},
		{
			name:  "anti-affinity to a lower-priority pod is resolved by preempting it",
			nodes: []*corev1.Node{cpuNode("node1", "4")},
			pods:  []*corev1.Pod{st.MakePod().Name("web").Node("node1").Label("app", "web").Priority(1).Obj()},
			pod: func() *corev1.Pod {
				p := preemptor("1", 10).Obj()
				p.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{
					TopologyKey: corev1.LabelHostname, LabelSelector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
				}}}}
				return p
			}(),
			want: outcome{Node: "node1", Victims: []string{"web"}},
		},
		{
			name:  "topology spread satisfied by preempting a lower-priority pod",
			nodes: []*corev1.Node{cpuNode("node1", "4"), cpuNode("node2", "1")},
			pods: []*corev1.Pod{
				st.MakePod().Name("s1").Node("node1").Label("app", "s").Priority(1).Obj(),
				st.MakePod().Name("s2").Node("node1").Label("app", "s").Priority(1).Obj(),
				victim("full", "node2", "1", 50, 0),
			},
			pod: func() *corev1.Pod {
				p := preemptor("1", 10).Label("app", "s").Obj()
				p.Spec.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: corev1.LabelHostname,
					WhenUnsatisfiable: corev1.DoNotSchedule, LabelSelector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "s"}}}}
				return p
			}(),
			// node2 holds no matching pod (minimum 0): node1 fits only with
			// neither s1 nor s2 (reprieving one gives 1+1−0 > 1).
			want: outcome{Node: "node1", Victims: []string{"s1", "s2"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.nodes, tc.pods, tc.pod, tc.args)
			for _, n := range tc.unresolvable {
				e.m[n] = framework.NewStatus(framework.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector")
			}
			res, s := e.pl.PostFilter(context.Background(), e.state, tc.pod, e.m)
			got := outcome{Code: s.Code(), Message: s.Message()}
			if res != nil {
				got.Node = res.NominatedNodeName
			}
			for _, ev := range e.h.events.events {
				got.Victims = append(got.Victims, ev[:indexByte(ev, ' ')])
			}
			sort.Strings(got.Victims)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func indexByte(s string, b byte) int {
	for i := range len(s) {
		if s[i] == b {
			return i
		}
	}
	return len(s)
}

func TestCalculateNumCandidates(t *testing.T) {
	i32 := func(v int32) *int32 { return &v }
	tests := []struct {
		name        string
		pct, abs    *int32
		nodes, want int32
	}{
		{name: "defaults, few nodes", nodes: 10, want: 10},
		{name: "defaults, 5000 nodes: 10%", nodes: 5000, want: 500},
		{name: "defaults, 500 nodes: absolute 100", nodes: 500, want: 100},
		{name: "percentage 0", pct: i32(0), abs: i32(5), nodes: 1000, want: 5},
		{name: "absolute 0", pct: i32(20), abs: i32(0), nodes: 1000, want: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(context.Background(), &DefaultPreemptionArgs{MinCandidateNodesPercentage: tc.pct, MinCandidateNodesAbsolute: tc.abs}, &st.Handle{Snapshot: st.NewSnapshot(nil, nil)})
			if err != nil {
				t.Fatal(err)
			}
			if got := p.(*DefaultPreemption).calculateNumCandidates(tc.nodes); got != tc.want {
				t.Errorf("calculateNumCandidates(%d) = %d, want %d", tc.nodes, got, tc.want)
			}
		})
	}
	for _, bad := range []DefaultPreemptionArgs{
		{MinCandidateNodesPercentage: i32(101)},
		{MinCandidateNodesAbsolute: i32(-1)},
		{MinCandidateNodesPercentage: i32(0), MinCandidateNodesAbsolute: i32(0)},
	} {
		if _, err := New(context.Background(), &bad, &st.Handle{Snapshot: st.NewSnapshot(nil, nil)}); err == nil {
			t.Errorf("New accepted %+v", bad)
		}
	}
}

func TestWaitingVictimIsRejected(t *testing.T) {
	pods := []*corev1.Pod{victim("low", "node1", "3", 1, 0)}
	pod := preemptor("2", 10).Obj()
	e := newEnv(t, []*corev1.Node{cpuNode("node1", "4")}, pods, pod, nil)
	w := &waitingPod{pod: pods[0]}
	e.h.waiting[string(pods[0].UID)] = w
	res, s := e.pl.PostFilter(context.Background(), e.state, pod, e.m)
	if !s.IsSuccess() || res.NominatedNodeName != "node1" {
		t.Fatalf("PostFilter = %v, %v", res, s)
	}
	if w.rejected != "DefaultPreemption: preempted" {
		t.Errorf("waiting pod rejection = %q", w.rejected)
	}
}

func TestTerminatingVictimOnNominatedNode(t *testing.T) {
	now := meta.NewTime(t0)
	term := victim("going", "node1", "3", 1, 0)
	term.DeletionTimestamp = &now
	term.Status.Conditions = []corev1.PodCondition{{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue, Reason: corev1.PodReasonPreemptionByScheduler}}
	pod := preemptor("2", 10).Obj()
	pod.Status.NominatedNodeName = "node1"
	e := newEnv(t, []*corev1.Node{cpuNode("node1", "4")}, []*corev1.Pod{term}, pod, nil)
	_, s := e.pl.PostFilter(context.Background(), e.state, pod, e.m)
	if diff := cmp.Diff("preemption: not eligible due to a terminating pod on the nominated node.", s.Message()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
