// Package podtopologyspread is the PodTopologySpread scheduler plugin:
// topology spread constraints with the semantics of Kubernetes 1.32
// (maxSkew, whenUnsatisfiable, minDomains, nodeAffinityPolicy,
// nodeTaintsPolicy, matchLabelKeys) and the cluster default constraints.
//
// DoNotSchedule constraints are enforced by PreFilter/Filter: PreFilter
// counts the matching pods of the pod's namespace per topology domain on
// the eligible nodes and keeps, per constraint, the two smallest domains
// (the critical paths); Filter rejects a node when
// count(domain) + self-match − global minimum > maxSkew ("node(s) didn't
// match pod topology spread constraints"), or when the node lacks a
// topology key ("... (missing required label)", unresolvable). The global
// minimum is 0 while fewer than minDomains domains exist.
// PreFilterExtensions keep the counts right while preemption simulates
// removing pods.
//
// ScheduleAnyway constraints are scored: PreScore counts matching pods per
// domain of the feasible nodes; Score sums, per constraint,
// count·log(domains+2) + maxSkew − 1 (hostname domains are counted on the
// node itself); NormalizeScore maps the sums so that the emptiest domains
// get 100.
//
// Pods without constraints get the default constraints: with
// defaultingType System (the default), hostname maxSkew 3 and zone
// maxSkew 5, both ScheduleAnyway, and with List the configured ones. Their
// label selector is built, as in Kubernetes, from the Services selecting
// the pod and from its controller when that is a ReplicationController,
// ReplicaSet or StatefulSet. The plugin reads those objects from informers
// it builds on the Handle's Client (started in New, stopped by Close);
// without a Client (the in-process harness) there is nothing to read, so
// default constraints select no pods and are not applied.
//
// Hot paths allocate nothing per node: PreFilter counts into one flat
// array, pods are matched once per distinct selector, Filter reads the
// precomputed self-match and critical paths, and the cloned state used by
// preemption shares the per-domain counts with the original through a
// small copy-on-write overlay.
//
// PreFilter is incremental (cache.go): the plugin keeps, per signature of
// what the counts depend on (namespace; each constraint's selector,
// topology key and inclusion policies; the pod's required node affinity
// and tolerations when a policy honors them), each node's counts with the
// NodeInfo.Generation they were computed at and the per-domain sums. A
// cycle recounts only the nodes whose Generation changed (in steady
// state, the node the previous pod went to), so pods of one template
// share the work. At most 32 signatures are kept (least recently used
// evicted); the cache is safe for concurrent use, and the per-domain maps
// it hands to a state (as the shared base of the overlay) are copied
// before the cache changes them again.
package podtopologyspread
