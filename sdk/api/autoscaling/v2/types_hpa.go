package v2

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// HorizontalPodAutoscaler scales the replicas of a resource that has a scale
// subresource (a Deployment, ReplicaSet, StatefulSet, ...) from metrics.
type HorizontalPodAutoscaler struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Spec is the desired behavior of the autoscaler.
	Spec HorizontalPodAutoscalerSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the current state of the autoscaler.
	Status HorizontalPodAutoscalerStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// HorizontalPodAutoscalerList is a list of HorizontalPodAutoscalers.
type HorizontalPodAutoscalerList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []HorizontalPodAutoscaler `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// HorizontalPodAutoscalerSpec is the desired behavior of an autoscaler.
type HorizontalPodAutoscalerSpec struct {
	// ScaleTargetRef is the resource to scale.
	ScaleTargetRef CrossVersionObjectReference `json:"scaleTargetRef" protobuf:"bytes,1,opt,name=scaleTargetRef"`
	// MinReplicas is the lower limit of replicas; defaults to 1.
	MinReplicas *int32 `json:"minReplicas,omitempty" protobuf:"varint,2,opt,name=minReplicas"`
	// MaxReplicas is the upper limit of replicas; at least MinReplicas.
	MaxReplicas int32 `json:"maxReplicas" protobuf:"varint,3,opt,name=maxReplicas"`
	// Metrics to scale on; the largest replica count any of them asks for
	// wins. Defaults to 80% average CPU utilization.
	Metrics []MetricSpec `json:"metrics,omitempty" protobuf:"bytes,4,rep,name=metrics"`
	// Behavior configures scaling up and down; when set, its unset parts take
	// Kubernetes' default rules.
	Behavior *HorizontalPodAutoscalerBehavior `json:"behavior,omitempty" protobuf:"bytes,5,opt,name=behavior"`
}

// CrossVersionObjectReference names an object of any kind in the same namespace.
type CrossVersionObjectReference struct {
	// Kind of the object ("Deployment").
	Kind string `json:"kind" protobuf:"bytes,1,opt,name=kind"`
	// Name of the object.
	Name string `json:"name" protobuf:"bytes,2,opt,name=name"`
	// APIVersion of the object ("apps/v1").
	APIVersion string `json:"apiVersion,omitempty" protobuf:"bytes,3,opt,name=apiVersion"`
}

// MetricSourceType is the type of a metric source.
type MetricSourceType string

// Metric source types.
const (
	// ObjectMetricSourceType is a metric of one object (hits-per-second of an Ingress).
	ObjectMetricSourceType MetricSourceType = "Object"
	// PodsMetricSourceType is a metric of each pod of the target, averaged.
	PodsMetricSourceType MetricSourceType = "Pods"
	// ResourceMetricSourceType is a resource (cpu, memory) of each pod of the target.
	ResourceMetricSourceType MetricSourceType = "Resource"
	// ContainerResourceMetricSourceType is a resource of one container of each pod.
	ContainerResourceMetricSourceType MetricSourceType = "ContainerResource"
	// ExternalMetricSourceType is a metric from outside the cluster.
	ExternalMetricSourceType MetricSourceType = "External"
)

// MetricSpec is one metric to scale on: Type and the matching field.
type MetricSpec struct {
	// Type is Object, Pods, Resource, ContainerResource or External.
	Type MetricSourceType `json:"type" protobuf:"bytes,1,name=type"`
	// Object is set for type Object.
	Object *ObjectMetricSource `json:"object,omitempty" protobuf:"bytes,2,opt,name=object"`
	// Pods is set for type Pods.
	Pods *PodsMetricSource `json:"pods,omitempty" protobuf:"bytes,3,opt,name=pods"`
	// Resource is set for type Resource.
	Resource *ResourceMetricSource `json:"resource,omitempty" protobuf:"bytes,4,opt,name=resource"`
	// ContainerResource is set for type ContainerResource.
	ContainerResource *ContainerResourceMetricSource `json:"containerResource,omitempty" protobuf:"bytes,7,opt,name=containerResource"`
	// External is set for type External.
	External *ExternalMetricSource `json:"external,omitempty" protobuf:"bytes,5,opt,name=external"`
}

// ObjectMetricSource scales on a metric of one object.
type ObjectMetricSource struct {
	DescribedObject CrossVersionObjectReference `json:"describedObject" protobuf:"bytes,1,name=describedObject"`
	Target          MetricTarget                `json:"target" protobuf:"bytes,2,name=target"`
	Metric          MetricIdentifier            `json:"metric" protobuf:"bytes,3,name=metric"`
}

// PodsMetricSource scales on a metric of each pod of the target, averaged.
type PodsMetricSource struct {
	Metric MetricIdentifier `json:"metric" protobuf:"bytes,1,name=metric"`
	Target MetricTarget     `json:"target" protobuf:"bytes,2,name=target"`
}

// ResourceMetricSource scales on a resource of each pod of the target.
type ResourceMetricSource struct {
	// Name of the resource ("cpu", "memory").
	Name   corev1.ResourceName `json:"name" protobuf:"bytes,1,name=name"`
	Target MetricTarget        `json:"target" protobuf:"bytes,2,name=target"`
}

// ContainerResourceMetricSource scales on a resource of one container of each pod.
type ContainerResourceMetricSource struct {
	// Name of the resource ("cpu", "memory").
	Name   corev1.ResourceName `json:"name" protobuf:"bytes,1,name=name"`
	Target MetricTarget        `json:"target" protobuf:"bytes,2,name=target"`
	// Container is the name of the container in the target's pods.
	Container string `json:"container" protobuf:"bytes,3,opt,name=container"`
}

// ExternalMetricSource scales on a metric from outside the cluster.
type ExternalMetricSource struct {
	Metric MetricIdentifier `json:"metric" protobuf:"bytes,1,name=metric"`
	Target MetricTarget     `json:"target" protobuf:"bytes,2,name=target"`
}

// MetricIdentifier names a metric, optionally narrowed by a label selector.
type MetricIdentifier struct {
	Name     string              `json:"name" protobuf:"bytes,1,name=name"`
	Selector *meta.LabelSelector `json:"selector,omitempty" protobuf:"bytes,2,name=selector"`
}

// MetricTargetType is the type of a MetricTarget.
type MetricTargetType string

// Metric target types.
const (
	// UtilizationMetricType targets AverageUtilization, a percentage of the pods' requests.
	UtilizationMetricType MetricTargetType = "Utilization"
	// ValueMetricType targets Value.
	ValueMetricType MetricTargetType = "Value"
	// AverageValueMetricType targets AverageValue, per pod.
	AverageValueMetricType MetricTargetType = "AverageValue"
)

// MetricTarget is the target value of a metric.
type MetricTarget struct {
	// Type is Utilization, Value or AverageValue.
	Type MetricTargetType `json:"type" protobuf:"bytes,1,name=type"`
	// Value is the target value of the metric.
	Value *resource.Quantity `json:"value,omitempty" protobuf:"bytes,2,opt,name=value"`
	// AverageValue is the target value of the metric averaged over the pods.
	AverageValue *resource.Quantity `json:"averageValue,omitempty" protobuf:"bytes,3,opt,name=averageValue"`
	// AverageUtilization is the target percentage of the pods' resource requests.
	AverageUtilization *int32 `json:"averageUtilization,omitempty" protobuf:"bytes,4,opt,name=averageUtilization"`
}

// HorizontalPodAutoscalerBehavior configures scaling up and down.
type HorizontalPodAutoscalerBehavior struct {
	// ScaleUp defaults to: no stabilization; at most the larger of 4 pods or
	// 100% more every 15 seconds.
	ScaleUp *HPAScalingRules `json:"scaleUp,omitempty" protobuf:"bytes,1,opt,name=scaleUp"`
	// ScaleDown defaults to: the controller's stabilization window (300 s);
	// up to 100% fewer every 15 seconds.
	ScaleDown *HPAScalingRules `json:"scaleDown,omitempty" protobuf:"bytes,2,opt,name=scaleDown"`
}

// ScalingPolicySelect says which policy applies when several do.
type ScalingPolicySelect string

// Policy selections.
const (
	// MaxChangePolicySelect picks the policy allowing the largest change.
	MaxChangePolicySelect ScalingPolicySelect = "Max"
	// MinChangePolicySelect picks the policy allowing the smallest change.
	MinChangePolicySelect ScalingPolicySelect = "Min"
	// DisabledPolicySelect disables scaling in this direction.
	DisabledPolicySelect ScalingPolicySelect = "Disabled"
)

// HPAScalingRules configures scaling in one direction.
type HPAScalingRules struct {
	// StabilizationWindowSeconds (0 to 3600) over which past recommendations are considered.
	StabilizationWindowSeconds *int32 `json:"stabilizationWindowSeconds,omitempty" protobuf:"varint,3,opt,name=stabilizationWindowSeconds"`
	// SelectPolicy is Max (the default), Min or Disabled.
	SelectPolicy *ScalingPolicySelect `json:"selectPolicy,omitempty" protobuf:"bytes,1,opt,name=selectPolicy"`
	// Policies limit the rate of change; at least one.
	Policies []HPAScalingPolicy `json:"policies,omitempty" protobuf:"bytes,2,rep,name=policies"`
}

// HPAScalingPolicyType is the type of an HPAScalingPolicy.
type HPAScalingPolicyType string

// Scaling policy types.
const (
	// PodsScalingPolicy limits the change to a number of pods.
	PodsScalingPolicy HPAScalingPolicyType = "Pods"
	// PercentScalingPolicy limits the change to a percentage of the current pods.
	PercentScalingPolicy HPAScalingPolicyType = "Percent"
)

// HPAScalingPolicy limits the change over a period.
type HPAScalingPolicy struct {
	// Type is Pods or Percent.
	Type HPAScalingPolicyType `json:"type" protobuf:"bytes,1,opt,name=type,casttype=HPAScalingPolicyType"`
	// Value is the allowed change; greater than zero.
	Value int32 `json:"value" protobuf:"varint,2,opt,name=value"`
	// PeriodSeconds is the window of the policy (1 to 1800).
	PeriodSeconds int32 `json:"periodSeconds" protobuf:"varint,3,opt,name=periodSeconds"`
}

// HorizontalPodAutoscalerStatus is the current state of an autoscaler.
type HorizontalPodAutoscalerStatus struct {
	// ObservedGeneration is the generation observed by the autoscaler.
	ObservedGeneration *int64 `json:"observedGeneration,omitempty" protobuf:"varint,1,opt,name=observedGeneration"`
	// LastScaleTime is when the autoscaler last changed the replicas.
	LastScaleTime *meta.Time `json:"lastScaleTime,omitempty" protobuf:"bytes,2,opt,name=lastScaleTime"`
	// CurrentReplicas is the current number of replicas of the target.
	CurrentReplicas int32 `json:"currentReplicas,omitempty" protobuf:"varint,3,opt,name=currentReplicas"`
	// DesiredReplicas is the number of replicas last computed.
	DesiredReplicas int32 `json:"desiredReplicas" protobuf:"varint,4,opt,name=desiredReplicas"`
	// CurrentMetrics is the last read state of the metrics.
	CurrentMetrics []MetricStatus `json:"currentMetrics" protobuf:"bytes,5,rep,name=currentMetrics"`
	// Conditions say whether the autoscaler can scale and why.
	Conditions []HorizontalPodAutoscalerCondition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,6,rep,name=conditions"`
}

