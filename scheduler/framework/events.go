package framework

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// EventResource is the kind of object a cluster event is about.
type EventResource string

// Event resources.
const (
	PodResource       EventResource = "Pod"
	AssignedPod       EventResource = "AssignedPod"
	UnscheduledPod    EventResource = "UnscheduledPod"
	NodeResource      EventResource = "Node"
	NamespaceResource EventResource = "Namespace"
	WildCard          EventResource = "*"
)

// ActionType is a bit set of what changed.
type ActionType int64

// Actions.
const (
	Add ActionType = 1 << iota
	Delete
	UpdateNodeAllocatable
	UpdateNodeLabel
	UpdateNodeTaint
	UpdateNodeCondition
	UpdateNodeAnnotation
	UpdatePodLabel
	UpdatePodScaleDown
	UpdatePodTolerations
	UpdatePodSchedulingGatesEliminated
	UpdatePodGeneratedResourceClaim
	// UpdateNodeUnschedulable is spec.unschedulable changing (reported as a taint change in Kubernetes).
	UpdateNodeUnschedulable

	// All is every action.
	All ActionType = 1<<iota - 1
	// Update is every update action.
	Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdateNodeAnnotation |
		UpdatePodLabel | UpdatePodScaleDown | UpdatePodTolerations | UpdatePodSchedulingGatesEliminated |
		UpdatePodGeneratedResourceClaim | UpdateNodeUnschedulable
)

// ClusterEvent is a change in the cluster that may make pods schedulable.
type ClusterEvent struct {
	Resource   EventResource
	ActionType ActionType
	// Label names the event in metrics.
	Label string
}

// Match reports whether e (a registered interest) covers the occurred event o.
func (e ClusterEvent) Match(o ClusterEvent) bool {
	return (e.Resource == WildCard || e.Resource == o.Resource ||
		(e.Resource == PodResource && (o.Resource == AssignedPod || o.Resource == UnscheduledPod))) &&
		e.ActionType&o.ActionType != 0
}

// QueueingHint says whether an event may make a rejected pod schedulable.
type QueueingHint int

// Hints.
const (
	// QueueSkip: the event cannot help the pod.
	QueueSkip QueueingHint = iota
	// Queue: the pod should be retried.
	Queue
)

// QueueingHintFn decides, for a pod a plugin rejected, whether an event
// (oldObj → newObj; *corev1.Pod or *corev1.Node, nil for add/delete) may
// make it schedulable. A nil hint function means Queue.
type QueueingHintFn func(pod *corev1.Pod, oldObj, newObj any) (QueueingHint, error)

// ClusterEventWithHint is an event a plugin registers, with its hint.
type ClusterEventWithHint struct {
	Event          ClusterEvent
	QueueingHintFn QueueingHintFn
}
