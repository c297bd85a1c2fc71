package deployment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gantryhq/gantry/controllers"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// Name is the controller's name.
const Name = "deployment"

// Config configures the controller. The zero value means defaults.
type Config struct {
	// Workers is the number of Deployments synced at once. Default 5.
	Workers int `json:"workers,omitempty"`
}

// Add builds the controller and adds it to mgr.
func Add(mgr *controllers.Manager, cfg Config) error {
	if cfg.Workers <= 0 {
		cfg.Workers = 5
	}
	r, err := New(mgr)
	if err != nil {
		return err
	}
	return controllers.Build(mgr, Name,
		controllers.For[*appsv1.Deployment](),
		// ReplicaSets: the controlling Deployment, or for an orphan every
		// Deployment whose selector matches it (to adopt it).
		controllers.Watches(r.requestsForReplicaSet),
		// Pods matter only when they go away or end (Recreate waits for
		// the old pods to be gone).
		controllers.Watches(r.requestsForPod, controllers.Predicate[*corev1.Pod]{
			Create: func(*corev1.Pod) bool { return false },
			Update: func(old, p *corev1.Pod) bool {
				return old.Status.Phase != p.Status.Phase || (old.DeletionTimestamp == nil) != (p.DeletionTimestamp == nil)
			},
		}),
		controllers.Concurrency(cfg.Workers),
	).Complete(r)
}

// Reconciler syncs one Deployment.
type Reconciler struct {
	ds       *controllers.Cache[*appsv1.Deployment]
	rss      *controllers.Cache[*appsv1.ReplicaSet]
	pods     *controllers.Cache[*corev1.Pod]
	dc       *client.Resource[*appsv1.Deployment]
	rsc      *client.Resource[*appsv1.ReplicaSet]
	recorder controllers.EventRecorder
	now      func() time.Time
}

var _ controllers.Reconciler = (*Reconciler)(nil)

// New returns the reconciler over mgr's caches.
func New(mgr *controllers.Manager) (*Reconciler, error) {
	ds, err := controllers.CacheFor[*appsv1.Deployment](mgr)
	if err != nil {
		return nil, err
	}
	rss, err := controllers.CacheFor[*appsv1.ReplicaSet](mgr)
	if err != nil {
		return nil, err
	}
	pods, err := controllers.CacheFor[*corev1.Pod](mgr)
	if err != nil {
		return nil, err
	}
	return &Reconciler{
		ds: ds, rss: rss, pods: pods,
		dc:       client.For[*appsv1.Deployment](mgr.Client()),
		rsc:      client.For[*appsv1.ReplicaSet](mgr.Client()),
		recorder: mgr.EventRecorderFor("deployment-controller"),
		now:      time.Now,
	}, nil
}

func isDeploymentRef(ref *meta.OwnerReference) bool {
	return ref != nil && ref.Kind == "Deployment" && meta.ParseGroupVersion(ref.APIVersion).Group == appsv1.GroupName
}

func (r *Reconciler) requestsForReplicaSet(rs *appsv1.ReplicaSet) []controllers.Request {
	if ref := meta.GetControllerOf(&rs.ObjectMeta); ref != nil {
		if isDeploymentRef(ref) {
			return []controllers.Request{{Namespace: rs.Namespace, Name: ref.Name}}
		}
		return nil
	}
	var out []controllers.Request
	for _, d := range r.ds.List(rs.Namespace, nil) {
		sel, err := labels.FromLabelSelector(d.Spec.Selector)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(rs.Labels)) {
			continue
		}
		out = append(out, controllers.Request{Namespace: d.Namespace, Name: d.Name})
	}
	return out
}

func (r *Reconciler) requestsForPod(p *corev1.Pod) []controllers.Request {
	ref := meta.GetControllerOf(&p.ObjectMeta)
	if ref == nil || ref.Kind != "ReplicaSet" {
		return nil
	}
	rs, ok := r.rss.Get(p.Namespace, ref.Name)
	if !ok || rs.UID != ref.UID {
		return nil
	}
	if dref := meta.GetControllerOf(&rs.ObjectMeta); isDeploymentRef(dref) {
		return []controllers.Request{{Namespace: rs.Namespace, Name: dref.Name}}
	}
	return nil
}

