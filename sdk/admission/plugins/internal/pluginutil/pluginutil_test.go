package pluginutil

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestAggregate(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	tests := []struct {
		name string
		errs []error
		want string
	}{
		{"none", nil, ""},
		{"nils", []error{nil, nil}, ""},
		{"one", []error{nil, a}, "a"},
		{"several", []error{a, b}, "[a, b]"},
		{"duplicates", []error{a, errors.New("a"), b}, "[a, b]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, errString(Aggregate(tt.errs))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeConfig(t *testing.T) {
	type cfg struct {
		A int `json:"a"`
	}
	tests := []struct {
		name, in string
		want     cfg
		wantErr  string
	}{
		{"empty", "", cfg{A: 7}, ""},
		{"blank", "  \n", cfg{A: 7}, ""},
		{"null", "null", cfg{A: 7}, ""},
		{"value", `{"a": 1}`, cfg{A: 1}, ""},
		{"unknown", `{"b": 1}`, cfg{A: 7}, `P: invalid configuration: json: unknown field "b"`},
		{"trailing", `{"a": 1} x`, cfg{A: 1}, "P: invalid configuration: unexpected data after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cfg{A: 7}
			err := DecodeConfig("P", []byte(tt.in), &got)
			if diff := cmp.Diff(tt.wantErr, errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoConfig(t *testing.T) {
	for _, in := range []string{"", "null", "{}", " "} {
		if err := NoConfig("P", []byte(in)); err != nil {
			t.Errorf("NoConfig(%q) = %v", in, err)
		}
	}
	if err := NoConfig("P", []byte(`{"a":1}`)); err == nil {
		t.Error("NoConfig accepted a configuration")
	}
}

func TestForbidden(t *testing.T) {
	pods := meta.GroupVersionResource{Version: "v1", Resource: "pods"}
	deploys := meta.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	already := apierrors.NewForbidden(apierrors.Resource{Resource: "x"}, "y", errors.New("z"))
	tests := []struct {
		name string
		a    *admission.Attributes
		err  error
		want string
	}{
		{"named", &admission.Attributes{Resource: pods, Name: "web"}, errors.New("no"), `pods "web" is forbidden: no`},
		{"name from object", &admission.Attributes{Resource: pods, Object: &corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "gen-1"}}}, errors.New("no"), `pods "gen-1" is forbidden: no`},
		{"no name", &admission.Attributes{Resource: pods}, errors.New("no"), `pods is forbidden: no`},
		{"group", &admission.Attributes{Resource: deploys, Name: "web"}, errors.New("no"), `deployments.apps "web" is forbidden: no`},
		{"already forbidden", &admission.Attributes{Resource: pods, Name: "web"}, already, `x "y" is forbidden: z`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Forbidden(tt.a, tt.err)
			if !apierrors.IsForbidden(err) {
				t.Errorf("%v is not Forbidden", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
