package deployment_test

import (
	"fmt"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/deployment"
	"github.com/gantryhq/gantry/controllers/replicaset"
)

// The Deployment controller works through ReplicaSets: register it with
// the ReplicaSet controller.
func ExampleAdd() {
	r := controllers.NewRegistry()
	_ = r.Register(replicaset.Name, controllers.Typed(replicaset.Add))
	_ = r.Register(deployment.Name, controllers.Typed(deployment.Add))
	fmt.Println(r.Names())
	// Output: [replicaset deployment]
}

// ComputeHash gives the pod-template-hash label of a template; a
// collision count makes another one.
func ExampleComputeHash() {
	d := newDeployment("web", 1, "nginx:1.27")
	a := deployment.ComputeHash(&d.Spec.Template, nil)
	one := int32(1)
	b := deployment.ComputeHash(&d.Spec.Template, &one)
	fmt.Println(len(a) > 0, a != b)
	// Output: true true
}
