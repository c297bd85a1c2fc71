// Package imagelocality is the ImageLocality scheduler plugin: it favours
// nodes that already have the pod's container images, weighting each
// image's size by the share of nodes that have it (so that pods do not all
// pile onto the few nodes with a rare image).
package imagelocality
