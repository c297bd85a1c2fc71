package v1

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

func svcList(kv ...string) ResourceList {
	out := ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		out[ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func TestQuotaDecode(t *testing.T) {
	t.Run("limitrange", func(t *testing.T) {
		var lr LimitRange
		svcDecodeStrict(t, `
apiVersion: v1
kind: LimitRange
metadata: {name: cpu-resource-constraint}
spec:
  limits:
  - type: Container
    default: {cpu: 500m}
    defaultRequest: {cpu: 500m}
    max: {cpu: "1"}
    min: {cpu: 100m}
    maxLimitRequestRatio: {cpu: "2"}
  - type: PersistentVolumeClaim
    max: {storage: 2Gi}
    min: {storage: 1Gi}
`, &lr)
	})
	t.Run("resourcequota", func(t *testing.T) {
		// Quantities re-encode in canonical form ("1000" → "1k", as in
		// Kubernetes), so the manifest uses canonical values.
		var q ResourceQuota
		svcDecodeStrict(t, `
apiVersion: v1
kind: ResourceQuota
metadata: {name: pods-high}
spec:
  hard:
    cpu: 1k
    memory: 200Gi
    pods: "10"
  scopeSelector:
    matchExpressions:
    - operator: In
      scopeName: PriorityClass
      values: ["high"]
status:
  hard: {cpu: 1k, memory: 200Gi, pods: "10"}
  used: {cpu: "0", memory: "0", pods: "0"}
`, &q)
	})
}

func TestLimitRangeDefaults(t *testing.T) {
	lr := &LimitRange{Spec: LimitRangeSpec{Limits: []LimitRangeItem{
		{Type: LimitTypeContainer, Max: svcList("cpu", "2", "memory", "1Gi"), Default: svcList("cpu", "1"), Min: svcList("memory", "64Mi", "ephemeral-storage", "1Gi")},
		{Type: LimitTypePod, Max: svcList("cpu", "4")},
	}}}
	SetObjectDefaults_LimitRange(lr)
	want := []LimitRangeItem{
		{Type: LimitTypeContainer,
			Max:            svcList("cpu", "2", "memory", "1Gi"),
			Min:            svcList("memory", "64Mi", "ephemeral-storage", "1Gi"),
			Default:        svcList("cpu", "1", "memory", "1Gi"),
			DefaultRequest: svcList("cpu", "1", "memory", "1Gi", "ephemeral-storage", "1Gi")},
		{Type: LimitTypePod, Max: svcList("cpu", "4")},
	}
	if diff := cmp.Diff(want, lr.Spec.Limits, cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 })); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestValidateLimitRange(t *testing.T) {
	tests := []struct {
		name   string
		limits []LimitRangeItem
		want   []string
	}{
		{"valid", []LimitRangeItem{
			{Type: LimitTypeContainer, Min: svcList("cpu", "100m"), DefaultRequest: svcList("cpu", "200m"), Default: svcList("cpu", "500m"), Max: svcList("cpu", "1"), MaxLimitRequestRatio: svcList("cpu", "4")},
			{Type: LimitTypePod, Max: svcList("memory", "2Gi")},
			{Type: LimitTypePersistentVolumeClaim, Min: svcList("storage", "1Gi")},
			{Type: "example.com/widget", Max: svcList("example.com/gpu", "2")},
		}, nil},
		{"min above max", []LimitRangeItem{{Type: LimitTypeContainer, Min: svcList("cpu", "2"), Max: svcList("cpu", "1")}}, []string{
			`spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1`,
		}},
		{"defaults ordering", []LimitRangeItem{{Type: LimitTypeContainer, Min: svcList("cpu", "300m"), DefaultRequest: svcList("cpu", "200m"), Default: svcList("cpu", "100m"), Max: svcList("cpu", "50m")}}, []string{
			`spec.limits[0].min[cpu]: Invalid value: "300m": min value 300m is greater than max value 50m`,
			`spec.limits[0].defaultRequest[cpu]: Invalid value: "200m": min value 300m is greater than default request value 200m`,
			`spec.limits[0].defaultRequest[cpu]: Invalid value: "200m": default request value 200m is greater than max value 50m`,
			`spec.limits[0].defaultRequest[cpu]: Invalid value: "200m": default request value 200m is greater than default limit value 100m`,
			`spec.limits[0].default[cpu]: Invalid value: "300m": min value 300m is greater than default value 100m`,
			`spec.limits[0].default[cpu]: Invalid value: "50m": default value 100m is greater than max value 50m`,
		}},
		{"ratio", []LimitRangeItem{{Type: LimitTypeContainer, Min: svcList("memory", "1Gi"), Max: svcList("memory", "2Gi"), MaxLimitRequestRatio: svcList("memory", "3")}}, []string{
			`spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000`,
		}},
		{"ratio below 1", []LimitRangeItem{{Type: LimitTypeContainer, MaxLimitRequestRatio: svcList("cpu", "500m")}}, []string{
			`spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1`,
		}},
		{"pod takes no defaults", []LimitRangeItem{{Type: LimitTypePod, Default: svcList("cpu", "1"), DefaultRequest: svcList("cpu", "1")}}, []string{
			"spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
			"spec.limits[0].defaultRequest: Forbidden: may not be specified when `type` is 'Pod'",
		}},
		{"pvc needs storage bounds", []LimitRangeItem{{Type: LimitTypePersistentVolumeClaim}}, []string{
			"spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
		}},
		{"types", []LimitRangeItem{{Type: "Node"}, {Type: LimitTypeContainer}, {Type: LimitTypeContainer}}, []string{
			`spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified`,
			`spec.limits[2].type: Duplicate value: "Container"`,
		}},
		{"container resource names", []LimitRangeItem{{Type: LimitTypeContainer, Max: svcList("pods", "1", "gpu", "1")}}, []string{
			`spec.limits[0].max[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
			`spec.limits[0].max[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
			`spec.limits[0].max[pods]: Invalid value: "pods": must be a standard resource for containers`,
		}},
		{"no overcommit for extended resources", []LimitRangeItem{{Type: LimitTypeContainer, Default: svcList("example.com/gpu", "2"), DefaultRequest: svcList("example.com/gpu", "1")}}, []string{
			`spec.limits[0].defaultRequest[example.com/gpu]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in example.com/gpu`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := &LimitRange{Spec: LimitRangeSpec{Limits: tt.limits}}
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateLimitRange(lr))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateResourceQuota(t *testing.T) {
	tests := []struct {
		name string
		q    ResourceQuota
		want []string
	}{
		{"valid", ResourceQuota{Spec: ResourceQuotaSpec{Hard: svcList("pods", "10", "requests.cpu", "4", "limits.memory", "8Gi", "requests.example.com/gpu", "2", "count/deployments.apps", "5"),
			Scopes: []ResourceQuotaScope{ResourceQuotaScopeNotTerminating}[:0]}}, nil},
		{"resource names", ResourceQuota{Spec: ResourceQuotaSpec{Hard: svcList("gpu", "1", "storage", "1Gi")}}, []string{
			`spec.hard[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
			`spec.hard[gpu]: Invalid value: "gpu": must be a standard resource for quota`,
			`spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota`,
		}},
		{"quantities", ResourceQuota{Spec: ResourceQuotaSpec{Hard: svcList("pods", "1500m", "cpu", "-1")}}, []string{
			`spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
			`spec.hard[pods]: Invalid value: "1500m": must be an integer`,
		}},
		{"status", ResourceQuota{Status: ResourceQuotaStatus{Used: svcList("services", "-2")}}, []string{
			`status.used[services]: Invalid value: "-2": must be greater than or equal to 0`,
		}},
		{"scopes", ResourceQuota{Spec: ResourceQuotaSpec{Hard: svcList("pods", "1", "services", "2"),
			Scopes: []ResourceQuotaScope{ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort}}}, []string{
			`spec.scopes: Invalid value: []v1.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: unsupported scope applied to resource`,
			`spec.scopes: Invalid value: []v1.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: unsupported scope applied to resource`,
			`spec.scopes: Invalid value: []v1.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: conflicting scopes`,
		}},
		{"scope selector", ResourceQuota{Spec: ResourceQuotaSpec{Hard: svcList("pods", "1"), ScopeSelector: &ScopeSelector{MatchExpressions: []ScopedResourceSelectorRequirement{
			{ScopeName: ResourceQuotaScopeTerminating, Operator: ScopeSelectorOpIn, Values: []string{"x"}},
			{ScopeName: ResourceQuotaScopePriorityClass, Operator: ScopeSelectorOpIn},
			{ScopeName: "Weekend", Operator: "Matches"},
		}}}}, []string{
			`spec.scopeSelector.matchExpressions[0].operator: Invalid value: "In": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity`,
			"spec.scopeSelector.matchExpressions[1].values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
			`spec.scopeSelector.matchExpressions[2].scopeName: Invalid value: "Weekend": unsupported scope`,
			`spec.scopeSelector.matchExpressions[2].operator: Invalid value: "Matches": not a valid selector operator`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, svcErrStrings(ValidateResourceQuota(&tt.q))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResourceQuotaStrategy(t *testing.T) {
	k := svcKind(t, "ResourceQuota")
	if !k.HasStatus() || !cmp.Equal(k.ShortNames(), []string{"quota"}) {
		t.Errorf("kind: status %v short %v", k.HasStatus(), k.ShortNames())
	}
	q := &ResourceQuota{ObjectMeta: meta.ObjectMeta{Name: "q", Namespace: "default"},
		Spec:   ResourceQuotaSpec{Hard: svcList("pods", "10"), Scopes: []ResourceQuotaScope{ResourceQuotaScopeNotTerminating}},
		Status: ResourceQuotaStatus{Used: svcList("pods", "3")}}
	k.Default(q)
	k.PrepareForCreate(q)
	if q.Status.Used != nil {
		t.Errorf("status not reset on create: %+v", q.Status)
	}
	old := q.DeepCopy()
	old.Status = ResourceQuotaStatus{Hard: svcList("pods", "10"), Used: svcList("pods", "3")}
	upd := old.DeepCopy()
	upd.Spec.Scopes = nil
	upd.Status = ResourceQuotaStatus{}
	k.PrepareForUpdate(upd, old)
	if len(upd.Status.Used) != 1 {
		t.Errorf("status not kept on update: %+v", upd.Status)
	}
	want := []string{"spec.scopes: Invalid value: []v1.ResourceQuotaScope(nil): field is immutable"}
	if diff := cmp.Diff(want, svcErrStrings(k.ValidateUpdate(upd, old))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestQuotaCells(t *testing.T) {
	om := svcCreated(10 * 24 * time.Hour)
	om.Name = "compute"
	q := &ResourceQuota{ObjectMeta: om, Status: ResourceQuotaStatus{
		Hard: svcList("pods", "10", "requests.cpu", "4", "limits.cpu", "8", "limits.memory", "16Gi", "requests.memory", "8Gi"),
		Used: svcList("pods", "1", "requests.cpu", "500m", "limits.memory", "1Gi"),
	}}
	want := []any{"compute", "10d", "pods: 1/10, requests.cpu: 500m/4, requests.memory: 0/8Gi", "limits.cpu: 0/8, limits.memory: 1Gi/16Gi"}
	if diff := cmp.Diff(want, svcKind(t, "ResourceQuota").Cells(q, svcNow)); diff != "" {
		t.Errorf("quota cells (-want +got):\n%s", diff)
	}

	k := svcKind(t, "LimitRange")
	lr := &LimitRange{ObjectMeta: om}
	if diff := cmp.Diff([]any{"compute", om.CreationTimestamp}, k.Cells(lr, svcNow)); diff != "" {
		t.Errorf("limitrange cells (-want +got):\n%s", diff)
	}
	if c := k.Columns()[1]; c.Name != "Created At" || c.Type != "date" || !cmp.Equal(k.ShortNames(), []string{"limits"}) {
		t.Errorf("limitrange column %+v short %v", c, k.ShortNames())
	}
}
