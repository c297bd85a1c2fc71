package v1_test

import (
	"fmt"

	networkingv1 "github.com/gantryhq/gantry/sdk/api/networking/v1"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register the networking.k8s.io/v1 kinds into a registry and look one up
// by its short name, as kubectl does.
func ExampleRegister() {
	r := registry.New()
	if err := networkingv1.Register(r); err != nil {
		panic(err)
	}
	k, _ := r.Lookup("ing")
	fmt.Println(k.GVK(), k.Resource(), k.Namespaced())
	// Output: networking.k8s.io/v1, Kind=Ingress ingresses true
}
