package noderesources

import (
	"context"
	"fmt"
	"slices"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// BalancedAllocationName is NodeResourcesBalancedAllocation's name in configuration.
const BalancedAllocationName = "NodeResourcesBalancedAllocation"

const balancedAllocationPreScoreStateKey framework.StateKey = "PreScore" + BalancedAllocationName

// BalancedAllocation favours nodes whose resource utilisation fractions
// (with the pod) are close to each other.
type BalancedAllocation struct {
	handle framework.Handle
	scorer resourceAllocationScorer
}

var (
	_ framework.PreScorePlugin = (*BalancedAllocation)(nil)
	_ framework.ScorePlugin    = (*BalancedAllocation)(nil)
)

// NewBalancedAllocation builds NodeResourcesBalancedAllocation; args are
// defaulted and validated.
func NewBalancedAllocation(_ context.Context, args *NodeResourcesBalancedAllocationArgs, h framework.Handle) (framework.Plugin, error) {
	if args == nil {
		args = &NodeResourcesBalancedAllocationArgs{}
	}
	a := NodeResourcesBalancedAllocationArgs{Resources: slices.Clone(args.Resources)}
	a.SetDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("%s: invalid args: %w", BalancedAllocationName, err)
	}
	return &BalancedAllocation{handle: h, scorer: newScorer(balancedAllocation, true, a.Resources, nil)}, nil
}

// Name returns BalancedAllocationName.
func (ba *BalancedAllocation) Name() string { return BalancedAllocationName }

// PreScore computes the pod's requests of the balanced resources.
func (ba *BalancedAllocation) PreScore(_ context.Context, state *framework.CycleState, pod *corev1.Pod, _ []*framework.NodeInfo) *framework.Status {
	state.Write(balancedAllocationPreScoreStateKey, &preScoreState{podRequests: ba.scorer.podRequestList(pod)})
	return nil
}

// Score is (1 - std) * MaxNodeScore, std being the standard deviation of
// the requested/allocatable fractions of the resources.
func (ba *BalancedAllocation) Score(_ context.Context, state *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) (int64, *framework.Status) {
	s, err := framework.ReadState[*preScoreState](state, balancedAllocationPreScoreStateKey)
	if err != nil {
		s = &preScoreState{podRequests: ba.scorer.podRequestList(pod)}
	}
	return ba.scorer.score(nodeInfo, s.podRequests)
}

// ScoreExtensions returns nil.
func (ba *BalancedAllocation) ScoreExtensions() framework.ScoreExtensions { return nil }
