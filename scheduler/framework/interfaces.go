package framework

import (
	"context"
	"errors"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Errors of the framework.
var (
	// ErrStateNotFound is returned by CycleState.Read for a missing key.
	ErrStateNotFound = errors.New("framework: not found in the cycle state")
	// ErrStateType is returned by ReadState when the stored data has another type.
	ErrStateType = errors.New("framework: cycle state data has an unexpected type")
	// ErrNodeNotFound is returned by NodeInfoLister.Get for an unknown node.
	ErrNodeNotFound = errors.New("framework: node not found in the snapshot")
)

// Score bounds: Score plugins return (after NormalizeScore) a score in
// [MinNodeScore, MaxNodeScore]; the framework multiplies it by the
// plugin's weight.
const (
	MaxNodeScore int64 = 100
	MinNodeScore int64 = 0
)

// Plugin is the base of every plugin. Its lifecycle: a Factory builds it
// once per profile (with its typed args and the Handle); the framework then
// calls the extension points it implements for every pod, possibly
// concurrently; if it implements io.Closer, Close is called when the
// scheduler stops.
type Plugin interface {
	// Name is the plugin's unique name, used in configuration.
	Name() string
}

// QueueSortPlugin orders the active queue. Only one may be enabled.
type QueueSortPlugin interface {
	Plugin
	// Less reports whether p1 should be scheduled before p2.
	Less(p1, p2 *QueuedPodInfo) bool
}

// PreEnqueuePlugin gates a pod before it enters the active queue (e.g.
// scheduling gates). A non-success status keeps the pod out until a
// cluster event re-evaluates it.
type PreEnqueuePlugin interface {
	Plugin
	PreEnqueue(ctx context.Context, pod *corev1.Pod) *Status
}

// EnqueueExtensions is implemented by plugins that can reject pods: it
// lists the cluster events that may make a rejected pod schedulable, so
// that the queue moves the pod back only on those events.
type EnqueueExtensions interface {
	Plugin
	EventsToRegister(ctx context.Context) ([]ClusterEventWithHint, error)
}

// PreFilterResult narrows the nodes the Filter phase considers.
type PreFilterResult struct {
	// NodeNames, when non-nil, are the only nodes that may fit.
	NodeNames map[string]struct{}
}

// AllNodes reports whether r does not narrow the nodes.
func (r *PreFilterResult) AllNodes() bool { return r == nil || r.NodeNames == nil }

// Merge intersects two results.
func (r *PreFilterResult) Merge(o *PreFilterResult) *PreFilterResult {
	if r.AllNodes() {
		return o
	}
	if o.AllNodes() {
		return r
	}
	out := &PreFilterResult{NodeNames: map[string]struct{}{}}
	for n := range r.NodeNames {
		if _, ok := o.NodeNames[n]; ok {
			out.NodeNames[n] = struct{}{}
		}
	}
	return out
}

// PreFilterPlugin runs once per pod before filtering, to precompute data
// (into CycleState) or reject the pod early. Returning Skip skips the
// plugin's Filter for this pod.
type PreFilterPlugin interface {
	Plugin
	PreFilter(ctx context.Context, state *CycleState, pod *corev1.Pod) (*PreFilterResult, *Status)
	// PreFilterExtensions returns the AddPod/RemovePod hooks, or nil.
	PreFilterExtensions() PreFilterExtensions
}

// PreFilterExtensions let preemption evaluate "what if this pod were
// added to / removed from the node" by updating the precomputed state.
type PreFilterExtensions interface {
	AddPod(ctx context.Context, state *CycleState, podToSchedule *corev1.Pod, podInfoToAdd *PodInfo, nodeInfo *NodeInfo) *Status
	RemovePod(ctx context.Context, state *CycleState, podToSchedule *corev1.Pod, podInfoToRemove *PodInfo, nodeInfo *NodeInfo) *Status
}

// FilterPlugin decides whether the pod can run on a node. It is called
// concurrently for many nodes.
type FilterPlugin interface {
	Plugin
	Filter(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeInfo *NodeInfo) *Status
}

// BatchFilterPlugin is an optional interface of a FilterPlugin: the
// framework calls FilterNodes once per pod with every candidate node
// instead of Filter once per node. It writes one status per node into
// statuses (nil for fit). Out-of-process plugins implement it.
type BatchFilterPlugin interface {
	FilterPlugin
	FilterNodes(ctx context.Context, state *CycleState, pod *corev1.Pod, nodes []*NodeInfo, statuses []*Status)
}

// PostFilterResult is the outcome of a PostFilter plugin.
type PostFilterResult struct {
	// NominatedNodeName is where the pod may fit once victims are gone.
	NominatedNodeName string
}

// NodeToStatusReader gives the Filter status of each node for PostFilter.
type NodeToStatusReader interface {
	// Get returns the status of node, or an UnschedulableAndUnresolvable
	// status for nodes not filtered (outside the PreFilter result).
	Get(nodeName string) *Status
	// NodesWith returns the nodes with the given code.
	NodesWith(code Code) []string
}

// PostFilterPlugin runs when no node fits (preemption).
type PostFilterPlugin interface {
	Plugin
	PostFilter(ctx context.Context, state *CycleState, pod *corev1.Pod, filtered NodeToStatusReader) (*PostFilterResult, *Status)
}

// PreScorePlugin runs once per pod before scoring, with the feasible nodes.
// Returning Skip skips the plugin's Score for this pod.
type PreScorePlugin interface {
	Plugin
	PreScore(ctx context.Context, state *CycleState, pod *corev1.Pod, nodes []*NodeInfo) *Status
}

// ScorePlugin ranks feasible nodes. Score is called concurrently for many nodes.
type ScorePlugin interface {
	Plugin
	Score(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeInfo *NodeInfo) (int64, *Status)
	// ScoreExtensions returns the NormalizeScore hook, or nil.
	ScoreExtensions() ScoreExtensions
}

// BatchScorePlugin is an optional interface of a ScorePlugin: the
// framework calls ScoreNodes once per pod with every feasible node and
// reads one score per node from scores.
type BatchScorePlugin interface {
	ScorePlugin
	ScoreNodes(ctx context.Context, state *CycleState, pod *corev1.Pod, nodes []*NodeInfo, scores []int64) *Status
}

// NodeScore is one node's score.
type NodeScore struct {
	Name  string
	Score int64
}

// NodeScoreList is the scores of every feasible node.
type NodeScoreList []NodeScore

// ScoreExtensions normalise scores into [MinNodeScore, MaxNodeScore].
type ScoreExtensions interface {
	NormalizeScore(ctx context.Context, state *CycleState, pod *corev1.Pod, scores NodeScoreList) *Status
}

// ReservePlugin is told when a node is chosen (Reserve) and when the choice
// is abandoned (Unreserve, which must be idempotent and never fail).
type ReservePlugin interface {
	Plugin
	Reserve(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string) *Status
	Unreserve(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string)
}

// PermitPlugin approves, rejects or delays (Wait with a timeout) the binding.
type PermitPlugin interface {
	Plugin
	Permit(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string) (*Status, time.Duration)
}

// PreBindPlugin runs before binding (e.g. to attach volumes).
type PreBindPlugin interface {
	Plugin
	PreBind(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string) *Status
}

// BindPlugin binds the pod to the node. Skip passes to the next bind plugin.
type BindPlugin interface {
	Plugin
	Bind(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string) *Status
}

// PostBindPlugin is told after a successful bind.
type PostBindPlugin interface {
	Plugin
	PostBind(ctx context.Context, state *CycleState, pod *corev1.Pod, nodeName string)
}

// WaitingPod is a pod held by a Permit plugin.
type WaitingPod interface {
	// Pod returns the pod.
	Pod() *corev1.Pod
	// Allow approves the pod on behalf of plugin; once every plugin that
	// asked to wait allowed it, binding continues.
	Allow(plugin string)
	// Reject rejects the pod: it is unreserved and re-queued.
	Reject(plugin, msg string)
}
