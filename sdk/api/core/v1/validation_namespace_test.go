package v1

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestNamespaceDecode(t *testing.T) {
	var ns Namespace
	svcDecodeStrict(t, `
apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels: {kubernetes.io/metadata.name: team-a, env: prod}
spec:
  finalizers: [kubernetes]
status:
  phase: Terminating
  conditions:
  - type: NamespaceContentRemaining
    status: "True"
    reason: SomeResourcesRemain
    message: 'Some resources are remaining: pods. has 2 resource instances'
    lastTransitionTime: "2026-11-25T10:00:00Z"
`, &ns)
}

func TestNamespaceStrategy(t *testing.T) {
	k := svcKind(t, "Namespace")
	if k.Namespaced() || !k.HasStatus() || !cmp.Equal(k.ShortNames(), []string{"ns"}) {
		t.Fatalf("kind: namespaced %v status %v short %v", k.Namespaced(), k.HasStatus(), k.ShortNames())
	}

	ns := &Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}, Spec: NamespaceSpec{Finalizers: []FinalizerName{"example.com/cleanup"}},
		Status: NamespaceStatus{Phase: NamespaceTerminating}}
	k.Default(ns)
	k.PrepareForCreate(ns)
	if errs := k.Validate(ns); len(errs) != 0 {
		t.Fatalf("Validate: %v", errs.ToAggregate())
	}
	want := &Namespace{
		ObjectMeta: meta.ObjectMeta{Name: "team-a", Labels: map[string]string{LabelMetadataName: "team-a"}},
		Spec:       NamespaceSpec{Finalizers: []FinalizerName{"example.com/cleanup", FinalizerKubernetes}},
		Status:     NamespaceStatus{Phase: NamespaceActive},
	}
	if diff := cmp.Diff(want, ns); diff != "" {
		t.Errorf("created namespace (-want +got):\n%s", diff)
	}

	// A main update may not change finalizers or status.
	upd := ns.DeepCopy()
	upd.Spec.Finalizers = nil
	upd.Status.Phase = NamespaceTerminating
	upd.Labels[LabelMetadataName] = "other"
	k.Default(upd)
	k.PrepareForUpdate(upd, ns)
	if errs := k.ValidateUpdate(upd, ns); len(errs) != 0 {
		t.Fatalf("ValidateUpdate: %v", errs.ToAggregate())
	}
	if diff := cmp.Diff(want, upd); diff != "" {
		t.Errorf("updated namespace (-want +got):\n%s", diff)
	}

	// A status update must agree with the deletion timestamp.
	st := ns.DeepCopy()
	st.Status.Phase = NamespaceTerminating
	k.PrepareForStatusUpdate(st, ns)
	got := svcErrStrings(k.ValidateUpdate(st, ns))
	wantErrs := []string{`status.phase: Invalid value: "Terminating": may only be 'Active' if ` + "`deletionTimestamp`" + ` is empty`}
	if diff := cmp.Diff(wantErrs, got); diff != "" {
		t.Errorf("status update errors (-want +got):\n%s", diff)
	}

	if v, ok := k.FieldValue(ns, "status.phase"); !ok || v != "Active" {
		t.Errorf("field status.phase = %q, %v", v, ok)
	}
	ns.CreationTimestamp = meta.NewTime(svcNow.Add(-49 * time.Hour))
	if diff := cmp.Diff([]any{"team-a", "Active", "2d1h"}, k.Cells(ns, svcNow)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func TestValidateNamespace(t *testing.T) {
	k := svcKind(t, "Namespace")
	tests := []struct {
		name string
		ns   *Namespace
		want []string
	}{
		{"valid", &Namespace{ObjectMeta: meta.ObjectMeta{Name: "kube-system"}, Spec: NamespaceSpec{Finalizers: []FinalizerName{"kubernetes", "example.com/x"}}}, nil},
		{"name is a DNS label", &Namespace{ObjectMeta: meta.ObjectMeta{Name: "team.a"}}, []string{
			`metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{"finalizers are standard or qualified", &Namespace{ObjectMeta: meta.ObjectMeta{Name: "a"}, Spec: NamespaceSpec{Finalizers: []FinalizerName{"cleanup"}}}, []string{
			`spec.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, svcErrStrings(k.Validate(tt.ns))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNamespaceFinalize(t *testing.T) {
	old := &Namespace{ObjectMeta: meta.ObjectMeta{Name: "a", ResourceVersion: "5", Labels: map[string]string{"x": "y"}},
		Spec: NamespaceSpec{Finalizers: []FinalizerName{FinalizerKubernetes}}, Status: NamespaceStatus{Phase: NamespaceTerminating}}
	ns := &Namespace{ObjectMeta: meta.ObjectMeta{Name: "a", ResourceVersion: "5"}}
	PrepareNamespaceForFinalize(ns, old)
	if len(ns.Spec.Finalizers) != 0 || ns.Status.Phase != NamespaceTerminating || ns.Labels["x"] != "y" {
		t.Errorf("finalized namespace = %+v", ns)
	}
	if errs := ValidateNamespaceFinalizeUpdate(ns, old); len(errs) != 0 {
		t.Errorf("ValidateNamespaceFinalizeUpdate: %v", errs.ToAggregate())
	}
}
