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

func capNode(name, cpu, mem string, extra map[string]string) *corev1.Node {
	m := map[string]string{"cpu": cpu, "memory": mem}
	for k, v := range extra {
		m[k] = v
	}
	return st.MakeNode().Name(name).Capacity(m).Obj()
}

type scoreCase struct {
	name     string
	pod      *corev1.Pod
	nodes    []*corev1.Node
	existing []*corev1.Pod
	want     []int64
	skipPre  bool
}

func runScores(t *testing.T, p framework.ScorePlugin, tc scoreCase) {
	t.Helper()
	infos := st.NodeInfos(tc.nodes, tc.existing)
	state := framework.NewCycleState()
	if !tc.skipPre {
		if s := p.(framework.PreScorePlugin).PreScore(context.Background(), state, tc.pod, infos); !s.IsSuccess() {
			t.Fatalf("PreScore: %v", s)
		}
	}
	got := make([]int64, len(infos))
	for i, ni := range infos {
		s, st := p.Score(context.Background(), state, tc.pod, ni)
		if !st.IsSuccess() {
			t.Fatalf("Score: %v", st)
		}
		got[i] = s
	}
	if diff := cmp.Diff(tc.want, got); diff != "" {
		t.Errorf("scores (-want +got):\n%s", diff)
	}
}

// Cases and numbers from Kubernetes' least_allocated_test.go ("cpu": "4000"
// there is 4000 cores; only ratios matter).
func TestLeastAllocated(t *testing.T) {
	req := map[string]string{"cpu": "1000", "memory": "2000"}
	req2 := map[string]string{"cpu": "2000", "memory": "3000"}
	tests := []struct {
		scoreCase
		resources []ResourceSpec
	}{
		{scoreCase: scoreCase{name: "nothing scheduled, nothing requested", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "4000", "10000", nil)},
			want:  []int64{100, 100}}},
		{scoreCase: scoreCase{name: "nothing scheduled, resources requested, differently sized nodes", pod: st.MakePod().Req(req).Req(req2).Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{37, 50}}},
		{scoreCase: scoreCase{name: "no resources requested, pods scheduled with resources", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{capNode("node1", "10000", "20000", nil), capNode("node2", "10000", "20000", nil)},
			existing: []*corev1.Pod{
				st.MakePod().Name("a").Node("node1").Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
				st.MakePod().Name("b").Node("node1").Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
				st.MakePod().Name("c").Node("node2").Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
				st.MakePod().Name("d").Node("node2").Req(map[string]string{"cpu": "3000", "memory": "5000"}).Obj(),
			},
			want: []int64{70, 57}}},
		{scoreCase: scoreCase{name: "resources requested, pods scheduled with resources, differently sized nodes", pod: st.MakePod().Req(req).Req(req2).Obj(),
			nodes: []*corev1.Node{capNode("node1", "10000", "20000", nil), capNode("node2", "10000", "50000", nil)},
			existing: []*corev1.Pod{
				st.MakePod().Name("a").Node("node1").Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
				st.MakePod().Name("b").Node("node2").Req(map[string]string{"cpu": "3000", "memory": "5000"}).Obj(),
			},
			want: []int64{57, 60}}},
		{scoreCase: scoreCase{name: "requested resources exceed node capacity", pod: st.MakePod().Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "4000", "10000", nil)},
			existing: []*corev1.Pod{
				st.MakePod().Name("a").Node("node1").Req(map[string]string{"cpu": "3000", "memory": "0"}).Obj(),
				st.MakePod().Name("b").Node("node2").Req(map[string]string{"cpu": "3000", "memory": "5000"}).Obj(),
			},
			want: []int64{50, 25}}},
		{scoreCase: scoreCase{name: "zero node resources, pods scheduled with resources", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{st.MakeNode().Name("node1").Obj(), st.MakeNode().Name("node2").Obj()},
			want:  []int64{0, 0}}},
		{scoreCase: scoreCase{name: "different weights on cpu and memory", pod: st.MakePod().Req(req).Req(req2).Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{41, 50}},
			resources: []ResourceSpec{{Name: "memory", Weight: 2}, {Name: "cpu", Weight: 1}}},
		{scoreCase: scoreCase{name: "bypass extended resource if the pod does not request", pod: st.MakePod().Req(req).Req(req2).Obj(),
			nodes: []*corev1.Node{capNode("node1", "6000", "10000", nil), capNode("node2", "6000", "10000", map[string]string{extendedA: "4"})},
			want:  []int64{50, 50}},
			resources: []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}, {Name: extendedA, Weight: 1}}},
		{scoreCase: scoreCase{name: "honor extended resource if the pod requests", pod: st.MakePod().Req(req).Req(map[string]string{"cpu": "2000", "memory": "3000", extendedA: "2"}).Obj(),
			nodes: []*corev1.Node{capNode("node1", "6000", "10000", map[string]string{extendedA: "4"}), capNode("node2", "6000", "10000", map[string]string{extendedA: "10"})},
			want:  []int64{50, 60}},
			resources: []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}, {Name: extendedA, Weight: 1}}},
		{scoreCase: scoreCase{name: "without PreScore", skipPre: true, pod: st.MakePod().Req(req).Req(req2).Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{37, 50}}},
		{scoreCase: scoreCase{name: "containers without requests count the defaults", pod: st.MakePod().Container("busybox").Obj(),
			// cpu (4000m-100m)*100/4000m = 97; memory (400Mi-200Mi)*100/400Mi = 50.
			nodes: []*corev1.Node{capNode("node1", "4", "400Mi", nil)},
			want:  []int64{73}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: LeastAllocated, Resources: tc.resources}}
			runScores(t, newFit(t, args, nil), tc.scoreCase)
		})
	}
}

