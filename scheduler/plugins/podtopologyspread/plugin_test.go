package podtopologyspread

import (
	"context"
	"testing"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/apiserver"
	"github.com/gantryhq/gantry/sdk/apiserver/apiservertest"
	"github.com/gantryhq/gantry/sdk/client"
)

// TestSystemDefaultingThroughAPI builds the plugin on a real API server:
// the informers find the Service and ReplicaSet selecting the pod.
func TestSystemDefaultingThroughAPI(t *testing.T) {
	ctx := context.Background()
	c := apiservertest.Start(t, apiserver.Config{}).Client
	svc := &corev1.Service{ObjectMeta: meta.ObjectMeta{Name: "web", Namespace: "default"}, Spec: corev1.ServiceSpec{
		Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}}}}
	if _, err := client.For[*corev1.Service](c).Namespace("default").Create(ctx, svc, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	rs := &appsv1.ReplicaSet{ObjectMeta: meta.ObjectMeta{Name: "web-1", Namespace: "default"}, Spec: appsv1.ReplicaSetSpec{
		Selector: &meta.LabelSelector{MatchLabels: map[string]string{"app": "web", "rev": "1"}},
		Template: corev1.PodTemplateSpec{ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"app": "web", "rev": "1"}},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx"}}}}}}
	if _, err := client.For[*appsv1.ReplicaSet](c).Namespace("default").Create(ctx, rs, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	p, err := New(ctx, nil, &st.Handle{Snapshot: st.NewSnapshot(nil, nil), API: c})
	if err != nil {
		t.Fatal(err)
	}
	pl := p.(*PodTopologySpread)
	defer pl.Close()
	pod := owned(st.MakePod().Name("web-1-x").Label("app", "web").Label("rev", "1"), "apps/v1", "ReplicaSet", "web-1").Obj()
	cs, err := pl.getConstraints(pod, corev1.ScheduleAnyway)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("got %d default constraints, want 2", len(cs))
	}
	// As in Kubernetes, the Service and ReplicaSet requirements are ANDed (app=web twice).
	if got, want := cs[0].selector.String(), "app=web,app=web,rev=1"; got != want {
		t.Errorf("default selector = %q, want %q", got, want)
	}
}

func TestQueueingHints(t *testing.T) {
	pl := newPlugin(t, st.NewSnapshot(nil, nil), nil)
	target := withSpread(pod("p", "").Label("foo", ""), constraintOf(1, "zone", corev1.DoNotSchedule, "foo").taintsPolicy(corev1.NodeInclusionPolicyHonor)).Obj()
	events, err := pl.EventsToRegister(context.Background())
	if err != nil || len(events) != 2 {
		t.Fatalf("EventsToRegister = %v, %v", events, err)
	}
	podHint, nodeHint := events[0].QueueingHintFn, events[1].QueueingHintFn
	matching := pod("m", "node-a").Label("foo", "").Obj()
	other := pod("o", "node-a").Label("bar", "").Obj()
	withToleration := target.DeepCopy()
	withToleration.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
	tests := []struct {
		name     string
		fn       framework.QueueingHintFn
		old, new any
		want     framework.QueueingHint
	}{
		{name: "matching assigned pod added", fn: podHint, new: matching, want: framework.Queue},
		{name: "non-matching pod added", fn: podHint, new: other, want: framework.QueueSkip},
		{name: "unassigned pod added", fn: podHint, new: pod("u", "").Label("foo", "").Obj(), want: framework.QueueSkip},
		{name: "pod of another namespace added", fn: podHint, new: pod("n", "node-a").Namespace("x").Label("foo", "").Obj(), want: framework.QueueSkip},
		{name: "matching pod deleted", fn: podHint, old: matching, want: framework.Queue},
		{name: "label change flips the match", fn: podHint, old: other, new: pod("o", "node-a").Label("foo", "").Obj(), want: framework.Queue},
		{name: "unrelated label change", fn: podHint, old: other, new: pod("o", "node-a").Label("bar", "").Label("x", "1").Obj(), want: framework.QueueSkip},
		{name: "target got a toleration", fn: podHint, old: target, new: withToleration, want: framework.Queue},
		{name: "node with the key added", fn: nodeHint, new: node("n", "zone1"), want: framework.Queue},
		{name: "node without the key added", fn: nodeHint, new: node("n", ""), want: framework.QueueSkip},
		{name: "node's zone changed", fn: nodeHint, old: node("n", "zone1"), new: node("n", "zone2"), want: framework.Queue},
		{name: "node's unrelated label changed", fn: nodeHint, old: node("n", "zone1"), new: labelled("n", "zone", "zone1", "x", "y"), want: framework.QueueSkip},
		{name: "node with the key deleted", fn: nodeHint, old: node("n", "zone1"), want: framework.Queue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.fn(target, tc.old, tc.new)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("hint = %v, want %v", got, tc.want)
			}
		})
	}
}
