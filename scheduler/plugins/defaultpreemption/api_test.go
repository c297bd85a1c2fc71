package defaultpreemption

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
	"github.com/google/go-cmp/cmp"
)

func newClient(t *testing.T) *client.Client {
	t.Helper()
	return apiservertest.Start(t, apiserver.Config{}).Client
}

// TestPreemptionThroughAPI checks the API writes: the victim is deleted
// (after getting the DisruptionTarget condition), the preemptor is
// nominated, and a lower-priority pod nominated to the node loses its
// nomination.
func TestPreemptionThroughAPI(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	pods := client.For[*corev1.Pod](c).Namespace("default")
	create := func(p *corev1.Pod) *corev1.Pod {
		t.Helper()
		p = p.DeepCopy()
		p.UID = ""
		p.Spec.Containers[0].Image = "nginx"
		status := p.Status
		out, err := pods.Create(ctx, p, client.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if status.NominatedNodeName != "" {
			if err := patchStatus(ctx, pods, out.Name, map[string]any{"nominatedNodeName": status.NominatedNodeName}); err != nil {
				t.Fatal(err)
			}
			out.Status.NominatedNodeName = status.NominatedNodeName
		}
		return out
	}
	low := create(victim("low", "node1", "3", 1, 0))
	keep := create(victim("keep", "node1", "1", 50, 0))
	pod := create(preemptor("2", 10).Obj())
	nominated := preemptor("1", 5).Name("nominated").Obj()
	nominated.Status.NominatedNodeName = "node1"
	nominated = create(nominated)

	e := newEnv(t, []*corev1.Node{cpuNode("node1", "4")}, []*corev1.Pod{low, keep}, pod, nil)
	e.h.API = c
	e.h.nominate = map[string][]*framework.PodInfo{"node1": {framework.NewPodInfo(nominated)}}
	res, s := e.pl.PostFilter(ctx, e.state, pod, e.m)
	if !s.IsSuccess() || res.NominatedNodeName != "node1" {
		t.Fatalf("PostFilter = %+v, %v", res, s)
	}
	if got, err := pods.Get(ctx, "low"); err == nil {
		// Graceful deletion: the pod stays with a deletion timestamp and the condition.
		if got.DeletionTimestamp == nil {
			t.Errorf("victim not deleted: %+v", got.ObjectMeta)
		}
		found := false
		for _, cond := range got.Status.Conditions {
			found = found || (cond.Type == corev1.DisruptionTarget && cond.Reason == corev1.PodReasonPreemptionByScheduler)
		}
		if !found {
			t.Errorf("victim conditions = %+v, want DisruptionTarget", got.Status.Conditions)
		}
	} else if !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	if _, err := pods.Get(ctx, "keep"); err != nil {
		t.Errorf("higher-priority pod: %v", err)
	}
	got, err := pods.Get(ctx, "preemptor")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status.NominatedNodeName != "node1" {
		t.Errorf("preemptor nominatedNodeName = %q, want node1", got.Status.NominatedNodeName)
	}
	if got, _ := pods.Get(ctx, "nominated"); got.Status.NominatedNodeName != "" {
		t.Errorf("lower-priority nominated pod keeps nominatedNodeName %q", got.Status.NominatedNodeName)
	}
	want := []string{"low Preempted: Preempted by pod " + string(pod.UID) + " on node node1"}
	if diff := cmp.Diff(want, e.h.events.events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
