package admission_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func TestChainOrderAndFirstRejection(t *testing.T) {
	var calls []string
	mk := func(name string, fail bool) admission.Factory {
		return func(admission.Host, []byte) (admission.Plugin, error) {
			return &admission.Func{
				PluginName: name,
				MutateFn: func(context.Context, *admission.Attributes) error {
					calls = append(calls, "mutate "+name)
					return nil
				},
				ValidateFn: func(context.Context, *admission.Attributes) error {
					calls = append(calls, "validate "+name)
					if fail {
						return errors.New(name + " says no")
					}
					return nil
				},
			}, nil
		}
	}
	r := admission.NewRegistry()
	for _, p := range []struct {
		name string
		fail bool
	}{{"A", false}, {"B", true}, {"C", false}} {
		if err := r.Register(p.name, mk(p.name, p.fail)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Register("A", mk("A", false)); err == nil {
		t.Fatal("duplicate registration accepted")
	}
	chain, err := r.NewChain(admission.Host{}, []admission.PluginConfig{{Name: "C"}, {Name: "A"}, {Name: "B"}})
	if err != nil {
		t.Fatal(err)
	}
	a := &admission.Attributes{Operation: admission.Create, Name: "x", Resource: meta.GroupVersionResource{Version: "v1", Resource: "pods"}}
	if err := chain.Admit(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	err = chain.Validate(context.Background(), a)
	if !apierrors.IsForbidden(err) || err.Error() != `pods "x" is forbidden: B says no` {
		t.Fatalf("validate: %v", err)
	}
	want := []string{"mutate C", "mutate A", "mutate B", "validate C", "validate A", "validate B"}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("call order (-want +got):\n%s", diff)
	}
	if _, err := r.NewChain(admission.Host{}, []admission.PluginConfig{{Name: "Nope"}}); err == nil {
		t.Errorf("unknown plugin accepted")
	}
	if _, err := r.NewChain(admission.Host{}, []admission.PluginConfig{{Name: "A"}, {Name: "A"}}); err == nil {
		t.Errorf("plugin enabled twice accepted")
	}
}

func TestClassedErrorsKeepTheirClass(t *testing.T) {
	chain := &admission.Chain{}
	chain.Add(&admission.Func{PluginName: "NS", ValidateFn: func(context.Context, *admission.Attributes) error {
		return apierrors.NewNotFound(apierrors.Resource{Resource: "namespaces"}, "nowhere")
	}})
	err := chain.Validate(context.Background(), &admission.Attributes{Operation: admission.Create})
	if !apierrors.IsNotFound(err) {
		t.Fatalf("got %v, want NotFound kept", err)
	}
}
