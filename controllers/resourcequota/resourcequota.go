package resourcequota

import (
	"context"
	"fmt"
	"time"

	"github.com/gantryhq/gantry/controllers"
	quota "github.com/gantryhq/gantry/sdk/admission/plugins/resourcequota"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the controller's name.
const Name = "resourcequota"

// Config configures the controller. The zero value means defaults.
type Config struct {
	// ResyncPeriod is how often every quota is recomputed. Default "5m".
	ResyncPeriod meta.Duration `json:"resyncPeriod,omitempty"`
	// Workers is the number of quotas recomputed at once. Default 2.
	Workers int `json:"workers,omitempty"`
}

// Add builds the controller and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	if cfg.ResyncPeriod.Duration <= 0 {
		cfg.ResyncPeriod.Duration = 5 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	r, err := New(mgr, cfg)
	if err != nil {
		return err
	}
	opts := []controllers.Option{
		controllers.For(controllers.Predicate[*corev1.ResourceQuota]{
			Update: func(old, q *corev1.ResourceQuota) bool {
				return old == q || // resync
					!equal(old.Spec.Hard, q.Spec.Hard) || !equal(q.Spec.Hard, q.Status.Hard)
			},
		}),
		controllers.Concurrency(cfg.Workers),
	}
	// Replenishment: deletions and usage changes of tracked objects queue
	// the quotas of their namespace that track them.
	for _, k := range r.kinds {
		opts = append(opts, controllers.WatchesKind(k, r.quotasFor, controllers.Predicate[meta.Object]{
			Create: func(meta.Object) bool { return false },
			Update: func(old, obj meta.Object) bool {
				u1, _ := quota.Usage(old)
				u2, _ := quota.Usage(obj)
				return !equal(u1, u2)
			},
		}))
	}
	return controllers.Build(mgr, Name, opts...).Complete(r)
}

// Reconciler recomputes one quota's status.
type Reconciler struct {
	resync time.Duration
	quotas *controllers.Cache[*corev1.ResourceQuota]
	client *client.Resource[*corev1.ResourceQuota]
	// kinds are the namespaced kinds quota may track, with their caches.
	kinds []*registry.Kind
	mgr   *controllers.Manager
}

// New returns the reconciler; cfg must have its defaults applied (Add does).
func New(mgr *controllers.Manager, cfg Config) (*Reconciler, error) {
	quotas, err := controllers.CacheFor[*corev1.ResourceQuota](mgr)
	if err != nil {
		return nil, err
	}
	r := &Reconciler{
		resync: cfg.ResyncPeriod.Duration,
		quotas: quotas,
		client: client.For[*corev1.ResourceQuota](mgr.Client()),
		mgr:    mgr,
	}
	for _, k := range mgr.Registry().Kinds() {
		if !k.Namespaced() {
			continue
		}
		if _, ok := quota.Usage(k.New()); !ok {
			continue // events and other kinds quota never counts
		}
		r.kinds = append(r.kinds, k)
	}
	return r, nil
}

// quotasFor maps an object to the quotas of its namespace that track it.
func (r *Reconciler) quotasFor(obj meta.Object) []controllers.Request {
	ns := obj.GetObjectMeta().Namespace
	var reqs []controllers.Request
	for _, q := range r.quotas.List(ns, nil) {
		if quota.Matches(q, obj) {
			reqs = append(reqs, controllers.Request{Namespace: ns, Name: q.Name})
		}
	}
	return reqs
}

// Reconcile recomputes the status of quota req.
func (r *Reconciler) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	q, ok := r.quotas.Get(req.Namespace, req.Name)
	if !ok || q.DeletionTimestamp != nil {
		return controllers.Result{}, nil
	}
	used := r.usage(q)
	if equal(q.Status.Hard, q.Spec.Hard) && equal(q.Status.Used, used) {
		return controllers.Result{RequeueAfter: r.resync}, nil
	}
	upd := q.DeepCopy()
	upd.Status.Hard = copyList(q.Spec.Hard)
	upd.Status.Used = used
	if _, err := r.client.Namespace(q.Namespace).UpdateStatus(ctx, upd, client.WriteOptions{}); err != nil {
		if apierrors.IsNotFound(err) {
			return controllers.Result{}, nil
		}
		// A conflict means the admission plugin or a user wrote the quota
		// meanwhile: recompute from the newer version (its event may
		// already be queued; the back-off is short).
		return controllers.Result{}, fmt.Errorf("updating the status of quota %s: %w", req, err)
	}
	return controllers.Result{RequeueAfter: r.resync}, nil
}

// usage sums the usage of the objects q tracks, restricted to the names of
// spec.hard (each present, 0 when unused).
func (r *Reconciler) usage(q *corev1.ResourceQuota) corev1.ResourceList {
	used := corev1.ResourceList{}
	for name := range q.Spec.Hard {
		used[name] = resource.MustParse("0")
	}
	if len(q.Spec.Hard) == 0 {
		return used
	}
	scoped := len(q.Spec.Scopes) > 0 || q.Spec.ScopeSelector != nil
	for _, k := range r.kinds {
		// Skip kinds the quota cannot track (it names none of their
		// resources); with scopes an empty object may not match, so every
		// kind is looked at.
		if probe := k.New(); !scoped && !quota.Matches(q, withNamespace(probe, q.Namespace)) {
			continue
		}
		objs, _ := r.mgr.InformerForKind(k).ByIndex(client.NamespaceIndex, q.Namespace)
		for _, obj := range objs {
			if !quota.Matches(q, obj) {
				continue
			}
			u, ok := quota.Usage(obj)
			if !ok {
				continue
			}
			for name, v := range u {
				if cur, tracked := used[name]; tracked {
					cur.Add(v)
					used[name] = cur
				}
			}
		}
	}
	return used
}

func withNamespace(obj meta.Object, ns string) meta.Object {
	obj.GetObjectMeta().Namespace = ns
	return obj
}

func copyList(l corev1.ResourceList) corev1.ResourceList {
	if l == nil {
		return nil
	}
	out := make(corev1.ResourceList, len(l))
	for k, v := range l {
		out[k] = v.DeepCopy()
	}
	return out
}

// equal reports whether a and b hold the same names with equal quantities.
func equal(a, b corev1.ResourceList) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || v.Cmp(w) != 0 {
			return false
		}
	}
	return true
}
