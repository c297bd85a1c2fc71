package podtopologyspread

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

// scoreAll runs PreScore, Score and NormalizeScore on the filtered nodes.
func scoreAll(t *testing.T, pl *PodTopologySpread, p *corev1.Pod, filtered []*framework.NodeInfo) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	state := framework.NewCycleState()
	out := map[string]int64{}
	s := pl.PreScore(ctx, state, p, filtered)
	if s.IsSkip() {
		return nil
	}
	if !s.IsSuccess() {
		t.Fatalf("PreScore: %v", s)
	}
	var scores framework.NodeScoreList
	for _, ni := range filtered {
		v, s := pl.Score(ctx, state, p, ni)
		if !s.IsSuccess() {
			t.Fatalf("Score: %v", s)
		}
		scores = append(scores, framework.NodeScore{Name: ni.Node().Name, Score: v})
	}
	if s := pl.NormalizeScore(ctx, state, p, scores); !s.IsSuccess() {
		t.Fatal(s)
	}
	for _, sc := range scores {
		out[sc.Name] = sc.Score
	}
	return out
}

func labelled(name string, kv ...string) *corev1.Node {
	n := st.MakeNode().Name(name).Label(hostname, name)
	for i := 0; i+1 < len(kv); i += 2 {
		n.Label(kv[i], kv[i+1])
	}
	return n.Obj()
}