// Numbers from Kubernetes' most_allocated_test.go.
func TestMostAllocated(t *testing.T) {
	req := map[string]string{"cpu": "1000", "memory": "2000"}
	req2 := map[string]string{"cpu": "2000", "memory": "3000"}
	tests := []struct {
		scoreCase
		resources []ResourceSpec
	}{
		{scoreCase: scoreCase{name: "nothing scheduled, nothing requested", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "4000", "10000", nil)},
			want:  []int64{0, 0}}},
		{scoreCase: scoreCase{name: "nothing scheduled, resources requested, differently sized nodes", pod: st.MakePod().Req(req).Req(req2).Obj(),
			// node1: cpu 75, memory 50 -> 62; node2: cpu 50, memory 50 -> 50.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{62, 50}}},
		{scoreCase: scoreCase{name: "resources requested, pods scheduled with resources", pod: st.MakePod().Req(map[string]string{"cpu": "1000", "memory": "2000"}).Obj(),
			// node1: cpu 7000/10000 = 70, memory 7000/20000 = 35 -> 52; node2: cpu 70, memory 2000/20000 = 10 -> 40.
			nodes: []*corev1.Node{capNode("node1", "10000", "20000", nil), capNode("node2", "10000", "20000", nil)},
			existing: []*corev1.Pod{
				st.MakePod().Name("a").Node("node1").Req(map[string]string{"cpu": "6000", "memory": "5000"}).Obj(),
				st.MakePod().Name("b").Node("node2").Req(map[string]string{"cpu": "6000", "memory": "0"}).Obj(),
			},
			want: []int64{52, 40}}},
		{scoreCase: scoreCase{name: "requested more than capacity is capped", pod: st.MakePod().Req(map[string]string{"cpu": "5000", "memory": "9000"}).Obj(),
			// cpu capped 100, memory 90 -> 95.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil)},
			want:  []int64{95}}},
		{scoreCase: scoreCase{name: "weights", pod: st.MakePod().Req(req).Req(req2).Obj(),
			// node1: (75*1 + 50*2) / 3 = 58; node2: 50.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{58, 50}},
			resources: []ResourceSpec{{Name: "memory", Weight: 2}, {Name: "cpu", Weight: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: MostAllocated, Resources: tc.resources}}
			runScores(t, newFit(t, args, nil), tc.scoreCase)
		})
	}
}

