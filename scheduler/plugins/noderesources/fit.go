package noderesources

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is NodeResourcesFit's name in configuration.
const Name = "NodeResourcesFit"

const (
	preFilterStateKey framework.StateKey = "PreFilter" + Name
	preScoreStateKey  framework.StateKey = "PreScore" + Name
)

// Fit checks that a node has room for the pod's requests and scores nodes
// by their allocation.
type Fit struct {
	ignoredResources      map[string]struct{}
	ignoredResourceGroups map[string]struct{}
	handle                framework.Handle
	scorer                resourceAllocationScorer
}

var (
	_ framework.PreFilterPlugin   = (*Fit)(nil)
	_ framework.FilterPlugin      = (*Fit)(nil)
	_ framework.EnqueueExtensions = (*Fit)(nil)
	_ framework.PreScorePlugin    = (*Fit)(nil)
	_ framework.ScorePlugin       = (*Fit)(nil)
)

// New builds NodeResourcesFit; args are defaulted (SetDefaults) and
// validated (Validate).
func New(_ context.Context, args *NodeResourcesFitArgs, h framework.Handle) (framework.Plugin, error) {
	if args == nil {
		args = &NodeResourcesFitArgs{}
	}
	a := *args
	if a.ScoringStrategy != nil {
		s := *a.ScoringStrategy
		s.Resources = slices.Clone(s.Resources)
		a.ScoringStrategy = &s
	}
	a.SetDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("%s: invalid args: %w", Name, err)
	}
	f := &Fit{
		ignoredResources:      toSet(a.IgnoredResources),
		ignoredResourceGroups: toSet(a.IgnoredResourceGroups),
		handle:                h,
	}
	s := a.ScoringStrategy
	switch s.Type {
	case MostAllocated:
		f.scorer = newScorer(mostAllocated, false, s.Resources, nil)
	case RequestedToCapacityRatio:
		f.scorer = newScorer(requestedToCapacityRatio, false, s.Resources, s.RequestedToCapacityRatio.Shape)
	default:
		f.scorer = newScorer(leastAllocated, false, s.Resources, nil)
	}
	return f, nil
}

func toSet(list []string) map[string]struct{} {
	m := make(map[string]struct{}, len(list))
	for _, s := range list {
		m[s] = struct{}{}
	}
	return m
}

// Name returns Name.
func (f *Fit) Name() string { return Name }

// scalarRequest is one checked extended (or hugepages) resource request.
type scalarRequest struct {
	name   corev1.ResourceName
	value  int64
	reason string
}

// preFilterState is the pod's requests, computed once per cycle.
type preFilterState struct {
	framework.Resource
	// scalars are the non-zero scalar requests Filter checks (ignored
	// resources left out), sorted by name, with their reasons.
	scalars []scalarRequest
}

// Clone returns s: the state is never changed after PreFilter.
func (s *preFilterState) Clone() framework.StateData { return s }

func (f *Fit) computePreFilterState(pod *corev1.Pod) *preFilterState {
	s := &preFilterState{Resource: framework.PodRequests(pod, false)}
	for name, v := range s.ScalarResources {
		if v == 0 || f.ignored(name) {
			continue
		}
		s.scalars = append(s.scalars, scalarRequest{name: name, value: v, reason: "Insufficient " + string(name)})
	}
	slices.SortFunc(s.scalars, func(a, b scalarRequest) int { return strings.Compare(string(a.name), string(b.name)) })
	return s
}

// ignored reports whether an extended resource is in ignoredResources or
// ignoredResourceGroups.
func (f *Fit) ignored(name corev1.ResourceName) bool {
	if len(f.ignoredResources) == 0 && len(f.ignoredResourceGroups) == 0 {
		return false
	}
	if !corev1.IsExtendedResourceName(name) {
		return false
	}
	if _, ok := f.ignoredResources[string(name)]; ok {
		return true
	}
	prefix, _, _ := strings.Cut(string(name), "/")
	_, ok := f.ignoredResourceGroups[prefix]
	return ok
}

// PreFilter computes the pod's requests.
func (f *Fit) PreFilter(_ context.Context, state *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	state.Write(preFilterStateKey, f.computePreFilterState(pod))
	return nil, nil
}

