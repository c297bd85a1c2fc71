package replicaset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gantryhq/gantry/controllers"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

const (
	// Name is the ReplicaSet controller's name.
	Name = "replicaset"
	// RCName is the ReplicationController controller's name.
	RCName = "replicationcontroller"

	// DefaultBurstReplicas is the most pods created or deleted in one sync.
	DefaultBurstReplicas = 500

	// Condition reasons of the ReplicaFailure condition.
	FailedCreateReason = "FailedCreate"
	FailedDeleteReason = "FailedDelete"
)

// Config configures either controller. The zero value means defaults.
type Config struct {
	// Workers is the number of controllers synced at once. Default 5.
	Workers int `json:"workers,omitempty"`
	// BurstReplicas is the most pods created or deleted in one sync.
	// Default 500.
	BurstReplicas int `json:"burstReplicas,omitempty"`
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = 5
	}
	if c.BurstReplicas <= 0 {
		c.BurstReplicas = DefaultBurstReplicas
	}
}

// Add builds the ReplicaSet controller and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	return add(mgr, Name, replicaSetAdapter, cfg)
}

// AddReplicationController builds the ReplicationController controller
// and adds it to mgr.
func AddReplicationController(mgr *controllers.Manager, cfg Config) error {
	return add(mgr, RCName, rcAdapter, cfg)
}

func add[T meta.Object](mgr *controllers.Manager, name string, a adapter[T], cfg Config) error {
	cfg.defaults()
	r, err := newReconciler(mgr, name, a, cfg)
	if err != nil {
		return err
	}
	return controllers.Build(mgr, name,
		controllers.For[T](),
		controllers.WatchesSource(&podSource[T]{r: r}),
		controllers.Concurrency(cfg.Workers),
	).Complete(r)
}

// status is the status shared by ReplicaSets and ReplicationControllers.
type status struct {
	Replicas             int32
	FullyLabeledReplicas int32
	ReadyReplicas        int32
	AvailableReplicas    int32
	ObservedGeneration   int64
	Conditions           []condition
}

type condition struct {
	Type               string
	Status             corev1.ConditionStatus
	LastTransitionTime meta.Time
	Reason             string
	Message            string
}

func (s status) equal(o status) bool {
	if s.Replicas != o.Replicas || s.FullyLabeledReplicas != o.FullyLabeledReplicas || s.ReadyReplicas != o.ReadyReplicas ||
		s.AvailableReplicas != o.AvailableReplicas || s.ObservedGeneration != o.ObservedGeneration || len(s.Conditions) != len(o.Conditions) {
		return false
	}
	for i, c := range s.Conditions {
		d := o.Conditions[i]
		if c.Type != d.Type || c.Status != d.Status || c.Reason != d.Reason || c.Message != d.Message || !c.LastTransitionTime.Time.Equal(d.LastTransitionTime.Time) {
			return false
		}
	}
	return true
}

// adapter gives the reconciler access to one kind's fields, as Kubernetes'
// conversion of ReplicationControllers to ReplicaSets does.
type adapter[T meta.Object] struct {
	apiVersion, kind string
	replicas         func(T) int32
	minReadySeconds  func(T) int32
	selector         func(T) (labels.Selector, error)
	template         func(T) *corev1.PodTemplateSpec
	status           func(T) status
	setStatus        func(T, status)
}

