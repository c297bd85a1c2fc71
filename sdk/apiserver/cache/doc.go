// Package cache is the API server's watch cache.
//
// A Cache holds one store watch over the whole registry prefix and
// dispatches its events to per-resource caches. Each Resource keeps the
// latest decoded version of every object (with its JSON encoding, so lists
// are served without encoding) and a window of recent events, so that any
// number of watchers cost one store watch and a watch can resume from any
// revision still in the window. A watch from a revision older than the
// window fails with ErrTooOld (410 Gone on the wire): the client relists.
//
// Watchers never slow the dispatcher down: each has its own queue, and one
// that falls more than its limit behind is ended with ErrTooSlow.
//
// Cached entries are shared and immutable: callers must deep-copy an
// Entry's Object before changing it.
package cache
