package tainttoleration

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

const (
	noSchedule       = corev1.TaintEffectNoSchedule
	preferNoSchedule = corev1.TaintEffectPreferNoSchedule
	noExecute        = corev1.TaintEffectNoExecute
	equal            = corev1.TolerationOpEqual
	exists           = corev1.TolerationOpExists
)

func TestFilter(t *testing.T) {
	untolerated := func(k, v string) *framework.Status {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, "node(s) had untolerated taint {"+k+": "+v+"}")
	}
	tests := []struct {
		name string
		pod  *corev1.Pod
		node *corev1.Node
		want *framework.Status
	}{
		{name: "a pod having no tolerations can't be scheduled onto a node with nonempty taints",
			pod: st.MakePod().Obj(), node: st.MakeNode().Name("n").Taint("dedicated", "user1", noSchedule).Obj(), want: untolerated("dedicated", "user1")},
		{name: "a pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
			pod:  st.MakePod().Toleration("dedicated", equal, "user1", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "user1", noSchedule).Obj()},
		{name: "a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
			pod:  st.MakePod().Toleration("dedicated", equal, "user2", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "user1", noSchedule).Obj(), want: untolerated("dedicated", "user1")},
		{name: "a pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node",
			pod:  st.MakePod().Toleration("foo", exists, "", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("foo", "bar", noSchedule).Obj()},
		{name: "a pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node",
			pod:  st.MakePod().Toleration("dedicated", equal, "user2", noSchedule).Toleration("foo", exists, "", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "user2", noSchedule).Taint("foo", "bar", noSchedule).Obj()},
		{name: "a pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
			pod:  st.MakePod().Toleration("foo", equal, "bar", preferNoSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("foo", "bar", noSchedule).Obj(), want: untolerated("foo", "bar")},
		{name: "the effect of toleration is empty, and it tolerates the taint on the node",
			pod:  st.MakePod().Toleration("foo", equal, "bar", "").Obj(),
			node: st.MakeNode().Name("n").Taint("foo", "bar", noSchedule).Obj()},
		{name: "the pod has a toleration that keys and values match the taint, but the taint is PreferNoSchedule",
			pod:  st.MakePod().Toleration("dedicated", equal, "user2", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "user1", preferNoSchedule).Obj()},
		{name: "the pod has no toleration, and the node only has a PreferNoSchedule taint",
			pod: st.MakePod().Obj(), node: st.MakeNode().Name("n").Taint("dedicated", "user1", preferNoSchedule).Obj()},
		{name: "NoExecute taint not tolerated", pod: st.MakePod().Toleration("dedicated", exists, "", noSchedule).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "gpu", noExecute).Obj(), want: untolerated("dedicated", "gpu")},
		{name: "NoExecute taint tolerated", pod: st.MakePod().Toleration("dedicated", exists, "", noExecute).Obj(),
			node: st.MakeNode().Name("n").Taint("dedicated", "gpu", noExecute).Obj()},
		{name: "empty key with Exists tolerates every taint", pod: st.MakePod().Toleration("", exists, "", "").Obj(),
			node: st.MakeNode().Name("n").Taint("a", "1", noExecute).Taint("b", "", noSchedule).Obj()},
		{name: "first untolerated taint is named", pod: st.MakePod().Toleration("a", exists, "", "").Obj(),
			node: st.MakeNode().Name("n").Taint("a", "1", noExecute).Taint("b", "", noSchedule).Taint("c", "3", noSchedule).Obj(), want: untolerated("b", "")},
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
}

// Cases and numbers from Kubernetes' taint_toleration_test.go.
func TestScore(t *testing.T) {
	node := func(name string, taints ...corev1.Taint) *corev1.Node {
		n := st.MakeNode().Name(name).Obj()
		n.Spec.Taints = taints
		return n
	}
	taint := func(k, v string, e corev1.TaintEffect) corev1.Taint { return corev1.Taint{Key: k, Value: v, Effect: e} }
	tests := []struct {
		name  string
		pod   *corev1.Pod
		nodes []*corev1.Node
		want  []int64
	}{
		{name: "node with taints tolerated by the pod, gets a higher score than those node with intolerable taints",
			pod:   st.MakePod().Toleration("foo", equal, "bar", preferNoSchedule).Obj(),
			nodes: []*corev1.Node{node("nodeA", taint("foo", "bar", preferNoSchedule)), node("nodeB", taint("foo", "blah", preferNoSchedule))},
			want:  []int64{100, 0}},
		{name: "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has",
			pod: st.MakePod().Toleration("cpu-type", equal, "arm64", preferNoSchedule).Toleration("disk-type", equal, "ssd", preferNoSchedule).Obj(),
			nodes: []*corev1.Node{node("nodeA"), node("nodeB", taint("cpu-type", "arm64", preferNoSchedule)),
				node("nodeC", taint("cpu-type", "arm64", preferNoSchedule), taint("disk-type", "ssd", preferNoSchedule))},
			want: []int64{100, 100, 100}},
		{name: "the more intolerable taints a node has, the lower score it gets",
			pod: st.MakePod().Toleration("foo", equal, "bar", preferNoSchedule).Obj(),
			nodes: []*corev1.Node{node("nodeA"), node("nodeB", taint("cpu-type", "arm64", preferNoSchedule)),
				node("nodeC", taint("cpu-type", "arm64", preferNoSchedule), taint("disk-type", "ssd", preferNoSchedule))},
			want: []int64{100, 50, 0}},
		{name: "only taints and tolerations that have effect PreferNoSchedule are checked by prioritizer",
			pod: st.MakePod().Toleration("cpu-type", equal, "arm64", noSchedule).Toleration("disk-type", equal, "ssd", noSchedule).Obj(),
			nodes: []*corev1.Node{node("nodeA"), node("nodeB", taint("cpu-type", "arm64", noSchedule)),
				node("nodeC", taint("cpu-type", "arm64", preferNoSchedule), taint("disk-type", "ssd", preferNoSchedule))},
			want: []int64{100, 100, 0}},
		{name: "Default behaviour No taints and tolerations, lands on node with no taints",
			pod:   st.MakePod().Obj(),
			nodes: []*corev1.Node{node("nodeA"), node("nodeB", taint("cpu-type", "arm64", preferNoSchedule))},
			want:  []int64{100, 0}},
		{name: "a toleration with an empty effect counts for PreferNoSchedule",
			pod:   st.MakePod().Toleration("cpu-type", exists, "", "").Obj(),
			nodes: []*corev1.Node{node("nodeA"), node("nodeB", taint("cpu-type", "arm64", preferNoSchedule))},
			want:  []int64{100, 100}},
	}
	p, _ := New(context.Background(), nil, nil)
	pl := p.(*TaintToleration)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			infos := st.NodeInfos(tc.nodes, nil)
			state := framework.NewCycleState()
			if s := pl.PreScore(context.Background(), state, tc.pod, infos); !s.IsSuccess() {
				t.Fatal(s)
			}
			scores := make(framework.NodeScoreList, len(infos))
			for i, ni := range infos {
				s, st := pl.Score(context.Background(), state, tc.pod, ni)
				if !st.IsSuccess() {
					t.Fatal(st)
				}
				scores[i] = framework.NodeScore{Name: ni.Node().Name, Score: s}
			}
			pl.ScoreExtensions().NormalizeScore(context.Background(), state, tc.pod, scores)
			got := make([]int64, len(scores))
			for i := range scores {
				got[i] = scores[i].Score
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestQueueingHints(t *testing.T) {
	pod := st.MakePod().Name("p").Toleration("foo", equal, "bar", noSchedule).Obj()
	tainted := st.MakeNode().Name("n").Taint("dedicated", "gpu", noSchedule).Obj()
	tolerated := st.MakeNode().Name("n").Taint("foo", "bar", noSchedule).Obj()
	clean := st.MakeNode().Name("n").Obj()
	tests := []struct {
		name           string
		fn             framework.QueueingHintFn
		oldObj, newObj any
		want           framework.QueueingHint
	}{
		{name: "added node with a tolerated taint", fn: isSchedulableAfterNodeChange, newObj: tolerated, want: framework.Queue},
		{name: "added node with an untolerated taint", fn: isSchedulableAfterNodeChange, newObj: tainted, want: framework.QueueSkip},
		{name: "untolerated taint removed", fn: isSchedulableAfterNodeChange, oldObj: tainted, newObj: clean, want: framework.Queue},
		{name: "node was already fine", fn: isSchedulableAfterNodeChange, oldObj: clean, newObj: tolerated, want: framework.QueueSkip},
		{name: "the pod's tolerations changed", fn: isSchedulableAfterPodTolerationChange, oldObj: pod, newObj: pod, want: framework.Queue},
		{name: "another pod's tolerations changed", fn: isSchedulableAfterPodTolerationChange, oldObj: pod,
			newObj: st.MakePod().Name("other").Obj(), want: framework.QueueSkip},
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

func benchInfos() []*framework.NodeInfo {
	nodes := make([]*corev1.Node, 5000)
	for i := range nodes {
		w := st.MakeNode().Name("node-" + strconv.Itoa(i))
		switch i % 4 {
		case 1:
			w.Taint("dedicated", "gpu", noSchedule)
		case 2:
			w.Taint("soft", "x", preferNoSchedule)
		}
		nodes[i] = w.Obj()
	}
	return st.NodeInfos(nodes, nil)
}

var benchPod = st.MakePod().Toleration("dedicated", equal, "gpu", noSchedule).Toleration("other", exists, "", "").Obj()

// BenchmarkFilter filters one pod over 5,000 nodes (a quarter tainted) per op.
func BenchmarkFilter(b *testing.B) {
	infos := benchInfos()
	p, _ := New(context.Background(), nil, nil)
	pl := p.(*TaintToleration)
	ctx, state := context.Background(), framework.NewCycleState()
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if s := pl.Filter(ctx, state, benchPod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}

// BenchmarkScore scores one pod over 5,000 nodes per op.
func BenchmarkScore(b *testing.B) {
	infos := benchInfos()
	p, _ := New(context.Background(), nil, nil)
	pl := p.(*TaintToleration)
	ctx, state := context.Background(), framework.NewCycleState()
	pl.PreScore(ctx, state, benchPod, infos)
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if _, s := pl.Score(ctx, state, benchPod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}
