// Package field describes paths to fields of an object ("spec.containers[0].name")
// and the validation errors found at them. Its error strings match
// Kubernetes' ("spec.replicas: Invalid value: -1: must be greater than or
// equal to 0"), so that users see the messages they know.
package field
