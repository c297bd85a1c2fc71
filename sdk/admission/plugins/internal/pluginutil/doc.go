// Package pluginutil holds the small helpers the built-in admission plugins
// share: strict configuration decoding, Kubernetes' admission Forbidden error,
// and error aggregation. It is internal to sdk/admission/plugins.
package pluginutil
