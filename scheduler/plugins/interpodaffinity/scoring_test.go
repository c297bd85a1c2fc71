package interpodaffinity

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/google/go-cmp/cmp"
)

// runScore runs PreFilter, PreScore, Score and NormalizeScore over every
// node; a PreScore Skip gives 0 everywhere.
func runScore(t *testing.T, pl *InterPodAffinity, pod *corev1.Pod, snap *snapshot) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	state := framework.NewCycleState()
	pl.PreFilter(ctx, state, pod)
	out := map[string]int64{}
	st := pl.PreScore(ctx, state, pod, snap.nodes)
	if st.IsSkip() {
		for _, ni := range snap.nodes {
			out[ni.Node().Name] = 0
		}
		return out
	}
	if !st.IsSuccess() {
		t.Fatalf("PreScore: %v", st)
	}
	var scores framework.NodeScoreList
	for _, ni := range snap.nodes {
		s, st := pl.Score(ctx, state, pod, ni)
		if !st.IsSuccess() {
			t.Fatalf("Score: %v", st)
		}
		scores = append(scores, framework.NodeScore{Name: ni.Node().Name, Score: s})
	}
	if st := pl.ScoreExtensions().NormalizeScore(ctx, state, pod, scores); !st.IsSuccess() {
		t.Fatalf("NormalizeScore: %v", st)
	}
	for _, s := range scores {
		out[s.Name] = s.Score
	}
	return out
}

