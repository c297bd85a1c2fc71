package noderesources

import (
	"context"
	"strconv"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

const benchNodes = 5000

func benchInfos() []*framework.NodeInfo {
	nodes := make([]*corev1.Node, benchNodes)
	var pods []*corev1.Pod
	for i := range nodes {
		name := "node-" + strconv.Itoa(i)
		nodes[i] = st.MakeNode().Name(name).Capacity(map[string]string{"cpu": "4", "memory": "32Gi", "pods": "110"}).Obj()
		for j := 0; j < i%4; j++ {
			pods = append(pods, st.MakePod().Name(name+"-"+strconv.Itoa(j)).Node(name).Req(map[string]string{"cpu": "100m", "memory": "500Mi"}).Obj())
		}
	}
	return st.NodeInfos(nodes, pods)
}

var benchPod = st.MakePod().Name("p").Req(map[string]string{"cpu": "100m", "memory": "500Mi"}).Obj()

// BenchmarkFitFilter filters one pod over 5,000 nodes per op.
func BenchmarkFitFilter(b *testing.B) {
	infos := benchInfos()
	p := newFit(b, nil, nil)
	ctx := context.Background()
	state := framework.NewCycleState()
	p.PreFilter(ctx, state, benchPod)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, ni := range infos {
			if s := p.Filter(ctx, state, benchPod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}

func benchScore(b *testing.B, p framework.ScorePlugin) {
	infos := benchInfos()
	ctx := context.Background()
	state := framework.NewCycleState()
	p.(framework.PreScorePlugin).PreScore(ctx, state, benchPod, infos)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, ni := range infos {
			if _, s := p.Score(ctx, state, benchPod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}

// BenchmarkFitScore scores one pod over 5,000 nodes per op, per strategy.
func BenchmarkFitScore(b *testing.B) {
	for _, typ := range []ScoringStrategyType{LeastAllocated, MostAllocated, RequestedToCapacityRatio} {
		b.Run(string(typ), func(b *testing.B) {
			s := &ScoringStrategy{Type: typ}
			if typ == RequestedToCapacityRatio {
				s.RequestedToCapacityRatio = &RequestedToCapacityRatioParam{Shape: []UtilizationShapePoint{{0, 10}, {100, 0}}}
			}
			benchScore(b, newFit(b, &NodeResourcesFitArgs{ScoringStrategy: s}, nil))
		})
	}
}

// BenchmarkBalancedAllocationScore scores one pod over 5,000 nodes per op.
func BenchmarkBalancedAllocationScore(b *testing.B) {
	p, err := NewBalancedAllocation(context.Background(), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	benchScore(b, p.(framework.ScorePlugin))
}
