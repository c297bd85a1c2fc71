package deployment

import (
	"context"
	"fmt"
	"sort"
	"time"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// syncStatusOnly updates the status of a Deployment being deleted.
func (r *Reconciler) syncStatusOnly(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) error {
	newRS, oldRSs, err := r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false)
	if err != nil {
		return err
	}
	return r.syncDeploymentStatus(ctx, append(oldRSs, newRS), newRS, d)
}

// sync scales the ReplicaSets of a paused Deployment or of a scaling
// event, without rolling out.
func (r *Reconciler) sync(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) error {
	newRS, oldRSs, err := r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false)
	if err != nil {
		return err
	}
	if err := r.scale(ctx, d, newRS, oldRSs); err != nil {
		return err
	}
	if d.Spec.Paused {
		if err := r.cleanupDeployment(ctx, oldRSs, d); err != nil {
			return err
		}
	}
	return r.syncDeploymentStatus(ctx, append(oldRSs, newRS), newRS, d)
}

// findActiveOrLatest returns the only active ReplicaSet, or the latest
// when none is active, or nil when several are.
func findActiveOrLatest(newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet) *appsv1.ReplicaSet {
	if newRS == nil && len(oldRSs) == 0 {
		return nil
	}
	sorted := append([]*appsv1.ReplicaSet(nil), oldRSs...)
	byCreation(sorted)
	for i, j := 0, len(sorted)-1; i < j; i, j = i+1, j-1 {
		sorted[i], sorted[j] = sorted[j], sorted[i]
	}
	active := filterActive(append(sorted, newRS))
	switch len(active) {
	case 0:
		if newRS != nil {
			return newRS
		}
		return sorted[0]
	case 1:
		return active[0]
	}
	return nil
}

func isSaturated(d *appsv1.Deployment, rs *appsv1.ReplicaSet) bool {
	if rs == nil {
		return false
	}
	desired, ok := intAnnotation(rs, appsv1.DesiredReplicasAnnotation)
	return ok && desired == replicasOf(d) && rsReplicas(rs) == replicasOf(d) && rs.Status.AvailableReplicas == replicasOf(d)
}

// scale brings the ReplicaSets to d's replica count: all of it to the
// only active one; otherwise, in a rolling update, proportionally to
// their sizes.
func (r *Reconciler) scale(ctx context.Context, d *appsv1.Deployment, newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet) error {
	if rs := findActiveOrLatest(newRS, oldRSs); rs != nil {
		if rsReplicas(rs) == replicasOf(d) {
			return nil
		}
		_, _, err := r.scaleReplicaSet(ctx, rs, replicasOf(d), d)
		return err
	}
	if isSaturated(d, newRS) {
		for _, old := range filterActive(oldRSs) {
			if _, _, err := r.scaleReplicaSet(ctx, old, 0, d); err != nil {
				return err
			}
		}
		return nil
	}
	if !isRollingUpdate(d) {
		return nil
	}
	// Share out by the live sizes: the ReplicaSet cache may lag behind
	// the Deployment's (they are separate watches), and a share computed
	// from a stale size would stick.
	var all []*appsv1.ReplicaSet
	for _, rs := range filterActive(append(append([]*appsv1.ReplicaSet(nil), oldRSs...), newRS)) {
		fresh, err := r.rsc.Namespace(rs.Namespace).Get(ctx, rs.Name)
		switch {
		case apierrors.IsNotFound(err):
			continue
		case err != nil:
			return fmt.Errorf("reading replica set %s/%s: %w", rs.Namespace, rs.Name, err)
		case fresh.UID != rs.UID:
			continue
		}
		all = append(all, fresh)
	}
	all = filterActive(all)
	allReplicas := sumSpecReplicas(all)
	var allowed int32
	if replicasOf(d) > 0 {
		allowed = replicasOf(d) + maxSurge(d)
	}
	toAdd := allowed - allReplicas
	switch {
	case toAdd > 0:
		bySizeNewer(all)
	case toAdd < 0:
		bySizeOlder(all)
	}
	sizes := make(map[string]int32, len(all))
	var added int32
	for _, rs := range all {
		if toAdd != 0 {
			p := proportion(rs, d, toAdd, added)
			sizes[rs.Name] = rsReplicas(rs) + p
			added += p
		} else {
			sizes[rs.Name] = rsReplicas(rs)
		}
	}
	if toAdd != 0 && len(all) > 0 {
		first := all[0].Name
		sizes[first] += toAdd - added
		if sizes[first] < 0 {
			sizes[first] = 0
		}
	}
	for _, rs := range all {
		if _, _, err := r.scaleReplicaSet(ctx, rs, sizes[rs.Name], d); err != nil {
			return err
		}
	}
	return nil
}

