package v2

import (
	"testing"
	"time"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/api/validation"
	"github.com/google/go-cmp/cmp"
)

// From the Kubernetes HorizontalPodAutoscaler walkthrough, with a status as
// the controller writes it.
const phpApacheHPAYAML = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
status:
  observedGeneration: 1
  lastScaleTime: "2026-11-01T11:50:00Z"
  currentReplicas: 1
  desiredReplicas: 1
  currentMetrics:
  - type: Resource
    resource:
      name: cpu
      current:
        averageUtilization: 0
        averageValue: "0"
  conditions:
  - type: AbleToScale
    status: "True"
    lastTransitionTime: "2026-11-01T11:50:00Z"
    reason: ScaleDownStabilized
    message: recent recommendations were higher than current one, applying the highest recent recommendation
`

const minimalHPAYAML = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  behavior:
    scaleDown:
      selectPolicy: Disabled
`

func TestHPADecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "HorizontalPodAutoscaler")
	h := decodeManifest(t, r, phpApacheHPAYAML).(*HorizontalPodAutoscaler)
	k.Default(h)
	if h.Spec.Behavior != nil {
		t.Errorf("behavior defaulted without being set: %+v", h.Spec.Behavior)
	}
	if errs := k.Validate(h); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}

	m := decodeManifest(t, r, minimalHPAYAML).(*HorizontalPodAutoscaler)
	k.Default(m)
	want := `{
	  "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
	  "minReplicas": 1,
	  "maxReplicas": 5,
	  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}],
	  "behavior": {
	    "scaleUp": {
	      "stabilizationWindowSeconds": 0,
	      "selectPolicy": "Max",
	      "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}, {"type": "Percent", "value": 100, "periodSeconds": 15}]
	    },
	    "scaleDown": {
	      "selectPolicy": "Disabled",
	      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]
	    }
	  }
	}`
	if diff := cmp.Diff(parseJSON(t, want), toJSONValue(t, &m.Spec)); diff != "" {
		t.Errorf("defaulted spec (-want +got):\n%s", diff)
	}
	if errs := k.Validate(m); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
	// Defaults never share state between objects.
	m2 := decodeManifest(t, r, minimalHPAYAML).(*HorizontalPodAutoscaler)
	k.Default(m2)
	m.Spec.Behavior.ScaleUp.Policies[0].Value = 99
	if m2.Spec.Behavior.ScaleUp.Policies[0].Value != 4 {
		t.Error("default scale-up policies are shared between objects")
	}
}

