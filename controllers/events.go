package controllers

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
)

// EventRecorder records core/v1 Events about objects. Recording never
// blocks and never fails the caller: events are written in the background,
// best effort, and dropped when the backlog is full or the API refuses
// them. It is safe for concurrent use.
//
// As Kubernetes' recorder does, a repeat of an event (same source, object,
// type, reason and message) increments the count and lastTimestamp of the
// event already written instead of creating another; and when an object
// gets more than 10 events of one source, type and reason with different
// messages within 10 minutes, the further ones are combined into one event
// whose message starts with "(combined from similar events): ". Kubernetes'
// per-object spam filter (a token bucket) is not implemented.
type EventRecorder interface {
	// Event records an event about obj. eventType is corev1.EventTypeNormal
	// or corev1.EventTypeWarning; reason is a short CamelCase cause.
	Event(obj meta.Object, eventType, reason, message string)
	// Eventf is Event with a formatted message.
	Eventf(obj meta.Object, eventType, reason, messageFmt string, args ...any)
}

// Event correlation limits, as in Kubernetes' EventCorrelator.
const (
	eventCacheSize         = 4096
	eventAggregateMax      = 10
	eventAggregateInterval = 10 * time.Minute
	eventBacklog           = 1000
	eventAggregatePrefix   = "(combined from similar events): "
)

type recorder struct {
	b         *broadcaster
	component string
	kindOf    func(reflect.Type) (*registry.Kind, error)
	now       func() time.Time
}

func (r *recorder) Eventf(obj meta.Object, eventType, reason, messageFmt string, args ...any) {
	r.Event(obj, eventType, reason, fmt.Sprintf(messageFmt, args...))
}

func (r *recorder) Event(obj meta.Object, eventType, reason, message string) {
	if eventType != corev1.EventTypeNormal && eventType != corev1.EventTypeWarning {
		r.b.log.Error("event dropped: unsupported type, want Normal or Warning", "type", eventType, "reason", reason)
		return
	}
	ref, err := r.reference(obj)
	if err != nil {
		r.b.log.Error("event dropped", "err", err, "reason", reason)
		return
	}
	ns := ref.Namespace
	if ns == "" {
		ns = corev1.NamespaceDefault
	}
	now := r.now()
	t := meta.NewTime(now)
	r.b.post(&corev1.Event{
		ObjectMeta:          meta.ObjectMeta{Name: fmt.Sprintf("%v.%x", ref.Name, now.UnixNano()), Namespace: ns},
		InvolvedObject:      ref,
		Reason:              reason,
		Message:             message,
		Source:              corev1.EventSource{Component: r.component},
		FirstTimestamp:      t,
		LastTimestamp:       t,
		Count:               1,
		Type:                eventType,
		ReportingController: r.component,
	})
}

// reference builds the involved object's reference; the kind comes from
// the object's TypeMeta or, when empty, from the registry by Go type.
func (r *recorder) reference(obj meta.Object) (corev1.ObjectReference, error) {
	if obj == nil {
		return corev1.ObjectReference{}, fmt.Errorf("no object")
	}
	m := obj.GetObjectMeta()
	tm := obj.GetTypeMeta()
	kind, apiVersion := tm.Kind, tm.APIVersion
	if kind == "" || apiVersion == "" {
		k, err := r.kindOf(reflect.TypeOf(obj))
		if err != nil {
			return corev1.ObjectReference{}, err
		}
		kind, apiVersion = k.GVK().Kind, k.APIVersion()
	}
	return corev1.ObjectReference{
		Kind: kind, APIVersion: apiVersion, Namespace: m.Namespace, Name: m.Name,
		UID: m.UID, ResourceVersion: m.ResourceVersion,
	}, nil
}

// broadcaster writes events on one goroutine, correlating repeats.
type broadcaster struct {
	log       *slog.Logger
	events    *client.Resource[*corev1.Event] // nil when the registry has no Event kind
	ch        chan *corev1.Event
	done      chan struct{}
	wg        sync.WaitGroup
	startOnce sync.Once
	stopOnce  sync.Once
	corr      *correlator
}

func newBroadcaster(c *client.Client, log *slog.Logger) *broadcaster {
	b := &broadcaster{log: log, ch: make(chan *corev1.Event, eventBacklog), done: make(chan struct{}), corr: newCorrelator()}
	if r, err := client.ForErr[*corev1.Event](c); err == nil {
		b.events = r
	}
	return b
}

func (b *broadcaster) post(ev *corev1.Event) {
	select {
	case <-b.done:
		return
	default:
	}
	select {
	case b.ch <- ev:
	default:
		b.log.Warn("event dropped: backlog full", "reason", ev.Reason, "object", ev.InvolvedObject.Name)
	}
}

func (b *broadcaster) start() {
	b.startOnce.Do(func() {
		b.wg.Add(1)
		go b.loop()
	})
}

// stop writes what is queued (for at most 2 s) and ends the writer.
func (b *broadcaster) stop() {
	b.stopOnce.Do(func() { close(b.done) })
	b.wg.Wait()
}

