package podtopologyspread

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

const hostname = corev1.LabelHostname

func fourNodes() []*corev1.Node {
	return []*corev1.Node{node("node-a", "zone1"), node("node-b", "zone1"), node("node-x", "zone2"), node("node-y", "zone2")}
}

func filterAll(t *testing.T, pl *PodTopologySpread, p *corev1.Pod, nodes []*framework.NodeInfo) map[string]result {
	t.Helper()
	ctx := context.Background()
	state := framework.NewCycleState()
	_, s := pl.PreFilter(ctx, state, p)
	out := map[string]result{}
	for _, ni := range nodes {
		if !s.IsSuccess() {
			out[ni.Node().Name] = asResult(s)
			continue
		}
		out[ni.Node().Name] = asResult(pl.Filter(ctx, state, p, ni))
	}
	return out
}

func TestSingleConstraint(t *testing.T) {
	zoneC := constraintOf(1, "zone", corev1.DoNotSchedule, "foo")
	hostC := constraintOf(1, hostname, corev1.DoNotSchedule, "foo")
	now := meta.Now()
	tests := []struct {
		name  string
		pod   *corev1.Pod
		nodes []*corev1.Node
		pods  []*corev1.Pod
		want  map[string]result
	}{
		{
			name: "no existing pods",
			pod:  withSpread(pod("p", "").Label("foo", ""), zoneC).Obj(),
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": ok},
		},
		{
			name: "no existing pods, incoming pod doesn't match itself",
			pod:  withSpread(pod("p", "").Label("bar", ""), zoneC).Obj(),
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": ok},
		},
		{
			name: "existing pods in a different namespace do not count",
			pod:  withSpread(pod("p", "").Label("foo", ""), zoneC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Namespace("ns1").Label("foo", "").Obj(),
				pod("p-b1", "node-b").Namespace("ns2").Label("foo", "").Obj(),
				pod("p-x1", "node-x").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(),
				pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": skewFail, "node-y": skewFail},
		},
		{
			name: "pods spread across zones as 3/3, all nodes fit",
			pod:  withSpread(pod("p", "").Label("foo", ""), zoneC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(), pod("p-b2", "node-b").Label("foo", "").Obj(),
				pod("p-x1", "node-x").Label("foo", "").Obj(), pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": ok},
		},
		{
			name:  "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
			pod:   withSpread(pod("p", "").Label("foo", ""), zoneC).Obj(),
			nodes: []*corev1.Node{node("node-a", "zone1"), st.MakeNode().Name("node-b").Label("zon", "zone1").Obj(), node("node-x", "zone2"), node("node-y", "zone2")},
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-x1", "node-x").Label("foo", "").Obj(), pod("p-y1", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": missingLabel, "node-x": skewFail, "node-y": skewFail},
		},
		{
			name: "pod cannot be scheduled as all nodes don't have label 'rack'",
			pod:  withSpread(pod("p", "").Label("foo", ""), constraintOf(1, "rack", corev1.DoNotSchedule, "foo")).Obj(),
			want: map[string]result{"node-a": missingLabel, "node-b": missingLabel, "node-x": missingLabel, "node-y": missingLabel},
		},
		{
			name: "pods spread across nodes as 2/1/0/3, only node-x fits",
			pod:  withSpread(pod("p", "").Label("foo", ""), hostC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
			pod:  withSpread(pod("p", "").Label("foo", ""), constraintOf(2, hostname, corev1.DoNotSchedule, "foo")).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": ok, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
			pod:  withSpread(pod("p", "").Label("bar", ""), hostC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": ok, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
			pod: withSpread(pod("p", "").Label("foo", "").RequiredTerms(corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{
				{Key: hostname, Operator: corev1.NodeSelectorOpIn, Values: []string{"node-a", "node-y"}}}}), hostC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			// node-b and node-x are not counted: their count 0 + 1 − min 2 fits.
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "nodeAffinityPolicy Ignore counts every node",
			pod: withSpread(pod("p", "").Label("foo", "").RequiredTerms(corev1.NodeSelectorTerm{MatchExpressions: []corev1.NodeSelectorRequirement{
				{Key: hostname, Operator: corev1.NodeSelectorOpIn, Values: []string{"node-a", "node-y"}}}}), hostC.affinityPolicy(corev1.NodeInclusionPolicyIgnore)).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "nodeTaintsPolicy Honor leaves out the tainted node-x",
			pod:  withSpread(pod("p", "").Label("foo", ""), hostC.taintsPolicy(corev1.NodeInclusionPolicyHonor)).Obj(),
			nodes: []*corev1.Node{node("node-a", "zone1"), node("node-b", "zone1"),
				st.MakeNode().Name("node-x").Label(hostname, "node-x").Label("zone", "zone2").Taint("k", "v", corev1.TaintEffectNoSchedule).Obj(), node("node-y", "zone2")},
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			// min is 1 (node-x is not a domain): a and b fit, y does not.
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "nodeTaintsPolicy Ignore (default) counts the tainted node-x",
			pod:  withSpread(pod("p", "").Label("foo", ""), hostC).Obj(),
			nodes: []*corev1.Node{node("node-a", "zone1"), node("node-b", "zone1"),
				st.MakeNode().Name("node-x").Label(hostname, "node-x").Label("zone", "zone2").Taint("k", "v", corev1.TaintEffectNoSchedule).Obj(), node("node-y", "zone2")},
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "terminating pods are not counted",
			pod:  withSpread(pod("p", "").Label("foo", ""), hostC).Obj(),
			pods: []*corev1.Pod{
				func() *corev1.Pod {
					p := pod("p-a1", "node-a").Label("foo", "").Obj()
					p.DeletionTimestamp = &now
					return p
				}(),
				pod("p-b1", "node-b").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": skewFail, "node-x": ok, "node-y": ok},
		},
		{
			name: "minDomains 3 with 2 zones: the global minimum is 0",
			pod:  withSpread(pod("p", "").Label("foo", ""), constraintOf(2, "zone", corev1.DoNotSchedule, "foo").minDomains(3)).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-x1", "node-x").Label("foo", "").Obj(), pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			// zone1 2+1−0 = 3 > 2; zone2 3+1−0 = 4 > 2.
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": skewFail, "node-y": skewFail},
		},
		{
			name: "minDomains 2 with 2 zones: the real minimum applies",
			pod:  withSpread(pod("p", "").Label("foo", ""), constraintOf(2, "zone", corev1.DoNotSchedule, "foo").minDomains(2)).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-x1", "node-x").Label("foo", "").Obj(), pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": ok, "node-x": ok, "node-y": ok},
		},
		{
			name: "matchLabelKeys restricts the count to pods with the same value",
			pod:  withSpread(pod("p", "").Label("foo", "").Label("rev", "v2"), hostC.matchLabelKeys("rev")).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Label("rev", "v1").Obj(), pod("p-a2", "node-a").Label("foo", "").Label("rev", "v1").Obj(),
				pod("p-b1", "node-b").Label("foo", "").Label("rev", "v2").Obj(),
			},
			want: map[string]result{"node-a": ok, "node-b": skewFail, "node-x": ok, "node-y": ok},
		},
		{
			name: "two constraints on zone and node, spreads = [3/3, 2/1/0/3]",
			pod:  withSpread(pod("p", "").Label("foo", ""), zoneC, hostC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
			},
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": ok, "node-y": skewFail},
		},
		{
			name: "two constraints on zone and node, spreads = [3/4, 2/1/0/4]",
			pod:  withSpread(pod("p", "").Label("foo", ""), zoneC, hostC).Obj(),
			pods: []*corev1.Pod{
				pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-a2", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
				pod("p-y1", "node-y").Label("foo", "").Obj(), pod("p-y2", "node-y").Label("foo", "").Obj(), pod("p-y3", "node-y").Label("foo", "").Obj(),
				pod("p-y4", "node-y").Label("foo", "").Obj(),
			},
			// zone: node-x's zone2 has 4+1−3 = 2 > 1; node: only node-x passes.
			want: map[string]result{"node-a": skewFail, "node-b": skewFail, "node-x": skewFail, "node-y": skewFail},
		},
		{
			name: "soft constraints only: PreFilter skips",
			pod:  withSpread(pod("p", "").Label("foo", ""), constraintOf(1, "zone", corev1.ScheduleAnyway, "foo")).Obj(),
			want: map[string]result{"node-a": {Code: framework.Skip}, "node-b": {Code: framework.Skip}, "node-x": {Code: framework.Skip}, "node-y": {Code: framework.Skip}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nodes := tc.nodes
			if nodes == nil {
				nodes = fourNodes()
			}
			snap := st.NewSnapshot(nodes, tc.pods)
			pl := newPlugin(t, snap, nil)
			if diff := cmp.Diff(tc.want, filterAll(t, pl, tc.pod, snap.List())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestPreFilterExtensions checks AddPod/RemovePod on a clone against a
// PreFilter run on the resulting cluster, and that the original state is
// unchanged.
func TestPreFilterExtensions(t *testing.T) {
	incoming := withSpread(pod("p", "").Label("foo", ""),
		constraintOf(1, "zone", corev1.DoNotSchedule, "foo"),
		constraintOf(1, hostname, corev1.DoNotSchedule, "foo").minDomains(4)).Obj()
	base := []*corev1.Pod{
		pod("p-a1", "node-a").Label("foo", "").Obj(), pod("p-b1", "node-b").Label("foo", "").Obj(),
		pod("p-x1", "node-x").Label("foo", "").Obj(), pod("p-x2", "node-x").Label("foo", "").Obj(),
	}
	tests := []struct {
		name   string
		add    []*corev1.Pod
		remove []*corev1.Pod
	}{
		{name: "add one pod", add: []*corev1.Pod{pod("n1", "node-y").Label("foo", "").Obj()}},
		{name: "add a pod of another namespace", add: []*corev1.Pod{pod("n1", "node-y").Namespace("other").Label("foo", "").Obj()}},
		{name: "add a pod the selector does not match", add: []*corev1.Pod{pod("n1", "node-y").Label("bar", "").Obj()}},
		{name: "remove one pod", remove: []*corev1.Pod{base[2]}},
		{name: "remove two pods of one node", remove: []*corev1.Pod{base[2], base[3]}},
		{name: "remove and add", remove: []*corev1.Pod{base[0]}, add: []*corev1.Pod{pod("n1", "node-b").Label("foo", "").Obj()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			snap := st.NewSnapshot(fourNodes(), base)
			pl := newPlugin(t, snap, nil)
			state := framework.NewCycleState()
			if _, s := pl.PreFilter(ctx, state, incoming); !s.IsSuccess() {
				t.Fatal(s)
			}
			before := filterOn(t, pl, state, incoming, snap.List())
			sim := state.Clone()
			var final []*corev1.Pod
			removed := map[*corev1.Pod]bool{}
			for _, p := range tc.remove {
				removed[p] = true
				ni, _ := snap.Get(p.Spec.NodeName)
				pl.RemovePod(ctx, sim, incoming, framework.NewPodInfo(p), ni)
			}
			for _, p := range base {
				if !removed[p] {
					final = append(final, p)
				}
			}
			for _, p := range tc.add {
				ni, _ := snap.Get(p.Spec.NodeName)
				pl.AddPod(ctx, sim, incoming, framework.NewPodInfo(p), ni)
				final = append(final, p)
			}
			want := filterAll(t, newPlugin(t, st.NewSnapshot(fourNodes(), final), nil), incoming, st.NewSnapshot(fourNodes(), final).List())
			if diff := cmp.Diff(want, filterOn(t, pl, sim, incoming, snap.List())); diff != "" {
				t.Errorf("simulated state (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, filterOn(t, pl, state, incoming, snap.List())); diff != "" {
				t.Errorf("original state changed (-want +got):\n%s", diff)
			}
		})
	}
}

func filterOn(t *testing.T, pl *PodTopologySpread, state *framework.CycleState, p *corev1.Pod, nodes []*framework.NodeInfo) map[string]result {
	t.Helper()
	out := map[string]result{}
	for _, ni := range nodes {
		out[ni.Node().Name] = asResult(pl.Filter(context.Background(), state, p, ni))
	}
	return out
}

func TestCriticalPaths(t *testing.T) {
	p := newCriticalPaths()
	for _, u := range []struct {
		v string
		n int
	}{{"a", 3}, {"b", 1}, {"c", 2}, {"b", 4}, {"a", 0}} {
		p.update(u.v, u.n)
	}
	if p[0].value != "a" || p[0].num != 0 || p[1].value != "c" || p[1].num != 2 {
		t.Errorf("paths = %+v, want [{a 0} {c 2}]", p)
	}
}