func proportion(rs *appsv1.ReplicaSet, d *appsv1.Deployment, toAdd, added int32) int32 {
	if rs == nil || rsReplicas(rs) == 0 || toAdd == 0 || toAdd == added {
		return 0
	}
	frac := fraction(rs, d)
	allowed := toAdd - added
	if toAdd > 0 {
		return min(frac, allowed)
	}
	return max(frac, allowed)
}

func fraction(rs *appsv1.ReplicaSet, d *appsv1.Deployment) int32 {
	if replicasOf(d) == 0 {
		return -rsReplicas(rs)
	}
	deploymentReplicas := replicasOf(d) + maxSurge(d)
	annotated, ok := intAnnotation(rs, appsv1.MaxReplicasAnnotation)
	if !ok || annotated == 0 {
		annotated = d.Status.Replicas
	}
	if annotated == 0 {
		return 0
	}
	size := float64(rsReplicas(rs)*deploymentReplicas) / float64(annotated)
	return roundToInt32(size) - rsReplicas(rs)
}

// cleanupDeployment deletes the oldest old ReplicaSets beyond
// revisionHistoryLimit that have no pods left.
func (r *Reconciler) cleanupDeployment(ctx context.Context, oldRSs []*appsv1.ReplicaSet, d *appsv1.Deployment) error {
	if d.Spec.RevisionHistoryLimit == nil {
		return nil
	}
	var cleanable []*appsv1.ReplicaSet
	for _, rs := range oldRSs {
		if rs != nil && rs.DeletionTimestamp == nil {
			cleanable = append(cleanable, rs)
		}
	}
	diff := len(cleanable) - int(*d.Spec.RevisionHistoryLimit)
	if diff <= 0 {
		return nil
	}
	sort.SliceStable(cleanable, func(i, j int) bool {
		ri, rj := revisionOf(cleanable[i]), revisionOf(cleanable[j])
		if ri == rj {
			return cleanable[i].CreationTimestamp.Time.Before(cleanable[j].CreationTimestamp.Time)
		}
		return ri < rj
	})
	for _, rs := range cleanable[:diff] {
		if rs.Status.Replicas != 0 || rsReplicas(rs) != 0 || rs.Generation > rs.Status.ObservedGeneration {
			continue
		}
		uid := rs.UID
		err := r.rsc.Namespace(rs.Namespace).Delete(ctx, rs.Name, &meta.DeleteOptions{Preconditions: &meta.Preconditions{UID: &uid}})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("deleting old replica set %s/%s: %w", rs.Namespace, rs.Name, err)
		}
	}
	return nil
}

