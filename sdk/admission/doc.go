// Package admission defines admission plugins: code that sees every write
// to the API server after decoding and defaulting, and may change it
// (mutating) or refuse it (validating).
//
// The API server runs, for each create, update and delete (and connect):
// every Mutator in the configured order, then validation of the object,
// then every Validator in order. The first error ends the request: the
// client sees the plugin's error (a Forbidden status by default; a plugin
// may return any error class from sdk/api/errors).
//
// A plugin implements Plugin plus Mutator, Validator, or both; the chain
// finds them by type assertion. Plugins are built by a Factory from a
// Registry (no global registration), configured by name and order.
//
// Built-in plugins live in sub-packages of sdk/admission/plugins.
package admission
