package bolt

import (
	"bytes"
	"context"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/internal/kvutil"
)

// List implements store.Reader.
//
// At the latest revision it walks the kv bucket. At a past revision R it
// first walks the log records after R to find the keys of the prefix written
// since, and for each the record of its version at R (the prevModRev of its
// first write after R); every other key of the kv bucket is unchanged since
// R. The cost is the size of the prefix plus the number of writes since R.
func (db *DB) List(ctx context.Context, prefix string, opts store.ListOptions) (store.ListResult, error) {
	if err := ctx.Err(); err != nil {
		return store.ListResult{}, err
	}
	plan, err := kvutil.PlanList(prefix, opts)
	if err != nil {
		return store.ListResult{}, err
	}
	var res store.ListResult
	err = db.view(func(tx *bolt.Tx) error {
		cur, compacted, err := db.readMeta(tx)
		if err != nil {
			return err
		}
		if err := plan.CheckRevision(compacted, cur); err != nil {
			return err
		}
		res, err = db.list(ctx, tx, &plan, cur)
		return err
	})
	return res, err
}

// changed is a key written after the list revision, with the revision of
// its version at the list revision (0: it did not exist).
type changed struct {
	key string
	at  int64
}

func (db *DB) list(ctx context.Context, tx *bolt.Tx, plan *kvutil.ListPlan, cur int64) (store.ListResult, error) {
	res := store.ListResult{Revision: plan.Revision}
	start := []byte(plan.Prefix)
	if plan.After != "" {
		start = append([]byte(plan.After), 0)
	}
	prefix := []byte(plan.Prefix)
	kvb, logb := tx.Bucket(bucketKV), tx.Bucket(bucketLog)

	// Keys written after the list revision, sorted.
	var changes []changed
	if plan.Revision < cur {
		seen := map[string]bool{}
		c := logb.Cursor()
		for k, v := c.Seek(revKey(plan.Revision + 1)); k != nil; k, v = c.Next() {
			r, err := decodeRevKey(k)
			if err == nil {
				var lr logRecord
				if lr, err = decodeLog(r, v); err == nil {
					if bytes.HasPrefix(lr.key, prefix) && bytes.Compare(lr.key, start) >= 0 && !seen[string(lr.key)] {
						seen[string(lr.key)] = true
						changes = append(changes, changed{string(lr.key), lr.prevMod})
					}
					continue
				}
			}
			return res, db.corrupt(err)
		}
		slices.SortFunc(changes, func(a, b changed) int { return strings.Compare(a.key, b.key) })
	}

	full := func() bool { return plan.Limit > 0 && int64(len(res.KVs)) >= plan.Limit }
	// add adds a KV read from a record, or counts it once the page is full.
	add := func(key []byte, create, mod int64, val []byte) {
		if full() {
			res.RemainingCount++
			return
		}
		v := make([]byte, len(val))
		copy(v, val)
		res.KVs = append(res.KVs, store.KV{Key: string(key), Value: v, CreateRevision: create, ModRevision: mod})
	}
	// addChanged adds a key at its version at the list revision.
	addChanged := func(ch changed) error {
		if ch.at == 0 {
			return nil
		}
		if full() {
			res.RemainingCount++
			return nil
		}
		rec := logb.Get(revKey(ch.at))
		if rec == nil {
			return db.corrupt("no log record for revision " + itoa(ch.at) + " of key " + quote(ch.key))
		}
		lr, err := decodeLog(ch.at, rec)
		if err != nil {
			return db.corrupt(err)
		}
		add(lr.key, lr.create, ch.at, lr.value)
		return nil
	}

	c := kvb.Cursor()
	n := 0
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if n++; n%4096 == 0 && ctx.Err() != nil {
			return res, ctx.Err()
		}
		// Changed keys sorting before k.
		for len(changes) > 0 && changes[0].key < string(k) {
			if err := addChanged(changes[0]); err != nil {
				return res, err
			}
			changes = changes[1:]
		}
		if len(changes) > 0 && changes[0].key == string(k) {
			if err := addChanged(changes[0]); err != nil {
				return res, err
			}
			changes = changes[1:]
			continue
		}
		if full() {
			res.RemainingCount++
			continue
		}
		create, mod, val, err := decodeKV(v)
		if err != nil {
			return res, db.corrupt(err)
		}
		add(k, create, mod, val)
	}
	for _, ch := range changes {
		if err := addChanged(ch); err != nil {
			return res, err
		}
	}
	if n := len(res.KVs); n > 0 {
		res.Continue = plan.Continue(res.KVs[n-1].Key, res.RemainingCount)
	}
	return res, nil
}

