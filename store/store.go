package store

import "context"

// KV is one key with its value and revisions.
type KV struct {
	// Key is the key, a non-empty string.
	Key string
	// Value is the value. It must not be modified (see the package doc).
	Value []byte
	// CreateRevision is the revision of the create that started the key's
	// current life.
	CreateRevision int64
	// ModRevision is the revision of the key's last write. For the KV of a
	// Deleted event it is the revision of the delete.
	ModRevision int64
}

// ListOptions selects a page of a List.
type ListOptions struct {
	// Limit is the largest number of KVs to return; 0 means no limit.
	// When more KVs match, ListResult.Continue is set.
	Limit int64
	// Continue is the token from a previous ListResult.Continue. The page
	// continues after the last key of the previous page, at the same
	// snapshot revision. The empty string starts a new list.
	Continue string
	// Revision is the snapshot revision to read at; 0 means the latest.
	// A revision below the compacted revision fails with ErrCompacted, one
	// above the current revision with ErrFutureRevision. With Continue set,
	// Revision must be 0 or the token's revision.
	Revision int64
}

// ListResult is one page of a List.
type ListResult struct {
	// KVs are the KVs of the page, in ascending byte order of their keys.
	KVs []KV
	// Revision is the snapshot revision the page was read at.
	Revision int64
	// Continue is the opaque token for the next page, or "" when this page
	// is the last one.
	Continue string
	// RemainingCount is the number of KVs of the snapshot after this page.
	RemainingCount int64
}

// EventType is the type of a watch event. Its values are the Kubernetes
// watch event types.
type EventType string

// The event types.
const (
	// Added is a create.
	Added EventType = "ADDED"
	// Modified is an update.
	Modified EventType = "MODIFIED"
	// Deleted is a delete.
	Deleted EventType = "DELETED"
)

// Event is one write seen by a watch.
type Event struct {
	// Type says what the write was.
	Type EventType
	// KV is the key after the write. For a Deleted event it holds the key,
	// the deleted value and its CreateRevision, and ModRevision is the
	// revision of the delete. KV.ModRevision is always the event's revision.
	KV KV
	// PrevKV is the key before the write: nil for Added, set for Deleted,
	// and set for Modified unless the previous version has been compacted
	// away (backends set it whenever it is cheap).
	PrevKV *KV
}

// Reader reads keys. Its methods are safe for concurrent use and do not
// change the store.
type Reader interface {
	// Get returns the latest version of key, or an error wrapping
	// ErrNotFound when the key does not exist.
	Get(ctx context.Context, key string) (KV, error)

	// List returns the KVs whose key starts with prefix (a raw byte prefix:
	// "/a/b" matches "/a/bc", "/a/b/" does not), in ascending key order, at
	// the snapshot revision chosen by opts. The empty prefix lists
	// everything. Pages of a paginated list (opts.Limit and opts.Continue)
	// all come from the snapshot of the first page, however many writes
	// happen in between; a continue token from a compacted revision fails
	// with ErrCompacted, a malformed one or one for another prefix with
	// ErrInvalidContinue.
	List(ctx context.Context, prefix string, opts ListOptions) (ListResult, error)
}

// Writer changes keys. Its methods are safe for concurrent use; each
// successful call is one write with its own new revision, which it returns.
// A write acknowledged by a durable backend survives a crash.
//
// If ctx ends before a write is acknowledged the method returns ctx.Err(),
// and the write may or may not have been applied (as with any remote store);
// the caller reads the key to find out. A write refused with an error other
// than a ctx error was not applied. None of the writes is idempotent: a retry
// of a Create that was applied fails with ErrAlreadyExists, and a retried
// conditional Update or Delete fails with ErrConflict or ErrNotFound.
type Writer interface {
	// Create stores value under key if the key does not exist, else fails
	// with ErrAlreadyExists. It returns the write's revision, which is the
	// key's CreateRevision and ModRevision. The store takes ownership of
	// value: the caller must not modify it afterwards (see the package doc).
	Create(ctx context.Context, key string, value []byte) (rev int64, err error)

	// Update replaces the value of an existing key (ErrNotFound if there is
	// none). With expectedModRevision 0 the update is unconditional;
	// otherwise it is applied only if the key's ModRevision equals
	// expectedModRevision, else it fails with ErrConflict
	// (compare-and-swap). It returns the write's revision. The store takes
	// ownership of value, as for Create.
	Update(ctx context.Context, key string, value []byte, expectedModRevision int64) (rev int64, err error)

	// Delete removes an existing key (ErrNotFound if there is none). With
	// expectedModRevision non-zero it is applied only if the key's
	// ModRevision equals it, else it fails with ErrConflict. It returns the
	// deleted KV and the revision of the delete.
	Delete(ctx context.Context, key string, expectedModRevision int64) (prev KV, rev int64, err error)
}

// Watcher watches for writes.
type Watcher interface {
	// Watch starts a watch on the keys starting with prefix (a raw byte
	// prefix, as for List). It delivers every write with a revision greater
	// than fromRevision, in revision order, without gaps or duplicates;
	// fromRevision 0 means "from now" (the current revision). A
	// fromRevision in the past replays the history first; one below the
	// compacted revision fails with ErrCompacted. A fromRevision in the
	// future is allowed: the watch delivers writes after it.
	//
	// The watch runs until ctx ends, Stop is called, the store is closed,
	// or the watch falls too far behind (see Watch).
	Watch(ctx context.Context, prefix string, fromRevision int64) (Watch, error)
}

// Watch is a running watch. Its lifecycle: Watch starts it; events arrive on
// Events; when it ends, for whatever reason, Events is closed and Err says
// why. Writers never wait for watchers: a watch that falls too far behind
// (its consumer does not read Events fast enough) is ended with
// ErrWatchTooSlow; the consumer then relists, or watches again from the
// revision of the last event it received.
//
// The methods are safe for concurrent use.
type Watch interface {
	// Events returns the channel of events. It is closed when the watch
	// ends.
	Events() <-chan Event

	// Err returns why the watch ended: nil while it runs and after Stop,
	// ctx.Err() when its context ended, or an error wrapping
	// ErrWatchTooSlow, ErrCompacted (the history it was replaying was
	// compacted meanwhile) or ErrClosed. Call it after Events is closed.
	Err() error

	// Stop ends the watch and releases its resources. It returns once the
	// watch has ended; it is idempotent.
	Stop()
}

// Store is a revisioned key-value store. All methods are safe for concurrent
// use. Its lifecycle: a backend's constructor opens it; it serves requests
// until Close, after which every method fails with ErrClosed.
type Store interface {
	Reader
	Writer
	Watcher

	// CurrentRevision returns the revision of the last acknowledged write,
	// 0 for an empty store.
	CurrentRevision(ctx context.Context) (int64, error)

	// Compact drops the history before rev: afterwards reads at a revision
	// below rev, continue tokens from such a revision and watches from a
	// revision below rev fail with ErrCompacted. Reads at rev and later
	// still work. Compacting at or below the already compacted revision
	// does nothing; rev above the current revision fails with
	// ErrFutureRevision.
	Compact(ctx context.Context, rev int64) error

	// Close ends every watch (with ErrClosed), waits for in-flight writes
	// and releases the store's resources. It is idempotent.
	Close() error
}
