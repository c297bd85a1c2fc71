// Package scheduler is Gantry's scheduler: it assigns pending pods to
// nodes through the plugins of the scheduling framework
// (scheduler/framework), following kube-scheduler's design and messages.
//
// New builds a Scheduler from a Config (zero values are defaults): one
// framework per profile (profiles are selected by spec.schedulerName and
// their plugins are changes to DefaultPlugins, built from a Registry such
// as NewDefaultRegistry), the cache of nodes and pods, and the priority
// queue. Run starts the informers (with a Client) and schedules one pod
// at a time:
//
//	Pop → snapshot update → PreFilter → Filter (parallel, stops after
//	numFeasibleNodesToFind feasible nodes, rotating the start node) →
//	[no fit: PostFilter (preemption), PodScheduled=False + FailedScheduling
//	Event, back to the queue] → PreScore → Score (parallel) →
//	NormalizeScore × weight → highest total (ties: reservoir sampling) →
//	assume in the cache → Reserve → Permit → binding goroutine:
//	WaitOnPermit → PreBind → Bind → FinishBinding → PostBind
//	(on failure: Unreserve, forget, re-queue with back-off)
//
// Without a Client (in-process use, e.g. the throughput harness) the
// caller feeds nodes and pods with AddNode, AddPod and friends and binds
// through Config.Binder.
//
// Performance: the snapshot is updated incrementally (only nodes changed
// since the previous cycle are copied), Filter and Score run on a fixed
// worker pool, the per-node loops allocate nothing of their own (status
// buffers are reused; a nil Status is success), pods' derived data
// (requests, parsed affinity terms) is computed once when they are queued,
// and failures are reported asynchronously so the loop never waits on the
// API server.
package scheduler
