package apiserver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gantryhq/gantry/sdk/admission"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/store"
)

// GracefulDeleter is implemented for kinds whose objects terminate
// gracefully (pods): it returns the grace period to apply to a delete of
// obj, or ok false when obj is to be removed at once.
type GracefulDeleter func(obj meta.Object, requested *int64) (grace int64, ok bool)

// deleteResult says what a delete did.
type deleteResult struct {
	obj     meta.Object
	deleted bool // removed from the store (else marked for deletion)
}

// delete deletes (or marks for deletion) one object.
func (r *resource) delete(ctx context.Context, ns, name string, opts *meta.DeleteOptions, o writeOptions) (deleteResult, error) {
	if opts == nil {
		opts = &meta.DeleteOptions{}
	}
	policy, err := propagationPolicy(opts)
	if err != nil {
		return deleteResult{}, err
	}
	if opts.GracePeriodSeconds != nil && *opts.GracePeriodSeconds < 0 {
		return deleteResult{}, apierrors.NewInvalid("meta.k8s.io", "DeleteOptions", "", fieldList("gracePeriodSeconds", *opts.GracePeriodSeconds, "must be greater than or equal to 0"))
	}
	admitted := false
	for attempt := 0; ; attempt++ {
		kv, obj, err := r.readStored(ctx, ns, name)
		if err != nil {
			return deleteResult{}, err
		}
		m := obj.GetObjectMeta()
		if p := opts.Preconditions; p != nil {
			if p.UID != nil && *p.UID != m.UID {
				return deleteResult{}, apierrors.NewConflict(r.errRes, name, fmt.Errorf("Precondition failed: UID in precondition: %v, UID in object meta: %v", *p.UID, m.UID))
			}
			if p.ResourceVersion != nil && *p.ResourceVersion != m.ResourceVersion {
				return deleteResult{}, apierrors.NewConflict(r.errRes, name, fmt.Errorf("Precondition failed: ResourceVersion in precondition: %v, ResourceVersion in object meta: %v", *p.ResourceVersion, m.ResourceVersion))
			}
		}
		if !admitted && !o.skipAdmission {
			a := r.attrs(admission.Delete, m.Namespace, m.Name, nil, obj, o)
			a.Options = opts
			if err := r.s.admission.Admit(ctx, a); err != nil {
				return deleteResult{}, err
			}
			if err := r.s.admission.Validate(ctx, a); err != nil {
				return deleteResult{}, err
			}
			admitted = true
		}

		changed := false
		// Graceful termination (pods): mark the object; its node confirms.
		grace, graceful := int64(0), false
		if gd := r.s.graceful[r.gvr]; gd != nil {
			grace, graceful = gd(obj, opts.GracePeriodSeconds)
		}
		if graceful && grace > 0 {
			deadline := meta.NewTime(r.s.now().Add(time.Duration(grace) * time.Second))
			if m.DeletionTimestamp == nil || m.DeletionGracePeriodSeconds == nil || *m.DeletionGracePeriodSeconds > grace ||
				deadline.Before(m.DeletionTimestamp) {
				if m.DeletionTimestamp == nil || deadline.Before(m.DeletionTimestamp) {
					m.DeletionTimestamp = &deadline
				}
				g := grace
				m.DeletionGracePeriodSeconds = &g
				changed = true
			}
		} else if m.DeletionTimestamp != nil && m.DeletionGracePeriodSeconds != nil && *m.DeletionGracePeriodSeconds > 0 {
			// Confirmation of a graceful deletion (grace 0): shorten it to now.
			zero := int64(0)
			m.DeletionGracePeriodSeconds = &zero
			changed = true
		}
		// Propagation finalizers, added only where dependents may exist.
		switch policy {
		case meta.DeletePropagationOrphan:
			if !m.HasFinalizer(meta.FinalizerOrphanDependents) {
				m.Finalizers = append(removeString(m.Finalizers, meta.FinalizerDeleteDependents), meta.FinalizerOrphanDependents)
				changed = true
			}
		case meta.DeletePropagationForeground:
			if !m.HasFinalizer(meta.FinalizerDeleteDependents) {
				m.Finalizers = append(removeString(m.Finalizers, meta.FinalizerOrphanDependents), meta.FinalizerDeleteDependents)
				changed = true
			}
		}
		// A namespace stays, Terminating, until spec.finalizers is empty.
		if ns, ok := obj.(*corev1.Namespace); ok && len(ns.Spec.Finalizers) > 0 && ns.Status.Phase != corev1.NamespaceTerminating {
			ns.Status.Phase = corev1.NamespaceTerminating
			changed = true
		}
		pending := len(m.Finalizers) > 0 || (m.DeletionGracePeriodSeconds != nil && *m.DeletionGracePeriodSeconds > 0) || namespaceFinalizing(obj)
		if pending {
			if m.DeletionTimestamp == nil {
				now := meta.NewTime(r.s.now())
				m.DeletionTimestamp = &now
				zero := int64(0)
				if m.DeletionGracePeriodSeconds == nil {
					m.DeletionGracePeriodSeconds = &zero
				}
				changed = true
			}
			if !changed || o.dryRun {
				return deleteResult{obj: obj}, nil
			}
			b, err := encodeForStore(obj)
			if err != nil {
				return deleteResult{}, apierrors.NewInternal(err)
			}
			rev, err := r.s.st.Update(ctx, kv.Key, b, kv.ModRevision)
			if err != nil {
				if (errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound)) && attempt < maxConflictRetries {
					continue
				}
				return deleteResult{}, storeError(err)
			}
			setRV(obj, rev)
			return deleteResult{obj: obj}, nil
		}
		if o.dryRun {
			return deleteResult{obj: obj, deleted: true}, nil
		}
		_, _, err = r.s.st.Delete(ctx, kv.Key, kv.ModRevision)
		if err != nil {
			if errors.Is(err, store.ErrConflict) && attempt < maxConflictRetries {
				continue
			}
			if errors.Is(err, store.ErrNotFound) {
				return deleteResult{}, apierrors.NewNotFound(r.errRes, name)
			}
			return deleteResult{}, storeError(err)
		}
		return deleteResult{obj: obj, deleted: true}, nil
	}
}

func propagationPolicy(opts *meta.DeleteOptions) (meta.DeletionPropagation, error) {
	if opts.OrphanDependents != nil && opts.PropagationPolicy != nil {
		return "", apierrors.NewInvalid("meta.k8s.io", "DeleteOptions", "", fieldList("propagationPolicy", string(*opts.PropagationPolicy), "orphanDependents and deletionPropagation cannot be both set"))
	}
	if opts.OrphanDependents != nil {
		if *opts.OrphanDependents {
			return meta.DeletePropagationOrphan, nil
		}
		return meta.DeletePropagationBackground, nil
	}
	if opts.PropagationPolicy == nil {
		return meta.DeletePropagationBackground, nil
	}
	switch p := *opts.PropagationPolicy; p {
	case meta.DeletePropagationOrphan, meta.DeletePropagationBackground, meta.DeletePropagationForeground:
		return p, nil
	default:
		return "", apierrors.NewInvalid("meta.k8s.io", "DeleteOptions", "", fieldList("propagationPolicy", string(p),
			`supported values: "Foreground", "Background", "Orphan"`))
	}
}

func removeString(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
