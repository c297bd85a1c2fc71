package podtopologyspread

import (
	"context"
	"time"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// workloadLister reads the objects default constraints are built from.
// A nil result means "not found".
type workloadLister interface {
	services(ns string) []*corev1.Service
	replicationController(ns, name string) *corev1.ReplicationController
	replicaSet(ns, name string) *appsv1.ReplicaSet
	statefulSet(ns, name string) *appsv1.StatefulSet
}

// selectorSource builds default selectors from a workloadLister.
type selectorSource struct {
	l workloadLister
}

// defaultSelector is Kubernetes' helper.DefaultSelector: the union of the
// selectors of the Services selecting pod and of its controller when that
// is a ReplicationController (v1), ReplicaSet or StatefulSet (apps/v1).
func (s *selectorSource) defaultSelector(pod *corev1.Pod) labels.Selector {
	set := labels.Set{}
	for _, svc := range s.l.services(pod.Namespace) {
		if svc.Spec.Selector == nil {
			// A service with a nil selector matches nothing, not everything.
			continue
		}
		if labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(pod.Labels)) {
			set = labels.Merge(set, svc.Spec.Selector)
		}
	}
	selector := labels.SelectorFromSet(set)
	owner := meta.GetControllerOf(&pod.ObjectMeta)
	if owner == nil {
		return selector
	}
	switch {
	case owner.APIVersion == "v1" && owner.Kind == "ReplicationController":
		if rc := s.l.replicationController(pod.Namespace, owner.Name); rc != nil {
			selector = labels.SelectorFromSet(labels.Merge(set, rc.Spec.Selector))
		}
	case owner.APIVersion == "apps/v1" && owner.Kind == "ReplicaSet":
		if rs := s.l.replicaSet(pod.Namespace, owner.Name); rs != nil {
			selector = addSelector(selector, rs.Spec.Selector)
		}
	case owner.APIVersion == "apps/v1" && owner.Kind == "StatefulSet":
		if ss := s.l.statefulSet(pod.Namespace, owner.Name); ss != nil {
			selector = addSelector(selector, ss.Spec.Selector)
		}
	}
	return selector
}

func addSelector(s labels.Selector, ls *meta.LabelSelector) labels.Selector {
	other, err := labels.FromLabelSelector(ls)
	if err != nil {
		return s
	}
	if r, ok := other.Requirements(); ok {
		return s.Add(r...)
	}
	return s
}

// informerLister is a workloadLister over informers of the API.
type informerLister struct {
	factory *client.Factory
	cancel  context.CancelFunc
	svc     *client.Lister[*corev1.Service]
	rc      *client.Lister[*corev1.ReplicationController]
	rs      *client.Lister[*appsv1.ReplicaSet]
	ss      *client.Lister[*appsv1.StatefulSet]
}

// syncTimeout bounds how long New waits for the informers' first list.
const syncTimeout = 10 * time.Second

// newInformerLister starts informers of the kinds c knows (a kind the
// client's registry lacks is simply never found) and waits, up to
// syncTimeout, for their first list. The informers run until close.
func newInformerLister(ctx context.Context, c *client.Client) *informerLister {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l := &informerLister{factory: client.NewFactory(c, "", 0), cancel: cancel}
	if _, err := client.ForErr[*corev1.Service](c); err == nil {
		l.svc = client.InformerFor[*corev1.Service](l.factory).Lister()
	}
	if _, err := client.ForErr[*corev1.ReplicationController](c); err == nil {
		l.rc = client.InformerFor[*corev1.ReplicationController](l.factory).Lister()
	}
	if _, err := client.ForErr[*appsv1.ReplicaSet](c); err == nil {
		l.rs = client.InformerFor[*appsv1.ReplicaSet](l.factory).Lister()
	}
	if _, err := client.ForErr[*appsv1.StatefulSet](c); err == nil {
		l.ss = client.InformerFor[*appsv1.StatefulSet](l.factory).Lister()
	}
	l.factory.Start(ctx)
	syncCtx, done := context.WithTimeout(ctx, syncTimeout)
	defer done()
	l.factory.WaitForCacheSync(syncCtx)
	return l
}

func (l *informerLister) close() {
	l.cancel()
	l.factory.Shutdown()
}

func (l *informerLister) services(ns string) []*corev1.Service {
	if l.svc == nil {
		return nil
	}
	return l.svc.ByNamespace(ns, nil)
}

func (l *informerLister) replicationController(ns, name string) *corev1.ReplicationController {
	if l.rc == nil {
		return nil
	}
	o, err := l.rc.Get(ns, name)
	if err != nil {
		return nil
	}
	return o
}

func (l *informerLister) replicaSet(ns, name string) *appsv1.ReplicaSet {
	if l.rs == nil {
		return nil
	}
	o, err := l.rs.Get(ns, name)
	if err != nil {
		return nil
	}
	return o
}

func (l *informerLister) statefulSet(ns, name string) *appsv1.StatefulSet {
	if l.ss == nil {
		return nil
	}
	o, err := l.ss.Get(ns, name)
	if err != nil {
		return nil
	}
	return o
}