// Watch implements store.Watcher.
func (db *DB) Watch(ctx context.Context, prefix string, fromRevision int64) (store.Watch, error) {
	if fromRevision < 0 {
		return nil, store.Errorf(store.ErrInvalidArgument, "watch of %q: revision %d is negative; use 0 for now", prefix, fromRevision)
	}
	if fromRevision != 0 {
		var compacted int64
		if err := db.view(func(tx *bolt.Tx) error {
			var err error
			_, compacted, err = db.readMeta(tx)
			return err
		}); err != nil {
			return nil, err
		}
		if fromRevision < compacted {
			return nil, kvutil.Compacted("watch of "+quote(prefix), fromRevision, compacted)
		}
	} else if db.isClosed.Load() {
		return nil, errClosed
	}
	return db.hub.Watch(ctx, prefix, fromRevision, db.replay)
}

// replayBatch is the number of log records read per read transaction, so
// that a slow watch does not hold one open.
const replayBatch = 1024

// replay is the watches' fanout.Source: it reads the log.
func (db *DB) replay(ctx context.Context, prefix string, from, to int64, emit func(store.Event) error) error {
	buf := make([]store.Event, 0, replayBatch)
	pfx := []byte(prefix)
	for from < to {
		buf = buf[:0]
		err := db.view(func(tx *bolt.Tx) error {
			_, compacted, err := db.readMeta(tx)
			if err != nil {
				return err
			}
			if from < compacted {
				return kvutil.Compacted("watch of "+quote(prefix), from, compacted)
			}
			logb := tx.Bucket(bucketLog)
			c := logb.Cursor()
			n := 0
			for k, v := c.Seek(revKey(from + 1)); k != nil && n < replayBatch; k, v = c.Next() {
				r, err := decodeRevKey(k)
				if err != nil {
					return db.corrupt(err)
				}
				if r > to {
					break
				}
				from, n = r, n+1
				lr, err := decodeLog(r, v)
				if err != nil {
					return db.corrupt(err)
				}
				if !bytes.HasPrefix(lr.key, pfx) {
					continue
				}
				ev, err := db.event(logb, r, lr)
				if err != nil {
					return err
				}
				buf = append(buf, ev)
			}
			if n == 0 {
				from = to // nothing left (cannot happen in a consistent file)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, ev := range buf {
			if err := emit(ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// event rebuilds the event of the log record of revision rev.
func (db *DB) event(logb *bolt.Bucket, rev int64, lr logRecord) (store.Event, error) {
	key := string(lr.key)
	kv := store.KV{Key: key, Value: bytes.Clone(lr.value), CreateRevision: lr.create, ModRevision: rev}
	if kv.Value == nil {
		kv.Value = []byte{}
	}
	if lr.op == opCreate {
		return store.Event{Type: store.Added, KV: kv}, nil
	}
	var prev *store.KV
	if rec := logb.Get(revKey(lr.prevMod)); rec != nil {
		p, err := decodeLog(lr.prevMod, rec)
		if err != nil {
			return store.Event{}, db.corrupt(err)
		}
		prev = &store.KV{Key: key, Value: bytes.Clone(p.value), CreateRevision: p.create, ModRevision: lr.prevMod}
		if prev.Value == nil {
			prev.Value = []byte{}
		}
	}
	if lr.op == opUpdate {
		return store.Event{Type: store.Modified, KV: kv, PrevKV: prev}, nil
	}
	if prev == nil {
		return store.Event{}, db.corrupt("no log record for revision " + itoa(lr.prevMod) + ", the value deleted at " + itoa(rev))
	}
	kv.Value = prev.Value
	return store.Event{Type: store.Deleted, KV: kv, PrevKV: prev}, nil
}
