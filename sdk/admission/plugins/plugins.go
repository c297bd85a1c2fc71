package plugins

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/alwaysadmit"
	"github.com/gantryhq/gantry/sdk/admission/plugins/alwaysdeny"
	"github.com/gantryhq/gantry/sdk/admission/plugins/defaulttolerationseconds"
	"github.com/gantryhq/gantry/sdk/admission/plugins/limitranger"
	"github.com/gantryhq/gantry/sdk/admission/plugins/namespacelifecycle"
	"github.com/gantryhq/gantry/sdk/admission/plugins/priority"
	"github.com/gantryhq/gantry/sdk/admission/plugins/resourcequota"
	"github.com/gantryhq/gantry/sdk/admission/plugins/serviceaccount"
)

// builtins lists every built-in plugin.
var builtins = []struct {
	name    string
	factory admission.Factory
}{
	{namespacelifecycle.Name, namespacelifecycle.New},
	{limitranger.Name, limitranger.New},
	{serviceaccount.Name, serviceaccount.New},
	{priority.Name, priority.New},
	{defaulttolerationseconds.Name, defaulttolerationseconds.New},
	{resourcequota.Name, resourcequota.New},
	{alwaysadmit.Name, alwaysadmit.New},
	{alwaysdeny.Name, alwaysdeny.New},
}

// Register adds every built-in plugin to r; it fails if r already has a
// plugin of the same name.
func Register(r *admission.Registry) error {
	for _, b := range builtins {
		if err := r.Register(b.name, b.factory); err != nil {
			return err
		}
	}
	return nil
}

// NewRegistry returns a new registry holding every built-in plugin.
func NewRegistry() *admission.Registry {
	r := admission.NewRegistry()
	if err := Register(r); err != nil {
		// The built-in names are distinct: this is a bug in this package.
		panic(fmt.Sprintf("plugins: %v", err))
	}
	return r
}

// Default returns the plugins enabled by default, without configuration, in
// Kubernetes' recommended order: NamespaceLifecycle, LimitRanger,
// ServiceAccount, Priority, DefaultTolerationSeconds, ResourceQuota. The
// chain runs the mutators in that order, then the validators in that order,
// so ResourceQuota is the last validator and charges only requests every
// other plugin accepted. The slice is new on every call; callers may change
// it (to add configuration, or their own plugins before ResourceQuota).
func Default() []admission.PluginConfig {
	return []admission.PluginConfig{
		{Name: namespacelifecycle.Name},
		{Name: limitranger.Name},
		{Name: serviceaccount.Name},
		{Name: priority.Name},
		{Name: defaulttolerationseconds.Name},
		{Name: resourcequota.Name},
	}
}
