package interpodaffinity

import (
	"context"
	"fmt"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// benchCluster is 5,000 nodes in 50 zones with 10,000 pods; every pod of
// the "green" group has required anti-affinity on the hostname (as
// scheduler_perf's SchedulingPodAntiAffinity), the others have none.
func benchCluster(withPreferred bool) (*snapshot, *corev1.Pod) {
	const nodes, pods = 5000, 10000
	var ns []*corev1.Node
	for i := range nodes {
		name := fmt.Sprintf("node-%d", i)
		ns = append(ns, makeNode(name, map[string]string{
			corev1.LabelHostname: name, corev1.LabelTopologyZone: fmt.Sprintf("zone-%d", i%50), "region": "r1",
		}))
	}
	green := func(name, node string) *corev1.Pod {
		opts := []podOpt{withAntiAffinity(term(corev1.LabelHostname, sel(expr("color", opIn, "green")), "sched-test", "sched-setup"))}
		if withPreferred {
			opts = append(opts, withPreferredAntiAffinity(10, term(corev1.LabelTopologyZone, sel(expr("color", opIn, "green")), "sched-test", "sched-setup")))
		}
		return makePod(name, "sched-setup", node, map[string]string{"color": "green", "name": "test"}, opts...)
	}
	var ps []*corev1.Pod
	for i := range pods {
		node := fmt.Sprintf("node-%d", i%nodes)
		if i%5 == 0 {
			ps = append(ps, green(fmt.Sprintf("green-%d", i), node))
		} else {
			ps = append(ps, makePod(fmt.Sprintf("other-%d", i), "default", node, map[string]string{"app": fmt.Sprintf("a%d", i%7)}))
		}
	}
	in := green("incoming", "")
	in.Namespace = "sched-test"
	return newSnapshot(ps, ns), in
}

// BenchmarkInterPodAntiAffinity measures one pod's cycle over 5,000 nodes
// and 10,000 pods: PreFilter, Filter on every node, PreScore, Score on
// every node and NormalizeScore.
func BenchmarkInterPodAntiAffinity(b *testing.B) {
	for _, preferred := range []bool{false, true} {
		snap, pod := benchCluster(preferred)
		pl := newPlugin(b, snap, nil)
		ctx := context.Background()
		b.Run(fmt.Sprintf("cycle/preferred=%v", preferred), func(b *testing.B) {
			b.ReportAllocs()
			scores := make(framework.NodeScoreList, len(snap.nodes))
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				state := framework.NewCycleState()
				if _, st := pl.PreFilter(ctx, state, pod); !st.IsSuccess() {
					b.Fatal(st)
				}
				for _, ni := range snap.nodes {
					pl.Filter(ctx, state, pod, ni)
				}
				if st := pl.PreScore(ctx, state, pod, snap.nodes); st.IsSkip() {
					continue
				}
				for i, ni := range snap.nodes {
					s, _ := pl.Score(ctx, state, pod, ni)
					scores[i] = framework.NodeScore{Name: ni.Node().Name, Score: s}
				}
				pl.NormalizeScore(ctx, state, pod, scores)
			}
		})
		state := framework.NewCycleState()
		pl.PreFilter(ctx, state, pod)
		b.Run(fmt.Sprintf("PreFilter/preferred=%v", preferred), func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				pl.PreFilter(ctx, framework.NewCycleState(), pod)
			}
		})
		b.Run(fmt.Sprintf("Filter5000/preferred=%v", preferred), func(b *testing.B) {
			b.ReportAllocs()
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				for _, ni := range snap.nodes {
					pl.Filter(ctx, state, pod, ni)
				}
			}
		})
	}
}