// HorizontalPodAutoscalerConditionType is the type of a condition.
type HorizontalPodAutoscalerConditionType string

// Autoscaler condition types.
const (
	// ScalingActive: the autoscaler can fetch metrics and is not disabled.
	ScalingActive HorizontalPodAutoscalerConditionType = "ScalingActive"
	// AbleToScale: no transient problem (back-off, scale access) prevents scaling.
	AbleToScale HorizontalPodAutoscalerConditionType = "AbleToScale"
	// ScalingLimited: the desired replicas were capped by min or max replicas.
	ScalingLimited HorizontalPodAutoscalerConditionType = "ScalingLimited"
)

// HorizontalPodAutoscalerCondition describes the state of an autoscaler at a point in time.
type HorizontalPodAutoscalerCondition struct {
	Type HorizontalPodAutoscalerConditionType `json:"type" protobuf:"bytes,1,name=type"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status" protobuf:"bytes,2,name=status"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty" protobuf:"bytes,3,opt,name=lastTransitionTime"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty" protobuf:"bytes,4,opt,name=reason"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty" protobuf:"bytes,5,opt,name=message"`
}

// MetricStatus is the last read state of one metric.
type MetricStatus struct {
	Type              MetricSourceType               `json:"type" protobuf:"bytes,1,name=type"`
	Object            *ObjectMetricStatus            `json:"object,omitempty" protobuf:"bytes,2,opt,name=object"`
	Pods              *PodsMetricStatus              `json:"pods,omitempty" protobuf:"bytes,3,opt,name=pods"`
	Resource          *ResourceMetricStatus          `json:"resource,omitempty" protobuf:"bytes,4,opt,name=resource"`
	ContainerResource *ContainerResourceMetricStatus `json:"containerResource,omitempty" protobuf:"bytes,7,opt,name=containerResource"`
	External          *ExternalMetricStatus          `json:"external,omitempty" protobuf:"bytes,5,opt,name=external"`
}

