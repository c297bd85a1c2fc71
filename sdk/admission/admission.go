package admission

import (
	"context"
	"errors"
	"fmt"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Operation is the kind of request being admitted.
type Operation string

// Operations.
const (
	Create  Operation = "CREATE"
	Update  Operation = "UPDATE"
	Delete  Operation = "DELETE"
	Connect Operation = "CONNECT"
)

// UserInfo is the authenticated user of a request.
type UserInfo struct {
	Name   string
	UID    string
	Groups []string
}

// Attributes describe one request.
type Attributes struct {
	// Operation is CREATE, UPDATE, DELETE or CONNECT.
	Operation Operation
	// Kind is the kind of Object.
	Kind meta.GroupVersionKind
	// Resource is the resource addressed.
	Resource meta.GroupVersionResource
	// Subresource is "", "status", "scale", "binding", "eviction", ...
	Subresource string
	// Namespace is the request's namespace, "" for cluster-scoped resources.
	Namespace string
	// Name is the object's name (may be empty on create with generateName).
	Name string
	// Object is the new object (create, update); mutators may change it in place.
	// For DELETE it is nil.
	Object meta.Object
	// OldObject is the stored object (update, delete), never to be changed.
	OldObject meta.Object
	// User is who made the request.
	User UserInfo
	// DryRun is true when nothing will be persisted: plugins with side
	// effects must not perform them.
	DryRun bool
	// Options is the operation's options (e.g. *meta.DeleteOptions), may be nil.
	Options any
}

// Plugin is the base of every admission plugin.
type Plugin interface {
	// Name is the plugin's configured name ("LimitRanger").
	Name() string
}

// Mutator may change the object of a request. Admit is called for every
// request that Handles reports; it may be called concurrently.
type Mutator interface {
	Plugin
	Admit(ctx context.Context, a *Attributes) error
}

// Validator may refuse a request. It must not change the object. It may be
// called concurrently.
type Validator interface {
	Plugin
	Validate(ctx context.Context, a *Attributes) error
}

// Handler is an optional interface: a plugin that implements it is only
// called for the operations it returns true for.
type Handler interface {
	Handles(op Operation) bool
}

// Reader gives plugins read access to the server's objects (served from the
// API server's cache; never the store directly).
type Reader interface {
	// Get returns the object of resource gvr in namespace ns named name.
	Get(ctx context.Context, gvr meta.GroupVersionResource, ns, name string) (meta.Object, error)
	// List returns the objects of gvr in ns ("" for all) matching sel (nil for all).
	List(ctx context.Context, gvr meta.GroupVersionResource, ns string, sel labels.Selector) ([]meta.Object, error)
}

// Writer lets plugins with state (ResourceQuota) update objects with optimistic concurrency.
type Writer interface {
	// UpdateStatus writes obj through the status subresource (or the main
	// resource for kinds without one), failing with a Conflict error when its
	// resourceVersion is stale.
	UpdateStatus(ctx context.Context, gvr meta.GroupVersionResource, obj meta.Object) (meta.Object, error)
}

// Host is what plugins get from the server when they are built.
type Host struct {
	Registry *registry.Registry
	Reader   Reader
	Writer   Writer
}

// Factory builds a plugin. config is the plugin's raw configuration (JSON),
// nil when none was given.
type Factory func(host Host, config []byte) (Plugin, error)

// Registry maps plugin names to factories. It is a value: build one with
// NewRegistry and Register, and merge a product's own plugins into it.
type Registry struct {
	factories map[string]Factory
}

// NewRegistry returns an empty plugin registry.
func NewRegistry() *Registry { return &Registry{factories: map[string]Factory{}} }

// Register adds a factory; it fails on a duplicate name.
func (r *Registry) Register(name string, f Factory) error {
	if _, dup := r.factories[name]; dup {
		return fmt.Errorf("admission: plugin %q is already registered", name)
	}
	r.factories[name] = f
	return nil
}

// Merge adds every factory of other; it fails on the first duplicate.
func (r *Registry) Merge(other *Registry) error {
	for n, f := range other.factories {
		if err := r.Register(n, f); err != nil {
			return err
		}
	}
	return nil
}

// Names returns the registered plugin names.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.factories))
	for n := range r.factories {
		out = append(out, n)
	}
	return out
}

