package scheduler

import (
	"context"
	"maps"
	"reflect"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

// startInformers runs the node, pod and namespace informers feeding the
// scheduler and returns their synced funcs.
func (s *Scheduler) startInformers(_ context.Context, goRun func(func(context.Context))) []func() bool {
	c := s.cfg.Client
	nodes := client.NewInformer(client.For[*corev1.Node](c), client.InformerOptions{})
	nodes.AddEventHandler(client.HandlerFuncs[*corev1.Node]{
		AddFunc:    func(n *corev1.Node, _ bool) { s.AddNode(n) },
		UpdateFunc: s.UpdateNode,
		DeleteFunc: s.DeleteNode,
	})
	// Terminal pods hold no resources: the server filters them out (a pod
	// turning terminal arrives as a deletion).
	pods := client.NewInformer(client.For[*corev1.Pod](c), client.InformerOptions{
		FieldSelector: "status.phase!=" + string(corev1.PodSucceeded) + ",status.phase!=" + string(corev1.PodFailed),
	})
	pods.AddEventHandler(client.HandlerFuncs[*corev1.Pod]{
		AddFunc:    func(p *corev1.Pod, _ bool) { s.AddPod(p) },
		UpdateFunc: s.UpdatePod,
		DeleteFunc: s.DeletePod,
	})
	namespaces := client.NewInformer(client.For[*corev1.Namespace](c), client.InformerOptions{})
	namespaces.AddEventHandler(client.HandlerFuncs[*corev1.Namespace]{
		AddFunc:    func(ns *corev1.Namespace, _ bool) { s.addNamespace(ns) },
		UpdateFunc: s.updateNamespace,
		DeleteFunc: s.deleteNamespace,
	})
	goRun(nodes.Run)
	goRun(pods.Run)
	goRun(namespaces.Run)
	return []func() bool{nodes.HasSynced, pods.HasSynced, namespaces.HasSynced}
}

// nodeUpdateEvent classifies a node change by what scheduling reads:
// allocatable, labels, taints, conditions, annotations, spec.unschedulable
// (reported both as UpdateNodeUnschedulable and, as in Kubernetes, as a
// taint change). ok is false when nothing relevant changed (e.g. a
// heartbeat).
func nodeUpdateEvent(old, n *corev1.Node) (framework.ClusterEvent, bool) {
	var a framework.ActionType
	if !reflect.DeepEqual(old.Status.Allocatable, n.Status.Allocatable) {
		a |= framework.UpdateNodeAllocatable
	}
	if !maps.Equal(old.Labels, n.Labels) {
		a |= framework.UpdateNodeLabel
	}
	if !reflect.DeepEqual(old.Spec.Taints, n.Spec.Taints) {
		a |= framework.UpdateNodeTaint
	}
	if old.Spec.Unschedulable != n.Spec.Unschedulable {
		a |= framework.UpdateNodeUnschedulable | framework.UpdateNodeTaint
	}
	if !conditionsEqual(old.Status.Conditions, n.Status.Conditions) {
		a |= framework.UpdateNodeCondition
	}
	if !maps.Equal(old.Annotations, n.Annotations) {
		a |= framework.UpdateNodeAnnotation
	}
	if a == 0 {
		return framework.ClusterEvent{}, false
	}
	return framework.ClusterEvent{Resource: framework.NodeResource, ActionType: a, Label: "NodeUpdate"}, true
}

// conditionsEqual compares condition types and statuses (not heartbeat times).
func conditionsEqual(a, b []corev1.NodeCondition) bool {
	if len(a) != len(b) {
		return false
	}
	m := make(map[corev1.NodeConditionType]corev1.ConditionStatus, len(a))
	for _, c := range a {
		m[c.Type] = c.Status
	}
	for _, c := range b {
		if s, ok := m[c.Type]; !ok || s != c.Status {
			return false
		}
	}
	return true
}

// assignedPodUpdateEvent classifies a change of a bound pod: its labels
// (affinity, spreading) or its requests going down (room freed).
func assignedPodUpdateEvent(old, p *corev1.Pod) (framework.ClusterEvent, bool) {
	var a framework.ActionType
	if !maps.Equal(old.Labels, p.Labels) {
		a |= framework.UpdatePodLabel
	}
	o, n := framework.PodRequests(old, false), framework.PodRequests(p, false)
	if n.MilliCPU < o.MilliCPU || n.Memory < o.Memory || n.EphemeralStorage < o.EphemeralStorage {
		a |= framework.UpdatePodScaleDown
	}
	if a == 0 {
		return framework.ClusterEvent{}, false
	}
	return framework.ClusterEvent{Resource: framework.AssignedPod, ActionType: a, Label: "AssignedPodUpdate"}, true
}

func equalStringMaps(a, b map[string]string) bool { return maps.Equal(a, b) }
