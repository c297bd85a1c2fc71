// Package scheduler will hold Gantry's scheduling framework: the queue,
// the cache and per-cycle snapshot, the extension points (QueueSort,
// PreEnqueue, PreFilter, Filter, PostFilter, PreScore, Score, Reserve,
// Permit, PreBind, Bind, PostBind), the default plugins and the throughput
// harness.
//
// Status: not implemented yet (issue 4). Nothing in this package is usable.
package scheduler
