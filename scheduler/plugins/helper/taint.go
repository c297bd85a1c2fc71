package helper

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// TolerationsTolerateTaint reports whether any toleration tolerates taint.
func TolerationsTolerateTaint(tolerations []corev1.Toleration, taint *corev1.Taint) bool {
	for i := range tolerations {
		if tolerations[i].ToleratesTaint(taint) {
			return true
		}
	}
	return false
}

// FindMatchingUntoleratedTaint returns the first taint, among those for
// which inclusionFilter returns true (every taint when it is nil), that no
// toleration tolerates; the boolean reports whether there is one.
func FindMatchingUntoleratedTaint(taints []corev1.Taint, tolerations []corev1.Toleration, inclusionFilter func(*corev1.Taint) bool) (corev1.Taint, bool) {
	for i := range taints {
		t := &taints[i]
		if inclusionFilter != nil && !inclusionFilter(t) {
			continue
		}
		if !TolerationsTolerateTaint(tolerations, t) {
			return *t, true
		}
	}
	return corev1.Taint{}, false
}

// IsDoNotScheduleTaint reports whether t has effect NoSchedule or
// NoExecute (the taints Filter enforces).
func IsDoNotScheduleTaint(t *corev1.Taint) bool {
	return t.Effect == corev1.TaintEffectNoSchedule || t.Effect == corev1.TaintEffectNoExecute
}

// DoNotScheduleTaintsFilterFunc returns the inclusion filter of
// IsDoNotScheduleTaint, as Kubernetes' helper does.
func DoNotScheduleTaintsFilterFunc() func(t *corev1.Taint) bool {
	return IsDoNotScheduleTaint
}