// PreFilterExtensions returns nil: the state does not depend on other pods.
func (f *Fit) PreFilterExtensions() framework.PreFilterExtensions { return nil }

func getPreFilterState(state *framework.CycleState) (*preFilterState, error) {
	s, err := framework.ReadState[*preFilterState](state, preFilterStateKey)
	if err != nil {
		return nil, fmt.Errorf("error reading %q from cycleState: %w", preFilterStateKey, err)
	}
	return s, nil
}

// Filter rejects the node when the pod's requests do not fit what the
// node has left, with one reason per missing resource.
func (f *Fit) Filter(_ context.Context, state *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	s, err := getPreFilterState(state)
	if err != nil {
		return framework.AsStatus(err)
	}
	insufficient := fitsRequest(s, nodeInfo, nil)
	if len(insufficient) == 0 {
		return nil
	}
	reasons := make([]string, len(insufficient))
	for i := range insufficient {
		reasons[i] = insufficient[i].Reason
	}
	return framework.NewStatus(framework.Unschedulable, reasons...)
}

// InsufficientResource describes a resource the node lacks for the pod.
type InsufficientResource struct {
	ResourceName corev1.ResourceName
	// Reason is the Filter reason ("Insufficient cpu").
	Reason    string
	Requested int64
	Used      int64
	Capacity  int64
}

// Fits lists the resources nodeInfo lacks for pod (nil when it fits),
// without ignored resources.
func Fits(pod *corev1.Pod, nodeInfo *framework.NodeInfo) []InsufficientResource {
	return fitsRequest((&Fit{}).computePreFilterState(pod), nodeInfo, nil)
}

// fitsRequest appends to out the resources the node lacks; it allocates
// nothing when the pod fits.
func fitsRequest(s *preFilterState, ni *framework.NodeInfo, out []InsufficientResource) []InsufficientResource {
	alloc, used := ni.Allocatable, ni.Requested
	if len(ni.Pods)+1 > alloc.AllowedPodNumber {
		out = append(out, InsufficientResource{ResourceName: corev1.ResourcePods, Reason: "Too many pods",
			Requested: 1, Used: int64(len(ni.Pods)), Capacity: int64(alloc.AllowedPodNumber)})
	}
	if s.MilliCPU == 0 && s.Memory == 0 && s.EphemeralStorage == 0 && len(s.ScalarResources) == 0 {
		return out
	}
	if s.MilliCPU > 0 && s.MilliCPU > alloc.MilliCPU-used.MilliCPU {
		out = append(out, InsufficientResource{ResourceName: corev1.ResourceCPU, Reason: "Insufficient cpu",
			Requested: s.MilliCPU, Used: used.MilliCPU, Capacity: alloc.MilliCPU})
	}
	if s.Memory > 0 && s.Memory > alloc.Memory-used.Memory {
		out = append(out, InsufficientResource{ResourceName: corev1.ResourceMemory, Reason: "Insufficient memory",
			Requested: s.Memory, Used: used.Memory, Capacity: alloc.Memory})
	}
	if s.EphemeralStorage > 0 && s.EphemeralStorage > alloc.EphemeralStorage-used.EphemeralStorage {
		out = append(out, InsufficientResource{ResourceName: corev1.ResourceEphemeralStorage, Reason: "Insufficient ephemeral-storage",
			Requested: s.EphemeralStorage, Used: used.EphemeralStorage, Capacity: alloc.EphemeralStorage})
	}
	for i := range s.scalars {
		r := &s.scalars[i]
		a, u := alloc.ScalarResources[r.name], used.ScalarResources[r.name]
		if r.value > a-u {
			out = append(out, InsufficientResource{ResourceName: r.name, Reason: r.reason, Requested: r.value, Used: u, Capacity: a})
		}
	}
	return out
}

// preScoreState is the pod's request of each scored resource.
type preScoreState struct {
	podRequests []int64
}

// Clone returns s: the state is never changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

