package nodeaffinity

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

func expr(key string, op corev1.NodeSelectorOperator, vals ...string) corev1.NodeSelectorRequirement {
	return corev1.NodeSelectorRequirement{Key: key, Operator: op, Values: vals}
}

func term(reqs ...corev1.NodeSelectorRequirement) corev1.NodeSelectorTerm {
	return corev1.NodeSelectorTerm{MatchExpressions: reqs}
}

func fieldTerm(reqs ...corev1.NodeSelectorRequirement) corev1.NodeSelectorTerm {
	return corev1.NodeSelectorTerm{MatchFields: reqs}
}

func newPlugin(t testing.TB, args *NodeAffinityArgs) *NodeAffinity {
	t.Helper()
	p, err := New(context.Background(), args, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p.(*NodeAffinity)
}

func TestFilter(t *testing.T) {
	podErr := framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonPod)
	enforced := framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonEnforced)
	labels := map[string]string{"foo": "bar", "gpu": "true", "cores": "8", "zone": "a"}
	tests := []struct {
		name       string
		pod        *corev1.Pod
		nodeName   string
		labels     map[string]string
		args       *NodeAffinityArgs
		want       *framework.Status
		wantPre    *framework.Status
		wantResult *framework.PreFilterResult
	}{
		{name: "no selector", pod: st.MakePod().Obj(), wantPre: framework.NewStatus(framework.Skip)},
		{name: "missing labels", pod: st.MakePod().NodeSelector(map[string]string{"foo": "bar"}).Obj(), labels: map[string]string{}, want: podErr},
		{name: "same labels", pod: st.MakePod().NodeSelector(map[string]string{"foo": "bar"}).Obj()},
		{name: "node labels are superset", pod: st.MakePod().NodeSelector(map[string]string{"foo": "bar"}).Obj(), labels: map[string]string{"foo": "bar", "baz": "blah"}},
		{name: "node labels are subset", pod: st.MakePod().NodeSelector(map[string]string{"foo": "bar", "baz": "blah"}).Obj(), want: podErr},
		{name: "In matches", pod: st.MakePod().RequiredTerms(term(expr("foo", corev1.NodeSelectorOpIn, "bar", "value2"))).Obj()},
		{name: "In does not match", pod: st.MakePod().RequiredTerms(term(expr("foo", corev1.NodeSelectorOpIn, "value1", "value2"))).Obj(), want: podErr},
		{name: "NotIn matches", pod: st.MakePod().RequiredTerms(term(expr("foo", corev1.NodeSelectorOpNotIn, "value1"))).Obj()},
		{name: "NotIn does not match", pod: st.MakePod().RequiredTerms(term(expr("foo", corev1.NodeSelectorOpNotIn, "bar"))).Obj(), want: podErr},
		{name: "Exists", pod: st.MakePod().RequiredTerms(term(expr("gpu", corev1.NodeSelectorOpExists))).Obj()},
		{name: "Exists missing", pod: st.MakePod().RequiredTerms(term(expr("ssd", corev1.NodeSelectorOpExists))).Obj(), want: podErr},
		{name: "DoesNotExist", pod: st.MakePod().RequiredTerms(term(expr("ssd", corev1.NodeSelectorOpDoesNotExist))).Obj()},
		{name: "DoesNotExist present", pod: st.MakePod().RequiredTerms(term(expr("gpu", corev1.NodeSelectorOpDoesNotExist))).Obj(), want: podErr},
		{name: "Gt matches", pod: st.MakePod().RequiredTerms(term(expr("cores", corev1.NodeSelectorOpGt, "7"))).Obj()},
		{name: "Gt does not match", pod: st.MakePod().RequiredTerms(term(expr("cores", corev1.NodeSelectorOpGt, "8"))).Obj(), want: podErr},
		{name: "Lt matches", pod: st.MakePod().RequiredTerms(term(expr("cores", corev1.NodeSelectorOpLt, "9"))).Obj()},
		{name: "Lt does not match", pod: st.MakePod().RequiredTerms(term(expr("cores", corev1.NodeSelectorOpLt, "8"))).Obj(), want: podErr},
		{name: "Gt with an invalid value never matches", pod: st.MakePod().RequiredTerms(term(expr("cores", corev1.NodeSelectorOpGt, "x"))).Obj(), want: podErr},
		{name: "expressions ANDed", pod: st.MakePod().RequiredTerms(term(expr("foo", corev1.NodeSelectorOpIn, "bar"), expr("zone", corev1.NodeSelectorOpIn, "b"))).Obj(), want: podErr},
		{name: "terms ORed", pod: st.MakePod().RequiredTerms(term(expr("zone", corev1.NodeSelectorOpIn, "b")), term(expr("zone", corev1.NodeSelectorOpIn, "a"))).Obj()},
		{name: "empty term matches nothing", pod: st.MakePod().RequiredTerms(corev1.NodeSelectorTerm{}).Obj(), want: podErr},
		{name: "no terms match nothing", pod: st.MakePod().RequiredTerms().Obj(), want: podErr},
		{name: "invalid term ignored when another matches", pod: st.MakePod().RequiredTerms(term(expr("zone", "Bad")), term(expr("zone", corev1.NodeSelectorOpIn, "a"))).Obj()},
		{name: "nodeSelector and affinity both required", pod: st.MakePod().NodeSelector(map[string]string{"foo": "bar"}).
			RequiredTerms(term(expr("zone", corev1.NodeSelectorOpIn, "b"))).Obj(), want: podErr},
		{name: "matchFields name matches", pod: st.MakePod().RequiredTerms(fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node1"))).Obj(),
			wantResult: &framework.PreFilterResult{NodeNames: map[string]struct{}{"node1": {}}}},
		{name: "matchFields name does not match", pod: st.MakePod().RequiredTerms(fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node2"))).Obj(),
			want: podErr, wantResult: &framework.PreFilterResult{NodeNames: map[string]struct{}{"node2": {}}}},
		{name: "matchFields NotIn", pod: st.MakePod().RequiredTerms(fieldTerm(expr("metadata.name", corev1.NodeSelectorOpNotIn, "node1"))).Obj(), want: podErr},
		{name: "matchFields names unioned across terms", pod: st.MakePod().RequiredTerms(
			fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node1")), fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node2"))).Obj(),
			wantResult: &framework.PreFilterResult{NodeNames: map[string]struct{}{"node1": {}, "node2": {}}}},
		{name: "matchFields names intersected in a term", pod: st.MakePod().RequiredTerms(corev1.NodeSelectorTerm{MatchFields: []corev1.NodeSelectorRequirement{
			expr("metadata.name", corev1.NodeSelectorOpIn, "node1", "node2"), expr("metadata.name", corev1.NodeSelectorOpIn, "node2", "node3")}}).Obj(),
			want: podErr, wantResult: &framework.PreFilterResult{NodeNames: map[string]struct{}{"node2": {}}}},
		{name: "a term without names does not narrow", pod: st.MakePod().RequiredTerms(
			fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node2")), term(expr("zone", corev1.NodeSelectorOpIn, "a"))).Obj()},
		{name: "conflicting names", pod: st.MakePod().RequiredTerms(corev1.NodeSelectorTerm{MatchFields: []corev1.NodeSelectorRequirement{
			expr("metadata.name", corev1.NodeSelectorOpIn, "node1"), expr("metadata.name", corev1.NodeSelectorOpIn, "node2")}}).Obj(),
			wantPre: framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonConflict)},
		{name: "addedAffinity matches", pod: st.MakePod().Obj(),
			args: &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{term(expr("zone", corev1.NodeSelectorOpIn, "a"))}}}}},
		{name: "addedAffinity does not match", pod: st.MakePod().Obj(), want: enforced,
			args: &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{term(expr("zone", corev1.NodeSelectorOpIn, "b"))}}}}},
		{name: "addedAffinity matches, pod does not", pod: st.MakePod().NodeSelector(map[string]string{"zone": "b"}).Obj(), want: podErr,
			args: &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{term(expr("zone", corev1.NodeSelectorOpIn, "a"))}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lbl := labels
			if tc.labels != nil {
				lbl = tc.labels
			}
			node := st.MakeNode().Name("node1").Obj()
			node.Labels = lbl
			ni := st.NodeInfos([]*corev1.Node{node}, nil)[0]
			p := newPlugin(t, tc.args)
			state := framework.NewCycleState()
			result, pre := p.PreFilter(context.Background(), state, tc.pod)
			if diff := cmp.Diff(tc.wantPre.String(), pre.String()); diff != "" {
				t.Fatalf("PreFilter status (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantResult, result); diff != "" {
				t.Errorf("PreFilter result (-want +got):\n%s", diff)
			}
			if !pre.IsSuccess() && !pre.IsSkip() {
				return
			}
			got := p.Filter(context.Background(), state, tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("Filter (-want +got):\n%s", diff)
			}
			// Without PreFilter, Filter computes the same answer.
			got = p.Filter(context.Background(), framework.NewCycleState(), tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("Filter without PreFilter (-want +got):\n%s", diff)
			}
		})
	}
}