// calculateStatus computes d's status from its ReplicaSets.
func (r *Reconciler) calculateStatus(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) appsv1.DeploymentStatus {
	available := sumStatus(allRSs, statusAvailable)
	unavailable := max(sumSpecReplicas(allRSs)-available, 0)
	st := appsv1.DeploymentStatus{
		ObservedGeneration:  d.Generation,
		Replicas:            sumStatus(allRSs, statusReplicas),
		UpdatedReplicas:     sumStatus([]*appsv1.ReplicaSet{newRS}, statusReplicas),
		ReadyReplicas:       sumStatus(allRSs, statusReady),
		AvailableReplicas:   available,
		UnavailableReplicas: unavailable,
		CollisionCount:      d.Status.CollisionCount,
	}
	st.Conditions = append(st.Conditions, d.Status.Conditions...)
	if available >= replicasOf(d)-maxUnavailable(d) {
		setCondition(&st, newCondition(appsv1.DeploymentAvailable, corev1.ConditionTrue, appsv1.MinimumReplicasAvailable, "Deployment has minimum availability.", r.now()))
	} else {
		setCondition(&st, newCondition(appsv1.DeploymentAvailable, corev1.ConditionFalse, appsv1.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", r.now()))
	}
	return st
}

func (r *Reconciler) syncDeploymentStatus(ctx context.Context, allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) error {
	st := r.calculateStatus(allRSs, newRS, d)
	if statusEqual(&d.Status, &st) {
		return nil
	}
	d.Status = st
	return ignoreNotFound(r.updateStatus(ctx, d))
}

// syncRolloutStatus updates the status with the Progressing condition of
// a rollout; it returns when to check the progress deadline again.
func (r *Reconciler) syncRolloutStatus(ctx context.Context, allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) (time.Duration, error) {
	st := r.calculateStatus(allRSs, newRS, d)
	if !hasProgressDeadline(d) {
		removeCondition(&st, appsv1.DeploymentProgressing)
	}
	cur := getCondition(&d.Status, appsv1.DeploymentProgressing)
	complete := st.Replicas == st.UpdatedReplicas && cur != nil && cur.Reason == appsv1.NewRSAvailableReason
	now := r.now()
	if hasProgressDeadline(d) && !complete {
		name := ""
		if newRS != nil {
			name = newRS.Name
		}
		switch {
		case deploymentComplete(d, &st):
			setCondition(&st, newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, appsv1.NewRSAvailableReason,
				fmt.Sprintf("ReplicaSet %q has successfully progressed.", name), now))
		case deploymentProgressing(d, &st):
			c := newCondition(appsv1.DeploymentProgressing, corev1.ConditionTrue, appsv1.ReplicaSetUpdatedReason,
				fmt.Sprintf("ReplicaSet %q is progressing.", name), now)
			if cur != nil {
				if cur.Status == corev1.ConditionTrue {
					c.LastTransitionTime = cur.LastTransitionTime
				}
				removeCondition(&st, appsv1.DeploymentProgressing)
			}
			setCondition(&st, c)
		case deploymentTimedOut(d, &st, now):
			setCondition(&st, newCondition(appsv1.DeploymentProgressing, corev1.ConditionFalse, appsv1.TimedOutReason,
				fmt.Sprintf("ReplicaSet %q has timed out progressing.", name), now))
		}
	}
	if failure := replicaFailure(allRSs, newRS, now); failure != nil {
		setCondition(&st, *failure)
	} else {
		removeCondition(&st, appsv1.DeploymentReplicaFailure)
	}
	if statusEqual(&d.Status, &st) {
		return r.requeueStuck(d, &st), nil
	}
	d.Status = st
	if err := r.updateStatus(ctx, d); err != nil {
		return 0, ignoreNotFound(err)
	}
	return r.requeueStuck(d, &st), nil
}

// replicaFailure returns a ReplicaFailure condition copied from the new
// ReplicaSet, else from an old one, or nil.
func replicaFailure(allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, now time.Time) *appsv1.DeploymentCondition {
	rss := append([]*appsv1.ReplicaSet{newRS}, allRSs...)
	for _, rs := range rss {
		if rs == nil {
			continue
		}
		for _, c := range rs.Status.Conditions {
			if c.Type == appsv1.ReplicaSetReplicaFailure {
				dc := newCondition(appsv1.DeploymentReplicaFailure, c.Status, c.Reason, c.Message, now)
				dc.LastTransitionTime = c.LastTransitionTime
				return &dc
			}
		}
	}
	return nil
}

// requeueStuck returns when a progressing rollout would pass its
// deadline (0: nothing to check).
func (r *Reconciler) requeueStuck(d *appsv1.Deployment, st *appsv1.DeploymentStatus) time.Duration {
	c := getCondition(st, appsv1.DeploymentProgressing)
	if !hasProgressDeadline(d) || c == nil || deploymentComplete(d, st) || c.Reason == appsv1.TimedOutReason {
		return 0
	}
	after := c.LastUpdateTime.Add(time.Duration(*d.Spec.ProgressDeadlineSeconds) * time.Second).Sub(r.now())
	if after < time.Second {
		return time.Second
	}
	return after + time.Second
}

// rolloutRolling runs one step of a rolling update.
func (r *Reconciler) rolloutRolling(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet) (time.Duration, error) {
	newRS, oldRSs, err := r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true)
	if err != nil {
		return 0, err
	}
	allRSs := append(append([]*appsv1.ReplicaSet(nil), oldRSs...), newRS)
	if !settled(allRSs) {
		// A ReplicaSet has not acted on its last scaling yet: its status
		// (and its pods) would mislead the next step. Its status update
		// queues the Deployment again.
		return r.syncRolloutStatus(ctx, allRSs, newRS, d)
	}
	scaledUp, newRS, err := r.reconcileNewReplicaSet(ctx, allRSs, newRS, d)
	if err != nil {
		return 0, err
	}
	if scaledUp {
		return r.syncRolloutStatus(ctx, append(oldRSs, newRS), newRS, d)
	}
	scaledDown, oldRSs, err := r.reconcileOldReplicaSets(ctx, oldRSs, newRS, d)
	if err != nil {
		return 0, err
	}
	allRSs = append(append([]*appsv1.ReplicaSet(nil), oldRSs...), newRS)
	if scaledDown {
		return r.syncRolloutStatus(ctx, allRSs, newRS, d)
	}
	if st := r.calculateStatus(allRSs, newRS, d); deploymentComplete(d, &st) {
		if err := r.cleanupDeployment(ctx, oldRSs, d); err != nil {
			return 0, err
		}
	}
	return r.syncRolloutStatus(ctx, allRSs, newRS, d)
}

