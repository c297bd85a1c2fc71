package defaulttolerationseconds

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// Name is the plugin's configured name.
const Name = "DefaultTolerationSeconds"

// DefaultTolerationSeconds is the default of both durations.
const DefaultTolerationSeconds int64 = 300

// Config configures the plugin; the zero value means the defaults. It is
// decoded strictly from the plugin's JSON configuration.
type Config struct {
	// DefaultNotReadyTolerationSeconds is the tolerationSeconds of the
	// not-ready:NoExecute toleration added to pods. Default 300; 0 means
	// "evict at once"; negative values are refused.
	DefaultNotReadyTolerationSeconds *int64 `json:"defaultNotReadyTolerationSeconds,omitempty"`
	// DefaultUnreachableTolerationSeconds is the tolerationSeconds of the
	// unreachable:NoExecute toleration added to pods. Default 300.
	DefaultUnreachableTolerationSeconds *int64 `json:"defaultUnreachableTolerationSeconds,omitempty"`
}

// Plugin is the DefaultTolerationSeconds plugin. It is safe for concurrent use.
type Plugin struct {
	pluginutil.Ops
	notReady, unreachable int64
}

// Compile-time guards.
var (
	_ admission.Mutator = (*Plugin)(nil)
	_ admission.Handler = (*Plugin)(nil)
)

// New builds the plugin from its JSON configuration (see Config).
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	var cfg Config
	if err := pluginutil.DecodeConfig(Name, config, &cfg); err != nil {
		return nil, err
	}
	return NewWithConfig(cfg)
}

// NewWithConfig builds the plugin from a typed configuration.
func NewWithConfig(cfg Config) (*Plugin, error) {
	p := &Plugin{
		Ops:         pluginutil.Ops{admission.Create, admission.Update},
		notReady:    DefaultTolerationSeconds,
		unreachable: DefaultTolerationSeconds,
	}
	for _, f := range []struct {
		name string
		v    *int64
		dst  *int64
	}{
		{"defaultNotReadyTolerationSeconds", cfg.DefaultNotReadyTolerationSeconds, &p.notReady},
		{"defaultUnreachableTolerationSeconds", cfg.DefaultUnreachableTolerationSeconds, &p.unreachable},
	} {
		if f.v == nil {
			continue
		}
		if *f.v < 0 {
			return nil, fmt.Errorf("%s: invalid configuration: %s must be 0 or more, got %d", Name, f.name, *f.v)
		}
		*f.dst = *f.v
	}
	return p, nil
}

// Name returns "DefaultTolerationSeconds".
func (p *Plugin) Name() string { return Name }

// Admit adds the default not-ready and unreachable tolerations to a pod
// that does not tolerate those taints already.
func (p *Plugin) Admit(ctx context.Context, a *admission.Attributes) error {
	if !pluginutil.IsCore(a.Resource, "pods") || a.Subresource != "" {
		return nil
	}
	pod, ok := a.Object.(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest(fmt.Sprintf("expected *v1.Pod but got %T", a.Object))
	}
	var notReady, unreachable bool
	for _, t := range pod.Spec.Tolerations {
		noExecute := t.Effect == corev1.TaintEffectNoExecute || t.Effect == ""
		if noExecute && (t.Key == corev1.TaintNodeNotReady || t.Key == "") {
			notReady = true
		}
		if noExecute && (t.Key == corev1.TaintNodeUnreachable || t.Key == "") {
			unreachable = true
		}
	}
	if !notReady {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, toleration(corev1.TaintNodeNotReady, p.notReady))
	}
	if !unreachable {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, toleration(corev1.TaintNodeUnreachable, p.unreachable))
	}
	return nil
}

func toleration(key string, seconds int64) corev1.Toleration {
	return corev1.Toleration{
		Key:               key,
		Operator:          corev1.TolerationOpExists,
		Effect:            corev1.TaintEffectNoExecute,
		TolerationSeconds: &seconds,
	}
}
