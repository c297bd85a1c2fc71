// Package cache is the scheduler's cache of the cluster: one NodeInfo per
// node with the pods bound (or assumed) to it, kept from informer events,
// and the per-cycle Snapshot the plugins read.
//
// Assumed pods: when the scheduler picks a node it assumes the pod there
// (AssumePod) before binding asynchronously, so the next cycle already sees
// the node's resources as used. FinishBinding starts the pod's expiry
// clock; AddPod (the informer seeing the bound pod) confirms it; ForgetPod
// rolls it back when binding fails; Cleanup expires assumed pods whose
// binding finished more than the TTL ago without being confirmed.
//
// Snapshots are incremental: every change gives the NodeInfo a new
// Generation from the cache's counter and moves it to the head of a
// recency list, so UpdateSnapshot copies only the nodes changed since the
// snapshot's generation.
//
// A Cache is safe for concurrent use; a Snapshot is owned by the
// scheduling goroutine.
package cache
