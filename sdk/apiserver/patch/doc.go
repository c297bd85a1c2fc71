// Package patch applies the PATCH requests of the Kubernetes API to stored
// JSON objects: RFC 6902 JSON Patch, RFC 7386 JSON Merge Patch and
// Kubernetes' strategic merge patch, with Kubernetes' semantics, so that
// every patch kubectl sends works against Gantry's API server.
//
// Apply dispatches on the request's Content-Type:
//
//   - application/json-patch+json (JSONPatch): a list of add, remove,
//     replace, move, copy and test operations on JSON Pointer paths, applied
//     all or nothing. `kubectl rollout undo` and `kubectl patch --type json`
//     send these.
//   - application/merge-patch+json (MergePatch): the patch object is merged
//     into the document; null deletes; arrays and other values replace.
//     `kubectl label`, `annotate` and `scale` send these, and `kubectl
//     apply` does for kinds it has no Go type for.
//   - application/strategic-merge-patch+json (StrategicMergePatch): a merge
//     patch whose lists merge by key where the kind's Schema says so
//     (containers by name, ports by containerPort, finalizers as a set), with
//     the directives $patch (replace, delete, merge), $retainKeys,
//     $deleteFromPrimitiveList/<field> and $setElementOrder/<field>.
//     `kubectl apply` (client-side), `kubectl set image`, `kubectl rollout
//     pause/resume/restart`, `kubectl patch` (its default type) and the
//     kubelet send these.
//
// A strategic merge patch needs the kind's Schema: SchemaFromType reads it
// from the patchStrategy and patchMergeKey struct tags of a Go type, as
// Kubernetes does. A kind served as raw JSON, without a Go type, has no
// schema, and its strategic merge patches are refused with the error of
// StrategicMergeNotSupported (415, as Kubernetes answers for custom
// resources; kubectl then sends a merge patch).
//
// Not supported:
//   - server-side apply (application/apply-patch+yaml): refused with
//     ErrUnsupportedMedia and ErrNotSupported; use client-side
//     `kubectl apply`;
//   - creating patches (CreateTwoWayMergePatch, CreateThreeWayMergePatch):
//     clients compute them;
//   - negative JSON Patch array indexes, which RFC 6902 does not allow
//     (Kubernetes' library accepts them).
//
// Inputs are bounded: documents and patches may nest at most MaxDepth
// levels, a JSON Patch holds at most MaxJSONPatchOperations operations and
// its copies may grow the document by at most MaxCopyBytes. Merging lists
// indexes them by key, so large lists cost O(n log n), not O(n²).
//
// Errors belong to the classes of package sdk/api/errors (ErrBadRequest for
// a malformed patch, ErrInvalid for a JSON Patch that does not apply, as
// Kubernetes answers 422); apierrors.ToStatus turns them into the Status the
// client receives. Every function is safe for concurrent use and leaves its
// arguments unmodified.
package patch