func TestRequestedToCapacityRatio(t *testing.T) {
	least := []UtilizationShapePoint{{Utilization: 0, Score: 10}, {Utilization: 100, Score: 0}}
	most := []UtilizationShapePoint{{Utilization: 0, Score: 0}, {Utilization: 100, Score: 10}}
	tests := []struct {
		scoreCase
		shape     []UtilizationShapePoint
		resources []ResourceSpec
	}{
		{scoreCase: scoreCase{name: "least shape, nothing requested", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "4000", "10000", nil)},
			want:  []int64{100, 100}}, shape: least},
		{scoreCase: scoreCase{name: "least shape, differently sized nodes", pod: st.MakePod().Req(map[string]string{"cpu": "3000", "memory": "5000"}).Obj(),
			// node1: cpu 75% -> 25, memory 50% -> 50, round(37.5) = 38; node2: 50, 50 -> 50.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil), capNode("node2", "6000", "10000", nil)},
			want:  []int64{38, 50}}, shape: least},
		{scoreCase: scoreCase{name: "most shape, nothing requested scores 0", pod: st.MakePod().Obj(),
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil)},
			want:  []int64{0}}, shape: most},
		{scoreCase: scoreCase{name: "most shape, zero-score resources left out of the mean", pod: st.MakePod().Req(map[string]string{"cpu": "2000", "memory": "0"}).Obj(),
			// cpu 50% -> 50; memory 0% -> 0 (left out) -> 50.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil)},
			want:  []int64{50}}, shape: most},
		{scoreCase: scoreCase{name: "over capacity scores as 100%", pod: st.MakePod().Req(map[string]string{"cpu": "5000", "memory": "5000"}).Obj(),
			// cpu >100% -> 100, memory 50% -> 50, round(75) = 75.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil)},
			want:  []int64{75}}, shape: most},
		{scoreCase: scoreCase{name: "broken-linear shape with extended resource weights", pod: st.MakePod().Req(map[string]string{"cpu": "1000", extendedA: "2"}).Obj(),
			// shape (0,0) (50,10) (100,5) scaled x10: cpu 25% -> 50, memory 0 -> 0 (left out),
			// extended 2/8 = 25% -> 50 (weight 3) on node1; 2/2 = 100% -> 50 on node2.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", map[string]string{extendedA: "8"}), capNode("node2", "4000", "10000", map[string]string{extendedA: "2"})},
			want:  []int64{50, 50}},
			shape:     []UtilizationShapePoint{{0, 0}, {50, 10}, {100, 5}},
			resources: []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}, {Name: extendedA, Weight: 3}}},
		{scoreCase: scoreCase{name: "rounding of the weighted mean", pod: st.MakePod().Req(map[string]string{"cpu": "1000", "memory": "3000"}).Obj(),
			// most shape: cpu 25 (weight 1), memory 30 (weight 2): (25 + 60) / 3 = 28.33 -> 28.
			nodes: []*corev1.Node{capNode("node1", "4000", "10000", nil)},
			want:  []int64{28}},
			shape:     most,
			resources: []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio, Resources: tc.resources,
				RequestedToCapacityRatio: &RequestedToCapacityRatioParam{Shape: tc.shape}}}
			runScores(t, newFit(t, args, nil), tc.scoreCase)
		})
	}
}

