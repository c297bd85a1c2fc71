package v1

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// SetObjectDefaults_PriorityClass defaults preemptionPolicy to PreemptLowerPriority.
func SetObjectDefaults_PriorityClass(obj *PriorityClass) {
	if obj.PreemptionPolicy == nil {
		p := corev1.PreemptLowerPriority
		obj.PreemptionPolicy = &p
	}
}