func TestPodTopologySpreadScore(t *testing.T) {
	hostS := constraintOf(1, hostname, corev1.ScheduleAnyway, "foo")
	zoneS := constraintOf(1, "zone", corev1.ScheduleAnyway, "foo")
	foo := func(name, node string) *corev1.Pod { return pod(name, node).Label("foo", "").Obj() }
	tests := []struct {
		name     string
		pod      *corev1.Pod
		nodes    []*corev1.Node
		pods     []*corev1.Pod
		filtered []string // default: every node
		want     map[string]int64
	}{
		{
			name:  "one constraint on node, no existing pods",
			pod:   withSpread(pod("p", "").Label("foo", ""), hostS).Obj(),
			nodes: []*corev1.Node{labelled("node-a"), labelled("node-b")},
			want:  map[string]int64{"node-a": 100, "node-b": 100},
		},
		{
			name:     "one constraint on node, only one node is candidate",
			pod:      withSpread(pod("p", "").Label("foo", ""), hostS).Obj(),
			nodes:    []*corev1.Node{labelled("node-a"), labelled("node-b")},
			pods:     []*corev1.Pod{foo("p-a1", "node-a"), foo("p-a2", "node-a"), foo("p-b1", "node-b")},
			filtered: []string{"node-a"},
			want:     map[string]int64{"node-a": 100},
		},
		{
			name:  "one constraint on node, all nodes have the same number of matching pods",
			pod:   withSpread(pod("p", "").Label("foo", ""), hostS).Obj(),
			nodes: []*corev1.Node{labelled("node-a"), labelled("node-b")},
			pods:  []*corev1.Pod{foo("p-a1", "node-a"), foo("p-b1", "node-b")},
			want:  map[string]int64{"node-a": 100, "node-b": 100},
		},
		{
			name:  "one constraint on node, all 4 nodes are candidates",
			pod:   withSpread(pod("p", "").Label("foo", ""), hostS).Obj(),
			nodes: []*corev1.Node{labelled("node-a"), labelled("node-b"), labelled("node-c"), labelled("node-d")},
			pods: []*corev1.Pod{
				foo("a1", "node-a"), foo("a2", "node-a"), foo("a3", "node-a"), foo("a4", "node-a"),
				foo("b1", "node-b"), foo("b2", "node-b"),
				foo("d1", "node-d"), foo("d2", "node-d"), foo("d3", "node-d"), foo("d4", "node-d"), foo("d5", "node-d"), foo("d6", "node-d"),
			},
			// log(6) weight: raw 7, 4, 0, 11.
			want: map[string]int64{"node-a": 36, "node-b": 63, "node-c": 100, "node-d": 0},
		},
		{
			name:  "one constraint on zone",
			pod:   withSpread(pod("p", "").Label("foo", ""), zoneS).Obj(),
			nodes: fourNodes(),
			pods:  []*corev1.Pod{foo("a1", "node-a"), foo("b1", "node-b"), foo("b2", "node-b"), foo("x1", "node-x")},
			// zone1 3·log(4) = 4, zone2 1·log(4) = 1.
			want: map[string]int64{"node-a": 25, "node-b": 25, "node-x": 100, "node-y": 100},
		},
		{
			name:  "two constraints on zone and node",
			pod:   withSpread(pod("p", "").Label("foo", ""), zoneS, hostS).Obj(),
			nodes: fourNodes(),
			pods:  []*corev1.Pod{foo("a1", "node-a"), foo("b1", "node-b"), foo("b2", "node-b"), foo("x1", "node-x")},
			// raw: a 6, b 8, x 3, y 1.
			want: map[string]int64{"node-a": 37, "node-b": 12, "node-x": 75, "node-y": 100},
		},
		{
			name:  "pods of other namespaces and non-matching pods are not counted",
			pod:   withSpread(pod("p", "").Label("foo", ""), hostS).Obj(),
			nodes: []*corev1.Node{labelled("node-a"), labelled("node-b")},
			pods:  []*corev1.Pod{pod("a1", "node-a").Namespace("other").Label("foo", "").Obj(), pod("a2", "node-a").Label("bar", "").Obj(), foo("b1", "node-b")},
			// raw: a 0, b round(log(4)) = 1.
			want: map[string]int64{"node-a": 100, "node-b": 0},
		},
		{
			name:  "a node missing the topology key is ignored",
			pod:   withSpread(pod("p", "").Label("foo", ""), zoneS).Obj(),
			nodes: []*corev1.Node{labelled("node-a", "zone", "zone1"), labelled("node-b")},
			pods:  []*corev1.Pod{foo("a1", "node-a")},
			want:  map[string]int64{"node-a": 100, "node-b": 0},
		},
		{
			name:  "maxSkew softens the differences",
			pod:   withSpread(pod("p", "").Label("foo", ""), constraintOf(3, hostname, corev1.ScheduleAnyway, "foo")).Obj(),
			nodes: []*corev1.Node{labelled("node-a"), labelled("node-b")},
			pods:  []*corev1.Pod{foo("a1", "node-a"), foo("a2", "node-a")},
			// log(4) weight: raw a round(2·1.386+2) = 5, b 2.
			want: map[string]int64{"node-a": 40, "node-b": 100},
		},
		{
			name:  "no soft constraints: PreScore skips",
			pod:   withSpread(pod("p", "").Label("foo", ""), constraintOf(1, hostname, corev1.DoNotSchedule, "foo")).Obj(),
			nodes: []*corev1.Node{labelled("node-a")},
			want:  nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := st.NewSnapshot(tc.nodes, tc.pods)
			pl := newPlugin(t, snap, nil)
			filtered := snap.List()
			if tc.filtered != nil {
				filtered = nil
				for _, n := range tc.filtered {
					ni, _ := snap.Get(n)
					filtered = append(filtered, ni)
				}
			}
			if diff := cmp.Diff(tc.want, scoreAll(t, pl, tc.pod, filtered)); diff != "" {
				t.Errorf("scores (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeWorkloads is a workloadLister over literal objects.
type fakeWorkloads struct {
	svcs []*corev1.Service
	rcs  []*corev1.ReplicationController
	rss  []*appsv1.ReplicaSet
	sss  []*appsv1.StatefulSet
}

func (f *fakeWorkloads) services(ns string) []*corev1.Service {
	var out []*corev1.Service
	for _, s := range f.svcs {
		if s.Namespace == ns {
			out = append(out, s)
		}
	}
	return out
}

func (f *fakeWorkloads) replicationController(ns, name string) *corev1.ReplicationController {
	for _, o := range f.rcs {
		if o.Namespace == ns && o.Name == name {
			return o
		}
	}
	return nil
}

func (f *fakeWorkloads) replicaSet(ns, name string) *appsv1.ReplicaSet {
	for _, o := range f.rss {
		if o.Namespace == ns && o.Name == name {
			return o
		}
	}
	return nil
}

func (f *fakeWorkloads) statefulSet(ns, name string) *appsv1.StatefulSet {
	for _, o := range f.sss {
		if o.Namespace == ns && o.Name == name {
			return o
		}
	}
	return nil
}

func owned(p *st.PodWrapper, apiVersion, kind, name string) *st.PodWrapper {
	yes := true
	p.OwnerReferences = append(p.OwnerReferences, meta.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: name, Controller: &yes})
	return p
}

func TestDefaultSelector(t *testing.T) {
	om := func(name string) meta.ObjectMeta { return meta.ObjectMeta{Name: name, Namespace: "default"} }
	w := &fakeWorkloads{
		svcs: []*corev1.Service{
			{ObjectMeta: om("web"), Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}}},
			{ObjectMeta: om("nil-selector")},
			{ObjectMeta: om("db"), Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "db"}}},
			{ObjectMeta: meta.ObjectMeta{Name: "other-ns", Namespace: "other"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}}},
		},
		rcs: []*corev1.ReplicationController{{ObjectMeta: om("rc"), Spec: corev1.ReplicationControllerSpec{Selector: map[string]string{"rc": "1"}}}},
		rss: []*appsv1.ReplicaSet{{ObjectMeta: om("rs"), Spec: appsv1.ReplicaSetSpec{Selector: &meta.LabelSelector{MatchLabels: map[string]string{"rs": "1"}}}}},
		sss: []*appsv1.StatefulSet{{ObjectMeta: om("ss"), Spec: appsv1.StatefulSetSpec{Selector: &meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "ss", Operator: meta.LabelSelectorOpIn, Values: []string{"1"}}}}}}},
	}
	src := &selectorSource{l: w}
	base := func() *st.PodWrapper {
		return st.MakePod().Name("p").Label("app", "web").Label("rc", "1").Label("rs", "1").Label("ss", "1")
	}
	tests := []struct {
		name string
		pod  *corev1.Pod
		want string
	}{
		{name: "services only", pod: base().Obj(), want: "app=web"},
		{name: "no service, no owner", pod: st.MakePod().Name("p").Label("x", "y").Obj(), want: ""},
		{name: "replication controller", pod: owned(base(), "v1", "ReplicationController", "rc").Obj(), want: "app=web,rc=1"},
		{name: "replica set", pod: owned(base(), "apps/v1", "ReplicaSet", "rs").Obj(), want: "app=web,rs=1"},
		{name: "stateful set", pod: owned(base(), "apps/v1", "StatefulSet", "ss").Obj(), want: "app=web,ss in (1)"},
		{name: "unsupported owner", pod: owned(base(), "apps/v1", "DaemonSet", "ds").Obj(), want: "app=web"},
		{name: "missing owner", pod: owned(base(), "apps/v1", "ReplicaSet", "gone").Obj(), want: "app=web"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := src.defaultSelector(tc.pod).String(); got != tc.want {
				t.Errorf("selector = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSystemDefaultScore(t *testing.T) {
	nodes := []*corev1.Node{labelled("node-a", corev1.LabelTopologyZone, "zone1"), labelled("node-b", corev1.LabelTopologyZone, "zone1"), labelled("node-c")}
	rsPod := func(name, node string) *corev1.Pod {
		return owned(pod(name, node).Label("foo", "bar"), "apps/v1", "ReplicaSet", "rs1").Obj()
	}
	pods := []*corev1.Pod{rsPod("a1", "node-a"), rsPod("a2", "node-a"), rsPod("c1", "node-c"), pod("b1", "node-b").Label("foo", "baz").Obj()}
	snap := st.NewSnapshot(nodes, pods)
	pl := newPlugin(t, snap, nil)
	pl.selectors = &selectorSource{l: &fakeWorkloads{rss: []*appsv1.ReplicaSet{{
		ObjectMeta: meta.ObjectMeta{Name: "rs1", Namespace: "default"},
		Spec:       appsv1.ReplicaSetSpec{Selector: &meta.LabelSelector{MatchLabels: map[string]string{"foo": "bar"}}},
	}}}}
	// Hostname weight log(5), zone weight log(4) ("zone1" and the
	// label-less ""), node-c has no zone and keeps hostname spreading:
	// raw a 12, b 9, c 4.
	want := map[string]int64{"node-a": 33, "node-b": 58, "node-c": 100}
	if diff := cmp.Diff(want, scoreAll(t, pl, rsPod("new", ""), snap.List())); diff != "" {
		t.Errorf("scores (-want +got):\n%s", diff)
	}
	// A pod no workload selects gets no default constraints.
	if got := scoreAll(t, pl, pod("lonely", "").Label("x", "y").Obj(), snap.List()); got != nil {
		t.Errorf("scores for a pod without workload = %v, want PreScore Skip", got)
	}
	// System defaults are soft: PreFilter skips.
	if _, s := pl.PreFilter(context.Background(), framework.NewCycleState(), rsPod("new", "")); !s.IsSkip() {
		t.Errorf("PreFilter = %v, want Skip", s)
	}
}

func TestListDefaulting(t *testing.T) {
	args := &PodTopologySpreadArgs{DefaultingType: ListDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{
		{MaxSkew: 1, TopologyKey: hostname, WhenUnsatisfiable: corev1.DoNotSchedule},
	}}
	nodes := []*corev1.Node{labelled("node-a"), labelled("node-b")}
	svcPod := func(name, node string) *corev1.Pod { return pod(name, node).Label("app", "web").Obj() }
	snap := st.NewSnapshot(nodes, []*corev1.Pod{svcPod("a1", "node-a")})
	pl := newPlugin(t, snap, args)
	pl.selectors = &selectorSource{l: &fakeWorkloads{svcs: []*corev1.Service{{
		ObjectMeta: meta.ObjectMeta{Name: "web", Namespace: "default"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}},
	}}}}
	want := map[string]result{"node-a": skewFail, "node-b": ok}
	if diff := cmp.Diff(want, filterAll(t, pl, svcPod("new", ""), snap.List())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestArgsValidation(t *testing.T) {
	sel := &meta.LabelSelector{}
	tests := []struct {
		name string
		args PodTopologySpreadArgs
		ok   bool
	}{
		{name: "defaults", ok: true},
		{name: "list", args: PodTopologySpreadArgs{DefaultingType: ListDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway}}}, ok: true},
		{name: "system with constraints", args: PodTopologySpreadArgs{DefaultingType: SystemDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway}}}},
		{name: "unknown type", args: PodTopologySpreadArgs{DefaultingType: "Other"}},
		{name: "zero maxSkew", args: PodTopologySpreadArgs{DefaultingType: ListDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{{TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway}}}},
		{name: "selector", args: PodTopologySpreadArgs{DefaultingType: ListDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway, LabelSelector: sel}}}},
		{name: "duplicate", args: PodTopologySpreadArgs{DefaultingType: ListDefaulting, DefaultConstraints: []corev1.TopologySpreadConstraint{
			{MaxSkew: 1, TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway}, {MaxSkew: 2, TopologyKey: "zone", WhenUnsatisfiable: corev1.ScheduleAnyway}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), &tc.args, &st.Handle{Snapshot: st.NewSnapshot(nil, nil)})
			if (err == nil) != tc.ok {
				t.Errorf("New error = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
