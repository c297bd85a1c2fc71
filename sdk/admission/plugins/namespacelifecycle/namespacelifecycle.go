package namespacelifecycle

import (
	"context"
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Name is the plugin's configured name.
const Name = "NamespaceLifecycle"

// NamespaceGantrySystem is the namespace of Gantry's own components; it is
// immortal like kube-system.
const NamespaceGantrySystem = "gantry-system"

// ImmortalNamespaces returns the namespaces that may not be deleted:
// default, kube-system, kube-public and gantry-system.
func ImmortalNamespaces() []string {
	return []string{corev1.NamespaceDefault, corev1.NamespaceSystem, corev1.NamespacePublic, NamespaceGantrySystem}
}

var namespacesGVR = meta.GroupVersionResource{Version: "v1", Resource: "namespaces"}

// Plugin is the NamespaceLifecycle plugin. It is safe for concurrent use.
type Plugin struct {
	pluginutil.Ops
	reader   admission.Reader
	immortal map[string]bool
}

// Compile-time guards.
var (
	_ admission.Mutator = (*Plugin)(nil)
	_ admission.Handler = (*Plugin)(nil)
)

// New builds the plugin. It takes no configuration and needs host.Reader.
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	if err := pluginutil.NoConfig(Name, config); err != nil {
		return nil, err
	}
	if host.Reader == nil {
		return nil, errors.New(Name + ": host has no Reader")
	}
	p := &Plugin{
		Ops:      pluginutil.Ops{admission.Create, admission.Update, admission.Delete},
		reader:   host.Reader,
		immortal: map[string]bool{},
	}
	for _, ns := range ImmortalNamespaces() {
		p.immortal[ns] = true
	}
	return p, nil
}

// Name returns "NamespaceLifecycle".
func (p *Plugin) Name() string { return Name }

// accessReviews are resources whose creation must not reveal whether a
// namespace exists.
var accessReviews = map[meta.GroupVersionResource]bool{
	{Group: "authorization.k8s.io", Version: "v1", Resource: "localsubjectaccessreviews"}: true,
}

// Admit enforces the namespace lifecycle; it never changes the object.
func (p *Plugin) Admit(ctx context.Context, a *admission.Attributes) error {
	isNamespace := pluginutil.IsKind(a, "Namespace", "namespaces")
	if a.Operation == admission.Delete && isNamespace && p.immortal[a.Name] {
		return pluginutil.Forbidden(a, errors.New("this namespace may not be deleted"))
	}
	if isNamespace || a.Namespace == "" {
		return nil
	}
	if a.Operation != admission.Create && a.Operation != admission.Update {
		return nil
	}
	gvr := a.Resource
	gvr.Version = "v1"
	if accessReviews[gvr] {
		return nil
	}
	obj, err := p.reader.Get(ctx, namespacesGVR, "", a.Namespace)
	switch {
	case apierrors.IsNotFound(err):
		return apierrors.NewNotFound(apierrors.Resource{Resource: "namespaces"}, a.Namespace)
	case err != nil:
		return apierrors.NewInternal(err)
	}
	ns, ok := obj.(*corev1.Namespace)
	if !ok {
		return apierrors.NewInternal(fmt.Errorf("namespace %q: expected *v1.Namespace, got %T", a.Namespace, obj))
	}
	if a.Operation != admission.Create || !terminating(ns) {
		return nil
	}
	se := pluginutil.Forbidden(a, fmt.Errorf("unable to create new content in namespace %s because it is being terminated", a.Namespace))
	if se.Status.Details == nil {
		se.Status.Details = &meta.StatusDetails{}
	}
	se.Status.Details.Causes = append(se.Status.Details.Causes, meta.StatusCause{
		Type:    corev1.NamespaceTerminatingCause,
		Message: fmt.Sprintf("namespace %s is being terminated", a.Namespace),
		Field:   "metadata.namespace",
	})
	return se
}

// terminating reports whether ns is being deleted. The server sets phase
// Terminating together with deletionTimestamp; either one is enough.
func terminating(ns *corev1.Namespace) bool {
	return ns.Status.Phase == corev1.NamespaceTerminating || ns.DeletionTimestamp != nil
}
