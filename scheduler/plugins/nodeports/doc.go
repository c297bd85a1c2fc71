// Package nodeports is the NodePorts scheduler plugin: a pod fits a node
// only if none of its host ports (hostIP, protocol, hostPort; the empty
// or 0.0.0.0 host IP conflicting with every IP) is in use there.
package nodeports
