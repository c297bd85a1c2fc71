// Package garbagecollector is the garbage collector: it deletes objects
// whose owners are gone and carries out the foreground and orphan
// deletion of owners, from the ownerReferences of every object of every
// kind of the registry (namespaced and cluster-scoped; events excepted), as
// Kubernetes' garbage collector does.
//
// It keeps a graph of owner → dependents, by UID, from the manager's
// shared caches, and reconciles objects by UID (a request's Name holds the
// UID). What happens, by the owner's deletion:
//
//   - Background (the default; kubectl delete --cascade=background): the
//     API server deletes the owner at once; its dependents, whose owner
//     references now dangle, are deleted (with propagation Background, or
//     the policy their own orphan/foregroundDeletion finalizer asks for).
//     A dependent is only deleted when none of its owners exists: an owner
//     reference whose owner is gone while another owner remains is removed
//     from the dependent instead.
//   - Foreground (--cascade=foreground): the API server marks the owner
//     with a deletionTimestamp and the foregroundDeletion finalizer; the
//     collector deletes its dependents (with propagation Foreground when
//     they have dependents of their own, so the whole tree goes bottom-up),
//     waits until no dependent with blockOwnerDeletion=true remains, then
//     removes the finalizer and the API server deletes the owner.
//   - Orphan (--cascade=orphan): the API server marks the owner with the
//     orphan finalizer; the collector removes the owner's reference from
//     every dependent (a JSON merge patch with resourceVersion and uid
//     preconditions), then removes the finalizer.
//
// An owner with either finalizer but no dependents just gets the finalizer
// removed. Owners are matched by UID: an owner deleted and created again
// under the same name is another owner, and its predecessor's dependents
// are collected. An owner the caches do not know is looked up in the API
// before a dependent is deleted, and every delete is conditional on the
// dependent's UID and resourceVersion, so a dependent adopted meanwhile is
// not deleted.
//
// Like Kubernetes' collector, it sees dependents through its caches: a
// dependent created an instant before its owner is deleted in the
// foreground or orphan mode may not be in the graph yet, and is then
// collected as a dependent of a missing owner once the owner is gone.
//
// Deviations from Kubernetes: objects are cached whole (not metadata only);
// an ownerReference naming a kind the registry does not know, or a
// namespaced owner of a cluster-scoped object, is logged and left alone
// (Kubernetes retries the former and reports the latter as an event); the
// cycle breaking of foreground deletion (unblocking owner references of a
// dependent that is itself waiting for its dependents) is not done.
package garbagecollector
