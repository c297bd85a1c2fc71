package bolt

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/internal/kvutil"
)

// The group commit. Client goroutines encode their records, queue a request
// and wait. One writer goroutine takes every queued request (up to
// MaxBatch), applies them in order in one bbolt transaction, commits it
// (one fsync), publishes the events to the watches and then acknowledges
// each request. So a write is acknowledged only once it is durable, and N
// concurrent writers share one fsync.

type opKind uint8

const (
	kindCreate opKind = iota
	kindUpdate
	kindDelete
	kindCompact
)

func (k opKind) String() string {
	return [...]string{"create", "update", "delete", "compact"}[k]
}

type request struct {
	ctx      context.Context
	kind     opKind
	key      string
	expected int64 // precondition; for compact the revision
	kvRec    []byte
	logRec   []byte
	done     chan struct{}

	// results
	rev  int64
	prev store.KV
	err  error
}

var requestPool = sync.Pool{New: func() any { return &request{done: make(chan struct{}, 1)} }}

// do queues r, waits for its result and recycles it.
func (db *DB) do(r *request) (int64, store.KV, error) {
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return 0, store.KV{}, store.Errorf(store.ErrClosed, "%s %q: the store is closed", r.kind, r.key)
	}
	db.reqs <- r
	db.mu.RUnlock()
	select {
	case <-r.done:
	case <-r.ctx.Done():
		// The writer still owns r; it will not be recycled.
		return 0, store.KV{}, r.ctx.Err()
	}
	rev, prev, err := r.rev, r.prev, r.err
	*r = request{done: r.done}
	requestPool.Put(r)
	return rev, prev, err
}

func newRequest(ctx context.Context, kind opKind, key string) *request {
	r := requestPool.Get().(*request)
	r.ctx, r.kind, r.key = ctx, kind, key
	return r
}

// Create implements store.Writer.
func (db *DB) Create(ctx context.Context, key string, value []byte) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return 0, err
	}
	r := newRequest(ctx, kindCreate, key)
	r.kvRec, r.logRec = newKVRecord(value), newLogRecord(opCreate, key, value)
	rev, _, err := db.do(r)
	return rev, err
}

// Update implements store.Writer.
func (db *DB) Update(ctx context.Context, key string, value []byte, expectedModRevision int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return 0, err
	}
	if err := kvutil.CheckExpected(key, expectedModRevision); err != nil {
		return 0, err
	}
	r := newRequest(ctx, kindUpdate, key)
	r.expected = expectedModRevision
	r.kvRec, r.logRec = newKVRecord(value), newLogRecord(opUpdate, key, value)
	rev, _, err := db.do(r)
	return rev, err
}

// Delete implements store.Writer.
func (db *DB) Delete(ctx context.Context, key string, expectedModRevision int64) (store.KV, int64, error) {
	if err := ctx.Err(); err != nil {
		return store.KV{}, 0, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return store.KV{}, 0, err
	}
	if err := kvutil.CheckExpected(key, expectedModRevision); err != nil {
		return store.KV{}, 0, err
	}
	r := newRequest(ctx, kindDelete, key)
	r.expected = expectedModRevision
	r.logRec = newLogRecord(opDelete, key, nil)
	rev, prev, err := db.do(r)
	return prev, rev, err
}

// Compact implements store.Store. It runs in one transaction whose cost is
// proportional to the number of writes compacted.
func (db *DB) Compact(ctx context.Context, rev int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := newRequest(ctx, kindCompact, "")
	r.expected = rev
	_, _, err := db.do(r)
	return err
}

// writer is the single goroutine that commits writes.
func (db *DB) writer() {
	defer close(db.done)
	batch := make([]*request, 0, db.maxBatch)
	events := make([]store.Event, 0, db.maxBatch)
	for {
		r, ok := <-db.reqs
		if !ok {
			return
		}
		batch = db.gather(append(batch[:0], r))
		// A compaction runs in its own transaction.
		for len(batch) > 0 {
			n := 0
			for n < len(batch) && batch[n].kind != kindCompact {
				n++
			}
			if n == 0 {
				db.compact(batch[0])
				n = 1
			} else {
				events = db.commit(batch[:n], events[:0])
			}
			batch = batch[n:]
		}
	}
}

