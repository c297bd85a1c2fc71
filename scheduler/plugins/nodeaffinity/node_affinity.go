package nodeaffinity

import (
	"context"
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "NodeAffinity"

// Filter and PreFilter reasons.
const (
	// ErrReasonPod is returned when the pod's nodeSelector or required
	// node affinity does not match.
	ErrReasonPod = "node(s) didn't match Pod's node affinity/selector"
	// ErrReasonEnforced is returned when addedAffinity does not match.
	ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity"
	// ErrReasonConflict is returned by PreFilter when every required term
	// names disjoint nodes by metadata.name.
	ErrReasonConflict = "pod affinity terms conflict"
)

const (
	preFilterStateKey framework.StateKey = "PreFilter" + Name
	preScoreStateKey  framework.StateKey = "PreScore" + Name
)

// NodeAffinityArgs are the plugin's arguments (KubeSchedulerConfiguration
// v1 NodeAffinityArgs).
type NodeAffinityArgs struct {
	// AddedAffinity is applied to every pod on top of its own: its required
	// terms must match too, its preferred terms add to the score.
	AddedAffinity *corev1.NodeAffinity `json:"addedAffinity,omitempty"`
}

// Validate parses the added affinity strictly.
func (a *NodeAffinityArgs) Validate() error {
	_, _, err := a.parse()
	return err
}

func (a *NodeAffinityArgs) parse() (*helper.NodeSelector, *helper.PreferredSchedulingTerms, error) {
	if a == nil || a.AddedAffinity == nil {
		return nil, nil, nil
	}
	var (
		sel   *helper.NodeSelector
		terms *helper.PreferredSchedulingTerms
		errs  []error
		err   error
	)
	if ns := a.AddedAffinity.RequiredDuringSchedulingIgnoredDuringExecution; ns != nil {
		if sel, err = helper.NewNodeSelector(ns); err != nil {
			errs = append(errs, fmt.Errorf("addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: %w", err))
		}
	}
	if pt := a.AddedAffinity.PreferredDuringSchedulingIgnoredDuringExecution; len(pt) != 0 {
		if terms, err = helper.NewPreferredSchedulingTerms(pt); err != nil {
			errs = append(errs, fmt.Errorf("addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: %w", err))
		}
	}
	return sel, terms, errors.Join(errs...)
}

// NodeAffinity is the plugin.
type NodeAffinity struct {
	addedNodeSelector   *helper.NodeSelector
	addedPrefSchedTerms *helper.PreferredSchedulingTerms
}

var (
	_ framework.PreFilterPlugin   = (*NodeAffinity)(nil)
	_ framework.FilterPlugin      = (*NodeAffinity)(nil)
	_ framework.PreScorePlugin    = (*NodeAffinity)(nil)
	_ framework.ScorePlugin       = (*NodeAffinity)(nil)
	_ framework.ScoreExtensions   = (*NodeAffinity)(nil)
	_ framework.EnqueueExtensions = (*NodeAffinity)(nil)
)

// New builds the plugin; an invalid addedAffinity is an error.
func New(_ context.Context, args *NodeAffinityArgs, _ framework.Handle) (framework.Plugin, error) {
	sel, terms, err := args.parse()
	if err != nil {
		return nil, fmt.Errorf("%s: invalid args: %w", Name, err)
	}
	return &NodeAffinity{addedNodeSelector: sel, addedPrefSchedTerms: terms}, nil
}

// Name returns Name.
func (pl *NodeAffinity) Name() string { return Name }

// preFilterState is the parsed required node affinity of the pod.
type preFilterState struct {
	requiredNodeSelectorAndAffinity helper.RequiredNodeAffinity
}

// Clone returns s: it is never changed after PreFilter.
func (s *preFilterState) Clone() framework.StateData { return s }

// PreFilter parses the pod's required affinity once. It returns Skip when
// neither the pod nor addedAffinity constrains nodes, and narrows the
// nodes when every required term names nodes by metadata.name (In).
func (pl *NodeAffinity) PreFilter(_ context.Context, state *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	affinity := pod.Spec.Affinity
	noNodeAffinity := affinity == nil || affinity.NodeAffinity == nil ||
		affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil
	if noNodeAffinity && pl.addedNodeSelector == nil && pod.Spec.NodeSelector == nil {
		return nil, framework.NewStatus(framework.Skip)
	}
	state.Write(preFilterStateKey, &preFilterState{requiredNodeSelectorAndAffinity: helper.GetRequiredNodeAffinity(pod)})
	if noNodeAffinity || len(affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms) == 0 {
		return nil, nil
	}
	terms := affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	var nodeNames map[string]struct{}
	for i := range terms {
		var termNames map[string]struct{}
		for _, r := range terms[i].MatchFields {
			if r.Key != helper.NodeFieldName || r.Operator != corev1.NodeSelectorOpIn {
				continue
			}
			s := make(map[string]struct{}, len(r.Values))
			for _, v := range r.Values {
				if termNames == nil {
					s[v] = struct{}{}
				} else if _, ok := termNames[v]; ok {
					s[v] = struct{}{}
				}
			}
			termNames = s
		}
		if termNames == nil {
			// This term does not restrict names; terms are ORed.
			return nil, nil
		}
		if nodeNames == nil {
			nodeNames = make(map[string]struct{}, len(termNames))
		}
		for n := range termNames {
			nodeNames[n] = struct{}{}
		}
	}
	if len(nodeNames) == 0 {
		return nil, framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonConflict)
	}
	return &framework.PreFilterResult{NodeNames: nodeNames}, nil
}