// Cases and numbers from Kubernetes' node_affinity_test.go (TestNodeAffinityPriority).
func TestScore(t *testing.T) {
	label1 := map[string]string{"foo": "bar"}
	label2 := map[string]string{"key": "value"}
	label3 := map[string]string{"az": "az1"}
	label4 := map[string]string{"abc": "az11", "def": "az22"}
	label5 := map[string]string{"foo": "bar", "key": "value", "az": "az1"}
	affinity1 := func(w *st.PodWrapper) *st.PodWrapper {
		return w.PreferredTerm(2, term(expr("foo", corev1.NodeSelectorOpIn, "bar")))
	}
	affinity2 := func(w *st.PodWrapper) *st.PodWrapper {
		return w.PreferredTerm(2, term(expr("foo", corev1.NodeSelectorOpIn, "bar"))).
			PreferredTerm(4, term(expr("key", corev1.NodeSelectorOpIn, "value"))).
			PreferredTerm(5, term(expr("foo", corev1.NodeSelectorOpIn, "bar"), expr("key", corev1.NodeSelectorOpIn, "value"), expr("az", corev1.NodeSelectorOpIn, "az1")))
	}
	mk := func(name string, l map[string]string) *corev1.Node {
		n := st.MakeNode().Name(name).Obj()
		n.Labels = l
		return n
	}
	tests := []struct {
		name       string
		pod        *corev1.Pod
		nodes      []*corev1.Node
		args       *NodeAffinityArgs
		want       []int64
		wantSkip   bool
		disablePre bool
	}{
		{name: "all nodes are same priority as NodeAffinity is nil", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node2", label2), mk("node3", label3)}, wantSkip: true},
		{name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
			pod:   affinity1(st.MakePod()).Obj(),
			nodes: []*corev1.Node{mk("node1", label4), mk("node2", label2), mk("node3", label3)}, want: []int64{0, 0, 0}},
		{name: "only node1 matches the preferred scheduling requirements of pod",
			pod:   affinity1(st.MakePod()).Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node2", label2), mk("node3", label3)}, want: []int64{100, 0, 0}},
		{name: "all nodes matches the preferred scheduling requirements of pod but with different priorities",
			pod:   affinity2(st.MakePod()).Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node5", label5), mk("node2", label2)}, want: []int64{18, 100, 36}},
		{name: "added affinity",
			pod:   st.MakePod().Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node2", label2)},
			args: &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{
				{Weight: 5, Preference: term(expr("key", corev1.NodeSelectorOpIn, "value"))}}}},
			want: []int64{0, 100}},
		{name: "added affinity and pod has default affinity",
			pod:   affinity1(st.MakePod()).Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node2", label2), mk("node3", label5)},
			args: &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{
				{Weight: 3, Preference: term(expr("key", corev1.NodeSelectorOpIn, "value"))}}}},
			want: []int64{40, 60, 100}},
		{name: "calculate the priorities correctly even if PreScore is not called", disablePre: true,
			pod:   affinity2(st.MakePod()).Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node5", label5), mk("node2", label2)}, want: []int64{18, 100, 36}},
		{name: "matchFields in a preferred term", pod: st.MakePod().PreferredTerm(10, fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "node2"))).Obj(),
			nodes: []*corev1.Node{mk("node1", label1), mk("node2", label2)}, want: []int64{0, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPlugin(t, tc.args)
			infos := st.NodeInfos(tc.nodes, nil)
			state := framework.NewCycleState()
			if !tc.disablePre {
				s := p.PreScore(context.Background(), state, tc.pod, infos)
				if tc.wantSkip {
					if !s.IsSkip() {
						t.Fatalf("PreScore = %v, want Skip", s)
					}
					return
				}
				if !s.IsSuccess() {
					t.Fatal(s)
				}
			}
			scores := make(framework.NodeScoreList, len(infos))
			for i, ni := range infos {
				v, s := p.Score(context.Background(), state, tc.pod, ni)
				if !s.IsSuccess() {
					t.Fatal(s)
				}
				scores[i] = framework.NodeScore{Name: ni.Node().Name, Score: v}
			}
			p.NormalizeScore(context.Background(), state, tc.pod, scores)
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

func TestPreScoreInvalidTerms(t *testing.T) {
	p := newPlugin(t, nil)
	pod := st.MakePod().PreferredTerm(1, term(expr("foo", "Bad"))).Obj()
	if s := p.PreScore(context.Background(), framework.NewCycleState(), pod, nil); s.Code() != framework.Error {
		t.Errorf("PreScore = %v, want Error", s)
	}
}

func TestArgs(t *testing.T) {
	_, err := New(context.Background(), &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution:  &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{term(expr("foo", "Bad"))}},
		PreferredDuringSchedulingIgnoredDuringExecution: []corev1.PreferredSchedulingTerm{{Weight: 1, Preference: fieldTerm(expr("metadata.name", corev1.NodeSelectorOpIn, "a", "b"))}},
	}}, nil)
	for _, want := range []string{
		`addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Bad"`,
		`addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: [0].matchFields[0].values: Invalid value`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to contain %q", err, want)
		}
	}
	raw := []byte(`{"addedAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}}`)
	p, err := framework.Factory(New)(context.Background(), raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.(*NodeAffinity).addedNodeSelector == nil {
		t.Error("addedAffinity not parsed")
	}
}

