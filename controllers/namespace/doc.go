// Package namespace is the namespace controller: it empties a namespace
// that is being deleted and then releases it, as Kubernetes'
// namespace-controller does.
//
// A namespace being deleted has a deletionTimestamp and, until this
// controller is done, the "kubernetes" finalizer in spec.finalizers. For
// such a namespace the controller:
//
//  1. sets status.phase to Terminating (the NamespaceLifecycle admission
//     plugin then refuses new objects in it);
//  2. deletes every object of every namespaced kind of the registry in it,
//     one DeleteCollection per kind with propagationPolicy Background;
//  3. waits until they are gone: it lists each kind again, and is queued
//     again when an object of the namespace disappears (and, as a safety
//     net, after an estimate of the time left);
//  4. removes "kubernetes" from spec.finalizers, after which the API server
//     deletes the namespace (once no other finalizer remains).
//
// Objects that are deleted gracefully or have finalizers keep the
// namespace Terminating until they are gone. Pods never bound to a node go
// at once; a pod bound to a node waits for its node agent to stop it and
// confirm the deletion (its grace period, 30 s by default), so a namespace
// with pods on a node whose agent is gone stays Terminating until those
// pods are deleted with --grace-period=0 --force — as in Kubernetes.
// Objects with a finalizer nobody removes block it likewise.
//
// Step 4 uses the namespaces/{name}/finalize subresource, as Kubernetes'
// controller does; against a server without it, the controller falls back
// to an update of the namespace with the finalizer removed.
//
// The NamespaceDeletion* status conditions of Kubernetes are not set yet;
// failures are logged and retried with back-off.
package namespace
