package interpodaffinity

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/google/go-cmp/cmp"
)

// result is a comparable view of a Status.
type result struct {
	Code    framework.Code
	Reasons []string
}

func asResult(s *framework.Status) result {
	if s.IsSuccess() {
		return result{Code: framework.Success}
	}
	return result{Code: s.Code(), Reasons: s.Reasons()}
}

var (
	ok            = result{Code: framework.Success}
	affinityFail  = result{Code: framework.UnschedulableAndUnresolvable, Reasons: []string{ErrReasonAffinityRulesNotMatch}}
	antiFail      = result{Code: framework.Unschedulable, Reasons: []string{ErrReasonAntiAffinityRulesNotMatch}}
	existingFail  = result{Code: framework.Unschedulable, Reasons: []string{ErrReasonExistingAntiAffinityRulesNotMatch}}
	skipPreFilter = result{Code: framework.Skip}
)

func newPlugin(t testing.TB, snap *snapshot, args *InterPodAffinityArgs) *InterPodAffinity {
	t.Helper()
	p, err := New(context.Background(), args, &handle{snap: snap})
	if err != nil {
		t.Fatal(err)
	}
	return p.(*InterPodAffinity)
}

// runFilter runs PreFilter then Filter on every node; a PreFilter Skip or
// failure is reported for every node.
func runFilter(t *testing.T, pl *InterPodAffinity, pod *corev1.Pod, snap *snapshot) map[string]result {
	t.Helper()
	ctx := context.Background()
	state := framework.NewCycleState()
	_, st := pl.PreFilter(ctx, state, pod)
	out := map[string]result{}
	for _, ni := range snap.nodes {
		if !st.IsSuccess() {
			out[ni.Node().Name] = asResult(st)
			continue
		}
		out[ni.Node().Name] = asResult(pl.Filter(ctx, state, pod, ni))
	}
	return out
}