// PluginConfig enables one plugin, with optional configuration.
type PluginConfig struct {
	Name   string
	Config []byte
}

// Chain is an ordered set of plugins.
type Chain struct {
	mutators   []Mutator
	validators []Validator
}

// NewChain builds the plugins named in enabled, in that order.
func (r *Registry) NewChain(host Host, enabled []PluginConfig) (*Chain, error) {
	c := &Chain{}
	seen := map[string]bool{}
	for _, pc := range enabled {
		if seen[pc.Name] {
			return nil, fmt.Errorf("admission: plugin %q is enabled twice", pc.Name)
		}
		seen[pc.Name] = true
		f, ok := r.factories[pc.Name]
		if !ok {
			return nil, fmt.Errorf("admission: unknown plugin %q (known: %v)", pc.Name, r.Names())
		}
		p, err := f(host, pc.Config)
		if err != nil {
			return nil, fmt.Errorf("admission: building plugin %q: %w", pc.Name, err)
		}
		c.Add(p)
	}
	return c, nil
}

// Add appends a plugin to the chain (as a mutator, a validator or both).
func (c *Chain) Add(p Plugin) {
	if m, ok := p.(Mutator); ok {
		c.mutators = append(c.mutators, m)
	}
	if v, ok := p.(Validator); ok {
		c.validators = append(c.validators, v)
	}
}

func handles(p Plugin, op Operation) bool {
	if h, ok := p.(Handler); ok {
		return h.Handles(op)
	}
	return true
}

// Admit runs the mutators in order; the first error ends the run.
func (c *Chain) Admit(ctx context.Context, a *Attributes) error {
	if c == nil {
		return nil
	}
	for _, m := range c.mutators {
		if !handles(m, a.Operation) {
			continue
		}
		if err := m.Admit(ctx, a); err != nil {
			return wrap(m, a, err)
		}
	}
	return nil
}

// Validate runs the validators in order; the first error ends the run.
func (c *Chain) Validate(ctx context.Context, a *Attributes) error {
	if c == nil {
		return nil
	}
	for _, v := range c.validators {
		if !handles(v, a.Operation) {
			continue
		}
		if err := v.Validate(ctx, a); err != nil {
			return wrap(v, a, err)
		}
	}
	return nil
}

// wrap turns a plain error into a Forbidden status naming the plugin; an
// error that already has a class keeps it.
func wrap(p Plugin, a *Attributes, err error) error {
	var se *apierrors.StatusError
	if errors.As(err, &se) {
		return err
	}
	for _, c := range []*apierrors.Class{apierrors.ErrNotFound, apierrors.ErrInvalid, apierrors.ErrConflict,
		apierrors.ErrBadRequest, apierrors.ErrTooManyRequests, apierrors.ErrInternal, apierrors.ErrServiceUnavailable} {
		if errors.Is(err, c) {
			return err
		}
	}
	return apierrors.NewForbidden(apierrors.Resource{Group: a.Resource.Group, Resource: a.Resource.Resource}, a.Name, err)
}

// Func adapts functions to a plugin: name plus optional mutate and validate funcs.
type Func struct {
	PluginName string
	MutateFn   func(ctx context.Context, a *Attributes) error
	ValidateFn func(ctx context.Context, a *Attributes) error
}

// Name returns the plugin's name.
func (f *Func) Name() string { return f.PluginName }

// Admit calls MutateFn when set.
func (f *Func) Admit(ctx context.Context, a *Attributes) error {
	if f.MutateFn == nil {
		return nil
	}
	return f.MutateFn(ctx, a)
}

// Validate calls ValidateFn when set.
func (f *Func) Validate(ctx context.Context, a *Attributes) error {
	if f.ValidateFn == nil {
		return nil
	}
	return f.ValidateFn(ctx, a)
}
