package memory

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/internal/fanout"
	"github.com/gantryhq/gantry/store/internal/kvutil"
)

// Options configures a Store. The zero value means defaults.
type Options struct {
	// MaxWatchPending is the number of events a watch may have queued and
	// not yet received before it is ended with store.ErrWatchTooSlow.
	// Default 10,000.
	MaxWatchPending int
}

// Store is an in-memory store.Store. Create one with New; it is safe for
// concurrent use.
type Store struct {
	hub *fanout.Hub

	mu        sync.RWMutex
	closed    bool
	rev       int64
	compacted int64
	keys      map[string]*entry
	idx       index
	// log holds the events of revisions compacted+1 ... rev, in order.
	log eventLog
}

var _ store.Store = (*Store)(nil)

// entry is a key's history since the last compaction.
type entry struct {
	key      string
	versions []version // ascending mod; never empty
	first    [1]version
}

// version is one write of a key.
type version struct {
	mod, create int64
	value       []byte
	deleted     bool // a tombstone: the key was deleted at mod
}

func (e *entry) last() *version { return &e.versions[len(e.versions)-1] }

// at returns the version of e visible at rev, if the key existed then.
func (e *entry) at(rev int64) (*version, bool) {
	for i := len(e.versions) - 1; i >= 0; i-- {
		if v := &e.versions[i]; v.mod <= rev {
			return v, !v.deleted
		}
	}
	return nil, false
}

func (e *entry) kv(v *version) store.KV {
	return store.KV{Key: e.key, Value: v.value, CreateRevision: v.create, ModRevision: v.mod}
}

// New returns an empty store.
func New(opts Options) *Store {
	return &Store{
		hub:  fanout.New(0, opts.MaxWatchPending),
		keys: make(map[string]*entry),
	}
}

func closedErr(op, key string) error {
	return store.Errorf(store.ErrClosed, "%s %q: the store is closed", op, key)
}

// Get implements store.Reader.
func (s *Store) Get(ctx context.Context, key string) (store.KV, error) {
	if err := ctx.Err(); err != nil {
		return store.KV{}, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return store.KV{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return store.KV{}, closedErr("get", key)
	}
	e := s.keys[key]
	if e == nil || e.last().deleted {
		return store.KV{}, kvutil.NotFound(key)
	}
	return e.kv(e.last()), nil
}

// List implements store.Reader.
func (s *Store) List(ctx context.Context, prefix string, opts store.ListOptions) (store.ListResult, error) {
	if err := ctx.Err(); err != nil {
		return store.ListResult{}, err
	}
	plan, err := kvutil.PlanList(prefix, opts)
	if err != nil {
		return store.ListResult{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return store.ListResult{}, closedErr("list", prefix)
	}
	if err := plan.CheckRevision(s.compacted, s.rev); err != nil {
		return store.ListResult{}, err
	}
	start := prefix
	if plan.After != "" {
		start = plan.After + "\x00"
	}
	res := store.ListResult{Revision: plan.Revision}
	rev := plan.Revision
	s.idx.ascend(start, func(e *entry) bool {
		if !strings.HasPrefix(e.key, prefix) {
			return false
		}
		v, ok := e.at(rev)
		if !ok {
			return true
		}
		if plan.Limit == 0 || int64(len(res.KVs)) < plan.Limit {
			res.KVs = append(res.KVs, e.kv(v))
		} else {
			res.RemainingCount++
		}
		return true
	})
	if n := len(res.KVs); n > 0 {
		res.Continue = plan.Continue(res.KVs[n-1].Key, res.RemainingCount)
	}
	return res, nil
}

// Create implements store.Writer.
func (s *Store) Create(ctx context.Context, key string, value []byte) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return 0, err
	}
	val := owned(value)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, closedErr("create", key)
	}
	e := s.keys[key]
	if e != nil && !e.last().deleted {
		return 0, kvutil.AlreadyExists(key, e.last().mod)
	}
	s.rev++
	v := version{mod: s.rev, create: s.rev, value: val}
	if e == nil {
		e = &entry{key: key, first: [1]version{v}}
		e.versions = e.first[:]
		s.keys[key] = e
		s.idx.insert(e)
	} else {
		e.versions = append(e.versions, v)
	}
	s.emit(store.Event{Type: store.Added, KV: e.kv(&v)})
	return s.rev, nil
}

// Update implements store.Writer.
func (s *Store) Update(ctx context.Context, key string, value []byte, expectedModRevision int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return 0, err
	}
	if err := kvutil.CheckExpected(key, expectedModRevision); err != nil {
		return 0, err
	}
	val := owned(value)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, closedErr("update", key)
	}
	e := s.keys[key]
	if e == nil || e.last().deleted {
		return 0, kvutil.NotFound(key)
	}
	prev := e.kv(e.last())
	if expectedModRevision != 0 && prev.ModRevision != expectedModRevision {
		return 0, kvutil.Conflict(key, prev.ModRevision, expectedModRevision)
	}
	s.rev++
	v := version{mod: s.rev, create: prev.CreateRevision, value: val}
	e.versions = append(e.versions, v)
	s.emit(store.Event{Type: store.Modified, KV: e.kv(&v), PrevKV: &prev})
	return s.rev, nil
}

