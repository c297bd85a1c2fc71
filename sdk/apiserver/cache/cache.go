package cache

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/store"
)

// Errors of the watch cache.
var (
	// ErrTooOld is returned for a watch from a revision older than the window.
	ErrTooOld = fmt.Errorf("cache: too old resource version: %w", apierrors.ErrExpired)
	// ErrTooSlow ends a watcher whose queue overflowed.
	ErrTooSlow = fmt.Errorf("cache: watcher fell too far behind: %w", apierrors.ErrExpired)
	// ErrStopped ends watchers when the cache stops.
	ErrStopped = fmt.Errorf("cache: stopped: %w", apierrors.ErrServiceUnavailable)
)

// Entry is one cached version of an object. It is immutable.
type Entry struct {
	// Key is the store key.
	Key string
	// Rev is the object's resourceVersion (for a deleted object: the delete's revision).
	Rev int64
	// Object is the decoded object with its resourceVersion set. Never modify it.
	Object meta.Object
	// Raw is the JSON encoding of Object.
	Raw []byte
}

// Event is one change of one object.
type Event struct {
	// Type is ADDED, MODIFIED or DELETED.
	Type store.EventType
	// Rev is the revision of the change.
	Rev int64
	// Entry is the object after the change; for DELETED the last state with Rev set to the delete's revision.
	Entry *Entry
	// Prev is the object before the change, nil for ADDED.
	Prev *Entry
}

// Decoder turns a store KV into a cached entry: the decoded object with its
// resourceVersion set to kv.ModRevision and its JSON encoding.
type Decoder func(kv store.KV) (*Entry, error)

// Options configure a Cache. Zero values mean defaults.
type Options struct {
	// Window is the number of recent events each resource keeps for watch
	// resumption. Default 8192.
	Window int
	// WatcherQueue is how many undelivered events a watcher may have before
	// it is ended with ErrTooSlow. Default 100000.
	WatcherQueue int
	// ListPageSize is the page size of the initial list. Default 1000.
	ListPageSize int64
	// OnError is called with errors of the dispatch loop (re-watch, relist); may be nil.
	OnError func(error)
}

// Cache dispatches one store watch to per-resource caches.
type Cache struct {
	st     store.Store
	prefix string
	opts   Options

	mu        sync.RWMutex
	resources []*Resource // sorted by prefix, longest first for matching

	rev     atomic.Int64 // every event up to rev has been dispatched
	revMu   sync.Mutex
	revCond chan struct{} // closed and replaced whenever rev advances

	startOnce sync.Once
	started   chan struct{}
	startErr  error
	cancel    context.CancelFunc
	done      chan struct{}
}

