// Package limitranger is the LimitRanger admission plugin: it applies the
// LimitRange objects of a pod's namespace, as Kubernetes does.
//
// In the mutating phase (Admit) every container and init container gets, for
// each resource it leaves unset, the limit from default and the request from
// defaultRequest of every LimitRange item of type Container; the pod is
// annotated kubernetes.io/limit-ranger with what was set ("LimitRanger plugin
// set: cpu, memory request for container web; ...").
//
// In the validating phase (Validate) min, max and maxLimitRequestRatio are
// enforced per container (type Container: each app and init container) and
// per pod (type Pod: the pod's effective requests and limits, counting init
// containers and sidecars as the scheduler does, without overhead). Violations are
// refused with Forbidden and Kubernetes' messages, all of them at once:
//
//	pods "web" is forbidden: minimum cpu usage per Container is 100m, but request is 50m
//	pods "web" is forbidden: [maximum memory usage per Container is 1Gi, but limit is 2Gi, ...]
//
// Like Kubernetes, only pod creates are handled: a pod's containers cannot
// change on update, and pods being deleted are skipped. Subresources are
// ignored.
//
// Deviations from Kubernetes: the PersistentVolumeClaim limit type is not
// enforced (Gantry has no PersistentVolumeClaim kind yet) and neither is
// the pods/resize subresource (no in-place resize). Violations are listed
// in a stable order (by limit item, container, resource name) where
// Kubernetes' order follows map iteration.
package limitranger
