package v1_test

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/registry"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
)

// Register PriorityClass and list the built-in classes a cluster creates
// at start.
func ExampleSystemPriorityClasses() {
	r := registry.New()
	if err := schedulingv1.Register(r); err != nil {
		panic(err)
	}
	k, _ := r.Lookup("priorityclasses")
	for _, pc := range schedulingv1.SystemPriorityClasses() {
		fmt.Println(pc.Name, pc.Value, len(k.Validate(pc)))
	}
	// Output:
	// system-node-critical 2000001000 0
	// system-cluster-critical 2000000000 0
}
