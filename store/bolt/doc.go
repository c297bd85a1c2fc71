// Package bolt is the embedded default store.Store: one bbolt file
// (go.etcd.io/bbolt), every acknowledged write fsync'd, concurrent writers
// batched into one commit. It passes the store/storetest conformance suite.
//
// # File layout
//
// Three buckets:
//
//	kv    key -> [1][createRev u64][modRev u64][value]   the latest version of each live key
//	log   rev (u64, big-endian) -> [op][createRev u64][prevModRev u64][uvarint keyLen][key][value]
//	meta  "format" -> 1, "rev" -> current revision, "compacted" -> compacted revision
//
// Every write adds one log record under its new revision (a delete's record
// has no value: the deleted value is that of the record at prevModRev), and
// puts or deletes the key in kv, in the same transaction as the new current
// revision in meta. A file with a format version above FormatVersion is
// refused with an error naming the file and both versions.
//
// # Writes: group commit
//
// Client goroutines encode their records and queue them. One writer
// goroutine takes every queued write (up to Options.MaxBatch), applies them
// in order in one read-write transaction (each write sees the ones before
// it, so compare-and-swap is exact), commits with one fsync, publishes the
// events to the watches and then acknowledges each write. A write is thus
// acknowledged only once durable, and N concurrent writers share one fsync
// instead of waiting for a timer as bbolt's DB.Batch does. A refused write
// (conflict, not found, ...) takes no revision. A storage error fails the
// whole batch, and nothing of it is written.
//
// # Reads, snapshots and watches
//
// Get and List at the latest revision read kv in a read transaction, which
// bbolt runs concurrently with the writer. List at a past revision R (and
// every page after the first of a paginated list: the continue token holds
// R and the last key) merges kv with the log: a key written after R is read
// at the record of its version at R (the prevModRev of its first write after
// R), every other key is unchanged since R. Live watches get their events
// from the writer after each commit, through an in-memory fan-out that never
// blocks it; a watch from a past revision first replays the log, in chunks
// of short read transactions, then switches to the live events.
//
// # Compaction
//
// Compact(c) deletes the log records no read at revision c or later needs:
// every record superseded by a later write at or below c, and every delete
// record at or below c. The record of each key's version at c is kept, since
// listing at c and the previous value of the key's next write need it.
// Compaction runs as one transaction of the writer.
//
// # Failures
//
// Open fails with a clear error naming the file when another process holds
// its lock (after Options.LockTimeout), when it is not a bbolt file or is
// corrupt, or when it is not a Gantry store. bbolt panics on some corrupt
// pages; the store recovers and reports the file as corrupt instead. Check
// verifies the whole file.
package bolt
