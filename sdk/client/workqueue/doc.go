// Package workqueue is a work queue for controllers: items are
// deduplicated (an item added many times before it is processed is
// processed once), never processed by two workers at once (an item added
// while processing is re-queued when Done), can be added after a delay, and
// can be rate limited per item (exponential back-off) and overall (token
// bucket).
//
// Lifecycle: New, then workers loop on Get → process → Done (and Forget on
// success or AddRateLimited on failure); ShutDown makes Get return
// shutdown=true once the queue is drained of waiting items.
package workqueue
