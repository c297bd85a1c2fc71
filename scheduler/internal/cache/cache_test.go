package cache

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

func node(name, zone string) *corev1.Node {
	return &corev1.Node{
		ObjectMeta: meta.ObjectMeta{Name: name, Labels: map[string]string{corev1.LabelTopologyZone: zone}},
		Status: corev1.NodeStatus{
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4")},
			Images:      []corev1.ContainerImage{{Names: []string{"img"}, SizeBytes: 10}},
		},
	}
}

func pod(name, nodeName string, milli int64) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Name: name, Namespace: "ns", UID: meta.UID(name)},
		Spec: corev1.PodSpec{NodeName: nodeName, Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: *resource.NewMilliQuantity(milli, resource.DecimalSI)}}}}},
	}
}

// requested returns each snapshot node's requested milli-cpu and pod count.
func requested(s *Snapshot) map[string]string {
	out := map[string]string{}
	for _, ni := range s.List() {
		out[ni.Node().Name] = fmt.Sprintf("%dm/%d", ni.Requested.MilliCPU, len(ni.Pods))
	}
	return out
}

func TestAssumeConfirmForgetExpire(t *testing.T) {
	now := time.Unix(1000, 0)
	c := New(Options{AssumedPodTTL: 30 * time.Second, Now: func() time.Time { return now }})
	c.AddNode(node("n1", "a"))
	s := NewEmptySnapshot()
	steps := []struct {
		name    string
		do      func(t *testing.T)
		want    map[string]string
		assumed bool
	}{
		{name: "assume", do: func(t *testing.T) {
			if err := c.AssumePod(framework.NewPodInfo(pod("p", "n1", 500))); err != nil {
				t.Fatal(err)
			}
		}, want: map[string]string{"n1": "500m/1"}, assumed: true},
		{name: "assume twice fails", do: func(t *testing.T) {
			if err := c.AssumePod(framework.NewPodInfo(pod("p", "n1", 500))); err == nil {
				t.Fatal("assumed twice")
			}
		}, want: map[string]string{"n1": "500m/1"}, assumed: true},
		{name: "forget", do: func(t *testing.T) {
			if err := c.ForgetPod(pod("p", "n1", 500)); err != nil {
				t.Fatal(err)
			}
		}, want: map[string]string{"n1": "0m/0"}},
		{name: "assume and confirm", do: func(t *testing.T) {
			_ = c.AssumePod(framework.NewPodInfo(pod("p", "n1", 500)))
			c.FinishBinding(pod("p", "n1", 500))
			c.AddPod(pod("p", "n1", 500))
			now = now.Add(time.Hour)
			c.Cleanup()
		}, want: map[string]string{"n1": "500m/1"}},
		{name: "assume, bind, never confirmed: expires", do: func(t *testing.T) {
			_ = c.AssumePod(framework.NewPodInfo(pod("q", "n1", 1000)))
			c.FinishBinding(pod("q", "n1", 1000))
			now = now.Add(10 * time.Second)
			c.Cleanup()
			if !c.IsAssumedPod(pod("q", "n1", 0)) {
				t.Fatal("expired before the TTL")
			}
			now = now.Add(30 * time.Second)
			c.Cleanup()
		}, want: map[string]string{"n1": "500m/1"}},
		{name: "assumed without finished binding never expires", do: func(t *testing.T) {
			_ = c.AssumePod(framework.NewPodInfo(pod("r", "n1", 100)))
			now = now.Add(time.Hour)
			c.Cleanup()
		}, want: map[string]string{"n1": "600m/2"}, assumed: true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do(t)
			c.UpdateSnapshot(s)
			if diff := cmp.Diff(st.want, requested(s)); diff != "" {
				t.Errorf("snapshot (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSnapshotIncremental(t *testing.T) {
	c := New(Options{})
	for i := range 6 {
		c.AddNode(node(fmt.Sprintf("n%d", i), []string{"a", "b"}[i%2]))
	}
	s := NewEmptySnapshot()
	c.UpdateSnapshot(s)
	before := map[string]*framework.NodeInfo{}
	for _, ni := range s.List() {
		before[ni.Node().Name] = ni
	}
	gen := s.generation
	c.AddPod(pod("p1", "n2", 100))
	c.AddPod(pod("p2", "n2", 100))
	c.RemoveNode(node("n5", "b"))
	c.AddNode(node("n6", "a"))
	c.UpdateSnapshot(s)

	// Nodes changed since the last update are newer than it; unchanged ones
	// keep their generation and pointer.
	for _, ni := range s.List() {
		name := ni.Node().Name
		changed := name == "n2" || name == "n6"
		if changed != (ni.Generation > gen) {
			t.Errorf("node %s: generation %d vs snapshot %d, changed=%v", name, ni.Generation, gen, changed)
		}
		if old, ok := before[name]; ok && old != ni {
			t.Errorf("node %s: NodeInfo pointer replaced", name)
		}
	}
	// The snapshot equals one built from scratch.
	fresh := NewEmptySnapshot()
	c.UpdateSnapshot(fresh)
	if diff := cmp.Diff(requested(fresh), requested(s)); diff != "" {
		t.Errorf("incremental vs fresh (-want +got):\n%s", diff)
	}
	var order []string
	for _, ni := range s.List() {
		order = append(order, ni.Node().Name)
	}
	if diff := cmp.Diff([]string{"n0", "n1", "n2", "n3", "n4", "n6"}, order); diff != "" {
		t.Errorf("zone-interleaved order (-want +got):\n%s", diff)
	}
	if _, err := s.Get("n5"); err == nil {
		t.Error("removed node still in the snapshot")
	}
	ni, _ := s.Get("n0")
	if diff := cmp.Diff(&framework.ImageStateSummary{Size: 10, NumNodes: 6}, ni.ImageStates["img"]); diff != "" {
		t.Errorf("image state (-want +got):\n%s", diff)
	}
}

func TestNamespaceLabels(t *testing.T) {
	c := New(Options{})
	c.SetNamespace(&corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team", Labels: map[string]string{"team": "a"}}})
	s := NewEmptySnapshot()
	c.UpdateSnapshot(s)
	if diff := cmp.Diff(map[string]string{"team": "a"}, s.Namespaces().Labels("team")); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	c.RemoveNamespace(&corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team"}})
	c.UpdateSnapshot(s)
	if got := s.Namespaces().Labels("team"); got != nil {
		t.Errorf("removed namespace still has labels %v", got)
	}
}
