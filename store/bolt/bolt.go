package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/internal/fanout"
	"github.com/gantryhq/gantry/store/internal/kvutil"
)

// FormatVersion is the newest store file format this package reads and the
// one it writes.
const FormatVersion = 1

var (
	bucketKV   = []byte("kv")
	bucketLog  = []byte("log")
	bucketMeta = []byte("meta")

	metaFormat    = []byte("format")
	metaRev       = []byte("rev")
	metaCompacted = []byte("compacted")
)

// Options configures Open. The zero value means defaults.
type Options struct {
	// LockTimeout is how long Open waits for the file lock held by another
	// process (or another DB of this process) before failing. Default 1s.
	LockTimeout time.Duration
	// MaxBatch is the largest number of writes committed (and fsync'd)
	// together. Default 2048.
	MaxBatch int
	// MaxWatchPending is the number of events a watch may have queued and
	// not yet received before it is ended with store.ErrWatchTooSlow.
	// Default 10,000.
	MaxWatchPending int
	// GrowStep is how far ahead of its data the file is extended, by
	// writing zeros, so that commits do not allocate file system blocks
	// (which makes each fsync much slower). A new store file is GrowStep
	// bytes long. Default 64 MiB; -1 disables it.
	GrowStep int64
	// FileMode is the mode of a new store file. Default 0600.
	FileMode os.FileMode
}

// DB is a store.Store in one bbolt file. Open one with Open; it is safe for
// concurrent use.
type DB struct {
	path string
	bdb  *bolt.DB
	hub  *fanout.Hub

	// mu guards closed against sends on reqs.
	mu     sync.RWMutex
	closed bool
	reqs   chan *request
	done   chan struct{} // closed when the writer returns

	growStep int64 // see reserve
	fileSize int64 // bytes of the file known to be written; writer only

	isClosed atomic.Bool
	rev      atomic.Int64 // last committed and published revision
	maxBatch int
}

var _ store.Store = (*DB)(nil)

// Open opens the store file at path, creating it if it does not exist.
//
// It fails with a clear error, naming the file, if the file is locked by
// another process, is not a bbolt database or is corrupt, is a bbolt
// database that is not a Gantry store, or has a format version newer than
// FormatVersion. Close the DB to release the file.
func Open(path string, opts Options) (_ *DB, err error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 2048
	}
	if opts.GrowStep == 0 {
		opts.GrowStep = 64 << 20
	}
	if opts.FileMode == 0 {
		opts.FileMode = 0o600
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: open %s: the file is corrupt (bbolt panicked: %v)", path, p)
		}
	}()
	if err := precheck(path, opts.LockTimeout); err != nil {
		return nil, err
	}
	bdb, err := bolt.Open(path, opts.FileMode, &bolt.Options{
		Timeout:        opts.LockTimeout,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
		// Map generously so that reads rarely wait for a remap.
		InitialMmapSize: 1 << 30,
	})
	if err != nil {
		return nil, openError(path, err, opts.LockTimeout)
	}
	db := &DB{path: path, bdb: bdb, reqs: make(chan *request, 4096), done: make(chan struct{}), maxBatch: opts.MaxBatch, growStep: opts.GrowStep}
	var rev int64
	if err := db.update(func(tx *bolt.Tx) error {
		var err error
		rev, err = initFile(path, tx)
		return err
	}); err != nil {
		bdb.Close()
		return nil, err
	}
	db.rev.Store(rev)
	db.hub = fanout.New(rev, opts.MaxWatchPending)
	go db.writer()
	return db, nil
}

// openError explains an error of bolt.Open.
func openError(path string, err error, timeout time.Duration) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("store: open %s: the file is in use by another process (its lock was not released within %v)", path, timeout)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrChecksum):
		return fmt.Errorf("store: open %s: not a Gantry store file (not a bbolt database, or its header is corrupt): %w", path, err)
	default:
		return fmt.Errorf("store: open %s: %w", path, err)
	}
}

// precheck reads every page of an existing file, read-only, before the
// read-write open. Opening read-write rebuilds the free list (which this
// store does not sync) by walking the file in a goroutine of bbolt's, where
// a corrupt page would crash the process; walking it here first, where a
// panic or a memory fault is recovered, turns that into an error.
func precheck(path string, timeout time.Duration) (err error) {
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		return nil // a new file
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: open %s: the file is corrupt (%v)", path, p)
		}
	}()
	bdb, err := bolt.Open(path, 0, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return openError(path, err, timeout)
	}
	defer bdb.Close()
	return bdb.View(func(tx *bolt.Tx) error {
		var walk func(b *bolt.Bucket)
		walk = func(b *bolt.Bucket) {
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if v == nil {
					if nb := b.Bucket(k); nb != nil {
						walk(nb)
					}
				}
			}
		}
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			walk(b)
			return nil
		})
	})
}

