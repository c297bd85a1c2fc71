package scheduler

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/defaultbinder"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
)

// TestIntegrationWithAPIServer runs the scheduler against an in-process
// API server: pods get bound through pods/binding; an unschedulable pod
// gets PodScheduled=False with the FitError and a FailedScheduling Event.
func TestIntegrationWithAPIServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := apiservertest.Start(t, apiserver.Config{}).Client
	r := testRegistry()
	r[defaultbinder.Name] = framework.Factory(defaultbinder.New)
	s, err := New(Config{Client: c, Registry: r, Profiles: []framework.Profile{testProfile()}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	nodes := client.For[*corev1.Node](c)
	pods := client.For[*corev1.Pod](c).Namespace("default")
	for _, n := range []string{"n1", "n2"} {
		if _, err := nodes.Create(ctx, makeNode(n, 2000, 110), client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []*corev1.Pod{makePod("a", 500), makePod("b", 500), makePod("huge", 100000)} {
		p.UID = ""
		if _, err := pods.Create(ctx, p, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(what string, fn func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !fn() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	for _, name := range []string{"a", "b"} {
		wait(name+" bound", func() bool {
			p, err := pods.Get(ctx, name)
			return err == nil && p.Spec.NodeName != ""
		})
	}
	want := "0/2 nodes are available: 2 Insufficient cpu."
	wait("huge's condition", func() bool {
		p, err := pods.Get(ctx, "huge")
		if err != nil {
			return false
		}
		for _, cond := range p.Status.Conditions {
			if cond.Type == corev1.PodScheduled && cond.Status == corev1.ConditionFalse && cond.Reason == corev1.PodReasonUnschedulable && cond.Message == want {
				return true
			}
		}
		return false
	})
	wait("FailedScheduling event", func() bool {
		l, err := client.For[*corev1.Event](c).Namespace("default").List(ctx, client.ListOptions{})
		if err != nil {
			return false
		}
		for _, e := range l.Items {
			if e.InvolvedObject.Name == "huge" && e.Reason == "FailedScheduling" && strings.Contains(e.Message, want) {
				return true
			}
		}
		return false
	})
}
