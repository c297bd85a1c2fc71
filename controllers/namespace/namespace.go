package namespace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gantryhq/gantry/controllers"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the controller's name.
const Name = "namespace"

// Config configures the controller. The zero value means defaults.
type Config struct {
	// Workers is the number of namespaces handled at once. Default 2.
	Workers int `json:"workers,omitempty"`
}

// finalizerEstimate is how long an object with finalizers is assumed to
// take to go (Kubernetes' finalizerEstimateSeconds).
const finalizerEstimate = 15 * time.Second

// Add builds the controller and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	r, err := New(mgr)
	if err != nil {
		return err
	}
	opts := []controllers.Option{
		controllers.For(controllers.Predicate[*corev1.Namespace]{
			// Only namespaces being deleted need anything.
			Create: func(ns *corev1.Namespace) bool { return ns.DeletionTimestamp != nil },
			Update: func(_, ns *corev1.Namespace) bool { return ns.DeletionTimestamp != nil },
			Delete: func(*corev1.Namespace) bool { return false },
		}),
		controllers.Concurrency(cfg.Workers),
	}
	// The disappearance of an object of a terminating namespace queues it.
	for _, k := range r.kinds {
		opts = append(opts, controllers.WatchesKind(k, r.terminatingNamespaceOf, controllers.Predicate[meta.Object]{
			Create: func(meta.Object) bool { return false },
			Update: func(meta.Object, meta.Object) bool { return false },
		}))
	}
	return controllers.Build(mgr, Name, opts...).Complete(r)
}

// Reconciler empties and releases one namespace (the request's Name).
type Reconciler struct {
	namespaces *controllers.Cache[*corev1.Namespace]
	nsClient   *client.Resource[*corev1.Namespace]
	c          *client.Client
	kinds      []*registry.Kind
	now        func() time.Time
}

// New returns the reconciler.
func New(mgr *controllers.Manager) (*Reconciler, error) {
	namespaces, err := controllers.CacheFor[*corev1.Namespace](mgr)
	if err != nil {
		return nil, err
	}
	r := &Reconciler{
		namespaces: namespaces,
		nsClient:   client.For[*corev1.Namespace](mgr.Client()),
		c:          mgr.Client(),
		now:        time.Now,
	}
	for _, k := range mgr.Registry().Kinds() {
		if k.Namespaced() {
			r.kinds = append(r.kinds, k)
		}
	}
	return r, nil
}

func (r *Reconciler) terminatingNamespaceOf(obj meta.Object) []controllers.Request {
	ns := obj.GetObjectMeta().Namespace
	if n, ok := r.namespaces.Get("", ns); ok && n.DeletionTimestamp != nil {
		return []controllers.Request{{Name: ns}}
	}
	return nil
}

// Reconcile drives the deletion of namespace req.Name one step further.
func (r *Reconciler) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	// Several writers touch a terminating namespace: read the latest.
	ns, err := r.nsClient.Get(ctx, req.Name)
	if apierrors.IsNotFound(err) {
		return controllers.Result{}, nil
	}
	if err != nil {
		return controllers.Result{}, err
	}
	if ns.DeletionTimestamp == nil {
		return controllers.Result{}, nil
	}
	if ns.Status.Phase != corev1.NamespaceTerminating {
		upd := ns.DeepCopy()
		upd.Status.Phase = corev1.NamespaceTerminating
		ns, err = r.nsClient.UpdateStatus(ctx, upd, client.WriteOptions{})
		if apierrors.IsNotFound(err) {
			return controllers.Result{}, nil
		}
		if err != nil {
			return controllers.Result{}, fmt.Errorf("marking namespace %s Terminating: %w", req.Name, err)
		}
	}
	if !hasFinalizer(ns) {
		return controllers.Result{}, nil
	}
	remaining, estimate, err := r.deleteContent(ctx, ns.Name)
	if err != nil {
		return controllers.Result{}, err
	}
	if remaining > 0 {
		controllers.LoggerFrom(ctx).Debug("waiting for the namespace's content to go", "namespace", ns.Name, "remaining", remaining, "estimate", estimate)
		// Each disappearance queues the namespace; this is a safety net.
		return controllers.Result{RequeueAfter: estimate/2 + time.Second}, nil
	}
	if err := r.finalize(ctx, ns); err != nil {
		return controllers.Result{}, err
	}
	controllers.LoggerFrom(ctx).Info("namespace emptied and finalized", "namespace", ns.Name)
	return controllers.Result{}, nil
}

