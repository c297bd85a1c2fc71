package garbagecollector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/gantryhq/gantry/controllers"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the controller's name.
const Name = "garbagecollector"

// Config configures the collector. The zero value means defaults.
type Config struct {
	// Workers is the number of objects handled at once. Default 4.
	Workers int `json:"workers,omitempty"`
}

// Add builds the collector and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	gc := New(mgr)
	return controllers.Build(mgr, Name,
		controllers.WatchesSource(&graphSource{gc: gc}),
		controllers.Concurrency(cfg.Workers),
	).Complete(gc)
}

// ignored are the resources never collected, as in Kubernetes.
var ignored = map[meta.GroupVersionResource]bool{
	{Version: "v1", Resource: "events"}:                         true,
	{Group: "events.k8s.io", Version: "v1", Resource: "events"}: true,
}

// GarbageCollector reconciles objects by UID (Request.Name) from its graph
// of owner references.
type GarbageCollector struct {
	c     *client.Client
	reg   *registry.Registry
	kinds []*registry.Kind
	g     *graph
	// absent remembers owner UIDs found missing in the API; a UID never
	// comes back, so the entries never go stale.
	absent *uidSet
}

var _ controllers.Reconciler = (*GarbageCollector)(nil)

// New returns a collector over every kind of mgr's registry but events.
// Add wires it into a controller; New is for callers that wire it themselves.
func New(mgr *controllers.Manager) *GarbageCollector {
	gc := &GarbageCollector{
		c:      mgr.Client(),
		reg:    mgr.Registry(),
		g:      newGraph(),
		absent: newUIDSet(4096),
	}
	for _, k := range mgr.Registry().Kinds() {
		if !ignored[k.GVR()] {
			gc.kinds = append(gc.kinds, k)
		}
	}
	return gc
}

// Reconcile handles the object whose UID is req.Name: it carries out its
// orphan or foreground deletion when it is an owner being deleted so, and
// otherwise deletes it (or drops owner references) when its owners are gone.
func (gc *GarbageCollector) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	n, ok := gc.g.node(meta.UID(req.Name))
	if !ok {
		return controllers.Result{}, nil
	}
	var err error
	switch {
	case n.orphan:
		err = gc.orphanDependents(ctx, n)
	case n.foreground:
		err = gc.deleteDependents(ctx, n)
	case n.deleting || len(n.owners) == 0:
		// Being deleted (its deletion will queue its dependents), or owned by nobody.
	default:
		err = gc.attemptToDelete(ctx, n)
	}
	return controllers.Result{}, err
}