// PreScore computes the pod's requests of the scored resources.
func (f *Fit) PreScore(_ context.Context, state *framework.CycleState, pod *corev1.Pod, _ []*framework.NodeInfo) *framework.Status {
	state.Write(preScoreStateKey, &preScoreState{podRequests: f.scorer.podRequestList(pod)})
	return nil
}

// Score ranks the node with the configured strategy.
func (f *Fit) Score(_ context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	s, err := framework.ReadState[*preScoreState](state, preScoreStateKey)
	if err != nil {
		s = &preScoreState{podRequests: f.scorer.podRequestList(pod)}
	}
	return f.scorer.score(nodeInfo, s.podRequests)
}

// ScoreExtensions returns nil: scores are already in [0, MaxNodeScore].
func (f *Fit) ScoreExtensions() framework.ScoreExtensions { return nil }

// EventsToRegister returns the events that may make a pod rejected for
// lack of resources fit: an assigned pod deleted or scaled down, a node
// added or its allocatable grown.
func (f *Fit) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.Delete | framework.UpdatePodScaleDown}, QueueingHintFn: f.isSchedulableAfterPodEvent},
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeAllocatable}, QueueingHintFn: f.isSchedulableAfterNodeChange},
	}, nil
}

// isSchedulableAfterPodEvent queues the pod when a scheduled pod is deleted,
// or when a scale-down (or the pod itself scaling down) frees a resource
// the pod requests.
func (f *Fit) isSchedulableAfterPodEvent(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, modified, err := helper.As[*corev1.Pod](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if modified == nil {
		if original == nil || original.Spec.NodeName == "" {
			return framework.QueueSkip, nil
		}
		return framework.Queue, nil
	}
	if original == nil || !isSchedulableAfterPodScaleDown(pod, original, modified) {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}

func isSchedulableAfterPodScaleDown(target, original, modified *corev1.Pod) bool {
	if modified.UID == target.UID {
		return true
	}
	if modified.Spec.NodeName == "" {
		return false
	}
	before, after := framework.PodRequests(original, false), framework.PodRequests(modified, false)
	want := framework.PodRequests(target, false)
	if want.MilliCPU != 0 && before.MilliCPU > after.MilliCPU {
		return true
	}
	if want.Memory != 0 && before.Memory > after.Memory {
		return true
	}
	if want.EphemeralStorage != 0 && before.EphemeralStorage > after.EphemeralStorage {
		return true
	}
	for name, v := range want.ScalarResources {
		if v != 0 && before.ScalarResources[name] > after.ScalarResources[name] {
			return true
		}
	}
	return false
}

// isSchedulableAfterNodeChange queues the pod when an added node could fit
// it, or an updated node that could fit it grew a resource it requests
// (or its pod count).
func (f *Fit) isSchedulableAfterNodeChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, modified, err := helper.As[*corev1.Node](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if !isFit(pod, modified) {
		return framework.QueueSkip, nil
	}
	if original == nil {
		return framework.Queue, nil
	}
	if !haveAnyRequestedResourcesIncreased(pod, original, modified) {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}

func isFit(pod *corev1.Pod, node *corev1.Node) bool {
	if node == nil {
		return false
	}
	ni := framework.NewNodeInfo()
	ni.SetNode(node)
	return len(Fits(pod, ni)) == 0
}

func haveAnyRequestedResourcesIncreased(pod *corev1.Pod, original, modified *corev1.Node) bool {
	req := framework.PodRequests(pod, false)
	before, after := framework.NewResource(original.Status.Allocatable), framework.NewResource(modified.Status.Allocatable)
	if after.AllowedPodNumber > before.AllowedPodNumber {
		return true
	}
	if req.MilliCPU == 0 && req.Memory == 0 && req.EphemeralStorage == 0 && len(req.ScalarResources) == 0 {
		return false
	}
	if (req.MilliCPU > 0 && after.MilliCPU > before.MilliCPU) ||
		(req.Memory > 0 && after.Memory > before.Memory) ||
		(req.EphemeralStorage > 0 && after.EphemeralStorage > before.EphemeralStorage) {
		return true
	}
	for name, v := range req.ScalarResources {
		if v != 0 && after.ScalarResources[name] > before.ScalarResources[name] {
			return true
		}
	}
	return false
}