func (r *Reconciler) reconcileNewReplicaSet(ctx context.Context, allRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) (bool, *appsv1.ReplicaSet, error) {
	if rsReplicas(newRS) == replicasOf(d) {
		return false, newRS, nil
	}
	if rsReplicas(newRS) > replicasOf(d) {
		return r.scaleReplicaSet(ctx, newRS, replicasOf(d), d)
	}
	n, err := newRSNewReplicas(d, allRSs, newRS)
	if err != nil {
		return false, newRS, err
	}
	return r.scaleReplicaSet(ctx, newRS, n, d)
}

// reconcileOldReplicaSets scales old ReplicaSets down as far as
// maxUnavailable allows; it returns the old ReplicaSets as updated.
func (r *Reconciler) reconcileOldReplicaSets(ctx context.Context, oldRSs []*appsv1.ReplicaSet, newRS *appsv1.ReplicaSet, d *appsv1.Deployment) (bool, []*appsv1.ReplicaSet, error) {
	if sumSpecReplicas(oldRSs) == 0 {
		return false, oldRSs, nil
	}
	allPods := sumSpecReplicas(oldRSs) + rsReplicas(newRS)
	minAvailable := replicasOf(d) - maxUnavailable(d)
	newUnavailable := rsReplicas(newRS) - newRS.Status.AvailableReplicas
	maxScaledDown := allPods - minAvailable - newUnavailable
	if maxScaledDown <= 0 {
		return false, oldRSs, nil
	}
	oldRSs = append([]*appsv1.ReplicaSet(nil), oldRSs...)
	byCreation(oldRSs)
	// First the old replicas that are not available: removing them costs
	// no availability.
	var cleaned int32
	for i, rs := range oldRSs {
		if cleaned >= maxScaledDown {
			break
		}
		if rsReplicas(rs) == 0 || rsReplicas(rs) == rs.Status.AvailableReplicas {
			continue
		}
		n := min(maxScaledDown-cleaned, rsReplicas(rs)-rs.Status.AvailableReplicas)
		if n <= 0 {
			continue
		}
		_, out, err := r.scaleReplicaSet(ctx, rs, rsReplicas(rs)-n, d)
		if err != nil {
			return false, oldRSs, err
		}
		oldRSs[i] = out
		cleaned += n
	}
	// Then available ones, down to minAvailable.
	allRSs := append(append([]*appsv1.ReplicaSet(nil), oldRSs...), newRS)
	available := sumStatus(allRSs, statusAvailable)
	var scaled int32
	if available > minAvailable {
		total := available - minAvailable
		for i, rs := range oldRSs {
			if scaled >= total {
				break
			}
			if rsReplicas(rs) == 0 {
				continue
			}
			n := min(rsReplicas(rs), total-scaled)
			_, out, err := r.scaleReplicaSet(ctx, rs, rsReplicas(rs)-n, d)
			if err != nil {
				return false, oldRSs, err
			}
			oldRSs[i] = out
			scaled += n
		}
	}
	return cleaned+scaled > 0, oldRSs, nil
}

