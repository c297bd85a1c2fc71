package replicaset_test

import (
	"fmt"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/replicaset"
)

// A product that assembles its own set of controllers registers the two
// workload controllers of this package by name; AddTo then builds them
// on the manager, each with its Config decoded from JSON.
func ExampleAdd() {
	r := controllers.NewRegistry()
	_ = r.Register(replicaset.Name, controllers.Typed(replicaset.Add))
	_ = r.Register(replicaset.RCName, controllers.Typed(replicaset.AddReplicationController))
	fmt.Println(r.Names())
	// Output: [replicaset replicationcontroller]
}
