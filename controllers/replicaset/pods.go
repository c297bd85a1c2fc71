package replicaset

import (
	"sort"
	"strconv"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// PodDeletionCostAnnotation orders the deletion of a controller's pods
// when it scales down: lower cost first (Kubernetes' annotation).
const PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

// IsPodActive reports whether pod counts toward a controller's replicas:
// not terminating and not in a terminal phase.
func IsPodActive(pod *corev1.Pod) bool {
	return pod.DeletionTimestamp == nil && pod.Status.Phase != corev1.PodSucceeded && pod.Status.Phase != corev1.PodFailed
}

// podReadyCondition returns pod's Ready condition, or nil.
func podReadyCondition(pod *corev1.Pod) *corev1.PodCondition {
	for i := range pod.Status.Conditions {
		if pod.Status.Conditions[i].Type == corev1.PodReady {
			return &pod.Status.Conditions[i]
		}
	}
	return nil
}

// IsPodReady reports whether pod's Ready condition is True.
func IsPodReady(pod *corev1.Pod) bool {
	c := podReadyCondition(pod)
	return c != nil && c.Status == corev1.ConditionTrue
}

// IsPodAvailable reports whether pod has been ready for at least
// minReadySeconds at now.
func IsPodAvailable(pod *corev1.Pod, minReadySeconds int32, now time.Time) bool {
	c := podReadyCondition(pod)
	if c == nil || c.Status != corev1.ConditionTrue {
		return false
	}
	if minReadySeconds == 0 {
		return true
	}
	d := time.Duration(minReadySeconds) * time.Second
	return !c.LastTransitionTime.IsZero() && !c.LastTransitionTime.Add(d).After(now)
}

func podReadyTime(pod *corev1.Pod) time.Time {
	if c := podReadyCondition(pod); c != nil && c.Status == corev1.ConditionTrue {
		return c.LastTransitionTime.Time
	}
	return time.Time{}
}

func podPhaseOrdinal(p corev1.PodPhase) int {
	switch p {
	case corev1.PodPending:
		return 0
	case corev1.PodUnknown:
		return 1
	case corev1.PodRunning:
		return 2
	}
	return 3
}

func deletionCost(pod *corev1.Pod) int64 {
	v, ok := pod.Annotations[PodDeletionCostAnnotation]
	if !ok {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0
	}
	return n
}

func maxRestarts(pod *corev1.Pod) int32 {
	var m int32
	for _, s := range pod.Status.ContainerStatuses {
		m = max(m, s.RestartCount)
	}
	return m
}

// afterOrZero orders zero times first, then later times first.
func afterOrZero(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero()
	}
	return a.After(b)
}

// rankedPods sorts pods into Kubernetes' deletion order (ActivePodsWithRanks):
// the first pods are deleted first.
type rankedPods struct {
	pods []*corev1.Pod
	rank []int
}

func (s rankedPods) Len() int { return len(s.pods) }

func (s rankedPods) Swap(i, j int) {
	s.pods[i], s.pods[j] = s.pods[j], s.pods[i]
	s.rank[i], s.rank[j] = s.rank[j], s.rank[i]
}

func (s rankedPods) Less(i, j int) bool {
	a, b := s.pods[i], s.pods[j]
	// 1. Unassigned before assigned.
	if a.Spec.NodeName != b.Spec.NodeName && (a.Spec.NodeName == "" || b.Spec.NodeName == "") {
		return a.Spec.NodeName == ""
	}
	// 2. Pending before Unknown before Running.
	if pa, pb := podPhaseOrdinal(a.Status.Phase), podPhaseOrdinal(b.Status.Phase); pa != pb {
		return pa < pb
	}
	// 3. Not ready before ready.
	if ra, rb := IsPodReady(a), IsPodReady(b); ra != rb {
		return !ra
	}
	// 4. Lower deletion cost first.
	if ca, cb := deletionCost(a), deletionCost(b); ca != cb {
		return ca < cb
	}
	// 5. More pods of the controller on the same node first.
	if s.rank[i] != s.rank[j] {
		return s.rank[i] > s.rank[j]
	}
	// 6. Ready for less time first.
	if IsPodReady(a) && IsPodReady(b) {
		if ta, tb := podReadyTime(a), podReadyTime(b); !ta.Equal(tb) {
			return afterOrZero(ta, tb)
		}
	}
	// 7. More restarts first.
	if ra, rb := maxRestarts(a), maxRestarts(b); ra != rb {
		return ra > rb
	}
	// 8. Newer first.
	if !a.CreationTimestamp.Time.Equal(b.CreationTimestamp.Time) {
		return afterOrZero(a.CreationTimestamp.Time, b.CreationTimestamp.Time)
	}
	return false
}

// podsToDelete returns the n pods of pods to delete first.
func podsToDelete(pods []*corev1.Pod, n int) []*corev1.Pod {
	if n >= len(pods) {
		return pods
	}
	return rankedPodsFor(pods)[:n]
}

// rankedPodsFor returns pods in deletion order.
func rankedPodsFor(pods []*corev1.Pod) []*corev1.Pod {
	onNode := map[string]int{}
	for _, p := range pods {
		onNode[p.Spec.NodeName]++
	}
	s := rankedPods{pods: append([]*corev1.Pod(nil), pods...), rank: make([]int, len(pods))}
	for i, p := range s.pods {
		s.rank[i] = onNode[p.Spec.NodeName]
	}
	sort.Stable(s)
	return s.pods
}

// podFromTemplate builds a pod for owner (referenced by ref) from tmpl.
func podFromTemplate(tmpl *corev1.PodTemplateSpec, owner *meta.ObjectMeta, ref meta.OwnerReference) *corev1.Pod {
	t := tmpl.DeepCopy()
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{
			Namespace:       owner.Namespace,
			GenerateName:    owner.Name + "-",
			Labels:          t.Labels,
			Annotations:     t.Annotations,
			Finalizers:      t.Finalizers,
			OwnerReferences: []meta.OwnerReference{ref},
		},
		Spec: t.Spec,
	}
}