var replicaSetAdapter = adapter[*appsv1.ReplicaSet]{
	apiVersion: "apps/v1",
	kind:       "ReplicaSet",
	replicas: func(rs *appsv1.ReplicaSet) int32 {
		if rs.Spec.Replicas == nil {
			return 1
		}
		return *rs.Spec.Replicas
	},
	minReadySeconds: func(rs *appsv1.ReplicaSet) int32 { return rs.Spec.MinReadySeconds },
	selector: func(rs *appsv1.ReplicaSet) (labels.Selector, error) {
		return labels.FromLabelSelector(rs.Spec.Selector)
	},
	template: func(rs *appsv1.ReplicaSet) *corev1.PodTemplateSpec { return &rs.Spec.Template },
	status: func(rs *appsv1.ReplicaSet) status {
		s := status{
			Replicas: rs.Status.Replicas, FullyLabeledReplicas: rs.Status.FullyLabeledReplicas, ReadyReplicas: rs.Status.ReadyReplicas,
			AvailableReplicas: rs.Status.AvailableReplicas, ObservedGeneration: rs.Status.ObservedGeneration,
		}
		for _, c := range rs.Status.Conditions {
			s.Conditions = append(s.Conditions, condition{string(c.Type), c.Status, c.LastTransitionTime, c.Reason, c.Message})
		}
		return s
	},
	setStatus: func(rs *appsv1.ReplicaSet, s status) {
		rs.Status = appsv1.ReplicaSetStatus{
			Replicas: s.Replicas, FullyLabeledReplicas: s.FullyLabeledReplicas, ReadyReplicas: s.ReadyReplicas,
			AvailableReplicas: s.AvailableReplicas, ObservedGeneration: s.ObservedGeneration,
		}
		for _, c := range s.Conditions {
			rs.Status.Conditions = append(rs.Status.Conditions, appsv1.ReplicaSetCondition{
				Type: appsv1.ReplicaSetConditionType(c.Type), Status: c.Status, LastTransitionTime: c.LastTransitionTime, Reason: c.Reason, Message: c.Message,
			})
		}
	},
}

var rcAdapter = adapter[*corev1.ReplicationController]{
	apiVersion: "v1",
	kind:       "ReplicationController",
	replicas: func(rc *corev1.ReplicationController) int32 {
		if rc.Spec.Replicas == nil {
			return 1
		}
		return *rc.Spec.Replicas
	},
	minReadySeconds: func(rc *corev1.ReplicationController) int32 { return rc.Spec.MinReadySeconds },
	selector: func(rc *corev1.ReplicationController) (labels.Selector, error) {
		if len(rc.Spec.Selector) == 0 {
			return labels.Nothing(), nil
		}
		return labels.SelectorFromSet(rc.Spec.Selector), nil
	},
	template: func(rc *corev1.ReplicationController) *corev1.PodTemplateSpec { return rc.Spec.Template },
	status: func(rc *corev1.ReplicationController) status {
		s := status{
			Replicas: rc.Status.Replicas, FullyLabeledReplicas: rc.Status.FullyLabeledReplicas, ReadyReplicas: rc.Status.ReadyReplicas,
			AvailableReplicas: rc.Status.AvailableReplicas, ObservedGeneration: rc.Status.ObservedGeneration,
		}
		for _, c := range rc.Status.Conditions {
			s.Conditions = append(s.Conditions, condition{string(c.Type), c.Status, c.LastTransitionTime, c.Reason, c.Message})
		}
		return s
	},
	setStatus: func(rc *corev1.ReplicationController, s status) {
		rc.Status = corev1.ReplicationControllerStatus{
			Replicas: s.Replicas, FullyLabeledReplicas: s.FullyLabeledReplicas, ReadyReplicas: s.ReadyReplicas,
			AvailableReplicas: s.AvailableReplicas, ObservedGeneration: s.ObservedGeneration,
		}
		for _, c := range s.Conditions {
			rc.Status.Conditions = append(rc.Status.Conditions, corev1.ReplicationControllerCondition{
				Type: corev1.ReplicationControllerConditionType(c.Type), Status: c.Status, LastTransitionTime: c.LastTransitionTime, Reason: c.Reason, Message: c.Message,
			})
		}
	},
}

// reconciler syncs one ReplicaSet or ReplicationController.
type reconciler[T meta.Object] struct {
	a        adapter[T]
	burst    int
	owners   *controllers.Cache[T]
	pods     *controllers.Cache[*corev1.Pod]
	client   *client.Resource[T]
	podc     *client.Resource[*corev1.Pod]
	exp      *expectations
	recorder controllers.EventRecorder
	now      func() time.Time
}

func newReconciler[T meta.Object](mgr *controllers.Manager, name string, a adapter[T], cfg Config) (*reconciler[T], error) {
	owners, err := controllers.CacheFor[T](mgr)
	if err != nil {
		return nil, err
	}
	pods, err := controllers.CacheFor[*corev1.Pod](mgr)
	if err != nil {
		return nil, err
	}
	return &reconciler[T]{
		a:        a,
		burst:    cfg.BurstReplicas,
		owners:   owners,
		pods:     pods,
		client:   client.For[T](mgr.Client()),
		podc:     client.For[*corev1.Pod](mgr.Client()),
		exp:      newExpectations(time.Now),
		recorder: mgr.EventRecorderFor(name + "-controller"),
		now:      time.Now,
	}, nil
}