func TestPreferredAffinity(t *testing.T) {
	s1 := map[string]string{"security": "S1"}
	s2 := map[string]string{"security": "S2"}
	nodes := []*corev1.Node{
		makeNode("node1", map[string]string{"region": "China", "az": "az1"}),
		makeNode("node2", map[string]string{"region": "India", "az": "az1"}),
		makeNode("node3", map[string]string{"region": "China", "az": "az2"}),
	}
	w0 := int32(0)
	tests := []struct {
		name     string
		pod      *corev1.Pod
		pods     []*corev1.Pod
		args     *InterPodAffinityArgs
		nsLabels map[string]map[string]string
		want     map[string]int64
	}{
		{
			name: "no affinity anywhere: every node scores 0",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node1", s1)},
			want: map[string]int64{"node1": 0, "node2": 0, "node3": 0},
		},
		{
			name: "preferred affinity favours the region of the matching pod",
			pod:  makePod("p", "", "", nil, withPreferredAffinity(5, term("region", sel(expr("security", opIn, "S1"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", s1)},
			want: map[string]int64{"node1": 100, "node2": 0, "node3": 100},
		},
		{
			name: "preferred anti-affinity avoids the region of the matching pod",
			pod:  makePod("p", "", "", nil, withPreferredAntiAffinity(5, term("region", sel(expr("security", opIn, "S1"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", s1)},
			want: map[string]int64{"node1": 0, "node2": 100, "node3": 0},
		},
		{
			name: "affinity and anti-affinity on different keys add up",
			pod: makePod("p", "", "", nil,
				withPreferredAffinity(8, term("region", sel(expr("security", opIn, "S1")))),
				withPreferredAntiAffinity(5, term("az", sel(expr("security", opIn, "S2"))))),
			pods: []*corev1.Pod{makePod("e1", "", "node1", s1), makePod("e2", "", "node2", s2)},
			// raw: node1 8-5=3, node2 -5, node3 8.
			want: map[string]int64{"node1": 61, "node2": 0, "node3": 100},
		},
		{
			name: "existing pod's required affinity counts hardPodAffinityWeight",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node1", nil, withAffinity(term("region", sel(expr("security", opIn, "S1")))))},
			want: map[string]int64{"node1": 100, "node2": 0, "node3": 100},
		},
		{
			name: "hardPodAffinityWeight 0 ignores existing pods' required affinity",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node1", nil, withAffinity(term("region", sel(expr("security", opIn, "S1")))))},
			args: &InterPodAffinityArgs{HardPodAffinityWeight: &w0},
			want: map[string]int64{"node1": 0, "node2": 0, "node3": 0},
		},
		{
			name: "existing pod's preferred anti-affinity repels the incoming pod",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node2", nil, withPreferredAntiAffinity(5, term("region", sel(expr("security", opIn, "S1")))))},
			want: map[string]int64{"node1": 100, "node2": 0, "node3": 100},
		},
		{
			name: "existing pod's preferred affinity attracts the incoming pod",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node2", nil, withPreferredAffinity(5, term("az", sel(expr("security", opIn, "S1")))))},
			want: map[string]int64{"node1": 100, "node2": 100, "node3": 0},
		},
		{
			name: "ignorePreferredTermsOfExistingPods skips pods without preferred terms",
			pod:  makePod("p", "", "", s1),
			pods: []*corev1.Pod{makePod("e", "", "node2", nil, withPreferredAffinity(5, term("az", sel(expr("security", opIn, "S1")))))},
			args: &InterPodAffinityArgs{IgnorePreferredTermsOfExistingPods: true},
			want: map[string]int64{"node1": 0, "node2": 0, "node3": 0},
		},
		{
			name: "preferred affinity with namespaceSelector",
			pod: makePod("p", "default", "", nil, withPreferredAffinity(5, nsSelTerm("az",
				sel(expr("security", opIn, "S1")), sel(expr("team", opIn, "team1"))))),
			pods: []*corev1.Pod{
				makePod("e1", "subteam", "node3", s1),
				makePod("e2", "other", "node1", s1),
			},
			nsLabels: map[string]map[string]string{"subteam": {"team": "team1"}, "other": {"team": "team2"}},
			want:     map[string]int64{"node1": 0, "node2": 0, "node3": 100},
		},
		{
			name: "pods in other namespaces do not count",
			pod:  makePod("p", "default", "", nil, withPreferredAffinity(5, term("region", sel(expr("security", opIn, "S1"))))),
			pods: []*corev1.Pod{makePod("e", "other", "node1", s1)},
			want: map[string]int64{"node1": 0, "node2": 0, "node3": 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := newSnapshot(tc.pods, nodes)
			if tc.nsLabels != nil {
				snap.ns = tc.nsLabels
			}
			pl := newPlugin(t, snap, tc.args)
			if diff := cmp.Diff(tc.want, runScore(t, pl, tc.pod, snap)); diff != "" {
				t.Errorf("scores (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewArgs(t *testing.T) {
	bad := int32(101)
	if _, err := New(context.Background(), &InterPodAffinityArgs{HardPodAffinityWeight: &bad}, &handle{snap: newSnapshot(nil, nil)}); err == nil {
		t.Error("New accepted hardPodAffinityWeight 101")
	}
	raw := framework.Factory(New)
	if _, err := raw(context.Background(), []byte(`{"hardPodAffinityWeight": 2, "nope": 1}`), &handle{snap: newSnapshot(nil, nil)}); err == nil {
		t.Error("unknown field accepted")
	}
}

func TestQueueingHints(t *testing.T) {
	pod := makePod("p", "", "", map[string]string{"app": "web"},
		withAffinity(term("zone", sel(expr("app", opIn, "db")))),
		withAntiAffinity(term("hostname", sel(expr("app", opIn, "web")))))
	pl := newPlugin(t, newSnapshot(nil, nil), nil)
	db := makePod("db", "", "n1", map[string]string{"app": "db"})
	web := makePod("web", "", "n1", map[string]string{"app": "web"})
	unassigned := makePod("db", "", "", map[string]string{"app": "db"})
	tests := []struct {
		name     string
		old, new any
		node     bool
		want     framework.QueueingHint
	}{
		{name: "assigned pod matching the affinity added", new: db, want: framework.Queue},
		{name: "unassigned pod added", new: unassigned, want: framework.QueueSkip},
		{name: "assigned pod not matching the affinity added", new: web, want: framework.QueueSkip},
		{name: "pod matching the anti-affinity deleted", old: web, want: framework.Queue},
		{name: "pod not matching the anti-affinity deleted", old: db, want: framework.QueueSkip},
		{name: "pod relabelled to match the affinity", old: web, new: db, want: framework.Queue},
		{name: "pod relabelled away from the anti-affinity", old: web, new: makePod("web", "", "n1", map[string]string{"app": "x"}), want: framework.Queue},
		{name: "node with the affinity topology key", node: true, new: makeNode("n", map[string]string{"zone": "z"}), want: framework.Queue},
		{name: "node with the anti-affinity topology key", node: true, new: makeNode("n", map[string]string{"hostname": "n"}), want: framework.Queue},
		{name: "node without the topology keys", node: true, new: makeNode("n", map[string]string{"rack": "r"}), want: framework.QueueSkip},
	}
	events, err := pl.EventsToRegister(context.Background())
	if err != nil || len(events) != 2 {
		t.Fatalf("EventsToRegister = %v, %v", events, err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fn := events[0].QueueingHintFn
			if tc.node {
				fn = events[1].QueueingHintFn
			}
			old, nw := tc.old, tc.new
			if p, ok := old.(*corev1.Pod); ok && p == nil {
				old = nil
			}
			got, err := fn(pod, old, nw)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("hint = %v, want %v", got, tc.want)
			}
		})
	}
}