// initFile creates the buckets of a new file, or checks those of an existing
// one, and returns the current revision.
func initFile(path string, tx *bolt.Tx) (int64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, fmt.Errorf("store: open %s: a bbolt database but not a Gantry store file (no meta bucket)", path)
		}
		for _, b := range [][]byte{bucketKV, bucketLog, bucketMeta} {
			if _, err := tx.CreateBucket(b); err != nil {
				return 0, fmt.Errorf("store: initialize %s: %w", path, err)
			}
		}
		return 0, tx.Bucket(bucketMeta).Put(metaFormat, encodeUint(FormatVersion))
	}
	format, err := decodeUint("format", meta.Get(metaFormat))
	if err != nil || format == 0 {
		return 0, fmt.Errorf("store: open %s: the format version record is missing or corrupt (%v)", path, err)
	}
	if format > FormatVersion {
		return 0, fmt.Errorf("store: open %s: store file %s has format version %d; this Gantry supports up to %d", path, path, format, FormatVersion)
	}
	if tx.Bucket(bucketKV) == nil || tx.Bucket(bucketLog) == nil {
		return 0, fmt.Errorf("store: open %s: the kv or log bucket is missing; the file is corrupt", path)
	}
	rev, err := decodeUint("rev", meta.Get(metaRev))
	if err != nil {
		return 0, fmt.Errorf("store: open %s: %w", path, err)
	}
	return rev, nil
}

// corrupt is the error for a malformed record or a bbolt panic.
func (db *DB) corrupt(err any) error {
	return store.Errorf(apierrors.ErrInternal, "store file %s is corrupt: %v", db.path, err)
}

// view runs fn in a read transaction, turning a bbolt panic (a corrupt
// page) into an error.
func (db *DB) view(fn func(tx *bolt.Tx) error) (err error) {
	if db.isClosed.Load() {
		return errClosed
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = db.corrupt(fmt.Sprintf("bbolt panicked: %v", p))
		}
	}()
	err = db.bdb.View(fn)
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return errClosed
	}
	return err
}

// update runs fn in a write transaction, turning a bbolt panic into an
// error.
func (db *DB) update(fn func(tx *bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = db.corrupt(fmt.Sprintf("bbolt panicked: %v", p))
		}
	}()
	return db.bdb.Update(fn)
}

var errClosed = store.Errorf(store.ErrClosed, "the store is closed")

// readMeta returns the current and compacted revisions of a transaction.
func (db *DB) readMeta(tx *bolt.Tx) (rev, compacted int64, err error) {
	meta := tx.Bucket(bucketMeta)
	if rev, err = decodeUint("rev", meta.Get(metaRev)); err != nil {
		return 0, 0, db.corrupt(err)
	}
	if compacted, err = decodeUint("compacted", meta.Get(metaCompacted)); err != nil {
		return 0, 0, db.corrupt(err)
	}
	return rev, compacted, nil
}

// Get implements store.Reader.
func (db *DB) Get(ctx context.Context, key string) (store.KV, error) {
	if err := ctx.Err(); err != nil {
		return store.KV{}, err
	}
	if err := kvutil.CheckKey(key); err != nil {
		return store.KV{}, err
	}
	var kv store.KV
	err := db.view(func(tx *bolt.Tx) error {
		rec := tx.Bucket(bucketKV).Get([]byte(key))
		if rec == nil {
			return kvutil.NotFound(key)
		}
		create, mod, val, err := decodeKV(rec)
		if err != nil {
			return db.corrupt(fmt.Errorf("key %q: %w", key, err))
		}
		kv = store.KV{Key: key, Value: bytes.Clone(val), CreateRevision: create, ModRevision: mod}
		if kv.Value == nil {
			kv.Value = []byte{}
		}
		return nil
	})
	return kv, err
}

// CurrentRevision implements store.Store.
func (db *DB) CurrentRevision(ctx context.Context) (int64, error) {
	if db.isClosed.Load() {
		return 0, errClosed
	}
	return db.rev.Load(), nil
}

// Check verifies the consistency of the bbolt file (every page reachable
// once, every bucket well-formed) and of the store's records. It reads the
// whole file.
func (db *DB) Check(ctx context.Context) error {
	return db.view(func(tx *bolt.Tx) error {
		var first error
		for err := range tx.Check() { // drain: Check's goroutine sends every error
			if first == nil {
				first = db.corrupt(err)
			}
		}
		if first != nil {
			return first
		}
		rev, _, err := db.readMeta(tx)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketKV).ForEach(func(k, v []byte) error {
			if _, mod, _, err := decodeKV(v); err != nil || mod > rev {
				return db.corrupt(fmt.Sprintf("key %q: record %v, ModRevision above the current revision %d", k, err, rev))
			}
			return ctx.Err()
		}); err != nil {
			return err
		}
		return tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			r, err := decodeRevKey(k)
			if err == nil {
				_, err = decodeLog(r, v)
			}
			if err == nil && r > rev {
				err = fmt.Errorf("log revision %d above the current revision %d", r, rev)
			}
			if err != nil {
				return db.corrupt(err)
			}
			return ctx.Err()
		})
	})
}

// Path returns the path of the store file.
func (db *DB) Path() string { return db.path }

// Close implements store.Store: it waits for queued writes to be committed,
// ends every watch with store.ErrClosed and closes the file.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	close(db.reqs)
	db.mu.Unlock()
	<-db.done
	db.isClosed.Store(true)
	db.hub.Close()
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

func quote(s string) string { return strconv.Quote(s) }

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
