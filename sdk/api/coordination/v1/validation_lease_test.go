package v1

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sigsjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

const leaseManifest = `
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  holderIdentity: scheduler-0_7f3c9a2e-4b1d-4e8f-a6c5-2d9b8e7f6a51
  leaseDurationSeconds: 15
  acquireTime: "2026-11-25T10:00:00.000000Z"
  renewTime: "2026-11-25T11:59:58.123456Z"
  leaseTransitions: 3
`

func decodeLease(t *testing.T, manifest string) *Lease {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(manifest))
	if err != nil {
		t.Fatal(err)
	}
	var l Lease
	strictErrs, err := sigsjson.UnmarshalStrict(js, &l)
	if err != nil || len(strictErrs) > 0 {
		t.Fatalf("decode: %v %v", err, strictErrs)
	}
	return &l
}

func TestLeaseDecode(t *testing.T) {
	l := decodeLease(t, leaseManifest)
	out, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"kube-scheduler","namespace":"kube-system","creationTimestamp":null},` +
		`"spec":{"holderIdentity":"scheduler-0_7f3c9a2e-4b1d-4e8f-a6c5-2d9b8e7f6a51","leaseDurationSeconds":15,` +
		`"acquireTime":"2026-11-25T10:00:00.000000Z","renewTime":"2026-11-25T11:59:58.123456Z","leaseTransitions":3}}`
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("re-encoded (-want +got):\n%s", diff)
	}
}

func TestValidateLease(t *testing.T) {
	strategy := OldestEmulationVersion
	tests := []struct {
		name string
		spec LeaseSpec
		want []string
	}{
		{"valid", decodeLease(t, leaseManifest).Spec, nil},
		{"empty", LeaseSpec{}, nil},
		{"duration positive", LeaseSpec{LeaseDurationSeconds: ptrTo(int32(0))}, []string{"spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"}},
		{"transitions not negative", LeaseSpec{LeaseTransitions: ptrTo(int32(-1))}, []string{"spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"}},
		{"strategy", LeaseSpec{Strategy: ptrTo(CoordinatedLeaseStrategy("Youngest"))}, []string{`spec.strategy: Unsupported value: "Youngest": supported values: "OldestEmulationVersion"`}},
		{"qualified strategy", LeaseSpec{Strategy: ptrTo(CoordinatedLeaseStrategy("example.com/mine")), PreferredHolder: ptrTo("a")}, nil},
		{"preferred holder needs strategy", LeaseSpec{PreferredHolder: ptrTo("a")}, []string{"spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"}},
		{"preferred holder with strategy", LeaseSpec{PreferredHolder: ptrTo("a"), Strategy: &strategy}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errStrings(ValidateLease(&Lease{Spec: tt.spec}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLeaseKind(t *testing.T) {
	r := registry.New()
	if err := Register(r); err != nil {
		t.Fatal(err)
	}
	k, ok := r.KindFor(meta.GroupVersionKind{Group: GroupName, Version: Version, Kind: "Lease"})
	if !ok || !k.Namespaced() || k.Resource() != "leases" || k.HasStatus() {
		t.Fatalf("kind %v: namespaced %v resource %q", ok, k.Namespaced(), k.Resource())
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	l := decodeLease(t, leaseManifest)
	l.CreationTimestamp = meta.NewTime(now.Add(-26 * time.Hour))
	k.PrepareForCreate(l)
	if l.Generation != 0 {
		t.Errorf("generation = %d; leases have none", l.Generation)
	}
	want := []any{"kube-scheduler", "scheduler-0_7f3c9a2e-4b1d-4e8f-a6c5-2d9b8e7f6a51", "26h"}
	if diff := cmp.Diff(want, k.Cells(l, now)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if got := k.Cells(&Lease{ObjectMeta: meta.ObjectMeta{Name: "n"}}, now)[1]; got != "" {
		t.Errorf("holder of an unheld lease = %q, want empty", got)
	}
	bad := decodeLease(t, leaseManifest)
	bad.Spec.LeaseDurationSeconds = ptrTo(int32(-5))
	if errs := k.Validate(bad); len(errs) != 1 {
		t.Errorf("Validate = %v, want one error", errs.ToAggregate())
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