// New returns a cache over the keys of st starting with prefix. Add
// resources with AddResource, then Start.
func New(st store.Store, prefix string, opts Options) *Cache {
	if opts.Window <= 0 {
		opts.Window = 8192
	}
	if opts.WatcherQueue <= 0 {
		opts.WatcherQueue = 100000
	}
	if opts.ListPageSize <= 0 {
		opts.ListPageSize = 1000
	}
	return &Cache{
		st: st, prefix: prefix, opts: opts,
		revCond: make(chan struct{}),
		started: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// AddResource adds a resource whose keys start with prefix (which must
// start with the cache's prefix and end with "/"). It must be called before Start.
func (c *Cache) AddResource(prefix string, dec Decoder) *Resource {
	r := &Resource{
		cache:    c,
		prefix:   prefix,
		decode:   dec,
		entries:  make(map[string]*Entry),
		window:   make([]*Event, c.opts.Window),
		watchers: make(map[*Watcher]struct{}),
	}
	c.mu.Lock()
	c.resources = append(c.resources, r)
	sort.Slice(c.resources, func(i, j int) bool { return len(c.resources[i].prefix) > len(c.resources[j].prefix) })
	c.mu.Unlock()
	return r
}

// Start lists the store, fills the resources and starts the dispatch loop.
// It returns when the cache is ready. The loop runs until Stop.
func (c *Cache) Start(ctx context.Context) error {
	c.startOnce.Do(func() {
		loopCtx, cancel := context.WithCancel(context.Background())
		c.cancel = cancel
		rev, err := c.relist(ctx)
		if err != nil {
			c.startErr = err
			cancel()
			close(c.done)
			close(c.started)
			return
		}
		// Open the first store watch before returning, so that no write
		// made after Start can be missed (a watch from revision 0 means
		// "from now").
		w, err := c.st.Watch(loopCtx, c.prefix, rev)
		if err != nil {
			c.startErr = fmt.Errorf("cache: watching %s from %d: %w", c.prefix, rev, err)
			cancel()
			close(c.done)
			close(c.started)
			return
		}
		close(c.started)
		go c.loop(loopCtx, rev, w)
	})
	return c.startErr
}

// Stop ends the dispatch loop and every watcher (with ErrStopped).
func (c *Cache) Stop() {
	c.startOnce.Do(func() { close(c.started); close(c.done) })
	if c.cancel != nil {
		c.cancel()
	}
	<-c.done
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, r := range c.resources {
		r.stopWatchers(ErrStopped)
	}
}

// Revision returns the revision up to which every event has been dispatched.
func (c *Cache) Revision() int64 { return c.rev.Load() }

// WaitForRevision blocks until the cache has dispatched every event up to
// rev, or ctx ends.
func (c *Cache) WaitForRevision(ctx context.Context, rev int64) error {
	for {
		c.revMu.Lock()
		ch := c.revCond
		c.revMu.Unlock()
		if c.rev.Load() >= rev {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("cache: waiting for revision %d (at %d): %w", rev, c.rev.Load(), ctx.Err())
		case <-c.done:
			return ErrStopped
		}
	}
}

// WaitFresh waits until the cache has caught up with the store's current
// revision, so that a read served from it is as fresh as a store read.
func (c *Cache) WaitFresh(ctx context.Context) error {
	cur, err := c.st.CurrentRevision(ctx)
	if err != nil {
		return err
	}
	return c.WaitForRevision(ctx, cur)
}

func (c *Cache) setRevision(rev int64) {
	c.rev.Store(rev)
	c.revMu.Lock()
	close(c.revCond)
	c.revCond = make(chan struct{})
	c.revMu.Unlock()
}

func (c *Cache) resourceFor(key string) *Resource {
	for _, r := range c.resources {
		if strings.HasPrefix(key, r.prefix) {
			return r
		}
	}
	return nil
}

// relist reads every key under the prefix at one revision and replaces the
// contents of every resource.
func (c *Cache) relist(ctx context.Context) (int64, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fresh := make(map[*Resource]map[string]*Entry, len(c.resources))
	for _, r := range c.resources {
		fresh[r] = make(map[string]*Entry)
	}
	var rev int64
	opts := store.ListOptions{Limit: c.opts.ListPageSize}
	for {
		res, err := c.st.List(ctx, c.prefix, opts)
		if err != nil {
			return 0, fmt.Errorf("cache: listing %s: %w", c.prefix, err)
		}
		rev = res.Revision
		for _, kv := range res.KVs {
			r := c.resourceFor(kv.Key)
			if r == nil {
				continue
			}
			e, err := r.decode(kv)
			if err != nil {
				c.reportError(fmt.Errorf("cache: skipping undecodable %s: %w", kv.Key, err))
				continue
			}
			fresh[r][kv.Key] = e
		}
		if res.Continue == "" {
			break
		}
		opts = store.ListOptions{Limit: c.opts.ListPageSize, Continue: res.Continue}
	}
	for _, r := range c.resources {
		r.reset(fresh[r], rev)
	}
	c.setRevision(rev)
	return rev, nil
}

func (c *Cache) reportError(err error) {
	if c.opts.OnError != nil {
		c.opts.OnError(err)
	}
}

func (c *Cache) loop(ctx context.Context, rev int64, first store.Watch) {
	defer close(c.done)
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		w, err := first, error(nil)
		first = nil
		if w == nil {
			w, err = c.st.Watch(ctx, c.prefix, rev)
		}
		if err != nil {
			if errors.Is(err, store.ErrCompacted) {
				c.reportError(fmt.Errorf("cache: watch from %d: %w; relisting", rev, err))
				if nrev, lerr := c.relist(ctx); lerr == nil {
					rev = nrev
					continue
				}
			}
			if ctx.Err() != nil {
				return
			}
			c.reportError(fmt.Errorf("cache: watch from %d: %w", rev, err))
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return
			}
			backoff = min(backoff*2, 2*time.Second)
			continue
		}
		backoff = 50 * time.Millisecond
		for ev := range w.Events() {
			c.dispatch(ev)
			rev = ev.KV.ModRevision
			c.setRevision(rev)
		}
		werr := w.Err()
		w.Stop()
		if ctx.Err() != nil {
			return
		}
		if werr != nil {
			c.reportError(fmt.Errorf("cache: store watch ended at %d: %w; re-watching", rev, werr))
		}
	}
}

