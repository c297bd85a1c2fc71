// Package queue is the scheduler's queue of pods waiting to be scheduled,
// modelled on kube-scheduler's PriorityQueue:
//
//   - activeQ: a heap ordered by the profile's QueueSort plugin; Pop blocks
//     until it has a pod.
//   - backoffQ: pods that failed recently, ordered by the end of their
//     back-off (initial back-off doubling per attempt up to the maximum);
//     FlushBackoffQCompleted moves the expired ones to activeQ.
//   - the unschedulable pool: pods rejected by plugins. A cluster event moves
//     a pod back only when one of the plugins that rejected it registered a
//     matching event and its QueueingHintFn answers Queue (or it has none).
//     FlushUnschedulablePodsLeftover moves pods that waited longer than
//     the maximum (5 min) regardless.
//   - gated pods: pods a PreEnqueue plugin rejects wait in the
//     unschedulable pool (Gated) and are re-checked on matching events and
//     on their own updates.
//   - the nominator: pods nominated to nodes by preemption.
//
// Pods being scheduled are "in flight" between Pop and Done: their updates
// and deletion are remembered and applied when they are re-queued.
//
// A PriorityQueue is safe for concurrent use.
package queue