func (b *broadcaster) loop() {
	defer b.wg.Done()
	for {
		select {
		case ev := <-b.ch:
			b.write(context.Background(), ev)
		case <-b.done:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			for {
				select {
				case ev := <-b.ch:
					if ctx.Err() == nil {
						b.write(ctx, ev)
					}
				default:
					return
				}
			}
		}
	}
}

// write creates or updates one event.
func (b *broadcaster) write(ctx context.Context, ev *corev1.Event) {
	if b.events == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ev, key := b.corr.aggregate(ev)
	events := b.events.Namespace(ev.Namespace)
	if prev, ok := b.corr.seen(key); ok {
		ev.Name = prev.name
		ev.Count = prev.count + 1
		ev.FirstTimestamp = prev.first
		patch, _ := json.Marshal(map[string]any{"count": ev.Count, "lastTimestamp": ev.LastTimestamp, "message": ev.Message})
		_, err := events.Patch(ctx, ev.Name, client.MergePatchType, patch, client.WriteOptions{})
		if err == nil {
			b.corr.record(key, ev)
			return
		}
		if !apierrors.IsNotFound(err) {
			b.log.Debug("event not updated", "err", err, "event", ev.Namespace+"/"+ev.Name)
			return
		}
		// The event expired or was deleted: write it again.
	}
	if _, err := events.Create(ctx, ev, client.WriteOptions{}); err != nil {
		b.log.Debug("event not written", "err", err, "reason", ev.Reason, "object", ev.InvolvedObject.Name)
		return
	}
	b.corr.record(key, ev)
}

// correlator is a simplified Kubernetes EventCorrelator: an aggregator of
// similar events and a log of written ones, both bounded LRU caches. It is
// used by the writer goroutine only.
type correlator struct {
	written *lru[eventRecord]
	similar *lru[*aggregateRecord]
}

type eventRecord struct {
	name  string
	count int32
	first meta.Time
}

type aggregateRecord struct {
	messages map[string]bool
	last     time.Time
}

func newCorrelator() *correlator {
	return &correlator{written: newLRU[eventRecord](eventCacheSize), similar: newLRU[*aggregateRecord](eventCacheSize)}
}

func joinKey(parts ...string) string { return strings.Join(parts, "\x00") }

// eventKey identifies repeats of one event.
func eventKey(ev *corev1.Event) string {
	o := ev.InvolvedObject
	return joinKey(ev.Source.Component, ev.Source.Host, o.Kind, o.Namespace, o.Name, o.FieldPath, string(o.UID), o.APIVersion, ev.Type, ev.Reason, ev.Message)
}

// aggregate returns the event to write and its key: ev itself, or, past
// the threshold of similar events, a combined event keyed without the message.
func (c *correlator) aggregate(ev *corev1.Event) (*corev1.Event, string) {
	o := ev.InvolvedObject
	aggKey := joinKey(ev.Source.Component, ev.Source.Host, o.Kind, o.Namespace, o.Name, string(o.UID), o.APIVersion, ev.Type, ev.Reason, ev.ReportingController, ev.ReportingInstance)
	now := ev.LastTimestamp.Time
	rec, ok := c.similar.get(aggKey)
	if !ok || now.Sub(rec.last) > eventAggregateInterval {
		rec = &aggregateRecord{messages: map[string]bool{}}
	}
	rec.messages[ev.Message] = true
	rec.last = now
	c.similar.add(aggKey, rec)
	if len(rec.messages) < eventAggregateMax {
		return ev, eventKey(ev)
	}
	for m := range rec.messages { // keep the set bounded
		delete(rec.messages, m)
		break
	}
	agg := ev.DeepCopy()
	agg.Message = eventAggregatePrefix + ev.Message
	agg.Count = 1
	agg.FirstTimestamp = ev.LastTimestamp
	return agg, aggKey
}

func (c *correlator) seen(key string) (eventRecord, bool) { return c.written.get(key) }

func (c *correlator) record(key string, ev *corev1.Event) {
	c.written.add(key, eventRecord{name: ev.Name, count: ev.Count, first: ev.FirstTimestamp})
}

// lru is a small least-recently-used cache (not safe for concurrent use).
type lru[V any] struct {
	max   int
	order *list.List // of *lruEntry[V], most recent first
	items map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (l *lru[V]) get(key string) (V, bool) {
	if e, ok := l.items[key]; ok {
		l.order.MoveToFront(e)
		return e.Value.(*lruEntry[V]).val, true
	}
	var zero V
	return zero, false
}

func (l *lru[V]) add(key string, val V) {
	if e, ok := l.items[key]; ok {
		e.Value.(*lruEntry[V]).val = val
		l.order.MoveToFront(e)
		return
	}
	l.items[key] = l.order.PushFront(&lruEntry[V]{key: key, val: val})
	if l.order.Len() > l.max {
		last := l.order.Back()
		l.order.Remove(last)
		delete(l.items, last.Value.(*lruEntry[V]).key)
	}
}