// gatherWait bounds how long the writer waits for more writes to join a
// batch.
const gatherWait = 200 * time.Microsecond

// gather adds queued requests to batch. Clients acknowledged by the last
// commit are typically about to queue their next write; yielding the
// processor a few times while requests keep arriving lets them join this
// batch instead of each costing a commit of its own. A lone writer pays
// two yields.
func (db *DB) gather(batch []*request) []*request {
	var deadline time.Time
	for idle := 0; len(batch) < db.maxBatch; {
		select {
		case r, ok := <-db.reqs:
			if !ok {
				return batch
			}
			batch = append(batch, r)
			idle = 0
			continue
		default:
		}
		if idle++; idle > 2 {
			return batch
		}
		if deadline.IsZero() {
			deadline = time.Now().Add(gatherWait)
		} else if time.Now().After(deadline) {
			return batch
		}
		runtime.Gosched()
	}
	return batch
}

// commit applies writes in one transaction, commits it, publishes their
// events and acknowledges them.
func (db *DB) commit(batch []*request, events []store.Event) []store.Event {
	rev := db.rev.Load()
	err := db.update(func(tx *bolt.Tx) error {
		if err := db.reserve(tx.Size()); err != nil {
			return err
		}
		kvb, logb := tx.Bucket(bucketKV), tx.Bucket(bucketLog)
		logb.FillPercent = 1 // the log is append-only
		for _, r := range batch {
			if r.err = r.ctx.Err(); r.err != nil {
				continue // not applied
			}
			ev, err := db.apply(kvb, logb, r, rev+1)
			if err != nil {
				return err
			}
			if r.err == nil {
				rev++
				events = append(events, ev)
			}
		}
		if len(events) == 0 {
			return nil
		}
		return tx.Bucket(bucketMeta).Put(metaRev, encodeUint(rev))
	})
	if err != nil {
		err = fmt.Errorf("store: commit to %s failed, nothing of this batch was written: %w", db.path, err)
		for _, r := range batch {
			r.err, r.rev, r.prev = err, 0, store.KV{}
		}
		events = events[:0]
	} else if len(events) > 0 {
		db.rev.Store(rev)
		db.hub.Publish(events...)
	}
	for _, r := range batch {
		r.kvRec, r.logRec = nil, nil
		r.done <- struct{}{}
	}
	clear(events)
	return events
}

// apply applies one write at revision rev. A refused write sets r.err; a
// storage failure is returned and fails the batch.
func (db *DB) apply(kvb, logb *bolt.Bucket, r *request, rev int64) (store.Event, error) {
	key := []byte(r.key)
	var cur store.KV
	exists := false
	if rec := kvb.Get(key); rec != nil {
		create, mod, val, err := decodeKV(rec)
		if err != nil {
			return store.Event{}, db.corrupt(fmt.Errorf("key %q: %w", r.key, err))
		}
		exists = true
		cur = store.KV{Key: r.key, CreateRevision: create, ModRevision: mod}
		if r.kind != kindCreate {
			cur.Value = append([]byte{}, val...)
		}
	}
	switch {
	case r.kind == kindCreate && exists:
		r.err = kvutil.AlreadyExists(r.key, cur.ModRevision)
		return store.Event{}, nil
	case r.kind != kindCreate && !exists:
		r.err = kvutil.NotFound(r.key)
		return store.Event{}, nil
	case r.expected != 0 && r.expected != cur.ModRevision:
		r.err = kvutil.Conflict(r.key, cur.ModRevision, r.expected)
		return store.Event{}, nil
	}
	var ev store.Event
	switch r.kind {
	case kindCreate:
		setKVRevs(r.kvRec, rev, rev)
		setLogRevs(r.logRec, rev, 0)
		ev = store.Event{Type: store.Added, KV: store.KV{Key: r.key, Value: r.kvRec[kvHeaderSize:], CreateRevision: rev, ModRevision: rev}}
	case kindUpdate:
		setKVRevs(r.kvRec, cur.CreateRevision, rev)
		setLogRevs(r.logRec, cur.CreateRevision, cur.ModRevision)
		prev := cur
		ev = store.Event{Type: store.Modified, KV: store.KV{Key: r.key, Value: r.kvRec[kvHeaderSize:], CreateRevision: cur.CreateRevision, ModRevision: rev}, PrevKV: &prev}
	case kindDelete:
		setLogRevs(r.logRec, cur.CreateRevision, cur.ModRevision)
		prev := cur
		kv := cur
		kv.ModRevision = rev
		ev = store.Event{Type: store.Deleted, KV: kv, PrevKV: &prev}
		r.prev = cur
	}
	var err error
	if r.kind == kindDelete {
		err = kvb.Delete(key)
	} else {
		err = kvb.Put(key, r.kvRec)
	}
	if err == nil {
		err = logb.Put(revKey(rev), r.logRec)
	}
	if err != nil {
		return store.Event{}, err
	}
	r.rev = rev
	return ev, nil
}

