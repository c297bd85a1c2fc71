package framework

import (
	"context"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/client"
)

// NodeInfoLister reads the per-cycle snapshot of the cluster.
type NodeInfoLister interface {
	// List returns every node, in a stable order.
	List() []*NodeInfo
	// HavePodsWithAffinityList returns the nodes with pods that have affinity terms.
	HavePodsWithAffinityList() []*NodeInfo
	// HavePodsWithRequiredAntiAffinityList returns the nodes with pods that
	// have required anti-affinity terms.
	HavePodsWithRequiredAntiAffinityList() []*NodeInfo
	// Get returns a node by name, or ErrNodeNotFound.
	Get(nodeName string) (*NodeInfo, error)
}

// NamespaceLister gives namespace labels (for namespaceSelector terms).
type NamespaceLister interface {
	// Labels returns the labels of a namespace (nil for an unknown one).
	Labels(namespace string) map[string]string
}

// SharedLister is the snapshot plugins read during a cycle.
type SharedLister interface {
	NodeInfos() NodeInfoLister
	Namespaces() NamespaceLister
}

// Parallelizer runs work over pieces on the scheduler's workers.
type Parallelizer interface {
	// Until calls work(i) for i in [0, pieces) in parallel and returns when
	// all are done or ctx ends.
	Until(ctx context.Context, pieces int, work func(i int))
}

// EventRecorder emits Events about pods (e.g. FailedScheduling, Preempted).
type EventRecorder interface {
	Eventf(obj *corev1.Pod, eventType, reason, format string, args ...any)
}

// PodNominator tracks nominated pods (preemption).
type PodNominator interface {
	// NominatedPodsForNode returns the pods nominated to run on node.
	NominatedPodsForNode(nodeName string) []*PodInfo
}

// Handle is what plugins get from the framework when they are built.
type Handle interface {
	// SnapshotSharedLister returns the snapshot of the current cycle.
	SnapshotSharedLister() SharedLister
	// Client returns the API client (for binding and preemption).
	Client() *client.Client
	// EventRecorder returns the recorder of scheduling Events.
	EventRecorder() EventRecorder
	// Parallelizer returns the scheduler's parallelizer.
	Parallelizer() Parallelizer
	// PodNominator returns the nominated pods.
	PodNominator() PodNominator
	// GetWaitingPod returns a pod held by a Permit plugin, or nil.
	GetWaitingPod(uid string) WaitingPod
	// IterateOverWaitingPods calls fn for every waiting pod.
	IterateOverWaitingPods(fn func(WaitingPod))
	// RunFilterPluginsWithNominatedPods runs the Filter plugins for pod on
	// nodeInfo as if the nominated pods of higher or equal priority were there.
	RunFilterPluginsWithNominatedPods(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeInfo *NodeInfo) *Status
	// RunPreFilterExtensionAddPod and RunPreFilterExtensionRemovePod call
	// every PreFilter plugin's extensions.
	RunPreFilterExtensionAddPod(ctx context.Context, state *CycleState, podToSchedule *corev1.Pod, podInfoToAdd *PodInfo, nodeInfo *NodeInfo) *Status
	RunPreFilterExtensionRemovePod(ctx context.Context, state *CycleState, podToSchedule *corev1.Pod, podInfoToRemove *PodInfo, nodeInfo *NodeInfo) *Status
}
