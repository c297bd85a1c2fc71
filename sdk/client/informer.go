package client

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Handler receives an informer's events. Objects are shared with the
// informer's cache and other handlers: never modify them (deep-copy first).
// Calls to one handler are sequential and in event order.
type Handler[T meta.Object] interface {
	// OnAdd is called for a new object; initial is true for objects of the
	// first list.
	OnAdd(obj T, initial bool)
	// OnUpdate is called for a changed object, and for every object on resync (old == new).
	OnUpdate(old, new T)
	// OnDelete is called with the last known state of a deleted object.
	OnDelete(obj T)
}

// HandlerFuncs adapts functions to a Handler; nil funcs are skipped.
type HandlerFuncs[T meta.Object] struct {
	AddFunc    func(obj T, initial bool)
	UpdateFunc func(old, new T)
	DeleteFunc func(obj T)
}

// OnAdd calls AddFunc.
func (h HandlerFuncs[T]) OnAdd(obj T, initial bool) {
	if h.AddFunc != nil {
		h.AddFunc(obj, initial)
	}
}

// OnUpdate calls UpdateFunc.
func (h HandlerFuncs[T]) OnUpdate(old, new T) {
	if h.UpdateFunc != nil {
		h.UpdateFunc(old, new)
	}
}

// OnDelete calls DeleteFunc.
func (h HandlerFuncs[T]) OnDelete(obj T) {
	if h.DeleteFunc != nil {
		h.DeleteFunc(obj)
	}
}

// IndexFunc returns the index values of an object.
type IndexFunc[T meta.Object] func(obj T) []string

// NamespaceIndex is the name of the index every informer keeps by namespace.
const NamespaceIndex = "namespace"

// InformerOptions configure an Informer.
type InformerOptions struct {
	// LabelSelector and FieldSelector restrict the objects cached.
	LabelSelector string
	FieldSelector string
	// Resync, when positive, redelivers every object as OnUpdate this often.
	Resync time.Duration
	// PageSize is the list page size. Default 500.
	PageSize int64
	// WatchTimeout bounds each watch request (randomised up to twice). Default 5 min.
	WatchTimeout time.Duration
}

// Informer keeps a cache of one kind by list and watch and tells handlers
// about changes. Build it with NewInformer, add handlers and indexers, and
// Run it; several consumers share one informer through a Factory.
type Informer[T meta.Object] struct {
	res  *Resource[T]
	opts InformerOptions

	mu       sync.RWMutex
	items    map[string]T
	indexers map[string]IndexFunc[T]
	indices  map[string]map[string]map[string]struct{} // index → value → keys
	rv       string

	lmu       sync.Mutex
	listeners []*listener[T]
	stopped   bool           // Run has returned; guarded by lmu
	running   sync.WaitGroup // listener and resync goroutines

	synced  atomic.Bool
	started atomic.Bool
}

// NewInformer returns an informer over r (its namespace, if bound).
func NewInformer[T meta.Object](r *Resource[T], opts InformerOptions) *Informer[T] {
	if opts.PageSize <= 0 {
		opts.PageSize = 500
	}
	if opts.WatchTimeout <= 0 {
		opts.WatchTimeout = 5 * time.Minute
	}
	inf := &Informer[T]{
		res:      r,
		opts:     opts,
		items:    map[string]T{},
		indexers: map[string]IndexFunc[T]{},
		indices:  map[string]map[string]map[string]struct{}{},
	}
	_ = inf.AddIndexer(NamespaceIndex, func(obj T) []string { return []string{obj.GetObjectMeta().Namespace} })
	return inf
}

// Key returns the cache key of obj: "namespace/name" or "name".
func Key(obj meta.Object) string {
	m := obj.GetObjectMeta()
	if m.Namespace == "" {
		return m.Name
	}
	return m.Namespace + "/" + m.Name
}

// AddIndexer adds an index; it must be called before Run.
func (i *Informer[T]) AddIndexer(name string, fn IndexFunc[T]) error {
	if i.started.Load() {
		return fmt.Errorf("client: indexer %q added after the informer started", name)
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if _, dup := i.indexers[name]; dup {
		return fmt.Errorf("client: indexer %q already exists", name)
	}
	i.indexers[name] = fn
	i.indices[name] = map[string]map[string]struct{}{}
	return nil
}

// AddEventHandler adds a handler. Added after the first list, it first
// gets OnAdd for every cached object.
func (i *Informer[T]) AddEventHandler(h Handler[T]) {
	l := newListener(h)
	// Holding lmu while queueing the snapshot orders it before any later
	// event (notify takes lmu too).
	i.lmu.Lock()
	defer i.lmu.Unlock()
	if i.stopped {
		// Run has returned: nothing will ever be delivered.
		return
	}
	i.listeners = append(i.listeners, l)
	if i.started.Load() {
		i.running.Add(1)
		go func() {
			defer i.running.Done()
			l.run()
		}()
		for _, obj := range i.List(labels.Everything()) {
			l.add(notification[T]{kind: nAdd, obj: obj, initial: true})
		}
	}
}

// HasSynced reports whether the first list has been delivered to the cache.
func (i *Informer[T]) HasSynced() bool { return i.synced.Load() }

// LastResourceVersion returns the resourceVersion of the last event seen.
func (i *Informer[T]) LastResourceVersion() string {
	i.mu.RLock()
	defer i.mu.RUnlock()
	return i.rv
}

// Get returns the cached object with key ("namespace/name" or "name").
func (i *Informer[T]) Get(key string) (T, bool) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	obj, ok := i.items[key]
	return obj, ok
}