// rolloutRecreate runs one step of a Recreate rollout.
func (r *Reconciler) rolloutRecreate(ctx context.Context, d *appsv1.Deployment, rsList []*appsv1.ReplicaSet, podMap map[meta.UID][]*corev1.Pod) (time.Duration, error) {
	newRS, oldRSs, err := r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false)
	if err != nil {
		return 0, err
	}
	scaledDown := false
	for _, i := range filterActiveIndexes(oldRSs) {
		changed, out, err := r.scaleReplicaSet(ctx, oldRSs[i], 0, d)
		if err != nil {
			return 0, err
		}
		oldRSs[i] = out
		scaledDown = scaledDown || changed
	}
	if scaledDown {
		return r.syncRolloutStatus(ctx, append(oldRSs, newRS), newRS, d)
	}
	if oldPodsRunning(newRS, oldRSs, podMap) {
		return r.syncRolloutStatus(ctx, append(oldRSs, newRS), newRS, d)
	}
	if newRS == nil {
		newRS, oldRSs, err = r.getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true)
		if err != nil {
			return 0, err
		}
	}
	_, newRS, err = r.scaleReplicaSet(ctx, newRS, replicasOf(d), d)
	if err != nil {
		return 0, err
	}
	allRSs := append(append([]*appsv1.ReplicaSet(nil), oldRSs...), newRS)
	if st := r.calculateStatus(allRSs, newRS, d); deploymentComplete(d, &st) {
		if err := r.cleanupDeployment(ctx, oldRSs, d); err != nil {
			return 0, err
		}
	}
	return r.syncRolloutStatus(ctx, allRSs, newRS, d)
}

func filterActiveIndexes(rss []*appsv1.ReplicaSet) []int {
	var out []int
	for i, rs := range rss {
		if rs != nil && rsReplicas(rs) > 0 {
			out = append(out, i)
		}
	}
	return out
}

// oldPodsRunning reports whether any pod of an old ReplicaSet may still
// run: counted in their status, or present and not terminal (a
// terminating pod still runs until its node confirms).
func oldPodsRunning(newRS *appsv1.ReplicaSet, oldRSs []*appsv1.ReplicaSet, podMap map[meta.UID][]*corev1.Pod) bool {
	if sumStatus(oldRSs, statusReplicas) > 0 {
		return true
	}
	for uid, pods := range podMap {
		if newRS != nil && newRS.UID == uid {
			continue
		}
		for _, p := range pods {
			switch p.Status.Phase {
			case corev1.PodFailed, corev1.PodSucceeded:
				continue
			}
			return true
		}
	}
	return false
}

// settled reports whether every ReplicaSet's status reflects its current
// spec (Kubernetes relies on the ReplicaSet controller being fast; the
// rolling update's bounds rely on this).
func settled(rss []*appsv1.ReplicaSet) bool {
	for _, rs := range rss {
		if rs != nil && rs.Status.ObservedGeneration < rs.Generation {
			return false
		}
	}
	return true
}
