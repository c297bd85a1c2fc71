// Package interpodaffinity is the InterPodAffinity scheduler plugin: the
// required and preferred pod affinity and anti-affinity of the incoming pod
// and the required (and preferred) anti-affinity and affinity of the pods
// already running, with the semantics of Kubernetes 1.32.
//
// PreFilter counts, per topology pair (topologyKey, value):
//   - the existing pods whose required anti-affinity terms match the
//     incoming pod (only nodes from HavePodsWithRequiredAntiAffinityList
//     are visited);
//   - the existing pods matching all of the incoming pod's required
//     affinity terms, and those matching each of its anti-affinity terms.
//
// Filter then only looks the node's topology values up in those counts,
// rejecting with "node(s) didn't match pod affinity rules"
// (UnschedulableAndUnresolvable), "node(s) didn't match pod anti-affinity
// rules" or "node(s) didn't satisfy existing pods anti-affinity rules"
// (Unschedulable). A pod whose affinity terms match itself may go anywhere
// its topology keys exist while no pod in the cluster matches them (the
// first pod of a group). PreFilterExtensions update the counts when
// preemption simulates adding or removing pods.
//
// PreScore sums, per topology pair, the weights of the incoming pod's
// preferred terms matched by existing pods, of existing pods' preferred
// terms matched by the incoming pod, and hardPodAffinityWeight for
// existing pods' required affinity terms matched by the incoming pod;
// Score reads the node's pairs and NormalizeScore maps the range to
// [0, 100].
//
// Namespace selectors: Kubernetes unrolls the incoming pod's
// namespaceSelector into a namespace list with a namespace lister; Gantry's
// snapshot gives namespace labels by name, so the selector is matched
// against each existing pod's namespace labels instead (identical results
// for namespaces the snapshot knows).
//
// The precomputed counts are grouped by topology key (usually one or two),
// so Filter and Score do a couple of map lookups per node and allocate
// nothing; PreFilter and PreScore work in parallel chunks with one
// accumulator per chunk, not per node.
//
// PreFilter is incremental (cache.go): the plugin keeps, per signature
// (the incoming pod's namespace, labels and namespace labels for the
// existing pods' anti-affinity; its required terms for its own affinity
// and anti-affinity), each node's topology pair counts with the
// NodeInfo.Generation they were computed at, and the sums over the nodes.
// A cycle recounts only the nodes whose Generation changed (in steady
// state, the node the previous pod went to), so pods of one template
// share the work. The cache holds at most 32 signatures (least recently
// used evicted) and is safe for concurrent use; the sums it hands to a
// cycle's state are never changed afterwards (copy on write on both
// sides), so AddPod/RemovePod and clones for preemption work as before.
// Terms with a namespaceSelector, whose matches depend on namespace labels
// the Generations do not cover, are counted from scratch.
package interpodaffinity
