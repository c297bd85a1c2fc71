package v2

import (
	"fmt"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// hpaColumns are kubectl's: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
var hpaColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"},
	{Name: "Reference", Type: "string", Description: "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count."},
	{Name: "Targets", Type: "string", Description: "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used)."},
	{Name: "MinPods", Type: "string", Description: "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod."},
	{Name: "MaxPods", Type: "string", Description: "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas."},
	{Name: "Replicas", Type: "string", Description: "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler."},
	{Name: "Age", Type: "string", Description: "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC."},
}

func hpaCells(o *HorizontalPodAutoscaler, now time.Time) []any {
	minPods := "<unset>"
	if o.Spec.MinReplicas != nil {
		minPods = fmt.Sprintf("%d", *o.Spec.MinReplicas)
	}
	return []any{
		o.Name,
		o.Spec.ScaleTargetRef.Kind + "/" + o.Spec.ScaleTargetRef.Name,
		FormatMetrics(o.Spec.Metrics, o.Status.CurrentMetrics),
		minPods,
		int64(o.Spec.MaxReplicas),
		int64(o.Status.CurrentReplicas),
		registry.Age(o.CreationTimestamp, now),
	}
}

// FormatMetrics renders the TARGETS column as kubectl does: "current/target"
// per metric ("cpu: 45%/80%", "<unknown>/500m", "10/5 (avg)"), the first
// two joined with ", " and "+ N more..." after them; "<none>" without metrics.
func FormatMetrics(specs []MetricSpec, statuses []MetricStatus) string {
	if len(specs) == 0 {
		return "<none>"
	}
	const max = 2
	var list []string
	for i, spec := range specs {
		var st *MetricStatus
		if i < len(statuses) {
			st = &statuses[i]
		}
		list = append(list, formatMetric(&spec, st))
	}
	count := len(list)
	if count > max {
		return strings.Join(list[:max], ", ") + fmt.Sprintf(" + %d more...", count-max)
	}
	return strings.Join(list, ", ")
}

func formatMetric(spec *MetricSpec, st *MetricStatus) string {
	const unknown = "<unknown>"
	switch spec.Type {
	case ExternalMetricSourceType:
		if spec.External == nil {
			break
		}
		t := spec.External.Target
		if t.AverageValue != nil {
			current := unknown
			if st != nil && st.External != nil && st.External.Current.AverageValue != nil {
				current = st.External.Current.AverageValue.String()
			}
			return fmt.Sprintf("%s/%s (avg)", current, t.AverageValue.String())
		}
		current := unknown
		if st != nil && st.External != nil {
			current = quantityString(st.External.Current.Value)
		}
		return fmt.Sprintf("%s/%s", current, quantityString(t.Value))
	case PodsMetricSourceType:
		if spec.Pods == nil {
			break
		}
		current := unknown
		if st != nil && st.Pods != nil {
			current = quantityString(st.Pods.Current.AverageValue)
		}
		return fmt.Sprintf("%s/%s", current, quantityString(spec.Pods.Target.AverageValue))
	case ObjectMetricSourceType:
		if spec.Object == nil {
			break
		}
		t := spec.Object.Target
		if t.AverageValue != nil {
			current := unknown
			if st != nil && st.Object != nil && st.Object.Current.AverageValue != nil {
				current = st.Object.Current.AverageValue.String()
			}
			return fmt.Sprintf("%s/%s (avg)", current, t.AverageValue.String())
		}
		current := unknown
		if st != nil && st.Object != nil {
			current = quantityString(st.Object.Current.Value)
		}
		return fmt.Sprintf("%s/%s", current, quantityString(t.Value))
	case ResourceMetricSourceType:
		if spec.Resource == nil {
			break
		}
		var cur *MetricValueStatus
		if st != nil && st.Resource != nil {
			cur = &st.Resource.Current
		}
		return string(spec.Resource.Name) + ": " + formatResourceTarget(spec.Resource.Target, cur)
	case ContainerResourceMetricSourceType:
		if spec.ContainerResource == nil {
			break
		}
		var cur *MetricValueStatus
		if st != nil && st.ContainerResource != nil {
			cur = &st.ContainerResource.Current
		}
		return string(spec.ContainerResource.Name) + ": " + formatResourceTarget(spec.ContainerResource.Target, cur)
	}
	return "<unknown type>"
}

// formatResourceTarget renders "current/target" of a (container) resource
// metric: quantities for an averageValue target, percentages otherwise.
func formatResourceTarget(t MetricTarget, cur *MetricValueStatus) string {
	const unknown = "<unknown>"
	if t.AverageValue != nil {
		current := unknown
		if cur != nil {
			current = quantityString(cur.AverageValue)
		}
		return current + "/" + t.AverageValue.String()
	}
	current := unknown
	if cur != nil && cur.AverageUtilization != nil {
		current = fmt.Sprintf("%d%%", *cur.AverageUtilization)
	}
	target := "<auto>"
	if t.AverageUtilization != nil {
		target = fmt.Sprintf("%d%%", *t.AverageUtilization)
	}
	return current + "/" + target
}

// quantityString renders a quantity; a missing one renders as "<nil>", as
// kubectl's printer does.
func quantityString(q *resource.Quantity) string {
	if q == nil {
		return "<nil>"
	}
	return q.String()
}