// deleteContent deletes every namespaced object of ns and counts what
// remains, with an estimate of how long it will take to go.
func (r *Reconciler) deleteContent(ctx context.Context, ns string) (remaining int, estimate time.Duration, err error) {
	background := meta.DeletePropagationBackground
	var errs []error
	for _, k := range r.kinds {
		res := client.ForKind(r.c, k).Namespace(ns)
		if err := res.DeleteCollection(ctx, &meta.DeleteOptions{PropagationPolicy: &background}, client.ListOptions{}); err != nil && !apierrors.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("deleting the %s of namespace %s: %w", k.Resource(), ns, err))
			continue
		}
		l, err := res.List(ctx, client.ListOptions{})
		if err != nil {
			errs = append(errs, fmt.Errorf("listing the %s of namespace %s: %w", k.Resource(), ns, err))
			continue
		}
		for _, obj := range l.Items {
			remaining++
			estimate = max(estimate, r.estimate(obj.GetObjectMeta()))
		}
	}
	return remaining, estimate, errors.Join(errs...)
}

// estimate is how long a deleted object may take to go: the rest of its
// grace period, or finalizerEstimate when it has finalizers.
func (r *Reconciler) estimate(m *meta.ObjectMeta) time.Duration {
	var d time.Duration
	if m.DeletionTimestamp != nil && m.DeletionGracePeriodSeconds != nil && *m.DeletionGracePeriodSeconds > 0 {
		d = m.DeletionTimestamp.Sub(r.now())
	}
	if len(m.Finalizers) > 0 {
		d = max(d, finalizerEstimate)
	}
	return max(d, 0)
}

// finalize removes the "kubernetes" finalizer from ns.
func (r *Reconciler) finalize(ctx context.Context, ns *corev1.Namespace) error {
	for attempt := 0; ; attempt++ {
		upd := ns.DeepCopy()
		upd.Spec.Finalizers = nil
		for _, f := range ns.Spec.Finalizers {
			if f != corev1.FinalizerKubernetes {
				upd.Spec.Finalizers = append(upd.Spec.Finalizers, f)
			}
		}
		var out corev1.Namespace
		err := r.nsClient.UpdateSubresource(ctx, ns.Name, "finalize", upd, &out)
		if apierrors.IsNotFound(err) {
			// No finalize subresource (or no namespace any more): update
			// the namespace itself.
			var got *corev1.Namespace
			got, err = r.nsClient.Update(ctx, upd, client.WriteOptions{})
			if err == nil && hasFinalizer(got) {
				return controllers.TerminalError(fmt.Errorf("cannot remove the %q finalizer of namespace %s: the API server serves no namespaces/finalize subresource and keeps spec.finalizers on update",
					corev1.FinalizerKubernetes, ns.Name))
			}
		}
		switch {
		case err == nil, apierrors.IsNotFound(err):
			return nil
		case apierrors.IsConflict(err) && attempt < 5:
			fresh, gerr := r.nsClient.Get(ctx, ns.Name)
			if apierrors.IsNotFound(gerr) {
				return nil
			}
			if gerr != nil {
				return gerr
			}
			if fresh.UID != ns.UID {
				return nil // a new namespace of the same name
			}
			ns = fresh
		default:
			return fmt.Errorf("finalizing namespace %s: %w", ns.Name, err)
		}
	}
}

func hasFinalizer(ns *corev1.Namespace) bool {
	for _, f := range ns.Spec.Finalizers {
		if f == corev1.FinalizerKubernetes {
			return true
		}
	}
	return false
}
