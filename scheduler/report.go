package scheduler

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	"github.com/gantryhq/gantry/scheduler/internal/cache"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/client"
)

// eventQueueSize bounds the Events waiting to be written; beyond it Events
// are dropped (they are best effort, as in Kubernetes).
const eventQueueSize = 1024

// maxAggregated bounds the remembered Events that repeats are folded into.
const maxAggregated = 4096

// eventRecorder writes core/v1 Events asynchronously, folding repeats
// (same object, type, reason and message) into one Event whose count grows.
type eventRecorder struct {
	c         *client.Client
	component string
	log       *slog.Logger
	ch        chan *corev1.Event

	mu   sync.Mutex
	seen map[string]*corev1.Event
}

var _ framework.EventRecorder = (*eventRecorder)(nil)

func newEventRecorder(c *client.Client, component string, log *slog.Logger) *eventRecorder {
	return &eventRecorder{c: c, component: component, log: log, ch: make(chan *corev1.Event, eventQueueSize), seen: map[string]*corev1.Event{}}
}

// Eventf queues an Event about pod; it never blocks.
func (r *eventRecorder) Eventf(pod *corev1.Pod, eventType, reason, format string, args ...any) {
	now := time.Now()
	ev := &corev1.Event{
		ObjectMeta: meta.ObjectMeta{Name: fmt.Sprintf("%v.%x", pod.Name, now.UnixNano()), Namespace: pod.Namespace},
		InvolvedObject: corev1.ObjectReference{
			Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name,
			UID: pod.UID, ResourceVersion: pod.ResourceVersion,
		},
		Reason:              reason,
		Message:             fmt.Sprintf(format, args...),
		Source:              corev1.EventSource{Component: r.component},
		FirstTimestamp:      meta.NewTime(now),
		LastTimestamp:       meta.NewTime(now),
		Count:               1,
		Type:                eventType,
		ReportingController: r.component,
		ReportingInstance:   r.component,
	}
	select {
	case r.ch <- ev:
	default:
	}
}

func (r *eventRecorder) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-r.ch:
			r.write(ctx, ev)
		}
	}
}

func (r *eventRecorder) write(ctx context.Context, ev *corev1.Event) {
	key := ev.Namespace + "/" + ev.InvolvedObject.Name + "/" + string(ev.InvolvedObject.UID) + "/" + ev.Type + "/" + ev.Reason + "/" + ev.Message
	r.mu.Lock()
	prev := r.seen[key]
	r.mu.Unlock()
	events := client.For[*corev1.Event](r.c).Namespace(ev.Namespace)
	if prev != nil {
		count := prev.Count + 1
		patch, _ := json.Marshal(map[string]any{"count": count, "lastTimestamp": ev.LastTimestamp})
		if _, err := events.Patch(ctx, prev.Name, client.MergePatchType, patch, client.WriteOptions{}); err == nil {
			prev.Count = count
			return
		} else if !apierrors.IsNotFound(err) {
			r.log.Debug("updating event", "event", prev.Name, "err", err)
			return
		}
	}
	created, err := events.Create(ctx, ev, client.WriteOptions{})
	if err != nil {
		r.log.Debug("writing event", "reason", ev.Reason, "pod", ev.Namespace+"/"+ev.InvolvedObject.Name, "err", err)
		return
	}
	r.mu.Lock()
	if len(r.seen) >= maxAggregated {
		clear(r.seen)
	}
	r.seen[key] = created
	r.mu.Unlock()
}

// statusUpdater writes pods' PodScheduled condition (and nominated node)
// through the status subresource asynchronously, so the scheduling loop
// never waits on the API server. Only changes are written: a pod whose
// condition already says the same is not patched again; a pod that got
// bound (or assumed) meanwhile is skipped.
type statusUpdater struct {
	c     *client.Client
	cache *cache.Cache
	log   *slog.Logger

	mu      sync.Mutex
	pending map[string]statusUpdate
	order   []string
	wake    chan struct{}
}

type statusUpdate struct {
	pod       *corev1.Pod
	cond      corev1.PodCondition
	nominated string
}

func newStatusUpdater(c *client.Client, ch *cache.Cache, log *slog.Logger) *statusUpdater {
	return &statusUpdater{c: c, cache: ch, log: log, pending: map[string]statusUpdate{}, wake: make(chan struct{}, 1)}
}

// needsUpdate reports whether pod's status differs from the wanted one.
func needsUpdate(pod *corev1.Pod, cond corev1.PodCondition, nominated string) bool {
	if nominated != "" && pod.Status.NominatedNodeName != nominated {
		return true
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == cond.Type {
			return c.Status != cond.Status || c.Reason != cond.Reason || c.Message != cond.Message
		}
	}
	return true
}

func (u *statusUpdater) set(pod *corev1.Pod, cond corev1.PodCondition, nominated string) {
	if !needsUpdate(pod, cond, nominated) {
		return
	}
	key := cache.PodKey(pod)
	u.mu.Lock()
	if _, queued := u.pending[key]; !queued {
		u.order = append(u.order, key)
	}
	u.pending[key] = statusUpdate{pod: pod, cond: cond, nominated: nominated}
	u.mu.Unlock()
	select {
	case u.wake <- struct{}{}:
	default:
	}
}

func (u *statusUpdater) next() (statusUpdate, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for len(u.order) > 0 {
		key := u.order[0]
		u.order = u.order[1:]
		if up, ok := u.pending[key]; ok {
			delete(u.pending, key)
			return up, true
		}
	}
	return statusUpdate{}, false
}

func (u *statusUpdater) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-u.wake:
		}
		for {
			up, ok := u.next()
			if !ok || ctx.Err() != nil {
				break
			}
			u.write(ctx, up)
		}
	}
}

func (u *statusUpdater) write(ctx context.Context, up statusUpdate) {
	if u.cache.GetPod(up.pod) != nil {
		return // bound or assumed since
	}
	cond := up.cond
	cond.LastTransitionTime = meta.Now()
	for _, c := range up.pod.Status.Conditions {
		if c.Type == cond.Type && c.Status == cond.Status {
			cond.LastTransitionTime = c.LastTransitionTime
		}
	}
	status := map[string]any{"conditions": []corev1.PodCondition{cond}}
	if up.nominated != "" {
		status["nominatedNodeName"] = up.nominated
	}
	patch, err := json.Marshal(map[string]any{"status": status})
	if err != nil {
		return
	}
	_, err = client.For[*corev1.Pod](u.c).Namespace(up.pod.Namespace).Patch(ctx, up.pod.Name, client.StrategicMergePatchType, patch, client.WriteOptions{}, "status")
	if err != nil && !apierrors.IsNotFound(err) {
		u.log.Debug("updating pod status", "pod", up.pod.Namespace+"/"+up.pod.Name, "err", err)
	}
}
