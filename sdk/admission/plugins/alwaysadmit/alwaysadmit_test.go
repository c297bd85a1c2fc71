package alwaysadmit_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/alwaysadmit"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestAdmitsEverything(t *testing.T) {
	p, err := alwaysadmit.New(admission.Host{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"}}
	for _, op := range []admission.Operation{admission.Create, admission.Update, admission.Delete, admission.Connect} {
		t.Run(string(op), func(t *testing.T) {
			a := admissiontest.Attributes(op, admissiontest.Pods, "Pod", pod.DeepCopyObject(), pod)
			before := a.Object.DeepCopyObject()
			got := []admissiontest.Outcome{
				admissiontest.OutcomeOf(p.(admission.Mutator).Admit(context.Background(), a)),
				admissiontest.OutcomeOf(p.(admission.Validator).Validate(context.Background(), a)),
			}
			if diff := cmp.Diff([]admissiontest.Outcome{{}, {}}, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, a.Object); diff != "" {
				t.Errorf("object changed (-before +after):\n%s", diff)
			}
		})
	}
	if p.Name() != alwaysadmit.Name {
		t.Errorf("Name() = %q", p.Name())
	}
	if _, err := alwaysadmit.New(admission.Host{}, []byte(`{"a":1}`)); err == nil {
		t.Error("New accepted a configuration")
	}
}