// List returns the cached objects matching sel, sorted by key.
func (i *Informer[T]) List(sel labels.Selector) []T {
	i.mu.RLock()
	out := make([]T, 0, len(i.items))
	keys := make([]string, 0, len(i.items))
	for k := range i.items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		obj := i.items[k]
		if sel == nil || sel.Empty() || sel.Matches(labels.Set(obj.GetObjectMeta().Labels)) {
			out = append(out, obj)
		}
	}
	i.mu.RUnlock()
	return out
}

// ByIndex returns the cached objects whose index name has value.
func (i *Informer[T]) ByIndex(name, value string) ([]T, error) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	idx, ok := i.indices[name]
	if !ok {
		return nil, fmt.Errorf("client: no index %q", name)
	}
	keys := make([]string, 0, len(idx[value]))
	for k := range idx[value] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, i.items[k])
	}
	return out, nil
}

// Lister returns a lister over the cache.
func (i *Informer[T]) Lister() *Lister[T] { return &Lister[T]{inf: i} }

func (i *Informer[T]) indexLocked(key string, obj T, add bool) {
	for name, fn := range i.indexers {
		for _, v := range fn(obj) {
			set := i.indices[name][v]
			if add {
				if set == nil {
					set = map[string]struct{}{}
					i.indices[name][v] = set
				}
				set[key] = struct{}{}
			} else if set != nil {
				delete(set, key)
				if len(set) == 0 {
					delete(i.indices[name], v)
				}
			}
		}
	}
}

func (i *Informer[T]) upsert(obj T) (old T, existed bool) {
	key := Key(obj)
	i.mu.Lock()
	old, existed = i.items[key]
	if existed {
		i.indexLocked(key, old, false)
	}
	i.items[key] = obj
	i.indexLocked(key, obj, true)
	i.rv = obj.GetObjectMeta().ResourceVersion
	i.mu.Unlock()
	return old, existed
}

func (i *Informer[T]) remove(obj T) (old T, existed bool) {
	key := Key(obj)
	i.mu.Lock()
	old, existed = i.items[key]
	if existed {
		i.indexLocked(key, old, false)
		delete(i.items, key)
	}
	i.rv = obj.GetObjectMeta().ResourceVersion
	i.mu.Unlock()
	return old, existed
}

func (i *Informer[T]) notify(n notification[T]) {
	i.lmu.Lock()
	defer i.lmu.Unlock()
	for _, l := range i.listeners {
		l.add(n)
	}
}

// Run lists and watches until ctx ends. It relists on 410 Gone and
// re-watches after a normal end of a watch. When it returns, every handler
// goroutine has ended (a handler call in progress is waited for). An
// informer runs once: a second Run returns at once.
func (i *Informer[T]) Run(ctx context.Context) {
	if !i.started.CompareAndSwap(false, true) {
		return
	}
	i.lmu.Lock()
	for _, l := range i.listeners {
		i.running.Add(1)
		go func() {
			defer i.running.Done()
			l.run()
		}()
	}
	i.lmu.Unlock()
	defer func() {
		i.lmu.Lock()
		i.stopped = true
		for _, l := range i.listeners {
			l.stop()
		}
		i.lmu.Unlock()
		i.running.Wait()
	}()
	if i.opts.Resync > 0 {
		i.running.Add(1)
		go func() {
			defer i.running.Done()
			i.resyncLoop(ctx)
		}()
	}
	backoff := newBackoff(100*time.Millisecond, 30*time.Second)
	needList := true
	for ctx.Err() == nil {
		if needList {
			if err := i.relist(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				backoff.wait(ctx)
				continue
			}
			needList = false
		}
		err := i.watch(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			if apierrors.IsGone(err) {
				needList = true
				continue
			}
			backoff.wait(ctx)
			if apierrors.IsTooManyRequests(err) {
				continue
			}
			continue
		}
		backoff.reset()
	}
}

