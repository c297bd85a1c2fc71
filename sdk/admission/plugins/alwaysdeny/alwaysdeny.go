package alwaysdeny

import (
	"context"
	"errors"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
)

// Name is the plugin's configured name.
const Name = "AlwaysDeny"

// Plugin refuses everything. It is safe for concurrent use.
type Plugin struct{}

// Compile-time guards.
var (
	_ admission.Mutator   = Plugin{}
	_ admission.Validator = Plugin{}
)

// New builds the plugin; it takes no configuration.
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	if err := pluginutil.NoConfig(Name, config); err != nil {
		return nil, err
	}
	return Plugin{}, nil
}

// Name returns "AlwaysDeny".
func (Plugin) Name() string { return Name }

// Admit refuses the request.
func (Plugin) Admit(_ context.Context, a *admission.Attributes) error { return deny(a) }

// Validate refuses the request.
func (Plugin) Validate(_ context.Context, a *admission.Attributes) error { return deny(a) }

func deny(a *admission.Attributes) error {
	return pluginutil.Forbidden(a, errors.New("admission control is denying all modifications"))
}
