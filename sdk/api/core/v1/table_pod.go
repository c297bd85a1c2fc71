package v1

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Column descriptions shared by this file's tables.
const (
	podColNameDesc = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated."
	podColAgeDesc  = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC."
)

// NodeUnreachablePodReason is the status reason of pods on a node that stopped reporting.
const NodeUnreachablePodReason = "NodeLost"

var podColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: podColNameDesc},
	{Name: "Ready", Type: "string", Description: "The aggregate readiness state of this pod for accepting traffic."},
	{Name: "Status", Type: "string", Description: "The aggregate status of the containers in this pod."},
	{Name: "Restarts", Type: "string", Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."},
	{Name: "Age", Type: "string", Description: podColAgeDesc},
	{Name: "IP", Type: "string", Priority: 1, Description: "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."},
	{Name: "Node", Type: "string", Priority: 1, Description: "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName."},
	{Name: "Nominated Node", Type: "string", Priority: 1, Description: "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."},
	{Name: "Readiness Gates", Type: "string", Priority: 1, Description: "If specified, all readiness gates will be evaluated for pod readiness."},
}

// podCells renders a pod's row exactly as kubectl's printPod (Kubernetes 1.32).
func podCells(pod *Pod, now time.Time) []any {
	ready, status, restarts := PodStatusSummary(pod, now)
	podIP := pod.Status.PodIP
	if len(pod.Status.PodIPs) > 0 {
		podIP = pod.Status.PodIPs[0].IP
	}
	readinessGates := "<none>"
	if len(pod.Spec.ReadinessGates) > 0 {
		trueConditions := 0
		for _, g := range pod.Spec.ReadinessGates {
			for _, c := range pod.Status.Conditions {
				if c.Type == g.ConditionType {
					if c.Status == ConditionTrue {
						trueConditions++
					}
					break
				}
			}
		}
		readinessGates = fmt.Sprintf("%d/%d", trueConditions, len(pod.Spec.ReadinessGates))
	}
	return []any{
		pod.Name, ready, status, restarts, registry.Age(pod.CreationTimestamp, now),
		registry.NoneIfEmpty(podIP), registry.NoneIfEmpty(pod.Spec.NodeName),
		registry.NoneIfEmpty(pod.Status.NominatedNodeName), readinessGates,
	}
}

