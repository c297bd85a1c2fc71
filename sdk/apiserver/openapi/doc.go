// Package openapi builds and serves the OpenAPI v3 documents of a Gantry API
// server, in the shape Kubernetes serves them, so that kubectl and other
// Kubernetes clients can read them.
//
// kubectl 1.32 fetches /openapi/v3 before apply and create, and stops unless
// told --validate=false when it is missing. From the group version's
// document it learns that the server validates fields itself (the
// fieldValidation parameter of the kind's patch operation), and then sends
// fieldValidation=Strict and leaves unknown fields to the server; kubectl
// explain and kubectl apply's strategic merge patches find a kind's schema
// by its x-kubernetes-group-version-kind extension.
//
// # Building
//
// Build (or Builder.Build) walks a registry.Registry once and produces a
// Spec: the root discovery document, which maps each group version to the
// URL of its document with a hash,
//
//	{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=8C2D..."},
//	          "apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=..."}}}
//
// and one self-contained OpenAPI 3.0 document per group version with:
//
//   - paths for every resource: list, create and delete collection of the
//     collection (in a namespace, and listed across namespaces, for
//     namespaced kinds); read, replace, patch and delete of an object; read,
//     replace and patch of the status and scale subresources; the deprecated
//     /watch/ paths. Each operation carries x-kubernetes-action and
//     x-kubernetes-group-version-kind and Kubernetes' query parameters
//     (dryRun, fieldManager and fieldValidation on writes, force on patches,
//     the selectors, paging, resourceVersion and watch parameters on lists,
//     the deletion parameters on deletes); patches list the patch content
//     types in their request body.
//   - components.schemas for every kind, its list, and the types they use,
//     plus Status, DeleteOptions, WatchEvent, Patch and, with a scale
//     subresource, autoscaling/v1 Scale. Kinds and lists carry
//     x-kubernetes-group-version-kind.
//
// Schemas come from the kinds' Go types by reflection, at build time only:
// structs by their JSON fields (embedded structs without a JSON name are
// inlined, `json:"-"` fields skipped), pointers unwrapped, slices as arrays,
// maps with additionalProperties, []byte as base64 strings. Named struct
// types become component schemas referred to by $ref, so recursive types
// are fine. meta.Time and meta.MicroTime are date-time strings, meta.Duration
// a string, resource.Quantity and intstr.IntOrString the int-or-string
// schemas Kubernetes publishes, json.RawMessage and meta.FieldsV1 objects
// with x-kubernetes-preserve-unknown-fields. Other types with their own
// MarshalJSON or MarshalText are strings unless they say otherwise through
// an OpenAPISchemaType() []string method (and OpenAPISchemaFormat() string),
// as in Kubernetes. The struct tags patchStrategy and patchMergeKey become
// x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key (a merge key
// also makes the list x-kubernetes-list-type map). Descriptions come from a
// type's SwaggerDoc() map[string]string method, Kubernetes' convention,
// where it has one. No field is marked required.
//
// Schema names follow Kubernetes for the types of Gantry's object model that
// mirror Kubernetes ones (io.k8s.api.core.v1.Pod,
// io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta,
// io.k8s.apimachinery.pkg.api.resource.Quantity, ...). A product's own types
// are named after their Go package, host reversed:
// github.com/acme/edge/api/v1.Widget is com.github.acme.edge.api.v1.Widget,
// unless Builder.PackageNames says otherwise.
//
// A document's hash is the upper-case hex SHA-512 of its bytes, as in
// Kubernetes. Building twice from the same registry gives the same bytes.
//
// # Serving
//
// Handler serves a Spec's bytes: the root at /openapi/v3 and the documents
// at /openapi/v3/<path>, with the hash as ETag, If-None-Match answered with
// 304 and, for a URL that names the current hash, Cache-Control "public,
// immutable". /openapi/v2 is not served (404): kubectl 1.32 reads v3 and
// only falls back to v2 when v3 is missing.
package openapi
