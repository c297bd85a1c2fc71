// Package resourcequota is the ResourceQuota status controller: it keeps
// every quota's status.hard equal to spec.hard and status.used equal to
// the usage of the objects the quota tracks, as Kubernetes'
// resourcequota-controller does.
//
// Usage is what the ResourceQuota admission plugin charges
// (sdk/admission/plugins/resourcequota Usage and Matches), summed over the
// namespace's objects of every namespaced kind of the registry, read from
// the manager's shared caches. status.used holds exactly the resource names
// of spec.hard (a name no object uses is reported as 0).
//
// When a quota is recomputed, as in Kubernetes:
//
//   - when it is created, or its spec.hard changes, or its status.hard
//     differs from spec.hard (the admission plugin refuses what such a
//     quota tracks with "status unknown for quota" until then);
//   - when a tracked object of its namespace is deleted, or changes in a
//     way that changes its usage (a pod that terminates gives its compute
//     resources back) — "replenishment";
//   - every ResyncPeriod (5 minutes by default), for each quota;
//   - when the controller starts.
//
// Creations are not watched: the admission plugin charged them already,
// and recomputing from a cache that may not hold a just-admitted object yet
// would briefly under-count. Without the admission plugin, the periodic
// resync brings status.used up to date.
package resourcequota
