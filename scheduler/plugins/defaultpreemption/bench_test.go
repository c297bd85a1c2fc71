package defaultpreemption

import (
	"context"
	"fmt"
	"testing"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// BenchmarkPostFilter preempts on 5,000 full nodes holding 10,000
// lower-priority pods: the dry run evaluates 500 candidates (10%) on
// cloned NodeInfos and CycleStates with NodeResourcesFit,
// InterPodAffinity and PodTopologySpread, then picks one (no API writes).
func BenchmarkPostFilter(b *testing.B) {
	const nodes = 5000
	var ns []*corev1.Node
	var ps []*corev1.Pod
	for i := range nodes {
		name := fmt.Sprintf("node-%d", i)
		ns = append(ns, cpuNode(name, "4"))
		ps = append(ps, victim(name+"-a", name, "2", int32(i%7), i%13), victim(name+"-b", name, "2", int32(i%5), i%11))
	}
	pod := preemptor("3", 100).Obj()
	e := newEnv(b, ns, ps, pod, nil)
	ctx := context.Background()
	b.ReportAllocs()
	cpu := startCPU()
	defer cpu.report(b)
	for b.Loop() {
		res, s := e.pl.PostFilter(ctx, e.state, pod, e.m)
		if !s.IsSuccess() || res.NominatedNodeName == "" {
			b.Fatal(s)
		}
	}
}