// Reconcile syncs the Deployment named by req.
func (r *Reconciler) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	cached, ok := r.ds.Get(req.Namespace, req.Name)
	if !ok {
		return controllers.Result{}, nil
	}
	d := cached.DeepCopy()
	sel, err := labels.FromLabelSelector(d.Spec.Selector)
	if err != nil {
		return controllers.Result{}, controllers.TerminalError(fmt.Errorf("deployment %s has an invalid selector: %w", req, err))
	}
	if sel.Empty() {
		r.recorder.Eventf(d, corev1.EventTypeWarning, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.")
		if d.Status.ObservedGeneration < d.Generation {
			d.Status.ObservedGeneration = d.Generation
			_, err := r.dc.Namespace(d.Namespace).UpdateStatus(ctx, d, client.WriteOptions{})
			return controllers.Result{}, ignoreNotFound(err)
		}
		return controllers.Result{}, nil
	}
	rsList, err := r.claimReplicaSets(ctx, d, sel)
	if err != nil {
		return controllers.Result{}, err
	}
	if d.DeletionTimestamp != nil {
		return controllers.Result{}, r.syncStatusOnly(ctx, d, rsList)
	}
	if err := r.checkPausedConditions(ctx, d); err != nil {
		return controllers.Result{}, err
	}
	if d.Spec.Paused {
		return controllers.Result{}, r.sync(ctx, d, rsList)
	}
	scaling, err := r.isScalingEvent(ctx, d, rsList)
	if err != nil {
		return controllers.Result{}, err
	}
	if scaling {
		return controllers.Result{}, r.sync(ctx, d, rsList)
	}
	var after time.Duration
	switch d.Spec.Strategy.Type {
	case appsv1.RecreateDeploymentStrategyType:
		after, err = r.rolloutRecreate(ctx, d, rsList, r.podMap(d, sel, rsList))
	case appsv1.RollingUpdateDeploymentStrategyType:
		after, err = r.rolloutRolling(ctx, d, rsList)
	default:
		return controllers.Result{}, controllers.TerminalError(fmt.Errorf("deployment %s: unexpected strategy type %q", req, d.Spec.Strategy.Type))
	}
	return controllers.Result{RequeueAfter: after}, err
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// claimReplicaSets returns the ReplicaSets d controls, adopting matching
// orphans and releasing owned ones that stopped matching.
func (r *Reconciler) claimReplicaSets(ctx context.Context, d *appsv1.Deployment, sel labels.Selector) ([]*appsv1.ReplicaSet, error) {
	var (
		out      []*appsv1.ReplicaSet
		errs     []error
		checked  bool
		canAdopt bool
	)
	for _, rs := range r.rss.List(d.Namespace, nil) {
		matches := sel.Matches(labels.Set(rs.Labels))
		if ref := meta.GetControllerOf(&rs.ObjectMeta); ref != nil {
			if ref.UID != d.UID {
				continue
			}
			if matches {
				out = append(out, rs)
			} else if d.DeletionTimestamp == nil {
				var refs []meta.OwnerReference
				for _, o := range rs.OwnerReferences {
					if o.UID != d.UID {
						refs = append(refs, o)
					}
				}
				if _, err := r.patchOwnerRefs(ctx, rs, refs); err != nil && !apierrors.IsNotFound(err) {
					errs = append(errs, fmt.Errorf("releasing replica set %s/%s: %w", rs.Namespace, rs.Name, err))
				}
			}
			continue
		}
		if !matches || d.DeletionTimestamp != nil || rs.DeletionTimestamp != nil {
			continue
		}
		if !checked {
			checked = true
			fresh, err := r.dc.Namespace(d.Namespace).Get(ctx, d.Name)
			if err != nil {
				errs = append(errs, fmt.Errorf("rechecking deployment %s/%s before adoption: %w", d.Namespace, d.Name, err))
			} else {
				canAdopt = fresh.UID == d.UID && fresh.DeletionTimestamp == nil
			}
		}
		if !canAdopt {
			continue
		}
		refs := append(append([]meta.OwnerReference(nil), rs.OwnerReferences...), r.controllerRef(d))
		adopted, err := r.patchOwnerRefs(ctx, rs, refs)
		if err != nil {
			if !apierrors.IsNotFound(err) {
				errs = append(errs, fmt.Errorf("adopting replica set %s/%s: %w", rs.Namespace, rs.Name, err))
			}
			continue
		}
		out = append(out, adopted)
	}
	return out, errors.Join(errs...)
}

func (r *Reconciler) controllerRef(d *appsv1.Deployment) meta.OwnerReference {
	t := true
	return meta.OwnerReference{APIVersion: "apps/v1", Kind: "Deployment", Name: d.Name, UID: d.UID, Controller: &t, BlockOwnerDeletion: &t}
}

func (r *Reconciler) patchOwnerRefs(ctx context.Context, rs *appsv1.ReplicaSet, refs []meta.OwnerReference) (*appsv1.ReplicaSet, error) {
	if refs == nil {
		refs = []meta.OwnerReference{}
	}
	var patch struct {
		Metadata struct {
			ResourceVersion string                `json:"resourceVersion"`
			OwnerReferences []meta.OwnerReference `json:"ownerReferences"`
		} `json:"metadata"`
	}
	patch.Metadata.ResourceVersion = rs.ResourceVersion
	patch.Metadata.OwnerReferences = refs
	data, err := json.Marshal(patch)
	if err != nil {
		return nil, err
	}
	return r.rsc.Namespace(rs.Namespace).Patch(ctx, rs.Name, client.MergePatchType, data, client.WriteOptions{})
}

// podMap groups the pods of d's ReplicaSets by ReplicaSet UID.
func (r *Reconciler) podMap(d *appsv1.Deployment, sel labels.Selector, rsList []*appsv1.ReplicaSet) map[meta.UID][]*corev1.Pod {
	m := make(map[meta.UID][]*corev1.Pod, len(rsList))
	for _, rs := range rsList {
		m[rs.UID] = nil
	}
	for _, p := range r.pods.List(d.Namespace, sel) {
		ref := meta.GetControllerOf(&p.ObjectMeta)
		if ref == nil {
			continue
		}
		if _, ok := m[ref.UID]; ok {
			m[ref.UID] = append(m[ref.UID], p)
		}
	}
	return m
}

// updateStatus writes d's status and keeps d current.
func (r *Reconciler) updateStatus(ctx context.Context, d *appsv1.Deployment) error {
	out, err := r.dc.Namespace(d.Namespace).UpdateStatus(ctx, d, client.WriteOptions{})
	if err != nil {
		return fmt.Errorf("updating the status of deployment %s/%s: %w", d.Namespace, d.Name, err)
	}
	*d = *out
	return nil
}

// checkPausedConditions records a pause or resume in the Progressing
// condition, so that a paused rollout does not time out.
func (r *Reconciler) checkPausedConditions(ctx context.Context, d *appsv1.Deployment) error {
	if !hasProgressDeadline(d) {
		return nil
	}
	c := getCondition(&d.Status, appsv1.DeploymentProgressing)
	if c != nil && c.Reason == appsv1.TimedOutReason {
		return nil
	}
	pausedExists := c != nil && c.Reason == appsv1.PausedDeployReason
	switch {
	case d.Spec.Paused && !pausedExists:
		setCondition(&d.Status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionUnknown, appsv1.PausedDeployReason, "Deployment is paused", r.now()))
	case !d.Spec.Paused && pausedExists:
		setCondition(&d.Status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionUnknown, appsv1.ResumedDeployReason, "Deployment is resumed", r.now()))
	default:
		return nil
	}
	return r.updateStatus(ctx, d)
}

