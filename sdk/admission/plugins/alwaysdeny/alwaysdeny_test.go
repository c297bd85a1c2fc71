package alwaysdeny_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	"github.com/gantryhq/gantry/sdk/admission/plugins/alwaysdeny"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestDeniesEverything(t *testing.T) {
	p, err := alwaysdeny.New(admission.Host{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"}}
	ns := &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}}
	tests := []struct {
		name string
		a    *admission.Attributes
		want admissiontest.Outcome
	}{
		{"create pod", admissiontest.Create(admissiontest.Pods, "Pod", pod), admissiontest.Forbidden(`pods "web" is forbidden: admission control is denying all modifications`)},
		{"update pod", admissiontest.Update(admissiontest.Pods, "Pod", pod, pod), admissiontest.Forbidden(`pods "web" is forbidden: admission control is denying all modifications`)},
		{"delete namespace", admissiontest.Delete(admissiontest.Namespaces, "Namespace", ns), admissiontest.Forbidden(`namespaces "team-a" is forbidden: admission control is denying all modifications`)},
		{"connect", admissiontest.Attributes(admission.Connect, admissiontest.Pods, "Pod", nil, nil), admissiontest.Forbidden(`pods is forbidden: admission control is denying all modifications`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []admissiontest.Outcome{
				admissiontest.OutcomeOf(p.(admission.Mutator).Admit(context.Background(), tt.a)),
				admissiontest.OutcomeOf(p.(admission.Validator).Validate(context.Background(), tt.a)),
			}
			if diff := cmp.Diff([]admissiontest.Outcome{tt.want, tt.want}, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := alwaysdeny.New(admission.Host{}, []byte(`{"a":1}`)); err == nil {
		t.Error("New accepted a configuration")
	}
}