func boolPtr(b bool) *bool { return &b }

func (r *reconciler[T]) ownerRef(m *meta.ObjectMeta) meta.OwnerReference {
	return meta.OwnerReference{
		APIVersion: r.a.apiVersion, Kind: r.a.kind, Name: m.Name, UID: m.UID,
		Controller: boolPtr(true), BlockOwnerDeletion: boolPtr(true),
	}
}

// Reconcile syncs the controller named by req.
func (r *reconciler[T]) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	key := req.String()
	owner, ok := r.owners.Get(req.Namespace, req.Name)
	if !ok {
		r.exp.forget(key)
		return controllers.Result{}, nil
	}
	m := owner.GetObjectMeta()
	needsSync := r.exp.satisfied(key)
	sel, err := r.a.selector(owner)
	if err != nil {
		return controllers.Result{}, controllers.TerminalError(fmt.Errorf("%s %s has an invalid selector: %w", r.a.kind, key, err))
	}
	var active []*corev1.Pod
	for _, p := range r.pods.List(req.Namespace, nil) {
		if IsPodActive(p) {
			active = append(active, p)
		}
	}
	pods, err := r.claimPods(ctx, owner, sel, active)
	if err != nil {
		return controllers.Result{}, err
	}
	var manageErr error
	var manageReason string
	if needsSync && m.DeletionTimestamp == nil {
		var deleted map[string]bool
		manageReason, deleted, manageErr = r.manageReplicas(ctx, key, owner, pods)
		if len(deleted) > 0 {
			// The pods just deleted are terminating: the status does not
			// count them (a Deployment scales on it at once).
			kept := pods[:0:0]
			for _, p := range pods {
				if !deleted[p.Name] {
					kept = append(kept, p)
				}
			}
			pods = kept
		}
	}
	st := r.calculateStatus(owner, pods, manageReason, manageErr)
	if !st.equal(r.a.status(owner)) {
		if err := r.updateStatus(ctx, owner, st); err != nil {
			return controllers.Result{}, errors.Join(manageErr, fmt.Errorf("updating the status of %s %s: %w", r.a.kind, key, err))
		}
	}
	if manageErr != nil {
		return controllers.Result{}, manageErr
	}
	mrs := r.a.minReadySeconds(owner)
	if mrs > 0 && st.ReadyReplicas == r.a.replicas(owner) && st.AvailableReplicas != st.ReadyReplicas {
		return controllers.Result{RequeueAfter: time.Duration(mrs) * time.Second}, nil
	}
	return controllers.Result{}, nil
}

