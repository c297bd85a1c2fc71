// Package resourcequota is the ResourceQuota admission plugin, and the usage
// functions a ResourceQuota status controller shares with it.
//
// The plugin is a validator (it runs last among validators in the default
// order, so that it charges only requests everything else accepted). On
// the create (and, where usage can change, update) of an object in a
// namespace that has ResourceQuota objects it:
//
//  1. finds the quotas that track the object: the quota limits a resource
//     the object uses, and the object matches all of the quota's scopes
//     (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass
//     and CrossNamespacePodAffinity, from spec.scopes and spec.scopeSelector;
//     only pods match scoped quotas);
//  2. refuses a pod that does not state, in every container, the cpu and
//     memory requests and limits such a quota constrains:
//     `failed quota: compute: must specify limits.cpu for: nginx; requests.cpu for: nginx`;
//  3. computes the object's usage (Usage) — on update, the increase over the
//     stored object — and refuses the request if any quota would go over:
//     `exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=1, limited: requests.cpu=2`;
//  4. otherwise adds the usage to status.used of every such quota through
//     Host.Writer.UpdateStatus, with the quota's resourceVersion as
//     precondition; on a failed write it re-reads the quotas that failed and
//     re-checks against them, a bounded number of times, so that concurrent
//     requests never take a quota over its limit. Dry-run requests are
//     checked but nothing is written.
//
// Requests in one namespace are evaluated one at a time (Kubernetes queues
// them per namespace); a quota written by the plugin is remembered until the
// Host.Reader (the API server's cache) shows it, so back-to-back requests do
// not evaluate against a cache that lags the plugin's own writes.
//
// Tracked usage: object counts for every namespaced resource as
// count/<resource>[.<group>] (count/pods, count/deployments.apps) and the
// legacy names pods, services, configmaps, secrets, replicationcontrollers,
// resourcequotas and persistentvolumeclaims; for pods that have not
// terminated, cpu, memory, ephemeral-storage with their requests.* and
// limits.* forms, huge pages and extended resources (requests.<name>); for
// services, services.nodeports and services.loadbalancers. Events, virtual
// resources (bindings, reviews) and subresources are never charged. Deletes
// are not handled: like Kubernetes, the status controller gives usage back
// when it recomputes status.used.
//
// A request that the plugin charged but that then fails to be stored stays
// charged until the status controller recomputes usage, as in Kubernetes.
//
// Deviations from Kubernetes:
//
//   - A quota whose status.hard is not set yet (no status controller has
//     synced it) is enforced against spec.hard, which refuses every request
//     it tracks with `status unknown for quota: compute, resources:
//     requests.cpu` until status.used is computed. Kubernetes matches quotas
//     on status.hard only, so it lets such requests through uncounted; the
//     same "status unknown" refusal happens there when status.hard names a
//     resource status.used lacks, and does here too.
//   - Gantry has no PersistentVolumeClaim kind yet: claims are counted
//     (persistentvolumeclaims, count/persistentvolumeclaims) but
//     requests.storage and per-storage-class quotas are not.
//   - There is no plugin configuration (Kubernetes' LimitedResources, which
//     requires a covering quota for some resources, is not supported), and
//     no pods/resize subresource.
package resourcequota
