package podtopologyspread

import (
	"context"
	"fmt"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// BenchmarkPodTopologySpread measures one pod's cycle (PreFilter, Filter
// on 5,000 nodes, PreScore, Score, NormalizeScore) with 10,000 existing
// pods, half of them selected, for hard and soft zone+hostname constraints.
func BenchmarkPodTopologySpread(b *testing.B) {
	const nodes, pods = 5000, 10000
	var ns []*corev1.Node
	for i := range nodes {
		name := fmt.Sprintf("node-%d", i)
		ns = append(ns, labelled(name, corev1.LabelTopologyZone, fmt.Sprintf("zone-%d", i%50)))
	}
	var ps []*corev1.Pod
	for i := range pods {
		p := pod(fmt.Sprintf("p-%d", i), fmt.Sprintf("node-%d", i%nodes))
		if i%2 == 0 {
			p.Label("color", "blue")
		} else {
			p.Label("app", "other")
		}
		ps = append(ps, p.Obj())
	}
	snap := st.NewSnapshot(ns, ps)
	pl := newPlugin(b, snap, nil)
	ctx := context.Background()
	for _, action := range []corev1.UnsatisfiableConstraintAction{corev1.DoNotSchedule, corev1.ScheduleAnyway} {
		in := withSpread(pod("incoming", "").Label("color", "blue"),
			constraintOf(5, corev1.LabelTopologyZone, action, "color"),
			constraintOf(5, corev1.LabelHostname, action, "color")).Obj()
		b.Run(fmt.Sprintf("cycle/%s", action), func(b *testing.B) {
			b.ReportAllocs()
			scores := make(framework.NodeScoreList, len(snap.List()))
			cpu := startCPU()
			defer cpu.report(b)
			for b.Loop() {
				state := framework.NewCycleState()
				if _, s := pl.PreFilter(ctx, state, in); s.IsSuccess() {
					for _, ni := range snap.List() {
						pl.Filter(ctx, state, in, ni)
					}
				}
				if s := pl.PreScore(ctx, state, in, snap.List()); s.IsSkip() {
					continue
				}
				for i, ni := range snap.List() {
					v, _ := pl.Score(ctx, state, in, ni)
					scores[i] = framework.NodeScore{Name: ni.Node().Name, Score: v}
				}
				pl.NormalizeScore(ctx, state, in, scores)
			}
		})
	}
	in := withSpread(pod("incoming", "").Label("color", "blue"),
		constraintOf(5, corev1.LabelTopologyZone, corev1.DoNotSchedule, "color"),
		constraintOf(5, corev1.LabelHostname, corev1.DoNotSchedule, "color")).Obj()
	state := framework.NewCycleState()
	pl.PreFilter(ctx, state, in)
	b.Run("Filter5000", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		defer cpu.report(b)
		for b.Loop() {
			for _, ni := range snap.List() {
				pl.Filter(ctx, state, in, ni)
			}
		}
	})
	b.Run("PreFilter", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		defer cpu.report(b)
		for b.Loop() {
			pl.PreFilter(ctx, framework.NewCycleState(), in)
		}
	})
	b.Run("CloneAndRemovePod", func(b *testing.B) {
		b.ReportAllocs()
		ni := snap.List()[7]
		victim := ni.Pods[0]
		for b.Loop() {
			c := state.Clone()
			pl.RemovePod(ctx, c, in, victim, ni)
		}
	})
}
