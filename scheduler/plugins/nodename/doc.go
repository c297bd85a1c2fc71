// Package nodename is the NodeName scheduler plugin: a pod with
// spec.nodeName set fits only the node of that name.
package nodename
