// Package sdk is what a product imports to build its own orchestrator.
//
//   - sdk/api: the object model (kinds, metadata, selectors, quantities,
//     the kind Registry and codecs), wire-compatible with Kubernetes
//
// The API server, the client toolkit, admission, the plugin contracts and
// the host arrive in later issues.
package sdk
