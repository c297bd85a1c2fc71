package schedulinggates

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "SchedulingGates"

// SchedulingGatesArgs are the plugin's arguments: it has none, so any
// field is an error.
type SchedulingGatesArgs struct{}

// SchedulingGates gates pods that have scheduling gates.
type SchedulingGates struct{}

var (
	_ framework.PreEnqueuePlugin  = (*SchedulingGates)(nil)
	_ framework.EnqueueExtensions = (*SchedulingGates)(nil)
)

// New returns the plugin.
func New(_ context.Context, _ *SchedulingGatesArgs, _ framework.Handle) (framework.Plugin, error) {
	return &SchedulingGates{}, nil
}

// Factory is New adapted to framework.PluginFactory.
var Factory = framework.Factory(New)

// Name returns Name.
func (*SchedulingGates) Name() string { return Name }

// PreEnqueue rejects a pod that still has scheduling gates, with
// Kubernetes' message "waiting for scheduling gates: [a b]".
func (*SchedulingGates) PreEnqueue(_ context.Context, pod *corev1.Pod) *framework.Status {
	if len(pod.Spec.SchedulingGates) == 0 {
		return nil
	}
	gates := make([]string, 0, len(pod.Spec.SchedulingGates))
	for _, g := range pod.Spec.SchedulingGates {
		gates = append(gates, g.Name)
	}
	return framework.NewStatus(framework.UnschedulableAndUnresolvable, fmt.Sprintf("waiting for scheduling gates: %v", gates))
}

// EventsToRegister: a gated pod can only move once its own gates are gone.
func (*SchedulingGates) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{{
		Event:          framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.UpdatePodSchedulingGatesEliminated},
		QueueingHintFn: isSchedulableAfterGatesEliminated,
	}}, nil
}

func isSchedulableAfterGatesEliminated(pod *corev1.Pod, _, newObj any) (framework.QueueingHint, error) {
	p, ok := newObj.(*corev1.Pod)
	if !ok {
		return framework.Queue, fmt.Errorf("schedulinggates: unexpected object %T", newObj)
	}
	if p.UID != pod.UID {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}
