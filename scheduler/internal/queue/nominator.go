package queue

import (
	"sync"
	"sync/atomic"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// Nominator keeps the pods nominated to nodes (by preemption). It
// implements framework.PodNominator and is safe for concurrent use.
type Nominator struct {
	mu     sync.RWMutex
	byNode map[string][]*framework.PodInfo
	nodeOf map[string]string
	count  atomic.Int64
}

var _ framework.PodNominator = (*Nominator)(nil)

// NewNominator returns an empty nominator.
func NewNominator() *Nominator {
	return &Nominator{byNode: map[string][]*framework.PodInfo{}, nodeOf: map[string]string{}}
}

// AddNominatedPod nominates pi to nodeName ("" means the pod's
// status.nominatedNodeName; nothing happens when both are empty).
func (n *Nominator) AddNominatedPod(pi *framework.PodInfo, nodeName string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.addLocked(pi, nodeName)
}

func (n *Nominator) addLocked(pi *framework.PodInfo, nodeName string) {
	n.deleteLocked(pi.Pod)
	if nodeName == "" {
		nodeName = pi.Pod.Status.NominatedNodeName
	}
	if nodeName == "" {
		return
	}
	key := podKey(pi.Pod)
	n.nodeOf[key] = nodeName
	n.byNode[nodeName] = append(n.byNode[nodeName], pi)
	n.count.Add(1)
}

// DeleteNominatedPodIfExists forgets pod's nomination.
func (n *Nominator) DeleteNominatedPodIfExists(pod *corev1.Pod) {
	if n.count.Load() == 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.deleteLocked(pod)
}

func (n *Nominator) deleteLocked(pod *corev1.Pod) {
	key := podKey(pod)
	node, ok := n.nodeOf[key]
	if !ok {
		return
	}
	list := n.byNode[node]
	for i, pi := range list {
		if podKey(pi.Pod) == key {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(n.byNode, node)
	} else {
		n.byNode[node] = list
	}
	delete(n.nodeOf, key)
	n.count.Add(-1)
}

// UpdateNominatedPod updates the nomination of a changed pod: the new
// status.nominatedNodeName wins; a nomination the scheduler made that the
// API has not shown yet is kept; one the API cleared is dropped.
func (n *Nominator) UpdateNominatedPod(old *corev1.Pod, pi *framework.PodInfo) {
	n.mu.Lock()
	defer n.mu.Unlock()
	node := pi.Pod.Status.NominatedNodeName
	if node == "" && old.Status.NominatedNodeName == "" {
		node = n.nodeOf[podKey(old)]
	}
	n.deleteLocked(old)
	if node != "" {
		n.addLocked(pi, node)
	}
}

// NominatedPodsForNode returns a copy of the pods nominated to nodeName.
func (n *Nominator) NominatedPodsForNode(nodeName string) []*framework.PodInfo {
	if n.count.Load() == 0 {
		return nil
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	list := n.byNode[nodeName]
	if len(list) == 0 {
		return nil
	}
	return append([]*framework.PodInfo(nil), list...)
}

// HasNominatedPods reports whether any pod is nominated anywhere (a cheap
// check for the Filter fast path).
func (n *Nominator) HasNominatedPods() bool { return n.count.Load() > 0 }
