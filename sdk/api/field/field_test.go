package field

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type policy string

func TestPathString(t *testing.T) {
	tests := []struct {
		name string
		path *Path
		want string
	}{
		{"root", NewPath("spec"), "spec"},
		{"children", NewPath("spec", "template").Child("spec", "containers"), "spec.template.spec.containers"},
		{"index", NewPath("spec").Child("containers").Index(0).Child("name"), "spec.containers[0].name"},
		{"key", NewPath("metadata").Child("labels").Key("app"), "metadata.labels[app]"},
		{"nil", nil, "<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.path.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	p := NewPath("spec", "replicas")
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"required", Required(NewPath("spec", "containers").Index(0).Child("name"), ""), "spec.containers[0].name: Required value"},
		{"invalid int", Invalid(p, int32(-1), "must be greater than or equal to 0"), "spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
		{"invalid string", Invalid(p, "x", "bad"), `spec.replicas: Invalid value: "x": bad`},
		{"named string", Invalid(p, policy("OnFailure"), "bad"), `spec.replicas: Invalid value: "OnFailure": bad`},
		{"map", Invalid(p, map[string]string{"a": "b"}, "bad"), `spec.replicas: Invalid value: map[string]string{"a":"b"}: bad`},
		{"nil pointer", Invalid(p, (*int)(nil), "bad"), "spec.replicas: Invalid value: null: bad"},
		{"not supported", NotSupported(p, "x", []policy{"A", "B"}), `spec.replicas: Unsupported value: "x": supported values: "A", "B"`},
		{"forbidden", Forbidden(p, "may not be set"), "spec.replicas: Forbidden: may not be set"},
		{"duplicate", Duplicate(p, "a"), `spec.replicas: Duplicate value: "a"`},
		{"too long", TooLong(p, "", 10), "spec.replicas: Too long: may not be more than 10 bytes"},
		{"omit", Invalid(p, OmitValue, "hidden"), "spec.replicas: Invalid value: hidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	if ErrorList(nil).ToAggregate() != nil {
		t.Fatal("empty list must aggregate to nil")
	}
	one := ErrorList{Required(NewPath("a"), "")}
	if got := one.ToAggregate().Error(); got != "a: Required value" {
		t.Errorf("one: %q", got)
	}
	two := ErrorList{Required(NewPath("a"), ""), Required(NewPath("b"), ""), Required(NewPath("a"), "")}
	agg := two.ToAggregate()
	if got := agg.Error(); got != "[a: Required value, b: Required value]" {
		t.Errorf("two: %q", got)
	}
	var withErrs interface{ Errors() ErrorList }
	if !errors.As(agg, &withErrs) || len(withErrs.Errors()) != 3 {
		t.Errorf("aggregate does not expose its errors")
	}
}
