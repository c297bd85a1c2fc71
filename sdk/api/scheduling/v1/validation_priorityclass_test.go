package v1

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

const pcManifest = `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high-priority
value: 1000000
globalDefault: false
description: "This priority class should be used for XYZ service pods only."
preemptionPolicy: Never
`

func decodePC(t *testing.T, manifest string) *PriorityClass {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	var pc PriorityClass
	strictErrs, err := sigsjson.UnmarshalStrict(js, &pc)
	if err != nil || len(strictErrs) > 0 {
		t.Fatalf("decode: %v %v", err, strictErrs)
	}
	return &pc
}

func pcKind(t *testing.T) *registry.Kind {
	t.Helper()
	r := registry.New()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	k, _ := r.Lookup("pc")
	if k == nil || k.Namespaced() || k.GVK().Kind != "PriorityClass" {
		t.Fatalf("short name pc: %v", k)
	}
	return k
}

func TestPriorityClassDecode(t *testing.T) {
	pc := decodePC(t, pcManifest)
	out, _ := json.Marshal(pc)
	want := `{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"high-priority","creationTimestamp":null},` +
		`"value":1000000,"description":"This priority class should be used for XYZ service pods only.","preemptionPolicy":"Never"}`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("re-encoded (-want +got):\n%s", diff)
	}
}

func TestPriorityClassDefaults(t *testing.T) {
	pc := &PriorityClass{Value: 10}
	pcKind(t).Default(pc)
	if pc.PreemptionPolicy == nil || *pc.PreemptionPolicy != corev1.PreemptLowerPriority {
		t.Errorf("preemptionPolicy = %v, want PreemptLowerPriority", pc.PreemptionPolicy)
	}
}

func TestValidatePriorityClass(t *testing.T) {
	k := pcKind(t)
	pc := func(name string, value int32, global bool) *PriorityClass {
		p := &PriorityClass{ObjectMeta: meta.ObjectMeta{Name: name}, Value: value, GlobalDefault: global}
		k.Default(p)
		return p
	}
	tests := []struct {
		name string
		pc   *PriorityClass
		want []string
	}{
		{"user class", pc("high", HighestUserDefinablePriority, true), nil},
		{"negative user class", pc("low", -100, false), nil},
		{"user value too high", pc("high", HighestUserDefinablePriority+1, false), []string{
			"value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
		}},
		{"system cluster critical", pc(SystemClusterCritical, 2000000000, false), nil},
		{"system node critical", pc(SystemNodeCritical, 2000001000, false), nil},
		{"system class with wrong value", pc(SystemNodeCritical, 5, false), []string{
			"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
		}},
		{"unknown system class", pc("system-mine", 5, false), []string{
			"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
		}},
		{"system class as global default", pc(SystemClusterCritical, SystemClusterCriticalPriority, true), []string{
			"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-cluster-critical PriorityClass must be false",
		}},
		{"preemption policy", func() *PriorityClass {
			p := pc("x", 1, false)
			p.PreemptionPolicy = ptrTo(corev1.PreemptionPolicy("Sometimes"))
			return p
		}(), []string{`preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, errStrings(k.Validate(tt.pc))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	for _, spc := range SystemPriorityClasses() {
		if errs := k.Validate(spc); len(errs) != 0 {
			t.Errorf("built-in %s: %v", spc.Name, errs.ToAggregate())
		}
	}
}

func TestPriorityClassUpdate(t *testing.T) {
	k := pcKind(t)
	old := decodePC(t, pcManifest)
	pc := old.DeepCopy()
	pc.Value++
	pc.PreemptionPolicy = ptrTo(corev1.PreemptLowerPriority)
	pc.Description = "changed"
	want := []string{
		"value: Forbidden: may not be changed in an update.",
		`preemptionPolicy: Invalid value: "PreemptLowerPriority": field is immutable`,
	}
	if diff := cmp.Diff(want, errStrings(k.ValidateUpdate(pc, old))); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	pc = old.DeepCopy()
	pc.Description, pc.GlobalDefault = "changed", true
	if errs := k.ValidateUpdate(pc, old); len(errs) != 0 {
		t.Errorf("changing description and globalDefault: %v", errs.ToAggregate())
	}
}

func TestPriorityClassCells(t *testing.T) {
	k := pcKind(t)
	var names []string
	for _, c := range k.Columns() {
		names = append(names, strings.ToUpper(c.Name))
	}
	if diff := cmp.Diff([]string{"NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	pc := decodePC(t, pcManifest)
	pc.CreationTimestamp = meta.NewTime(now.Add(-400 * 24 * time.Hour))
	if diff := cmp.Diff([]any{"high-priority", int64(1000000), false, "400d", "Never"}, k.Cells(pc, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func errStrings(errs field.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func ptrTo[T any](v T) *T { return &v }