// PodStatusSummary returns the READY ("1/2"), STATUS ("Running",
// "Init:0/1", "CrashLoopBackOff", "Completed", "Terminating", ...) and
// RESTARTS ("3 (5m ago)") cells that kubectl shows for a pod, computed as
// kubectl's printPod does; now is the time "ago" is measured from.
func PodStatusSummary(pod *Pod, now time.Time) (ready, status, restarts string) {
	restartCount := 0
	restartableInitRestarts := 0
	totalContainers := len(pod.Spec.Containers)
	readyContainers := 0
	var lastRestart, lastRestartableInitRestart meta.Time

	reason := string(pod.Status.Phase)
	if pod.Status.Reason != "" {
		reason = pod.Status.Reason
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == PodScheduled && c.Reason == PodReasonSchedulingGated {
			reason = PodReasonSchedulingGated
		}
	}

	initContainers := make(map[string]*Container, len(pod.Spec.InitContainers))
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		initContainers[c.Name] = c
		if IsRestartableInitContainer(c) {
			totalContainers++
		}
	}

	initializing := false
	for i := range pod.Status.InitContainerStatuses {
		cs := pod.Status.InitContainerStatuses[i]
		restartCount += int(cs.RestartCount)
		if t := cs.LastTerminationState.Terminated; t != nil && lastRestart.Before(&t.FinishedAt) {
			lastRestart = t.FinishedAt
		}
		restartable := IsRestartableInitContainer(initContainers[cs.Name])
		if restartable {
			restartableInitRestarts += int(cs.RestartCount)
			if t := cs.LastTerminationState.Terminated; t != nil && lastRestartableInitRestart.Before(&t.FinishedAt) {
				lastRestartableInitRestart = t.FinishedAt
			}
		}
		switch {
		case cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0:
			continue
		case restartable && cs.Started != nil && *cs.Started:
			if cs.Ready {
				readyContainers++
			}
			continue
		case cs.State.Terminated != nil:
			t := cs.State.Terminated
			if len(t.Reason) == 0 {
				if t.Signal != 0 {
					reason = fmt.Sprintf("Init:Signal:%d", t.Signal)
				} else {
					reason = fmt.Sprintf("Init:ExitCode:%d", t.ExitCode)
				}
			} else {
				reason = "Init:" + t.Reason
			}
			initializing = true
		case cs.State.Waiting != nil && len(cs.State.Waiting.Reason) > 0 && cs.State.Waiting.Reason != "PodInitializing":
			reason = "Init:" + cs.State.Waiting.Reason
			initializing = true
		default:
			reason = fmt.Sprintf("Init:%d/%d", i, len(pod.Spec.InitContainers))
			initializing = true
		}
		break
	}

	if !initializing || isPodInitializedConditionTrue(&pod.Status) {
		restartCount = restartableInitRestarts
		lastRestart = lastRestartableInitRestart
		hasRunning := false
		for i := len(pod.Status.ContainerStatuses) - 1; i >= 0; i-- {
			cs := pod.Status.ContainerStatuses[i]
			restartCount += int(cs.RestartCount)
			if t := cs.LastTerminationState.Terminated; t != nil && lastRestart.Before(&t.FinishedAt) {
				lastRestart = t.FinishedAt
			}
			switch {
			case cs.State.Waiting != nil && cs.State.Waiting.Reason != "":
				reason = cs.State.Waiting.Reason
			case cs.State.Terminated != nil && cs.State.Terminated.Reason != "":
				reason = cs.State.Terminated.Reason
			case cs.State.Terminated != nil:
				if cs.State.Terminated.Signal != 0 {
					reason = fmt.Sprintf("Signal:%d", cs.State.Terminated.Signal)
				} else {
					reason = fmt.Sprintf("ExitCode:%d", cs.State.Terminated.ExitCode)
				}
			case cs.Ready && cs.State.Running != nil:
				hasRunning = true
				readyContainers++
			}
		}
		// A pod whose last container completed but another still runs is Running.
		if reason == "Completed" && hasRunning {
			if hasPodReadyCondition(pod.Status.Conditions) {
				reason = "Running"
			} else {
				reason = "NotReady"
			}
		}
	}

	if pod.DeletionTimestamp != nil && pod.Status.Reason == NodeUnreachablePodReason {
		reason = "Unknown"
	} else if pod.DeletionTimestamp != nil && pod.Status.Phase != PodSucceeded && pod.Status.Phase != PodFailed {
		reason = "Terminating"
	}

	restarts = strconv.Itoa(restartCount)
	if restartCount != 0 && !lastRestart.IsZero() {
		restarts = fmt.Sprintf("%d (%s ago)", restartCount, registry.Age(lastRestart, now))
	}
	return fmt.Sprintf("%d/%d", readyContainers, totalContainers), reason, restarts
}

func isPodInitializedConditionTrue(s *PodStatus) bool {
	for _, c := range s.Conditions {
		if c.Type == PodInitialized {
			return c.Status == ConditionTrue
		}
	}
	return false
}

func hasPodReadyCondition(conds []PodCondition) bool {
	for _, c := range conds {
		if c.Type == PodReady && c.Status == ConditionTrue {
			return true
		}
	}
	return false
}

var podTemplateColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: podColNameDesc},
	{Name: "Containers", Type: "string", Description: "Names of each container in the template."},
	{Name: "Images", Type: "string", Description: "Images referenced by each container in the template."},
	{Name: "Pod Labels", Type: "string", Description: "The labels for the pod template."},
}

func podTemplateCells(t *PodTemplate, _ time.Time) []any {
	names, images := ContainerNamesAndImages(t.Template.Spec.Containers)
	return []any{t.Name, names, images, labels.FormatLabels(t.Template.Labels)}
}

// ContainerNamesAndImages joins the names and the images of containers with
// commas, as kubectl's CONTAINERS and IMAGES columns show them.
func ContainerNamesAndImages(cs []Container) (names, images string) {
	n := make([]string, len(cs))
	im := make([]string, len(cs))
	for i, c := range cs {
		n[i], im[i] = c.Name, c.Image
	}
	return strings.Join(n, ","), strings.Join(im, ",")
}