// Delete implements store.Writer.
func (s *Store) Delete(ctx context.Context, key string, expectedModRevision int64) (store.KV, int64, error) {
	if err := ctx.Err(); err != nil {
		return store.KV{}, 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return store.KV{}, 0, err
	}
	if err := kvutil.CheckExpected(key, expectedModRevision); err != nil {
		return store.KV{}, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.KV{}, 0, closedErr("delete", key)
	}
	e := s.keys[key]
	if e == nil || e.last().deleted {
		return store.KV{}, 0, kvutil.NotFound(key)
	}
	prev := e.kv(e.last())
	if expectedModRevision != 0 && prev.ModRevision != expectedModRevision {
		return store.KV{}, 0, kvutil.Conflict(key, prev.ModRevision, expectedModRevision)
	}
	s.rev++
	e.versions = append(e.versions, version{mod: s.rev, create: prev.CreateRevision, deleted: true})
	kv := prev
	kv.ModRevision = s.rev
	s.emit(store.Event{Type: store.Deleted, KV: kv, PrevKV: &prev})
	return prev, s.rev, nil
}

// emit records and publishes the event of the write at s.rev; s.mu is held.
func (s *Store) emit(ev store.Event) {
	s.log.append(ev)
	s.hub.Publish(ev)
}

// Watch implements store.Watcher.
func (s *Store) Watch(ctx context.Context, prefix string, fromRevision int64) (store.Watch, error) {
	if fromRevision < 0 {
		return nil, store.Errorf(store.ErrInvalidArgument, "watch of %q: revision %d is negative; use 0 for now", prefix, fromRevision)
	}
	s.mu.RLock()
	closed, compacted := s.closed, s.compacted
	s.mu.RUnlock()
	if closed {
		return nil, closedErr("watch", prefix)
	}
	if fromRevision != 0 && fromRevision < compacted {
		return nil, kvutil.Compacted("watch of "+quote(prefix), fromRevision, compacted)
	}
	return s.hub.Watch(ctx, prefix, fromRevision, s.replay)
}

// replayBatch is the number of events copied out of the log per lock hold.
const replayBatch = 1024

// replay is the watch's fanout.Source: it reads the log.
func (s *Store) replay(ctx context.Context, prefix string, from, to int64, emit func(store.Event) error) error {
	buf := make([]store.Event, 0, replayBatch)
	for from < to {
		buf = buf[:0]
		s.mu.RLock()
		if s.closed {
			s.mu.RUnlock()
			return closedErr("watch", prefix)
		}
		if from < s.compacted {
			c := s.compacted
			s.mu.RUnlock()
			return kvutil.Compacted("watch of "+quote(prefix), from, c)
		}
		for from < to && len(buf) < replayBatch {
			from++
			ev := *s.log.at(int(from - s.compacted - 1))
			if strings.HasPrefix(ev.KV.Key, prefix) {
				buf = append(buf, ev)
			}
		}
		s.mu.RUnlock()
		for _, ev := range buf {
			if err := emit(ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// CurrentRevision implements store.Store.
func (s *Store) CurrentRevision(ctx context.Context) (int64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return 0, closedErr("current revision of", "")
	}
	return s.rev, nil
}

// Compact implements store.Store. It costs time proportional to the number
// of writes compacted.
func (s *Store) Compact(ctx context.Context, rev int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return closedErr("compact", "")
	}
	if rev > s.rev {
		return kvutil.Future("compaction", rev, s.rev)
	}
	if rev <= s.compacted {
		return nil
	}
	n := rev - s.compacted
	seen := make(map[string]struct{})
	for i := range int(n) {
		ev := s.log.at(i)
		if _, ok := seen[ev.KV.Key]; ok {
			continue
		}
		seen[ev.KV.Key] = struct{}{}
		if e := s.keys[ev.KV.Key]; e != nil {
			s.compactEntry(e, rev)
		}
	}
	s.log.dropFront(int(n))
	s.compacted = rev
	return nil
}

// compactEntry drops the versions of e that no read at rev or later needs.
func (s *Store) compactEntry(e *entry, rev int64) {
	i := len(e.versions) - 1
	for i >= 0 && e.versions[i].mod > rev {
		i--
	}
	if i < 0 {
		return
	}
	if e.versions[i].deleted {
		i++ // the tombstone goes too
	}
	if i == 0 {
		return
	}
	if i == len(e.versions) {
		delete(s.keys, e.key)
		s.idx.remove(e.key)
		return
	}
	e.versions = append([]version(nil), e.versions[i:]...)
}

// Close implements store.Store.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.keys, s.idx, s.log = nil, index{}, eventLog{}
	s.mu.Unlock()
	s.hub.Close()
	return nil
}

// owned returns the value to keep: the caller's slice itself (the store
// owns it, see store.Writer), or an empty one for nil, so that a stored
// value is never nil.
func owned(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func quote(s string) string { return strconv.Quote(s) }
