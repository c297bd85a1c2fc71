package alwaysadmit

import (
	"context"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
)

// Name is the plugin's configured name.
const Name = "AlwaysAdmit"

// Plugin admits everything. It is safe for concurrent use.
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

// Name returns "AlwaysAdmit".
func (Plugin) Name() string { return Name }

// Admit admits the request unchanged.
func (Plugin) Admit(context.Context, *admission.Attributes) error { return nil }

// Validate admits the request.
func (Plugin) Validate(context.Context, *admission.Attributes) error { return nil }