// updateStatus writes st as owner's status; on a conflict (another
// writer changed the object since the cache saw it) it reads the object
// again and retries, as Kubernetes does. A deleted owner is no error.
func (r *reconciler[T]) updateStatus(ctx context.Context, owner T, st status) error {
	m := owner.GetObjectMeta()
	res := r.client.Namespace(m.Namespace)
	cur := owner
	for attempt := 0; ; attempt++ {
		cp := cur.DeepCopyObject().(T)
		r.a.setStatus(cp, st)
		_, err := res.UpdateStatus(ctx, cp, client.WriteOptions{})
		switch {
		case err == nil || apierrors.IsNotFound(err):
			return nil
		case !apierrors.IsConflict(err) || attempt == 2:
			return err
		}
		fresh, gerr := res.Get(ctx, m.Name)
		if gerr != nil {
			return ignoreNotFound(gerr)
		}
		if fresh.GetObjectMeta().UID != m.UID {
			return nil
		}
		cur = fresh
	}
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// claimPods adopts the orphans among pods that match sel, releases the
// owned pods that no longer match, and returns the pods owner controls.
func (r *reconciler[T]) claimPods(ctx context.Context, owner T, sel labels.Selector, pods []*corev1.Pod) ([]*corev1.Pod, error) {
	m := owner.GetObjectMeta()
	var (
		claimed  []*corev1.Pod
		errs     []error
		checked  bool
		canAdopt bool
	)
	for _, p := range pods {
		matches := sel.Matches(labels.Set(p.Labels))
		if ref := meta.GetControllerOf(&p.ObjectMeta); ref != nil {
			if ref.UID != m.UID {
				continue
			}
			if matches {
				claimed = append(claimed, p)
				continue
			}
			if m.DeletionTimestamp != nil {
				continue
			}
			if err := r.release(ctx, p, m.UID); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if !matches || m.DeletionTimestamp != nil || p.DeletionTimestamp != nil {
			continue
		}
		if !checked {
			// Recheck with a live read that the owner is not being
			// deleted (the cache may lag) before adopting anything.
			checked = true
			fresh, err := r.client.Namespace(m.Namespace).Get(ctx, m.Name)
			if err != nil {
				errs = append(errs, fmt.Errorf("rechecking %s %s/%s before adoption: %w", r.a.kind, m.Namespace, m.Name, err))
			} else {
				fm := fresh.GetObjectMeta()
				canAdopt = fm.UID == m.UID && fm.DeletionTimestamp == nil
			}
		}
		if !canAdopt {
			continue
		}
		adopted, err := r.adopt(ctx, p, r.ownerRef(m))
		if err != nil {
			if !apierrors.IsNotFound(err) {
				errs = append(errs, err)
			}
			continue
		}
		claimed = append(claimed, adopted)
	}
	return claimed, errors.Join(errs...)
}

type ownerRefsPatch struct {
	Metadata struct {
		ResourceVersion string                `json:"resourceVersion"`
		OwnerReferences []meta.OwnerReference `json:"ownerReferences"`
	} `json:"metadata"`
}

func (r *reconciler[T]) patchOwnerRefs(ctx context.Context, p *corev1.Pod, refs []meta.OwnerReference) (*corev1.Pod, error) {
	var patch ownerRefsPatch
	patch.Metadata.ResourceVersion = p.ResourceVersion
	patch.Metadata.OwnerReferences = refs
	if refs == nil {
		patch.Metadata.OwnerReferences = []meta.OwnerReference{}
	}
	data, err := json.Marshal(patch)
	if err != nil {
		return nil, err
	}
	return r.podc.Namespace(p.Namespace).Patch(ctx, p.Name, client.MergePatchType, data, client.WriteOptions{})
}

func (r *reconciler[T]) adopt(ctx context.Context, p *corev1.Pod, ref meta.OwnerReference) (*corev1.Pod, error) {
	refs := append(append([]meta.OwnerReference(nil), p.OwnerReferences...), ref)
	out, err := r.patchOwnerRefs(ctx, p, refs)
	if err != nil {
		return nil, fmt.Errorf("adopting pod %s/%s: %w", p.Namespace, p.Name, err)
	}
	return out, nil
}

func (r *reconciler[T]) release(ctx context.Context, p *corev1.Pod, uid meta.UID) error {
	var refs []meta.OwnerReference
	for _, ref := range p.OwnerReferences {
		if ref.UID != uid {
			refs = append(refs, ref)
		}
	}
	_, err := r.patchOwnerRefs(ctx, p, refs)
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("releasing pod %s/%s: %w", p.Namespace, p.Name, err)
	}
	return nil
}

// manageReplicas creates or deletes pods so that pods has the owner's
// replicas; it returns the ReplicaFailure reason, the names of the pods it
// deleted, and its error.
func (r *reconciler[T]) manageReplicas(ctx context.Context, key string, owner T, pods []*corev1.Pod) (string, map[string]bool, error) {
	m := owner.GetObjectMeta()
	diff := len(pods) - int(r.a.replicas(owner))
	switch {
	case diff < 0:
		n := min(-diff, r.burst)
		tmpl := r.a.template(owner)
		if tmpl == nil {
			return FailedCreateReason, nil, controllers.TerminalError(fmt.Errorf("%s %s has no pod template", r.a.kind, key))
		}
		r.exp.expectCreations(key, n)
		ref := r.ownerRef(m)
		ok, err := slowStartBatch(n, 1, func() error {
			pod, err := r.podc.Namespace(m.Namespace).Create(ctx, podFromTemplate(tmpl, m, ref), client.WriteOptions{})
			if err != nil {
				r.recorder.Eventf(owner, corev1.EventTypeWarning, FailedCreateReason, "Error creating: %v", err)
				return err
			}
			r.recorder.Eventf(owner, corev1.EventTypeNormal, "SuccessfulCreate", "Created pod: %s", pod.Name)
			return nil
		})
		// The creations that failed or were skipped will never be observed.
		for range n - ok {
			r.exp.creationObserved(key)
		}
		if err != nil {
			return FailedCreateReason, nil, fmt.Errorf("creating pods for %s %s: %w", r.a.kind, key, err)
		}
	case diff > 0:
		n := min(diff, r.burst)
		del := podsToDelete(pods, n)
		keys := make([]string, len(del))
		for i, p := range del {
			keys[i] = p.Namespace + "/" + p.Name
		}
		r.exp.expectDeletions(key, keys)
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			errs    []error
			deleted = map[string]bool{}
		)
		for i, p := range del {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := r.podc.Namespace(p.Namespace).Delete(ctx, p.Name, nil)
				if err == nil || apierrors.IsNotFound(err) {
					mu.Lock()
					deleted[p.Name] = true
					mu.Unlock()
				}
				if err == nil {
					r.recorder.Eventf(owner, corev1.EventTypeNormal, "SuccessfulDelete", "Deleted pod: %s", p.Name)
					return
				}
				r.exp.deletionObserved(key, keys[i])
				if apierrors.IsNotFound(err) {
					return
				}
				r.recorder.Eventf(owner, corev1.EventTypeWarning, FailedDeleteReason, "Error deleting: %v", err)
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(errs) > 0 {
			return FailedDeleteReason, deleted, fmt.Errorf("deleting pods of %s %s: %w", r.a.kind, key, errs[0])
		}
		return "", deleted, nil
	}
	return "", nil, nil
}

// slowStartBatch calls fn count times in batches of initial, 2*initial,
// ... goroutines, stopping after the first batch with an error. It
// returns the number of successful calls and the first error.
func slowStartBatch(count, initial int, fn func() error) (int, error) {
	remaining, successes := count, 0
	for batch := min(remaining, initial); batch > 0; batch = min(2*batch, remaining) {
		errCh := make(chan error, batch)
		var wg sync.WaitGroup
		for range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := fn(); err != nil {
					errCh <- err
				}
			}()
		}
		wg.Wait()
		close(errCh)
		successes += batch - len(errCh)
		if err, ok := <-errCh; ok {
			return successes, err
		}
		remaining -= batch
	}
	return successes, nil
}

