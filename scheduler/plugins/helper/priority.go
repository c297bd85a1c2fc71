package helper

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// PodPriority returns spec.priority, or 0 when unset (as Kubernetes does
// for pods admitted without a priority).
func PodPriority(pod *corev1.Pod) int32 {
	if pod.Spec.Priority != nil {
		return *pod.Spec.Priority
	}
	return 0
}
