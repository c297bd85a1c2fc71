package v1

import (
	"testing"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/validation"
	"github.com/google/go-cmp/cmp"
)

// defaulted decodes a manifest and applies the kind's defaults.
func defaulted[T meta.Object](t *testing.T, r *registry.Registry, kind, manifest string) T {
	t.Helper()
	obj := decodeManifest(t, r, manifest)
	kindOf(t, r, kind).Default(obj)
	return obj.(T)
}

func TestValidateDeployment(t *testing.T) {
	r := newRegistry(t)
	percentMsg := validation.IsValidPercent("abc")[0]
	tests := []struct {
		name   string
		mutate func(d *Deployment)
		want   []string
	}{
		{name: "valid", mutate: func(*Deployment) {}},
		{
			name:   "pod template errors carry the template path",
			mutate: func(d *Deployment) { d.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{"spec.template.spec.containers[0].image: Required value"},
		},
		{
			name:   "selector required",
			mutate: func(d *Deployment) { d.Spec.Selector = nil },
			want: []string{
				"spec.selector: Required value",
				`spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: ` + "`selector` does not match template `labels`",
			},
		},
		{
			name:   "empty selector",
			mutate: func(d *Deployment) { d.Spec.Selector = &meta.LabelSelector{} },
			want:   []string{"spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"},
		},
		{
			name:   "selector does not match template",
			mutate: func(d *Deployment) { d.Spec.Selector.MatchLabels["app"] = "apache" },
			want:   []string{`spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: ` + "`selector` does not match template `labels`"},
		},
		{
			name: "invalid selector",
			mutate: func(d *Deployment) {
				d.Spec.Selector.MatchExpressions = []meta.LabelSelectorRequirement{{Key: "tier", Operator: "Near"}}
			},
			want: []string{
				// (sdk/api/validation prints the operator unquoted.)
				`spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`,
				`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"app":"nginx"}, MatchExpressions:[]meta.LabelSelectorRequirement{meta.LabelSelectorRequirement{Key:"tier", Operator:"Near", Values:[]string(nil)}}}: invalid label selector`,
			},
		},
		{
			name:   "restartPolicy must be Always",
			mutate: func(d *Deployment) { d.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`},
		},
		{
			name:   "activeDeadlineSeconds forbidden",
			mutate: func(d *Deployment) { v := int64(30); d.Spec.Template.Spec.ActiveDeadlineSeconds = &v },
			want:   []string{"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"},
		},
		{
			name: "maxSurge and maxUnavailable both 0",
			mutate: func(d *Deployment) {
				d.Spec.Strategy.RollingUpdate = &RollingUpdateDeployment{MaxSurge: intOrStr("0"), MaxUnavailable: intOrStr("0%")}
			},
			want: []string{`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when ` + "`maxSurge` is 0"},
		},
		{
			name:   "maxUnavailable over 100%",
			mutate: func(d *Deployment) { d.Spec.Strategy.RollingUpdate.MaxUnavailable = intOrStr("101%") },
			want:   []string{`spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 101%: must not be greater than 100%`},
		},
		{
			name:   "maxSurge over 100% is allowed",
			mutate: func(d *Deployment) { d.Spec.Strategy.RollingUpdate.MaxSurge = intOrStr("200%") },
		},
		{
			name:   "maxSurge not a percentage",
			mutate: func(d *Deployment) { d.Spec.Strategy.RollingUpdate.MaxSurge = intOrStr("abc") },
			want:   []string{`spec.strategy.rollingUpdate.maxSurge: Invalid value: abc: ` + percentMsg},
		},
		{
			name:   "negative maxSurge",
			mutate: func(d *Deployment) { d.Spec.Strategy.RollingUpdate.MaxSurge = intOrStr("-1") },
			want:   []string{"spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"},
		},
		{
			name:   "Recreate with rollingUpdate",
			mutate: func(d *Deployment) { d.Spec.Strategy.Type = RecreateDeploymentStrategyType },
			want:   []string{"spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"},
		},
		{
			name:   "unknown strategy",
			mutate: func(d *Deployment) { d.Spec.Strategy.Type = "BlueGreen" },
			want:   []string{`spec.strategy: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"`},
		},
		{
			name:   "RollingUpdate without parameters",
			mutate: func(d *Deployment) { d.Spec.Strategy.RollingUpdate = nil },
			want:   []string{"spec.strategy.rollingUpdate: Required value: this should be defaulted and never be nil"},
		},
		{
			name:   "progressDeadlineSeconds not above minReadySeconds",
			mutate: func(d *Deployment) { d.Spec.MinReadySeconds = 10; d.Spec.ProgressDeadlineSeconds = ptrInt32(10) },
			want:   []string{"spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"},
		},
		{
			name: "negative counts",
			mutate: func(d *Deployment) {
				d.Spec.Replicas = ptrInt32(-1)
				d.Spec.RevisionHistoryLimit = ptrInt32(-1)
				d.Spec.ProgressDeadlineSeconds = ptrInt32(-5)
				d.Spec.MinReadySeconds = -6
			},
			want: []string{
				"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
				"spec.minReadySeconds: Invalid value: -6: must be greater than or equal to 0",
				"spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
				"spec.progressDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := defaulted[*Deployment](t, r, "Deployment", nginxDeploymentYAML)
			tc.mutate(d)
			if diff := cmp.Diff(tc.want, messages(ValidateDeployment(d))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateReplicaSet(t *testing.T) {
	r := newRegistry(t)
	tests := []struct {
		name   string
		mutate func(rs *ReplicaSet)
		want   []string
	}{
		{name: "valid", mutate: func(*ReplicaSet) {}},
		{
			name:   "selector required",
			mutate: func(rs *ReplicaSet) { rs.Spec.Selector = nil },
			want: []string{
				"spec.selector: Required value",
				`spec.template.metadata.labels: Invalid value: map[string]string{"tier":"frontend"}: ` + "`selector` does not match template `labels`",
			},
		},
		{
			name:   "empty selector (Kubernetes says deployment here too)",
			mutate: func(rs *ReplicaSet) { rs.Spec.Selector = &meta.LabelSelector{} },
			want:   []string{"spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"},
		},
		{
			name:   "restartPolicy Never",
			mutate: func(rs *ReplicaSet) { rs.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`},
		},
		{
			name:   "negative replicas and minReadySeconds",
			mutate: func(rs *ReplicaSet) { rs.Spec.Replicas = ptrInt32(-2); rs.Spec.MinReadySeconds = -1 },
			want: []string{
				"spec.replicas: Invalid value: -2: must be greater than or equal to 0",
				"spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := defaulted[*ReplicaSet](t, r, "ReplicaSet", frontendReplicaSetYAML)
			tc.mutate(rs)
			if diff := cmp.Diff(tc.want, messages(ValidateReplicaSet(rs))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateDaemonSet(t *testing.T) {
	r := newRegistry(t)
	tests := []struct {
		name   string
		mutate func(ds *DaemonSet)
		want   []string
	}{
		{name: "valid", mutate: func(*DaemonSet) {}},
		{
			name:   "pod template errors carry the template path",
			mutate: func(ds *DaemonSet) { ds.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{"spec.template.spec.containers[0].image: Required value"},
		},
		{name: "OnDelete", mutate: func(ds *DaemonSet) {
			ds.Spec.UpdateStrategy = DaemonSetUpdateStrategy{Type: OnDeleteDaemonSetStrategyType}
		}},
		{
			name:   "missing selector matches nothing",
			mutate: func(ds *DaemonSet) { ds.Spec.Selector = nil },
			want:   []string{`spec.template.metadata.labels: Invalid value: map[string]string{"name":"fluentd-elasticsearch"}: ` + "`selector` does not match template `labels`"},
		},
		{
			name:   "empty selector",
			mutate: func(ds *DaemonSet) { ds.Spec.Selector = &meta.LabelSelector{} },
			want:   []string{"spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"},
		},
		{
			name:   "restartPolicy must be Always",
			mutate: func(ds *DaemonSet) { ds.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`},
		},
		{
			name:   "activeDeadlineSeconds forbidden",
			mutate: func(ds *DaemonSet) { v := int64(5); ds.Spec.Template.Spec.ActiveDeadlineSeconds = &v },
			want:   []string{"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"},
		},
		{
			name: "maxSurge and maxUnavailable both set",
			mutate: func(ds *DaemonSet) {
				ds.Spec.UpdateStrategy.RollingUpdate = &RollingUpdateDaemonSet{MaxUnavailable: intOrStr("1"), MaxSurge: intOrStr("10%")}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 10%: may not be set when maxUnavailable is non-zero`},
		},
		{
			name: "maxSurge and maxUnavailable both 0",
			mutate: func(ds *DaemonSet) {
				ds.Spec.UpdateStrategy.RollingUpdate = &RollingUpdateDaemonSet{MaxUnavailable: intOrStr("0"), MaxSurge: intOrStr("0")}
			},
			want: []string{"spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"},
		},
		{
			name: "percentages over 100%",
			mutate: func(ds *DaemonSet) {
				ds.Spec.UpdateStrategy.RollingUpdate = &RollingUpdateDaemonSet{MaxUnavailable: intOrStr("150%"), MaxSurge: intOrStr("0")}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%`},
		},
		{
			name:   "RollingUpdate without parameters",
			mutate: func(ds *DaemonSet) { ds.Spec.UpdateStrategy.RollingUpdate = nil },
			want:   []string{"spec.updateStrategy.rollingUpdate: Required value"},
		},
		{
			name:   "unknown strategy",
			mutate: func(ds *DaemonSet) { ds.Spec.UpdateStrategy.Type = "Surge" },
			want:   []string{`spec.updateStrategy: Unsupported value: "Surge": supported values: "RollingUpdate", "OnDelete"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := defaulted[*DaemonSet](t, r, "DaemonSet", fluentdDaemonSetYAML)
			tc.mutate(ds)
			if diff := cmp.Diff(tc.want, messages(ValidateDaemonSet(ds))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateStatefulSet(t *testing.T) {
	r := newRegistry(t)
	tests := []struct {
		name   string
		mutate func(s *StatefulSet)
		want   []string
	}{
		{name: "valid", mutate: func(*StatefulSet) {}},
		// As in Kubernetes, the pod spec of a StatefulSet's template is not
		// validated (its volume mounts may name volume claim templates).
		{name: "pod spec not validated", mutate: func(s *StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "" }},
		{
			name:   "template labels are validated",
			mutate: func(s *StatefulSet) { s.Spec.Template.Labels["bad key!"] = "x" },
			want:   []string{`spec.template.labels: Invalid value: "bad key!": ` + validation.IsQualifiedName("bad key!")[0]},
		},
		{
			name:   "podManagementPolicy required",
			mutate: func(s *StatefulSet) { s.Spec.PodManagementPolicy = "" },
			want:   []string{"spec.podManagementPolicy: Required value"},
		},
		{
			name:   "unknown podManagementPolicy",
			mutate: func(s *StatefulSet) { s.Spec.PodManagementPolicy = "Random" },
			want:   []string{`spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`},
		},
		{
			name:   "updateStrategy required",
			mutate: func(s *StatefulSet) { s.Spec.UpdateStrategy = StatefulSetUpdateStrategy{} },
			want:   []string{"spec.updateStrategy: Required value"},
		},
		{
			name:   "OnDelete with rollingUpdate",
			mutate: func(s *StatefulSet) { s.Spec.UpdateStrategy.Type = OnDeleteStatefulSetStrategyType },
			want:   []string{"spec.updateStrategy.rollingUpdate: Invalid value: only allowed for updateStrategy 'RollingUpdate'"},
		},
		{
			name:   "unknown updateStrategy",
			mutate: func(s *StatefulSet) { s.Spec.UpdateStrategy.Type = "Canary" },
			want:   []string{`spec.updateStrategy: Invalid value: "Canary": must be 'RollingUpdate' or 'OnDelete'`},
		},
		{
			name: "negative partition, zero maxUnavailable",
			mutate: func(s *StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate = &RollingUpdateStatefulSetStrategy{Partition: ptrInt32(-1), MaxUnavailable: intOrStr("0")}
			},
			want: []string{
				"spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
				`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0`,
			},
		},
		{
			name: "unknown retention policy",
			mutate: func(s *StatefulSet) {
				s.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled = "Archive"
			},
			want: []string{`spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Archive": supported values: "Retain", "Delete"`},
		},
		{
			name:   "negative ordinals start",
			mutate: func(s *StatefulSet) { s.Spec.Ordinals = &StatefulSetOrdinals{Start: -1} },
			want:   []string{"spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"},
		},
		{
			name:   "selector required",
			mutate: func(s *StatefulSet) { s.Spec.Selector = nil },
			want: []string{
				"spec.selector: Required value",
				`spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: ` + "`selector` does not match template `labels`",
			},
		},
		{
			name:   "empty selector",
			mutate: func(s *StatefulSet) { s.Spec.Selector = &meta.LabelSelector{} },
			want:   []string{"spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset"},
		},
		{
			name:   "restartPolicy must be Always",
			mutate: func(s *StatefulSet) { s.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`},
		},
		{
			name:   "activeDeadlineSeconds forbidden",
			mutate: func(s *StatefulSet) { v := int64(5); s.Spec.Template.Spec.ActiveDeadlineSeconds = &v },
			want:   []string{"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := defaulted[*StatefulSet](t, r, "StatefulSet", webStatefulSetYAML)
			tc.mutate(s)
			if diff := cmp.Diff(tc.want, messages(ValidateStatefulSet(s))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatefulSetNameIsDNSLabel(t *testing.T) {
	r := newRegistry(t)
	s := defaulted[*StatefulSet](t, r, "StatefulSet", webStatefulSetYAML)
	s.Name = "web.v1"
	got := messages(kindOf(t, r, "StatefulSet").Validate(s))
	want := []string{`metadata.name: Invalid value: "web.v1": ` + validation.IsDNS1123Label("web.v1")[0]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidateControllerRevision(t *testing.T) {
	tests := []struct {
		name string
		cr   ControllerRevision
		want []string
	}{
		{name: "valid", cr: ControllerRevision{Data: RawExtension{Raw: []byte(`{}`)}, Revision: 2}},
		{
			name: "data required, revision not negative",
			cr:   ControllerRevision{Revision: -1},
			want: []string{
				"data: Required value: data is mandatory",
				"revision: Invalid value: -1: must be greater than or equal to 0",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, messages(ValidateControllerRevision(&tc.cr))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSelectorsEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b *meta.LabelSelector
		want bool
	}{
		{"both nil", nil, nil, true},
		{"nil and empty differ", nil, &meta.LabelSelector{}, false},
		{"nil and empty maps are equal", &meta.LabelSelector{}, &meta.LabelSelector{MatchLabels: map[string]string{}}, true},
		{"same labels", &meta.LabelSelector{MatchLabels: map[string]string{"a": "1"}}, &meta.LabelSelector{MatchLabels: map[string]string{"a": "1"}}, true},
		{"other value", &meta.LabelSelector{MatchLabels: map[string]string{"a": "1"}}, &meta.LabelSelector{MatchLabels: map[string]string{"a": "2"}}, false},
		{
			"other expression values",
			&meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "a", Operator: "In", Values: []string{"x"}}}},
			&meta.LabelSelector{MatchExpressions: []meta.LabelSelectorRequirement{{Key: "a", Operator: "In", Values: []string{"y"}}}},
			false,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SelectorsEqual(tc.a, tc.b); got != tc.want {
				t.Errorf("SelectorsEqual = %v, want %v", got, tc.want)
			}
		})
	}
}