func (r *reconciler[T]) calculateStatus(owner T, pods []*corev1.Pod, reason string, manageErr error) status {
	old := r.a.status(owner)
	st := status{ObservedGeneration: owner.GetObjectMeta().Generation, Replicas: int32(len(pods))}
	var tmplLabels map[string]string
	if t := r.a.template(owner); t != nil {
		tmplLabels = t.Labels
	}
	now := r.now()
	mrs := r.a.minReadySeconds(owner)
	fully := labels.SelectorFromSet(tmplLabels)
	for _, p := range pods {
		if fully.Matches(labels.Set(p.Labels)) {
			st.FullyLabeledReplicas++
		}
		if IsPodReady(p) {
			st.ReadyReplicas++
			if IsPodAvailable(p, mrs, now) {
				st.AvailableReplicas++
			}
		}
	}
	var failure *condition
	for _, c := range old.Conditions {
		if c.Type == string(appsv1.ReplicaSetReplicaFailure) {
			failure = &c
			continue
		}
		st.Conditions = append(st.Conditions, c)
	}
	switch {
	case manageErr != nil && failure == nil:
		st.Conditions = append(st.Conditions, condition{
			Type: string(appsv1.ReplicaSetReplicaFailure), Status: corev1.ConditionTrue,
			LastTransitionTime: meta.NewTime(now), Reason: reason, Message: manageErr.Error(),
		})
	case manageErr != nil:
		// Keep the condition of the failure still going on.
		st.Conditions = append(st.Conditions, *failure)
	}
	return st
}

// podSource feeds the queue from pod events and records the creations
// and deletions the reconciler expects, in the same handler (so a sync
// that follows an event sees the event's expectation recorded).
type podSource[T meta.Object] struct {
	r   *reconciler[T]
	inf *client.Informer[meta.Object]
}