// compact runs a compaction request in its own transaction.
//
// The log keeps, for every key, the records after the compacted revision
// plus the record of the key's version at the compacted revision (if the key
// existed then): that version is needed to list at the compacted revision
// and to give the previous value of the key's next write. Compacting from c0
// to c walks the log records in (c0, c] and deletes every record superseded
// by a later one at or below c (and the kept record at or below c0 that the
// first of them superseded), and every delete record.
func (db *DB) compact(r *request) {
	defer func() { r.done <- struct{}{} }()
	if r.err = r.ctx.Err(); r.err != nil {
		return
	}
	rev := r.expected
	r.err = db.update(func(tx *bolt.Tx) error {
		cur, c0, err := db.readMeta(tx)
		if err != nil {
			return err
		}
		if rev > cur {
			return kvutil.Future("compaction", rev, cur)
		}
		if rev <= c0 {
			return nil
		}
		logb := tx.Bucket(bucketLog)
		last := map[string]int64{}
		var drop []int64
		c := logb.Cursor()
		for k, v := c.Seek(revKey(c0 + 1)); k != nil; k, v = c.Next() {
			r, err := decodeRevKey(k)
			if err != nil {
				return db.corrupt(err)
			}
			if r > rev {
				break
			}
			lr, err := decodeLog(r, v)
			if err != nil {
				return db.corrupt(err)
			}
			if p, ok := last[string(lr.key)]; ok {
				drop = append(drop, p)
			} else if lr.prevMod != 0 && lr.prevMod <= c0 {
				drop = append(drop, lr.prevMod)
			}
			last[string(lr.key)] = r
			if lr.op == opDelete {
				drop = append(drop, r)
			}
		}
		for _, d := range drop {
			if err := logb.Delete(revKey(d)); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(metaCompacted, encodeUint(rev))
	})
}

// reserve keeps at least growStep/2 bytes of written zeros after size, the
// end of the data, by extending the file in steps of growStep. A commit that
// writes into blocks the file system has already allocated costs one cheap
// fdatasync; one that writes past the end of the file (or into a hole left by
// bbolt's truncate-based growth) also commits file system metadata, which
// on ext4 costs several milliseconds. Called from the writer only.
func (db *DB) reserve(size int64) error {
	if db.growStep <= 0 || db.fileSize-size >= db.growStep/2 {
		return nil
	}
	f, err := os.OpenFile(db.path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	from := max(fi.Size(), size)
	to := (size + db.growStep + db.growStep/2) / db.growStep * db.growStep
	zeros := make([]byte, 1<<20)
	for off := from; off < to; off += int64(len(zeros)) {
		n := min(int64(len(zeros)), to-off)
		if _, err := f.WriteAt(zeros[:n], off); err != nil {
			return fmt.Errorf("extend %s: %w", db.path, err)
		}
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("extend %s: %w", db.path, err)
	}
	db.fileSize = max(to, fi.Size())
	return nil
}