func (c *Cache) dispatch(ev store.Event) {
	r := c.resourceFor(ev.KV.Key)
	if r == nil {
		return
	}
	var (
		cur, prev *Entry
		err       error
	)
	cur, err = r.decode(ev.KV)
	if err != nil {
		c.reportError(fmt.Errorf("cache: skipping undecodable event for %s at %d: %w", ev.KV.Key, ev.KV.ModRevision, err))
		// Keep the index consistent for deletes even when undecodable.
		if ev.Type == store.Deleted {
			r.apply(&Event{Type: ev.Type, Rev: ev.KV.ModRevision, Entry: &Entry{Key: ev.KV.Key, Rev: ev.KV.ModRevision}})
		}
		return
	}
	r.mu.RLock()
	prev = r.entries[ev.KV.Key]
	r.mu.RUnlock()
	typ := ev.Type
	if typ == store.Modified && prev == nil {
		typ = store.Added
	}
	r.apply(&Event{Type: typ, Rev: ev.KV.ModRevision, Entry: cur, Prev: prev})
}

// Resource caches the objects of one resource.
type Resource struct {
	cache  *Cache
	prefix string
	decode Decoder

	mu          sync.RWMutex
	entries     map[string]*Entry
	sorted      []*Entry // sorted by key; nil when stale
	window      []*Event // ring buffer
	head, size  int
	windowStart int64 // events with rev <= windowStart are not in the window
	watchers    map[*Watcher]struct{}
}

// Prefix returns the resource's key prefix.
func (r *Resource) Prefix() string { return r.prefix }

func (r *Resource) reset(entries map[string]*Entry, rev int64) {
	r.mu.Lock()
	r.entries = entries
	r.sorted = nil
	r.head, r.size = 0, 0
	r.windowStart = rev
	ws := r.watchers
	r.watchers = make(map[*Watcher]struct{})
	r.mu.Unlock()
	for w := range ws {
		w.end(ErrTooOld)
	}
}

func (r *Resource) apply(ev *Event) {
	r.mu.Lock()
	if ev.Type == store.Deleted {
		delete(r.entries, ev.Entry.Key)
	} else {
		r.entries[ev.Entry.Key] = ev.Entry
	}
	r.sorted = nil
	// window
	if len(r.window) > 0 {
		if r.size == len(r.window) {
			old := r.window[r.head]
			r.windowStart = old.Rev
			r.window[r.head] = ev
			r.head = (r.head + 1) % len(r.window)
		} else {
			r.window[(r.head+r.size)%len(r.window)] = ev
			r.size++
		}
	} else {
		r.windowStart = ev.Rev
	}
	for w := range r.watchers {
		if !w.push(ev) {
			delete(r.watchers, w)
		}
	}
	r.mu.Unlock()
}

