// Package memory is an in-memory store.Store, for tests and for hosts that
// need no persistence. It passes the store/storetest conformance suite.
//
// # Design
//
// One lock guards the state. Each key has an entry holding its versions
// since the last compaction (a deletion is a tombstone version); entries are
// found by key through a map and in key order through a chunked sorted
// index, so a create costs a map insert and an insert into one chunk of at
// most a few hundred entries. A log of every event since the last compaction,
// indexed by revision, serves watches that start in the past; live events
// are handed to the watches without blocking the writer. List at a past
// revision picks, for each key of the prefix, the last version at or below
// that revision.
//
// Values are never copied: the store keeps the slice passed to Create or
// Update (it owns it, see store.Writer) and hands it out from Get, List and
// watches, where it must not be modified.
package memory
