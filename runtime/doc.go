// Package runtime will hold the node side: the CRI-shaped Runtime interface
// with its containerd and fake implementations, CNI networking, the node
// agent, the service-proxy backends and cluster DNS.
//
// Status: not implemented yet (issues 5, 6 and 9). Nothing in this package is usable.
package runtime
