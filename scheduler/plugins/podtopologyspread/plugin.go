package podtopologyspread

import (
	"context"
	"fmt"
	"reflect"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
)

// Name is the plugin's name in the registry and in configuration.
const Name = "PodTopologySpread"

// Filter reasons, as Kubernetes words them.
const (
	// ErrReasonConstraintsNotMatch: the node's domain would be too skewed.
	ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints"
	// ErrReasonNodeLabelNotMatch: the node lacks a constraint's topology key.
	ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)"
)

// PodTopologySpread is the plugin. Build it with New; Close stops the
// informers it may have started.
type PodTopologySpread struct {
	h                  framework.Handle
	defaultConstraints []corev1.TopologySpreadConstraint
	systemDefaulted    bool
	selectors          *selectorSource
	informers          *informerLister
	// cache keeps PreFilter's per-node counts across cycles (cache.go).
	cache *countsCache
}

var (
	_ framework.PreFilterPlugin     = (*PodTopologySpread)(nil)
	_ framework.FilterPlugin        = (*PodTopologySpread)(nil)
	_ framework.PreFilterExtensions = (*PodTopologySpread)(nil)
	_ framework.PreScorePlugin      = (*PodTopologySpread)(nil)
	_ framework.ScorePlugin         = (*PodTopologySpread)(nil)
	_ framework.ScoreExtensions     = (*PodTopologySpread)(nil)
	_ framework.EnqueueExtensions   = (*PodTopologySpread)(nil)
)

// New builds the plugin; args may be nil (System defaulting). With
// default constraints and a Handle Client it starts informers of
// Services, ReplicationControllers, ReplicaSets and StatefulSets and waits
// (up to 10 s) for their first list; Close stops them.
func New(ctx context.Context, args *PodTopologySpreadArgs, h framework.Handle) (framework.Plugin, error) {
	if h == nil || h.SnapshotSharedLister() == nil {
		return nil, fmt.Errorf("%s: the framework handle has no snapshot lister", Name)
	}
	a := PodTopologySpreadArgs{}
	if args != nil {
		a = *args
	}
	if a.DefaultingType == "" {
		a.DefaultingType = SystemDefaulting
	}
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	pl := &PodTopologySpread{h: h, defaultConstraints: a.DefaultConstraints, cache: newCountsCache(maxCacheEntries)}
	if a.DefaultingType == SystemDefaulting {
		pl.defaultConstraints = systemDefaultConstraints
		pl.systemDefaulted = true
	}
	if len(pl.defaultConstraints) > 0 {
		if c := h.Client(); c != nil {
			pl.informers = newInformerLister(ctx, c)
			pl.selectors = &selectorSource{l: pl.informers}
		}
	}
	return pl, nil
}

// Name returns Name.
func (pl *PodTopologySpread) Name() string { return Name }

// Close stops the informers New started.
func (pl *PodTopologySpread) Close() error {
	if pl.informers != nil {
		pl.informers.close()
	}
	return nil
}

// EventsToRegister returns the events that may make a pod this plugin
// rejected schedulable: assigned pods of its namespace added, deleted or
// relabelled, the pod's tolerations changed, and nodes added, deleted,
// relabelled or retainted.
func (pl *PodTopologySpread) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.Add | framework.UpdatePodLabel | framework.Delete | framework.UpdatePodTolerations}, QueueingHintFn: pl.isSchedulableAfterPodChange},
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.Delete | framework.UpdateNodeLabel | framework.UpdateNodeTaint}, QueueingHintFn: pl.isSchedulableAfterNodeChange},
	}, nil
}

func involvedInTopologySpreading(incoming, withSpreading *corev1.Pod) bool {
	return incoming.UID == withSpreading.UID || (incoming.Spec.NodeName != "" && incoming.Namespace == withSpreading.Namespace)
}

func hasConstraintWithNodeTaintsPolicyHonor(cs []constraint) bool {
	for i := range cs {
		if cs[i].nodeTaintsPolicy == corev1.NodeInclusionPolicyHonor {
			return true
		}
	}
	return false
}

func (pl *PodTopologySpread) isSchedulableAfterPodChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, _ := oldObj.(*corev1.Pod)
	modified, _ := newObj.(*corev1.Pod)
	if (oldObj != nil && original == nil) || (newObj != nil && modified == nil) {
		return framework.Queue, fmt.Errorf("expected *Pod objects, got %T and %T", oldObj, newObj)
	}
	if (modified != nil && !involvedInTopologySpreading(modified, pod)) || (original != nil && !involvedInTopologySpreading(original, pod)) {
		return framework.QueueSkip, nil
	}
	cs, err := pl.getConstraints(pod, corev1.DoNotSchedule)
	if err != nil {
		return framework.Queue, err
	}
	switch {
	case modified != nil && original != nil:
		if pod.UID == modified.UID && !reflect.DeepEqual(modified.Spec.Tolerations, original.Spec.Tolerations) && hasConstraintWithNodeTaintsPolicyHonor(cs) {
			return framework.Queue, nil
		}
		if labels.Equals(modified.Labels, original.Labels) {
			return framework.QueueSkip, nil
		}
		for i := range cs {
			if cs[i].selector.Matches(labels.Set(original.Labels)) != cs[i].selector.Matches(labels.Set(modified.Labels)) {
				return framework.Queue, nil
			}
		}
		return framework.QueueSkip, nil
	case modified != nil:
		if podLabelsMatchSpreadConstraints(cs, modified.Labels) {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	default:
		if podLabelsMatchSpreadConstraints(cs, original.Labels) {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	}
}

func (pl *PodTopologySpread) isSchedulableAfterNodeChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, _ := oldObj.(*corev1.Node)
	modified, _ := newObj.(*corev1.Node)
	if (oldObj != nil && original == nil) || (newObj != nil && modified == nil) {
		return framework.Queue, fmt.Errorf("expected *Node objects, got %T and %T", oldObj, newObj)
	}
	cs, err := pl.getConstraints(pod, corev1.DoNotSchedule)
	if err != nil {
		return framework.Queue, err
	}
	var originalMatching, modifiedMatching bool
	if original != nil {
		originalMatching = nodeLabelsMatchSpreadConstraints(original.Labels, cs)
	}
	if modified != nil {
		modifiedMatching = nodeLabelsMatchSpreadConstraints(modified.Labels, cs)
	}
	switch {
	case original != nil && modified != nil:
		if originalMatching != modifiedMatching {
			return framework.Queue, nil
		}
		if modifiedMatching && (topologyKeyLabelsChanged(original.Labels, modified.Labels, cs) || !reflect.DeepEqual(original.Spec.Taints, modified.Spec.Taints)) {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	case modified != nil:
		if modifiedMatching {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	default:
		if originalMatching {
			return framework.Queue, nil
		}
		return framework.QueueSkip, nil
	}
}

func topologyKeyLabelsChanged(original, modified map[string]string, cs []constraint) bool {
	for i := range cs {
		if original[cs[i].topologyKey] != modified[cs[i].topologyKey] {
			return true
		}
	}
	return false
}
