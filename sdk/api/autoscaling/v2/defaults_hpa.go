package v2

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// DefaultCPUUtilization is the target of the metric an autoscaler without
// metrics gets: 80% average CPU utilization.
const DefaultCPUUtilization = 80

// SetObjectDefaults_HorizontalPodAutoscaler applies the defaults of Kubernetes'
// autoscaling/v2: minReplicas 1; when no metric is given, 80% average CPU
// utilization; and, when behavior is set, the default scaling rules for
// whatever it leaves unset. It is the registry's Default.
func SetObjectDefaults_HorizontalPodAutoscaler(obj *HorizontalPodAutoscaler) {
	if obj.Spec.MinReplicas == nil {
		one := int32(1)
		obj.Spec.MinReplicas = &one
	}
	if len(obj.Spec.Metrics) == 0 {
		utilization := int32(DefaultCPUUtilization)
		obj.Spec.Metrics = []MetricSpec{{
			Type: ResourceMetricSourceType,
			Resource: &ResourceMetricSource{
				Name:   corev1.ResourceCPU,
				Target: MetricTarget{Type: UtilizationMetricType, AverageUtilization: &utilization},
			},
		}}
	}
	if b := obj.Spec.Behavior; b != nil {
		b.ScaleUp = GenerateHPAScaleUpRules(b.ScaleUp)
		b.ScaleDown = GenerateHPAScaleDownRules(b.ScaleDown)
	}
}

// GenerateHPAScaleUpRules returns rules with every unset part of r taken
// from the default scale-up rules: stabilization window 0, selectPolicy
// Max, policies "4 pods per 15 s" and "100% per 15 s".
func GenerateHPAScaleUpRules(r *HPAScalingRules) *HPAScalingRules {
	window := int32(0)
	max := MaxChangePolicySelect
	def := &HPAScalingRules{
		StabilizationWindowSeconds: &window,
		SelectPolicy:               &max,
		Policies: []HPAScalingPolicy{
			{Type: PodsScalingPolicy, Value: 4, PeriodSeconds: 15},
			{Type: PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
		},
	}
	return copyHPAScalingRules(r, def)
}

// GenerateHPAScaleDownRules returns rules with every unset part of r taken
// from the default scale-down rules: selectPolicy Max, policy "100% per
// 15 s". The stabilization window stays unset: the controller's
// --horizontal-pod-autoscaler-downscale-stabilization (300 s) applies.
func GenerateHPAScaleDownRules(r *HPAScalingRules) *HPAScalingRules {
	max := MaxChangePolicySelect
	def := &HPAScalingRules{
		SelectPolicy: &max,
		Policies:     []HPAScalingPolicy{{Type: PercentScalingPolicy, Value: 100, PeriodSeconds: 15}},
	}
	return copyHPAScalingRules(r, def)
}

func copyHPAScalingRules(from, to *HPAScalingRules) *HPAScalingRules {
	if from == nil {
		return to
	}
	if from.SelectPolicy != nil {
		to.SelectPolicy = from.SelectPolicy
	}
	if from.StabilizationWindowSeconds != nil {
		to.StabilizationWindowSeconds = from.StabilizationWindowSeconds
	}
	if from.Policies != nil {
		to.Policies = from.Policies
	}
	return to
}