func TestRequiredAffinitySingleNode(t *testing.T) {
	podLabel := map[string]string{"service": "securityscan"}
	podLabel2 := map[string]string{"security": "S1"}
	labels1 := map[string]string{"region": "r1", "zone": "z11"}
	node1 := makeNode("node1", labels1)
	tests := []struct {
		name      string
		pod       *corev1.Pod
		pods      []*corev1.Pod
		nsLabels  map[string]map[string]string
		want      result
		wantState bool
	}{
		{
			name: "a pod without affinity schedules onto a node with no existing pods",
			pod:  makePod("p", "", "", nil),
			want: skipPreFilter,
		},
		{
			name: "affinity In matches the existing pod",
			pod: makePod("p", "", "", podLabel2, withAffinity(term("region",
				sel(expr("service", opIn, "securityscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: ok,
		},
		{
			name: "affinity NotIn matches the existing pod",
			pod: makePod("p", "", "", podLabel2, withAffinity(term("region",
				sel(expr("service", opNotIn, "securityscan3", "value3"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: ok,
		},
		{
			name: "affinity does not match a pod in another namespace",
			pod: makePod("p", "", "", podLabel2, withAffinity(term("region",
				sel(expr("service", opIn, "securityscan", "value2")), "DiffNameSpace"))),
			pods: []*corev1.Pod{makePod("e", "ns", "node1", podLabel)},
			want: affinityFail,
		},
		{
			name: "affinity label selector does not match the existing pod",
			pod: makePod("p", "", "", podLabel, withAffinity(term("region",
				sel(expr("service", opIn, "antivirusscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: affinityFail,
		},
		{
			name: "several terms with different operators all match",
			pod: makePod("p", "", "", podLabel2, withAffinity(
				term("region", sel(expr("service", opExists), expr("wrongkey", opNotExist))),
				term("region", sel(expr("service", opIn, "securityscan"), expr("service", opNotIn, "WrongValue"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: ok,
		},
		{
			name: "the requirements of one term are ANDed: one fails",
			pod: makePod("p", "", "", podLabel2, withAffinity(
				term("region", sel(expr("service", opExists), expr("wrongkey", opNotExist))),
				term("region", sel(expr("service", opIn, "securityscan2"), expr("service", opNotIn, "WrongValue"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: affinityFail,
		},
		{
			name: "affinity and anti-affinity both satisfied",
			pod: makePod("p", "", "", podLabel2,
				withAffinity(term("region", sel(expr("service", opIn, "securityscan", "value2")))),
				withAntiAffinity(term("node", sel(expr("service", opIn, "antivirusscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: ok,
		},
		{
			name: "affinity, anti-affinity and the existing pod's anti-affinity satisfied",
			pod: makePod("p", "", "", podLabel2,
				withAffinity(term("region", sel(expr("service", opIn, "securityscan", "value2")))),
				withAntiAffinity(term("node", sel(expr("service", opIn, "antivirusscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel,
				withAntiAffinity(term("node", sel(expr("service", opIn, "antivirusscan", "value2")))))},
			want: ok,
		},
		{
			name: "affinity satisfied but anti-affinity not",
			pod: makePod("p", "", "", podLabel2,
				withAffinity(term("region", sel(expr("service", opIn, "securityscan", "value2")))),
				withAntiAffinity(term("zone", sel(expr("service", opIn, "securityscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: antiFail,
		},
		{
			name: "affinity and anti-affinity satisfied but not the existing pod's anti-affinity",
			pod: makePod("p", "", "", podLabel,
				withAffinity(term("region", sel(expr("service", opIn, "securityscan", "value2")))),
				withAntiAffinity(term("node", sel(expr("service", opIn, "antivirusscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel,
				withAntiAffinity(term("zone", sel(expr("service", opIn, "securityscan", "value2")))))},
			want: existingFail,
		},
		{
			name: "the pod matches its own affinity but a matching pod runs on another node",
			pod: makePod("p", "", "", podLabel,
				withAffinity(term("region", sel(expr("service", opNotIn, "securityscan", "value2"))))),
			pods: []*corev1.Pod{makePod("e", "", "node2", podLabel)},
			want: affinityFail,
		},
		{
			name: "existing anti-affinity is enforced for a pod without anti-affinity",
			pod:  makePod("p", "", "", podLabel),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel,
				withAntiAffinity(term("zone", sel(expr("service", opIn, "securityscan", "value2")))))},
			want: existingFail,
		},
		{
			name: "existing anti-affinity that does not match the pod",
			pod:  makePod("p", "", "", podLabel),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel,
				withAntiAffinity(term("zone", sel(expr("service", opNotIn, "securityscan", "value2")))))},
			want: skipPreFilter,
		},
		{
			name: "anti-affinity symmetry a1: incoming and existing pods partially match each other",
			pod: makePod("p", "", "", map[string]string{"foo": ""},
				withAntiAffinity(term("zone", sel(expr("foo", opExists))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", map[string]string{"bar": ""},
				withAntiAffinity(term("zone", sel(expr("bar", opExists)))))},
			want: ok,
		},
		{
			name: "anti-affinity symmetry a2: the existing pod matches the incoming pod's term",
			pod: makePod("p", "", "", map[string]string{"foo": ""},
				withAntiAffinity(term("zone", sel(expr("foo", opExists))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", map[string]string{"foo": "", "bar": ""},
				withAntiAffinity(term("zone", sel(expr("bar", opExists)))))},
			want: antiFail,
		},
		{
			name: "anti-affinity symmetry b: the incoming pod matches the existing pod's term",
			pod: makePod("p", "", "", map[string]string{"foo": "", "bar": ""},
				withAntiAffinity(term("zone", sel(expr("baz", opExists))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", map[string]string{"foo": ""},
				withAntiAffinity(term("zone", sel(expr("bar", opExists)))))},
			want: existingFail,
		},
		{
			name: "anti-affinity on a topology key the node lacks is satisfied",
			pod: makePod("p", "", "", podLabel,
				withAntiAffinity(term("rack", sel(expr("service", opExists))))),
			pods: []*corev1.Pod{makePod("e", "", "node1", podLabel)},
			want: ok,
		},
		{
			name: "invalid label selector fails PreFilter",
			pod: makePod("p", "", "", podLabel,
				withAffinity(term("region", sel(expr("service", "BadOp", "x"))))),
			want: result{Code: framework.UnschedulableAndUnresolvable},
		},
		{
			name: "affinity with namespaceSelector matches a pod in a selected namespace",
			pod: makePod("p", "", "", podLabel2, withAffinity(nsSelTerm("region",
				sel(expr("service", opIn, "securityscan", "value2")), sel(expr("team", opIn, "team1"))))),
			pods:     []*corev1.Pod{makePod("e", "subteam", "node1", podLabel)},
			nsLabels: map[string]map[string]string{"subteam": {"team": "team1"}},
			want:     ok,
		},
		{
			name: "affinity with namespaceSelector, no namespace matches",
			pod: makePod("p", "", "", podLabel2, withAffinity(nsSelTerm("region",
				sel(expr("service", opIn, "securityscan", "value2")), sel(expr("team", opIn, "team1"))))),
			pods:     []*corev1.Pod{makePod("e", "subteam", "node1", podLabel)},
			nsLabels: map[string]map[string]string{"subteam": {"team": "invalid"}},
			want:     affinityFail,
		},
		{
			name: "anti-affinity with namespaceSelector",
			pod: makePod("p", "", "", podLabel2, withAntiAffinity(nsSelTerm("region",
				sel(expr("service", opIn, "securityscan", "value2")), sel(expr("team", opIn, "team1"))))),
			pods:     []*corev1.Pod{makePod("e", "subteam", "node1", podLabel)},
			nsLabels: map[string]map[string]string{"subteam": {"team": "team1"}},
			want:     antiFail,
		},
		{
			name: "anti-affinity with an empty namespaceSelector selects every namespace",
			pod: makePod("p", "", "", podLabel2, withAntiAffinity(nsSelTerm("region",
				sel(expr("service", opIn, "securityscan", "value2")), sel()))),
			pods: []*corev1.Pod{makePod("e", "subteam", "node1", podLabel)},
			want: antiFail,
		},
		{
			name: "existing anti-affinity with namespaceSelector matches the incoming pod's namespace",
			pod:  makePod("p", "subteam", "", podLabel),
			pods: []*corev1.Pod{makePod("e", "other", "node1", podLabel2, withAntiAffinity(nsSelTerm("region",
				sel(expr("service", opIn, "securityscan")), sel(expr("team", opIn, "team1")))))},
			nsLabels: map[string]map[string]string{"subteam": {"team": "team1"}},
			want:     existingFail,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := newSnapshot(tc.pods, []*corev1.Node{node1, makeNode("node2", map[string]string{"region": "r2", "zone": "z22"})})
			if tc.nsLabels != nil {
				snap.ns = tc.nsLabels
			}
			pl := newPlugin(t, snap, nil)
			got := runFilter(t, pl, tc.pod, snap)["node1"]
			if tc.want.Code == framework.UnschedulableAndUnresolvable && tc.want.Reasons == nil {
				got.Reasons = nil
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("node1 (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequiredAffinityMultipleNodes(t *testing.T) {
	podLabelA := map[string]string{"foo": "bar"}
	labelRgChina := map[string]string{"region": "China"}
	labelRgChinaAzAz1 := map[string]string{"region": "China", "az": "az1"}
	labelRgIndia := map[string]string{"region": "India"}
	tests := []struct {
		name  string
		pod   *corev1.Pod
		pods  []*corev1.Pod
		nodes []*corev1.Node
		want  map[string]result
	}{
		{
			name: "every node of the matching pod's region fits",
			pod:  makePod("p", "", "", nil, withAffinity(term("region", sel(expr("foo", opIn, "bar"))))),
			pods: []*corev1.Pod{makePod("e", "", "nodeA", podLabelA)},
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"region": "r1", "hostname": "h1"}),
				makeNode("nodeB", map[string]string{"region": "r1", "hostname": "h2"}),
				makeNode("nodeC", map[string]string{"region": "r2", "hostname": "h3"}),
			},
			want: map[string]result{"nodeA": ok, "nodeB": ok, "nodeC": affinityFail},
		},
		{
			name: "the first pod of a self-affine group may go to any node with the topology key",
			pod: makePod("p", "", "", map[string]string{"foo": "bar", "service": "securityscan"},
				withAffinity(term("zone", sel(expr("foo", opIn, "bar")), ""),
					term("zone", sel(expr("service", opIn, "securityscan")), ""))),
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"zone": "az1", "hostname": "h1"}),
				makeNode("nodeB", map[string]string{"zone": "az2", "hostname": "h2"}),
				makeNode("nodeC", map[string]string{"hostname": "h3"}),
			},
			want: map[string]result{"nodeA": ok, "nodeB": ok, "nodeC": affinityFail},
		},
		{
			name: "the first-pod exception needs the pod to match its own terms",
			pod:  makePod("p", "", "", map[string]string{"foo": "baz"}, withAffinity(term("zone", sel(expr("foo", opIn, "bar"))))),
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"zone": "az1"}),
			},
			want: map[string]result{"nodeA": affinityFail},
		},
		{
			name: "anti-affinity: nodes sharing the matching pod's region are excluded",
			pod:  makePod("p", "", "", nil, withAntiAffinity(term("region", sel(expr("foo", opIn, "bar"))))),
			pods: []*corev1.Pod{makePod("e", "", "nodeA", podLabelA)},
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"region": "r1", "hostname": "nodeA"}),
				makeNode("nodeB", map[string]string{"region": "r1", "hostname": "nodeB"}),
				makeNode("nodeC", map[string]string{"region": "r2", "hostname": "nodeC"}),
			},
			want: map[string]result{"nodeA": antiFail, "nodeB": antiFail, "nodeC": ok},
		},
		{
			name: "anti-affinity matches when any term matches",
			pod: makePod("p", "", "", nil, withAntiAffinity(
				term("region", sel(expr("foo", opIn, "abc"))),
				term("hostname", sel(expr("foo", opIn, "bar"))))),
			pods: []*corev1.Pod{makePod("e", "", "nodeA", podLabelA)},
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"region": "r1", "hostname": "nodeA"}),
				makeNode("nodeB", map[string]string{"region": "r1", "hostname": "nodeB"}),
			},
			want: map[string]result{"nodeA": antiFail, "nodeB": ok},
		},
		{
			name: "existing pods' anti-affinity terms are counted in their own domains",
			pod:  makePod("p", "", "", map[string]string{"foo": "123", "bar": "456"}),
			pods: []*corev1.Pod{
				makePod("e1", "", "nodeA", nil, withAntiAffinity(term("region", sel(expr("foo", opExists))))),
				makePod("e2", "", "nodeB", nil, withAntiAffinity(term("zone", sel(expr("bar", opExists))))),
			},
			nodes: []*corev1.Node{
				makeNode("nodeA", map[string]string{"region": "r1", "zone": "z1", "hostname": "nodeA"}),
				makeNode("nodeB", map[string]string{"region": "r2", "zone": "z2", "hostname": "nodeB"}),
				makeNode("nodeC", map[string]string{"region": "r1", "zone": "z3", "hostname": "nodeC"}),
				makeNode("nodeD", map[string]string{"region": "r3", "zone": "z2", "hostname": "nodeD"}),
				makeNode("nodeE", map[string]string{"region": "r3", "zone": "z4", "hostname": "nodeE"}),
			},
			want: map[string]result{"nodeA": existingFail, "nodeB": existingFail, "nodeC": existingFail, "nodeD": existingFail, "nodeE": ok},
		},
		{
			name: "affinity in one region and anti-affinity in one az",
			pod: makePod("p", "", "", nil,
				withAffinity(term("region", sel(expr("foo", opIn, "bar")))),
				withAntiAffinity(term("az", sel(expr("foo", opIn, "bar"))))),
			pods: []*corev1.Pod{makePod("e", "", "nodeA", podLabelA)},
			nodes: []*corev1.Node{
				makeNode("nodeA", labelRgChinaAzAz1),
				makeNode("nodeB", labelRgChina),
				makeNode("nodeC", labelRgIndia),
			},
			want: map[string]result{"nodeA": antiFail, "nodeB": ok, "nodeC": affinityFail},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := newSnapshot(tc.pods, tc.nodes)
			pl := newPlugin(t, snap, nil)
			got := runFilter(t, pl, tc.pod, snap)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestPreFilterExtensions adds and removes pods through the extensions and
// checks Filter against a snapshot built with the pods in place.
func TestPreFilterExtensions(t *testing.T) {
	nodes := []*corev1.Node{
		makeNode("nodeA", map[string]string{"zone": "z1", "hostname": "nodeA"}),
		makeNode("nodeB", map[string]string{"zone": "z1", "hostname": "nodeB"}),
		makeNode("nodeC", map[string]string{"zone": "z2", "hostname": "nodeC"}),
	}
	pod := makePod("p", "", "", map[string]string{"app": "web"},
		withAffinity(term("zone", sel(expr("app", opIn, "db")))),
		withAntiAffinity(term("hostname", sel(expr("app", opIn, "web")))))
	db := makePod("db", "", "nodeC", map[string]string{"app": "db"})
	web := makePod("web", "", "nodeA", map[string]string{"app": "web"})
	guard := makePod("guard", "", "nodeB", nil, withAntiAffinity(term("zone", sel(expr("app", opIn, "web")))))

	tests := []struct {
		name   string
		start  []*corev1.Pod
		add    []*corev1.Pod
		remove []*corev1.Pod
		want   map[string]result
	}{
		{
			name:  "adding a pod matching the affinity",
			start: []*corev1.Pod{web},
			add:   []*corev1.Pod{db},
			want:  map[string]result{"nodeA": affinityFail, "nodeB": affinityFail, "nodeC": ok},
		},
		{
			name:   "removing the only pod matching the affinity falls back to the first-pod rule",
			start:  []*corev1.Pod{db},
			remove: []*corev1.Pod{db},
			want:   map[string]result{"nodeA": affinityFail, "nodeB": affinityFail, "nodeC": affinityFail},
		},
		{
			name:   "removing a pod matching the anti-affinity",
			start:  []*corev1.Pod{db, web, makePod("web2", "", "nodeC", map[string]string{"app": "web"})},
			remove: []*corev1.Pod{makePod("web2", "", "nodeC", map[string]string{"app": "web"})},
			want:   map[string]result{"nodeA": affinityFail, "nodeB": affinityFail, "nodeC": ok},
		},
		{
			name:  "adding a pod whose anti-affinity matches the incoming pod",
			start: []*corev1.Pod{db},
			add:   []*corev1.Pod{makePod("guard", "", "nodeC", nil, withAntiAffinity(term("zone", sel(expr("app", opIn, "web")))))},
			want:  map[string]result{"nodeA": affinityFail, "nodeB": affinityFail, "nodeC": existingFail},
		},
		{
			name:   "removing a pod whose anti-affinity matches the incoming pod",
			start:  []*corev1.Pod{makePod("db", "", "nodeB", map[string]string{"app": "db"}), guard},
			remove: []*corev1.Pod{guard},
			want:   map[string]result{"nodeA": ok, "nodeB": ok, "nodeC": affinityFail},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			snap := newSnapshot(tc.start, nodes)
			pl := newPlugin(t, snap, nil)
			state := framework.NewCycleState()
			if _, st := pl.PreFilter(ctx, state, pod); !st.IsSuccess() {
				t.Fatalf("PreFilter: %v", st)
			}
			// Simulate on a clone, as preemption does; the original must not change.
			before := asMap(t, pl, state, pod, snap)
			sim := state.Clone()
			for _, p := range tc.add {
				ni := snap.byName[p.Spec.NodeName]
				if st := pl.AddPod(ctx, sim, pod, framework.NewPodInfo(p), ni); !st.IsSuccess() {
					t.Fatal(st)
				}
			}
			for _, p := range tc.remove {
				ni := snap.byName[p.Spec.NodeName]
				if st := pl.RemovePod(ctx, sim, pod, framework.NewPodInfo(p), ni); !st.IsSuccess() {
					t.Fatal(st)
				}
			}
			if diff := cmp.Diff(tc.want, asMap(t, pl, sim, pod, snap)); diff != "" {
				t.Errorf("after AddPod/RemovePod (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, asMap(t, pl, state, pod, snap)); diff != "" {
				t.Errorf("original state changed (-want +got):\n%s", diff)
			}
		})
	}
}

func asMap(t *testing.T, pl *InterPodAffinity, state *framework.CycleState, pod *corev1.Pod, snap *snapshot) map[string]result {
	t.Helper()
	out := map[string]result{}
	for _, ni := range snap.nodes {
		out[ni.Node().Name] = asResult(pl.Filter(context.Background(), state, pod, ni))
	}
	return out
}
