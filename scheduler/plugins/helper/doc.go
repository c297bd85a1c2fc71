// Package helper holds the helpers the default scheduler plugins share,
// with the semantics of Kubernetes' scheduler helpers and of
// k8s.io/component-helpers/scheduling/corev1 (and its nodeaffinity
// package):
//
//   - node selectors: NodeSelector (strict), LazyErrorNodeSelector,
//     MatchNodeSelectorTerms, NodeMatchesNodeSelector, the pod's
//     RequiredNodeAffinity (spec.nodeSelector plus required node affinity)
//     and PreferredSchedulingTerms (weighted preferred node affinity);
//   - taints: TolerationsTolerateTaint, FindMatchingUntoleratedTaint,
//     DoNotScheduleTaintsFilterFunc;
//   - scores: DefaultNormalizeScore and the broken-linear FunctionShape used
//     by RequestedToCapacityRatio;
//   - PodPriority, and As for the objects a QueueingHintFn receives.
//
// Subpackage schedtest has the pod and node builders, NodeInfos, Snapshot
// and Handle fakes the plugin tests and benchmarks use.
//
// Everything here is safe for concurrent use once built; the parsed
// selectors are immutable. Matching allocates nothing.
package helper
