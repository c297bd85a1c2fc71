package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	sjson "sigs.k8s.io/json"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// EventType is the type of a watch event.
type EventType string

// Watch event types.
const (
	Added    EventType = "ADDED"
	Modified EventType = "MODIFIED"
	Deleted  EventType = "DELETED"
	Bookmark EventType = "BOOKMARK"
)

// Event is one watch event. For Bookmark only the object's resourceVersion is set.
type Event[T meta.Object] struct {
	Type   EventType
	Object T
}

// Watcher is a running watch. Events are delivered on Events until the
// stream ends (server timeout, error, Stop); then Events is closed and Err
// says why (nil for a normal end). A 410 Gone (the revision is too old) is
// an error for which errors.IsGone holds: relist.
type Watcher[T meta.Object] struct {
	events chan Event[T]
	body   io.ReadCloser
	cancel context.CancelFunc

	mu   sync.Mutex
	err  error
	done chan struct{}
}

// Events returns the event channel.
func (w *Watcher[T]) Events() <-chan Event[T] { return w.events }

// Err returns why the watch ended; call it after Events is closed.
func (w *Watcher[T]) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Stop ends the watch and waits for its goroutine. It is idempotent.
func (w *Watcher[T]) Stop() {
	w.cancel()
	_ = w.body.Close()
	<-w.done
}

// Watch starts a watch with opts.
func (r *Resource[T]) Watch(ctx context.Context, opts ListOptions) (*Watcher[T], error) {
	q := opts.query()
	q.Set("watch", "1")
	ctx, cancel := context.WithCancel(ctx)
	body, err := r.c.Stream(ctx, Request{Method: http.MethodGet, Path: r.path(r.ns, ""), Query: q})
	if err != nil {
		cancel()
		return nil, err
	}
	w := &Watcher[T]{events: make(chan Event[T], 64), body: body, cancel: cancel, done: make(chan struct{})}
	go w.run(ctx, r)
	return w, nil
}

func (w *Watcher[T]) run(ctx context.Context, r *Resource[T]) {
	defer close(w.done)
	defer close(w.events)
	defer w.body.Close()
	dec := json.NewDecoder(w.body)
	for {
		var ev meta.WatchEvent
		if err := dec.Decode(&ev); err != nil {
			if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				w.setErr(fmt.Errorf("client: reading the watch of %s: %w", r.kind.Resource(), err))
			}
			return
		}
		switch ev.Type {
		case meta.WatchError:
			var st meta.Status
			if err := json.Unmarshal(ev.Object, &st); err != nil {
				w.setErr(fmt.Errorf("client: undecodable watch error: %s", ev.Object))
			} else {
				w.setErr(apierrors.FromStatus(st))
			}
			return
		case string(Added), string(Modified), string(Deleted), string(Bookmark):
		default:
			w.setErr(fmt.Errorf("client: unknown watch event type %q", ev.Type))
			return
		}
		obj := r.newObj()
		if err := sjson.UnmarshalCaseSensitivePreserveInts(ev.Object, obj); err != nil {
			w.setErr(fmt.Errorf("client: decoding a watch event of %s: %w", r.kind.Resource(), err))
			return
		}
		select {
		case w.events <- Event[T]{Type: EventType(ev.Type), Object: obj}:
		case <-ctx.Done():
			return
		}
	}
}

func (w *Watcher[T]) setErr(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}