// relist lists everything and turns the difference with the cache into events.
func (i *Informer[T]) relist(ctx context.Context) error {
	opts := ListOptions{LabelSelector: i.opts.LabelSelector, FieldSelector: i.opts.FieldSelector, Limit: i.opts.PageSize}
	fresh := map[string]T{}
	var rv string
	for {
		l, err := i.res.List(ctx, opts)
		if err != nil {
			return err
		}
		for _, obj := range l.Items {
			fresh[Key(obj)] = obj
		}
		rv = l.ResourceVersion
		if l.Continue == "" {
			break
		}
		opts.Continue = l.Continue
	}
	initial := !i.synced.Load()
	i.mu.RLock()
	var gone []T
	for k, obj := range i.items {
		if _, ok := fresh[k]; !ok {
			gone = append(gone, obj)
		}
	}
	i.mu.RUnlock()
	for _, obj := range gone {
		if old, ok := i.remove(obj); ok {
			i.notify(notification[T]{kind: nDelete, obj: old})
		}
	}
	keys := make([]string, 0, len(fresh))
	for k := range fresh {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		obj := fresh[k]
		old, existed := i.upsert(obj)
		if existed {
			if old.GetObjectMeta().ResourceVersion != obj.GetObjectMeta().ResourceVersion {
				i.notify(notification[T]{kind: nUpdate, old: old, obj: obj})
			}
		} else {
			i.notify(notification[T]{kind: nAdd, obj: obj, initial: initial})
		}
	}
	i.mu.Lock()
	i.rv = rv
	i.mu.Unlock()
	i.synced.Store(true)
	return nil
}

func (i *Informer[T]) watch(ctx context.Context) error {
	timeout := time.Duration(float64(i.opts.WatchTimeout) * (1 + rand.Float64()))
	w, err := i.res.Watch(ctx, ListOptions{
		LabelSelector: i.opts.LabelSelector, FieldSelector: i.opts.FieldSelector,
		ResourceVersion: i.LastResourceVersion(), AllowWatchBookmarks: true,
		TimeoutSeconds: int64(timeout / time.Second),
	})
	if err != nil {
		return err
	}
	defer w.Stop()
	for ev := range w.Events() {
		switch ev.Type {
		case Added, Modified:
			old, existed := i.upsert(ev.Object)
			if existed {
				i.notify(notification[T]{kind: nUpdate, old: old, obj: ev.Object})
			} else {
				i.notify(notification[T]{kind: nAdd, obj: ev.Object})
			}
		case Deleted:
			if old, existed := i.remove(ev.Object); existed {
				_ = old
				i.notify(notification[T]{kind: nDelete, obj: ev.Object})
			}
		case Bookmark:
			i.mu.Lock()
			i.rv = ev.Object.GetObjectMeta().ResourceVersion
			i.mu.Unlock()
		}
	}
	return w.Err()
}

func (i *Informer[T]) resyncLoop(ctx context.Context) {
	t := time.NewTicker(i.opts.Resync)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, obj := range i.List(nil) {
			i.notify(notification[T]{kind: nUpdate, old: obj, obj: obj})
		}
	}
}

// WaitForCacheSync waits until every synced func reports true or ctx ends;
// it reports whether they all synced.
func WaitForCacheSync(ctx context.Context, synced ...func() bool) bool {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		all := true
		for _, s := range synced {
			if !s() {
				all = false
				break
			}
		}
		if all {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

// notification is one event for a listener.
type notification[T meta.Object] struct {
	kind    int
	obj     T
	old     T
	initial bool
}

const (
	nAdd = iota
	nUpdate
	nDelete
)

// listener delivers notifications to one handler through its own
// unbounded queue, so a slow handler never blocks the informer.
type listener[T meta.Object] struct {
	h      Handler[T]
	mu     sync.Mutex
	queue  []notification[T]
	wake   chan struct{}
	done   chan struct{}
	closed bool
}

func newListener[T meta.Object](h Handler[T]) *listener[T] {
	return &listener[T]{h: h, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

func (l *listener[T]) add(n notification[T]) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.queue = append(l.queue, n)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *listener[T]) stop() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.done)
	}
	l.mu.Unlock()
}

func (l *listener[T]) run() {
	for {
		l.mu.Lock()
		batch := l.queue
		l.queue = nil
		l.mu.Unlock()
		for _, n := range batch {
			switch n.kind {
			case nAdd:
				l.h.OnAdd(n.obj, n.initial)
			case nUpdate:
				l.h.OnUpdate(n.old, n.obj)
			case nDelete:
				l.h.OnDelete(n.obj)
			}
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-l.wake:
		case <-l.done:
			return
		}
	}
}

// Lister reads an informer's cache.
type Lister[T meta.Object] struct{ inf *Informer[T] }

// List returns the cached objects matching sel (nil for all).
func (l *Lister[T]) List(sel labels.Selector) []T { return l.inf.List(sel) }