// Cases and numbers from Kubernetes' balanced_allocation_test.go (cpu in
// milli-cores there and here).
func TestBalancedAllocation(t *testing.T) {
	cpuAndMemory := func(name, node string) *corev1.Pod {
		return st.MakePod().Name(name).Node(node).Req(map[string]string{"cpu": "1000m", "memory": "2000"}).Req(map[string]string{"cpu": "2000m", "memory": "3000"}).Obj()
	}
	cpuOnly := func(name, node string) *corev1.Pod {
		return st.MakePod().Name(name).Node(node).Req(map[string]string{"cpu": "1000m", "memory": "0"}).Req(map[string]string{"cpu": "2000m", "memory": "0"}).Obj()
	}
	cpuMemGPU := func(name, node string) *corev1.Pod {
		return st.MakePod().Name(name).Node(node).Req(map[string]string{"cpu": "1000m", "memory": "2000"}).Req(map[string]string{"cpu": "2000m", "memory": "3000", "nvidia.com/gpu": "3"}).Obj()
	}
	mk := func(name, cpu, mem string, gpu bool) *corev1.Node {
		var extra map[string]string
		if gpu {
			extra = map[string]string{"nvidia.com/gpu": "8"}
		}
		return capNode(name, cpu, mem, extra)
	}
	withGPU := []ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}, {Name: "nvidia.com/gpu", Weight: 1}}
	tests := []struct {
		scoreCase
		resources []ResourceSpec
	}{
		{scoreCase: scoreCase{name: "nothing scheduled, resources requested, differently sized nodes", pod: cpuAndMemory("p", ""),
			nodes: []*corev1.Node{mk("node1", "4000m", "10000", false), mk("node2", "6000m", "10000", false)},
			want:  []int64{87, 100}}},
		{scoreCase: scoreCase{name: "resources requested, pods scheduled with resources", pod: cpuAndMemory("p", ""),
			nodes:    []*corev1.Node{mk("node1", "10000m", "20000", false), mk("node2", "10000m", "20000", false)},
			existing: []*corev1.Pod{cpuOnly("a", "node1"), cpuAndMemory("b", "node2")},
			want:     []int64{82, 95}}},
		{scoreCase: scoreCase{name: "resources requested, pods scheduled with resources, differently sized nodes", pod: cpuAndMemory("p", ""),
			nodes:    []*corev1.Node{mk("node1", "10000m", "20000", false), mk("node2", "10000m", "50000", false)},
			existing: []*corev1.Pod{cpuOnly("a", "node1"), cpuAndMemory("b", "node2")},
			want:     []int64{82, 80}}},
		{scoreCase: scoreCase{name: "requested resources at node capacity", pod: cpuOnly("p", ""),
			nodes:    []*corev1.Node{mk("node1", "6000m", "10000", false), mk("node2", "6000m", "10000", false)},
			existing: []*corev1.Pod{cpuOnly("a", "node1"), cpuAndMemory("b", "node2")},
			want:     []int64{50, 75}}},
		{scoreCase: scoreCase{name: "include scalar resource on a node for balanced resource allocation",
			pod:      st.MakePod().Req(map[string]string{"memory": "0", "nvidia.com/gpu": "1"}).Obj(),
			nodes:    []*corev1.Node{mk("node1", "3500m", "40000", true), mk("node2", "3500m", "40000", true)},
			existing: []*corev1.Pod{cpuAndMemory("a", "node2"), cpuMemGPU("b", "node1")},
			want:     []int64{70, 65}}, resources: withGPU},
		{scoreCase: scoreCase{name: "node without the scalar resource should skip the scalar resource", pod: cpuAndMemory("p", ""),
			nodes: []*corev1.Node{mk("node1", "3500m", "40000", true), mk("node2", "3500m", "40000", false)},
			want:  []int64{63, 63}}, resources: withGPU},
		{scoreCase: scoreCase{name: "resources requested, pods scheduled with resources if PreScore not called", skipPre: true, pod: cpuAndMemory("p", ""),
			nodes:    []*corev1.Node{mk("node1", "10000m", "20000", false), mk("node2", "10000m", "20000", false)},
			existing: []*corev1.Pod{cpuOnly("a", "node1"), cpuAndMemory("b", "node2")},
			want:     []int64{82, 95}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewBalancedAllocation(context.Background(), &NodeResourcesBalancedAllocationArgs{Resources: tc.resources}, nil)
			if err != nil {
				t.Fatal(err)
			}
			runScores(t, p.(framework.ScorePlugin), tc.scoreCase)
		})
	}
}

