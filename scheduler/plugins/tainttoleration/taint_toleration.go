package tainttoleration

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "TaintToleration"

// ErrReasonNotMatch is Kubernetes' generic taint reason (kept for
// callers; Filter names the taint).
const ErrReasonNotMatch = "node(s) had taints that the pod didn't tolerate"

const preScoreStateKey framework.StateKey = "PreScore" + Name

// TaintToleration checks taints against tolerations.
type TaintToleration struct{}

var (
	_ framework.FilterPlugin      = (*TaintToleration)(nil)
	_ framework.PreScorePlugin    = (*TaintToleration)(nil)
	_ framework.ScorePlugin       = (*TaintToleration)(nil)
	_ framework.ScoreExtensions   = (*TaintToleration)(nil)
	_ framework.EnqueueExtensions = (*TaintToleration)(nil)
)

// New builds the plugin; it takes no arguments.
func New(context.Context, *struct{}, framework.Handle) (framework.Plugin, error) {
	return &TaintToleration{}, nil
}

// Name returns Name.
func (pl *TaintToleration) Name() string { return Name }

// Filter rejects (UnschedulableAndUnresolvable) a node with an untolerated
// NoSchedule or NoExecute taint, naming the first such taint.
func (pl *TaintToleration) Filter(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	node := nodeInfo.Node()
	if node == nil {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, "node not found")
	}
	if len(node.Spec.Taints) == 0 {
		return nil
	}
	taint, untolerated := helper.FindMatchingUntoleratedTaint(node.Spec.Taints, pod.Spec.Tolerations, helper.IsDoNotScheduleTaint)
	if !untolerated {
		return nil
	}
	return framework.NewStatus(framework.UnschedulableAndUnresolvable, "node(s) had untolerated taint {"+taint.Key+": "+taint.Value+"}")
}

// preScoreState holds the pod's tolerations that can match a
// PreferNoSchedule taint.
type preScoreState struct {
	tolerationsPreferNoSchedule []corev1.Toleration
}

// Clone returns s: it is never changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

// getAllTolerationPreferNoSchedule keeps the tolerations with effect
// PreferNoSchedule or empty (every effect).
func getAllTolerationPreferNoSchedule(tolerations []corev1.Toleration) []corev1.Toleration {
	var out []corev1.Toleration
	for _, t := range tolerations {
		if t.Effect == "" || t.Effect == corev1.TaintEffectPreferNoSchedule {
			out = append(out, t)
		}
	}
	return out
}

// PreScore selects the pod's PreferNoSchedule tolerations.
func (pl *TaintToleration) PreScore(_ context.Context, state *framework.CycleState, pod *corev1.Pod, _ []*framework.NodeInfo) *framework.Status {
	state.Write(preScoreStateKey, &preScoreState{tolerationsPreferNoSchedule: getAllTolerationPreferNoSchedule(pod.Spec.Tolerations)})
	return nil
}

// countIntolerableTaintsPreferNoSchedule counts the PreferNoSchedule
// taints no toleration tolerates.
func countIntolerableTaintsPreferNoSchedule(taints []corev1.Taint, tolerations []corev1.Toleration) int64 {
	var n int64
	for i := range taints {
		if taints[i].Effect != corev1.TaintEffectPreferNoSchedule {
			continue
		}
		if !helper.TolerationsTolerateTaint(tolerations, &taints[i]) {
			n++
		}
	}
	return n
}

// Score is the number of intolerable PreferNoSchedule taints (reversed
// by NormalizeScore).
func (pl *TaintToleration) Score(_ context.Context, state *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	node := nodeInfo.Node()
	if node == nil {
		return 0, framework.AsStatus(fmt.Errorf("node not found"))
	}
	s, err := framework.ReadState[*preScoreState](state, preScoreStateKey)
	if err != nil {
		return 0, framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preScoreStateKey, err))
	}
	return countIntolerableTaintsPreferNoSchedule(node.Spec.Taints, s.tolerationsPreferNoSchedule), nil
}

// ScoreExtensions returns pl.
func (pl *TaintToleration) ScoreExtensions() framework.ScoreExtensions { return pl }

// NormalizeScore scales the counts to [0, MaxNodeScore] in reverse.
func (pl *TaintToleration) NormalizeScore(_ context.Context, _ *framework.CycleState, _ *corev1.Pod, scores framework.NodeScoreList) *framework.Status {
	return helper.DefaultNormalizeScore(framework.MaxNodeScore, true, scores)
}

// EventsToRegister returns node additions and taint changes, and the pod's
// own toleration changes.
func (pl *TaintToleration) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeTaint}, QueueingHintFn: isSchedulableAfterNodeChange},
		{Event: framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.UpdatePodTolerations}, QueueingHintFn: isSchedulableAfterPodTolerationChange},
	}, nil
}

// isSchedulableAfterNodeChange queues the pod when the node goes from
// having an untolerated taint (or not existing) to having none.
func isSchedulableAfterNodeChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, modified, err := helper.As[*corev1.Node](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if modified == nil {
		return framework.QueueSkip, nil
	}
	wasUntolerated := true
	if original != nil {
		_, wasUntolerated = helper.FindMatchingUntoleratedTaint(original.Spec.Taints, pod.Spec.Tolerations, helper.IsDoNotScheduleTaint)
	}
	_, isUntolerated := helper.FindMatchingUntoleratedTaint(modified.Spec.Taints, pod.Spec.Tolerations, helper.IsDoNotScheduleTaint)
	if wasUntolerated && !isUntolerated {
		return framework.Queue, nil
	}
	return framework.QueueSkip, nil
}

// isSchedulableAfterPodTolerationChange queues the pod when its own
// tolerations changed (they can only be added).
func isSchedulableAfterPodTolerationChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	_, modified, err := helper.As[*corev1.Pod](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if modified != nil && pod.UID == modified.UID {
		return framework.Queue, nil
	}
	return framework.QueueSkip, nil
}
