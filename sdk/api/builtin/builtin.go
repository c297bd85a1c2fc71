package builtin

import (
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	autoscalingv2 "github.com/gantryhq/gantry/sdk/api/autoscaling/v2"
	batchv1 "github.com/gantryhq/gantry/sdk/api/batch/v1"
	coordinationv1 "github.com/gantryhq/gantry/sdk/api/coordination/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	discoveryv1 "github.com/gantryhq/gantry/sdk/api/discovery/v1"
	networkingv1 "github.com/gantryhq/gantry/sdk/api/networking/v1"
	"github.com/gantryhq/gantry/sdk/api/registry"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
)

// Register adds every built-in kind to r.
func Register(r *registry.Registry) error {
	for _, add := range []func(*registry.Registry) error{
		corev1.Register,
		appsv1.Register,
		batchv1.Register,
		autoscalingv2.Register,
		networkingv1.Register,
		coordinationv1.Register,
		schedulingv1.Register,
		discoveryv1.Register,
	} {
		if err := add(r); err != nil {
			return err
		}
	}
	return nil
}

// NewRegistry returns a new registry holding every built-in kind.
func NewRegistry() (*registry.Registry, error) {
	r := registry.New()
	if err := Register(r); err != nil {
		return nil, err
	}
	return r, nil
}
