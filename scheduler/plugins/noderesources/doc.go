// Package noderesources holds the two resource plugins of the default
// scheduler, kept together as in Kubernetes because they share the
// resource-allocation scorer:
//
//   - NodeResourcesFit (Name, New, NodeResourcesFitArgs): PreFilter computes
//     the pod's requests (framework.PodRequests: containers, sidecars,
//     init containers, overhead); Filter rejects nodes without room
//     ("Too many pods", "Insufficient cpu", "Insufficient memory",
//     "Insufficient ephemeral-storage", "Insufficient <extended resource>");
//     Score ranks nodes with the LeastAllocated (default), MostAllocated or
//     RequestedToCapacityRatio strategy.
//   - NodeResourcesBalancedAllocation (BalancedAllocationName,
//     NewBalancedAllocation, NodeResourcesBalancedAllocationArgs): Score
//     favours nodes whose resource fractions are balanced,
//     (1 - standard deviation) * MaxNodeScore.
//
// Filter and Score allocate nothing on success: per-pod data is computed
// once in PreFilter and PreScore and kept in the CycleState.
package noderesources