func TestArgsValidation(t *testing.T) {
	tests := []struct {
		name    string
		args    *NodeResourcesFitArgs
		wantErr string
	}{
		{name: "defaults", args: nil},
		{name: "unknown strategy", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: "Foo"}},
			wantErr: `scoringStrategy.type: Unsupported value: "Foo"`},
		{name: "missing strategy type", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{}},
			wantErr: `scoringStrategy.type: Unsupported value: ""`},
		{name: "negative weight", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: LeastAllocated, Resources: []ResourceSpec{{Name: "memory", Weight: -1}, {Name: "cpu", Weight: 1}}}},
			wantErr: "scoringStrategy.resources[0].weight: Invalid value: -1: resource weight of memory not in valid range (0, 100]"},
		{name: "weight above 100", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: LeastAllocated, Resources: []ResourceSpec{{Name: "cpu", Weight: 101}}}},
			wantErr: "scoringStrategy.resources[0].weight: Invalid value: 101"},
		{name: "shape required", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio}},
			wantErr: "needs a shape"},
		{name: "empty shape", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio, RequestedToCapacityRatio: &RequestedToCapacityRatioParam{}}},
			wantErr: "scoringStrategy.shape: Required value: at least one point must be specified"},
		{name: "shape not increasing", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio,
			RequestedToCapacityRatio: &RequestedToCapacityRatioParam{Shape: []UtilizationShapePoint{{10, 1}, {10, 2}}}}},
			wantErr: "scoringStrategy.shape[1].utilization: Invalid value: 10: Invalid Utilization, Utilization values must be sorted in increasing order"},
		{name: "shape utilization out of range", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio,
			RequestedToCapacityRatio: &RequestedToCapacityRatioParam{Shape: []UtilizationShapePoint{{10, 1}, {101, 2}}}}},
			wantErr: "scoringStrategy.shape[1].utilization: Invalid value: 101: not in valid range [0, 100]"},
		{name: "shape score out of range", args: &NodeResourcesFitArgs{ScoringStrategy: &ScoringStrategy{Type: RequestedToCapacityRatio,
			RequestedToCapacityRatio: &RequestedToCapacityRatioParam{Shape: []UtilizationShapePoint{{10, 11}}}}},
			wantErr: "scoringStrategy.shape[0].score: Invalid value: 11: not in valid range [0, 10]"},
		{name: "ignored resource group with slash", args: &NodeResourcesFitArgs{IgnoredResourceGroups: []string{"example.com/aaa"}},
			wantErr: `ignoredResourceGroups[0]: Invalid value: "example.com/aaa": resource group name can't contain '/'`},
		{name: "invalid ignored resource", args: &NodeResourcesFitArgs{IgnoredResources: []string{"-bad-"}},
			wantErr: `ignoredResources[0]: Invalid value: "-bad-"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), tc.args, nil)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
	if _, err := NewBalancedAllocation(context.Background(), &NodeResourcesBalancedAllocationArgs{Resources: []ResourceSpec{{Name: "cpu", Weight: 2}, {Name: "cpu", Weight: 1}}}, nil); err == nil ||
		!strings.Contains(err.Error(), `resources[0].weight: Invalid value: 2: must be 1`) || !strings.Contains(err.Error(), `resources[1].name: Duplicate value: "cpu"`) {
		t.Errorf("BalancedAllocation validation err = %v", err)
	}
}

func TestFactoryDecodesArgs(t *testing.T) {
	raw := []byte(`{"scoringStrategy":{"type":"MostAllocated","resources":[{"name":"cpu","weight":3}]}}`)
	p, err := framework.Factory(New)(context.Background(), raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := p.(*Fit)
	if diff := cmp.Diff([]scoredResource{{name: "cpu", weight: 3, kind: kindCPU}}, f.scorer.resources, cmp.AllowUnexported(scoredResource{})); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
	if f.scorer.strategy != mostAllocated {
		t.Errorf("strategy = %v, want MostAllocated", f.scorer.strategy)
	}
	if _, err := framework.Factory(New)(context.Background(), []byte(`{"scoringStrategy":{"typo":"x"}}`), nil); err == nil {
		t.Error("want an error for an unknown field")
	}
}
