package imagelocality

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Cases and numbers from Kubernetes' image_locality_test.go.
func TestScore(t *testing.T) {
	node403002000 := func() *corev1.Node {
		return st.MakeNode().Name("node1").Image(40*mb, "gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1").
			Image(300*mb, "gcr.io/300:latest", "gcr.io/300:v1").Image(2000*mb, "gcr.io/2000:latest").Obj()
	}
	node25010 := func() *corev1.Node {
		return st.MakeNode().Name("node2").Image(250*mb, "gcr.io/250:latest").Image(10*mb, "gcr.io/10:latest", "gcr.io/10:v1").Obj()
	}
	node60040900 := func() *corev1.Node {
		return st.MakeNode().Name("node3").Image(600*mb, "gcr.io/600:latest").Image(40*mb, "gcr.io/40:latest").Image(900*mb, "gcr.io/900:latest").Obj()
	}
	node300600900 := func() *corev1.Node {
		return st.MakeNode().Name("node4").Image(300*mb, "gcr.io/300:latest").Image(600*mb, "gcr.io/600:latest").Image(900*mb, "gcr.io/900:latest").Obj()
	}
	node400030 := func() *corev1.Node {
		return st.MakeNode().Name("node5").Image(4000*mb, "gcr.io/4000:latest").Image(30*mb, "gcr.io/30:latest").Obj()
	}
	node203040 := func() *corev1.Node {
		return st.MakeNode().Name("node6").Image(20*mb, "gcr.io/20:latest").Image(30*mb, "gcr.io/30:latest").Image(40*mb, "gcr.io/40:latest").Obj()
	}
	nodeWithNoImages := func() *corev1.Node { return st.MakeNode().Name("node7").Obj() }
	pod := func(images ...string) *corev1.Pod {
		w := st.MakePod()
		for _, i := range images {
			w.Container(i)
		}
		return w.Obj()
	}
	tests := []struct {
		name  string
		pod   *corev1.Pod
		nodes []*corev1.Node
		want  []int64
	}{
		// Node1: gcr.io/40:latest 40MB, on 1 of 2 nodes: 20M < 23M -> 0.
		// Node2: gcr.io/250:latest 250MB: 100 * (250M/2 - 23M) / (1000M * 2 - 23M) = 5.
		{name: "two images spread on two nodes, prefer the larger image one", pod: pod("gcr.io/40", "gcr.io/250"),
			nodes: []*corev1.Node{node403002000(), node25010()}, want: []int64{0, 5}},
		// Node1: 100 * ((40M + 300M)/2 - 23M) / (1000M * 2 - 23M) = 7.
		{name: "two images on one node, prefer this node", pod: pod("gcr.io/40", "gcr.io/300"),
			nodes: []*corev1.Node{node403002000(), node25010()}, want: []int64{7, 0}},
		// 2 nodes. Node1: 2000M/2 = 1000M -> 100 * (1000M - 23M) / (2000M - 23M) = 49; Node2: 10M/2 < 23M -> 0.
		{name: "if exceed limit, use limit", pod: pod("gcr.io/2000", "gcr.io/10"),
			nodes: []*corev1.Node{node403002000(), node25010()}, want: []int64{49, 0}},
		// 3 nodes. Node1: 2000M/3 = 666M -> 100 * (666M - 23M) / (2000M - 23M) = 32.
		{name: "if exceed limit, use limit (with node which has no images present)", pod: pod("gcr.io/2000", "gcr.io/10"),
			nodes: []*corev1.Node{node403002000(), node25010(), nodeWithNoImages()}, want: []int64{32, 0, 0}},
		// 3 nodes, max threshold 3000M. Node3: 600M*2/3 + 900M*2/3 = 1000M -> 100 * 977M / 2977M = 32.
		// Node4: 300M/3 + 400M + 600M = 1100M -> 100 * 1077M / 2977M = 36.
		{name: "pod with multiple large images", pod: pod("gcr.io/300", "gcr.io/600", "gcr.io/900"),
			nodes: []*corev1.Node{node60040900(), node300600900(), nodeWithNoImages()}, want: []int64{32, 36, 0}},
		// Node5: 30M*2/3 = 20M; node6: 20M + 40M/3 = 33M -> 100 * 10M / 1977M = 0.
		{name: "pod with multiple small images", pod: pod("gcr.io/30", "gcr.io/40"),
			nodes: []*corev1.Node{node400030(), node203040(), nodeWithNoImages()}, want: []int64{0, 0, 0}},
		// Init containers count: Node1: 300M/2 = 150M over 2 containers -> 100 * 127M / 1977M = 6.
		{name: "pod with init container images", pod: func() *corev1.Pod {
			p := pod("gcr.io/30")
			p.Spec.InitContainers = []corev1.Container{{Image: "gcr.io/300"}}
			return p
		}(),
			nodes: []*corev1.Node{node403002000(), node25010()}, want: []int64{6, 0}},
		{name: "no containers", pod: pod(), nodes: []*corev1.Node{node403002000()}, want: []int64{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := st.NewSnapshot(tc.nodes, nil)
			p, _ := New(context.Background(), nil, &st.Handle{Snapshot: snap})
			pl := p.(*ImageLocality)
			for _, pre := range []bool{true, false} {
				state := framework.NewCycleState()
				if pre {
					if s := pl.PreScore(context.Background(), state, tc.pod, snap.List()); !s.IsSuccess() {
						t.Fatal(s)
					}
				}
				got := make([]int64, len(tc.nodes))
				for i, ni := range snap.List() {
					v, s := pl.Score(context.Background(), state, tc.pod, ni)
					if !s.IsSuccess() {
						t.Fatal(s)
					}
					got[i] = v
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("PreScore %v: (-want +got):\n%s", pre, diff)
				}
			}
		})
	}
}

func TestNormalizedImageName(t *testing.T) {
	for in, want := range map[string]string{
		"root":                      "root:latest",
		"root:tag":                  "root:tag",
		"gcr.io:5000/root":          "gcr.io:5000/root:latest",
		"root@sha256:abcdef":        "root@sha256:abcdef",
		"gcr.io:5000/root:v1":       "gcr.io:5000/root:v1",
		"registry.example/org/path": "registry.example/org/path:latest",
	} {
		if diff := cmp.Diff(want, normalizedImageName(in)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
}

// BenchmarkScore scores a two-container pod over 5,000 nodes per op.
func BenchmarkScore(b *testing.B) {
	nodes := make([]*corev1.Node, 5000)
	for i := range nodes {
		w := st.MakeNode().Name("node-"+strconv.Itoa(i)).Image(100*mb, "registry/base:latest")
		if i%3 == 0 {
			w.Image(500*mb, "registry/app:v1")
		}
		nodes[i] = w.Obj()
	}
	snap := st.NewSnapshot(nodes, nil)
	p, _ := New(context.Background(), nil, &st.Handle{Snapshot: snap})
	pl := p.(*ImageLocality)
	pod := st.MakePod().Container("registry/base").Container("registry/app:v1").Obj()
	ctx, state := context.Background(), framework.NewCycleState()
	pl.PreScore(ctx, state, pod, snap.List())
	infos := snap.List()
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if _, s := pl.Score(ctx, state, pod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}
