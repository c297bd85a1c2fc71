// Package namespacelifecycle is the NamespaceLifecycle admission plugin
// (which also covers Kubernetes' NamespaceExists). It runs in the mutating
// phase, as in Kubernetes, so that its errors come before validation's:
//
//   - a create or update of a namespaced object in a namespace that does not
//     exist is refused with Kubernetes' NotFound (404)
//     `namespaces "nowhere" not found`;
//   - a create (including a create of a subresource, such as pods/binding)
//     in a Terminating namespace is refused with Forbidden: `unable to
//     create new content in namespace X because it is being terminated`,
//     with a NamespaceTerminating cause on metadata.namespace;
//   - deleting one of the immortal namespaces (default, kube-system,
//     kube-public and Gantry's gantry-system) is refused with Forbidden:
//     `namespaces "default" is forbidden: this namespace may not be
//     deleted`.
//
// Namespace objects themselves, cluster-scoped objects, deletes, updates
// (such as status updates while a namespace terminates) and access reviews
// (localsubjectaccessreviews) are never blocked.
//
// Deviation from Kubernetes: Kubernetes reads namespaces from an informer
// and, on a miss, waits 50 ms and asks the API server directly, keeping a
// short "force live lookup" list of namespaces being deleted. Gantry's
// Host.Reader is the API server's own watch cache, fresh enough that the
// plugin reads it once.
package namespacelifecycle
