// Package store defines Gantry's revisioned key-value store: the only thing
// the API server talks to for persistence.
//
// The contract is etcd's, reduced to what an API server needs. Keys are
// strings (the API server uses paths such as /registry/pods/default/nginx);
// values are opaque bytes. Every successful write (create, update, delete)
// gets a new global revision: revisions start at 1, grow by exactly one per
// write and never repeat. A key's ModRevision is the revision of its last
// write and becomes the object's resourceVersion; its CreateRevision is the
// revision of the create that started its current life (a key deleted and
// created again gets a new CreateRevision).
//
// A Store is built from narrow roles: Reader (Get, List), Writer (Create,
// Update, Delete) and Watcher (Watch), plus CurrentRevision, Compact and
// Close. Backends live in sub-packages: store/bolt (the embedded default, one
// fsync'd file) and store/memory (for tests and ephemeral hosts). Every
// backend passes the conformance suite in store/storetest.
//
// # History, snapshots and compaction
//
// A store keeps the history of every write since its last compaction. It
// serves three things from it: List at a past revision (ListOptions.Revision),
// paginated lists whose pages all come from the snapshot of the first page
// (the continue token carries that revision), and watches that start in the
// past (Watch with a fromRevision below the current one). Compact(rev) drops
// the history before rev: reads at a revision below rev, continue tokens from
// such a revision and watches from a revision below rev fail with
// ErrCompacted, which is of class errors.ErrGone (HTTP 410 Gone); the client
// relists.
//
// # Errors
//
// Every error a Store returns for a request it refused wraps one of the
// sentinels of this package (ErrNotFound, ErrAlreadyExists, ErrConflict,
// ErrCompacted, ...), and each sentinel wraps a class of
// github.com/gantryhq/gantry/sdk/api/errors, so both
// errors.Is(err, store.ErrConflict) and errors.Is(err, apierrors.ErrConflict)
// hold. Messages name the key and the revisions involved.
//
// # Values are shared
//
// A Value returned by Get, List or a watch Event may be shared with the store
// and with other callers: it must not be modified. The store takes ownership
// of the value passed to Create or Update: a backend may keep that slice
// (the memory backend does, instead of copying it) and hand it out from Get,
// List and watch events, so the caller must not modify it afterwards. Passing
// one unmodified slice to several writes is allowed. A backend never modifies
// a value it was given.
package store
