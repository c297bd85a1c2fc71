package builtin

import (
	"fmt"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/deployment"
	"github.com/gantryhq/gantry/controllers/garbagecollector"
	"github.com/gantryhq/gantry/controllers/namespace"
	"github.com/gantryhq/gantry/controllers/replicaset"
	"github.com/gantryhq/gantry/controllers/resourcequota"
	"github.com/gantryhq/gantry/controllers/serviceaccount"
)

// Register adds the built-in controllers to r: garbagecollector,
// namespace, serviceaccount, resourcequota, replicaset,
// replicationcontroller and deployment, in that order. Each takes
// its package's Config as JSON.
func Register(r *controllers.Registry) error {
	for _, e := range []struct {
		name string
		add  controllers.AddFunc
	}{
		{garbagecollector.Name, controllers.Typed(garbagecollector.Add)},
		{namespace.Name, controllers.Typed(namespace.Add)},
		{serviceaccount.Name, controllers.Typed(serviceaccount.Add)},
		{resourcequota.Name, controllers.Typed(resourcequota.Add)},
		{replicaset.Name, controllers.Typed(replicaset.Add)},
		{replicaset.RCName, controllers.Typed(replicaset.AddReplicationController)},
		{deployment.Name, controllers.Typed(deployment.Add)},
	} {
		if err := r.Register(e.name, e.add); err != nil {
			return err
		}
	}
	return nil
}

// NewDefaultRegistry returns a new registry holding the built-in controllers.
func NewDefaultRegistry() *controllers.Registry {
	r := controllers.NewRegistry()
	if err := Register(r); err != nil {
		// The built-in names are distinct: this is a bug in this package.
		panic(fmt.Sprintf("builtin: %v", err))
	}
	return r
}
