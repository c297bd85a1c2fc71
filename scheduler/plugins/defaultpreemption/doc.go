// Package defaultpreemption is the DefaultPreemption PostFilter plugin:
// Kubernetes 1.32's preemption. When no node fits a pod whose
// preemptionPolicy is not Never, it looks for nodes where removing pods of
// lower priority makes the pod fit, picks the cheapest one and evicts the
// victims there.
//
// The steps, as in Kubernetes' preemption Evaluator:
//
//  1. Eligibility: preemptionPolicy Never, or a lower-priority pod still
//     terminating by preemption on the pod's nominated node, stop here.
//  2. Candidates: among the nodes the filters found Unschedulable (never
//     UnschedulableAndUnresolvable ones), a dry run starting at a random
//     offset evaluates each node on a cloned NodeInfo and CycleState:
//     every lower-priority pod is removed (through the PreFilter
//     extensions), the filters must then pass (with nominated pods), and
//     victims are reprieved one by one, highest priority first, while the
//     pod still fits. The run stops once max(minCandidateNodesAbsolute,
//     minCandidateNodesPercentage% of the nodes) candidates were found.
//  3. Selection: fewest PodDisruptionBudget violations (Gantry has no
//     PDBs: always 0), then the lowest highest-victim priority, the
//     smallest sum of priorities, the fewest victims, the latest start
//     time of the highest-priority victims, then the first candidate.
//  4. Preparation: each victim gets the DisruptionTarget condition
//     (reason PreemptionByScheduler) and is deleted, with a Preempted
//     Event (a victim held by a Permit plugin is rejected instead);
//     lower-priority pods nominated to the node lose their nomination;
//     the preemptor's status.nominatedNodeName is set.
//
// PostFilter returns the chosen node as PostFilterResult.NominatedNodeName.
// Failures are reported as Kubernetes does, with the "preemption: " prefix:
// "preemption: 0/5 nodes are available: 2 Insufficient cpu, 3 Preemption
// is not helpful for scheduling."
package defaultpreemption
