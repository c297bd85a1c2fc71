package v1

import "github.com/gantryhq/gantry/sdk/api/registry"

// Register adds every core/v1 kind to r.
func Register(r *registry.Registry) error {
	for _, add := range []func(*registry.Registry) error{
		addNamespace,
		addNode,
		addPod,
		addPodTemplate,
		addReplicationController,
		addService,
		addEndpoints,
		addConfigMap,
		addSecret,
		addServiceAccount,
		addEvent,
		addLimitRange,
		addResourceQuota,
	} {
		if err := add(r); err != nil {
			return err
		}
	}
	return nil
}
