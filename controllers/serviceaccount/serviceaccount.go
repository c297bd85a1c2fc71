package serviceaccount

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/controllers"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the controller's name.
const Name = "serviceaccount"

// Config configures the controller. The zero value means defaults.
type Config struct {
	// ServiceAccounts are the accounts every active namespace gets.
	// Default ["default"].
	ServiceAccounts []string `json:"serviceAccounts,omitempty"`
	// Workers is the number of namespaces handled at once. Default 2.
	Workers int `json:"workers,omitempty"`
}

// Add builds the controller and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	if len(cfg.ServiceAccounts) == 0 {
		cfg.ServiceAccounts = []string{"default"}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	r, err := New(mgr, cfg)
	if err != nil {
		return err
	}
	wanted := map[string]bool{}
	for _, n := range cfg.ServiceAccounts {
		wanted[n] = true
	}
	return controllers.Build(mgr, Name,
		controllers.For[*corev1.Namespace](),
		// A deleted account queues its namespace (only deletions matter:
		// the account is otherwise left as users change it).
		controllers.Watches(func(sa *corev1.ServiceAccount) []controllers.Request {
			if !wanted[sa.Name] {
				return nil
			}
			return []controllers.Request{{Name: sa.Namespace}}
		}, controllers.Predicate[*corev1.ServiceAccount]{
			Create: func(*corev1.ServiceAccount) bool { return false },
			Update: func(_, sa *corev1.ServiceAccount) bool { return sa.DeletionTimestamp != nil },
		}),
		controllers.Concurrency(cfg.Workers),
	).Complete(r)
}

// Reconciler creates the missing accounts of one namespace (the request's
// Name).
type Reconciler struct {
	accounts   []string
	namespaces *controllers.Cache[*corev1.Namespace]
	sas        *controllers.Cache[*corev1.ServiceAccount]
	client     *client.Resource[*corev1.ServiceAccount]
}

// New returns the reconciler; cfg must have its defaults applied (Add does).
func New(mgr *controllers.Manager, cfg Config) (*Reconciler, error) {
	ns, err := controllers.CacheFor[*corev1.Namespace](mgr)
	if err != nil {
		return nil, err
	}
	sas, err := controllers.CacheFor[*corev1.ServiceAccount](mgr)
	if err != nil {
		return nil, err
	}
	return &Reconciler{
		accounts:   cfg.ServiceAccounts,
		namespaces: ns,
		sas:        sas,
		client:     client.For[*corev1.ServiceAccount](mgr.Client()),
	}, nil
}

// Reconcile ensures the accounts of namespace req.Name.
func (r *Reconciler) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	ns, ok := r.namespaces.Get("", req.Name)
	if !ok || ns.DeletionTimestamp != nil || ns.Status.Phase != corev1.NamespaceActive {
		return controllers.Result{}, nil
	}
	for _, name := range r.accounts {
		if sa, ok := r.sas.Get(ns.Name, name); ok && sa.DeletionTimestamp == nil {
			continue
		}
		sa := &corev1.ServiceAccount{ObjectMeta: meta.ObjectMeta{Namespace: ns.Name, Name: name}}
		_, err := r.client.Namespace(ns.Name).Create(ctx, sa, client.WriteOptions{})
		switch {
		case err == nil:
			controllers.LoggerFrom(ctx).Info("created service account", "namespace", ns.Name, "name", name)
		case apierrors.IsAlreadyExists(err):
			// The cache lags, or an account being deleted is still there:
			// its deletion queues the namespace again.
		case isNamespaceTerminating(err):
			return controllers.Result{}, nil
		default:
			return controllers.Result{}, fmt.Errorf("creating service account %s/%s: %w", ns.Name, name, err)
		}
	}
	return controllers.Result{}, nil
}

// isNamespaceTerminating reports the NamespaceLifecycle refusal of a
// create in a terminating namespace.
func isNamespaceTerminating(err error) bool {
	if !apierrors.IsForbidden(err) {
		return false
	}
	st := apierrors.ToStatus(err)
	if st.Details == nil {
		return false
	}
	for _, c := range st.Details.Causes {
		if string(c.Type) == corev1.NamespaceTerminatingCause {
			return true
		}
	}
	return false
}