func TestValidateHPA(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "HorizontalPodAutoscaler")
	base := decodeManifest(t, r, phpApacheHPAYAML).(*HorizontalPodAutoscaler)
	k.Default(base)
	q := func(s string) *resource.Quantity { v := resource.MustParse(s); return &v }
	i32 := func(v int32) *int32 { return &v }
	tests := []struct {
		name   string
		mutate func(h *HorizontalPodAutoscaler)
		want   []string
	}{
		{name: "valid", mutate: func(*HorizontalPodAutoscaler) {}},
		{name: "replica bounds", mutate: func(h *HorizontalPodAutoscaler) { h.Spec.MinReplicas = i32(0); h.Spec.MaxReplicas = -1 },
			want: []string{
				"spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
				"spec.maxReplicas: Invalid value: -1: must be greater than 0",
				"spec.maxReplicas: Invalid value: -1: must be greater than or equal to `minReplicas`",
				"spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
			}},
		{name: "max below min", mutate: func(h *HorizontalPodAutoscaler) { h.Spec.MinReplicas = i32(5); h.Spec.MaxReplicas = 3 },
			want: []string{"spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`"}},
		{name: "scaleTargetRef", mutate: func(h *HorizontalPodAutoscaler) { h.Spec.ScaleTargetRef = CrossVersionObjectReference{Name: "a/b"} },
			want: []string{
				"spec.scaleTargetRef.kind: Required value",
				`spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/'`,
			}},
		{name: "utilization must be positive", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Resource.Target.AverageUtilization = i32(0)
		}, want: []string{"spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"}},
		{name: "source does not match type", mutate: func(h *HorizontalPodAutoscaler) { h.Spec.Metrics[0].Type = PodsMetricSourceType },
			want: []string{
				"spec.metrics[0].pods: Required value: must populate information for the given metric source",
			}},
		// Kubernetes reports an unknown type twice (the aggregate error shows it once).
		{name: "unknown type", mutate: func(h *HorizontalPodAutoscaler) { h.Spec.Metrics[0].Type = "Custom" },
			want: []string{
				`spec.metrics[0].type: Unsupported value: "Custom": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`,
				`spec.metrics[0].type: Unsupported value: "Custom": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`,
			}},
		{name: "two sources", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Pods = &PodsMetricSource{Metric: MetricIdentifier{Name: "qps"}, Target: MetricTarget{Type: AverageValueMetricType, AverageValue: q("10")}}
		}, want: []string{"spec.metrics[0].pods: Forbidden: must populate the given metric source only"}},
		{name: "resource target", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics[0].Resource = &ResourceMetricSource{Target: MetricTarget{Type: "Ratio", AverageUtilization: i32(50), AverageValue: q("-1")}}
		}, want: []string{
			"spec.metrics[0].resource.name: Required value: must specify a resource name",
			`spec.metrics[0].resource.target.type: Invalid value: "Ratio": must be either Utilization, Value, or AverageValue`,
			`spec.metrics[0].resource.target.averageValue: Invalid value: -1: must be positive`,
			"spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization",
		}},
		{name: "pods source", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics = []MetricSpec{{Type: PodsMetricSourceType, Pods: &PodsMetricSource{Target: MetricTarget{Type: AverageValueMetricType}}}}
		}, want: []string{
			"spec.metrics[0].pods.metric.name: Required value: must specify a metric name",
			"spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue",
		}},
		{name: "object and external sources", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics = []MetricSpec{
				{Type: ObjectMetricSourceType, Object: &ObjectMetricSource{
					DescribedObject: CrossVersionObjectReference{Kind: "Ingress", Name: "main"},
					Metric:          MetricIdentifier{Name: "requests-per-second"},
					Target:          MetricTarget{Type: ValueMetricType},
				}},
				{Type: ExternalMetricSourceType, External: &ExternalMetricSource{
					Metric: MetricIdentifier{Name: "queue_messages_ready"},
					Target: MetricTarget{Type: AverageValueMetricType, Value: q("30"), AverageValue: q("30")},
				}},
			}
		}, want: []string{
			"spec.metrics[0].object.target.averageValue: Required value: must set either a target value or averageValue",
			"spec.metrics[1].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target",
		}},
		{name: "container resource", mutate: func(h *HorizontalPodAutoscaler) {
			h.Spec.Metrics = []MetricSpec{{Type: ContainerResourceMetricSourceType, ContainerResource: &ContainerResourceMetricSource{
				Name: "pods", Container: "App", Target: MetricTarget{Type: UtilizationMetricType},
			}}}
		}, want: []string{
			`spec.metrics[0].containerResource.name: Invalid value: "pods": must be a standard resource for containers`,
			`spec.metrics[0].containerResource.container: Invalid value: "App": ` + dns1123LabelMsg(t, "App"),
			"spec.metrics[0].containerResource.target.averageUtilization: Required value: must set either a target raw value or a target utilization",
		}},
		{name: "behavior", mutate: func(h *HorizontalPodAutoscaler) {
			sel := ScalingPolicySelect("Avg")
			h.Spec.Behavior = &HorizontalPodAutoscalerBehavior{
				ScaleUp: &HPAScalingRules{StabilizationWindowSeconds: i32(3601), SelectPolicy: &sel},
				ScaleDown: &HPAScalingRules{StabilizationWindowSeconds: i32(-1), Policies: []HPAScalingPolicy{
					{Type: "Nodes", Value: 0, PeriodSeconds: 1801},
				}},
			}
		}, want: []string{
			"spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600",
			`spec.behavior.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"`,
			"spec.behavior.scaleUp.policies: Required value: must specify at least one Policy",
			"spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero",
			`spec.behavior.scaleDown.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"`,
			"spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero",
			"spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := base.DeepCopy()
			tc.mutate(h)
			if diff := cmp.Diff(tc.want, messages(ValidateHorizontalPodAutoscaler(h))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestHPAUpdateAndStatus(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "HorizontalPodAutoscaler")
	if k.Resource() != "horizontalpodautoscalers" || !k.HasStatus() || k.HasScale() || k.APIVersion() != "autoscaling/v2" {
		t.Errorf("kind: resource %q, status %v, scale %v, apiVersion %q", k.Resource(), k.HasStatus(), k.HasScale(), k.APIVersion())
	}
	if diff := cmp.Diff([]string{"hpa"}, k.ShortNames()); diff != "" {
		t.Errorf("short names (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"all"}, k.Categories()); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	old := decodeManifest(t, r, phpApacheHPAYAML).(*HorizontalPodAutoscaler)
	k.Default(old)
	k.PrepareForCreate(old)
	if old.Status.DesiredReplicas != 0 || old.Generation != 1 {
		t.Errorf("after create: status %+v, generation %d", old.Status, old.Generation)
	}
	old.Status.CurrentReplicas = 2

	upd := old.DeepCopy()
	upd.Spec.MaxReplicas = 20
	upd.Status = HorizontalPodAutoscalerStatus{}
	k.PrepareForUpdate(upd, old)
	if upd.Generation != 2 || upd.Status.CurrentReplicas != 2 {
		t.Errorf("update: generation %d, currentReplicas %d", upd.Generation, upd.Status.CurrentReplicas)
	}

	zero := old.DeepCopy()
	zero.Spec.MinReplicas = new(int32)
	zero.Spec.Metrics = []MetricSpec{{Type: ExternalMetricSourceType, External: &ExternalMetricSource{
		Metric: MetricIdentifier{Name: "queue"}, Target: MetricTarget{Type: AverageValueMetricType, AverageValue: ptrQuantity("5")},
	}}}
	want := []string{"spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"}
	if diff := cmp.Diff(want, messages(ValidateHorizontalPodAutoscalerUpdate(zero, old))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// An autoscaler that already scales to zero stays updatable.
	keep := zero.DeepCopy()
	keep.Status.DesiredReplicas = -1
	want = []string{"status.desiredReplicas: Invalid value: -1: must be greater than or equal to 0"}
	if diff := cmp.Diff(want, messages(ValidateHorizontalPodAutoscalerUpdate(keep, zero))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestHPATable(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "HorizontalPodAutoscaler")
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	h := decodeManifest(t, r, phpApacheHPAYAML).(*HorizontalPodAutoscaler)
	h.CreationTimestamp = meta.NewTime(now.Add(-5 * time.Minute))

	var names []string
	for _, c := range k.Columns() {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	want := []any{"php-apache", "Deployment/php-apache", "cpu: 0%/50%", "1", int64(10), int64(1), "5m"}
	if diff := cmp.Diff(want, k.Cells(h, now)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	h.Spec.MinReplicas = nil
	h.Status = HorizontalPodAutoscalerStatus{}
	want = []any{"php-apache", "Deployment/php-apache", "cpu: <unknown>/50%", "<unset>", int64(10), int64(0), "5m"}
	if diff := cmp.Diff(want, k.Cells(h, now)); diff != "" {
		t.Errorf("no status (-want +got):\n%s", diff)
	}
}

func TestFormatMetrics(t *testing.T) {
	i32 := func(v int32) *int32 { return &v }
	tests := []struct {
		name     string
		specs    []MetricSpec
		statuses []MetricStatus
		want     string
	}{
		{name: "none", want: "<none>"},
		{
			name: "resource average value and memory utilization",
			specs: []MetricSpec{
				{Type: ResourceMetricSourceType, Resource: &ResourceMetricSource{Name: "cpu", Target: MetricTarget{Type: AverageValueMetricType, AverageValue: ptrQuantity("500m")}}},
				{Type: ResourceMetricSourceType, Resource: &ResourceMetricSource{Name: "memory", Target: MetricTarget{Type: UtilizationMetricType, AverageUtilization: i32(70)}}},
			},
			statuses: []MetricStatus{
				{Type: ResourceMetricSourceType, Resource: &ResourceMetricStatus{Name: "cpu", Current: MetricValueStatus{AverageValue: ptrQuantity("250m")}}},
				{Type: ResourceMetricSourceType, Resource: &ResourceMetricStatus{Name: "memory", Current: MetricValueStatus{AverageUtilization: i32(35)}}},
			},
			want: "cpu: 250m/500m, memory: 35%/70%",
		},
		{
			name: "more than two",
			specs: []MetricSpec{
				{Type: PodsMetricSourceType, Pods: &PodsMetricSource{Metric: MetricIdentifier{Name: "qps"}, Target: MetricTarget{Type: AverageValueMetricType, AverageValue: ptrQuantity("1k")}}},
				{Type: ObjectMetricSourceType, Object: &ObjectMetricSource{Metric: MetricIdentifier{Name: "rps"}, Target: MetricTarget{Type: ValueMetricType, Value: ptrQuantity("10k")}}},
				{Type: ExternalMetricSourceType, External: &ExternalMetricSource{Metric: MetricIdentifier{Name: "queue"}, Target: MetricTarget{Type: AverageValueMetricType, AverageValue: ptrQuantity("30")}}},
				{Type: ContainerResourceMetricSourceType, ContainerResource: &ContainerResourceMetricSource{Name: "cpu", Container: "app", Target: MetricTarget{Type: UtilizationMetricType, AverageUtilization: i32(60)}}},
			},
			want: "<unknown>/1k, <unknown>/10k + 2 more...",
		},
		{
			name: "external average and container resource",
			specs: []MetricSpec{
				{Type: ExternalMetricSourceType, External: &ExternalMetricSource{Metric: MetricIdentifier{Name: "queue"}, Target: MetricTarget{Type: AverageValueMetricType, AverageValue: ptrQuantity("30")}}},
				{Type: ContainerResourceMetricSourceType, ContainerResource: &ContainerResourceMetricSource{Name: "cpu", Container: "app", Target: MetricTarget{Type: UtilizationMetricType}}},
			},
			statuses: []MetricStatus{
				{Type: ExternalMetricSourceType, External: &ExternalMetricStatus{Current: MetricValueStatus{AverageValue: ptrQuantity("12")}}},
			},
			want: "12/30 (avg), cpu: <unknown>/<auto>",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatMetrics(tc.specs, tc.statuses); got != tc.want {
				t.Errorf("FormatMetrics = %q, want %q", got, tc.want)
			}
		})
	}
}

func ptrQuantity(s string) *resource.Quantity {
	q := resource.MustParse(s)
	return &q
}

func dns1123LabelMsg(t *testing.T, s string) string {
	t.Helper()
	msgs := validation.IsDNS1123Label(s)
	if len(msgs) != 1 {
		t.Fatalf("IsDNS1123Label(%q) = %v", s, msgs)
	}
	return msgs[0]
}
