// Package defaultbinder is the DefaultBinder scheduler plugin: it binds a
// pod by POSTing a core/v1 Binding to pods/<name>/binding through the
// framework Handle's client.
package defaultbinder
