package scheduler

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

func newTestScheduler(t testing.TB, b *recordingBinder, mutate ...func(*Config)) *Scheduler {
	t.Helper()
	cfg := Config{Registry: testRegistry(), Profiles: []framework.Profile{testProfile()}, Binder: b}
	for _, m := range mutate {
		m(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t testing.TB, s *Scheduler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func waitBound(t *testing.T, b *recordingBinder, n int) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-b.ch:
		case <-deadline:
			t.Fatalf("only %d of %d pods bound", i, n)
		}
	}
}

func TestInProcessSchedulesPods(t *testing.T) {
	b := newRecordingBinder()
	s := newTestScheduler(t, b)
	for i := range 5 {
		s.AddNode(makeNode(fmt.Sprintf("n%d", i), 4000, 110))
	}
	s.AddNode(makeNode("tainted", 100000, 110, corev1.Taint{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}))
	run(t, s)
	for i := range 20 {
		s.AddPod(makePod(fmt.Sprintf("p%d", i), 1000))
	}
	waitBound(t, b, 20)
	perNode := map[string]int{}
	for i := range 20 {
		n, _ := b.get(fmt.Sprintf("p%d", i))
		perNode[n]++
	}
	want := map[string]int{"n0": 4, "n1": 4, "n2": 4, "n3": 4, "n4": 4}
	if diff := cmp.Diff(want, perNode); diff != "" {
		t.Errorf("pods per node (-want +got):\n%s", diff)
	}
}

func TestFitErrorMessage(t *testing.T) {
	b := newRecordingBinder()
	s := newTestScheduler(t, b)
	for i := range 3 {
		s.AddNode(makeNode(fmt.Sprintf("n%d", i), 1000, 110))
	}
	for i := range 2 {
		s.AddNode(makeNode(fmt.Sprintf("t%d", i), 100000, 110, corev1.Taint{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}))
	}
	s.cache.UpdateSnapshot(s.snapshot)
	fwk := s.profiles[DefaultSchedulerName]
	_, fitErr, err := s.schedulePod(context.Background(), fwk, framework.NewCycleState(), makePod("big", 2000))
	if err != nil {
		t.Fatal(err)
	}
	if fitErr == nil {
		t.Fatal("want a FitError")
	}
	want := "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu."
	if diff := cmp.Diff(want, fitErr.Error()); diff != "" {
		t.Errorf("FitError (-want +got):\n%s", diff)
	}
	plugins := make([]string, 0)
	for p := range fitErr.Diagnosis.UnschedulablePlugins {
		plugins = append(plugins, p)
	}
	sort.Strings(plugins)
	if diff := cmp.Diff([]string{"TestFit", "TestTaint"}, plugins); diff != "" {
		t.Errorf("unschedulable plugins (-want +got):\n%s", diff)
	}
}

func TestUnschedulablePodMovesOnNodeAdd(t *testing.T) {
	b := newRecordingBinder()
	s := newTestScheduler(t, b)
	s.AddNode(makeNode("small", 1000, 110))
	run(t, s)
	s.AddPod(makePod("big", 2000))
	// Wait until the pod is in the unschedulable pool.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, u := s.queue.Counts()
		if u == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("pod never became unschedulable")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A node with a non-matching change does not move it; a large node does.
	s.UpdateNode(makeNode("small", 1000, 110), withLabel(makeNode("small", 1000, 110), "a", "b"))
	if _, _, u := s.queue.Counts(); u != 1 {
		t.Fatalf("a label change moved the pod out of the unschedulable pool")
	}
	s.AddNode(makeNode("large", 8000, 110))
	waitBound(t, b, 1)
	if n, _ := b.get("big"); n != "large" {
		t.Errorf("bound to %q, want large", n)
	}
}

func withLabel(n *corev1.Node, k, v string) *corev1.Node {
	n.Labels[k] = v
	return n
}

func TestNumFeasibleNodesToFind(t *testing.T) {
	p := func(v int32) *int32 { return &v }
	tests := []struct {
		name       string
		global     int32
		profile    *int32
		nodes      int32
		wantToFind int32
	}{
		{name: "fewer than 100 nodes", nodes: 10, wantToFind: 10},
		{name: "adaptive 1000 nodes", nodes: 1000, wantToFind: 420},
		{name: "adaptive 5000 nodes", nodes: 5000, wantToFind: 500},
		{name: "adaptive floor 5%", nodes: 6000, wantToFind: 300},
		{name: "adaptive min 100", nodes: 150, wantToFind: 100},
		{name: "global 10%", global: 10, nodes: 5000, wantToFind: 500},
		{name: "profile overrides", global: 10, profile: p(40), nodes: 5000, wantToFind: 2000},
		{name: "100%", global: 100, nodes: 5000, wantToFind: 5000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &Scheduler{percentage: tc.global}
			got := s.numFeasibleNodesToFind(tc.profile, tc.nodes)
			if diff := cmp.Diff(tc.wantToFind, got); diff != "" {
				t.Errorf("numFeasibleNodesToFind (-want +got):\n%s", diff)
			}
		})
	}
}