// Get returns the named object in ns ("" for cluster-scoped kinds), or a NotFound error.
func (l *Lister[T]) Get(ns, name string) (T, error) {
	key := name
	if ns != "" {
		key = ns + "/" + name
	}
	obj, ok := l.inf.Get(key)
	if !ok {
		var zero T
		return zero, apierrors.NewNotFound(apierrors.Resource{Group: l.inf.res.kind.GVK().Group, Resource: l.inf.res.kind.Resource()}, name)
	}
	return obj, nil
}

// ByNamespace returns the cached objects of ns matching sel.
func (l *Lister[T]) ByNamespace(ns string, sel labels.Selector) []T {
	objs, _ := l.inf.ByIndex(NamespaceIndex, ns)
	if sel == nil || sel.Empty() {
		return objs
	}
	out := objs[:0:0]
	for _, o := range objs {
		if sel.Matches(labels.Set(o.GetObjectMeta().Labels)) {
			out = append(out, o)
		}
	}
	return out
}

// Factory shares informers: one per kind and namespace. Typed informers
// (InformerFor) and untyped ones (InformerForKind) are kept apart: asking
// for both of one kind builds two caches.
type Factory struct {
	c      *Client
	ns     string
	resync time.Duration

	mu        sync.Mutex
	informers map[any]runner // by reflect.Type (typed) or GroupVersionResource (untyped)
	started   map[any]bool
	ctx       context.Context
	shutdown  bool
	wg        sync.WaitGroup
}

type runner interface {
	Run(ctx context.Context)
	HasSynced() bool
}

// NewFactory returns a factory of informers over c, for namespace ns ("" for all).
func NewFactory(c *Client, ns string, resync time.Duration) *Factory {
	return &Factory{c: c, ns: ns, resync: resync, informers: map[any]runner{}, started: map[any]bool{}}
}

// InformerFor returns the factory's shared informer of kind T, creating it.
func InformerFor[T meta.Object](f *Factory) *Informer[T] {
	var zero T
	t := reflect.TypeOf(zero)
	f.mu.Lock()
	defer f.mu.Unlock()
	if inf, ok := f.informers[t]; ok {
		return inf.(*Informer[T])
	}
	inf := NewInformer(For[T](f.c).Namespace(f.ns), InformerOptions{Resync: f.resync})
	f.addLocked(t, inf)
	return inf
}

// InformerForKind returns the factory's shared untyped informer of kind k
// (see ForKind), creating it.
func (f *Factory) InformerForKind(k *registry.Kind) *Informer[meta.Object] {
	key := k.GVR()
	f.mu.Lock()
	defer f.mu.Unlock()
	if inf, ok := f.informers[key]; ok {
		return inf.(*Informer[meta.Object])
	}
	inf := NewInformer(ForKind(f.c, k).Namespace(f.ns), InformerOptions{Resync: f.resync})
	f.addLocked(key, inf)
	return inf
}

// addLocked records inf and runs it if the factory has started.
func (f *Factory) addLocked(key any, inf runner) {
	f.informers[key] = inf
	if f.ctx != nil {
		f.runLocked(key, inf)
	}
}

func (f *Factory) runLocked(key any, inf runner) {
	if f.started[key] || f.shutdown {
		return
	}
	f.started[key] = true
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		inf.Run(f.ctx)
	}()
}

// Start runs every informer created so far, and those created later, until
// ctx ends. Calling it again runs informers created since (with the first
// context).
func (f *Factory) Start(ctx context.Context) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx == nil {
		f.ctx = ctx
	}
	for key, inf := range f.informers {
		f.runLocked(key, inf)
	}
}

// Shutdown stops the factory from starting informers and waits until every
// informer it started has returned (their context must have ended, or
// Shutdown blocks until it does).
func (f *Factory) Shutdown() {
	f.mu.Lock()
	f.shutdown = true
	f.mu.Unlock()
	f.wg.Wait()
}

// WaitForCacheSync waits until every informer has synced or ctx ends.
func (f *Factory) WaitForCacheSync(ctx context.Context) bool {
	f.mu.Lock()
	var fns []func() bool
	for _, inf := range f.informers {
		fns = append(fns, inf.HasSynced)
	}
	f.mu.Unlock()
	return WaitForCacheSync(ctx, fns...)
}

// backoff is an exponential back-off with jitter.
type backoff struct {
	initial, max, cur time.Duration
}

func newBackoff(initial, max time.Duration) *backoff {
	return &backoff{initial: initial, max: max, cur: initial}
}

func (b *backoff) wait(ctx context.Context) {
	d := time.Duration(float64(b.cur) * (0.5 + rand.Float64()/2))
	b.cur = min(b.cur*2, b.max)
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

func (b *backoff) reset() { b.cur = b.initial }