// PreFilterExtensions returns nil: the state does not depend on other pods.
func (pl *NodeAffinity) PreFilterExtensions() framework.PreFilterExtensions { return nil }

// Filter rejects (UnschedulableAndUnresolvable) a node that does not match
// addedAffinity or the pod's nodeSelector and required affinity. Terms
// that fail to parse never match (their errors are ignored, as in
// Kubernetes).
func (pl *NodeAffinity) Filter(_ context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	node := nodeInfo.Node()
	if node == nil {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonPod)
	}
	if pl.addedNodeSelector != nil && !pl.addedNodeSelector.Match(node) {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonEnforced)
	}
	s, err := framework.ReadState[*preFilterState](state, preFilterStateKey)
	if err != nil {
		s = &preFilterState{requiredNodeSelectorAndAffinity: helper.GetRequiredNodeAffinity(pod)}
	}
	if ok, _ := s.requiredNodeSelectorAndAffinity.Match(node); !ok {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReasonPod)
	}
	return nil
}

// preScoreState is the parsed preferred node affinity of the pod.
type preScoreState struct {
	preferredNodeAffinity *helper.PreferredSchedulingTerms
}

// Clone returns s: it is never changed after PreScore.
func (s *preScoreState) Clone() framework.StateData { return s }

func getPodPreferredNodeAffinity(pod *corev1.Pod) (*helper.PreferredSchedulingTerms, error) {
	a := pod.Spec.Affinity
	if a != nil && a.NodeAffinity != nil && a.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution != nil {
		return helper.NewPreferredSchedulingTerms(a.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution)
	}
	return nil, nil
}

// PreScore parses the pod's preferred terms; it returns Skip when neither
// the pod nor addedAffinity has any, and an Error for invalid terms.
func (pl *NodeAffinity) PreScore(_ context.Context, state *framework.CycleState, pod *corev1.Pod, _ []*framework.NodeInfo) *framework.Status {
	pref, err := getPodPreferredNodeAffinity(pod)
	if err != nil {
		return framework.AsStatus(err)
	}
	if pref == nil && pl.addedPrefSchedTerms == nil {
		return framework.NewStatus(framework.Skip)
	}
	state.Write(preScoreStateKey, &preScoreState{preferredNodeAffinity: pref})
	return nil
}

// Score sums the weights of the preferred terms (the pod's and
// addedAffinity's) the node matches.
func (pl *NodeAffinity) Score(_ context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	node := nodeInfo.Node()
	if node == nil {
		return 0, framework.AsStatus(errors.New("node not found"))
	}
	var count int64
	if pl.addedPrefSchedTerms != nil {
		count += pl.addedPrefSchedTerms.Score(node)
	}
	s, err := framework.ReadState[*preScoreState](state, preScoreStateKey)
	if err != nil {
		pref, err := getPodPreferredNodeAffinity(pod)
		if err != nil {
			return 0, framework.AsStatus(err)
		}
		s = &preScoreState{preferredNodeAffinity: pref}
	}
	if s.preferredNodeAffinity != nil {
		count += s.preferredNodeAffinity.Score(node)
	}
	return count, nil
}

// ScoreExtensions returns pl.
func (pl *NodeAffinity) ScoreExtensions() framework.ScoreExtensions { return pl }

// NormalizeScore scales the sums so that the highest is MaxNodeScore.
func (pl *NodeAffinity) NormalizeScore(_ context.Context, _ *framework.CycleState, _ *corev1.Pod, scores framework.NodeScoreList) *framework.Status {
	return helper.DefaultNormalizeScore(framework.MaxNodeScore, false, scores)
}

// EventsToRegister returns node additions and label changes.
func (pl *NodeAffinity) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add | framework.UpdateNodeLabel}, QueueingHintFn: pl.isSchedulableAfterNodeChange},
	}, nil
}

// isSchedulableAfterNodeChange queues the pod when an added node matches
// (addedAffinity and the pod's required affinity), or an updated node
// went from not matching to matching.
func (pl *NodeAffinity) isSchedulableAfterNodeChange(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	original, modified, err := helper.As[*corev1.Node](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if modified == nil {
		return framework.QueueSkip, nil
	}
	if pl.addedNodeSelector != nil && !pl.addedNodeSelector.Match(modified) {
		return framework.QueueSkip, nil
	}
	required := helper.GetRequiredNodeAffinity(pod)
	matched, err := required.Match(modified)
	if err != nil {
		return framework.Queue, err
	}
	if !matched {
		return framework.QueueSkip, nil
	}
	if original == nil {
		return framework.Queue, nil
	}
	wasMatched, err := required.Match(original)
	if err != nil {
		return framework.Queue, err
	}
	if wasMatched {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}
