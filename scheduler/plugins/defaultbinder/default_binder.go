package defaultbinder

import (
	"context"
	"errors"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the plugin's name in configuration.
const Name = "DefaultBinder"

// DefaultBinder binds pods through the API server.
type DefaultBinder struct {
	handle framework.Handle
}

var _ framework.BindPlugin = (*DefaultBinder)(nil)

// New builds the plugin; it takes no arguments. The handle's Client is
// read at bind time.
func New(_ context.Context, _ *struct{}, h framework.Handle) (framework.Plugin, error) {
	return &DefaultBinder{handle: h}, nil
}

// Name returns Name.
func (b *DefaultBinder) Name() string { return Name }

var errNoClient = errors.New("defaultbinder: the framework handle has no API client")

// Bind creates the Binding of pod (namespace, name and UID as
// preconditions) to nodeName; an API error is an Error status (the
// framework unreserves and re-queues the pod).
func (b *DefaultBinder) Bind(ctx context.Context, _ *framework.CycleState, pod *corev1.Pod, nodeName string) *framework.Status {
	var c *client.Client
	if b.handle != nil {
		c = b.handle.Client()
	}
	if c == nil {
		return framework.AsStatus(errNoClient)
	}
	binding := &corev1.Binding{
		TypeMeta:   meta.TypeMeta{APIVersion: "v1", Kind: "Binding"},
		ObjectMeta: meta.ObjectMeta{Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
		Target:     corev1.ObjectReference{Kind: "Node", Name: nodeName},
	}
	if _, err := client.For[*corev1.Pod](c).Namespace(pod.Namespace).CreateSubresource(ctx, pod.Name, "binding", binding); err != nil {
		return framework.AsStatus(err)
	}
	return nil
}