// ObjectMetricStatus is the current value of a metric of one object.
type ObjectMetricStatus struct {
	Metric          MetricIdentifier            `json:"metric" protobuf:"bytes,1,name=metric"`
	Current         MetricValueStatus           `json:"current" protobuf:"bytes,2,name=current"`
	DescribedObject CrossVersionObjectReference `json:"describedObject" protobuf:"bytes,3,name=describedObject"`
}

// PodsMetricStatus is the current value of a per-pod metric.
type PodsMetricStatus struct {
	Metric  MetricIdentifier  `json:"metric" protobuf:"bytes,1,name=metric"`
	Current MetricValueStatus `json:"current" protobuf:"bytes,2,name=current"`
}

// ResourceMetricStatus is the current value of a resource of the target's pods.
type ResourceMetricStatus struct {
	Name    corev1.ResourceName `json:"name" protobuf:"bytes,1,name=name"`
	Current MetricValueStatus   `json:"current" protobuf:"bytes,2,name=current"`
}

// ContainerResourceMetricStatus is the current value of a resource of one container of the pods.
type ContainerResourceMetricStatus struct {
	Name      corev1.ResourceName `json:"name" protobuf:"bytes,1,name=name"`
	Current   MetricValueStatus   `json:"current" protobuf:"bytes,2,name=current"`
	Container string              `json:"container" protobuf:"bytes,3,opt,name=container"`
}

// ExternalMetricStatus is the current value of an external metric.
type ExternalMetricStatus struct {
	Metric  MetricIdentifier  `json:"metric" protobuf:"bytes,1,name=metric"`
	Current MetricValueStatus `json:"current" protobuf:"bytes,2,name=current"`
}

// MetricValueStatus is the current value of a metric.
type MetricValueStatus struct {
	Value              *resource.Quantity `json:"value,omitempty" protobuf:"bytes,1,opt,name=value"`
	AverageValue       *resource.Quantity `json:"averageValue,omitempty" protobuf:"bytes,2,opt,name=averageValue"`
	AverageUtilization *int32             `json:"averageUtilization,omitempty" protobuf:"bytes,3,opt,name=averageUtilization"`
}
