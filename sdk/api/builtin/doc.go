// Package builtin registers Gantry's built-in kinds (the Kubernetes kinds
// Gantry supports) into a registry.Registry, through the same public
// registration API a product uses for its own kinds.
package builtin