func TestIsSchedulableAfterNodeChange(t *testing.T) {
	pod := st.MakePod().NodeSelector(map[string]string{"foo": "bar"}).Obj()
	match := st.MakeNode().Name("n").Label("foo", "bar").Obj()
	noMatch := st.MakeNode().Name("n").Label("foo", "baz").Obj()
	added := &NodeAffinityArgs{AddedAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{term(expr("zone", corev1.NodeSelectorOpIn, "a"))}}}}
	tests := []struct {
		name           string
		args           *NodeAffinityArgs
		oldObj, newObj any
		want           framework.QueueingHint
		wantErr        bool
	}{
		{name: "matching node added", newObj: match, want: framework.Queue},
		{name: "non-matching node added", newObj: noMatch, want: framework.QueueSkip},
		{name: "node now matches", oldObj: noMatch, newObj: match, want: framework.Queue},
		{name: "node matched before", oldObj: match, newObj: match, want: framework.QueueSkip},
		{name: "node stopped matching", oldObj: match, newObj: noMatch, want: framework.QueueSkip},
		{name: "added affinity not matched", args: added, newObj: match, want: framework.QueueSkip},
		{name: "wrong type", newObj: pod, want: framework.Queue, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := newPlugin(t, tc.args).isSchedulableAfterNodeChange(pod, tc.oldObj, tc.newObj)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
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
		nodes[i] = st.MakeNode().Name("node-"+strconv.Itoa(i)).Label("zone", "zone-"+strconv.Itoa(i%3)).
			Label("kubernetes.io/hostname", "node-"+strconv.Itoa(i)).Label("cores", strconv.Itoa(4+i%8)).Obj()
	}
	return st.NodeInfos(nodes, nil)
}