func (s *podSource[T]) Register(mgr *controllers.Manager, q controllers.Queue) error {
	k, err := controllers.KindOf[*corev1.Pod](mgr)
	if err != nil {
		return err
	}
	s.inf = mgr.InformerForKind(k)
	s.inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
		AddFunc: func(o meta.Object, _ bool) {
			if p, ok := o.(*corev1.Pod); ok {
				s.add(q, p)
			}
		},
		UpdateFunc: func(o, n meta.Object) {
			old, ok1 := o.(*corev1.Pod)
			p, ok2 := n.(*corev1.Pod)
			if ok1 && ok2 {
				s.update(q, old, p)
			}
		},
		DeleteFunc: func(o meta.Object) {
			if p, ok := o.(*corev1.Pod); ok {
				s.delete(q, p)
			}
		},
	})
	return nil
}

func (s *podSource[T]) HasSynced() bool { return s.inf != nil && s.inf.HasSynced() }

// Replay does nothing: the owners' source replays every controller.
func (s *podSource[T]) Replay(controllers.Queue) {}

// resolve returns the request of the controller that ref names, when it
// is of this kind and exists with ref's UID.
func (s *podSource[T]) resolve(ns string, ref *meta.OwnerReference) (controllers.Request, bool) {
	if ref == nil || ref.Kind != s.r.a.kind || meta.ParseGroupVersion(ref.APIVersion).Group != meta.ParseGroupVersion(s.r.a.apiVersion).Group {
		return controllers.Request{}, false
	}
	owner, ok := s.r.owners.Get(ns, ref.Name)
	if !ok || owner.GetObjectMeta().UID != ref.UID {
		return controllers.Request{}, false
	}
	return controllers.Request{Namespace: ns, Name: ref.Name}, true
}

// enqueueMatching queues every controller whose selector matches the
// orphan pod p.
func (s *podSource[T]) enqueueMatching(q controllers.Queue, p *corev1.Pod) {
	for _, o := range s.r.owners.List(p.Namespace, nil) {
		sel, err := s.r.a.selector(o)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(p.Labels)) {
			continue
		}
		q.Add(controllers.Request{Namespace: p.Namespace, Name: o.GetObjectMeta().Name})
	}
}

func (s *podSource[T]) add(q controllers.Queue, p *corev1.Pod) {
	if p.DeletionTimestamp != nil {
		// Seen already terminating (after a relist): a deletion.
		s.delete(q, p)
		return
	}
	if ref := meta.GetControllerOf(&p.ObjectMeta); ref != nil {
		if req, ok := s.resolve(p.Namespace, ref); ok {
			s.r.exp.creationObserved(req.String())
			q.Add(req)
		}
		return
	}
	s.enqueueMatching(q, p)
}

func (s *podSource[T]) update(q controllers.Queue, old, p *corev1.Pod) {
	if old.ResourceVersion == p.ResourceVersion {
		return
	}
	labelsChanged := !labels.Equals(labels.Set(old.Labels), labels.Set(p.Labels))
	if p.DeletionTimestamp != nil {
		s.delete(q, p)
		if labelsChanged {
			s.delete(q, old)
		}
		return
	}
	oldRef, newRef := meta.GetControllerOf(&old.ObjectMeta), meta.GetControllerOf(&p.ObjectMeta)
	refChanged := (oldRef == nil) != (newRef == nil) || (oldRef != nil && oldRef.UID != newRef.UID)
	if refChanged && oldRef != nil {
		if req, ok := s.resolve(old.Namespace, oldRef); ok {
			q.Add(req)
		}
	}
	if newRef != nil {
		if req, ok := s.resolve(p.Namespace, newRef); ok {
			q.Add(req)
			// A pod that became ready becomes available minReadySeconds later.
			if o, ok := s.r.owners.Get(req.Namespace, req.Name); ok {
				if mrs := s.r.a.minReadySeconds(o); mrs > 0 && !IsPodReady(old) && IsPodReady(p) {
					q.AddAfter(req, time.Duration(mrs)*time.Second+time.Second)
				}
			}
		}
		return
	}
	if labelsChanged || refChanged {
		s.enqueueMatching(q, p)
	}
}

func (s *podSource[T]) delete(q controllers.Queue, p *corev1.Pod) {
	ref := meta.GetControllerOf(&p.ObjectMeta)
	if ref == nil {
		return
	}
	if req, ok := s.resolve(p.Namespace, ref); ok {
		s.r.exp.deletionObserved(req.String(), p.Namespace+"/"+p.Name)
		q.Add(req)
	}
}
