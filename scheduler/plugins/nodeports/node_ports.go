package nodeports

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/plugins/helper"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Name is the plugin's name in configuration.
const Name = "NodePorts"

// ErrReason is the Filter reason for a port conflict.
const ErrReason = "node(s) didn't have free ports for the requested pod ports"

const preFilterStateKey framework.StateKey = "PreFilter" + Name

// NodePorts checks host port conflicts.
type NodePorts struct{}

var (
	_ framework.PreFilterPlugin   = (*NodePorts)(nil)
	_ framework.FilterPlugin      = (*NodePorts)(nil)
	_ framework.EnqueueExtensions = (*NodePorts)(nil)
)

// New builds the plugin; it takes no arguments.
func New(context.Context, *struct{}, framework.Handle) (framework.Plugin, error) {
	return &NodePorts{}, nil
}

// Name returns Name.
func (pl *NodePorts) Name() string { return Name }

// preFilterState is the pod's host ports.
type preFilterState []corev1.ContainerPort

// Clone returns s: it is never changed after PreFilter.
func (s preFilterState) Clone() framework.StateData { return s }

// GetHostPorts returns the host ports (hostPort > 0) of the pod's
// containers and of its restartable init containers (sidecars), which run
// for the pod's whole life.
func GetHostPorts(pod *corev1.Pod) []corev1.ContainerPort {
	var ports []corev1.ContainerPort
	if pod == nil {
		return nil
	}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			continue
		}
		for _, p := range c.Ports {
			if p.HostPort > 0 {
				ports = append(ports, p)
			}
		}
	}
	for i := range pod.Spec.Containers {
		for _, p := range pod.Spec.Containers[i].Ports {
			if p.HostPort > 0 {
				ports = append(ports, p)
			}
		}
	}
	return ports
}

// PreFilter records the pod's host ports; a pod without any skips Filter.
func (pl *NodePorts) PreFilter(_ context.Context, state *framework.CycleState, pod *corev1.Pod) (*framework.PreFilterResult, *framework.Status) {
	ports := GetHostPorts(pod)
	if len(ports) == 0 {
		return nil, framework.NewStatus(framework.Skip)
	}
	state.Write(preFilterStateKey, preFilterState(ports))
	return nil, nil
}

// PreFilterExtensions returns nil.
func (pl *NodePorts) PreFilterExtensions() framework.PreFilterExtensions { return nil }

// Filter rejects (Unschedulable: preemption may free the port) a node
// where a wanted host port is in use.
func (pl *NodePorts) Filter(_ context.Context, state *framework.CycleState, _ *corev1.Pod, nodeInfo *framework.NodeInfo) *framework.Status {
	want, err := framework.ReadState[preFilterState](state, preFilterStateKey)
	if err != nil {
		return framework.AsStatus(fmt.Errorf("reading %q from cycleState: %w", preFilterStateKey, err))
	}
	if !fitsPorts(want, nodeInfo) {
		return framework.NewStatus(framework.Unschedulable, ErrReason)
	}
	return nil
}

// Fits reports whether pod's host ports are free on nodeInfo.
func Fits(pod *corev1.Pod, nodeInfo *framework.NodeInfo) bool {
	return fitsPorts(GetHostPorts(pod), nodeInfo)
}

func fitsPorts(want []corev1.ContainerPort, nodeInfo *framework.NodeInfo) bool {
	used := nodeInfo.UsedPorts
	if len(used) == 0 {
		return true
	}
	for i := range want {
		if used.CheckConflict(want[i].HostIP, string(want[i].Protocol), want[i].HostPort) {
			return false
		}
	}
	return true
}

// EventsToRegister returns pod deletions (ports are immutable, so updates
// cannot help) and node additions.
func (pl *NodePorts) EventsToRegister(context.Context) ([]framework.ClusterEventWithHint, error) {
	return []framework.ClusterEventWithHint{
		{Event: framework.ClusterEvent{Resource: framework.PodResource, ActionType: framework.Delete}, QueueingHintFn: isSchedulableAfterPodDeleted},
		{Event: framework.ClusterEvent{Resource: framework.NodeResource, ActionType: framework.Add}},
	}, nil
}

// isSchedulableAfterPodDeleted queues the pod when the deleted pod was
// scheduled (or nominated) and used one of the pod's host ports.
func isSchedulableAfterPodDeleted(pod *corev1.Pod, oldObj, _ any) (framework.QueueingHint, error) {
	deleted, _, err := helper.As[*corev1.Pod](oldObj, nil)
	if err != nil {
		return framework.Queue, err
	}
	if deleted == nil || (deleted.Spec.NodeName == "" && deleted.Status.NominatedNodeName == "") {
		return framework.QueueSkip, nil
	}
	ports := GetHostPorts(deleted)
	if len(ports) == 0 {
		return framework.QueueSkip, nil
	}
	used := framework.HostPortInfo{}
	for _, p := range ports {
		used.Add(p.HostIP, string(p.Protocol), p.HostPort)
	}
	if fitsPorts(GetHostPorts(pod), &framework.NodeInfo{UsedPorts: used}) {
		return framework.QueueSkip, nil
	}
	return framework.Queue, nil
}