// BenchmarkFilter filters a pod with required affinity (In, NotIn, Gt)
// over 5,000 nodes per op.
func BenchmarkFilter(b *testing.B) {
	infos := benchInfos()
	p := newPlugin(b, nil)
	pod := st.MakePod().RequiredTerms(term(expr("zone", corev1.NodeSelectorOpIn, "zone-0", "zone-1", "zone-2"),
		expr("gpu", corev1.NodeSelectorOpNotIn, "true"), expr("cores", corev1.NodeSelectorOpGt, "2"))).Obj()
	ctx, state := context.Background(), framework.NewCycleState()
	p.PreFilter(ctx, state, pod)
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if s := p.Filter(ctx, state, pod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}

// BenchmarkScore scores a pod with two preferred terms over 5,000 nodes per op.
func BenchmarkScore(b *testing.B) {
	infos := benchInfos()
	p := newPlugin(b, nil)
	pod := st.MakePod().PreferredTerm(10, term(expr("zone", corev1.NodeSelectorOpIn, "zone-0"))).
		PreferredTerm(5, term(expr("cores", corev1.NodeSelectorOpLt, "8"))).Obj()
	ctx, state := context.Background(), framework.NewCycleState()
	p.PreScore(ctx, state, pod, infos)
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if _, s := p.Score(ctx, state, pod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}