// isScalingEvent reports whether the replica count changed since the
// active ReplicaSets were last scaled (their desired-replicas annotation).
func (r *Reconciler) isScalingEvent(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) (bool, error) {
	newRS, oldRSs, err := r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false)
	if err != nil {
		return false, err
	}
	for _, rs := range filterActive(append(oldRSs, newRS)) {
		if desired, ok := intAnnotation(rs, appsv1.DesiredReplicasAnnotation); ok && desired != replicasOf(d) {
			return true, nil
		}
	}
	return false, nil
}

// findNewReplicaSet returns the oldest ReplicaSet whose template equals
// d's (ignoring the hash label), or nil.
func findNewReplicaSet(d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	sorted := append([]*appsv1.ReplicaSet(nil), rsList...)
	byCreation(sorted)
	for _, rs := range sorted {
		if equalIgnoreHash(&rs.Spec.Template, &d.Spec.Template) {
			return rs
		}
	}
	return nil
}

func findOldReplicaSets(newRS *appsv1.ReplicaSet, rsList []*appsv1.ReplicaSet) []*appsv1.ReplicaSet {
	var old []*appsv1.ReplicaSet
	for _, rs := range rsList {
		if newRS == nil || rs.UID != newRS.UID {
			old = append(old, rs)
		}
	}
	return old
}

