package nodename

import (
	"context"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "NodeName"

// ErrReason is the Filter reason for another node.
const ErrReason = "node(s) didn't match the requested node name"

// NodeName filters out nodes other than the pod's spec.nodeName.
type NodeName struct{}

var (
	_ framework.FilterPlugin      = (*NodeName)(nil)
	_ framework.EnqueueExtensions = (*NodeName)(nil)
)

// New builds the plugin; it takes no arguments.
func New(context.Context, *struct{}, framework.Handle) (framework.Plugin, error) {
	return &NodeName{}, nil
}

// Name returns Name.
func (pl *NodeName) Name() string { return Name }

// Filter rejects the node (UnschedulableAndUnresolvable) when the pod names
// another node.
func (pl *NodeName) Filter(_ context.Context, _ *framework.CycleState, pod *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	if !Fits(pod, nodeInfo.Node()) {
		return framework.NewStatus(framework.UnschedulableAndUnresolvable, ErrReason)
	}
	return nil
}

// Fits reports whether pod may run on node: spec.nodeName is empty or
// names the node.
func Fits(pod *corev1.Pod, node *corev1.Node) bool {
	return pod.Spec.NodeName == "" || (node != nil && pod.Spec.NodeName == node.Name)
}

// EventsToRegister returns node additions: only a new node can carry the
// requested name.
func (pl *NodeName) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}, QueueingHintFn: isSchedulableAfterNodeAdd},
	}, nil
}

func isSchedulableAfterNodeAdd(pod *corev1.Pod, oldObj, newObj any) (framework.QueueingHint, error) {
	_, added, err := helper.As[*corev1.Node](oldObj, newObj)
	if err != nil {
		return framework.Queue, err
	}
	if !Fits(pod, added) {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}
