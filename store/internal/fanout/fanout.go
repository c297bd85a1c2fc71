package fanout

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gantryhq/gantry/store"
)

// DefaultMaxPending is the default number of events a watch may have
// queued and not yet received before it is ended with ErrWatchTooSlow.
const DefaultMaxPending = 10000

// outBuffer is the capacity of a watch's Events channel.
const outBuffer = 128

// Source replays the history: it calls emit, in revision order, for every
// write with a revision in (from, to] whose key starts with prefix. It
// returns an error wrapping store.ErrCompacted if that history is gone, or
// the first error emit returns.
type Source func(ctx context.Context, prefix string, from, to int64, emit func(store.Event) error) error

// Hub fans events out to watches. Its methods are safe for concurrent use.
type Hub struct {
	maxPending int64

	mu        sync.Mutex
	published int64
	watches   map[*watch]struct{}
	closed    bool
	wg        sync.WaitGroup
}

// New returns a hub whose last published revision is rev. maxPending <= 0
// means DefaultMaxPending.
func New(rev int64, maxPending int) *Hub {
	if maxPending <= 0 {
		maxPending = DefaultMaxPending
	}
	return &Hub{maxPending: int64(maxPending), published: rev, watches: make(map[*watch]struct{})}
}

// Published returns the revision of the last published event.
func (h *Hub) Published() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.published
}

// Publish queues committed events, in ascending revision order, for every
// matching watch. It never blocks on a watch. A watch whose queue exceeds
// the limit is ended with ErrWatchTooSlow.
func (h *Hub) Publish(evs ...store.Event) {
	if len(evs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.published = evs[len(evs)-1].KV.ModRevision
	for w := range h.watches {
		for i := range evs {
			if strings.HasPrefix(evs[i].KV.Key, w.prefix) {
				w.push(evs[i], h.maxPending)
			}
		}
	}
}

// Watch starts a watch of prefix delivering events with revisions above
// from (0: from the last published revision). Events up to the last
// published revision come from src, later ones from Publish.
func (h *Hub) Watch(ctx context.Context, prefix string, from int64, src Source) (store.Watch, error) {
	w := &watch{
		hub:    h,
		ctx:    ctx,
		prefix: prefix,
		out:    make(chan store.Event, outBuffer),
		signal: make(chan struct{}, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, store.Errorf(store.ErrClosed, "watch of %q: the store is closed", prefix)
	}
	if from == 0 {
		from = h.published
	}
	w.from, w.replayTo = from, h.published
	h.watches[w] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	go w.run(src)
	return w, nil
}

// Close ends every watch with ErrClosed and waits for them to finish.
func (h *Hub) Close() {
	h.mu.Lock()
	h.closed = true
	for w := range h.watches {
		w.end(store.Errorf(store.ErrClosed, "watch of %q: the store was closed", w.prefix))
	}
	h.mu.Unlock()
	h.wg.Wait()
}

func (h *Hub) remove(w *watch) {
	h.mu.Lock()
	delete(h.watches, w)
	h.mu.Unlock()
}

type watch struct {
	hub      *Hub
	ctx      context.Context
	prefix   string
	from     int64 // deliver events above this revision
	replayTo int64 // replay (from, replayTo] from the Source

	out    chan store.Event
	signal chan struct{} // cap 1: queue is non-empty
	quit   chan struct{} // closed by end
	done   chan struct{} // closed when run returns

	pending atomic.Int64 // queued and not yet sent

	mu     sync.Mutex
	queue  []store.Event
	spare  []store.Event
	ended  bool
	err    error
	errSet bool
}

// push queues ev; called with hub.mu held.
func (w *watch) push(ev store.Event, max int64) {
	if ev.KV.ModRevision <= w.from {
		return
	}
	n := w.pending.Add(1)
	if n > max {
		w.end(store.Errorf(store.ErrWatchTooSlow, "watch of %q: %d events not received (limit %d) at revision %d; relist, or watch again from the revision of the last event received",
			w.prefix, n-1, max, ev.KV.ModRevision))
		return
	}
	w.mu.Lock()
	if w.ended {
		w.mu.Unlock()
		return
	}
	w.queue = append(w.queue, ev)
	w.mu.Unlock()
	select {
	case w.signal <- struct{}{}:
	default:
	}
}

// end ends the watch with err, unless it has already ended.
func (w *watch) end(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ended {
		return
	}
	w.ended, w.err = true, err
	w.queue = nil
	close(w.quit)
}

func (w *watch) Events() <-chan store.Event { return w.out }

func (w *watch) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *watch) Stop() {
	w.end(nil)
	<-w.done
}

// send delivers ev unless the watch ends first.
func (w *watch) send(ev store.Event) error {
	select {
	case w.out <- ev:
		return nil
	case <-w.quit:
		return errEnded
	case <-w.ctx.Done():
		w.end(w.ctx.Err())
		return errEnded
	}
}

type endedError struct{}

func (endedError) Error() string { return "watch ended" }

var errEnded error = endedError{}

func (w *watch) run(src Source) {
	defer w.hub.wg.Done()
	defer close(w.done)
	defer close(w.out)
	defer w.hub.remove(w)
	if w.replayTo > w.from {
		last := w.from
		err := src(w.ctx, w.prefix, w.from, w.replayTo, func(ev store.Event) error {
			if ev.KV.ModRevision <= last {
				return nil
			}
			last = ev.KV.ModRevision
			return w.send(ev)
		})
		if err != nil {
			if err != errEnded {
				w.end(err)
			}
			return
		}
	}
	for {
		select {
		case <-w.signal:
		case <-w.quit:
			return
		case <-w.ctx.Done():
			w.end(w.ctx.Err())
			return
		}
		w.mu.Lock()
		batch := w.queue
		w.queue = w.spare[:0]
		w.mu.Unlock()
		for i := range batch {
			if w.send(batch[i]) != nil {
				return
			}
			w.pending.Add(-1)
			batch[i] = store.Event{}
		}
		w.mu.Lock()
		if !w.ended {
			w.spare = batch[:0]
		}
		w.mu.Unlock()
	}
}