// getAllReplicaSetsAndSyncRevision returns the new ReplicaSet (created
// when create is set and there is none) and the old ones, bringing the
// revision annotations of the new ReplicaSet and of d up to date.
func (r *Reconciler) getAllReplicaSetsAndSyncRevision(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet, create bool) (*appsv1.ReplicaSet, []*appsv1.ReplicaSet, error) {
	existing := findNewReplicaSet(d, rsList)
	oldRSs := findOldReplicaSets(existing, rsList)
	newRS, err := r.getNewReplicaSet(ctx, d, existing, oldRSs, create)
	if err != nil {
		return nil, nil, err
	}
	return newRS, oldRSs, nil
}

// setDeploymentRevision records revision on d, through the status
// subresource (which may write a Deployment's annotations, as in
// Kubernetes: no generation bump, no conflict with spec writers' fields).
func (r *Reconciler) setDeploymentRevision(ctx context.Context, d *appsv1.Deployment, revision string) error {
	if d.Annotations[appsv1.RevisionAnnotation] == revision {
		return nil
	}
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations[appsv1.RevisionAnnotation] = revision
	return r.updateStatus(ctx, d)
}

func (r *Reconciler) getNewReplicaSet(ctx context.Context, d *appsv1.Deployment, existing *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet, create bool) (*appsv1.ReplicaSet, error) {
	newRevision := maxRevision(oldRSs) + 1
	if existing != nil {
		rs := existing.DeepCopy()
		annotationsUpdated := setNewReplicaSetAnnotations(d, rs, newRevision, true)
		if annotationsUpdated || rs.Spec.MinReadySeconds != d.Spec.MinReadySeconds {
			rs.Spec.MinReadySeconds = d.Spec.MinReadySeconds
			out, err := r.rsc.Namespace(rs.Namespace).Update(ctx, rs, client.WriteOptions{})
			if err != nil {
				return nil, fmt.Errorf("updating replica set %s/%s: %w", rs.Namespace, rs.Name, err)
			}
			rs = out
		}
		if err := r.setDeploymentRevision(ctx, d, rs.Annotations[appsv1.RevisionAnnotation]); err != nil {
			return nil, err
		}
		if hasProgressDeadline(d) && getCondition(&d.Status, appsv1.DeploymentProgressing) == nil {
			setCondition(&d.Status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, appsv1.FoundNewRSReason,
				fmt.Sprintf("Found new replica set %q", rs.Name), r.now()))
			if err := r.updateStatus(ctx, d); err != nil {
				return nil, err
			}
		}
		return rs, nil
	}
	if !create {
		return nil, nil
	}

	hash := ComputeHash(&d.Spec.Template, d.Status.CollisionCount)
	tmpl := d.Spec.Template.DeepCopy()
	if tmpl.Labels == nil {
		tmpl.Labels = map[string]string{}
	}
	tmpl.Labels[appsv1.DefaultDeploymentUniqueLabelKey] = hash
	rsLabels := make(map[string]string, len(tmpl.Labels))
	for k, v := range tmpl.Labels {
		rsLabels[k] = v
	}
	zero := int32(0)
	rs := &appsv1.ReplicaSet{
		ObjectMeta: meta.ObjectMeta{
			Name:            d.Name + "-" + hash,
			Namespace:       d.Namespace,
			OwnerReferences: []meta.OwnerReference{r.controllerRef(d)},
			Labels:          rsLabels,
		},
		Spec: appsv1.ReplicaSetSpec{
			Replicas:        &zero,
			MinReadySeconds: d.Spec.MinReadySeconds,
			Selector:        labels.CloneSelectorAndAddLabel(d.Spec.Selector, appsv1.DefaultDeploymentUniqueLabelKey, hash),
			Template:        *tmpl,
		},
	}
	n, err := newRSNewReplicas(d, append(oldRSs, rs), rs)
	if err != nil {
		return nil, err
	}
	rs.Spec.Replicas = &n
	setNewReplicaSetAnnotations(d, rs, newRevision, false)

	created, err := r.rsc.Namespace(d.Namespace).Create(ctx, rs, client.WriteOptions{})
	alreadyExists := false
	switch {
	case apierrors.IsAlreadyExists(err):
		alreadyExists = true
		found, gerr := r.rsc.Namespace(d.Namespace).Get(ctx, rs.Name)
		if gerr != nil {
			return nil, gerr
		}
		if meta.IsControlledBy(&found.ObjectMeta, d.UID) && equalIgnoreHash(&d.Spec.Template, &found.Spec.Template) {
			created, err = found, nil
			break
		}
		// A hash collision: bump collisionCount, and the next sync tries
		// another name.
		var c int32
		if d.Status.CollisionCount != nil {
			c = *d.Status.CollisionCount
		}
		c++
		d.Status.CollisionCount = &c
		if uerr := r.updateStatus(ctx, d); uerr != nil {
			return nil, uerr
		}
		return nil, fmt.Errorf("replica set %s/%s exists with another template: collisionCount is now %d", rs.Namespace, rs.Name, c)
	case err != nil:
		msg := fmt.Sprintf("Failed to create new replica set %q: %v", rs.Name, err)
		if hasProgressDeadline(d) {
			setCondition(&d.Status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionFalse, appsv1.FailedRSCreateReason, msg, r.now()))
			_ = r.updateStatus(ctx, d)
		}
		r.recorder.Eventf(d, corev1.EventTypeWarning, appsv1.FailedRSCreateReason, "%s", msg)
		return nil, fmt.Errorf("creating replica set %s/%s: %w", rs.Namespace, rs.Name, err)
	}
	if !alreadyExists && n > 0 {
		r.recorder.Eventf(d, corev1.EventTypeNormal, "ScalingReplicaSet", "Scaled up replica set %s from 0 to %d", created.Name, n)
	}
	if err := r.setDeploymentRevision(ctx, d, created.Annotations[appsv1.RevisionAnnotation]); err != nil {
		return nil, err
	}
	if !alreadyExists && hasProgressDeadline(d) {
		setCondition(&d.Status, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, appsv1.NewReplicaSetReason,
			fmt.Sprintf("Created new replica set %q", created.Name), r.now()))
		if err := r.updateStatus(ctx, d); err != nil {
			return nil, err
		}
	}
	return created, nil
}

