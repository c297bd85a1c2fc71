// Package nodeaffinity is the NodeAffinity scheduler plugin: Filter
// enforces the pod's spec.nodeSelector and required node affinity (every
// operator, matchFields on metadata.name) and the scheduler-enforced
// addedAffinity; PreFilter narrows the nodes to those named by
// metadata.name matchFields; Score sums the weights of the matching
// preferred terms, normalised so that the best node scores MaxNodeScore.
package nodeaffinity