// Get returns the cached entry for key and the cache revision it was read at.
func (r *Resource) Get(key string) (*Entry, int64, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[key]
	return e, r.cache.Revision(), ok
}

// Len returns the number of cached objects.
func (r *Resource) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.entries)
}

// List returns the entries whose key starts with prefix and that match
// (nil matches all), sorted by key, and the revision they were read at.
func (r *Resource) List(prefix string, match func(*Entry) bool) ([]*Entry, int64) {
	r.mu.Lock()
	if r.sorted == nil {
		r.sorted = make([]*Entry, 0, len(r.entries))
		for _, e := range r.entries {
			r.sorted = append(r.sorted, e)
		}
		sort.Slice(r.sorted, func(i, j int) bool { return r.sorted[i].Key < r.sorted[j].Key })
	}
	all := r.sorted
	rev := r.cache.Revision()
	r.mu.Unlock()
	lo := sort.Search(len(all), func(i int) bool { return all[i].Key >= prefix })
	var out []*Entry
	for _, e := range all[lo:] {
		if !strings.HasPrefix(e.Key, prefix) {
			break
		}
		if match == nil || match(e) {
			out = append(out, e)
		}
	}
	return out, rev
}

// WatchOptions select what a watcher receives.
type WatchOptions struct {
	// Prefix restricts the watch to keys starting with it (a namespace, one object).
	Prefix string
	// Match filters objects; nil matches all. An object that stops matching
	// is delivered as DELETED, one that starts matching as ADDED.
	Match func(*Entry) bool
	// FromRevision: events after it are delivered. 0 means: first an ADDED
	// event for every matching object, then every later change.
	FromRevision int64
	// InitialEvents with FromRevision 0 controls the synthetic ADDED events
	// (true by default through NewWatch; set SkipInitial to watch from now).
	SkipInitial bool
}

// Watch starts a watcher. It fails with ErrTooOld when FromRevision is
// older than the window.
func (r *Resource) Watch(opts WatchOptions) (*Watcher, error) {
	w := &Watcher{
		prefix: opts.Prefix,
		match:  opts.Match,
		limit:  r.cache.opts.WatcherQueue,
		notify: make(chan struct{}, 1),
		res:    r,
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.cache.Revision()
	switch {
	case opts.FromRevision == 0 && !opts.SkipInitial:
		keys := make([]string, 0, len(r.entries))
		for k := range r.entries {
			if strings.HasPrefix(k, w.prefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			e := r.entries[k]
			if w.match == nil || w.match(e) {
				w.queue = append(w.queue, Delivery{Type: store.Added, Entry: e})
			}
		}
	case opts.FromRevision == 0:
	default:
		if opts.FromRevision < r.windowStart {
			return nil, fmt.Errorf("%w: %d (the oldest available is %d)", ErrTooOld, opts.FromRevision, r.windowStart)
		}
		for i := 0; i < r.size; i++ {
			ev := r.window[(r.head+i)%len(r.window)]
			if ev.Rev > opts.FromRevision {
				w.pushLocked(ev)
			}
		}
	}
	w.startRev = cur
	r.watchers[w] = struct{}{}
	if len(w.queue) > 0 {
		w.notify <- struct{}{}
	}
	return w, nil
}

func (r *Resource) stopWatchers(err error) {
	r.mu.Lock()
	ws := r.watchers
	r.watchers = make(map[*Watcher]struct{})
	r.mu.Unlock()
	for w := range ws {
		w.end(err)
	}
}

func (r *Resource) removeWatcher(w *Watcher) {
	r.mu.Lock()
	delete(r.watchers, w)
	r.mu.Unlock()
}

// Delivery is one event as one watcher sees it.
type Delivery struct {
	// Type is ADDED, MODIFIED or DELETED as seen through the watcher's filter.
	Type store.EventType
	// Entry is the object (for DELETED, its last state).
	Entry *Entry
}

// Watcher receives the events of one watch. Next returns them in revision
// order; Stop ends the watch. It is safe for one consumer goroutine.
type Watcher struct {
	prefix   string
	match    func(*Entry) bool
	limit    int
	res      *Resource
	startRev int64

	mu     sync.Mutex
	queue  []Delivery
	spare  []Delivery
	err    error
	notify chan struct{}
}

// StartRevision is the cache revision at which the watch started.
func (w *Watcher) StartRevision() int64 { return w.startRev }

// push adds ev to the queue; it reports false when the watcher has ended.
func (w *Watcher) push(ev *Event) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return false
	}
	n := len(w.queue)
	w.pushLocked(ev)
	if len(w.queue) > w.limit {
		w.queue = nil
		w.err = ErrTooSlow
		select {
		case w.notify <- struct{}{}:
		default:
		}
		return false
	}
	if len(w.queue) > n {
		select {
		case w.notify <- struct{}{}:
		default:
		}
	}
	return true
}