// newRSNewReplicas returns the replica count the new ReplicaSet may have.
func newRSNewReplicas(d *appsv1.Deployment, allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet) (int32, error) {
	switch d.Spec.Strategy.Type {
	case appsv1.RollingUpdateDeploymentStrategyType:
		var ru appsv1.RollingUpdateDeployment
		if d.Spec.Strategy.RollingUpdate != nil {
			ru = *d.Spec.Strategy.RollingUpdate
		}
		surge, _, err := resolveFenceposts(ru.MaxSurge, ru.MaxUnavailable, replicasOf(d))
		if err != nil {
			return 0, err
		}
		current := sumSpecReplicas(allRSs)
		maxTotal := replicasOf(d) + surge
		if current >= maxTotal {
			return rsReplicas(newRS), nil
		}
		up := min(maxTotal-current, replicasOf(d)-rsReplicas(newRS))
		return rsReplicas(newRS) + up, nil
	case appsv1.RecreateDeploymentStrategyType:
		return replicasOf(d), nil
	}
	return 0, fmt.Errorf("deployment strategy %q is not supported", d.Spec.Strategy.Type)
}

// scaleReplicaSet sets rs's replica count and replica annotations; it
// returns the updated ReplicaSet and whether it wrote.
func (r *Reconciler) scaleReplicaSet(ctx context.Context, rs *appsv1.ReplicaSet, n int32, d *appsv1.Deployment) (bool, *appsv1.ReplicaSet, error) {
	sizeChanged := rsReplicas(rs) != n
	if !sizeChanged && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), replicasOf(d)+maxSurge(d)) {
		return false, rs, nil
	}
	old := rsReplicas(rs)
	cp := rs.DeepCopy()
	cp.Spec.Replicas = &n
	setReplicasAnnotations(cp, replicasOf(d), replicasOf(d)+maxSurge(d))
	out, err := r.rsc.Namespace(cp.Namespace).Update(ctx, cp, client.WriteOptions{})
	if err != nil {
		return false, rs, fmt.Errorf("scaling replica set %s/%s to %d: %w", rs.Namespace, rs.Name, n, err)
	}
	if sizeChanged {
		dir := "up"
		if n < old {
			dir = "down"
		}
		r.recorder.Eventf(d, corev1.EventTypeNormal, "ScalingReplicaSet", "Scaled %s replica set %s from %d to %d", dir, rs.Name, old, n)
	}
	return sizeChanged, out, nil
}
