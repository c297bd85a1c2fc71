// Package perf is the scheduler's throughput harness (issue 4), in the
// spirit of Kubernetes' scheduler_perf: N fake nodes, M initial pods
// scheduled before the measurement (excluded from the figure), then K
// measured pods, reported in pods/s as scheduler_perf's
// SchedulingThroughput (the average over the measured phase) with the
// p50 and p99 of the per-second throughput.
//
// # The command
//
// From the repository root:
//
//	go run ./scheduler/perf/cmd/schedperf -workload SchedulingBasic -variant e2e
//	go run ./scheduler/perf/cmd/schedperf -workload all -variant all -count 3
//
// prints one line per run and a summary table (median pods/s and spread).
// -cpuprofile FILE profiles the measured phase; -small runs the
// TestHarnessSmall sizes. See docs/benchmarks.md ("Scheduler throughput") for the figures.
//
// # Variants
//
// E2E (the headline figure): a real API server (sdk/apiserver) on the
// bbolt store (store/bolt, in a temporary folder, every write fsync'd)
// with the default admission chain; the scheduler runs with its own client
// (informers, bindings through pods/binding) over 127.0.0.1 TCP (or the
// in-process loopback transport with -transport loopback); nodes and pods
// are created through the API by CreateWorkers goroutines so that creation
// is not the bottleneck. The measurement runs from the first measured pod
// created to the last binding persisted, seen on a watch.
//
// InProcess: the scheduler alone. Config.Client is nil; the harness feeds
// it with AddNode and AddPod, and its Binder "binds" by handing the
// scheduler the bound copy of the pod (UpdatePod, as the pod informer
// would). Preemption victims are deleted when DefaultPreemption records
// their Preempted Event (there is no API server to delete them).
//
// # Workloads
//
// Workloads mirrors scheduler_perf's configurations (sizes of its
// "performance" cases): SchedulingBasic, NodeAffinity, TaintToleration,
// PodTopologySpread, InterPodAntiAffinity, Churn (unschedulable pods and
// node churn) and Preemption. Pods are scheduler_perf's pod-default
// (one container requesting 100m cpu and 500Mi), nodes its node-default
// (4 cpu, 32Gi, 110 pods) labelled with hostname and one of three zones.
//
// # Correctness
//
// After each run Check verifies, independently of the scheduler, that
// every measured pod is bound, no node is overcommitted, node affinity,
// taints, required anti-affinity and DoNotSchedule spread constraints hold;
// a violation fails the run.
package perf