// pushLocked filters ev into the queue. w.mu must be held (or w unpublished).
func (w *Watcher) pushLocked(ev *Event) {
	if !strings.HasPrefix(ev.Entry.Key, w.prefix) {
		return
	}
	if w.match == nil {
		w.queue = append(w.queue, Delivery{Type: ev.Type, Entry: ev.Entry})
		return
	}
	cur := ev.Type != store.Deleted && ev.Entry.Object != nil && w.match(ev.Entry)
	prev := ev.Prev != nil && ev.Prev.Object != nil && w.match(ev.Prev)
	switch ev.Type {
	case store.Added:
		if cur {
			w.queue = append(w.queue, Delivery{Type: store.Added, Entry: ev.Entry})
		}
	case store.Modified:
		switch {
		case cur && prev:
			w.queue = append(w.queue, Delivery{Type: store.Modified, Entry: ev.Entry})
		case cur:
			w.queue = append(w.queue, Delivery{Type: store.Added, Entry: ev.Entry})
		case prev:
			// The object left the selection: deliver its new state as DELETED.
			w.queue = append(w.queue, Delivery{Type: store.Deleted, Entry: ev.Entry})
		}
	case store.Deleted:
		if ev.Entry.Object != nil && w.match(ev.Entry) {
			w.queue = append(w.queue, Delivery{Type: store.Deleted, Entry: ev.Entry})
		}
	}
}

// Next blocks until events are available and returns all of them, oldest
// first. The returned slice is valid until the next call. It returns an
// error when the watch ended (ErrTooSlow, ErrTooOld, ErrStopped) or ctx ended.
func (w *Watcher) Next(ctx context.Context) ([]Delivery, error) {
	for {
		w.mu.Lock()
		if len(w.queue) > 0 {
			out := w.queue
			w.queue = w.spare[:0]
			w.spare = out
			w.mu.Unlock()
			return out, nil
		}
		err := w.err
		w.mu.Unlock()
		if err != nil {
			return nil, err
		}
		select {
		case <-w.notify:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// TryNext is Next without blocking: it returns the queued events (none
// when the queue is empty) or the error that ended the watch.
func (w *Watcher) TryNext() ([]Delivery, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.queue) > 0 {
		out := w.queue
		w.queue = w.spare[:0]
		w.spare = out
		return out, nil
	}
	return nil, w.err
}

// Pending reports whether events are queued.
func (w *Watcher) Pending() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.queue) > 0
}

// Ready returns a channel that receives a value when events may be pending.
func (w *Watcher) Ready() <-chan struct{} { return w.notify }

func (w *Watcher) end(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// Stop ends the watch. It is idempotent.
func (w *Watcher) Stop() {
	w.res.removeWatcher(w)
	w.end(ErrStopped)
}

// WatcherCount returns the number of running watchers.
func (r *Resource) WatcherCount() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.watchers)
}
