package perf

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// TestHarnessSmall runs every workload at its small size (about 50 nodes
// and 200 pods), in process and end to end, with the placement check. The
// figures are logged, never asserted.
func TestHarnessSmall(t *testing.T) {
	for _, w := range Workloads() {
		for _, v := range []Variant{InProcess, E2E} {
			t.Run(w.Name+"/"+string(v), func(t *testing.T) {
				t.Parallel()
				s := w.Small
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				r, err := Run(ctx, w, Options{Variant: v, Scale: &s, Timeout: time.Minute, Dir: t.TempDir(), CreateWorkers: 16})
				if err != nil {
					t.Fatal(err)
				}
				t.Log(r)
			})
		}
	}
}

// TestCheck feeds Check hand-made outcomes: it must catch each kind of
// violation.
func TestCheck(t *testing.T) {
	w, _ := Lookup("SchedulingBasic")
	spread, _ := Lookup("PodTopologySpread")
	anti, _ := Lookup("InterPodAntiAffinity")
	aff, _ := Lookup("NodeAffinity")
	taint, _ := Lookup("TaintToleration")
	churn, _ := Lookup("Churn")
	bind := func(p *corev1.Pod, node string) *corev1.Pod { p.Spec.NodeName = node; return p }
	nodes := func(n int, mk func(int) *corev1.Node) []*corev1.Node {
		var out []*corev1.Node
		for i := range n {
			out = append(out, mk(i))
		}
		return out
	}
	tests := []struct {
		name  string
		w     Workload
		scale Scale
		nodes []*corev1.Node
		pods  []*corev1.Pod
		want  []string // substrings of the error, in order; none: no error
	}{
		{
			name: "all fine", w: w, scale: Scale{2, 0, 2}, nodes: nodes(2, defaultNode),
			pods: []*corev1.Pod{bind(w.MeasurePod(0), NodeName(0)), bind(w.MeasurePod(1), NodeName(1))},
		},
		{
			name: "unbound and missing measured pods", w: w, scale: Scale{1, 0, 2}, nodes: nodes(1, defaultNode),
			pods: []*corev1.Pod{w.MeasurePod(0)},
			want: []string{"measured pod default/pod-measure-000000 is not bound", "1 measured pods exist, want 2"},
		},
		{
			name: "bound to a node that does not exist", w: w, scale: Scale{1, 0, 1}, nodes: nodes(1, defaultNode),
			pods: []*corev1.Pod{bind(w.MeasurePod(0), "nowhere")},
			want: []string{"bound to node nowhere, which does not exist"},
		},
		{
			name: "cpu overcommitted", w: w, scale: Scale{1, 0, 41}, nodes: nodes(1, defaultNode),
			pods: func() []*corev1.Pod {
				var ps []*corev1.Pod
				for i := range 41 {
					ps = append(ps, bind(w.MeasurePod(i), NodeName(0)))
				}
				return ps
			}(),
			want: []string{"node node-00000 is overcommitted: 4100m cpu requested, 4000m allocatable"},
		},
		{
			name: "node affinity violated", w: aff, scale: Scale{3, 0, 1}, nodes: nodes(3, defaultNode),
			pods: []*corev1.Pod{bind(aff.MeasurePod(0), NodeName(2))},
			want: []string{"which its required node affinity excludes"},
		},
		{
			name: "taint not tolerated", w: taint, scale: Scale{5, 0, 1}, nodes: nodes(5, taintedNode),
			pods: []*corev1.Pod{bind(taint.MeasurePod(0), NodeName(4))},
			want: []string{"whose taint dedicated=gpu:NoSchedule it does not tolerate"},
		},
		{
			name: "anti-affinity violated", w: anti, scale: Scale{1, 1, 1}, nodes: nodes(1, defaultNode),
			pods: []*corev1.Pod{bind(anti.InitPod(0), NodeName(0)), bind(anti.MeasurePod(0), NodeName(0))},
			want: []string{"has required anti-affinity to pod", "has required anti-affinity to pod"},
		},
		{
			name: "spread skew exceeded", w: spread, scale: Scale{3, 0, 2}, nodes: nodes(3, defaultNode),
			pods: []*corev1.Pod{bind(spread.MeasurePod(0), NodeName(0)), bind(spread.MeasurePod(1), NodeName(0))},
			want: []string{"differ by 2 > maxSkew 1"},
		},
		{
			name: "churn pod bound", w: churn, scale: Scale{1, 0, 0}, nodes: nodes(1, defaultNode),
			pods: []*corev1.Pod{bind(largeCPUPod(0), "churn-node-00000")},
			want: []string{"fits no node but is bound"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.w, tc.scale, tc.nodes, tc.pods)
			var got []string
			if err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if len(got) != len(tc.want) {
				t.Fatalf("Check() = %v; want %d violations %q", err, len(tc.want), tc.want)
			}
			for i := range got {
				if !strings.Contains(got[i], tc.want[i]) {
					t.Errorf("violation %d = %q; want it to contain %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestPercentiles checks the per-second throughput figures.
func TestPercentiles(t *testing.T) {
	start := time.Unix(1000, 0)
	l := newBindLog(6)
	for i, d := range []time.Duration{100, 200, 300, 1100, 2100, 3000} {
		l.add(string(rune('a'+i)), start.Add(d*time.Millisecond))
	}
	var r Result
	l.finish(&r, start)
	got := []float64{r.PodsPerSec, r.Perc50, r.Perc99}
	want := []float64{2, 1, 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("throughput (-want +got):\n%s", diff)
	}
	med, lo, hi := Medians([]Result{{PodsPerSec: 3}, {PodsPerSec: 1}, {PodsPerSec: 2}})
	if diff := cmp.Diff([]float64{2, 1, 3}, []float64{med, lo, hi}); diff != "" {
		t.Errorf("Medians (-want +got):\n%s", diff)
	}
}
