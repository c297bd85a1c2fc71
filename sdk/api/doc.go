// Package api is the root of Gantry's object model.
//
// The object model is wire-compatible with Kubernetes for the kinds Gantry
// supports: JSON field names, defaults and validation follow Kubernetes, so
// that existing manifests and clients work against a Gantry API server.
// Nothing under sdk/api imports any other Gantry package outside sdk/api.
//
// Subpackages:
//
//   - meta: TypeMeta, ObjectMeta, ListMeta, Status, timestamps, the Object interface
//   - field: field paths and validation error lists
//   - errors: error classes (NotFound, Conflict, Invalid, ...) and their Status form
//   - labels, fields: label and field selectors
//   - resource: resource quantities
//   - intstr: IntOrString
//   - registry: the Registry of kinds (GVK, resource names, strategy, table columns)
//   - codec: JSON and YAML decoding and encoding through a Registry
//   - core/v1, apps/v1, batch/v1, ...: the built-in kinds
//   - builtin: registration of every built-in kind into a Registry
package api