// orphanDependents removes n from its dependents' owner references, then
// n's orphan finalizer.
func (gc *GarbageCollector) orphanDependents(ctx context.Context, n node) error {
	var errs []error
	for _, dep := range gc.g.dependentsOf(n.id.uid) {
		if err := gc.removeOwnerRefs(ctx, dep.id, map[meta.UID]bool{n.id.uid: true}); err != nil {
			errs = append(errs, fmt.Errorf("orphaning %s: %w", dep.id, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	controllers.LoggerFrom(ctx).Debug("dependents orphaned", "owner", n.id.String())
	return gc.removeFinalizer(ctx, n.id, meta.FinalizerOrphanDependents)
}

// deleteDependents drives the foreground deletion of n: its dependents
// are queued for deletion, and its finalizer is removed once none of them
// blocks it.
func (gc *GarbageCollector) deleteDependents(ctx context.Context, n node) error {
	deps := gc.g.dependentsOf(n.id.uid)
	blocking := 0
	for _, dep := range deps {
		if dep.blocks(n.id.uid) {
			blocking++
		}
	}
	if blocking == 0 {
		controllers.LoggerFrom(ctx).Debug("no blocking dependents left", "owner", n.id.String())
		return gc.removeFinalizer(ctx, n.id, meta.FinalizerDeleteDependents)
	}
	for _, dep := range deps {
		if !dep.foreground {
			gc.g.enqueue(dep.id.uid)
		}
	}
	return nil
}

// ownerState classifies one owner reference.
type ownerState int

const (
	solid    ownerState = iota // the owner exists and is not waiting for its dependents
	dangling                   // the owner is gone (or was replaced: another UID)
	waiting                    // the owner is being deleted in the foreground
)

// attemptToDelete deletes n, or drops its dangling owner references, when
// its owners are gone (Kubernetes' attemptToDeleteItem).
func (gc *GarbageCollector) attemptToDelete(ctx context.Context, n node) error {
	states, err := gc.classify(ctx, n.id, n.owners)
	if err != nil {
		return err
	}
	if count(states, dangling)+count(states, waiting) == 0 {
		return nil
	}
	// Act on the latest version, not the cache's.
	res := gc.resource(n.id)
	latest, err := res.Get(ctx, n.id.name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	m := latest.GetObjectMeta()
	if m.UID != n.id.uid || m.DeletionTimestamp != nil || len(m.OwnerReferences) == 0 {
		return nil
	}
	states, err = gc.classify(ctx, n.id, m.OwnerReferences)
	if err != nil {
		return err
	}
	log := controllers.LoggerFrom(ctx)
	switch {
	case count(states, solid) > 0:
		drop := map[meta.UID]bool{}
		for i, s := range states {
			if s != solid {
				drop[m.OwnerReferences[i].UID] = true
			}
		}
		if len(drop) == 0 {
			return nil
		}
		log.Debug("removing owner references to owners that are gone or being deleted", "object", n.id.String())
		return gc.removeOwnerRefs(ctx, n.id, drop)
	case count(states, waiting) > 0 && gc.g.hasDependents(n.id.uid):
		// An owner waits for this object, which has dependents of its own:
		// delete it in the foreground too.
		return gc.delete(ctx, n.id, m, meta.DeletePropagationForeground)
	default:
		policy := meta.DeletePropagationBackground
		switch {
		case m.HasFinalizer(meta.FinalizerOrphanDependents):
			policy = meta.DeletePropagationOrphan
		case m.HasFinalizer(meta.FinalizerDeleteDependents):
			policy = meta.DeletePropagationForeground
		}
		return gc.delete(ctx, n.id, m, policy)
	}
}

func count(states []ownerState, s ownerState) int {
	n := 0
	for _, x := range states {
		if x == s {
			n++
		}
	}
	return n
}

// classify returns the state of each owner reference of the object id.
func (gc *GarbageCollector) classify(ctx context.Context, id identity, refs []meta.OwnerReference) ([]ownerState, error) {
	out := make([]ownerState, len(refs))
	for i, ref := range refs {
		s, err := gc.ownerStateOf(ctx, id, ref)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (gc *GarbageCollector) ownerStateOf(ctx context.Context, id identity, ref meta.OwnerReference) (ownerState, error) {
	if gc.absent.has(ref.UID) {
		return dangling, nil
	}
	gv := meta.ParseGroupVersion(ref.APIVersion)
	k, ok := gc.reg.KindFor(meta.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: ref.Kind})
	if !ok {
		// Another version of the same group and kind would do.
		for _, other := range gc.reg.Kinds() {
			if other.GVK().Group == gv.Group && other.GVK().Kind == ref.Kind {
				k, ok = other, true
				break
			}
		}
	}
	if !ok {
		return solid, controllers.TerminalError(fmt.Errorf("%s has an owner reference to %s %q of kind %s, which is not registered: leaving it alone",
			id, ref.APIVersion, ref.Name, ref.Kind))
	}
	ns := ""
	if k.Namespaced() {
		if id.namespace == "" {
			return solid, controllers.TerminalError(fmt.Errorf("cluster-scoped %s has an owner reference to namespaced %s %q, which is invalid: leaving it alone",
				id, ref.Kind, ref.Name))
		}
		ns = id.namespace
	}
	// The graph knows most owners; one it does not know may be too new for
	// the caches, so ask the API.
	if o, ok := gc.g.node(ref.UID); ok && o.id.kind == k && o.id.namespace == ns {
		if o.foreground {
			return waiting, nil
		}
		return solid, nil
	}
	owner, err := client.ForKind(gc.c, k).Namespace(ns).Get(ctx, ref.Name)
	switch {
	case apierrors.IsNotFound(err):
		gc.absent.add(ref.UID)
		return dangling, nil
	case err != nil:
		return solid, fmt.Errorf("looking up the owner %s %s/%s of %s: %w", ref.Kind, ns, ref.Name, id, err)
	}
	om := owner.GetObjectMeta()
	if om.UID != ref.UID {
		gc.absent.add(ref.UID)
		return dangling, nil
	}
	if om.DeletionTimestamp != nil && om.HasFinalizer(meta.FinalizerDeleteDependents) {
		return waiting, nil
	}
	return solid, nil
}

func (gc *GarbageCollector) resource(id identity) *client.Resource[meta.Object] {
	return client.ForKind(gc.c, id.kind).Namespace(id.namespace)
}

// delete deletes the object id at the version m, with policy.
func (gc *GarbageCollector) delete(ctx context.Context, id identity, m *meta.ObjectMeta, policy meta.DeletionPropagation) error {
	uid, rv := m.UID, m.ResourceVersion
	err := gc.resource(id).Delete(ctx, id.name, &meta.DeleteOptions{
		PropagationPolicy: &policy,
		Preconditions:     &meta.Preconditions{UID: &uid, ResourceVersion: &rv},
	})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("deleting %s: %w", id, err)
	}
	controllers.LoggerFrom(ctx).Info("deleted object whose owners are gone", "object", id.String(), "propagationPolicy", string(policy))
	return nil
}

// maxPatchAttempts bounds the read-patch retries on conflicts.
const maxPatchAttempts = 5

// patchMeta re-reads the object id and, when edit changes its metadata,
// merge-patches the changed field with the read resourceVersion and the
// UID as preconditions; it retries on conflicts. A missing object, or one
// with another UID, is fine.
func (gc *GarbageCollector) patchMeta(ctx context.Context, id identity, edit func(m *meta.ObjectMeta) (field string, value any, changed bool)) error {
	res := gc.resource(id)
	for attempt := 1; ; attempt++ {
		obj, err := res.Get(ctx, id.name)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		m := obj.GetObjectMeta()
		if m.UID != id.uid {
			return nil
		}
		field, value, changed := edit(m)
		if !changed {
			return nil
		}
		body, err := json.Marshal(map[string]any{"metadata": map[string]any{
			field: value, "resourceVersion": m.ResourceVersion, "uid": m.UID,
		}})
		if err != nil {
			return err
		}
		_, err = res.Patch(ctx, id.name, client.MergePatchType, body, client.WriteOptions{})
		switch {
		case err == nil, apierrors.IsNotFound(err):
			return nil
		case apierrors.IsConflict(err) && attempt < maxPatchAttempts:
			continue
		default:
			return fmt.Errorf("patching %s: %w", id, err)
		}
	}
}

// removeOwnerRefs removes the owner references to the UIDs in drop from id.
func (gc *GarbageCollector) removeOwnerRefs(ctx context.Context, id identity, drop map[meta.UID]bool) error {
	return gc.patchMeta(ctx, id, func(m *meta.ObjectMeta) (string, any, bool) {
		keep := make([]meta.OwnerReference, 0, len(m.OwnerReferences))
		for _, r := range m.OwnerReferences {
			if !drop[r.UID] {
				keep = append(keep, r)
			}
		}
		if len(keep) == len(m.OwnerReferences) {
			return "", nil, false
		}
		if len(keep) == 0 {
			return "ownerReferences", nil, true
		}
		return "ownerReferences", keep, true
	})
}

// removeFinalizer removes finalizer f from id.
func (gc *GarbageCollector) removeFinalizer(ctx context.Context, id identity, f string) error {
	return gc.patchMeta(ctx, id, func(m *meta.ObjectMeta) (string, any, bool) {
		if !m.HasFinalizer(f) {
			return "", nil, false
		}
		var keep []string
		for _, x := range m.Finalizers {
			if x != f {
				keep = append(keep, x)
			}
		}
		if len(keep) == 0 {
			return "finalizers", nil, true
		}
		return "finalizers", keep, true
	})
}

// uidSet is a bounded set of UIDs (oldest evicted first).
type uidSet struct {
	mu    sync.Mutex
	max   int
	set   map[meta.UID]bool
	order []meta.UID
}

func newUIDSet(max int) *uidSet { return &uidSet{max: max, set: map[meta.UID]bool{}} }

func (s *uidSet) has(uid meta.UID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.set[uid]
}

func (s *uidSet) add(uid meta.UID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set[uid] {
		return
	}
	s.set[uid] = true
	s.order = append(s.order, uid)
	if len(s.order) > s.max {
		delete(s.set, s.order[0])
		s.order = s.order[1:]
	}
}
